//! Gradient flow `dW/dtau = -eta grad(L_bias + L_var)` on the exact expected loss,
//! integrated with the adaptive Dormand-Prince 4(5) method of [`super::ode`] (theory notes,
//! section 5; eLife Eqs. 25, 71; derivation in `theory/notes/linear.md`).
//!
//! [`FlowOptions::time`] selects the loss: the paper's continuous-time one or the exact loss
//! of the Euler map a simulation with step `dt` integrates ([`TimeModel`], Eqs. L22-L25).
//!
//! Two state spaces give the same curves when `W0` lies in the rank-two subspace:
//!
//! * [`FlowSpace::RankTwo`]: the four coefficients `M` (`W = U M U^T`), with 2x2 Lyapunov
//!   solves ([`super::SubspaceNetwork`]). Exact, not an approximation: the gradient of
//!   both loss parts stays in `span(U) x span(U)`. Cost independent of N. The CLI default.
//! * [`FlowSpace::Full`]: all N^2 entries of `W`, with the N x N Schur-Lyapunov solver
//!   ([`super::LinearNetwork`]); O(N^3) per evaluation, a check of the reduction.

use super::curves::{CurvePoint, LearningCurves, TwoPhaseCurves};
use super::euler::TimeModel;
use super::network::LinearNetwork;
use super::ode::{integrate, OdeError, OdeOptions};
use super::subspace::RankTwoBasis;
use super::task::{LinearTask, Schedule};
use super::LinearError;
use nalgebra::{DMatrix, DVector, Matrix2};

/// Which variables the flow integrates.
#[derive(Debug, Clone, PartialEq)]
pub enum FlowSpace {
    /// The 2x2 coefficient matrix `M` (exact for `W0 = U M0 U^T`).
    RankTwo,
    /// The full N x N matrix `W`, with `w_out = e1`, `w_in = U w_in'` in the given basis.
    Full(RankTwoBasis),
}

/// Options of [`integrate_flow`].
#[derive(Debug, Clone, PartialEq)]
pub struct FlowOptions {
    /// State space of the integration.
    pub space: FlowSpace,
    /// Initial coefficients `M0` (`W0 = U M0 U^T`); the closed form assumes `M0 = 0`.
    pub m0: Matrix2<f64>,
    /// Tolerances of the adaptive integrator.
    pub ode: OdeOptions,
    /// The loss whose gradient is followed: the paper's continuous-time loss (default) or
    /// that of the Euler map of a simulation with step `dt` (Eqs. L22-L25).
    pub time: TimeModel,
}

impl Default for FlowOptions {
    fn default() -> Self {
        FlowOptions {
            space: FlowSpace::RankTwo,
            m0: Matrix2::zeros(),
            ode: OdeOptions::default(),
            time: TimeModel::Continuous,
        }
    }
}

impl RankTwoBasis {
    /// The first two standard unit vectors of R^N.
    pub fn standard(n: usize) -> RankTwoBasis {
        RankTwoBasis {
            e1: DVector::from_fn(n, |i, _| if i == 0 { 1.0 } else { 0.0 }),
            e2: DVector::from_fn(n, |i, _| if i == 1 { 1.0 } else { 0.0 }),
        }
    }
}

/// Integrates the gradient flow of the exact loss through both phases of `schedule`:
/// `fast_steps` at learning rate `eta / N`, then `slow_steps` at `eta`, starting from
/// `W0 = U M0 U^T`. Each phase is sampled at [`Schedule::sample_times`]; `dx_norm` is
/// measured from the mean state at `W0`. `progress` receives the fraction of learning
/// time done.
///
/// ```
/// use oblique_theory::linear::{closed_form, integrate_flow, FlowOptions, LinearTask, Schedule};
/// let task = LinearTask { n: 256, rho_sqrt_n: -0.5, sigma: 1.0, target: 1.0 };
/// let schedule = Schedule { lr: 0.002, fast_steps: 1000, slow_steps: 5000, samples: 11 };
/// let flow = integrate_flow(&task, &schedule, &FlowOptions::default(), &mut |_| {}).unwrap();
/// let theory = closed_form(&task, &schedule).unwrap();
/// assert!(flow.deviation(&theory, 16.0).l < 0.01);
/// ```
pub fn integrate_flow(
    task: &LinearTask,
    schedule: &Schedule,
    options: &FlowOptions,
    progress: &mut dyn FnMut(f64),
) -> Result<TwoPhaseCurves, LinearError> {
    task.validate()?;
    schedule.validate()?;
    if options.m0.iter().any(|v| !v.is_finite()) {
        return Err(LinearError::NonFiniteEntry { which: "M" });
    }
    options.time.validate()?;
    match &options.space {
        FlowSpace::RankTwo => rank_two_flow(task, schedule, options, progress),
        FlowSpace::Full(basis) => full_flow(task, schedule, options, basis, progress),
    }
}

/// Learning rates and step counts of the two phases.
pub(super) fn phases(task: &LinearTask, schedule: &Schedule) -> [(&'static str, f64, u64); 2] {
    [
        ("fast", schedule.lr / task.n as f64, schedule.fast_steps),
        ("slow", schedule.lr, schedule.slow_steps),
    ]
}

fn ode_error(phase: &'static str, e: OdeError<LinearError>) -> LinearError {
    match e {
        OdeError::Rhs { error, .. } => error,
        OdeError::StepUnderflow { t, h } => LinearError::Integration {
            phase,
            tau: t,
            reason: format!("the adaptive step fell to {h:.3e} (is the learning rate too large, or W - I close to instability?)"),
        },
        OdeError::TooManySteps { t, max_steps } => LinearError::Integration {
            phase,
            tau: t,
            reason: format!("more than {max_steps} integration steps (the flow is too stiff here; at very long learning times W - I approaches instability along the input direction)"),
        },
        OdeError::BadOutputTimes => LinearError::Integration {
            phase,
            tau: 0.0,
            reason: "invalid sample times".to_string(),
        },
    }
}

fn to_m(y: &[f64]) -> Matrix2<f64> {
    Matrix2::new(y[0], y[1], y[2], y[3])
}

/// The gradient of the loss at the flattened state.
type GradFn<'a> = dyn Fn(&[f64]) -> Result<Vec<f64>, LinearError> + 'a;
/// The sampled curve point at `(tau, state)`.
type PointFn<'a> = dyn Fn(f64, &[f64]) -> Result<CurvePoint, LinearError> + 'a;

/// Integrates `dy/dtau = -eta_phase grad(y)` through both phases of `schedule` from `y0`,
/// recording `point(tau, y)` at the sample times; shared by both state spaces.
fn two_phase_flow(
    task: &LinearTask,
    schedule: &Schedule,
    ode: &OdeOptions,
    y0: Vec<f64>,
    grad: &GradFn,
    point: &PointFn,
    progress: &mut dyn FnMut(f64),
) -> Result<TwoPhaseCurves, LinearError> {
    let total = (schedule.fast_steps + schedule.slow_steps).max(1) as f64;
    let mut y = y0;
    let mut out = TwoPhaseCurves::default();
    let mut offset = 0.0;
    for (k, (phase, eta, steps)) in phases(task, schedule).into_iter().enumerate() {
        let times = schedule.sample_times(steps);
        let mut curves = LearningCurves::default();
        let mut last = y.clone();
        let mut sample_err = None;
        integrate(
            |_t, y: &[f64], dy: &mut [f64]| {
                for (d, g) in dy.iter_mut().zip(grad(y)?) {
                    *d = -eta * g;
                }
                Ok(())
            },
            0.0,
            &y,
            &times,
            ode,
            |_i, tau, y| {
                match point(tau, y) {
                    Ok(p) => curves.push(p),
                    Err(e) => sample_err = Some(e),
                }
                last.copy_from_slice(y);
                progress((offset + tau) / total);
            },
        )
        .map_err(|e| ode_error(phase, e))?;
        if let Some(e) = sample_err {
            return Err(e);
        }
        y = last;
        offset += steps as f64;
        if k == 0 {
            out.fast = curves;
        } else {
            out.slow = curves;
        }
    }
    Ok(out)
}

fn rank_two_flow(
    task: &LinearTask,
    schedule: &Schedule,
    options: &FlowOptions,
    progress: &mut dyn FnMut(f64),
) -> Result<TwoPhaseCurves, LinearError> {
    let (z, time) = (task.target, options.time);
    let x0 = task.subspace_network(options.m0).loss_in(z, time)?.x_bar;
    let m0 = options.m0;
    two_phase_flow(
        task,
        schedule,
        &options.ode,
        vec![m0[(0, 0)], m0[(0, 1)], m0[(1, 0)], m0[(1, 1)]],
        &|y| {
            let g = task.subspace_network(to_m(y)).loss_in(z, time)?.grad();
            Ok(vec![g[(0, 0)], g[(0, 1)], g[(1, 0)], g[(1, 1)]])
        },
        &|tau, y| {
            let l = task.subspace_network(to_m(y)).loss_in(z, time)?;
            Ok(CurvePoint {
                tau,
                l_bias: l.l_bias,
                l_var: l.l_var,
                m: to_m(y),
                dx_norm: (l.x_bar - x0).norm(),
            })
        },
        progress,
    )
}

fn full_flow(
    task: &LinearTask,
    schedule: &Schedule,
    options: &FlowOptions,
    basis: &RankTwoBasis,
    progress: &mut dyn FnMut(f64),
) -> Result<TwoPhaseCurves, LinearError> {
    let n = task.n;
    if basis.e1.len() != n || basis.e2.len() != n {
        return Err(LinearError::Dimension {
            which: "basis vector",
            got: basis.e1.len().min(basis.e2.len()),
            n,
        });
    }
    let (z, time) = (task.target, options.time);
    let template = basis.full_network(&task.subspace_network(options.m0));
    let net_at = |w: &[f64]| LinearNetwork {
        w: DMatrix::from_column_slice(n, n, w),
        ..template.clone()
    };
    let x0 = template.loss_in(z, time)?.x_bar;
    two_phase_flow(
        task,
        schedule,
        &options.ode,
        template.w.as_slice().to_vec(),
        &|w| Ok(net_at(w).loss_in(z, time)?.grad().as_slice().to_vec()),
        &|tau, w| {
            let net = net_at(w);
            let l = net.loss_in(z, time)?;
            Ok(CurvePoint {
                tau,
                l_bias: l.l_bias,
                l_var: l.l_var,
                m: basis.project(&net.w),
                dx_norm: (&l.x_bar - &x0).norm(),
            })
        },
        progress,
    )
}
