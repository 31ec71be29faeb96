//! Euler-Maruyama simulation of the noisy RNN (theory notes section 1).
//!
//! One step of length `dt`, for every trial independently:
//!
//! ```text
//! x <- (1 - dt) x + dt (W phi(x) + w_in u_t) + sqrt(dt) sqrt(2) sigma xi,   xi ~ N(0, I)
//! ```
//!
//! Two paths compute `W phi(x)`:
//!
//! * **low rank** ([`RankTwoNetwork`] with `g = 0`): `W phi(x) = U (M (U^T phi(x) / N))`,
//!   `O(batch N)` per step; the `N x N` matrix is never formed. Trials run in parallel.
//! * **dense** (`g > 0`, or a [`FullNetwork`]): `W phi(X)` as a matrix product with the
//!   trials as columns, in parallel column chunks.
//!
//! Noise comes from one ChaCha8 stream per trial ([`noise`]), so the result depends only on
//! the seed, never on the number of threads. The two paths consume the same noise and agree
//! to rounding.
//!
//! ```
//! use nalgebra::Matrix2;
//! use oblique_validate::network::{RankTwoNetwork, RankTwoParams};
//! use oblique_validate::simulate::{simulate_rank_two, InitialState, Input, SimConfig};
//!
//! let net = RankTwoNetwork::from_seed(&RankTwoParams::new(64, Matrix2::new(1.9, 0.0, 0.0, -5.0)), 1).unwrap();
//! let cfg = SimConfig { batch: 4, steps: 50, input: Input::Zero, init: InitialState::Zero, seed: 2 };
//! let traj = simulate_rank_two(&net, &cfg).unwrap();
//! assert_eq!(traj.outputs.shape(), (51, 4)); // z at t = 0, dt, ..., 50 dt
//! assert_eq!(traj, simulate_rank_two(&net, &cfg).unwrap()); // reproducible
//! ```

pub mod activation;
mod dense;
pub mod divergence;
mod low_rank;
pub mod noise;

use crate::network::{check_all_finite, check_batch, FullNetwork, RankTwoNetwork, ValidateError};
pub use divergence::{Divergence, RUNAWAY_LIMIT};
use nalgebra::{DMatrix, Vector2};

/// The scalar input `u_t` (along `w_in`) of every trial and step.
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    /// No input.
    Zero,
    /// The same value at every step for every trial (Fig. 10: `u = 1`).
    Constant(f64),
    /// One value per step (length `steps`), the same for every trial.
    PerStep(Vec<f64>),
    /// One value per step and trial: a `steps x batch` matrix.
    PerTrial(DMatrix<f64>),
    /// A pulse at step 0 only, of amplitude `amplitudes[b]` for trial `b` (the fixed-point
    /// task: `+-1/dt`), zero afterwards. Length `batch`.
    Pulse(Vec<f64>),
}

impl Input {
    /// `u_t` of trial `trial` at step `step`.
    #[inline]
    pub fn value(&self, step: usize, trial: usize) -> f64 {
        match self {
            Input::Zero => 0.0,
            Input::Constant(u) => *u,
            Input::PerStep(v) => v[step],
            Input::PerTrial(m) => m[(step, trial)],
            Input::Pulse(a) => {
                if step == 0 {
                    a[trial]
                } else {
                    0.0
                }
            }
        }
    }

    /// Checks the shape against `steps` and `batch` and that every value is finite.
    pub fn validate(&self, steps: usize, batch: usize) -> Result<(), ValidateError> {
        match self {
            Input::Zero => Ok(()),
            Input::Constant(u) => check_all_finite("input u", [*u].iter()),
            Input::PerStep(v) => {
                if v.len() != steps {
                    return Err(ValidateError::WrongLength {
                        name: "input sequence",
                        expected: steps,
                        got: v.len(),
                    });
                }
                check_all_finite("input u", v.iter())
            }
            Input::PerTrial(m) => {
                if m.shape() != (steps, batch) {
                    return Err(ValidateError::OutOfRange(format!(
                        "input matrix is {} x {}, expected steps x batch = {steps} x {batch}",
                        m.nrows(),
                        m.ncols()
                    )));
                }
                check_all_finite("input u", m.iter())
            }
            Input::Pulse(a) => {
                if a.len() != batch {
                    return Err(ValidateError::WrongLength {
                        name: "pulse amplitudes",
                        expected: batch,
                        got: a.len(),
                    });
                }
                check_all_finite("pulse amplitude", a.iter())
            }
        }
    }
}

/// The state at `t = 0`.
#[derive(Debug, Clone, PartialEq)]
pub enum InitialState {
    /// `x(0) = 0`.
    Zero,
    /// `x(0) = U kappa_b` for trial `b` (rank-two networks only); length `batch`.
    /// Fig. 12 starts half the trials at `+kappa_bar` and half at `-kappa_bar`.
    Latent(Vec<Vector2<f64>>),
    /// Any state: an `N x batch` matrix.
    State(DMatrix<f64>),
}

/// What to simulate: batch size, number of steps, input, initial state and noise seed.
#[derive(Debug, Clone, PartialEq)]
pub struct SimConfig {
    /// Number of independent trials (`>= 1`).
    pub batch: usize,
    /// Number of Euler steps; the trajectory has `steps + 1` time points `k dt`.
    pub steps: usize,
    /// The input along `w_in`.
    pub input: Input,
    /// The state at `t = 0`.
    pub init: InitialState,
    /// Noise seed (see [`noise`]).
    pub seed: u64,
}

/// The latent trajectories `kappa = U^T x / N` of a rank-two network.
#[derive(Debug, Clone, PartialEq)]
pub struct Latents {
    /// `kappa_1`, `(steps + 1) x batch`.
    pub kappa1: DMatrix<f64>,
    /// `kappa_2`, `(steps + 1) x batch`.
    pub kappa2: DMatrix<f64>,
}

/// A simulated batch: outputs at every time point, latents (rank-two networks) and the
/// final state.
#[derive(Debug, Clone, PartialEq)]
pub struct Trajectory {
    /// The time step.
    pub dt: f64,
    /// `z = w_out . x` at `t = k dt`, `k = 0..=steps`: a `(steps + 1) x batch` matrix.
    pub outputs: DMatrix<f64>,
    /// `kappa = U^T x / N` at every time point (rank-two networks only).
    pub latents: Option<Latents>,
    /// `x` at the last time point, `N x batch`.
    pub final_state: DMatrix<f64>,
}

impl Trajectory {
    /// Number of Euler steps.
    pub fn steps(&self) -> usize {
        self.outputs.nrows() - 1
    }
    /// Number of trials.
    pub fn batch(&self) -> usize {
        self.outputs.ncols()
    }
    /// The time `k dt` of time point `k`.
    pub fn time(&self, k: usize) -> f64 {
        k as f64 * self.dt
    }
}

/// Progress reporting: called with the number of trial-steps just completed (the total is
/// `batch * steps`). Must be cheap and thread-safe.
pub type Progress<'a> = &'a (dyn Fn(u64) + Sync);

fn no_progress(_: u64) {}

/// Builds the `N x batch` initial state, checking its shape and values.
fn initial_state(
    init: &InitialState,
    n: usize,
    batch: usize,
    u: Option<&DMatrix<f64>>,
) -> Result<DMatrix<f64>, ValidateError> {
    match init {
        InitialState::Zero => Ok(DMatrix::zeros(n, batch)),
        InitialState::Latent(k) => {
            let u = u.ok_or_else(|| {
                ValidateError::OutOfRange(
                    "a latent initial state needs a rank-two network (U); give the full state instead"
                        .into(),
                )
            })?;
            if k.len() != batch {
                return Err(ValidateError::WrongLength {
                    name: "initial latents",
                    expected: batch,
                    got: k.len(),
                });
            }
            check_all_finite("initial latent kappa", k.iter().flat_map(|v| v.iter()))?;
            let mut x = DMatrix::zeros(n, batch);
            for (b, kb) in k.iter().enumerate() {
                x.column_mut(b).copy_from(&(u * kb));
            }
            Ok(x)
        }
        InitialState::State(x) => {
            if x.shape() != (n, batch) {
                return Err(ValidateError::OutOfRange(format!(
                    "initial state is {} x {}, expected N x batch = {n} x {batch}",
                    x.nrows(),
                    x.ncols()
                )));
            }
            check_all_finite("initial state", x.iter())?;
            Ok(x.clone())
        }
    }
}

fn check_config(cfg: &SimConfig) -> Result<(), ValidateError> {
    check_batch(cfg.batch)?;
    cfg.input.validate(cfg.steps, cfg.batch)
}

/// Simulates a rank-two network: the low-rank path when `g = 0`, the dense path otherwise.
pub fn simulate_rank_two(
    net: &RankTwoNetwork,
    cfg: &SimConfig,
) -> Result<Trajectory, ValidateError> {
    simulate_rank_two_with_progress(net, cfg, &no_progress)
}

/// [`simulate_rank_two`] with a progress callback.
pub fn simulate_rank_two_with_progress(
    net: &RankTwoNetwork,
    cfg: &SimConfig,
    progress: Progress,
) -> Result<Trajectory, ValidateError> {
    check_config(cfg)?;
    check_all_finite("M", net.m.iter())?;
    let x0 = initial_state(&cfg.init, net.n, cfg.batch, Some(&net.u))?;
    check_orthogonal_step(net)?;
    let traj = if net.is_low_rank() {
        low_rank::run(net, cfg, x0, progress)
    } else {
        let full = FullNetwork::from(net);
        dense::run(&full, Some(&net.u), cfg, x0, progress)
    };
    checked(traj)
}

/// The part of a rank-two network's state orthogonal to `U` (and to the bulk) decays by
/// the factor `1 - dt` per step (theory notes section 8, Eq. E1; with a bulk `g J /
/// sqrt(N)` and `|phi'| <= 1` the factor is at most `|1 - dt| + dt g`): stable only for
/// `dt < 2 / (1 + g)` (and `g < 1`).
fn check_orthogonal_step(net: &RankTwoNetwork) -> Result<(), ValidateError> {
    let factor = (1.0 - net.dt).abs() + net.dt * net.g;
    if factor >= 1.0 && net.g < 1.0 {
        return Err(ValidateError::EulerUnstable {
            dt: net.dt,
            dt_max: 2.0 / (1.0 + net.g),
            factor,
            part: "orthogonal to U (x <- (1 - dt) x + noise)",
        });
    }
    Ok(())
}

/// A finished trajectory, or [`ValidateError::Diverged`] with the part before a runaway
/// state.
fn checked(traj: Trajectory) -> Result<Trajectory, ValidateError> {
    divergence::check(traj).map_err(ValidateError::Diverged)
}

/// Simulates a rank-two network through the dense path even when `g = 0` (forms the
/// `N x N` matrix; for cross-checks and benchmarks).
pub fn simulate_rank_two_dense(
    net: &RankTwoNetwork,
    cfg: &SimConfig,
) -> Result<Trajectory, ValidateError> {
    check_config(cfg)?;
    let x0 = initial_state(&cfg.init, net.n, cfg.batch, Some(&net.u))?;
    let full = FullNetwork::from(net);
    checked(dense::run(&full, Some(&net.u), cfg, x0, &no_progress))
}

/// Simulates a network with a full connectivity matrix (dense path). No latents are
/// recorded; [`InitialState::Latent`] is an error.
pub fn simulate_full(net: &FullNetwork, cfg: &SimConfig) -> Result<Trajectory, ValidateError> {
    simulate_full_with_progress(net, cfg, &no_progress)
}

/// [`simulate_full`] with a progress callback.
pub fn simulate_full_with_progress(
    net: &FullNetwork,
    cfg: &SimConfig,
    progress: Progress,
) -> Result<Trajectory, ValidateError> {
    check_config(cfg)?;
    check_all_finite("W", net.w.iter())?;
    let x0 = initial_state(&cfg.init, net.n, cfg.batch, None)?;
    checked(dense::run(net, None, cfg, x0, progress))
}

#[cfg(test)]
mod tests;
