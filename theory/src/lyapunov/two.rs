//! Closed-form solution of the 2x2 Lyapunov equation.

use super::LyapunovError;
use nalgebra::Matrix2;

/// Solves `A X + X A^T + Q = 0` for 2x2 `A` (Eq. 48 for the white-noise covariance `S`).
///
/// With `t = tr A`, `d = det A` and `B = A - t I` (by Cayley-Hamilton `B = -d A^-1`), the
/// unique solution is
///
/// ```text
/// X = -(d Q + B Q B^T) / (2 t d),
/// ```
///
/// valid for any (not only symmetric) `Q` whenever `A` is stable (`t < 0`, `d > 0`).
///
/// ```
/// use nalgebra::Matrix2;
/// use oblique_theory::lyapunov::solve_2x2;
/// let a = Matrix2::new(-1.0, 0.0, 0.0, -2.0);
/// let q = Matrix2::new(2.0, 0.0, 0.0, 2.0);
/// let x = solve_2x2(&a, &q).unwrap();
/// assert!((x[(0, 0)] - 1.0).abs() < 1e-15 && (x[(1, 1)] - 0.5).abs() < 1e-15);
/// ```
pub fn solve_2x2(a: &Matrix2<f64>, q: &Matrix2<f64>) -> Result<Matrix2<f64>, LyapunovError> {
    if a.iter().any(|v| !v.is_finite()) {
        return Err(LyapunovError::NonFinite { which: "A" });
    }
    if q.iter().any(|v| !v.is_finite()) {
        return Err(LyapunovError::NonFinite { which: "Q" });
    }
    // Stability does not change under a positive scaling of A: test A / max|a_ij| so that
    // the trace and determinant cannot overflow for entries near f64::MAX.
    let scale = a.amax();
    let unit = if scale > 0.0 { a / scale } else { *a };
    let (ts, ds) = (unit.trace(), unit.determinant());
    if ts < 0.0 && ds.abs() <= 4.0 * f64::EPSILON {
        // eigenvalues t and d/t of A / scale: the slow one, d/t, is below rounding
        return Err(LyapunovError::IllConditioned {
            sep: 2.0 * scale * ds.abs() / -ts,
        });
    }
    if !(ts < 0.0 && ds > 0.0) {
        // the largest real part of the eigenvalues of A / scale, rescaled
        let max_real = crate::eigen2::Eigen2::of(&unit).max_real();
        return Err(LyapunovError::NotStable {
            max_real: (max_real * scale).max(0.0),
        });
    }
    // A X + X A^T + Q = 0 is (A/s) X + X (A/s)^T + Q/s = 0.
    let qs = if scale > 0.0 { q / scale } else { *q };
    let b = unit - Matrix2::identity() * ts;
    Ok(-(qs * ds + b * qs * b.transpose()) / (2.0 * ts * ds))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn residual_vanishes_for_nonsymmetric_q() {
        let a = Matrix2::new(-1.3, 0.7, -0.4, -0.2);
        let q = Matrix2::new(0.5, -1.1, 2.0, 0.3);
        let x = solve_2x2(&a, &q).unwrap();
        let r = a * x + x * a.transpose() + q;
        assert!(r.norm() < 1e-14 * q.norm(), "residual {}", r.norm());
    }

    #[test]
    fn unstable_a_is_an_error_with_its_eigenvalue() {
        let a = Matrix2::new(0.5, 0.0, 0.0, -1.0);
        let err = solve_2x2(&a, &Matrix2::identity()).unwrap_err();
        assert_eq!(err, LyapunovError::NotStable { max_real: 0.5 });
        assert_eq!(
            err.to_string(),
            "A is not stable: an eigenvalue has real part 0.5 >= 0, so no stationary covariance exists"
        );
    }

    /// Entries near f64::MAX: the trace and determinant of A itself overflow, those of
    /// A / max|a_ij| do not. X = -Q / (2 a) for a diagonal A = a I (closed form).
    #[test]
    fn huge_entries_neither_overflow_nor_pass_as_unstable() {
        let a = Matrix2::new(-2.6e300, 1e300, -1e300, -2.6e300);
        let x = solve_2x2(&a, &Matrix2::identity()).unwrap();
        let r = a * x + x * a.transpose() + Matrix2::identity();
        assert!(r.norm() < 1e-14, "residual {}", r.norm());
        let d = solve_2x2(&(Matrix2::identity() * -1e300), &Matrix2::identity()).unwrap();
        assert!((d[(0, 0)] - 0.5e-300).abs() < 1e-14 * 0.5e-300);
        let err = solve_2x2(&Matrix2::new(1e300, 0.0, 0.0, -1e300), &Matrix2::identity());
        assert_eq!(
            err.unwrap_err().to_string(),
            "A is not stable: an eigenvalue has real part 1.0000e300 >= 0, so no stationary covariance exists"
        );
    }
}
