//! Rank-two mean-field theory of the noisy fixed point with g = 0 (theory notes,
//! section 3; Eqs. 40-53). Derivation: `theory/notes/rank-two.md`.
//!
//! * [`RankTwoModel::solve`]: one point, by the Lyapunov route (Eqs. 45-48), plus Eq. 53
//!   for erf and a symmetric M.
//! * [`amplitude`], [`lambda_plus_min`]: the fixed point's size alone (Eqs. 43-44, 51).
//! * [`finite_n_variance`], [`euler_statistics`]: beyond Eq. 48, the finite-N noise of
//!   `U^T phi/N` and the Euler-Maruyama map of a simulation (notes sections 7-8).
//! * [`l_var_erf_symmetric`], [`l_var_symmetric`]: the closed forms used by the sweep.

mod closed_form;
mod error;
mod euler;
mod finite_n;
mod fixed_point;
mod model;
mod solve;
#[cfg(test)]
mod tests;
mod trapezoid;

pub use closed_form::{colored_variance, l_var_erf_symmetric, l_var_symmetric};
pub use error::{num, RankTwoError};
pub use euler::{euler_statistics, EulerStatistics};
pub use finite_n::{finite_n_variance, FiniteNTerms, FiniteNVariance};
pub use fixed_point::{amplitude, lambda_plus_for_kappa, lambda_plus_min, Amplitude};
pub(crate) use model::check_finite;
pub use model::{Activation, Coupling, NoiseLevel, RankTwoModel};
pub use solve::{JacobianEigenvalues, MftSolution};
pub use trapezoid::{trapezoid_average, trapezoid_average_even};
