//! The fixed-point condition `lambda+ <phi'>_{s_x} = 1` (Eq. 43, notes Eq. B9), solved for
//! the total variance `Delta0 = s_x^2`, and its inverse `lambda+ = 1/<phi'>_{s_x}`.

use super::error::BulkError;
use super::pair::is_builtin_erf;
use super::root::brent;
use crate::nonlinearity::Nonlinearity;

const A2: f64 = std::f64::consts::PI / 4.0;

/// `1 / <phi'>_s` with `s^2 = var`: the lambda+ at which a fixed point has total variance
/// `var` (Eq. 43). For erf exactly `sqrt(1 + 2 a^2 var)` (Eq. 51).
pub fn inverse_mean_dphi(nl: &dyn Nonlinearity, var: f64) -> f64 {
    if is_builtin_erf(nl) {
        (1.0 + 2.0 * A2 * var).sqrt()
    } else {
        nl.mean_dphi(var.sqrt()).recip()
    }
}

/// The total variance `Delta0 = s_x^2` that solves `lambda+ <phi'>_{s_x} = 1` (Eq. 43, B9).
///
/// For erf in closed form, `Delta0 = (lambda+^2 - 1) / (2 a^2)` (Eq. 44); otherwise a
/// bracketed root in `Delta0` (assumes `<phi'>_s` decreases from `phi'(0)` towards zero, as for
/// every saturating nonlinearity).
///
/// ```
/// use oblique_theory::bulk::total_variance;
/// use oblique_theory::nonlinearity::{Erf, Nonlinearity, Tanh};
/// let v = total_variance(&Erf, 2.0).unwrap();
/// assert!((v - 3.0 / (std::f64::consts::PI / 2.0)).abs() < 1e-14);
/// let t = total_variance(&Tanh, 2.0).unwrap();
/// assert!((2.0 * Tanh.mean_dphi(t.sqrt()) - 1.0).abs() < 1e-12);
/// ```
pub fn total_variance(nl: &dyn Nonlinearity, lambda_plus: f64) -> Result<f64, BulkError> {
    let lambda_plus = super::error::finite("lambda+", lambda_plus)?;
    let zero_slope = nl.dphi(0.0);
    let no_solution = || BulkError::NoSlopeSolution {
        lambda_plus,
        lambda_min_zero_variance: zero_slope.recip(),
        nonlinearity: nl.name().to_string(),
    };
    if lambda_plus * zero_slope <= 1.0 {
        return Err(no_solution());
    }
    if is_builtin_erf(nl) {
        return Ok((lambda_plus * lambda_plus - 1.0) / (2.0 * A2));
    }
    let residual = |v: f64| lambda_plus * nl.mean_dphi(v.max(0.0).sqrt()) - 1.0;
    let mut hi = 1.0;
    while residual(hi) > 0.0 {
        hi *= 2.0;
        if hi > 1e12 {
            return Err(no_solution());
        }
    }
    brent("lambda+ <phi'> = 1", residual, 0.0, hi, 1e-15 * hi)
}
