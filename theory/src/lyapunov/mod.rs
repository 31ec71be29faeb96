//! Lyapunov equations `A X + X A^T + Q = 0` (theory notes, Eqs. 21, 24, 48).
//!
//! * [`solve_2x2`]: closed form for 2x2 systems ([`two`]).
//! * N x N: Bartels-Stewart on a real Schur form (see `theory/notes/lyapunov.md`).
//!
//! `A` must be stable (every eigenvalue with negative real part); otherwise the stationary
//! covariance does not exist and the solvers return [`LyapunovError::NotStable`].

mod two;

pub use two::solve_2x2;

/// Why a Lyapunov equation has no (trustworthy) solution.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LyapunovError {
    /// `A` has an eigenvalue with non-negative real part.
    #[error("A is not stable: an eigenvalue has real part {max_real:.6} >= 0, so no stationary covariance exists")]
    NotStable {
        /// The largest real part found.
        max_real: f64,
    },
    /// The solve is too ill-conditioned to trust.
    #[error("the Lyapunov equation is ill-conditioned (separation {sep:.3e} of A and -A^T is too small)")]
    IllConditioned {
        /// Estimated separation.
        sep: f64,
    },
    /// A and Q disagree in shape, or are not square.
    #[error("dimension mismatch: A is {a_rows}x{a_cols} but Q is {q_rows}x{q_cols}; both must be square and of the same size")]
    DimensionMismatch {
        /// rows of A
        a_rows: usize,
        /// columns of A
        a_cols: usize,
        /// rows of Q
        q_rows: usize,
        /// columns of Q
        q_cols: usize,
    },
    /// An input entry is NaN or infinite.
    #[error("non-finite entry in {which}")]
    NonFinite {
        /// `"A"` or `"Q"`
        which: &'static str,
    },
}
