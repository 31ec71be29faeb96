//! The generalised correlation between output weights and states, in both published
//! variants (methods 3.1; Surprises 6).

use nalgebra::DMatrix;

use super::pca::centre_columns;

/// Each row minus its own mean (across columns / neurons).
fn centre_rows(m: &DMatrix<f64>) -> DMatrix<f64> {
    let mut c = m.clone();
    for mut row in c.row_iter_mut() {
        let mean = row.mean();
        row.add_scalar_mut(-mean);
    }
    c
}

/// RNN variant, `helpers.gen_corr` (methods 3.1a; Fig. 3A, 16A): with every row of
/// `a` (outputs x neurons, `W_out`) and of `b` (samples x neurons, the states) centred
/// across neurons,
/// `rho_RNN = |A B^T|_F / sqrt(|A^T A|_F |B^T B|_F)`; 0 when either norm vanishes.
/// For one output `w`: `rho_RNN = |B w| / (|w| |B^T B|_F^{1/2})`.
///
/// # Panics
/// If `a` and `b` have different numbers of columns (a programming error).
pub fn gen_corr(a: &DMatrix<f64>, b: &DMatrix<f64>) -> f64 {
    assert_eq!(a.ncols(), b.ncols(), "gen_corr: neuron counts differ");
    let a = centre_rows(a);
    let b = centre_rows(b);
    let ab = (&a * b.transpose()).norm();
    // |A^T A|_F = |A A^T|_F: take the smaller Gram matrix.
    let fro_gram = |m: &DMatrix<f64>| {
        if m.nrows() <= m.ncols() {
            (m * m.transpose()).norm()
        } else {
            (m.transpose() * m).norm()
        }
    };
    let denom = (fro_gram(&a) * fro_gram(&b)).sqrt();
    if denom > 0.0 {
        ab / denom
    } else {
        0.0
    }
}

/// Data variant, `comp_corr` (methods 3.1b; Figs. 7, 8, 22): with `x` (samples x neurons)
/// centred over samples (each neuron minus its temporal mean) and `w` the readout weights
/// (outputs x neurons), `rho_data = |X_c w^T|_F / (|X_c|_F |w|_F)`; 0 when either norm
/// vanishes.
///
/// # Panics
/// If `x` and `w` have different numbers of columns (a programming error).
pub fn corr_data(x: &DMatrix<f64>, w: &DMatrix<f64>) -> f64 {
    assert_eq!(x.ncols(), w.ncols(), "corr_data: neuron counts differ");
    let xc = centre_columns(x);
    ratio((&xc * w.transpose()).norm(), xc.norm() * w.norm())
}

/// `num / den`, or 0 when `den` vanishes (the published convention for a zero norm).
pub(crate) fn ratio(num: f64, den: f64) -> f64 {
    if den > 0.0 {
        num / den
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn states() -> DMatrix<f64> {
        DMatrix::from_fn(7, 4, |i, j| {
            ((i * 5 + j * 3) % 7) as f64 - 0.3 * j as f64 + (i as f64).sin()
        })
    }

    #[test]
    fn gen_corr_of_one_output_is_the_closed_form() {
        let b = states();
        let w = DMatrix::from_row_slice(1, 4, &[0.3, -1.2, 0.5, 2.0]);
        let (wc, bc) = (centre_rows(&w), centre_rows(&b));
        let expected =
            (&bc * wc.transpose()).norm() / (wc.norm() * (bc.transpose() * &bc).norm().sqrt());
        approx::assert_relative_eq!(gen_corr(&w, &b), expected, max_relative = 1e-13);
        // Larger than the naive |Bw| / (|w| |B|_F) by PR^{1/4} (methods 3.1a).
        let c = bc.transpose() * &bc;
        let pr = c.trace().powi(2) / (&c * &c).trace();
        let naive = (&bc * wc.transpose()).norm() / (wc.norm() * bc.norm());
        approx::assert_relative_eq!(
            gen_corr(&w, &b),
            naive * pr.powf(0.25),
            max_relative = 1e-12
        );
    }

    #[test]
    fn corr_data_is_one_along_a_state_and_zero_for_a_zero_readout() {
        let x = states();
        let xc = centre_columns(&x);
        // w proportional to a single centred sample direction in a rank-one X gives 1.
        let v = DMatrix::from_row_slice(1, 4, &[1.0, 2.0, -1.0, 0.5]);
        let t = DMatrix::from_fn(7, 1, |i, _| i as f64);
        let rank_one = &t * &v;
        approx::assert_relative_eq!(corr_data(&rank_one, &v), 1.0, max_relative = 1e-13);
        assert_eq!(corr_data(&x, &DMatrix::zeros(1, 4)), 0.0);
        let w = DMatrix::from_row_slice(2, 4, &[1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 0.0]);
        let expected = (&xc * w.transpose()).norm() / (xc.norm() * w.norm());
        approx::assert_relative_eq!(corr_data(&x, &w), expected, max_relative = 1e-13);
    }
}
