//! The dense products of the linear trainer: a strided `dgemm` and the Krylov vectors of
//! the adjoint (module docs of [`super`]).

use crate::rnn::real::{gemm_raw_on, Kernel};
use nalgebra::DMatrix;

/// `C = alpha A B + beta C` with explicit (row, column) strides, on [`Kernel::Fast`] (the
/// `gemm` crate, single-threaded; the chunks are fixed, so thread counts do not matter).
#[allow(clippy::too_many_arguments)]
pub(super) fn gemm(
    m: usize,
    k: usize,
    n: usize,
    alpha: f64,
    a: (&[f64], isize, isize),
    b: (&[f64], isize, isize),
    beta: f64,
    c: (&mut [f64], isize, isize),
) {
    let max_idx = |rows: usize, cols: usize, rs: isize, cs: isize| {
        if rows == 0 || cols == 0 {
            0
        } else {
            (rows - 1) * rs as usize + (cols - 1) * cs as usize + 1
        }
    };
    assert!(a.0.len() >= max_idx(m, k, a.1, a.2));
    assert!(b.0.len() >= max_idx(k, n, b.1, b.2));
    assert!(c.0.len() >= max_idx(m, n, c.1, c.2));
    // SAFETY: the asserts above keep every accessed index inside the slices; strides are
    // non-negative and C does not alias A or B (it is a distinct &mut borrow).
    unsafe {
        gemm_raw_on(
            Kernel::Fast,
            m,
            k,
            n,
            alpha,
            a.0.as_ptr(),
            a.1,
            a.2,
            b.0.as_ptr(),
            b.1,
            b.2,
            beta,
            c.0.as_mut_ptr(),
            c.1,
            c.2,
        );
    }
}

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
