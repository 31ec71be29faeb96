//! The network of theory notes section 1, as data.
//!
//! ```text
//! dx/dt = -x + W phi(x) + w_in u(t) + noise,    z = w_out . x
//! W = U M U^T / N + g J / sqrt(N)
//! ```
//!
//! * [`RankTwoNetwork`]: `U` is `N x 2` with orthogonal columns of squared norm `N` (QR of a
//!   Gaussian `N x 2` matrix, times `sqrt(N)`), `M` the 2x2 coefficient matrix, `J` i.i.d.
//!   standard normal (drawn only when `g > 0`), `w_out = U[:,0] / sqrt(N)` (norm one),
//!   `w_in = U[:,1]` (entries of order one). The latent variable is `kappa = U^T x / N`,
//!   so that `z = sqrt(N) kappa_1`.
//! * [`FullNetwork`]: any `N x N` matrix `W` with given `w_in`, `w_out` (e.g. the linear
//!   network of Fig. 10, where `W` itself is trained).
//!
//! Both carry the noise level `sigma` (a single unconnected unit has stationary variance
//! `sigma^2`), the nonlinearity and the Euler step `dt` (0.2 by default).
//!
//! # Seeding
//!
//! [`RankTwoNetwork::from_seed`] draws everything from `ChaCha8Rng::seed_from_u64(seed)`:
//! `U` from stream 0 and `J` from stream 1, so `U` (hence `w_in`, `w_out`) does not depend on
//! `g`, and the same seed always gives the same network on every platform.
//!
//! ```
//! use nalgebra::Matrix2;
//! use oblique_validate::network::{RankTwoNetwork, RankTwoParams};
//!
//! let params = RankTwoParams::new(256, Matrix2::new(1.9, 0.0, 0.0, -5.0)).with_noise(1.0);
//! let net = RankTwoNetwork::from_seed(&params, 1).unwrap();
//! // orthogonal columns of squared norm N
//! assert!((net.u.column(0).norm_squared() - 256.0).abs() < 1e-9);
//! assert!(net.u.column(0).dot(&net.u.column(1)).abs() < 1e-9);
//! assert!((net.w_out.norm() - 1.0).abs() < 1e-12);
//! ```

mod checks;
mod full;
mod rank_two;
#[cfg(test)]
mod tests;

pub use checks::*;
pub use full::FullNetwork;
pub use rank_two::{RankTwoNetwork, RankTwoParams};

/// The default Euler-Maruyama step of the published simulations (theory notes section 1).
pub const DEFAULT_DT: f64 = 0.2;
