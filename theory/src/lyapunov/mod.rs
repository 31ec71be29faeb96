//! Lyapunov equations `A X + X A^T + Q = 0`.
//!
//! Not built yet. The interface the other modules code against:
//!
//! * `solve_2x2(a: &Matrix2<f64>, q: &Matrix2<f64>) -> Result<Matrix2<f64>, LyapunovError>`
//! * `solve(a: &DMatrix<f64>, q: &DMatrix<f64>) -> Result<DMatrix<f64>, LyapunovError>`
//! * `SchurLyapunov::new(a)?` then `.solve(q)` / `.solve_adjoint(q)` (`A^T X + X A + Q = 0`),
//!   reusing one real Schur factorisation for many right-hand sides.
