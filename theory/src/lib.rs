//! # oblique-theory
//!
//! The analytic half of `oblique`: pure, deterministic functions with no I/O.
//! Equation numbers `(Eq. n)` refer to Schuessler, Mastrogiuseppe, Ostojic and Barak,
//! "Aligned and oblique dynamics in recurrent neural networks", eLife 2024.
//!
//! | module | theory | derivation note |
//! | --- | --- | --- |
//! | [`nonlinearity`] | Gaussian averages `<f>_s` (section 2) | `theory/notes/gaussian-averages.md` |
//! | [`eigen2`] | eigenvalues of a real 2x2 matrix, without cancellation | this module's docs |
//! | [`lyapunov`] | `A X + X A^T + Q = 0`, 2x2 and N x N | `theory/notes/lyapunov.md` |
//! | [`rank_two`] | noisy rank-two fixed point, g = 0 (Eqs. 40-53) | `theory/notes/rank-two.md` |
//! | [`bulk`] | random bulk g > 0 | `theory/notes/bulk.md` |
//! | [`optimum`] | minimum of L_var over lambda+ | `theory/notes/rank-two.md` |
//! | [`sweep`] | closed-form landscapes | `theory/notes/rank-two.md` |
//! | [`linear`] | linear gradient flow (Eqs. 18-33, App. A.2-A.3) | `theory/notes/linear.md` |
//! | [`flr`] | fluctuation-learning relationship | `theory/notes/flr.md` |

pub mod bulk;
pub mod eigen2;
pub mod finite_time;
pub mod flr;
pub mod linear;
pub mod lyapunov;
pub mod nonlinearity;
pub mod optimum;
pub mod rank_two;
pub mod sweep;
