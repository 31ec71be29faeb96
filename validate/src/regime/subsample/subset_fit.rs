//! One ridge refit on a neuron subset (methods 3.5, 3.9), in one blocked pass over the
//! samples.
//!
//! With `(lambda_k, v_k)` the eigenpairs of the subset's centred Gram matrix `G_S` (a
//! sub-block of the full one), `z_i = V^T x_{i,S}` the unnormalised projections of sample
//! `i` and `q'_kc = v_k^T (X_c^T Y_c)_{S,c}`, the leave-one-out formula of
//! [`crate::regime::ridge`] (`u_ik = z_ik / sqrt(lambda_k)`,
//! `f_k = lambda_k / (lambda_k + alpha)`) reads
//!
//! `H_ii(alpha) = 1/n + sum_k z_ik^2 / (lambda_k + alpha)`,
//! `Yhat_ic(alpha) = sum_k z_ik q'_kc / (lambda_k + alpha)`.
//!
//! The samples go through in blocks of [`BLOCK`] rows: the block of `X_S` is gathered,
//! `Z_b = X_{S,b} V` and its two products with the `alpha` grid are small matrix products
//! that stay in cache, and every `alpha`'s leave-one-out sum and every (alpha, output)
//! residual and fitted sums of squares accumulate block by block. No samples x PCs matrix
//! is stored and no `alpha` is refitted: the chosen fit's `R^2` and `|Yhat_c|_F` are those
//! sums at the chosen `alpha`.

use nalgebra::DMatrix;

use super::super::corr::ratio;
use super::super::pca::Spectrum;
use super::super::ridge::best_alpha_index;
use super::super::score::r2_uniform_from_sums;
use super::SubsetFit;

/// Rows per block: `X_{S,b}` (up to 200 neurons) and `Z_b` fit in a 512 KB L2 cache.
pub const BLOCK: usize = 128;

/// Sums over the samples, per `alpha` (`loo`) and per (`alpha`, output), column
/// `a d + c` (`rss`, `fss`).
struct PassSums {
    /// `sum_ic ((y_ic - Yhat_ic) / (1 - H_ii))^2`
    loo: Vec<f64>,
    /// `sum_i (y_ic - Yhat_ic)^2`
    rss: Vec<f64>,
    /// `sum_i Yhat_ic^2`
    fss: Vec<f64>,
}

/// The per-subset matrices of the pass: `V` (p x r), `1 / (lambda_k + alpha_a)` (r x A)
/// and `q'_kc / (lambda_k + alpha_a)` (r x A d, column `a d + c`).
struct PassInputs<'a> {
    idx: &'a [usize],
    v: DMatrix<f64>,
    w: DMatrix<f64>,
    g: DMatrix<f64>,
}

/// Ridge refit on the neurons `idx`: `R^2` (same data, averaged over outputs), `alpha`,
/// `rho_data` (methods 3.1b) and the participation ratio of the subset.
///
/// `xc` and `yc` are centred; `gram = X_c^T X_c` and `xty = X_c^T Y_c` of all neurons.
/// `X_S w^T` equals the centred fit, so `rho_data = |Yhat_c|_F / (|X_S|_F |w|_F)` with
/// `|X_S|_F^2 = sum_k lambda_k` and `|w|_F^2 = sum_kc q'_kc^2 / (lambda_k + alpha)^2`.
pub fn fit_subset(
    xc: &DMatrix<f64>,
    gram: &DMatrix<f64>,
    xty: &DMatrix<f64>,
    yc: &DMatrix<f64>,
    idx: &[usize],
    alphas: &[f64],
) -> SubsetFit {
    let spectrum = Spectrum::from_gram(&gram.select_rows(idx).select_columns(idx));
    let r = spectrum.rank();
    let lambda = &spectrum.eigenvalues[..r];
    let v = spectrum.vectors.columns(0, r).into_owned();
    let qp = v.tr_mul(&xty.select_rows(idx));
    let d = yc.ncols();
    let inputs = PassInputs {
        idx,
        w: DMatrix::from_fn(r, alphas.len(), |k, a| 1.0 / (lambda[k] + alphas[a])),
        g: DMatrix::from_fn(r, alphas.len() * d, |k, ac| {
            qp[(k, ac % d)] / (lambda[k] + alphas[ac / d])
        }),
        v,
    };
    let sums = blocked_pass(xc, yc, &inputs);
    let n = xc.nrows();
    let mse: Vec<f64> = sums
        .loo
        .iter()
        .map(|&s| {
            let m = s / (n * d) as f64;
            if m.is_nan() {
                f64::INFINITY
            } else {
                m
            }
        })
        .collect();
    let best = best_alpha_index(&mse);
    let alpha = alphas[best];
    let tot = total_sums(yc);
    let per_output: Vec<(f64, f64)> = (0..d).map(|c| (sums.rss[best * d + c], tot[c])).collect();
    let fitted_norm = sums.fss[best * d..(best + 1) * d]
        .iter()
        .sum::<f64>()
        .sqrt();
    let coef_norm2: f64 = (0..r)
        .map(|k| qp.row(k).norm_squared() / ((lambda[k] + alpha) * (lambda[k] + alpha)))
        .sum();
    SubsetFit {
        r2: r2_uniform_from_sums(&per_output),
        alpha,
        corr: ratio(fitted_norm, (spectrum.total() * coef_norm2).sqrt()),
        participation_ratio: spectrum.participation_ratio(),
    }
}

/// `sum_i (y_ic - mean_c)^2` of every output column.
fn total_sums(y: &DMatrix<f64>) -> Vec<f64> {
    let n = y.nrows().max(1) as f64;
    y.column_iter()
        .map(|c| {
            let m = c.sum() / n;
            c.iter().map(|v| (v - m) * (v - m)).sum()
        })
        .collect()
}

/// The pass over the samples (module docs), in blocks of [`BLOCK`] rows.
fn blocked_pass(xc: &DMatrix<f64>, yc: &DMatrix<f64>, inp: &PassInputs) -> PassSums {
    let (n, d) = yc.shape();
    let (p, r) = inp.v.shape();
    let (na, nad) = (inp.w.ncols(), inp.g.ncols());
    let mut sums = PassSums {
        loo: vec![0.0; na],
        rss: vec![0.0; nad],
        fss: vec![0.0; nad],
    };
    let rows = BLOCK.min(n);
    let mut xb = DMatrix::<f64>::zeros(rows, p);
    let mut zb = DMatrix::<f64>::zeros(rows, r);
    let mut z2 = DMatrix::<f64>::zeros(rows, r);
    let mut hb = DMatrix::<f64>::zeros(rows, na);
    let mut fb = DMatrix::<f64>::zeros(rows, nad);
    let h0 = 1.0 - 1.0 / n as f64;
    let mut inv_all = vec![0.0; rows];
    for start in (0..n).step_by(rows) {
        let b = rows.min(n - start);
        let mut xv = xb.rows_mut(0, b);
        for (j, &col) in inp.idx.iter().enumerate() {
            xv.column_mut(j).copy_from(&xc.view((start, col), (b, 1)));
        }
        let mut zv = zb.rows_mut(0, b);
        zv.gemm(1.0, &xb.rows(0, b), &inp.v, 0.0);
        let mut z2v = z2.rows_mut(0, b);
        z2v.zip_apply(&zb.rows(0, b), |s, z| *s = z * z);
        hb.rows_mut(0, b).gemm(1.0, &z2.rows(0, b), &inp.w, 0.0);
        fb.rows_mut(0, b).gemm(1.0, &zb.rows(0, b), &inp.g, 0.0);
        for a in 0..na {
            let h = &hb.as_slice()[a * rows..a * rows + b];
            let inv = &mut inv_all[..b];
            inv.iter_mut().zip(h).for_each(|(v, h)| *v = 1.0 / (h0 - h));
            for c in 0..d {
                let f = &fb.as_slice()[(a * d + c) * rows..(a * d + c) * rows + b];
                let y = &yc.as_slice()[c * n + start..c * n + start + b];
                let [loo, rss, fss] = block_sums(y, f, inv);
                sums.loo[a] += loo;
                sums.rss[a * d + c] += rss;
                sums.fss[a * d + c] += fss;
            }
        }
    }
    sums
}

/// `[sum (e_i inv_i)^2, sum e_i^2, sum f_i^2]` with `e = y - f`, in four lanes so that the
/// sums vectorise.
fn block_sums(y: &[f64], f: &[f64], inv: &[f64]) -> [f64; 3] {
    let mut acc = [[0.0f64; 4]; 3];
    let (yc, fc, ic) = (y.chunks_exact(4), f.chunks_exact(4), inv.chunks_exact(4));
    let tail = yc.remainder().len();
    for ((y4, f4), i4) in yc.zip(fc).zip(ic) {
        for l in 0..4 {
            let e = y4[l] - f4[l];
            let w = e * i4[l];
            acc[0][l] += w * w;
            acc[1][l] += e * e;
            acc[2][l] += f4[l] * f4[l];
        }
    }
    let m = y.len() - tail;
    for l in 0..tail {
        let e = y[m + l] - f[m + l];
        let w = e * inv[m + l];
        acc[0][l] += w * w;
        acc[1][l] += e * e;
        acc[2][l] += f[m + l] * f[m + l];
    }
    acc.map(|a| (a[0] + a[1]) + (a[2] + a[3]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::regime::corr::corr_data;
    use crate::regime::pca::{centre_columns, gram};
    use crate::regime::ridge::{default_alphas, ridge_cv};
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    /// The blocked pass against the unblocked `RidgeCV` of `ridge::ridge_cv` on the
    /// gathered subset (its own Gram matrix, basis `U = X_S V / S`, fitted values, weights):
    /// the same `alpha`, and `R^2`, `rho_data` and PR to 1e-10 relative, on 300 samples (two
    /// full blocks and a partial one), two outputs and subsets with a repeated neuron (rank
    /// below the subset size).
    #[test]
    fn blocked_refit_equals_the_unblocked_ridge_cv() {
        let mut rng = ChaCha8Rng::seed_from_u64(11);
        let (n, neurons) = (300, 14);
        let latent = DMatrix::from_fn(n, 3, |_, k| rng.random::<f64>() * (4.0 - k as f64));
        let mix = DMatrix::from_fn(3, neurons, |_, _| rng.random::<f64>() - 0.5);
        let mut x = &latent * &mix + DMatrix::from_fn(n, neurons, |_, _| rng.random::<f64>());
        let dup = x.column(2).into_owned();
        x.set_column(13, &dup);
        let read = DMatrix::from_fn(neurons, 2, |_, _| rng.random::<f64>() - 0.5);
        let y = &x * &read + DMatrix::from_fn(n, 2, |_, _| 2.0 * rng.random::<f64>());
        let (xc, yc) = (centre_columns(&x), centre_columns(&y));
        let g = gram(&xc);
        let xty = xc.tr_mul(&yc);
        let alphas = default_alphas();
        let mut chosen = Vec::new();
        for idx in [
            vec![0, 5, 9],
            vec![1, 2, 3, 6, 7, 8, 11, 13],
            (0..neurons).collect(),
        ] {
            let f = fit_subset(&xc, &g, &xty, &yc, &idx, &alphas);
            let xs = x.select_columns(&idx);
            let reference = ridge_cv(&xs, &y, &alphas);
            assert_eq!(f.alpha, reference.alpha);
            approx::assert_relative_eq!(f.r2, reference.r2, max_relative = 1e-10);
            let corr = corr_data(&xs, &reference.coef);
            approx::assert_relative_eq!(f.corr, corr, max_relative = 1e-10);
            let pr = Spectrum::of_centred(&centre_columns(&xs)).participation_ratio();
            approx::assert_relative_eq!(f.participation_ratio, pr, max_relative = 1e-10);
            chosen.push(f.alpha);
        }
        // The data choose more than one alpha, so the test sees the grid's choice at work.
        assert!(chosen.iter().any(|&a| a != chosen[0]), "alphas {chosen:?}");
    }
}
