//! Ridge regression with the penalty chosen by efficient leave-one-out cross-validation,
//! as scikit-learn's `RidgeCV(alphas, fit_intercept=True, cv=None)` does (methods 3.4, 3.5).
//!
//! For a centred design `X_c = U S V^T` (thin, rank `r`) and centred targets `Y_c`, the
//! fit with an unpenalised intercept is the linear smoother
//! `Yhat = ybar + U diag(f) U^T Y_c`, `f_j = S_j^2 / (S_j^2 + alpha)`, with hat diagonal
//! `H_ii = 1/n + sum_j U_ij^2 f_j`. Its exact leave-one-out residual is
//! `(Y_c - U diag(f) U^T Y_c)_ic / (1 - H_ii)`, and the score of `alpha` is the mean of the
//! squared residuals over samples and outputs, one `alpha` for all outputs. This is
//! scikit-learn's `_RidgeGCV` (its `c / G^-1_ii` equals this residual; its intercept column
//! is the `1/n` term). The smallest mean wins; on a tie the first `alpha` of the grid wins
//! (scikit-learn keeps the first strictly better score).
//!
//! One eigendecomposition of `X_c^T X_c` ([`super::pca::Spectrum`]) serves every `alpha`,
//! the leave-one-out errors and, through the PC basis, every D_fit refit.

use nalgebra::{DMatrix, DVector};

use super::pca::{centre_columns, column_means, Spectrum};
use super::score::r2_uniform;

/// numpy's `linspace(start, stop, num)`: `start + i * (stop - start) / (num - 1)`, with the
/// last value set to `stop` exactly.
pub fn linspace(start: f64, stop: f64, num: usize) -> Vec<f64> {
    if num == 1 {
        return vec![start];
    }
    let step = (stop - start) / (num - 1) as f64;
    let mut v: Vec<f64> = (0..num).map(|i| i as f64 * step + start).collect();
    v[num - 1] = stop;
    v
}

/// The published grid `alpha = logspace(-3, 6, 20)`: 20 values from `1e-3` to `1e6`.
pub fn default_alphas() -> Vec<f64> {
    linspace(-3.0, 6.0, 20)
        .into_iter()
        .map(|e| 10f64.powf(e))
        .collect()
}

/// An orthonormal basis of the column space of a centred design: `U` (samples x r),
/// `S^2` (r) and `V` (features x r), with `X_c = U diag(S) V^T`.
#[derive(Debug, Clone)]
pub struct Basis {
    pub u: DMatrix<f64>,
    pub s2: Vec<f64>,
    pub v: DMatrix<f64>,
}

impl Basis {
    /// Builds `U = X_c V / S` from a centred design and its spectrum, keeping the
    /// [`Spectrum::rank`] numerically non-null directions.
    pub fn new(xc: &DMatrix<f64>, spectrum: &Spectrum) -> Self {
        let r = spectrum.rank();
        let v = spectrum.vectors.columns(0, r).into_owned();
        let mut u = xc * &v;
        for (j, mut col) in u.column_iter_mut().enumerate() {
            col /= spectrum.eigenvalues[j].sqrt();
        }
        Basis {
            u,
            s2: spectrum.eigenvalues[..r].to_vec(),
            v,
        }
    }

    /// The first `k` directions only (the regression on the top-`k` PCs).
    pub fn truncate(&self, k: usize) -> Basis {
        let k = k.min(self.s2.len());
        Basis {
            u: self.u.columns(0, k).into_owned(),
            s2: self.s2[..k].to_vec(),
            v: self.v.columns(0, k).into_owned(),
        }
    }
}

/// Leave-one-out mean squared error of every `alpha` (the formula in the module docs),
/// with `q = U^T Y_c`. Two matrix products serve the whole grid.
pub fn loo_mse(basis: &Basis, yc: &DMatrix<f64>, q: &DMatrix<f64>, alphas: &[f64]) -> Vec<f64> {
    loo_fit(basis, yc, q, alphas).0
}

/// [`loo_mse`] and the centred fitted values of every `alpha` (`samples x (alphas d)`,
/// column `a d + c` is output `c` at `alphas[a]`), which the leave-one-out errors need anyway.
fn loo_fit(
    basis: &Basis,
    yc: &DMatrix<f64>,
    q: &DMatrix<f64>,
    alphas: &[f64],
) -> (Vec<f64>, DMatrix<f64>) {
    let (n, d) = yc.shape();
    let r = basis.s2.len();
    let na = alphas.len();
    let f = DMatrix::from_fn(r, na, |j, a| basis.s2[j] / (basis.s2[j] + alphas[a]));
    let u2 = basis.u.map(|x| x * x);
    let h = &u2 * &f;
    let b = DMatrix::from_fn(r, na * d, |j, ac| f[(j, ac / d)] * q[(j, ac % d)]);
    let fitted = &basis.u * &b;
    let inv_n = 1.0 / n as f64;
    let mse: Vec<f64> = (0..na)
        .map(|a| {
            let mut sum = 0.0;
            for c in 0..d {
                let fc = fitted.column(a * d + c);
                let yc_c = yc.column(c);
                for i in 0..n {
                    let denom = 1.0 - inv_n - h[(i, a)];
                    let e = (yc_c[i] - fc[i]) / denom;
                    sum += e * e;
                }
            }
            let mse = sum / (n * d) as f64;
            if mse.is_nan() {
                f64::INFINITY
            } else {
                mse
            }
        })
        .collect();
    (mse, fitted)
}

/// Index of the smallest leave-one-out error; the first one on a tie.
pub fn best_alpha_index(mse: &[f64]) -> usize {
    let mut best = 0;
    for (i, &m) in mse.iter().enumerate() {
        if m < mse[best] {
            best = i;
        }
    }
    best
}

/// A ridge fit on a [`Basis`]: the chosen `alpha` and the centred fitted values.
#[derive(Debug, Clone)]
pub struct BasisFit {
    pub alpha_index: usize,
    pub alpha: f64,
    pub loo_mse: Vec<f64>,
    /// `q = U^T Y_c` (r x outputs).
    pub q: DMatrix<f64>,
    /// `U diag(f) q`: the fitted values minus the output means.
    pub fitted_centred: DMatrix<f64>,
}

impl BasisFit {
    /// Chooses `alpha` by leave-one-out on `alphas` and fits the centred outputs `yc`.
    pub fn new(basis: &Basis, yc: &DMatrix<f64>, alphas: &[f64]) -> Self {
        Self::with_q(basis, yc, basis.u.tr_mul(yc), alphas)
    }

    /// As [`Self::new`] with `q = U^T Y_c` given (e.g. from `X_c^T Y_c`, without a pass over
    /// the samples). The fitted values are those of the leave-one-out pass at the chosen
    /// `alpha`.
    pub fn with_q(basis: &Basis, yc: &DMatrix<f64>, q: DMatrix<f64>, alphas: &[f64]) -> Self {
        let (loo, fitted) = loo_fit(basis, yc, &q, alphas);
        let alpha_index = best_alpha_index(&loo);
        let d = yc.ncols();
        BasisFit {
            alpha_index,
            alpha: alphas[alpha_index],
            loo_mse: loo,
            fitted_centred: fitted.columns(alpha_index * d, d).into_owned(),
            q,
        }
    }

    /// Ridge weights in feature space, outputs x features:
    /// `W^T = V diag(S / (S^2 + alpha)) q`.
    pub fn coefficients(&self, basis: &Basis) -> DMatrix<f64> {
        let mut g = self.q.clone();
        for (j, &s2) in basis.s2.iter().enumerate() {
            g.row_mut(j).scale_mut(s2.sqrt() / (s2 + self.alpha));
        }
        (&basis.v * g).transpose()
    }

    /// `|W|_F^2 = sum_j S_j^2 / (S_j^2 + alpha)^2 |q_j|^2`, without forming `W`.
    pub fn coefficient_norm2(&self, basis: &Basis) -> f64 {
        basis
            .s2
            .iter()
            .enumerate()
            .map(|(j, &s2)| {
                s2 / ((s2 + self.alpha) * (s2 + self.alpha)) * self.q.row(j).norm_squared()
            })
            .sum()
    }
}

/// A ridge fit in the units of the data: `Yhat = X coef^T + intercept`.
#[derive(Debug, Clone)]
pub struct RidgeFit {
    pub alpha: f64,
    pub alpha_index: usize,
    /// Leave-one-out mean squared error of every `alpha` of the grid.
    pub loo_mse: Vec<f64>,
    /// Outputs x features (scikit-learn's `coef_`).
    pub coef: DMatrix<f64>,
    pub intercept: DVector<f64>,
    /// `R^2` on the fitting data, averaged over outputs (scikit-learn's `score`).
    pub r2: f64,
}

impl RidgeFit {
    /// Predictions for the rows of `x` (samples x features).
    pub fn predict(&self, x: &DMatrix<f64>) -> DMatrix<f64> {
        let mut yhat = x * self.coef.transpose();
        for (mut col, b) in yhat.column_iter_mut().zip(self.intercept.iter()) {
            col.add_scalar_mut(*b);
        }
        yhat
    }
}

/// `RidgeCV(alphas).fit(x, y)` (samples x features, samples x outputs), with intercept.
pub fn ridge_cv(x: &DMatrix<f64>, y: &DMatrix<f64>, alphas: &[f64]) -> RidgeFit {
    let x_mean = column_means(x);
    let y_mean = column_means(y);
    let xc = centre_columns(x);
    let yc = centre_columns(y);
    let basis = Basis::new(&xc, &Spectrum::of_centred(&xc));
    let fit = BasisFit::new(&basis, &yc, alphas);
    let coef = fit.coefficients(&basis);
    let intercept = &y_mean - &coef * &x_mean;
    let mut yhat = fit.fitted_centred.clone();
    for (mut col, m) in yhat.column_iter_mut().zip(y_mean.iter()) {
        col.add_scalar_mut(*m);
    }
    RidgeFit {
        alpha: fit.alpha,
        alpha_index: fit.alpha_index,
        loo_mse: fit.loo_mse,
        coef,
        intercept,
        r2: r2_uniform(y, &yhat),
    }
}
