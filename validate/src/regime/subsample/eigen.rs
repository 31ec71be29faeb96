//! The symmetric eigendecomposition of a subset's Gram block on `faer` (blocked
//! tridiagonalisation and divide and conquer: 1.5-2x faster than nalgebra's QR iteration on
//! the 100-200 neuron blocks of the subsampling analysis), with nalgebra as the fallback.

use nalgebra::DMatrix;

use super::super::pca::Spectrum;

/// [`Spectrum::from_gram`] (eigenvalues descending, clipped at 0; eigenvectors as columns)
/// computed by `faer`; if `faer` reports no convergence, by nalgebra.
pub fn spectrum_of_gram(g: &DMatrix<f64>) -> Spectrum {
    let p = g.nrows();
    let m = faer::MatRef::from_column_major_slice(g.as_slice(), p, p);
    let Ok(evd) = m.self_adjoint_eigen(faer::Side::Lower) else {
        return Spectrum::from_gram(g);
    };
    let (s, u) = (evd.S(), evd.U());
    // faer sorts the eigenvalues ascending: reverse them and their vectors.
    Spectrum {
        eigenvalues: (0..p).map(|k| s[p - 1 - k].max(0.0)).collect(),
        vectors: DMatrix::from_fn(p, p, |i, k| u[(i, p - 1 - k)]),
    }
}
