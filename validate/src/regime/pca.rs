//! PCA of a samples x neurons matrix through the eigendecomposition of its centred Gram
//! matrix: explained variance, D_x and the participation ratio.
//!
//! The eigenvalues of `X_c^T X_c` are the squared singular values `S^2` of the centred
//! `X_c` (methods 3.3, 3.5), so one symmetric eigendecomposition of a neurons x neurons
//! matrix replaces the SVD of the samples x neurons matrix.

use nalgebra::{DMatrix, DVector, SymmetricEigen};

/// Mean of every column (over samples).
pub fn column_means(x: &DMatrix<f64>) -> DVector<f64> {
    let n = x.nrows().max(1) as f64;
    DVector::from_iterator(x.ncols(), x.column_iter().map(|c| c.sum() / n))
}

/// `X` with the mean of every column subtracted (centring over samples / time).
pub fn centre_columns(x: &DMatrix<f64>) -> DMatrix<f64> {
    let means = column_means(x);
    let mut xc = x.clone();
    for (mut col, m) in xc.column_iter_mut().zip(means.iter()) {
        col.add_scalar_mut(-m);
    }
    xc
}

/// `X^T X` (a general matrix product, so that it runs through `matrixmultiply`).
pub fn gram(x: &DMatrix<f64>) -> DMatrix<f64> {
    let g = x.transpose() * x;
    (&g + g.transpose()) * 0.5
}

/// Eigenvalues (descending, clipped at 0) and eigenvectors of a centred Gram matrix
/// `G = X_c^T X_c`: `eigenvalues[k]` is `S_k^2`, the variance along PC `k` times the
/// number of samples, and column `k` of `vectors` is that PC in neuron space.
#[derive(Debug, Clone)]
pub struct Spectrum {
    pub eigenvalues: Vec<f64>,
    pub vectors: DMatrix<f64>,
}

impl Spectrum {
    /// Decomposes a symmetric Gram matrix.
    pub fn from_gram(g: &DMatrix<f64>) -> Self {
        let eig = SymmetricEigen::new(g.clone());
        let mut order: Vec<usize> = (0..eig.eigenvalues.len()).collect();
        order.sort_by(|&a, &b| eig.eigenvalues[b].total_cmp(&eig.eigenvalues[a]));
        let eigenvalues = order.iter().map(|&i| eig.eigenvalues[i].max(0.0)).collect();
        let vectors = DMatrix::from_fn(g.nrows(), order.len(), |r, c| {
            eig.eigenvectors[(r, order[c])]
        });
        Spectrum {
            eigenvalues,
            vectors,
        }
    }

    /// Spectrum of an already centred samples x neurons matrix.
    pub fn of_centred(xc: &DMatrix<f64>) -> Self {
        Self::from_gram(&gram(xc))
    }

    /// Number of eigenvalues above the rounding floor `10 p eps lambda_max` of a Gram
    /// matrix: directions below it are numerically null (an SVD of `X_c` would give them
    /// `S^2` of order `eps^2 lambda_max`) and are dropped by the ridge fits.
    pub fn rank(&self) -> usize {
        let max = self.eigenvalues.first().copied().unwrap_or(0.0);
        let floor = max * self.eigenvalues.len() as f64 * f64::EPSILON * 10.0;
        self.eigenvalues.iter().take_while(|&&l| l > floor).count()
    }

    /// Total variance times the number of samples, `sum_k S_k^2 = |X_c|_F^2`.
    pub fn total(&self) -> f64 {
        self.eigenvalues.iter().sum()
    }

    /// Cumulative explained-variance ratio `cevr_k = sum_{j<=k} S_j^2 / sum_j S_j^2`,
    /// relative to the total variance of all dimensions (methods 3.3, 3.5); `cevr[k-1]` is
    /// the value for the first `k` PCs.
    pub fn cumulative_ratio(&self) -> Vec<f64> {
        let total = self.total();
        let mut acc = 0.0;
        self.eigenvalues
            .iter()
            .map(|l| {
                acc += l;
                if total > 0.0 {
                    acc / total
                } else {
                    0.0
                }
            })
            .collect()
    }

    /// Participation ratio `PR = (sum lambda)^2 / sum lambda^2` of the sample-centred
    /// covariance (methods 3.10, `comp_pr`); scale-free, so the Gram eigenvalues serve.
    pub fn participation_ratio(&self) -> f64 {
        participation_ratio(&self.eigenvalues)
    }
}

/// `PR = (sum lambda)^2 / sum lambda^2` of a set of covariance eigenvalues (0 if all vanish).
pub fn participation_ratio(eigenvalues: &[f64]) -> f64 {
    let s: f64 = eigenvalues.iter().sum();
    let s2: f64 = eigenvalues.iter().map(|l| l * l).sum();
    if s2 > 0.0 {
        s * s / s2
    } else {
        0.0
    }
}

/// `D_x`: the smallest `k` (1-based) with `cevr_k > threshold` among the first `max_k`
/// values (methods 3.3: threshold 0.9, `max_k` 30 for RNNs; 3.5: all `k` for data).
/// `None` when no `k` passes (the published code's NaN).
pub fn d_x(cumulative: &[f64], threshold: f64, max_k: usize) -> Option<usize> {
    cumulative
        .iter()
        .take(max_k)
        .position(|&c| c > threshold)
        .map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn participation_ratio_of_a_diagonal_covariance_is_the_closed_form() {
        // Independent columns with variances 4, 1, 1 (scaled exactly by +-1 patterns):
        // PR = 36 / 18 = 2.
        let n = 8;
        let signs = |i: usize, k: usize| if (i >> k) & 1 == 0 { 1.0 } else { -1.0 };
        let sd = [2.0, 1.0, 1.0];
        let x = DMatrix::from_fn(n, 3, |i, k| sd[k] * signs(i, k));
        let s = Spectrum::of_centred(&centre_columns(&x));
        approx::assert_relative_eq!(s.participation_ratio(), 2.0, max_relative = 1e-12);
        let cevr = s.cumulative_ratio();
        approx::assert_relative_eq!(cevr[0], 4.0 / 6.0, max_relative = 1e-12);
        assert_eq!(d_x(&cevr, 0.9, 30), Some(3));
        assert_eq!(d_x(&cevr, 0.9, 2), None);
        assert_eq!(s.rank(), 3);
    }
}
