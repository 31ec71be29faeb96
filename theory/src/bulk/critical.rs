//! The critical lambda+ with a random bulk: the amplitude of the fluctuating state without
//! a fixed point (`kappa_bar = 0`, notes Eqs. B12-B13).

use super::error::{finite, BulkError};
use super::pair::antiderivative_variance;
use super::root::brent;
use super::slope::inverse_mean_dphi;
use crate::nonlinearity::Nonlinearity;

/// The onset of the fixed point: amplitude of the `kappa_bar = 0` state and critical lambda+.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct CriticalPoint {
    /// Bulk strength g.
    pub g: f64,
    /// Noise sigma.
    pub noise: f64,
    /// `s_x^2 = c0` of the fluctuating state without fixed point (Eq. B12).
    pub variance: f64,
    /// `s_x`.
    pub s_x: f64,
    /// `lambda+min = 1 / <phi'>_{s_x}` (Eq. B13).
    pub lambda_plus_min: f64,
}

/// Critical lambda+ as a function of g and sigma (notes Eqs. B12-B13).
///
/// Without a fixed point the orthogonal state is stationary noise-driven fluctuation with
/// `c_inf = 0` (phi odd). Its variance `v = s_x^2` solves the amplitude equation (B12)
///
/// ```text
/// v^2 = sigma^4 + 2 g^2 (<Phi^2>_{sqrt v} - <Phi>_{sqrt v}^2),
/// ```
///
/// and a fixed point branches off (supercritically) at `lambda+min = 1/<phi'>_{s_x}` (B13).
/// At `g = 0`: `v = sigma^2` and, for erf, `lambda+min = sqrt(1 + 2a^2 sigma^2)` (Eq. 51).
///
/// ```
/// use oblique_theory::bulk::critical_lambda_plus;
/// use oblique_theory::nonlinearity::Erf;
/// let c = critical_lambda_plus(0.0, 1.0, &Erf).unwrap();
/// assert!((c.lambda_plus_min - (1.0 + std::f64::consts::PI / 2.0).sqrt()).abs() < 1e-15);
/// let c = critical_lambda_plus(0.5, 1.0, &Erf).unwrap();
/// assert!(c.lambda_plus_min > 1.6034 && c.variance > 1.0);
/// ```
pub fn critical_lambda_plus(
    g: f64,
    noise: f64,
    nl: &dyn Nonlinearity,
) -> Result<CriticalPoint, BulkError> {
    let g = finite("g", g)?;
    let noise = finite("noise", noise)?;
    if g < 0.0 {
        return Err(BulkError::NegativeG(g));
    }
    if noise <= 0.0 {
        return Err(BulkError::NonPositiveNoise(noise));
    }
    let variance = fluctuating_amplitude(g, noise, nl)?;
    Ok(CriticalPoint {
        g,
        noise,
        variance,
        s_x: variance.sqrt(),
        lambda_plus_min: inverse_mean_dphi(nl, variance),
    })
}

/// Solves the amplitude equation (B12) for `v = s_x^2`, `v >= sigma^2`.
pub(crate) fn fluctuating_amplitude(
    g: f64,
    noise: f64,
    nl: &dyn Nonlinearity,
) -> Result<f64, BulkError> {
    let s4 = noise.powi(4);
    if g == 0.0 {
        return Ok(noise * noise);
    }
    check_odd(nl)?;
    let g2 = g * g;
    let residual = |v: f64| v * v - s4 - 2.0 * g2 * antiderivative_variance(nl, v.sqrt());
    let lo = noise * noise;
    let mut hi = 2.0 * lo;
    while residual(hi) <= 0.0 {
        hi *= 2.0;
        if hi > 1e8 * lo.max(1.0) {
            return Err(BulkError::NoAmplitude {
                g,
                noise,
                nonlinearity: nl.name().to_string(),
            });
        }
    }
    if residual(lo) >= 0.0 {
        return Ok(lo);
    }
    brent("amplitude equation (B12)", residual, lo, hi, 1e-15 * hi)
}

/// The amplitude equation assumes `c_inf = 0` at `kappa_bar = 0`, true for odd phi.
fn check_odd(nl: &dyn Nonlinearity) -> Result<(), BulkError> {
    for x in [0.37, 1.3, 2.9] {
        let asymmetry = nl.phi(x) + nl.phi(-x);
        if asymmetry.abs() > 1e-12 * (1.0 + nl.phi(x).abs()) {
            return Err(BulkError::NotOdd {
                nonlinearity: nl.name().to_string(),
                x,
                asymmetry,
            });
        }
    }
    Ok(())
}
