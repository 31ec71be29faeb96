//! The discrete-time Lyapunov (Stein) equation `X = F X F^T + Q`, the stationary covariance
//! of the linear map `x <- F x + noise` with `Cov(noise) = Q` (the Euler-Maruyama step of a
//! linearised network; `theory/notes/lyapunov.md`, Eqs. Y10-Y12).
//!
//! Reduced to the continuous equation by the Cayley transform (Eq. Y11):
//!
//! ```text
//! A = (F - I)(F + I)^-1,   Q_c = 2 (F + I)^-1 Q (F + I)^-T,   A X + X A^T + Q_c = 0.
//! ```
//!
//! `F` has spectral radius below 1 exactly when `A` is stable (the map `f -> (f-1)/(f+1)`
//! sends the open unit disc to the open left half-plane), so the continuous solver's checks
//! carry over.

use super::solver::check_rhs;
use super::{solve, LyapunovError};
use nalgebra::{DMatrix, Matrix2, Matrix3, Vector3};

/// Solves `X = F X F^T + Q` (Eq. Y10) through the Cayley transform (Eq. Y11) and the
/// Bartels-Stewart solver [`solve`].
///
/// Errors: those of [`solve`] on the transformed equation, except that an unstable
/// transformed `A` (or a singular `F + I`, i.e. an eigenvalue `-1` of `F`) is reported as
/// [`LyapunovError::NotStableDiscrete`].
///
/// ```
/// use nalgebra::DMatrix;
/// use oblique_theory::lyapunov::solve_discrete;
/// // AR(1) x <- 0.8 x + noise of variance 0.36: stationary variance 0.36 / (1 - 0.64) = 1
/// let x = solve_discrete(&DMatrix::from_element(1, 1, 0.8), &DMatrix::from_element(1, 1, 0.36)).unwrap();
/// assert!((x[(0, 0)] - 1.0).abs() < 1e-14);
/// ```
pub fn solve_discrete(f: &DMatrix<f64>, q: &DMatrix<f64>) -> Result<DMatrix<f64>, LyapunovError> {
    if f.nrows() != f.ncols() {
        return Err(LyapunovError::NotSquare {
            rows: f.nrows(),
            cols: f.ncols(),
        });
    }
    let n = f.nrows();
    check_rhs(n, q)?;
    if f.iter().any(|v| !v.is_finite()) {
        return Err(LyapunovError::NonFinite { which: "F" });
    }
    let eye = DMatrix::<f64>::identity(n, n);
    let lu = (f + &eye).lu();
    let p = lu.try_inverse().ok_or(LyapunovError::NotStableDiscrete)?;
    let a = (f - &eye) * &p;
    let qc = (&p * q * p.transpose()) * 2.0;
    match solve(&a, &qc) {
        Err(LyapunovError::NotStable { .. }) => Err(LyapunovError::NotStableDiscrete),
        Err(LyapunovError::NonFinite { .. }) if a.iter().any(|v| !v.is_finite()) => {
            Err(LyapunovError::NotStableDiscrete)
        }
        other => other,
    }
}

/// Solves the 2x2 Stein equation `X = F X F^T + Q` for symmetric `Q` (`theory/notes/linear.md`, Eq. L23) as the
/// 3x3 linear system of the entries `(X11, X12, X22)`:
///
/// ```text
/// [1 - a^2,  -2ab,          -b^2   ] [X11]   [Q11]
/// [-ac,      1 - ad - bc,   -bd    ] [X12] = [Q12],     F = [[a, b], [c, d]].
/// [-c^2,     -2cd,          1 - d^2] [X22]   [Q22]
/// ```
///
/// The system's eigenvalues are `1 - f_i f_j` (`f_i` eigenvalues of `F`), so it is regular
/// whenever the spectral radius of `F` is below 1. Returns `None` when it is singular.
///
/// ```
/// use nalgebra::Matrix2;
/// use oblique_theory::lyapunov::solve_discrete_2x2;
/// // diagonal F: X_ij = Q_ij / (1 - f_i f_j)
/// let x = solve_discrete_2x2(&Matrix2::new(0.5, 0.0, 0.0, -0.8), &Matrix2::new(1.0, 0.3, 0.3, 2.0)).unwrap();
/// assert!((x[(0, 0)] - 1.0 / 0.75).abs() < 1e-15);
/// assert!((x[(0, 1)] - 0.3 / 1.4).abs() < 1e-15);
/// assert!((x[(1, 1)] - 2.0 / 0.36).abs() < 1e-14);
/// ```
pub fn solve_discrete_2x2(f: &Matrix2<f64>, q: &Matrix2<f64>) -> Option<Matrix2<f64>> {
    let (a, b, c, d) = (f[(0, 0)], f[(0, 1)], f[(1, 0)], f[(1, 1)]);
    #[rustfmt::skip]
    let k = Matrix3::new(
        1.0 - a * a, -2.0 * a * b,          -b * b,
        -a * c,      1.0 - a * d - b * c,   -b * d,
        -c * c,      -2.0 * c * d,          1.0 - d * d,
    );
    let rhs = Vector3::new(q[(0, 0)], 0.5 * (q[(0, 1)] + q[(1, 0)]), q[(1, 1)]);
    let x = k.lu().solve(&rhs)?;
    x.iter()
        .all(|v| v.is_finite())
        .then(|| Matrix2::new(x[0], x[1], x[1], x[2]))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Independent route: `(I - F (x) F) vec X = vec Q` by LU (Kronecker product).
    fn kronecker(f: &DMatrix<f64>, q: &DMatrix<f64>) -> DMatrix<f64> {
        let n = f.nrows();
        let mut k = DMatrix::<f64>::identity(n * n, n * n);
        for i in 0..n {
            for j in 0..n {
                for p in 0..n {
                    for r in 0..n {
                        // X_ij = sum_pr F_ip X_pr F_jr (column-major vec: index i + n j)
                        k[(i + n * j, p + n * r)] -= f[(i, p)] * f[(j, r)];
                    }
                }
            }
        }
        let v = DMatrix::from_column_slice(n * n, 1, q.as_slice());
        let x = k.lu().solve(&v).unwrap();
        DMatrix::from_column_slice(n, n, x.as_slice())
    }

    #[test]
    fn matches_the_kronecker_solve() {
        // a non-normal, non-symmetric F with complex eigenvalues, spectral radius ~0.9
        let mut s: u64 = 7;
        let mut next = || {
            s = s
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (s >> 11) as f64 / (1u64 << 53) as f64 - 0.5
        };
        for n in [2usize, 3, 6, 9] {
            let f = DMatrix::from_fn(n, n, |i, j| {
                0.9 / (n as f64).sqrt() * next() + if i == j { 0.3 } else { 0.0 }
            });
            let b = DMatrix::from_fn(n, n, |_, _| next());
            let q = &b * b.transpose();
            let x = solve_discrete(&f, &q).unwrap();
            let y = kronecker(&f, &q);
            assert!((&x - &y).norm() < 1e-11 * y.norm(), "n = {n}");
            let res = &x - &f * &x * f.transpose() - &q;
            assert!(
                res.norm() < 1e-12 * x.norm(),
                "n = {n}: residual {}",
                res.norm()
            );
        }
    }

    #[test]
    fn rotation_with_damping_closed_form() {
        // F = r R(theta), Q = I: X = I / (1 - r^2) (R is orthogonal)
        let (r, th) = (0.95f64, 0.7f64);
        let f = DMatrix::from_row_slice(2, 2, &[th.cos(), -th.sin(), th.sin(), th.cos()]) * r;
        let x = solve_discrete(&f, &DMatrix::identity(2, 2)).unwrap();
        let want = 1.0 / (1.0 - r * r);
        assert!((x[(0, 0)] - want).abs() < 1e-12 * want && x[(0, 1)].abs() < 1e-12 * want);
    }

    #[test]
    fn errors_name_the_problem() {
        let q = DMatrix::identity(2, 2);
        let unstable = DMatrix::from_row_slice(2, 2, &[1.1, 0.0, 0.0, 0.5]);
        let e = solve_discrete(&unstable, &q).unwrap_err();
        assert_eq!(
            e.to_string(),
            "F is not stable: an eigenvalue has modulus >= 1, so the map x <- F x + noise has no stationary covariance"
        );
        let minus_one = DMatrix::from_row_slice(2, 2, &[-1.0, 0.0, 0.0, 0.5]);
        assert_eq!(
            solve_discrete(&minus_one, &q).unwrap_err(),
            LyapunovError::NotStableDiscrete
        );
        let e = solve_discrete(&(DMatrix::identity(3, 3) * 0.5), &q).unwrap_err();
        assert!(matches!(e, LyapunovError::DimensionMismatch { .. }));
        let nan = DMatrix::from_row_slice(2, 2, &[f64::NAN, 0.0, 0.0, 0.5]);
        assert_eq!(
            solve_discrete(&nan, &q).unwrap_err().to_string(),
            "non-finite entry in F"
        );
    }
}
