//! Random bulk, g > 0: `W = U M U^T/N + g J/sqrt(N)` (theory notes, section 4; derivation
//! in `theory/notes/bulk.md`, Eqs. B1-B16).
//!
//! With a random bulk the orthogonal part of the activity is no longer just the noise: its
//! variance `c0` and its static (quenched) correlation `c_inf` solve self-consistent
//! dynamic mean-field equations, and the total variance is `s_x^2 = |kappa_bar|^2 + c0`.
//!
//! * [`correlated_average`], [`NormalRule`]: two-dimensional Gaussian averages for any
//!   [`Nonlinearity`](crate::nonlinearity::Nonlinearity) (Eqs. B1-B3).
//! * [`pair_averages`]: `F_phi`, `F_Phi`, `F_phi'` (Eqs. B4-B7), closed forms for erf.
//! * [`orthogonal_statistics`]: `c0`, `c_inf`, `|kappa_bar|^2` at a given `s_x^2` (B8-B11).
//! * [`critical_lambda_plus`]: `lambda+min(g, sigma)` (B12-B13).
//! * [`BulkModel::solve`] -> [`BulkState`]: the fixed point (B9-B16).
//!
//! What the theory predicts: the fixed point (`|kappa_bar|`, `rho`), `c0`, `c_inf`, the
//! critical lambda+ and the correlation time of the bulk. It does not predict `L_var` at
//! g > 0 (see the notes, section B7).
//!
//! At `g = 0` everything reduces exactly to section 3: `c0 = sigma^2`, `c_inf = 0`,
//! `lambda+min = sqrt(1 + 2 a^2 sigma^2)` for erf.

mod critical;
mod error;
mod fixed_point;
pub mod gauss2d;
mod orthogonal;
mod pair;
mod root;
mod slope;

pub use critical::{critical_lambda_plus, CriticalPoint};
pub use error::BulkError;
pub use fixed_point::{BulkModel, BulkState};
pub use gauss2d::{correlated_average, correlated_self_averages, NormalRule, PairAverageError};
pub use orthogonal::{orthogonal_statistics, OrthogonalStatistics};
pub use pair::{antiderivative_variance, is_builtin_erf, pair_averages, PairAverages};
pub use slope::{inverse_mean_dphi, total_variance};

#[cfg(test)]
mod tests;
