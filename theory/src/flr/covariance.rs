//! Spontaneous covariance `C`: `A C + C A^T + 2 sigma^2 I = 0` (`theory/notes/flr.md`
//! Eq. F5), and the static response matrix `G = -A^-1` (Eq. F6).

use super::error::FlrError;
use crate::lyapunov::LyapunovError;
use nalgebra::DMatrix;

/// Solves Eq. F5 for the stable Jacobian `a`, mapping an unstable `a` to
/// [`FlrError::Unstable`] with its largest eigenvalue real part.
pub fn spontaneous_covariance(a: &DMatrix<f64>, sigma: f64) -> Result<DMatrix<f64>, FlrError> {
    let n = a.nrows();
    let q = DMatrix::<f64>::identity(n, n) * (2.0 * sigma * sigma);
    match lyapunov_solve(a, &q) {
        Ok(c) => Ok((&c + c.transpose()) * 0.5),
        Err(LyapunovError::NotStable { max_real }) => Err(FlrError::Unstable { max_real }),
        Err(e) => Err(FlrError::Lyapunov(e.to_string())),
    }
}

/// Largest real part of the eigenvalues of `a`: symmetric eigenvalues when `a` is
/// symmetric (the real Schur iteration can stall on the highly degenerate spectra of pure
/// memory networks), otherwise the real Schur form with an iteration cap. `None` when the
/// Schur iteration does not converge.
pub fn max_real_eigenvalue(a: &DMatrix<f64>) -> Option<f64> {
    let scale = a.amax().max(1e-300);
    if (a - a.transpose()).amax() <= 1e-13 * scale {
        let sym = (a + a.transpose()) * 0.5;
        return Some(sym.symmetric_eigenvalues().max());
    }
    let schur = nalgebra::linalg::Schur::try_new(a.clone(), 1e-14, 100 * a.nrows().max(10))?;
    Some(
        schur
            .complex_eigenvalues()
            .iter()
            .map(|z| z.re)
            .fold(f64::NEG_INFINITY, f64::max),
    )
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
            "the spontaneous state is unstable: the Jacobian A = -I + J D has an eigenvalue with real part 0.2000 >= 0, so the spontaneous covariance C does not exist (lower the gain beta, g or the number of memories)"
        );
    }
}

/// Stand-in for `crate::lyapunov::solve` until the N x N solver lands: squared Smith
/// iteration on the Cayley transform `K = (A - pI)^-1 (A + pI)`, `p = 1`:
/// `X = K X K^T + 2p L Q L^T`, `L = (A - pI)^-1`.
fn lyapunov_solve(a: &DMatrix<f64>, q: &DMatrix<f64>) -> Result<DMatrix<f64>, LyapunovError> {
    let max_real = max_real_eigenvalue(a).ok_or(LyapunovError::IllConditioned { sep: 0.0 })?;
    if max_real >= 0.0 {
        return Err(LyapunovError::NotStable { max_real });
    }
    let n = a.nrows();
    let p = 1.0;
    let id = DMatrix::<f64>::identity(n, n);
    let l = (a - &id * p)
        .try_inverse()
        .ok_or(LyapunovError::NotStable { max_real })?;
    let mut k = &l * (a + &id * p);
    let mut x = &l * q * l.transpose() * (2.0 * p);
    for _ in 0..60 {
        let inc = &k * &x * k.transpose();
        let done = inc.amax() <= 1e-15 * x.amax();
        x += inc;
        if done {
            break;
        }
        k = &k * &k;
    }
    Ok(x)
}
