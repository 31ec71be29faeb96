//! Errors of the bulk (g > 0) mean-field theory.

use super::gauss2d::PairAverageError;
use thiserror::Error;

/// Why the bulk theory has no answer for a given input (theory notes, section 4).
#[derive(Debug, Clone, PartialEq, Error)]
pub enum BulkError {
    /// An input is NaN or infinite.
    #[error("{name} = {} must be finite", crate::format::num(*.value))]
    NonFinite {
        /// The parameter's name.
        name: &'static str,
        /// Its value.
        value: f64,
    },
    /// `g < 0`.
    #[error("g = {} must be >= 0 (J and -J have the same distribution: pass |g|)", crate::format::num(*.0))]
    NegativeG(f64),
    /// `noise <= 0`.
    #[error("noise = {} must be > 0", crate::format::num(*.0))]
    NonPositiveNoise(f64),
    /// `N < 2`.
    #[error("N = {0} must be >= 2")]
    TooFewUnits(usize),
    /// `lambda+ <phi'>_s = 1` has no solution for any variance `s^2`.
    #[error(
        "no fixed point: lambda+ = {lambda_plus} times <phi'>_s never equals 1 for {nonlinearity} \
         (lambda+ must exceed 1/phi'(0) = {lambda_min_zero_variance}, and <phi'>_s must fall below 1/lambda+)"
    )]
    NoSlopeSolution {
        /// The requested eigenvalue.
        lambda_plus: f64,
        /// `1/phi'(0)`.
        lambda_min_zero_variance: f64,
        /// The nonlinearity's name.
        nonlinearity: String,
    },
    /// `lambda+` at or below the critical value.
    #[error(
        "no fixed point: lambda+ = {} must exceed lambda+min = {lambda_plus_min:.4} \
         for noise {} and g {}", crate::format::num(*.lambda_plus), crate::format::num(*.noise),
         crate::format::num(*.g)
    )]
    NoFixedPoint {
        /// The requested eigenvalue.
        lambda_plus: f64,
        /// The critical eigenvalue (Eq. B13).
        lambda_plus_min: f64,
        /// Noise sigma.
        noise: f64,
        /// Bulk strength g.
        g: f64,
    },
    /// `|kappa_bar| < z / sqrt(N)`: the bias-zero angle would need `rho > 1` (Eq. 52).
    #[error(
        "no bias-zero fixed point: |kappa_bar| = {kappa_norm:.6} must be at least \
         target/sqrt(N) = {needed:.6} (rho would be {rho:.6} > 1); increase lambda+ or N"
    )]
    RhoAboveOne {
        /// `|kappa_bar|`.
        kappa_norm: f64,
        /// `z / sqrt(N)`.
        needed: f64,
        /// The impossible correlation.
        rho: f64,
    },
    /// The static solution is not an attracting end point of the autocorrelation (Eq. B10).
    #[error(
        "no stationary bulk solution: g^2 <phi'(x) phi'(y)> = {slope:.6} at the static \
         correlation must be < 1 (g = {g} is too large for this theory)"
    )]
    BulkUnstable {
        /// `g^2 F_phi'(Delta_inf; Delta0)`.
        slope: f64,
        /// Bulk strength g.
        g: f64,
    },
    /// The amplitude equation (Eq. B12) has no root: the variance grows without bound.
    #[error(
        "no stationary amplitude for g = {} and noise {} with {nonlinearity}: \
         the variance grows without bound (for the identity this happens at g >= 1)",
         crate::format::num(*.g), crate::format::num(*.noise)
    )]
    NoAmplitude {
        /// Bulk strength g.
        g: f64,
        /// Noise sigma.
        noise: f64,
        /// The nonlinearity's name.
        nonlinearity: String,
    },
    /// The critical lambda+ assumes an odd phi (then c_inf = 0 at kappa_bar = 0).
    #[error(
        "the critical lambda+ needs an odd nonlinearity: {nonlinearity} has \
         phi({x}) + phi(-{x}) = {asymmetry:e}"
    )]
    NotOdd {
        /// The nonlinearity's name.
        nonlinearity: String,
        /// Where the asymmetry was found.
        x: f64,
        /// `phi(x) + phi(-x)`.
        asymmetry: f64,
    },
    /// A root finder failed (should not happen for valid input).
    #[error("{what} did not converge: {reason}")]
    NotConverged {
        /// Which equation.
        what: &'static str,
        /// The solver's message.
        reason: String,
    },
    /// A pair average got invalid arguments (should not happen for valid input).
    #[error("pair average: {0}")]
    PairAverage(#[from] PairAverageError),
}

/// Checks that `value` is finite.
pub(crate) fn finite(name: &'static str, value: f64) -> Result<f64, BulkError> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(BulkError::NonFinite { name, value })
    }
}
