//! Linear network, gradient flow on the exact expected loss (theory notes, section 5;
//! Eqs. 18-33 and Appendix A.2-A.3 of the eLife article; derivation in
//! `theory/notes/linear.md`).
//!
//! The network is `dx/dt = -x + W x + w_in u + sqrt(2) sigma xi(t)` with a constant input `u`
//! and read-out `z = w_out . x`. Its expected squared error on a constant target `z*` splits
//! into a bias and a variance part,
//!
//! ```text
//! L = L_bias + L_var,  L_bias = (z_bar - z*)^2,  L_var = w_out^T S w_out           (Eq. 19-22)
//! x_bar = (I - W)^-1 w_in u,  (W - I) S + S (W - I)^T + 2 sigma^2 I = 0            (Eq. 21)
//! ```
//!
//! | item | what | file |
//! | --- | --- | --- |
//! | [`LinearNetwork`] / [`LinearLoss`] | exact loss and gradients for any N x N `W` (Eqs. 21-24, 54) | `network.rs` |
//! | [`SubspaceNetwork`] / [`SubspaceLoss`] | the same, reduced exactly to 2x2 when `W = U M U^T` (Eqs. 65-70) | `subspace.rs` |
//! | [`RankTwoBasis`] | orthonormal basis `(w_out_hat, w_in orthogonalised)`, lift `M -> W` | `subspace.rs` |
//! | [`LinearTask`], [`Schedule`] | the Fig. 10 task and the two-phase learning-rate schedule | `task.rs` |
//! | [`closed_form`] | the closed-form two-phase learning curves (Eqs. 28-33, 62-64, 76-80) | `closed_form.rs` |
//! | [`TimeModel`], [`SubspaceNetwork::euler_loss`], [`LinearNetwork::euler_loss`] | exact loss and gradients of the Euler-Maruyama map of a simulation with step `dt` (Stein equations, Eqs. L22-L28 of the notes) | `euler.rs` |
//! | [`gradient_descent`] | gradient descent step by step on the exact loss (Eq. L30) | `descent.rs` |
//! | [`BatchWindow`], [`gradient_noise`] | mean and covariance of one trial's gradient of the constant-input task (Eqs. L31-L34) | `gradient_noise.rs` |
//! | [`sgd_moments`] | SGD with a finite batch: mean and spread of `M` to second order in the gradient noise (Eqs. L35-L37) | `sgd.rs` |
//! | [`integrate_flow`] | adaptive integration of `dW/dtau = -eta grad L` (2x2 or full `W`) | `flow.rs` |
//! | [`ode`] | embedded Runge-Kutta 4(5) (Dormand-Prince) with step control | `ode.rs` |
//! | [`LearningCurves`], [`TwoPhaseCurves`], [`CurveDeviation`] | sampled time courses and their comparison | `curves.rs` |
//!
//! Normalisation: `tau` counts gradient steps and the flow is `dW/dtau = -eta grad(L_bias +
//! L_var)` with `eta` the learning rate of a simulation whose loss is the mean squared error
//! averaged over batch and target time points (the expectation of that loss is `L`).

mod closed_form;
mod curves;
mod descent;
mod euler;
mod flow;
mod gradient_noise;
mod network;
pub mod ode;
mod setup;
mod sgd;
mod subspace;
mod task;

pub use closed_form::{closed_form, fast_phase_point, slow_phase_point};
pub use curves::{CurveDeviation, CurvePoint, LearningCurves, TwoPhaseCurves};
pub use descent::gradient_descent;
pub use euler::TimeModel;
pub use flow::{integrate_flow, FlowOptions, FlowSpace};
pub use gradient_noise::{gradient_noise, BatchWindow, GradientNoise};
pub use network::{LinearLoss, LinearNetwork, VarianceLoss};
pub use setup::{FlowSetup, SetupError};
pub use sgd::{sgd_moments, SgdCurves};
pub use subspace::{RankTwoBasis, SubspaceLoss, SubspaceNetwork};
pub use task::{LinearTask, Schedule};

use crate::lyapunov::LyapunovError;

/// Why a linear-network computation cannot be done. Messages name the parameter and its
/// valid range.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LinearError {
    /// The network size is below 2.
    #[error("network size N = {n} must be at least 2")]
    SizeTooSmall {
        /// the requested N
        n: usize,
    },
    /// `|rho sqrt(N)| >= sqrt(N)`: the correlation `rho` would not lie in (-1, 1).
    #[error("rho sqrt(N) = {} must satisfy |rho sqrt(N)| < sqrt(N) = {} (the input-output correlation rho must lie strictly between -1 and 1)", crate::format::num(*.rho_sqrt_n), crate::format::num(*.sqrt_n))]
    Correlation {
        /// the requested rho sqrt(N)
        rho_sqrt_n: f64,
        /// sqrt(N)
        sqrt_n: f64,
    },
    /// The noise amplitude is not positive.
    #[error("noise sigma = {} must be positive and finite", crate::format::num(*.sigma))]
    Noise {
        /// the requested sigma
        sigma: f64,
    },
    /// The learning rate is not positive.
    #[error("learning rate eta = {} must be positive and finite", crate::format::num(*.lr))]
    LearningRate {
        /// the requested eta
        lr: f64,
    },
    /// A scalar parameter (target, input) is NaN or infinite.
    #[error("{which} = {} must be finite", crate::format::num(*.value))]
    NotFinite {
        /// the parameter's name
        which: &'static str,
        /// its value
        value: f64,
    },
    /// A matrix or vector holds NaN or infinite entries.
    #[error("{which} has a non-finite entry")]
    NonFiniteEntry {
        /// `"W"`, `"w_in"`, `"w_out"` or `"M"`
        which: &'static str,
    },
    /// Shapes of `W`, `w_in`, `w_out` disagree.
    #[error("dimension mismatch: {which} has length {got} but W is {n}x{n}")]
    Dimension {
        /// `"w_in"` or `"w_out"`
        which: &'static str,
        /// its length
        got: usize,
        /// the size of W
        n: usize,
    },
    /// `W` is not square.
    #[error("W must be square, got {rows}x{cols}")]
    NotSquare {
        /// rows
        rows: usize,
        /// columns
        cols: usize,
    },
    /// `W - I` has an eigenvalue with non-negative real part: no stationary state exists.
    #[error("W - I is not stable: an eigenvalue has real part {} >= 0 (every eigenvalue of W must have real part below 1)", crate::format::num(*.max_real))]
    Unstable {
        /// the largest real part of the eigenvalues of W - I
        max_real: f64,
    },
    /// The output weights vanish or the input weights are parallel to them, so the basis
    /// `(w_out_hat, w_in orthogonalised)` does not exist.
    #[error("degenerate basis: {reason}")]
    DegenerateBasis {
        /// what is degenerate
        reason: &'static str,
    },
    /// Fewer than two samples per phase were requested.
    #[error("samples per phase = {samples} must be at least 2")]
    Samples {
        /// the requested number
        samples: usize,
    },
    /// The adaptive integrator could not proceed.
    #[error("gradient flow failed at tau = {} in the {phase} phase: {reason}", crate::format::num(*.tau))]
    Integration {
        /// `"fast"` or `"slow"`
        phase: &'static str,
        /// learning time reached
        tau: f64,
        /// why
        reason: String,
    },
    /// The Euler step of [`TimeModel::Euler`] is not positive and finite.
    #[error("Euler step dt = {} must be positive and finite", crate::format::num(*.dt))]
    EulerStep {
        /// the requested dt
        dt: f64,
    },
    /// The Euler map `x <- (I + dt (W - I)) x + ...` has no stationary state: `dt` is at or
    /// beyond `dt_max = min 2 Re(-mu)/|mu|^2` over the eigenvalues `mu` of `W - I` (Eq. L26).
    #[error("Euler map unstable: dt = {} must lie in (0, {}) for this W (dt_max = min 2 Re(-mu)/|mu|^2 over the eigenvalues mu of W - I; beyond it the spectral radius of F = I + dt (W - I) reaches 1)", crate::format::num(*.dt), crate::format::num(*.dt_max))]
    EulerUnstable {
        /// the requested dt
        dt: f64,
        /// the largest stable step for this W
        dt_max: f64,
    },
    /// A field of a [`BatchWindow`] (or the noise-update interval) is out of range.
    #[error("batch window: {which} = {value} must {range}")]
    Window {
        /// the field's name
        which: &'static str,
        /// its value
        value: String,
        /// the valid range
        range: String,
    },
    /// The Lyapunov solver failed for another reason than instability.
    #[error("Lyapunov solve failed: {0}")]
    Lyapunov(LyapunovError),
}

impl From<LyapunovError> for LinearError {
    fn from(e: LyapunovError) -> Self {
        match e {
            LyapunovError::NotStable { max_real } => LinearError::Unstable { max_real },
            other => LinearError::Lyapunov(other),
        }
    }
}

#[cfg(test)]
mod tests_euler;
#[cfg(test)]
mod tests_flow;
#[cfg(test)]
mod tests_network;
