//! Errors of the regime measures: what is wrong with the input, in words a user can act on.

use thiserror::Error;

/// What went wrong when measuring the regime of a recording or a network.
///
/// `what` names the matrix (the command line passes the file name, e.g. `states file
/// 'rates.npy'`), so that the message says where to look.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum RegimeError {
    /// A matrix has no rows or no columns.
    #[error("{what} is empty ({rows} x {cols}); it needs samples as rows and at least one column")]
    Empty {
        what: String,
        rows: usize,
        cols: usize,
    },
    /// A NaN or infinite entry (the first one in row-major order).
    #[error("{what} has a non-finite entry ({value}) at row {row}, column {col} (0-based); remove or interpolate it")]
    NonFinite {
        what: String,
        row: usize,
        col: usize,
        value: f64,
    },
    /// Every entry is the same number: nothing to correlate or fit.
    #[error(
        "{what} is constant (every entry is {value}); it carries no signal to fit or correlate"
    )]
    Constant { what: String, value: f64 },
    /// Activity and output do not have the same number of samples.
    #[error("{x_what} has {x_rows} samples (rows) but {y_what} has {y_rows}; they must match row for row")]
    RowMismatch {
        x_what: String,
        x_rows: usize,
        y_what: String,
        y_rows: usize,
    },
    /// Fewer than three samples (after the delay shift).
    #[error("{what} has {n} samples{detail}; at least 3 are needed (leave-one-out ridge regression and centring)")]
    TooFewSamples {
        what: String,
        n: usize,
        detail: String,
    },
    /// A weights matrix whose shape fits neither outputs x neurons nor neurons x outputs.
    #[error("{what} has shape {rows} x {cols}; expected {n_outputs} x {n_neurons} (outputs x neurons) or its transpose")]
    WeightsShape {
        what: String,
        rows: usize,
        cols: usize,
        n_outputs: usize,
        n_neurons: usize,
    },
    /// Two state matrices that must correspond row for row and column for column.
    #[error("{what}: shapes {a_rows} x {a_cols} and {b_rows} x {b_cols} differ; they must match")]
    ShapeMismatch {
        what: String,
        a_rows: usize,
        a_cols: usize,
        b_rows: usize,
        b_cols: usize,
    },
    /// A parameter outside its valid range.
    #[error("{0}")]
    InvalidArgument(String),
}
