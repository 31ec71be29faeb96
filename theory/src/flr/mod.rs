//! Fluctuation-learning relationship (theory notes section 7; derivation in
//! `theory/notes/flr.md`, equations F1-F14).
//!
//! Network (Eq. F1): `dx/dt = -x + J phi(x) + u eta + sqrt(2) sigma dW/dt`,
//! `phi(x) = tanh(beta x)`. Learning (Eq. F3): `dJ/dt = (epsilon/N) f(x) h(x)^T`.
//! Readout: `m = xi . x / N`. The initial speed `dm/dt|_0` is predicted from the
//! spontaneous covariance `C` (a Lyapunov solution, Eq. F5) and the linear response
//! `G = -A^-1` (Eq. F6): FLR1 (Eq. F12) and its small-input form FLR2 (Eq. F13).
//!
//! ```
//! use nalgebra::{DMatrix, DVector};
//! use oblique_theory::flr::{FlrNetwork, FlrTheory, LearningRule, LearningTask};
//! // Two uncoupled units: C = sigma^2 I, G = I, so FLR1 = exact for plain Hebb.
//! let net = FlrNetwork::new(DMatrix::zeros(2, 2), 1.0, 1.0).unwrap();
//! let th = FlrTheory::at_origin(&net).unwrap();
//! let task = LearningTask {
//!     xi: DVector::from_vec(vec![1.0, -1.0]),
//!     eta: DVector::from_vec(vec![1.0, 1.0]),
//!     u: 0.1, epsilon: 1.0, rule: LearningRule::HEBB,
//! };
//! let p = th.predict(&task).unwrap();
//! // eps/N^2 (xi.xi) beta^2 |r|^2 = 1/4 * 2 * 0.02 = 0.01
//! assert!((p.exact - 0.01).abs() < 1e-12 && (p.flr1 - 0.01).abs() < 1e-12);
//! ```

mod covariance;
mod error;
mod measured;
mod network;
mod periodic;
mod predict;
mod rule;

pub use covariance::{response_matrix, spontaneous_covariance};
pub use error::FlrError;
pub use measured::{EvokedMeans, Fluctuations, MeasuredPrediction};
pub use network::{FlrNetwork, SpontaneousState};
pub use periodic::PeriodicPrediction;
pub use predict::{FlrTheory, LearningTask, SpeedPrediction, SpontaneousSummary};
pub use rule::{LearningRule, PostFactor, PreFactor};
