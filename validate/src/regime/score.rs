//! Coefficients of determination `R^2`, in the two published variants.

use nalgebra::DMatrix;

/// Residual and total sums of squares of every output column, over the rows `rows` (all
/// rows when `None`), with the column means `mean` (methods 3.4: the mean is taken over all
/// trials even when the sums run over the held-out ones).
fn sums(
    y: &DMatrix<f64>,
    yhat: &DMatrix<f64>,
    mean: &[f64],
    rows: Option<&[usize]>,
) -> Vec<(f64, f64)> {
    let all: Vec<usize>;
    let rows = match rows {
        Some(r) => r,
        None => {
            all = (0..y.nrows()).collect();
            &all
        }
    };
    (0..y.ncols())
        .map(|c| {
            rows.iter().fold((0.0, 0.0), |(res, tot), &i| {
                let e = y[(i, c)] - yhat[(i, c)];
                let d = y[(i, c)] - mean[c];
                (res + e * e, tot + d * d)
            })
        })
        .collect()
}

fn means(y: &DMatrix<f64>) -> Vec<f64> {
    let n = y.nrows().max(1) as f64;
    y.column_iter().map(|c| c.sum() / n).collect()
}

/// `R^2` averaged over outputs (scikit-learn's `r2_score` with `uniform_average`, used by
/// `RidgeCV.score` in the data analysis, methods 3.5): the mean over columns `c` of
/// `1 - sum_i (y_ic - yhat_ic)^2 / sum_i (y_ic - mean_c)^2`. A constant column scores 1
/// when it is predicted exactly and 0 otherwise (scikit-learn's `force_finite`).
pub fn r2_uniform(y: &DMatrix<f64>, yhat: &DMatrix<f64>) -> f64 {
    r2_uniform_from_sums(&sums(y, yhat, &means(y), None))
}

/// [`r2_uniform`] from per-output `(residual, total)` sums of squares.
pub fn r2_uniform_from_sums(sums: &[(f64, f64)]) -> f64 {
    let per: f64 = sums
        .iter()
        .map(|&(res, tot)| {
            if tot > 0.0 {
                1.0 - res / tot
            } else if res == 0.0 {
                1.0
            } else {
                0.0
            }
        })
        .sum();
    per / sums.len().max(1) as f64
}

/// `R^2` pooled over outputs (the RNN analysis, methods 3.4):
/// `1 - sum_{i in rows, c} (y_ic - yhat_ic)^2 / sum_{i in rows, c} (y_ic - mean_c)^2`,
/// with `mean_c` the mean of output `c` over **all** rows and the sums over `rows` (all rows
/// when `None`; the held-out trials for `R^2_test`). 0 when the denominator vanishes.
pub fn r2_pooled(y: &DMatrix<f64>, yhat: &DMatrix<f64>, rows: Option<&[usize]>) -> f64 {
    let s = sums(y, yhat, &means(y), rows);
    let (res, tot) = s.iter().fold((0.0, 0.0), |a, b| (a.0 + b.0, a.1 + b.1));
    if tot > 0.0 {
        1.0 - res / tot
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uniform_and_pooled_differ_as_their_formulas_say() {
        // Output 0: tot 2, res 1.25 -> 0.375; output 1: tot 8, res 0 -> 1.
        let y = DMatrix::from_row_slice(2, 2, &[1.0, 2.0, -1.0, -2.0]);
        let yhat = DMatrix::from_row_slice(2, 2, &[0.5, 2.0, 0.0, -2.0]);
        approx::assert_relative_eq!(r2_uniform(&y, &yhat), 0.6875, max_relative = 1e-15);
        approx::assert_relative_eq!(r2_pooled(&y, &yhat, None), 0.875, max_relative = 1e-15);
        // Row 1 only: res 1, tot 1 + 4 (means still over both rows).
        approx::assert_relative_eq!(r2_pooled(&y, &yhat, Some(&[1])), 0.8, max_relative = 1e-15);
        // A constant output predicted exactly scores 1, otherwise 0 (scikit-learn).
        let c = DMatrix::from_row_slice(2, 1, &[3.0, 3.0]);
        assert_eq!(r2_uniform(&c, &c), 1.0);
        assert_eq!(
            r2_uniform(&c, &DMatrix::from_row_slice(2, 1, &[3.0, 2.0])),
            0.0
        );
    }
}
