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
    let t = a.trace();
    let d = a.determinant();
    if !(t < 0.0 && d > 0.0) {
        let max_real = crate::eigen2::Eigen2::of(a).max_real();
        return Err(LyapunovError::NotStable { max_real });
    }
    let b = a - Matrix2::identity() * t;
    Ok(-(q * d + b * q * b.transpose()) / (2.0 * t * d))
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
            "A is not stable: an eigenvalue has real part 0.500000 >= 0, so no stationary covariance exists"
        );
    }
}
