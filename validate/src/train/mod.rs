//! Training by backpropagation through time (theory notes sections 1, 5, 6).
//!
//! The Euler-Maruyama dynamics of section 1,
//!
//! ```text
//! x_{k+1} = (1 - dt) x_k + dt (W phi(x_k) + w_in u_k) + sqrt(2 dt) sigma xi_k,   z_k = w_out . x_k
//! ```
//!
//! is unrolled over a trial; the loss is the mean squared error of `z` against the target,
//! averaged over the batch and the target time points,
//! `L = (1 / (B K)) sum_b sum_j (z_{b,k_j} - y_{b,j})^2`. The noise `xi` is drawn in the
//! forward pass from a per-trial seeded stream ([`noise`]); the backward pass reuses the
//! stored states, so for a fixed seed `L` is a deterministic function of the parameters and
//! the gradient can be checked against finite differences.
//!
//! The adjoint `lambda_k = dL/dx_k` obeys (derivation in `theory/notes/bptt.md`, Eqs. P3-P5)
//!
//! ```text
//! lambda_T = e_T w_out,
//! lambda_k = (1 - dt) lambda_{k+1} + dt phi'(x_k) .* (W^T lambda_{k+1}) + e_k w_out,
//! dL/dW    = dt sum_{k=0}^{T-1} lambda_{k+1} phi(x_k)^T,
//! ```
//!
//! with `e_k = 2 (z_k - y_k) / (B K)` at the loss steps and 0 elsewhere.
//!
//! * [`rank2`]: only `M` of `W = U M U^T / N (+ g J / sqrt(N))`: `dL/dM = U^T (dL/dW) U / N`,
//!   computed low-rank (`O(B T N)` work and memory, no `N x N` matrix when `g = 0`).
//! * [`linear`]: every entry of `W` of the linear network (`phi` = identity), batch as
//!   matrix columns and dense matrix products.
//! * [`protocol`]: the published training set-ups (Fig. 10, 13, 28) with the per-step
//!   measurements of [`stats`].

// Index loops are deliberate in the kernels (several slices per index, vectorised).
#![allow(clippy::needless_range_loop)]

pub mod act;
pub mod batch;
mod kernels;
pub mod linear;
pub mod noise;
pub mod protocol;
pub mod rank2;
pub mod stats;

pub use batch::TrialBatch;
pub use linear::{LinearBptt, LinearPass};
pub use rank2::{RankTwoBptt, RankTwoPass};

use crate::network::ValidateError;

/// Bad input to training. Every message names the parameter and its valid range.
///
/// The checks training shares with the networks (`N`, batch, `dt`, finite and
/// non-negative values) are [`ValidateError`]s, carried by [`TrainError::Network`] with
/// their messages unchanged.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TrainError {
    /// Non-positive or non-finite learning rate.
    #[error("learning rate = {} is invalid: it must be positive and finite", oblique_theory::format::num(*.0))]
    BadLearningRate(f64),
    /// The linear trainer got a nonlinear network.
    #[error("full-W training needs the identity nonlinearity (a linear network), got {0}")]
    NotLinear(String),
    /// Inconsistent batch or task.
    #[error("{0}")]
    BadBatch(String),
    /// Training diverged with a bounded state: the learning rate.
    #[error("training diverged at step {step}: the loss or its gradient is no longer finite (loss {}); lower the learning rate (now {})", oblique_theory::format::num(*.loss), oblique_theory::format::num(*.lr))]
    Diverged {
        /// the step
        step: usize,
        /// the loss
        loss: f64,
        /// the learning rate
        lr: f64,
    },
    /// The network's state ran away: the Euler map is unstable.
    #[error("{}", state_diverged(*step, *dt, *value))]
    StateDiverged {
        /// the step
        step: usize,
        /// the Euler step
        dt: f64,
        /// the first runaway output
        value: f64,
    },
    /// Bad network or batch parameters (`N`, batch, `dt`, finite and non-negative values).
    #[error(transparent)]
    Network(#[from] ValidateError),
}

/// Checks that a learning rate is positive and finite.
pub fn check_lr(lr: f64) -> Result<f64, TrainError> {
    if lr.is_finite() && lr > 0.0 {
        Ok(lr)
    } else {
        Err(TrainError::BadLearningRate(lr))
    }
}

/// The message of [`TrainError::StateDiverged`]: at step 0 no update has been made, so the
/// initial coupling, its gain or the noise ran away, not the learning rate.
fn state_diverged(step: usize, dt: f64, value: f64) -> String {
    let (value, dt) = (
        oblique_theory::format::num(value),
        oblique_theory::format::num(dt),
    );
    let head = format!(
        "the network's state ran away at training step {step} (an output is {value}): the \
         Euler map x <- x + dt (-x + W phi(x)) is unstable at dt = {dt}"
    );
    if step == 0 {
        format!("{head} for the initial network, before any update; lower dt, g or the noise")
    } else {
        format!("{head} for the coupling reached; lower dt or the learning rate")
    }
}
