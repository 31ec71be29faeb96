//! Fallback Lyapunov solver by the matrix-sign-function Newton iteration (Roberts 1980;
//! theory/notes/linear.md, Eq. L9), used by [`super::solve`] and [`super::solve_pair`] only when the real Schur factorisation of
//! `A = W - I` does not converge — which happens for `A` within rounding of a multiple of
//! the identity, exactly the situation of gradient flow in the full `W` started at `W0 = 0`
//! (the `N - 2` directions outside `span(w_out, w_in)` keep `W - I = -I` up to rounding).
//!
//! For stable `A`, with `A_0 = A`, `Q_0 = Q` and the determinant scaling
//! `c_k = |det A_k|^(-1/N)`,
//!
//! ```text
//! A_{k+1} = (c_k A_k + A_k^-1 / c_k) / 2,
//! Q_{k+1} = (c_k Q_k + A_k^-1 Q_k A_k^-T / c_k) / 2,
//! ```
//!
//! `A_k -> -I` quadratically and `X = Q_inf / 2` solves `A X + X A^T + Q = 0` (each step
//! keeps `A_k X + X A_k^T + Q_k = 0`). The forward and adjoint equations are iterated
//! together, sharing the inverses.

use super::LyapunovError;
use nalgebra::DMatrix;

/// Solutions `S` of `A S + S A^T + Q = 0` and `Omega` of `A^T Omega + Omega A + R = 0`.
pub(super) fn solve_pair(
    a: &DMatrix<f64>,
    q: &DMatrix<f64>,
    r: &DMatrix<f64>,
) -> Result<(DMatrix<f64>, DMatrix<f64>), LyapunovError> {
    let n = a.nrows();
    let failed = LyapunovError::SchurFailed { n };
    let id = DMatrix::<f64>::identity(n, n);
    let (mut ak, mut qk, mut rk) = (a.clone(), q.clone(), r.clone());
    for _ in 0..100 {
        let lu = ak.clone().lu();
        let det = lu.determinant();
        let inv = lu.try_inverse().ok_or(failed.clone())?;
        let c = if det.is_finite() && det != 0.0 {
            det.abs().powf(-1.0 / n as f64)
        } else {
            1.0
        };
        let next = (&ak * c + &inv / c) * 0.5;
        qk = (&qk * c + &inv * &qk * inv.transpose() / c) * 0.5;
        rk = (&rk * c + inv.transpose() * &rk * &inv / c) * 0.5;
        let change = (&next - &ak).norm();
        ak = next;
        if change <= 1e-13 * ak.norm() {
            break;
        }
    }
    // Stable A converges to -I; anything else means an eigenvalue with Re >= 0.
    if (&ak + &id).amax() > 1e-8 || qk.iter().any(|v| !v.is_finite()) {
        return Err(failed);
    }
    Ok((qk * 0.5, rk * 0.5))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn solves_nearly_scalar_and_general_stable_systems() {
        for eps in [1e-13, 1e-3, 0.3] {
            let n = 9;
            let a = DMatrix::from_fn(n, n, |i, j| {
                (if i == j { -1.0 } else { 0.0 }) + eps * ((i * 7 + j * 3) as f64).sin()
            });
            let q = DMatrix::from_fn(n, n, |i, j| if i == j { 2.0 } else { 0.1 });
            let r = DMatrix::from_fn(n, n, |i, j| ((i + 1) * (j + 1)) as f64 / 20.0);
            let (s, o) = solve_pair(&a, &q, &r).unwrap();
            let res_s = &a * &s + &s * a.transpose() + &q;
            let res_o = a.transpose() * &o + &o * &a + &r;
            assert!(
                res_s.norm() < 1e-12 * q.norm(),
                "eps {eps}: {}",
                res_s.norm()
            );
            assert!(
                res_o.norm() < 1e-12 * r.norm(),
                "eps {eps}: {}",
                res_o.norm()
            );
        }
    }

    #[test]
    fn unstable_a_is_rejected() {
        let a = DMatrix::from_diagonal(&nalgebra::DVector::from_vec(vec![-1.0, 0.5, -2.0]));
        let id = DMatrix::identity(3, 3);
        assert!(solve_pair(&a, &id, &id).is_err());
    }
}
