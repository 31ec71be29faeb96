//! The dense products of the linear trainer: a strided `dgemm` and the Krylov vectors of
//! the adjoint (module docs of [`super`]).

pub(super) use crate::rnn::real::gemm_strided as gemm;
use nalgebra::DMatrix;

/// The Krylov vectors `v_m = (A^T)^m w_out`, `m = 0..T-1`, as the columns of an `N x T`
/// matrix (column-major), with `A^T v = (1 - dt) v + dt W^T v` (module docs).
pub(super) fn krylov(w: &DMatrix<f64>, w_out: &[f64], dt: f64, t: usize) -> Vec<f64> {
    let n = w.nrows();
    let ni = n as isize;
    let mut v = vec![0.0; n * t];
    v[..n].copy_from_slice(w_out);
    for m in 1..t {
        let (prev, next) = v[(m - 1) * n..(m + 1) * n].split_at_mut(n);
        for (a, b) in next.iter_mut().zip(prev.iter()) {
            *a = (1.0 - dt) * b;
        }
        gemm(
            n,
            n,
            1,
            dt,
            (w.as_slice(), ni, 1),
            (prev, 1, ni),
            1.0,
            (next, 1, ni),
        );
    }
    v
}
