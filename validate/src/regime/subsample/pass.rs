//! The pass over the samples of one subset refit ([`super::subset_fit`]): the leave-one-out
//! sums `L(alpha) = sum_ic ((y_ic - Yhat_ic) / (1 - H_ii))^2` of the whole `alpha` grid, in
//! blocks of [`BLOCK`] rows, dropping the `alpha`s that provably cannot be the best.
//!
//! Per block, one product `[Z_b | Yhat_b] = X_{S,b} B` with `B = [V | V G]` and one
//! `H_b = (Z_b o Z_b) W`, on the `gemm` crate (single-threaded; the row blocks are fixed by
//! `n` and every element is one dot product over `k <= 512` in a fixed order, so the
//! rounding depends on neither the number of threads nor the columns kept).
//!
//! Pruning (exact): after the rows before block `j`, with `L_j(alpha)` and `E_j(alpha)` the
//! partial leave-one-out and residual sums and `RSS(alpha)` the residual sum of squares from
//! the eigenpairs, the rows left contribute between `RSS - E_j` (as `1 - H_ii <= 1`) and
//! `(RSS - E_j) / (1 - h_j(alpha))^2`, where `h_j` bounds `H_ii` on those rows:
//! `H_ii - 1/n = sum_k z_ik^2 / (lambda_k + alpha)` is at most `|x_i|^2 / (lambda_r + alpha)`
//! and at most the leverage `x_i^T G^{-1} x_i` of the full set of neurons (the hat matrix of
//! a subset of the columns is below that of all of them). An `alpha` whose lower bound
//! exceeds the smallest upper bound by a relative `1e-6` is dropped: its columns leave `B`
//! and `W`, and its score becomes `+inf`. The bounds carry a relative slack for the
//! rounding of the eigenpairs (`10 N^2 eps` times the condition numbers). The kept `alpha`s'
//! sums are bit for bit those of the unpruned pass.

use nalgebra::DMatrix;
use rayon::prelude::*;

use crate::rnn::real::gemm_strided;

use super::super::pca::Spectrum;

/// Rows per block: `X_{S,b}` (up to 200 neurons) and `[Z_b | Yhat_b]` fit in a 512 KB L2.
pub const BLOCK: usize = 128;

/// Bounds on the rows of the recording shared by every subset: for each block `j`, the
/// largest `|x_i|^2` and leverage `x_i^T G^{-1} x_i` (full set of neurons; `None` when `G`
/// is singular) over the rows from block `j` on, and the relative slack of the leverages.
pub struct RowBounds {
    norm2: Vec<f64>,
    lev: Option<Vec<f64>>,
    lev_slack: f64,
}

impl RowBounds {
    /// Squared row norms only (cheap: `n N`).
    pub fn norms(xc: &DMatrix<f64>) -> Self {
        let n = xc.nrows();
        let mut norm2 = vec![0.0; n];
        for col in xc.column_iter() {
            norm2
                .iter_mut()
                .zip(col.iter())
                .for_each(|(s, x)| *s += x * x);
        }
        RowBounds {
            norm2: suffix_block_max(&norm2),
            lev: None,
            lev_slack: 0.0,
        }
    }

    /// Norms and leverages (`n N^2`, the rows in parallel) from the spectrum of `G`.
    pub fn with_leverage(xc: &DMatrix<f64>, full: &Spectrum) -> Self {
        let mut out = Self::norms(xc);
        let (n, big_n) = xc.shape();
        let r = full.rank();
        if r < big_n || n == 0 {
            return out;
        }
        // U = X V diag(lambda)^{-1/2}; the leverage of row i is |u_i|^2.
        let scaled = DMatrix::from_fn(big_n, r, |j, k| {
            full.vectors[(j, k)] / full.eigenvalues[k].sqrt()
        });
        let blocks: Vec<usize> = (0..n).step_by(BLOCK).collect();
        let lev: Vec<f64> = blocks
            .par_iter()
            .flat_map_iter(|&start| {
                let b = BLOCK.min(n - start);
                let xb = xc.rows(start, b).into_owned();
                let mut u = vec![0.0; b * r];
                product(
                    b,
                    big_n,
                    r,
                    (xb.as_slice(), b),
                    (scaled.as_slice(), big_n),
                    (&mut u, b),
                );
                (0..b).map(move |i| (0..r).map(|k| u[k * b + i] * u[k * b + i]).sum::<f64>())
            })
            .collect();
        out.lev = Some(suffix_block_max(&lev));
        out.lev_slack = rounding_slack(big_n, full.eigenvalues[0] / full.eigenvalues[r - 1]);
        out
    }
}

/// `max_{i >= j BLOCK} v_i` for every block `j`.
fn suffix_block_max(v: &[f64]) -> Vec<f64> {
    let mut out: Vec<f64> = v
        .chunks(BLOCK)
        .map(|c| c.iter().copied().fold(0.0, f64::max))
        .collect();
    for j in (0..out.len().saturating_sub(1)).rev() {
        out[j] = out[j].max(out[j + 1]);
    }
    out
}

/// Relative slack for quantities computed from an eigendecomposition of size `p` with
/// condition number `cond`: `1e-6 + 10 p^2 eps cond`.
fn rounding_slack(p: usize, cond: f64) -> f64 {
    1e-6 + 10.0 * (p * p) as f64 * f64::EPSILON * cond
}

/// One subset's inputs to the pass: the neurons `idx` (p), the kept eigenvalues (r), the
/// matrix `B = [V | V G]` (p x (r + A d); column `r + a d + c` gives `Yhat_c(alpha_a)`) and
/// the residual sum of squares of every `alpha` from the eigenpairs, summed over outputs,
/// with the outputs' total sum of squares.
pub(super) struct PassInputs<'a> {
    pub idx: &'a [usize],
    pub lambda: &'a [f64],
    pub b: DMatrix<f64>,
    pub rss: Vec<f64>,
    pub tss: f64,
}

/// The columns of `B` and `W = 1 / (lambda_k + alpha_a)` (r x A) of the `alpha`s still in.
struct Grid {
    active: Vec<usize>,
    b: DMatrix<f64>,
    w: DMatrix<f64>,
}

impl Grid {
    fn select(active: Vec<usize>, b: &DMatrix<f64>, w: &DMatrix<f64>, d: usize) -> Self {
        let r = w.nrows();
        let mut cols: Vec<usize> = (0..r).collect();
        cols.extend(
            active
                .iter()
                .flat_map(|&a| (0..d).map(move |c| r + a * d + c)),
        );
        Grid {
            b: b.select_columns(&cols),
            w: w.select_columns(&active),
            active,
        }
    }
}

/// The leave-one-out sums `L(alpha)` of [`PassInputs`] (module docs), `+inf` for the
/// `alpha`s dropped (none when `prune` is false).
pub(super) fn loo_sums(
    xc: &DMatrix<f64>,
    yc: &DMatrix<f64>,
    inp: &PassInputs,
    alphas: &[f64],
    bounds: &RowBounds,
    prune: bool,
) -> Vec<f64> {
    let (n, d) = yc.shape();
    let (p, r, na) = (inp.idx.len(), inp.lambda.len(), alphas.len());
    let w_all = DMatrix::from_fn(r, na, |k, a| 1.0 / (inp.lambda[k] + alphas[a]));
    let mut grid = Grid::select((0..na).collect(), &inp.b, &w_all, d);
    let (mut loo, mut res) = (vec![0.0; na], vec![0.0; na]);
    let rows = BLOCK.min(n);
    let (mut xb, mut zf) = (vec![0.0; rows * p], vec![0.0; rows * inp.b.ncols()]);
    let (mut hb, mut inv_all) = (vec![0.0; rows * na], vec![0.0; rows]);
    let h0 = 1.0 - 1.0 / n as f64;
    let slack = rounding_slack(p, inp.lambda.first().map_or(1.0, |l| l / inp.lambda[r - 1]));
    for (j, start) in (0..n).step_by(rows).enumerate() {
        if prune && r > 0 {
            let h_max = |a: usize| {
                let by_norm = bounds.norm2[j] / (inp.lambda[r - 1] + alphas[a]);
                let by_lev = bounds
                    .lev
                    .as_ref()
                    .map_or(f64::INFINITY, |l| l[j] * (1.0 + bounds.lev_slack));
                1.0 / n as f64 + by_norm.min(by_lev) * (1.0 + slack)
            };
            let keep = survivors(&grid.active, &loo, &res, inp, slack, h_max);
            if keep.len() < grid.active.len() {
                grid = Grid::select(keep, &inp.b, &w_all, d);
            }
        }
        let (b, act, cols) = (rows.min(n - start), &grid.active, grid.b.ncols());
        for (k, &col) in inp.idx.iter().enumerate() {
            xb[k * b..(k + 1) * b].copy_from_slice(&xc.as_slice()[col * n + start..][..b]);
        }
        product(b, p, cols, (&xb, b), (grid.b.as_slice(), p), (&mut zf, b));
        zf[..b * r].iter_mut().for_each(|z| *z *= *z);
        product(
            b,
            r,
            act.len(),
            (&zf, b),
            (grid.w.as_slice(), r),
            (&mut hb, b),
        );
        for (t, &a) in act.iter().enumerate() {
            let inv = &mut inv_all[..b];
            inv.iter_mut()
                .zip(&hb[t * b..(t + 1) * b])
                .for_each(|(v, h)| *v = 1.0 / (h0 - h));
            for c in 0..d {
                let f = &zf[(r + t * d + c) * b..][..b];
                let (l, e2) = loo_sum(&yc.as_slice()[c * n + start..][..b], f, inv);
                loo[a] += l;
                res[a] += e2;
            }
        }
    }
    let mut out = vec![f64::INFINITY; na];
    grid.active.iter().for_each(|&a| out[a] = loo[a]);
    out
}

/// The `alpha`s of `active` whose lower bound `L_j + (RSS - E_j)` does not exceed the
/// smallest upper bound `L_j + (RSS - E_j) / (1 - h(alpha))^2` by a relative `1e-6`, the
/// residual sums padded by `slack * tss` (module docs).
fn survivors(
    active: &[usize],
    loo: &[f64],
    res: &[f64],
    inp: &PassInputs,
    slack: f64,
    h_max: impl Fn(usize) -> f64,
) -> Vec<usize> {
    let pad = slack * inp.tss;
    let upper = |a: usize| {
        let h = h_max(a);
        let rest = inp.rss[a] - res[a] + pad;
        if h < 1.0 && rest.is_finite() {
            loo[a] + rest.max(0.0) / ((1.0 - h) * (1.0 - h))
        } else {
            f64::INFINITY
        }
    };
    let best_upper = active
        .iter()
        .map(|&a| upper(a))
        .fold(f64::INFINITY, f64::min);
    if !best_upper.is_finite() {
        return active.to_vec();
    }
    let limit = best_upper * (1.0 + 1e-6);
    active
        .iter()
        .copied()
        .filter(|&a| {
            let lower = loo[a] + (inp.rss[a] - res[a] - pad).max(0.0);
            lower.is_nan() || lower <= limit
        })
        .collect()
}

/// `C = A B` for column-major `A` (m x k), `B` (k x n) and `C` (m x n), each given with its
/// leading dimension ([`gemm_strided`]: the `gemm` crate without threads).
fn product(
    m: usize,
    k: usize,
    n: usize,
    a: (&[f64], usize),
    b: (&[f64], usize),
    c: (&mut [f64], usize),
) {
    assert!(
        a.1 >= m && b.1 >= k && c.1 >= m,
        "leading dimensions too small"
    );
    let ld = |x: usize| x as isize;
    gemm_strided(
        m,
        k,
        n,
        1.0,
        (a.0, 1, ld(a.1)),
        (b.0, 1, ld(b.1)),
        0.0,
        (c.0, 1, ld(c.1)),
    );
}

/// `(sum (e_i inv_i)^2, sum e_i^2)` with `e = y - f`, in four lanes so that the sums
/// vectorise.
fn loo_sum(y: &[f64], f: &[f64], inv: &[f64]) -> (f64, f64) {
    let (mut acc, mut acc2) = ([0.0f64; 4], [0.0f64; 4]);
    let (yc, fc, ic) = (y.chunks_exact(4), f.chunks_exact(4), inv.chunks_exact(4));
    let m = y.len() - yc.remainder().len();
    for ((y4, f4), i4) in yc.zip(fc).zip(ic) {
        for l in 0..4 {
            let e = y4[l] - f4[l];
            let w = e * i4[l];
            acc[l] += w * w;
            acc2[l] += e * e;
        }
    }
    for l in 0..y.len() - m {
        let e = y[m + l] - f[m + l];
        let w = e * inv[m + l];
        acc[l] += w * w;
        acc2[l] += e * e;
    }
    (
        (acc[0] + acc[1]) + (acc[2] + acc[3]),
        (acc2[0] + acc2[1]) + (acc2[2] + acc2[3]),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::regime::pca::{centre_columns, gram};
    use crate::regime::subsample::eigen::spectrum_of_gram;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    /// The bounds' leverages against `x_i^T G^{-1} x_i` by a Cholesky solve, and both
    /// suffix maxima against a direct maximum over the rows from each block on (300 rows:
    /// two full blocks and a partial one), to 1e-10 relative.
    #[test]
    fn row_bounds_are_the_suffix_maxima_of_norms_and_leverages() {
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        let (n, neurons) = (300, 12);
        let x = DMatrix::from_fn(n, neurons, |i, j| {
            rng.random::<f64>() * (1.0 + j as f64) + if i == 7 { 5.0 } else { 0.0 }
        });
        let xc = centre_columns(&x);
        let g = gram(&xc);
        let bounds = RowBounds::with_leverage(&xc, &spectrum_of_gram(&g));
        let chol = g.clone().cholesky().expect("positive definite");
        let lev: Vec<f64> = (0..n)
            .map(|i| {
                let xi = xc.row(i).transpose();
                xi.dot(&chol.solve(&xi))
            })
            .collect();
        let norm2: Vec<f64> = (0..n).map(|i| xc.row(i).norm_squared()).collect();
        let blocks = n.div_ceil(BLOCK);
        let got_lev = bounds.lev.as_ref().expect("G is regular");
        assert_eq!((bounds.norm2.len(), got_lev.len()), (blocks, blocks));
        for j in 0..blocks {
            let max_from = |v: &[f64]| v[j * BLOCK..].iter().copied().fold(0.0, f64::max);
            approx::assert_relative_eq!(got_lev[j], max_from(&lev), max_relative = 1e-10);
            approx::assert_relative_eq!(bounds.norm2[j], max_from(&norm2), max_relative = 1e-10);
        }
        // Row 7 sticks out: the first block's leverage maximum is its own.
        approx::assert_relative_eq!(got_lev[0], lev[7], max_relative = 1e-10);
        assert!(got_lev[1] < got_lev[0]);
    }
}
