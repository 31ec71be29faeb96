//! `L`, `L_bias` and `L_var` conditioned on the target (theory notes section 3).

use super::check_window;
use crate::network::ValidateError;
use nalgebra::DMatrix;

/// The loss and its decomposition into bias and variance.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct LossDecomposition {
    /// `L`: mean over trials and window time points of `(z - target)^2`.
    pub loss: f64,
    /// `L_bias`: `(mean output - target)^2` per condition and time point, averaged over
    /// both.
    pub bias: f64,
    /// `L_var`: variance of the output per condition and time point, averaged over both.
    pub var: f64,
    /// Number of output samples that entered (trials x time points).
    pub samples: usize,
}

/// `L`, `L_bias` and `L_var` of `outputs` (`time points x batch`) on the time points
/// `window`, with `targets` (`window.len() x batch`) and the condition of every trial
/// (theory notes section 3).
///
/// For condition `c` (with `n_c` trials) and time point `t`:
/// `bias_ct = (mean_b z_bt - y_ct)^2`, `var_ct = mean_b (z_bt - mean z_t)^2` (population
/// variance, divisor `n_c`), with `y_ct` the mean target of the condition. `L_bias` and
/// `L_var` average these over time points and the non-empty conditions with equal weights.
/// When the conditions have equal sizes and share one target each, `L = L_bias + L_var`
/// exactly. (The population variance is `(n_c - 1)/n_c` of the unbiased estimate; the
/// difference shows up in `L_bias`.)
pub fn loss_decomposition(
    outputs: &DMatrix<f64>,
    window: &[usize],
    targets: &DMatrix<f64>,
    condition: &[usize],
    n_conditions: usize,
) -> Result<LossDecomposition, ValidateError> {
    let batch = outputs.ncols();
    let counts = check_window(window, outputs.nrows(), condition, n_conditions, batch)?;
    if targets.shape() != (window.len(), batch) {
        return Err(ValidateError::OutOfRange(format!(
            "targets are {} x {}, expected window x batch = {} x {batch}",
            targets.nrows(),
            targets.ncols(),
            window.len()
        )));
    }
    let mut loss = 0.0;
    let mut bias = 0.0;
    let mut var = 0.0;
    let used = counts.iter().filter(|&&c| c > 0).count();
    for (row, &k) in window.iter().enumerate() {
        let mut sum = vec![0.0; n_conditions];
        let mut sum_y = vec![0.0; n_conditions];
        for b in 0..batch {
            let z = outputs[(k, b)];
            let y = targets[(row, b)];
            loss += (z - y).powi(2);
            sum[condition[b]] += z;
            sum_y[condition[b]] += y;
        }
        let mean: Vec<f64> = (0..n_conditions)
            .map(|c| sum[c] / counts[c].max(1) as f64)
            .collect();
        let mut ss = vec![0.0; n_conditions];
        for b in 0..batch {
            ss[condition[b]] += (outputs[(k, b)] - mean[condition[b]]).powi(2);
        }
        for c in (0..n_conditions).filter(|&c| counts[c] > 0) {
            let nc = counts[c] as f64;
            bias += (mean[c] - sum_y[c] / nc).powi(2);
            var += ss[c] / nc;
        }
    }
    let points = window.len() as f64;
    Ok(LossDecomposition {
        loss: loss / (points * batch as f64),
        bias: bias / (points * used as f64),
        var: var / (points * used as f64),
        samples: window.len() * batch,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decomposition_by_hand() {
        // two conditions (targets +1, -1), two trials each, two time points
        let outputs = DMatrix::from_row_slice(
            3,
            4,
            &[
                9.0, 9.0, 9.0, 9.0, // time point 0 (outside the window)
                1.5, -0.5, 0.5, -1.5, // t1: cond0 {1.5, 0.5}, cond1 {-0.5, -1.5}
                1.0, -1.0, 3.0, -3.0, // t2: cond0 {1.0, 3.0}, cond1 {-1.0, -3.0}
            ],
        );
        let targets = DMatrix::from_row_slice(2, 4, &[1.0, -1.0, 1.0, -1.0, 1.0, -1.0, 1.0, -1.0]);
        let d = loss_decomposition(&outputs, &[1, 2], &targets, &[0, 1, 0, 1], 2).unwrap();
        // t1: means 1.0, -1.0 -> bias 0; var 0.25 each. t2: means 2, -2 -> bias 1 each; var 1
        assert!((d.bias - 0.5).abs() < 1e-15);
        assert!((d.var - 0.625).abs() < 1e-15);
        assert!((d.loss - (d.bias + d.var)).abs() < 1e-15);
        assert_eq!(d.samples, 8);
    }

    #[test]
    fn bad_windows_get_exact_messages() {
        let o = DMatrix::zeros(3, 2);
        let t = DMatrix::zeros(1, 2);
        let e =
            |w: &[usize], c: &[usize]| loss_decomposition(&o, w, &t, c, 2).unwrap_err().to_string();
        assert_eq!(
            e(&[], &[0, 1]),
            "the measurement window is empty: it needs at least one time point"
        );
        assert_eq!(
            e(&[3], &[0, 1]),
            "window time point 3 is outside the trajectory (time points 0..=2)"
        );
        assert_eq!(
            e(&[1], &[0, 2]),
            "condition label 2 is out of range: labels must be below n_conditions = 2"
        );
        assert_eq!(e(&[1], &[0]), "condition labels has length 1, expected 2");
        assert_eq!(
            e(&[1, 2], &[0, 1]),
            "targets are 1 x 2, expected window x batch = 2 x 2"
        );
    }
}
