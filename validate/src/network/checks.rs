//! Bad input to a network, a simulation, a task or a measurement: the error type and the
//! checks that produce it.

/// Bad input to a network, a simulation, a task or a measurement.
///
/// Every message names the parameter, its value and the valid range.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ValidateError {
    /// Fewer than two neurons.
    #[error("N = {0} is too small: the network needs at least 2 neurons")]
    TooFewNeurons(usize),
    /// Empty batch.
    #[error("batch = 0: the batch size must be at least 1")]
    EmptyBatch,
    /// Non-positive (or non-finite) time step.
    #[error("dt = {} is invalid: the time step must be positive and finite", oblique_theory::format::num(*.0))]
    BadDt(f64),
    /// A value that must be finite is not.
    #[error("{name} = {} is not finite: it must be a finite number", oblique_theory::format::num(*.value))]
    NonFinite {
        /// which parameter
        name: &'static str,
        /// its value
        value: f64,
    },
    /// A value that must be non-negative is negative.
    #[error("{name} = {} is negative: it must be at least 0", oblique_theory::format::num(*.value))]
    Negative {
        /// which parameter
        name: &'static str,
        /// its value
        value: f64,
    },
    /// A vector or matrix has the wrong size.
    #[error("{name} has length {got}, expected {expected}")]
    WrongLength {
        /// which argument
        name: &'static str,
        /// expected length
        expected: usize,
        /// actual length
        got: usize,
    },
    /// A matrix is not square or not `N x N`.
    #[error("{name} is {rows} x {cols}, expected {n} x {n}")]
    WrongShape {
        /// which argument
        name: &'static str,
        /// rows
        rows: usize,
        /// columns
        cols: usize,
        /// expected size
        n: usize,
    },
    /// A simulation or task without time steps.
    #[error("{name} = {} gives no time steps: it must be at least dt = {}", oblique_theory::format::num(*.value), oblique_theory::format::num(*.dt))]
    NoSteps {
        /// which parameter
        name: &'static str,
        /// its value
        value: f64,
        /// the time step
        dt: f64,
    },
    /// The Euler map is unstable at this step (checked before a run).
    #[error("dt = {} is too large: the Euler map is unstable in the part {part} (its factor {} is not below 1); it needs dt < {}: lower dt or weaken the coupling", oblique_theory::format::num(*.dt), oblique_theory::format::num(*.factor), oblique_theory::format::num(*.dt_max))]
    EulerUnstable {
        /// the step given
        dt: f64,
        /// the largest stable step
        dt_max: f64,
        /// the modulus of the unstable eigenvalue of the map
        factor: f64,
        /// which part of the state
        part: &'static str,
    },
    /// A simulation ran away; the error carries what was computed before.
    #[error("{0}")]
    Diverged(Box<crate::simulate::Divergence>),
    /// Anything else out of range, with a full explanation.
    #[error("{0}")]
    OutOfRange(String),
}

/// Checks that `value` is finite.
pub fn check_finite(name: &'static str, value: f64) -> Result<f64, ValidateError> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(ValidateError::NonFinite { name, value })
    }
}

/// Checks that `value` is finite and at least zero.
pub fn check_non_negative(name: &'static str, value: f64) -> Result<f64, ValidateError> {
    check_finite(name, value)?;
    if value < 0.0 {
        Err(ValidateError::Negative { name, value })
    } else {
        Ok(value)
    }
}

/// Checks that `dt` is positive and finite.
pub fn check_dt(dt: f64) -> Result<f64, ValidateError> {
    if dt.is_finite() && dt > 0.0 {
        Ok(dt)
    } else {
        Err(ValidateError::BadDt(dt))
    }
}

/// Checks that every entry of `values` is finite, naming the first bad one.
pub fn check_all_finite<'a>(
    name: &'static str,
    values: impl IntoIterator<Item = &'a f64>,
) -> Result<(), ValidateError> {
    for &v in values {
        check_finite(name, v)?;
    }
    Ok(())
}

/// Checks `N >= 2`.
pub fn check_n(n: usize) -> Result<usize, ValidateError> {
    if n < 2 {
        Err(ValidateError::TooFewNeurons(n))
    } else {
        Ok(n)
    }
}

/// Checks `batch >= 1`.
pub fn check_batch(batch: usize) -> Result<usize, ValidateError> {
    if batch == 0 {
        Err(ValidateError::EmptyBatch)
    } else {
        Ok(batch)
    }
}
