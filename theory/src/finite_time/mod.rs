//! The pulse task in finite time (derivation: `theory/notes/finite-time.md`).
//!
//! The trained networks of Figs. 13 and 28 never reach the stationary state the mean-field
//! theory of section 3 describes: each trial starts at `x = 0`, gets a pulse along `w_in`,
//! and is scored at every 5th step of `2 <= t <= 10`, while the slow direction relaxes at a
//! rate `|gamma+| ~ 0.2`. This module follows the mean-field *trajectory* of the simulated
//! Euler map through the trial instead:
//!
//! * [`FiniteTimeModel::statistics`]: the mean latent `kappa_k`, the orthogonal variance
//!   `Delta_k` and the latent covariance `P_k` step by step (Eqs. T1-T4), and the loss
//!   window's `kappa_bar`, rho, `L_bias` and `L_var` as the training code measures them;
//! * [`FiniteTimeOptimum`]: the symmetric `M` with a given `lambda-` that minimises that
//!   loss over `lambda+` and the angle of `v+` (Nelder-Mead, argmin): the finite-time
//!   counterpart of the oblique optimum of [`crate::optimum`].

mod optimum;
mod trajectory;

pub use optimum::{symmetric_m, FiniteTimeOptimum, OptimumSearch};
pub use trajectory::{FiniteTimeModel, FiniteTimeStatistics, PulseTask, StepStatistics};

use crate::rank_two::{num, RankTwoError};

/// Why the finite-time theory has no answer.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FiniteTimeError {
    /// Noise, N, target or M are invalid.
    #[error("{0}")]
    Model(#[from] RankTwoError),
    /// The task is malformed.
    #[error("pulse task: {0}")]
    Task(String),
    /// The mean trajectory leaves every bound.
    #[error("the mean-field trajectory diverges: |kappa| = {} at step {step} (the Euler map of M is unstable at dt = {})", num(*.kappa_norm), num(*.dt))]
    Diverged {
        /// The step at which `|kappa| > 1e6` or a value stopped being finite.
        step: usize,
        /// `|kappa|` there.
        kappa_norm: f64,
        /// The Euler step.
        dt: f64,
    },
    /// The minimisation failed or ended outside the valid family.
    #[error("no finite-time optimum for lambda- = {}, N = {n}: {reason}", num(*.lambda_minus))]
    NoOptimum {
        /// The fixed `lambda-`.
        lambda_minus: f64,
        /// Network size.
        n: usize,
        /// What went wrong.
        reason: String,
    },
}

#[cfg(test)]
mod tests;
