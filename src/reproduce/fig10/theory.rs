//! The Fig. 10 theories of the two learning phases: the paper's closed form, gradient
//! descent on the Euler-map loss and the SGD moment equations (`oblique_theory::linear`).

use super::protocol;
use super::rows::measured_expectation;
use super::setup::Setup;
use crate::reproduce::curves::Curves;
use oblique_theory::linear::{
    closed_form, gradient_descent, sgd_moments, LearningCurves, LinearTask, Schedule, TimeModel,
};

/// The theory's learning curves in the report's curve type.
fn from_theory(c: &LearningCurves) -> Curves {
    Curves {
        tau: c.tau.clone(),
        l: c.l.clone(),
        l_bias: c.l_bias.clone(),
        l_var: c.l_var.clone(),
        m: [c.m11.clone(), c.m12.clone(), c.m21.clone(), c.m22.clone()],
        dx_norm: c.dx_norm.clone(),
        ..Default::default()
    }
}

/// The linear task and the two-phase learning schedule of the set-up.
fn task_schedule(s: &Setup) -> (LinearTask, Schedule) {
    let task = LinearTask {
        n: s.n,
        rho_sqrt_n: s.rho_sqrt_n,
        sigma: s.noise,
        target: s.target,
    };
    let schedule = Schedule {
        lr: s.lr0,
        fast_steps: s.fast_steps as u64,
        slow_steps: s.slow_steps as u64,
        samples: s.fast_steps.max(s.slow_steps) + 1,
    };
    (task, schedule)
}

/// Theory curves (fast, slow) from the closed form of section 5
/// (`oblique_theory::linear::closed_form`), sampled at every learning step.
pub fn theory(s: &Setup) -> anyhow::Result<(Curves, Curves)> {
    let (task, schedule) = task_schedule(s);
    let c = closed_form(&task, &schedule)?;
    Ok((from_theory(&c.fast), from_theory(&c.slow)))
}

/// Theory curves (fast, slow): gradient descent with the training's learning rates and step
/// counts on the exact Euler-map loss at the simulation's `dt` (`gradient_descent` with
/// `TimeModel::Euler`, theory/notes/linear.md Eqs. L22-L25, L30), in the rank-two subspace,
/// sampled at every learning step; the loss parts are the expectations of their batch
/// measurement ([`measured_expectation`]).
pub fn euler_theory(s: &Setup) -> anyhow::Result<(Curves, Curves)> {
    let (task, schedule) = task_schedule(s);
    let c = gradient_descent(
        &task,
        &schedule,
        nalgebra::Matrix2::zeros(),
        TimeModel::Euler { dt: s.dt },
    )?;
    Ok((
        measured_expectation(&from_theory(&c.fast), s.batch),
        measured_expectation(&from_theory(&c.slow), s.batch),
    ))
}

/// Theory curves (fast, slow) and the predicted run-to-run standard deviation of `M`
/// (fast, slow): the SGD moment equations (`sgd_moments`, theory/notes/linear.md Eqs.
/// L31-L37) with the training's batch, Euler step and scored steps (taken from the training
/// protocol's task), sampled at every learning step; loss parts as measured on a batch.
pub fn sgd_theory(s: &Setup) -> anyhow::Result<SgdTheory> {
    let (task, schedule) = task_schedule(s);
    let window = protocol(s, 0).task().sgd_window(s.batch)?;
    let c = sgd_moments(
        &task,
        &schedule,
        nalgebra::Matrix2::zeros(),
        &window,
        NOISE_EVERY,
    )?;
    Ok(SgdTheory {
        fast: measured_expectation(&from_theory(&c.mean.fast), s.batch),
        slow: measured_expectation(&from_theory(&c.mean.slow), s.batch),
        sd: [c.fast_sd, c.slow_sd],
    })
}

/// The gradient-noise covariance (Eq. L34) is recomputed every this many learning steps.
const NOISE_EVERY: u64 = 10;

/// The SGD moment theory of both phases.
pub struct SgdTheory {
    /// mean curves of the fast phase
    pub fast: Curves,
    /// mean curves of the slow phase
    pub slow: Curves,
    /// predicted run-to-run standard deviation of `M` at every step, per phase
    pub sd: [Vec<nalgebra::Matrix2<f64>>; 2],
}
