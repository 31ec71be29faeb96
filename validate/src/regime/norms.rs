//! State and weight norms (methods 3.2; Fig. 3A, 16B-C).

use nalgebra::DMatrix;

/// `sqrt(mean of m_ij^2) * sqrt(n)`: the RMS entry scaled by `sqrt(n)` (methods 3.2).
/// With `n` the number of neurons this is the norm of a typical row of `N` entries.
pub fn scaled_rms(m: &DMatrix<f64>, n: usize) -> f64 {
    if m.is_empty() {
        return 0.0;
    }
    (m.norm_squared() / m.len() as f64).sqrt() * (n as f64).sqrt()
}

/// State norm `|x|`: RMS of the states (samples x neurons) over samples and neurons, times
/// `sqrt(N)` (methods 3.2).
pub fn state_norm(states: &DMatrix<f64>) -> f64 {
    scaled_rms(states, states.ncols())
}

/// Weight norm: RMS of the entries of `W` (rows x neurons) times `sqrt(N)`; for `W_out`
/// (outputs x N) this is `|W_out|_F / sqrt(d_out)`, about the norm of one output vector
/// (methods 3.2; initial values `1/sqrt(N)` small, 1 large).
pub fn weight_norm(w: &DMatrix<f64>) -> f64 {
    scaled_rms(w, w.ncols())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weight_norm_of_w_out_is_frobenius_over_sqrt_outputs() {
        let w = DMatrix::from_row_slice(2, 3, &[1.0, 2.0, 2.0, 0.0, 0.0, 4.0]);
        approx::assert_relative_eq!(
            weight_norm(&w),
            (25.0f64 / 2.0).sqrt(),
            max_relative = 1e-15
        );
        let x = DMatrix::from_element(5, 4, 3.0);
        approx::assert_relative_eq!(state_norm(&x), 6.0, max_relative = 1e-15);
    }
}
