//! Spontaneous covariance `C`: `A C + C A^T + 2 sigma^2 I = 0` (`theory/notes/flr.md`
//! Eq. F5), and the static response matrix `G = -A^-1` (Eq. F6).

use super::error::FlrError;
use crate::lyapunov::{LyapunovError, SchurLyapunov};
use nalgebra::DMatrix;

/// Solves Eq. F5 for the stable Jacobian `a` (one real Schur factorisation,
/// [`SchurLyapunov`]), mapping an unstable `a` to
/// [`FlrError::Unstable`] with its largest eigenvalue real part.
pub fn spontaneous_covariance(a: &DMatrix<f64>, sigma: f64) -> Result<DMatrix<f64>, FlrError> {
    let n = a.nrows();
    let q = DMatrix::<f64>::identity(n, n) * (2.0 * sigma * sigma);
    match SchurLyapunov::new(a).and_then(|f| f.solve(&q)) {
        Ok(c) => Ok((&c + c.transpose()) * 0.5),
        Err(LyapunovError::NotStable { max_real }) => Err(FlrError::Unstable { max_real }),
        Err(e) => Err(FlrError::Lyapunov(e.to_string())),
    }
}

/// `G = -A^-1`, the static linear response of the mean state to a constant drive (Eq. F6).
pub fn response_matrix(a: &DMatrix<f64>) -> Result<DMatrix<f64>, FlrError> {
    a.clone()
        .try_inverse()
        .map(|inv| -inv)
        .ok_or(FlrError::Unstable { max_real: 0.0 })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// For symmetric stable A, C = sigma^2 (-A)^-1 (fluctuation-dissipation, Eq. F11).
    #[test]
    fn symmetric_jacobian_gives_fdt() {
        let a = DMatrix::from_row_slice(3, 3, &[-1.0, 0.3, 0.1, 0.3, -0.8, 0.2, 0.1, 0.2, -1.5]);
        let c = spontaneous_covariance(&a, 0.7).unwrap();
        let g = response_matrix(&a).unwrap();
        assert!((&c - &g * 0.49).amax() < 1e-10);
    }

    #[test]
    fn unstable_jacobian_is_an_error_naming_the_eigenvalue() {
        let a = DMatrix::from_row_slice(2, 2, &[0.2, 1.0, 0.0, -1.0]);
        let e = spontaneous_covariance(&a, 1.0).unwrap_err();
        assert_eq!(
            e.to_string(),
            "the spontaneous state is unstable: the Jacobian A = -I + J D has an eigenvalue with real part 0.2 >= 0, so the spontaneous covariance C does not exist (lower the gain beta, g or the number of memories)"
        );
    }

    #[test]
    fn noise_beyond_floating_point_names_what_to_lower() {
        // sigma = 1e300: 2 sigma^2 overflows to infinity in Q
        let a = DMatrix::from_row_slice(2, 2, &[-1.0, 0.0, 0.0, -1.0]);
        let e = spontaneous_covariance(&a, 1e300).unwrap_err().to_string();
        assert!(
            e.starts_with("spontaneous covariance: ")
                && e.ends_with(
                    " (the gain beta, g or the noise is too large for the solver; lower it)"
                ),
            "{e}"
        );
    }
}
