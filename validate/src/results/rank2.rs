//! The mean-field prediction for a rank-two `M` trained by `train rank2` (Fig. 13D-F): the
//! minimum of `L_var` over `lambda+` at the trained `lambda-` (theory notes section 3,
//! Eq. 53 for erf), which the trained `M` is expected to approach.

use oblique_theory::nonlinearity::Builtin;
use oblique_theory::optimum::{Optimum, OptimumProblem};
use oblique_theory::rank_two::{lambda_plus_min, NoiseLevel};

use crate::train::protocol::RankTwoSummary;

/// The mean-field optimum at the trained `lambda-`, or why there is none.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TrainedPrediction {
    /// `lambda-` of the trained `M`
    pub lambda_minus: f64,
    /// the optimum (`n`, `lambda_plus_opt`, `kappa_norm`, `rho`, `l_var`)
    #[serde(flatten)]
    pub optimum: Option<Optimum>,
    /// why there is no optimum
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// The optimum over `lambda+` at the `lambda-` of `summary`'s trained `M`, for the trained
/// network's `noise`, `target`, nonlinearity `nl` and bulk gain `g` (only `g = 0` has one).
pub fn predict_trained(
    summary: &RankTwoSummary,
    noise: f64,
    target: f64,
    nl: Builtin,
    g: f64,
) -> TrainedPrediction {
    let lambda_minus = summary.eigenvalues.lambda_minus;
    let fail = |e: String| TrainedPrediction {
        lambda_minus,
        optimum: None,
        error: Some(e),
    };
    if summary.eigenvalues.imag > 0.0 {
        return fail(format!(
            "the trained M has complex eigenvalues ({} +- {}i): no lambda- to predict from",
            lambda_minus, summary.eigenvalues.imag
        ));
    }
    if g > 0.0 {
        return fail("the mean-field optimum is computed for g = 0 only".into());
    }
    let noise = match NoiseLevel::new(noise) {
        Ok(s) => s,
        Err(e) => return fail(e.to_string()),
    };
    let problem = OptimumProblem {
        noise,
        nonlinearity: nl.into(),
        target,
        lambda_minus,
    };
    match problem.solve(summary.n) {
        Ok(o) => TrainedPrediction {
            lambda_minus,
            optimum: Some(o),
            error: None,
        },
        Err(e) => fail(e.to_string()),
    }
}

/// `lambda+min = 1 / <phi'>` of the trained network (Eq. 44); for `noise = 0` the
/// noiseless threshold (the smallest positive noise level).
pub fn trained_lambda_plus_min(nl: Builtin, noise: f64) -> f64 {
    let level = NoiseLevel::new(noise)
        .unwrap_or_else(|_| NoiseLevel::new(f64::MIN_POSITIVE).expect("positive"));
    lambda_plus_min(nl.into(), level)
}
