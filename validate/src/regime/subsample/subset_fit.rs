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
//! that stay in cache, and every `alpha`'s leave-one-out sum accumulates block by block.
//! The fit at the chosen `alpha` (`R^2`, `|Yhat_c|_F`, `|w|_F`) needs no second pass: it
//! is a sum over the eigenpairs.
//!
//! (An f32 pass with an f64 check was measured and dropped: on the 10,000 x 200 bench
//! recording the leave-one-out scores of the best alphas differ by 2e-6..5e-5 relative,
//! the f32 scores are off by 1e-8..1e-7, but a worst-case rounding bound is 1e-4..4e-2, so
//! the check always reran the f64 pass.)

use nalgebra::DMatrix;

use crate::rnn::real::{gemm_raw_on, Kernel};

use super::super::corr::ratio;
use super::super::pca::Spectrum;
use super::super::ridge::best_alpha_index;
use super::super::score::r2_uniform_from_sums;
use super::eigen::spectrum_of_gram;
use super::SubsetFit;

/// Rows per block: `X_{S,b}` (up to 200 neurons) and `Z_b` fit in a 512 KB L2 cache.
pub const BLOCK: usize = 192;

/// A recording prepared for subset refits: centred `xc` and `yc`,
/// `gram = X_c^T X_c`, `xty = X_c^T Y_c` and the total sums of squares of the outputs.
pub struct SubsetData<'a> {
    xc: &'a DMatrix<f64>,
    gram: &'a DMatrix<f64>,
    xty: DMatrix<f64>,
    yc: &'a DMatrix<f64>,
    tss: Vec<f64>,
}

/// The per-subset matrices of the f64 pass: `B = [V | V diag(1 / (lambda + alpha_a)) q'_c]`
/// (p x (r + A d), column `r + a d + c` for the fitted values) and
/// `W = 1 / (lambda_k + alpha_a)` (r x A).
struct PassInputs<'a> {
    idx: &'a [usize],
    r: usize,
    b: DMatrix<f64>,
    w: DMatrix<f64>,
}

/// The eigenpairs of one subset's Gram block and `q' = V^T (X_c^T Y_c)_S`.
struct SubsetSpectrum {
    spectrum: Spectrum,
    r: usize,
    qp: DMatrix<f64>,
}

impl<'a> SubsetData<'a> {
    /// Prepares centred `xc`, `yc` with `gram = X_c^T X_c`.
    pub fn new(xc: &'a DMatrix<f64>, gram: &'a DMatrix<f64>, yc: &'a DMatrix<f64>) -> Self {
        Self::with_xty(xc, gram, xc.tr_mul(yc), yc)
    }

    /// As [`Self::new`] with `xty = X_c^T Y_c` given.
    pub fn with_xty(
        xc: &'a DMatrix<f64>,
        gram: &'a DMatrix<f64>,
        xty: DMatrix<f64>,
        yc: &'a DMatrix<f64>,
    ) -> Self {
        SubsetData {
            xc,
            gram,
            xty,
            yc,
            tss: yc.column_iter().map(|c| c.norm_squared()).collect(),
        }
    }

    fn spectrum(&self, idx: &[usize]) -> SubsetSpectrum {
        let spectrum = spectrum_of_gram(&self.gram.select_rows(idx).select_columns(idx));
        let r = spectrum.rank();
        let qp = spectrum
            .vectors
            .columns(0, r)
            .tr_mul(&self.xty.select_rows(idx));
        SubsetSpectrum { spectrum, r, qp }
    }

    /// Ridge refit on the neurons `idx` (see [`fit_subset`]).
    pub fn fit(&self, idx: &[usize], alphas: &[f64]) -> SubsetFit {
        let sub = self.spectrum(idx);
        self.fit_at(&sub, alphas[self.search(idx, &sub, alphas)])
    }

    /// Index of the `alpha` with the smallest leave-one-out error (the first on a tie).
    fn search(&self, idx: &[usize], sub: &SubsetSpectrum, alphas: &[f64]) -> usize {
        let lambda = &sub.spectrum.eigenvalues[..sub.r];
        let d = self.yc.ncols();
        let v = sub.spectrum.vectors.columns(0, sub.r);
        let g = DMatrix::from_fn(sub.r, alphas.len() * d, |k, ac| {
            sub.qp[(k, ac % d)] / (lambda[k] + alphas[ac / d])
        });
        let mut b = DMatrix::zeros(idx.len(), sub.r + g.ncols());
        b.columns_mut(0, sub.r).copy_from(&v);
        b.columns_mut(sub.r, g.ncols()).copy_from(&(v * g));
        let inputs = PassInputs {
            idx,
            r: sub.r,
            b,
            w: DMatrix::from_fn(sub.r, alphas.len(), |k, a| 1.0 / (lambda[k] + alphas[a])),
        };
        let loo = blocked_pass(self.xc, self.yc, &inputs);
        let norm = (self.xc.nrows() * d) as f64;
        let mse: Vec<f64> = loo
            .iter()
            .map(|&s| {
                if (s / norm).is_nan() {
                    f64::INFINITY
                } else {
                    s / norm
                }
            })
            .collect();
        best_alpha_index(&mse)
    }

    /// The fit at `alpha` from the eigenpairs (f64, no pass over the samples): with
    /// `Z^T Z = diag(lambda)` and `Z^T y_c = q'_c`, the residual sum of squares is
    /// `|y_c|^2 - sum_k q'_kc^2 (lambda_k + 2 alpha) / (lambda_k + alpha)^2` and the fitted
    /// one `sum_k lambda_k q'_kc^2 / (lambda_k + alpha)^2`.
    fn fit_at(&self, sub: &SubsetSpectrum, alpha: f64) -> SubsetFit {
        let lambda = &sub.spectrum.eigenvalues[..sub.r];
        let d = self.yc.ncols();
        let (mut fitted2, mut coef2) = (0.0, 0.0);
        let per_output: Vec<(f64, f64)> = (0..d)
            .map(|c| {
                let mut explained = 0.0;
                for (k, &l) in lambda.iter().enumerate() {
                    let q2 = sub.qp[(k, c)] * sub.qp[(k, c)];
                    let den = (l + alpha) * (l + alpha);
                    explained += q2 * (l + 2.0 * alpha) / den;
                    fitted2 += l * q2 / den;
                    coef2 += q2 / den;
                }
                ((self.tss[c] - explained).max(0.0), self.tss[c])
            })
            .collect();
        SubsetFit {
            r2: r2_uniform_from_sums(&per_output),
            alpha,
            corr: ratio(fitted2.sqrt(), (sub.spectrum.total() * coef2).sqrt()),
            participation_ratio: sub.spectrum.participation_ratio(),
        }
    }
}

/// Ridge refit on the neurons `idx`: `R^2` (same data, averaged over outputs), `alpha`,
/// `rho_data` (methods 3.1b) and the participation ratio of the subset.
///
/// `xc` and `yc` are centred; `gram = X_c^T X_c` and `xty = X_c^T Y_c` of all neurons.
/// `X_S w^T` equals the centred fit, so `rho_data = |Yhat_c|_F / (|X_S|_F |w|_F)` with
/// `|X_S|_F^2 = sum_k lambda_k` and `|w|_F^2 = sum_kc q'_kc^2 / (lambda_k + alpha)^2`.
/// Prepares the data for one refit; [`SubsetData`] serves many.
pub fn fit_subset(
    xc: &DMatrix<f64>,
    gram: &DMatrix<f64>,
    xty: &DMatrix<f64>,
    yc: &DMatrix<f64>,
    idx: &[usize],
    alphas: &[f64],
) -> SubsetFit {
    SubsetData::with_xty(xc, gram, xty.clone(), yc).fit(idx, alphas)
}

/// The f64 pass over the samples (module docs), in blocks of [`BLOCK`] rows: the
/// leave-one-out sum `sum_ic ((y_ic - Yhat_ic) / (1 - H_ii))^2` of every `alpha`.
///
/// Per block, one product `[Z_b | Yhat_b] = X_{S,b} B` and one `H_b = (Z_b o Z_b) W`,
/// both on the `gemm` crate (single-threaded; the row blocks are fixed by `n`, so the
/// rounding does not depend on the number of threads).
fn blocked_pass(xc: &DMatrix<f64>, yc: &DMatrix<f64>, inp: &PassInputs) -> Vec<f64> {
    let (n, d) = yc.shape();
    let (p, r) = (inp.idx.len(), inp.r);
    let (na, cols) = (inp.w.ncols(), inp.b.ncols());
    let mut loo = vec![0.0; na];
    let rows = BLOCK.min(n);
    let mut xb = vec![0.0; rows * p];
    let mut zf = vec![0.0; rows * cols];
    let mut hb = vec![0.0; rows * na];
    let h0 = 1.0 - 1.0 / n as f64;
    let mut inv_all = vec![0.0; rows];
    for start in (0..n).step_by(rows) {
        let b = rows.min(n - start);
        for (j, &col) in inp.idx.iter().enumerate() {
            xb[j * b..(j + 1) * b].copy_from_slice(&xc.as_slice()[col * n + start..][..b]);
        }
        product(b, p, cols, (&xb, b), (inp.b.as_slice(), p), (&mut zf, b));
        zf[..b * r].iter_mut().for_each(|z| *z *= *z);
        product(b, r, na, (&zf, b), (inp.w.as_slice(), r), (&mut hb, b));
        for (a, sum) in loo.iter_mut().enumerate() {
            let h = &hb[a * b..(a + 1) * b];
            let inv = &mut inv_all[..b];
            inv.iter_mut().zip(h).for_each(|(v, h)| *v = 1.0 / (h0 - h));
            for c in 0..d {
                let f = &zf[(r + a * d + c) * b..][..b];
                let y = &yc.as_slice()[c * n + start..][..b];
                *sum += loo_sum(y, f, inv);
            }
        }
    }
    loo
}

/// `C = A B` for column-major `A` (m x k), `B` (k x n) and `C` (m x n), each given with its
/// leading dimension, on the `gemm` crate without threads.
fn product(
    m: usize,
    k: usize,
    n: usize,
    a: (&[f64], usize),
    b: (&[f64], usize),
    c: (&mut [f64], usize),
) {
    let end =
        |rows: usize, cols: usize, ld: usize| if cols == 0 { 0 } else { (cols - 1) * ld + rows };
    assert!(
        a.1 >= m && b.1 >= k && c.1 >= m,
        "leading dimensions too small"
    );
    assert!(a.0.len() >= end(m, k, a.1) && b.0.len() >= end(k, n, b.1));
    assert!(c.0.len() >= end(m, n, c.1));
    // SAFETY: the asserts keep every index of the three column-major operands inside their
    // slices; `c` is a distinct `&mut` borrow, so it overlaps neither `a` nor `b`.
    unsafe {
        gemm_raw_on(
            Kernel::Fast,
            m,
            k,
            n,
            1.0,
            a.0.as_ptr(),
            1,
            a.1 as isize,
            b.0.as_ptr(),
            1,
            b.1 as isize,
            0.0,
            c.0.as_mut_ptr(),
            1,
            c.1 as isize,
        );
    }
}

/// `sum (e_i inv_i)^2` with `e = y - f`, in four lanes so that the sum vectorises.
fn loo_sum(y: &[f64], f: &[f64], inv: &[f64]) -> f64 {
    let mut acc = [0.0f64; 4];
    let (yc, fc, ic) = (y.chunks_exact(4), f.chunks_exact(4), inv.chunks_exact(4));
    let m = y.len() - yc.remainder().len();
    for ((y4, f4), i4) in yc.zip(fc).zip(ic) {
        for l in 0..4 {
            let w = (y4[l] - f4[l]) * i4[l];
            acc[l] += w * w;
        }
    }
    for l in 0..y.len() - m {
        let w = (y[m + l] - f[m + l]) * inv[m + l];
        acc[l] += w * w;
    }
    (acc[0] + acc[1]) + (acc[2] + acc[3])
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
