//! Unit directions in neuron space for the measures that re-run a network (methods 3.7,
//! 3.8): isotropic random directions, random unit combinations inside a subspace (the span
//! of the `W_out` rows, of the `W_in` columns, or of the top PCs), and the top PCs.
//!
//! Every function returns directions as the columns of an `N x count` matrix, each of unit
//! length, drawn from the given generator in column order.

use nalgebra::DMatrix;
use rand::Rng;
use rand_distr::StandardNormal;

use super::pca::{centre_columns, Spectrum};
use super::RegimeError;

/// `count` isotropic random unit directions in `R^n`: Gaussian vectors, normalised.
pub fn isotropic<G: Rng>(rng: &mut G, n: usize, count: usize) -> DMatrix<f64> {
    let mut v = DMatrix::from_fn(n, count, |_, _| rng.sample::<f64, _>(StandardNormal));
    normalise_columns(&mut v);
    v
}

/// `count` random unit combinations `Q c / |c|`, `c ~ N(0, I_d)`, of the orthonormal
/// columns of `q` (`N x d`): the published "Gaussian coefficients times an orthonormal
/// basis" (methods 3.7). With `d = 1` every direction is `+-q`.
pub fn in_span<G: Rng>(rng: &mut G, q: &DMatrix<f64>, count: usize) -> DMatrix<f64> {
    let c = DMatrix::from_fn(q.ncols(), count, |_, _| {
        rng.sample::<f64, _>(StandardNormal)
    });
    let mut v = q * c;
    normalise_columns(&mut v);
    v
}

/// An orthonormal basis (`N x rank`) of the span of the columns of `m` (`N x d`), from a
/// QR decomposition; columns whose `R` diagonal falls below `1e-10` of the largest are
/// dropped (dependent vectors). `what` names the matrix in the error when the span is empty.
pub fn orthonormal_basis(m: &DMatrix<f64>, what: &str) -> Result<DMatrix<f64>, RegimeError> {
    let qr = m.clone().qr();
    let (q, r) = (qr.q(), qr.r());
    let diag: Vec<f64> = (0..r.nrows().min(r.ncols()))
        .map(|i| r[(i, i)].abs())
        .collect();
    let max = diag.iter().cloned().fold(0.0, f64::max);
    let keep: Vec<usize> = (0..diag.len()).filter(|&i| diag[i] > 1e-10 * max).collect();
    if max == 0.0 || keep.is_empty() {
        return Err(RegimeError::InvalidArgument(format!(
            "{what} is zero: it spans no direction to measure along"
        )));
    }
    Ok(q.select_columns(&keep))
}

/// The top `k` principal components (`N x k`, unit columns, decreasing variance) of the
/// samples x neurons matrix `states`, centred over samples as scikit-learn's `PCA` does.
/// Signs are those of the eigensolver (the published measures do not depend on them, except
/// for the single trial that is kicked exactly along PC1).
pub fn top_pcs(states: &DMatrix<f64>, k: usize) -> Result<DMatrix<f64>, RegimeError> {
    let spectrum = Spectrum::of_centred(&centre_columns(states));
    if spectrum.rank() < k {
        return Err(RegimeError::InvalidArgument(format!(
            "the states span {} dimension(s); {k} principal components are needed",
            spectrum.rank()
        )));
    }
    Ok(spectrum.vectors.columns(0, k).into_owned())
}

fn normalise_columns(v: &mut DMatrix<f64>) {
    for mut col in v.column_iter_mut() {
        let norm = col.norm();
        if norm > 0.0 {
            col /= norm;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn span_directions_stay_in_the_span_and_have_unit_length() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        // two dependent columns and one independent: rank 2
        let m = DMatrix::from_row_slice(4, 3, &[1., 2., 0., 0., 0., 1., 1., 2., 0., 0., 0., 0.]);
        let q = orthonormal_basis(&m, "W").unwrap();
        assert_eq!(q.ncols(), 2);
        let v = in_span(&mut rng, &q, 50);
        for c in v.column_iter() {
            approx::assert_relative_eq!(c.norm(), 1.0, epsilon = 1e-14);
            // orthogonal to (1, 0, -1, 0) and (0, 0, 0, 1), the complement of the span
            assert!((c[0] - c[2]).abs() < 1e-14 && c[3].abs() < 1e-14);
        }
        assert!(orthonormal_basis(&DMatrix::zeros(4, 2), "W_out").is_err());
        // isotropic directions: mean square coordinate 1/n
        let iso = isotropic(&mut rng, 8, 4000);
        let ms = iso.norm_squared() / iso.len() as f64;
        approx::assert_relative_eq!(ms, 1.0 / 8.0, epsilon = 1e-12);
        let first: f64 = iso.row(0).iter().map(|x| x * x).sum::<f64>() / 4000.0;
        // E = 1/8, sd of the mean of x^2 (Beta(1/2, 7/2)): about 0.0026
        assert!((first - 0.125).abs() < 0.011, "{first}");
    }
}
