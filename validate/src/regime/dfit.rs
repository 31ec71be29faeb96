//! The fitting dimension D_fit: how many leading PCs a ridge readout needs to reach 90% of
//! the output variance (RNN variant, methods 3.4) or 90% of the full fit (data, 3.5).

use nalgebra::DMatrix;
use rayon::prelude::*;

use super::pca::{column_means, Spectrum};
use super::ridge::{best_alpha_index, ridge_cv, Basis};
use super::score::{r2_pooled, r2_uniform_from_sums};

/// The fit on the top-`k` PCs for `k = 1 ... r`: the chosen `alpha` and `R^2` of each.
#[derive(Debug, Clone, PartialEq)]
pub struct FitCurve {
    pub alpha: Vec<f64>,
    pub r2: Vec<f64>,
}

/// Data variant (methods 3.5, `comp_dim_var_fit`): for every `k`, ridge regression of the
/// centred outputs `yc` on the projections of the centred activity onto its top-`k` PCs,
/// `X_c V_k = U_k S_k` (the first `k` columns of `basis`), with `alpha` re-chosen by
/// leave-one-out each time, and `R^2_k` on the same data averaged over outputs.
///
/// Adding PC `j` adds `f_j U_j q_j^T` to the fit and `f_j U_j^2` to the hat diagonal, so
/// every `k` costs one pass over the samples per `alpha` (no refit from scratch).
pub fn fit_curve(basis: &Basis, yc: &DMatrix<f64>, alphas: &[f64]) -> FitCurve {
    let (n, d) = yc.shape();
    let r = basis.s2.len();
    let q = basis.u.tr_mul(yc);
    let tot: Vec<f64> = yc.column_iter().map(|c| c.norm_squared()).collect();
    // For every alpha: (loo mse, residual sums of squares per output) for k = 1..r.
    let per_alpha: Vec<Vec<(f64, Vec<f64>)>> = alphas
        .par_iter()
        .map(|&alpha| {
            let mut e = yc.clone();
            let mut h = vec![1.0 / n as f64; n];
            (0..r)
                .map(|j| {
                    let f = basis.s2[j] / (basis.s2[j] + alpha);
                    let uj = basis.u.column(j);
                    for (hi, u) in h.iter_mut().zip(uj.iter()) {
                        *hi += f * u * u;
                    }
                    let mut loo = 0.0;
                    let mut res = vec![0.0; d];
                    for c in 0..d {
                        let coef = f * q[(j, c)];
                        let mut col = e.column_mut(c);
                        for i in 0..n {
                            col[i] -= coef * uj[i];
                            let l = col[i] / (1.0 - h[i]);
                            loo += l * l;
                            res[c] += col[i] * col[i];
                        }
                    }
                    let loo = loo / (n * d) as f64;
                    (if loo.is_nan() { f64::INFINITY } else { loo }, res)
                })
                .collect()
        })
        .collect();
    let mut curve = FitCurve {
        alpha: Vec::with_capacity(r),
        r2: Vec::with_capacity(r),
    };
    for k in 0..r {
        let loo: Vec<f64> = per_alpha.iter().map(|p| p[k].0).collect();
        let best = best_alpha_index(&loo);
        let sums: Vec<(f64, f64)> = per_alpha[best][k]
            .1
            .iter()
            .zip(&tot)
            .map(|(&res, &t)| (res, t))
            .collect();
        curve.alpha.push(alphas[best]);
        curve.r2.push(r2_uniform_from_sums(&sums));
    }
    curve
}

/// The first `k` (1-based) with `r2[k-1] > threshold`, or `None`.
///
/// Data (methods 3.5): `threshold = 0.9 R^2_full`; RNN (3.4): `threshold = 0.9`.
pub fn d_fit(r2: &[f64], threshold: f64) -> Option<usize> {
    r2.iter().position(|&v| v > threshold).map(|i| i + 1)
}

/// The RNN variant's inputs (methods 3.4): PCA on `pca_states` (the noise-free states at
/// t >= 10), regressors = projections of `states` (all time points) on the top-`k` PCs,
/// target = the network's own `output`, ridge fit on `train_rows`, pooled `R^2` over
/// `score_rows` (all rows for Fig. 3, the held-out trials for Fig. 16) with the output
/// means over all rows.
pub struct RnnFitInput<'a> {
    pub pca_states: &'a DMatrix<f64>,
    pub states: &'a DMatrix<f64>,
    pub output: &'a DMatrix<f64>,
    pub train_rows: &'a [usize],
    pub score_rows: Option<&'a [usize]>,
    /// Largest number of PCs (30 in the paper).
    pub max_pcs: usize,
}

/// RNN variant of the fit curve: `R^2` (pooled over outputs) for `k = 1 ... max_pcs`.
pub fn fit_curve_rnn(input: &RnnFitInput, alphas: &[f64]) -> FitCurve {
    let mean = column_means(input.pca_states);
    let mut pc = input.pca_states.clone();
    for (mut col, m) in pc.column_iter_mut().zip(mean.iter()) {
        col.add_scalar_mut(-m);
    }
    let spectrum = Spectrum::of_centred(&pc);
    let kmax = input.max_pcs.min(spectrum.eigenvalues.len());
    let mut centred = input.states.clone();
    for (mut col, m) in centred.column_iter_mut().zip(mean.iter()) {
        col.add_scalar_mut(-m);
    }
    let proj = centred * spectrum.vectors.columns(0, kmax);
    let (alpha, r2) = (1..=kmax)
        .into_par_iter()
        .map(|k| {
            let z = proj.columns(0, k).into_owned();
            let z_train = z.select_rows(input.train_rows);
            let y_train = input.output.select_rows(input.train_rows);
            let fit = ridge_cv(&z_train, &y_train, alphas);
            let yhat = fit.predict(&z);
            (fit.alpha, r2_pooled(input.output, &yhat, input.score_rows))
        })
        .unzip();
    FitCurve { alpha, r2 }
}
