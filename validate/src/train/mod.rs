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
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TrainError {
    /// Fewer than two neurons.
    #[error("N = {0} is too small: the network needs at least 2 neurons")]
    TooFewNeurons(usize),
    /// Empty batch.
    #[error("batch = 0: the batch size must be at least 1")]
    EmptyBatch,
    /// Non-positive or non-finite time step.
    #[error("dt = {0} is invalid: the time step must be positive and finite")]
    BadDt(f64),
    /// Non-positive or non-finite learning rate.
    #[error("learning rate = {0} is invalid: it must be positive and finite")]
    BadLearningRate(f64),
    /// A value that must be finite is not.
    #[error("{name} = {value} is not finite: it must be a finite number")]
    NonFinite {
        /// which parameter
        name: &'static str,
        /// its value
        value: f64,
    },
    /// A value that must be non-negative is negative.
    #[error("{name} = {value} is negative: it must be at least 0")]
    Negative {
        /// which parameter
        name: &'static str,
        /// its value
        value: f64,
    },
    /// The linear trainer got a nonlinear network.
    #[error("full-W training needs the identity nonlinearity (a linear network), got {0}")]
    NotLinear(String),
    /// Inconsistent batch or task.
    #[error("{0}")]
    BadBatch(String),
    /// Training diverged.
    #[error(
        "training diverged at step {step}: the loss is {loss}; lower the learning rate (now {lr})"
    )]
    Diverged {
        /// the step
        step: usize,
        /// the loss
        loss: f64,
        /// the learning rate
        lr: f64,
    },
    /// Bad network parameters.
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
