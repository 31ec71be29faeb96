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
//! model.

use super::curves::{CurvePoint, LearningCurves, TwoPhaseCurves};
use super::euler::TimeModel;
use super::flow::phases;
use super::task::{LinearTask, Schedule};
use super::LinearError;
use nalgebra::Matrix2;

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
    let z = task.target;
    let x0 = task.subspace_network(m0).loss_in(z, time)?.x_bar;
    let mut m = m0;
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
            let loss = task.subspace_network(m).loss_in(z, time)?;
            if next < wanted.len() && wanted[next] == tau {
                curves.push(CurvePoint {
                    tau: tau as f64,
                    l_bias: loss.l_bias,
                    l_var: loss.l_var,
                    m,
                    dx_norm: (loss.x_bar - x0).norm(),
                });
                next += 1;
            }
            if tau < steps {
                m -= loss.grad() * eta;
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
