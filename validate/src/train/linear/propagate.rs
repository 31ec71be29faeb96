//! The time step's product of the linear trainer, `Y <- Y + alpha W X` (module docs of
//! [`super`]: `X_{k+1} = ... + dt W X_k`), with `W` the `N x N` coupling and `X`, `Y` the
//! `N x B` state blocks of a chunk, all column-major.
//!
//! `W` is the same at each of the `T` time steps of a pass. A general GEMM
//! (`matrixmultiply`) copies ("packs") both operands at every call; with only `B = 16`
//! columns on the other side, copying the `N x N` operand cost about as much as the product
//! itself (a third of the trainer's step at `N = 256`). Here `W` is read in place: each block
//! of 8 rows and 4 columns of `Y` accumulates `sum_j W[i, j] X[j, b]` over a strip of `W`'s
//! rows that stays in the L1 cache while the block's columns are swept, in fused
//! multiply-adds, compiled for the CPU's SIMD width by `oblique_theory::simd_dispatch!`
//! (every version gives the same bits).

/// Rows per block (two AVX2 registers of `f64`).
const ROWS: usize = 8;
/// Columns per block.
const COLS: usize = 4;

/// `Y[i0.., b0..] += alpha (W X)[i0.., b0..]` for a block of `rr x cc` entries, accumulated
/// over `j = 0..N` in order (`acc = W[i, j].mul_add(X[j, b], acc)`).
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn block<const RR: usize, const CC: usize>(
    n: usize,
    alpha: f64,
    w: &[f64],
    x: &[f64],
    y: &mut [f64],
    i0: usize,
    b0: usize,
) {
    let mut acc = [[0.0f64; RR]; CC];
    for j in 0..n {
        let col: &[f64; RR] = w[j * n + i0..][..RR].try_into().expect("RR entries");
        for (c, a) in acc.iter_mut().enumerate() {
            let p = x[(b0 + c) * n + j];
            for r in 0..RR {
                a[r] = col[r].mul_add(p, a[r]);
            }
        }
    }
    for (c, a) in acc.iter().enumerate() {
        let out = &mut y[(b0 + c) * n + i0..][..RR];
        for r in 0..RR {
            out[r] = alpha.mul_add(a[r], out[r]);
        }
    }
}

/// The left-over rows (`rows < ROWS`) or columns of a block, one entry at a time.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn edge(
    n: usize,
    alpha: f64,
    w: &[f64],
    x: &[f64],
    y: &mut [f64],
    (i0, rows): (usize, usize),
    (b0, cols): (usize, usize),
) {
    for b in b0..b0 + cols {
        for i in i0..i0 + rows {
            let mut acc = 0.0f64;
            for j in 0..n {
                acc = w[j * n + i].mul_add(x[b * n + j], acc);
            }
            y[b * n + i] = alpha.mul_add(acc, y[b * n + i]);
        }
    }
}

#[inline(always)]
fn add_product_generic(n: usize, cols: usize, alpha: f64, w: &[f64], x: &[f64], y: &mut [f64]) {
    let full_rows = n - n % ROWS;
    let full_cols = cols - cols % COLS;
    for i0 in (0..full_rows).step_by(ROWS) {
        for b0 in (0..full_cols).step_by(COLS) {
            block::<ROWS, COLS>(n, alpha, w, x, y, i0, b0);
        }
        edge(n, alpha, w, x, y, (i0, ROWS), (full_cols, cols - full_cols));
    }
    edge(n, alpha, w, x, y, (full_rows, n - full_rows), (0, cols));
}

oblique_theory::simd_dispatch! {
    fn add_product_simd(n: usize, cols: usize, alpha: f64, w: &[f64], x: &[f64], y: &mut [f64])
        => add_product_generic
}

/// `Y <- Y + alpha W X` with `W` (`N x N`), `X` and `Y` (`N x cols`) column-major
/// (`W[i, j] = w[j N + i]`, `X[j, b] = x[b N + j]`): for each entry, `sum_j W[i, j] X[j, b]`
/// accumulated in order with fused multiply-adds, then `Y = alpha.mul_add(sum, Y)`.
///
/// # Panics
/// When a slice is shorter than its matrix.
///
/// ```ignore
/// // W = [[1, 2], [3, 4]] (column-major), X = [1, 1]^T: W X = [3, 7]
/// let mut y = vec![1.0, 1.0];
/// add_product(2, 1, 0.5, &[1.0, 3.0, 2.0, 4.0], &[1.0, 1.0], &mut y);
/// assert_eq!(y, [2.5, 4.5]);
/// ```
pub(super) fn add_product(n: usize, cols: usize, alpha: f64, w: &[f64], x: &[f64], y: &mut [f64]) {
    assert!(w.len() >= n * n && x.len() >= n * cols && y.len() >= n * cols);
    add_product_simd(n, cols, alpha, w, x, y)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naive(n: usize, cols: usize, alpha: f64, w: &[f64], x: &[f64], y: &mut [f64]) {
        for b in 0..cols {
            for i in 0..n {
                let s: f64 = (0..n).map(|j| w[j * n + i] * x[b * n + j]).sum();
                y[b * n + i] += alpha * s;
            }
        }
    }

    fn filled(len: usize, a: f64) -> Vec<f64> {
        (0..len).map(|k| ((k as f64 + 1.0) * a).sin()).collect()
    }

    #[test]
    fn the_documented_two_by_two_example() {
        let mut y = vec![1.0, 1.0];
        add_product(2, 1, 0.5, &[1.0, 3.0, 2.0, 4.0], &[1.0, 1.0], &mut y);
        assert_eq!(y, [2.5, 4.5]);
    }

    /// Full blocks, left-over rows and columns, one column, one row: against a naive
    /// triple loop to 1e-13 relative to the sum of absolute terms (at most `n` terms of
    /// size 1).
    #[test]
    fn equals_the_naive_product_on_every_shape() {
        for (n, cols) in [(256, 16), (19, 7), (8, 4), (5, 1), (1, 3), (33, 16)] {
            let w = filled(n * n, 0.37);
            let x = filled(n * cols, 0.11);
            let y0 = filled(n * cols, 0.53);
            let (mut fast, mut slow) = (y0.clone(), y0);
            add_product(n, cols, 0.2, &w, &x, &mut fast);
            naive(n, cols, 0.2, &w, &x, &mut slow);
            for (k, (f, s)) in fast.iter().zip(&slow).enumerate() {
                assert!((f - s).abs() <= 1e-13 * n as f64, "n {n} cols {cols} entry {k}: {f} {s}");
            }
        }
    }

    #[test]
    fn a_short_slice_panics_instead_of_reading_past_it() {
        let r = std::panic::catch_unwind(|| {
            let mut y = vec![0.0; 4];
            add_product(2, 2, 1.0, &[0.0; 3], &[0.0; 4], &mut y)
        });
        assert!(r.is_err());
    }
}
