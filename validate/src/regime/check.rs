//! Input checks shared by every measure: empty, non-finite, constant, too few samples.

use nalgebra::DMatrix;

use super::error::RegimeError;

/// Fewest samples any measure accepts.
pub const MIN_SAMPLES: usize = 3;

/// Checks that `m` is non-empty, finite everywhere and not constant. The first non-finite
/// entry is reported in row-major order (the order of a CSV file).
pub fn check_matrix(m: &DMatrix<f64>, what: &str) -> Result<(), RegimeError> {
    let (rows, cols) = m.shape();
    if rows == 0 || cols == 0 {
        return Err(RegimeError::Empty {
            what: what.into(),
            rows,
            cols,
        });
    }
    if m.iter().any(|v| !v.is_finite()) {
        for row in 0..rows {
            for col in 0..cols {
                let value = m[(row, col)];
                if !value.is_finite() {
                    return Err(RegimeError::NonFinite {
                        what: what.into(),
                        row,
                        col,
                        value,
                    });
                }
            }
        }
    }
    let first = m[(0, 0)];
    if rows * cols > 1 && m.iter().all(|&v| v == first) {
        return Err(RegimeError::Constant {
            what: what.into(),
            value: first,
        });
    }
    Ok(())
}

/// Checks a samples x neurons activity matrix and a samples x outputs matrix: each on its
/// own ([`check_matrix`]), equal row counts and at least [`MIN_SAMPLES`] rows.
pub fn check_pair(
    x: &DMatrix<f64>,
    x_what: &str,
    y: &DMatrix<f64>,
    y_what: &str,
) -> Result<(), RegimeError> {
    if x.nrows() != y.nrows() && x.nrows() > 0 && y.nrows() > 0 {
        return Err(RegimeError::RowMismatch {
            x_what: x_what.into(),
            x_rows: x.nrows(),
            y_what: y_what.into(),
            y_rows: y.nrows(),
        });
    }
    check_matrix(x, x_what)?;
    check_matrix(y, y_what)?;
    check_samples(x.nrows(), x_what, "")
}

/// Checks that `n >= MIN_SAMPLES`; `detail` qualifies the count (e.g. "after a delay of 5").
pub fn check_samples(n: usize, what: &str, detail: &str) -> Result<(), RegimeError> {
    if n < MIN_SAMPLES {
        return Err(RegimeError::TooFewSamples {
            what: what.into(),
            n,
            detail: detail.into(),
        });
    }
    Ok(())
}
