//! Gradient descent on the exact expected loss, step by step (theory/notes/linear.md,
//! Eq. L30): the deterministic counterpart of the SGD a simulation runs.
//!
//! The gradient flow of [`super::integrate_flow`] is the limit of small steps. In the slow
//! phase of Fig. 10 the learning rate `eta` meets a bias curvature of order `N` (the fast
//! phase runs at `eta / N` for that reason), so one SGD step moves the bias-carrying
//! coefficients by a finite fraction (`eta N ~ 0.5` at the published set-up) and the
//! discrete steps and the flow part early in the slow phase. This module takes the same
//! discrete steps as the training:
//!
//! ```text
//! M_{tau+1} = M_tau - eta_phase dL/dM (M_tau),   eta_fast = eta / N, eta_slow = eta   (L30)
//! ```
//!
//! in the rank-two subspace (exact from `W0 = U M0 U^T`, as for the flow), with either time
//! model. The sampling loop ([`descend`]) also drives the SGD moment equations of
//! [`super::sgd_moments`].

use super::curves::{CurvePoint, LearningCurves, TwoPhaseCurves};
use super::euler::TimeModel;
use super::flow::phases;
use super::task::{LinearTask, Schedule};
use super::LinearError;
use nalgebra::{Matrix2, Vector2};

/// The state of a learner at one learning step.
pub(super) struct Sample {
    /// `L_bias` (expected over the learner's spread, if any).
    pub l_bias: f64,
    /// `L_var` (likewise).
    pub l_var: f64,
    /// The (mean) coefficients `M`.
    pub m: Matrix2<f64>,
    /// The mean state `x_bar` at `M`.
    pub x_bar: Vector2<f64>,
}

/// A step-by-step learner in the rank-two subspace.
pub(super) trait Learner {
    /// Returns the state now (`record` says whether it is sampled), then takes one step at
    /// learning rate `eta` if one is given.
    fn visit(&mut self, eta: Option<f64>, record: bool) -> Result<Sample, LinearError>;
}

/// Runs `learner` through both phases of `schedule`, sampling at
/// [`Schedule::sample_times`] (rounded to whole steps); `dx_norm` is measured from the
/// first state.
pub(super) fn descend(
    task: &LinearTask,
    schedule: &Schedule,
    learner: &mut impl Learner,
) -> Result<TwoPhaseCurves, LinearError> {
    let mut x0 = None;
    let mut out = TwoPhaseCurves::default();
    for (k, (_, eta, steps)) in phases(task, schedule).into_iter().enumerate() {
        let mut wanted: Vec<u64> = schedule
            .sample_times(steps)
            .iter()
            .map(|t| t.round() as u64)
            .collect();
        wanted.dedup();
        let mut curves = LearningCurves::default();
        let mut next = 0;
        for tau in 0..=steps {
            let record = next < wanted.len() && wanted[next] == tau;
            let s = learner.visit((tau < steps).then_some(eta), record)?;
            let x0 = *x0.get_or_insert(s.x_bar);
            if record {
                curves.push(CurvePoint {
                    tau: tau as f64,
                    l_bias: s.l_bias,
                    l_var: s.l_var,
                    m: s.m,
                    dx_norm: (s.x_bar - x0).norm(),
                });
                next += 1;
            }
        }
        if k == 0 {
            out.fast = curves;
        } else {
            out.slow = curves;
        }
    }
    Ok(out)
}

/// Plain gradient descent (Eq. L30).
struct Descent<'a> {
    task: &'a LinearTask,
    time: TimeModel,
    m: Matrix2<f64>,
}

impl Learner for Descent<'_> {
    fn visit(&mut self, eta: Option<f64>, _record: bool) -> Result<Sample, LinearError> {
        let m = self.m;
        let loss = self
            .task
            .subspace_network(m)
            .loss_in(self.task.target, self.time)?;
        if let Some(eta) = eta {
            self.m -= loss.grad() * eta;
        }
        Ok(Sample {
            l_bias: loss.l_bias,
            l_var: loss.l_var,
            m,
            x_bar: loss.x_bar,
        })
    }
}

/// Runs Eq. L30 through both phases of `schedule` from `M0`, recording every step at the
/// sample times of [`Schedule::sample_times`] (rounded to whole steps). `dx_norm` is
/// measured from the mean state at `M0`.
///
/// ```
/// use nalgebra::Matrix2;
/// use oblique_theory::linear::{gradient_descent, integrate_flow, FlowOptions, LinearTask, Schedule, TimeModel};
/// let task = LinearTask { n: 256, rho_sqrt_n: -0.5, sigma: 1.0, target: 1.0 };
/// // small steps: gradient descent follows the flow
/// let schedule = Schedule { lr: 0.0002, fast_steps: 1000, slow_steps: 2000, samples: 11 };
/// let gd = gradient_descent(&task, &schedule, Matrix2::zeros(), TimeModel::Continuous).unwrap();
/// let flow = integrate_flow(&task, &schedule, &FlowOptions::default(), &mut |_| {}).unwrap();
/// let (a, b) = (gd.slow.last().unwrap(), flow.slow.last().unwrap());
/// assert!((a.m - b.m).norm() < 1e-3);
/// ```
pub fn gradient_descent(
    task: &LinearTask,
    schedule: &Schedule,
    m0: Matrix2<f64>,
    time: TimeModel,
) -> Result<TwoPhaseCurves, LinearError> {
    task.validate()?;
    schedule.validate()?;
    time.validate()?;
    if m0.iter().any(|v| !v.is_finite()) {
        return Err(LinearError::NonFiniteEntry { which: "M" });
    }
    descend(task, schedule, &mut Descent { task, time, m: m0 })
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::linear::{integrate_flow, FlowOptions};

    fn task() -> LinearTask {
        LinearTask {
            n: 64,
            rho_sqrt_n: -0.5,
            sigma: 1.0,
            target: 1.0,
        }
    }

    /// One step by hand, and the continuous limit: halving the learning rate while doubling
    /// the steps halves the distance to the flow (first order in eta).
    #[test]
    fn one_step_and_the_flow_limit() {
        let t = task();
        let time = TimeModel::Euler { dt: 0.2 };
        let s1 = Schedule {
            lr: 0.01,
            fast_steps: 1,
            slow_steps: 1,
            samples: 2,
        };
        let gd = gradient_descent(&t, &s1, Matrix2::zeros(), time).unwrap();
        let g0 = t
            .subspace_network(Matrix2::zeros())
            .loss_in(1.0, time)
            .unwrap()
            .grad();
        let m1 = -g0 * (0.01 / 64.0);
        assert!((gd.fast.last().unwrap().m - m1).norm() < 1e-16);
        let g1 = t.subspace_network(m1).loss_in(1.0, time).unwrap().grad();
        assert!((gd.slow.last().unwrap().m - (m1 - g1 * 0.01)).norm() < 1e-16);
        let options = FlowOptions {
            time,
            ..FlowOptions::default()
        };
        let at = |lr: f64, k: u64| {
            let s = Schedule {
                lr,
                fast_steps: 100 * k,
                slow_steps: 200 * k,
                samples: 3,
            };
            let gd = gradient_descent(&t, &s, Matrix2::zeros(), time).unwrap();
            let flow = integrate_flow(&t, &s, &options, &mut |_| {}).unwrap();
            (gd.slow.last().unwrap().m - flow.slow.last().unwrap().m).norm()
        };
        let (d1, d2) = (at(0.002, 1), at(0.001, 2));
        assert!(d1 > 1e-6 && (d1 / d2 - 2.0).abs() < 0.15, "{d1} {d2}");
    }

    #[test]
    fn bad_input_is_refused() {
        let s = Schedule {
            lr: 0.01,
            fast_steps: 1,
            slow_steps: 1,
            samples: 2,
        };
        let e = gradient_descent(
            &task(),
            &s,
            Matrix2::new(f64::NAN, 0.0, 0.0, 0.0),
            TimeModel::Continuous,
        )
        .unwrap_err();
        assert_eq!(e, LinearError::NonFiniteEntry { which: "M" });
        assert!(
            gradient_descent(&task(), &s, Matrix2::zeros(), TimeModel::Euler { dt: -1.0 }).is_err()
        );
    }
}
