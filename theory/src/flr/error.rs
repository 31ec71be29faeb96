//! Errors of the fluctuation-learning theory (theory notes section 7, `theory/notes/flr.md`).

/// Why a fluctuation-learning prediction cannot be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FlrError {
    /// The connectivity matrix is not square.
    #[error("J must be square: got {rows}x{cols}")]
    NotSquare {
        /// rows of J
        rows: usize,
        /// columns of J
        cols: usize,
    },
    /// The connectivity matrix has no entries.
    #[error("J is empty: the network needs at least one unit")]
    Empty,
    /// A vector does not have one entry per unit.
    #[error("{name} has {len} entries but J is {n}x{n}; they must match")]
    LengthMismatch {
        /// which vector (`"xi"`, `"eta"`, `"start"`)
        name: &'static str,
        /// its length
        len: usize,
        /// the number of units
        n: usize,
    },
    /// A measured matrix does not have the size of the covariance `C`.
    #[error("{name} is {rows}x{rows} but C is {n}x{n}; they must match")]
    MatrixSize {
        /// which matrix (`"K"`)
        name: &'static str,
        /// its size
        rows: usize,
        /// the size of C
        n: usize,
    },
    /// A prediction needs a condition the task or state does not meet.
    #[error("{0}")]
    Unsupported(String),
    /// An entry is NaN or infinite.
    #[error("{name} has a non-finite entry ({}) at index {index}", crate::format::num(*.value))]
    NonFinite {
        /// which input (`"J"`, `"xi"`, `"eta"`)
        name: &'static str,
        /// flat (column-major for J) index of the first bad entry
        index: usize,
        /// the entry
        value: f64,
    },
    /// A scalar parameter is outside its valid range.
    #[error("{name} = {} is out of range: it must be {range}", crate::format::num(*.value))]
    OutOfRange {
        /// the parameter (`"beta"`, `"noise"`, `"epsilon"`, `"u"`)
        name: &'static str,
        /// its value
        value: f64,
        /// the valid range in words
        range: &'static str,
    },
    /// A pattern is identically zero, so the overlap `m` is meaningless.
    #[error("{name} is the zero vector; it needs at least one nonzero entry")]
    ZeroPattern {
        /// `"xi"` or `"eta"`
        name: &'static str,
    },
    /// Newton's method did not find a fixed point `x* = J phi(x*)`.
    #[error("no spontaneous fixed point x* = J phi(x*) found: Newton's method stopped after {iterations} iterations with residual {residual:.3e} (tolerance 1e-10)")]
    NoFixedPoint {
        /// iterations done
        iterations: usize,
        /// final max-norm residual
        residual: f64,
    },
    /// The Jacobian at the spontaneous state is not stable, so the spontaneous covariance
    /// (a Lyapunov solution) does not exist.
    #[error("the spontaneous state is unstable: the Jacobian A = -I + J D has an eigenvalue with real part {} >= 0, so the spontaneous covariance C does not exist (lower the gain beta, g or the number of memories)", crate::format::num(*.max_real))]
    Unstable {
        /// the largest real part of the eigenvalues of `A`
        max_real: f64,
    },
    /// The Lyapunov solver failed for another reason (in practice: entries of the Jacobian
    /// or of the noise covariance too large for floating point).
    #[error("spontaneous covariance: {0} (the gain beta, g or the noise is too large for the solver; lower it)")]
    Lyapunov(String),
}

/// Checks that every entry of `values` is finite.
pub(crate) fn check_finite<'a>(
    name: &'static str,
    values: impl IntoIterator<Item = &'a f64>,
) -> Result<(), FlrError> {
    for (index, &value) in values.into_iter().enumerate() {
        if !value.is_finite() {
            return Err(FlrError::NonFinite { name, index, value });
        }
    }
    Ok(())
}
