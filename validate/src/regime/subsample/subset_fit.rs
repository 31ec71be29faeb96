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
//! The samples go through in blocks ([`super::pass`]): the block of `X_S` is gathered,
//! `Z_b = X_{S,b} V` and the fitted values of the `alpha` grid come out of one small matrix
//! product and `H_b` out of a second, all in cache, and every `alpha`'s leave-one-out sum
//! accumulates block by block (an `alpha` that provably cannot win is dropped on the way).
//! The fit at the chosen `alpha` (`R^2`, `|Yhat_c|_F`, `|w|_F`) needs no second pass: it
//! is a sum over the eigenpairs.
//!
//! (An f32 pass with an f64 check was measured and dropped: on the 10,000 x 200 bench
//! recording the leave-one-out scores of the best alphas differ by 2e-6..5e-5 relative,
//! the f32 scores are off by 1e-8..1e-7, but a worst-case rounding bound is 1e-4..4e-2, so
//! the check always reran the f64 pass.)

use nalgebra::DMatrix;

use super::super::corr::ratio;
use super::super::pca::Spectrum;
use super::super::ridge::best_alpha_index;
use super::super::score::r2_uniform_from_sums;
use super::eigen::spectrum_of_gram;
use super::pass::{self, PassInputs, RowBounds};
use super::SubsetFit;

/// A recording prepared for subset refits: centred `xc` and `yc`,
/// `gram = X_c^T X_c`, `xty = X_c^T Y_c` and the total sums of squares of the outputs.
pub struct SubsetData<'a> {
    xc: &'a DMatrix<f64>,
    gram: &'a DMatrix<f64>,
    xty: DMatrix<f64>,
    yc: &'a DMatrix<f64>,
    tss: Vec<f64>,
    bounds: RowBounds,
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
            bounds: RowBounds::norms(xc),
        }
    }

    /// Adds the leverages of the full set of neurons (from `full`, the spectrum of `gram`) to
    /// the bounds that drop hopeless `alpha`s early (`n N^2` once; worth it for many refits).
    pub fn with_leverage(mut self, full: &Spectrum) -> Self {
        self.bounds = RowBounds::with_leverage(self.xc, full);
        self
    }

    fn spectrum(&self, idx: &[usize]) -> SubsetSpectrum {
        let spectrum = spectrum_of_gram(&self.gram.select_rows(idx).select_columns(idx));
        self.with_spectrum(idx, spectrum)
    }

    /// [`SubsetSpectrum`] of `idx` from the eigenpairs of its Gram block.
    fn with_spectrum(&self, idx: &[usize], spectrum: Spectrum) -> SubsetSpectrum {
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

    /// [`Self::fit`] on every neuron, from `full`, the spectrum of the whole Gram matrix
    /// (`spectrum_of_gram` of `gram`, as [`Self::with_leverage`] takes it): the same
    /// numbers without a second eigendecomposition.
    pub fn fit_all(&self, full: Spectrum, alphas: &[f64]) -> SubsetFit {
        let idx: Vec<usize> = (0..self.xc.ncols()).collect();
        let sub = self.with_spectrum(&idx, full);
        self.fit_at(&sub, alphas[self.search(&idx, &sub, alphas)])
    }

    /// Index of the `alpha` with the smallest leave-one-out error (the first on a tie).
    fn search(&self, idx: &[usize], sub: &SubsetSpectrum, alphas: &[f64]) -> usize {
        let loo = self.loo_sums(idx, sub, alphas, true);
        let norm = (self.xc.nrows() * self.yc.ncols()) as f64;
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

    /// The leave-one-out sums of every `alpha` ([`pass::loo_sums`]; `+inf` where pruned).
    fn loo_sums(
        &self,
        idx: &[usize],
        sub: &SubsetSpectrum,
        alphas: &[f64],
        prune: bool,
    ) -> Vec<f64> {
        let lambda = &sub.spectrum.eigenvalues[..sub.r];
        let d = self.yc.ncols();
        let v = sub.spectrum.vectors.columns(0, sub.r);
        let g = DMatrix::from_fn(sub.r, alphas.len() * d, |k, ac| {
            sub.qp[(k, ac % d)] / (lambda[k] + alphas[ac / d])
        });
        let mut b = DMatrix::zeros(idx.len(), sub.r + g.ncols());
        b.columns_mut(0, sub.r).copy_from(&v);
        b.columns_mut(sub.r, g.ncols()).copy_from(&(v * g));
        let rss = alphas
            .iter()
            .map(|&alpha| (0..d).map(|c| self.tss[c] - explained(sub, c, alpha)).sum())
            .collect();
        let inputs = PassInputs {
            idx,
            lambda,
            b,
            rss,
            tss: self.tss.iter().sum(),
        };
        pass::loo_sums(self.xc, self.yc, &inputs, alphas, &self.bounds, prune)
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
                for (k, &l) in lambda.iter().enumerate() {
                    let q2 = sub.qp[(k, c)] * sub.qp[(k, c)];
                    let den = (l + alpha) * (l + alpha);
                    fitted2 += l * q2 / den;
                    coef2 += q2 / den;
                }
                let rss = self.tss[c] - explained(sub, c, alpha);
                (rss.max(0.0), self.tss[c])
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

/// `sum_k q'_kc^2 (lambda_k + 2 alpha) / (lambda_k + alpha)^2`: `|y_c|^2` minus the
/// residual sum of squares of output `c` at `alpha` ([`SubsetData::fit_at`]).
fn explained(sub: &SubsetSpectrum, c: usize, alpha: f64) -> f64 {
    let lambda = &sub.spectrum.eigenvalues[..sub.r];
    let mut explained = 0.0;
    for (k, &l) in lambda.iter().enumerate() {
        let q2 = sub.qp[(k, c)] * sub.qp[(k, c)];
        explained += q2 * (l + 2.0 * alpha) / ((l + alpha) * (l + alpha));
    }
    explained
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

    /// Pruning drops `alpha`s but never changes what it keeps: on 1,000 samples (eight
    /// blocks) with three strong latent directions, the pruned pass gives `+inf` to some
    /// `alpha`s and the unpruned pass's sums bit for bit to the others; the best `alpha` is
    /// the same and every dropped `alpha`'s unpruned sum is above the best.
    #[test]
    fn pruning_keeps_the_sums_of_the_alphas_it_keeps() {
        let mut rng = ChaCha8Rng::seed_from_u64(12);
        let (n, neurons) = (1000, 30);
        let latent = DMatrix::from_fn(n, 3, |_, k| (rng.random::<f64>() - 0.5) * (6.0 - k as f64));
        let mix = DMatrix::from_fn(3, neurons, |_, _| rng.random::<f64>() - 0.5);
        let x = &latent * &mix + DMatrix::from_fn(n, neurons, |_, _| rng.random::<f64>() - 0.5);
        let read = DMatrix::from_fn(neurons, 2, |_, _| rng.random::<f64>() - 0.5);
        let y = &x * &read + DMatrix::from_fn(n, 2, |_, _| 0.3 * (rng.random::<f64>() - 0.5));
        let (xc, yc) = (centre_columns(&x), centre_columns(&y));
        let g = gram(&xc);
        let data = SubsetData::new(&xc, &g, &yc).with_leverage(&spectrum_of_gram(&g));
        let alphas = default_alphas();
        let mut dropped = 0;
        for idx in [
            (0..neurons).step_by(3).collect::<Vec<_>>(),
            (0..neurons).collect(),
        ] {
            let sub = data.spectrum(&idx);
            let full = data.loo_sums(&idx, &sub, &alphas, false);
            let pruned = data.loo_sums(&idx, &sub, &alphas, true);
            let best = best_alpha_index(&full);
            assert_eq!(best_alpha_index(&pruned), best);
            for (f, p) in full.iter().zip(&pruned) {
                if p.is_finite() {
                    assert_eq!(f.to_bits(), p.to_bits());
                } else {
                    assert!(*f > full[best]);
                    dropped += 1;
                }
            }
        }
        assert!(dropped > 0, "nothing was pruned");
        // the full set from the leverages' spectrum: the fit on every index, bit for bit
        let all: Vec<usize> = (0..neurons).collect();
        let (a, b) = (
            data.fit(&all, &alphas),
            data.fit_all(spectrum_of_gram(&g), &alphas),
        );
        assert_eq!(
            [a.r2, a.alpha, a.corr, a.participation_ratio].map(f64::to_bits),
            [b.r2, b.alpha, b.corr, b.participation_ratio].map(f64::to_bits)
        );
        assert!(a.r2 > 0.5, "r2 {}", a.r2);
    }
}
