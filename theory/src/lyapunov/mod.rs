//! Lyapunov equations `A X + X A^T + Q = 0` (theory notes, Eqs. 21, 24, 48).
//!
//! * [`solve_2x2`]: closed form for 2x2 systems (`two.rs`).
//! * [`solve_discrete`] (and [`solve_discrete_2x2`], the 2x2 case as a 3x3 system): the discrete-time (Stein) equation `X = F X F^T + Q` of an
//!   Euler-Maruyama map, by the Cayley transform to the continuous equation.
//! * [`solve`], [`solve_pair`] and [`SchurLyapunov`]: N x N by Bartels-Stewart on a real Schur form
//!   `A = U T U^T` (`theory/notes/lyapunov.md`, Eqs. Y1-Y9). [`SchurLyapunov`] keeps the
//!   factorisation, so that many right-hand sides, and the adjoint equation
//!   `A^T X + X A + Q = 0` (Eq. 24), cost `O(N^3)` with a small constant each instead of a
//!   new Schur decomposition.
//!
//! `A` must be stable (every eigenvalue with negative real part); otherwise the stationary
//! covariance does not exist and the solvers return [`LyapunovError::NotStable`]. A solve
//! whose answer cannot be trusted (eigenvalue sums `lambda_i + lambda_j` nearly zero, or a
//! solution so large that rounding dominates) returns [`LyapunovError::IllConditioned`].
//!
//! The real Schur form comes, by default, from this crate's own pure-Rust
//! Householder-Hessenberg reduction and Francis double-shift QR (`francis.rs`); nalgebra's
//! `Schur` is not used because it fails to converge on matrices such as `-I + U M U^T / N`
//! (an eigenvalue of multiplicity `N - 2`, exactly the linear network's `W - I`) and is
//! about 2x slower at N = 256. With the cargo feature `lapack` the Schur form comes from
//! LAPACK's `dgees` (through `nalgebra-lapack`, OpenBLAS).

#[cfg_attr(feature = "lapack", allow(dead_code))] // tested, but dgees is used
mod bulge;
#[cfg_attr(feature = "lapack", allow(dead_code))] // tested, but dgees is used
mod far;
#[cfg_attr(feature = "lapack", allow(dead_code))] // tested, but dgees is used
mod francis;
#[cfg_attr(feature = "lapack", allow(dead_code))] // tested, but dgees is used
mod hessenberg;
#[cfg_attr(feature = "lapack", allow(dead_code))] // tested, but dgees is used
mod left_reflect;
#[cfg_attr(feature = "lapack", allow(dead_code))] // tested, but dgees is used
mod lines;
mod schur;
mod sign;
mod solver;
mod stein;
mod triangular;
mod two;

pub use solver::{solve, solve_pair, SchurLyapunov};
pub use stein::{solve_discrete, solve_discrete_2x2};
pub use two::solve_2x2;

/// Why a Lyapunov equation has no (trustworthy) solution.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LyapunovError {
    /// `A` has an eigenvalue with non-negative real part.
    #[error("A is not stable: an eigenvalue has real part {} >= 0, so no stationary covariance exists", crate::format::num(*.max_real))]
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
    /// The QR iteration for the real Schur form did not converge.
    #[error("the real Schur decomposition of the {n}x{n} matrix A did not converge")]
    SchurFailed {
        /// Dimension of `A`.
        n: usize,
    },
    /// `A` is not square.
    #[error("A is {rows}x{cols}, but it must be square")]
    NotSquare {
        /// rows of A
        rows: usize,
        /// columns of A
        cols: usize,
    },
    /// The discrete map `F` has an eigenvalue of modulus `>= 1` ([`solve_discrete`]).
    #[error("F is not stable: an eigenvalue has modulus >= 1, so the map x <- F x + noise has no stationary covariance")]
    NotStableDiscrete,
    /// `A` is 0x0.
    #[error("A is empty (0x0); the Lyapunov equation needs N >= 1")]
    Empty,
}

#[cfg(test)]
mod tests;
