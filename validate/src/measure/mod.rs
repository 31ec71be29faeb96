//! Measurements on simulated batches: what the theory predicts (theory notes section 3).
//!
//! * [`loss`]: `L`, `L_bias`, `L_var` conditioned on the target (section 3);
//! * [`latent`]: the trial-conditioned mean latent `kappa_bar`, `|kappa_bar|`, `rho` and the
//!   fluctuation covariance `C = N Cov(kappa)` (Eqs. 47-48);
//! * [`coefficients`]: `M` and its eigenvalues;
//! * [`cloud`]: latent clouds and output histograms (Fig. 12E-J);
//! * [`fixed_m`]: the fixed-`M` experiment of Fig. 12 that ties them together.
//!
//! All of them take a *window* of time-point indices (e.g. the target time points of a
//! [`crate::tasks::TaskBatch`], or every time point after `t = 20` in Fig. 12) and the
//! condition of every trial.

pub mod cloud;
pub mod coefficients;
pub mod fixed_m;
pub mod latent;
pub mod loss;
pub mod stability;

pub use cloud::{Histogram, LatentCloud, OutputHistograms};
pub use coefficients::{Coefficients, Eigenvalues};
pub use fixed_m::{FixedMExperiment, FixedMResult};
pub use latent::{latent_summary, LatentSummary};
pub use loss::{loss_decomposition, LossDecomposition};

use crate::network::ValidateError;

/// Checks a window and the condition labels against a trajectory with `points` time points
/// and `batch` trials; returns the number of trials in each condition.
pub(crate) fn check_window(
    window: &[usize],
    points: usize,
    condition: &[usize],
    n_conditions: usize,
    batch: usize,
) -> Result<Vec<usize>, ValidateError> {
    if window.is_empty() {
        return Err(ValidateError::OutOfRange(
            "the measurement window is empty: it needs at least one time point".into(),
        ));
    }
    if let Some(&k) = window.iter().find(|&&k| k >= points) {
        return Err(ValidateError::OutOfRange(format!(
            "window time point {k} is outside the trajectory (time points 0..={})",
            points - 1
        )));
    }
    if condition.len() != batch {
        return Err(ValidateError::WrongLength {
            name: "condition labels",
            expected: batch,
            got: condition.len(),
        });
    }
    let mut counts = vec![0usize; n_conditions];
    for &c in condition {
        if c >= n_conditions {
            return Err(ValidateError::OutOfRange(format!(
                "condition label {c} is out of range: labels must be below n_conditions = {n_conditions}"
            )));
        }
        counts[c] += 1;
    }
    Ok(counts)
}
