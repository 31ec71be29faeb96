//! Bracketed scalar root finding (argmin's Brent) for the bulk equations.

use super::error::BulkError;
use argmin::core::{CostFunction, Error, Executor};
use argmin::solver::brent::BrentRoot;

struct Scalar<F>(F);

impl<F: Fn(f64) -> f64> CostFunction for Scalar<F> {
    type Param = f64;
    type Output = f64;
    fn cost(&self, x: &f64) -> Result<f64, Error> {
        let v = (self.0)(*x);
        if v.is_finite() {
            Ok(v)
        } else {
            Err(argmin::core::ArgminError::InvalidParameter {
                text: format!("non-finite residual {v} at {x}"),
            }
            .into())
        }
    }
}

/// The root of `f` in `[lo, hi]` (signs must differ), to absolute tolerance `tol`.
pub(crate) fn brent<F: Fn(f64) -> f64>(
    what: &'static str,
    f: F,
    lo: f64,
    hi: f64,
    tol: f64,
) -> Result<f64, BulkError> {
    let fail = |reason: String| BulkError::NotConverged { what, reason };
    let res = Executor::new(Scalar(f), BrentRoot::new(lo, hi, tol))
        .configure(|s| s.param(0.5 * (lo + hi)).max_iters(200))
        .run()
        .map_err(|e| fail(e.to_string()))?;
    let state = res.state();
    if !matches!(
        state.termination_status,
        argmin::core::TerminationStatus::Terminated(
            argmin::core::TerminationReason::SolverConverged
        )
    ) {
        return Err(fail(format!("{:?}", state.termination_status)));
    }
    state
        .best_param
        .ok_or_else(|| fail("no parameter".to_string()))
}
