//! The size of the noisy fixed point: `lambda+ <phi'>_{s_x} = 1` (Eqs. 41-44, 51).

use super::trapezoid::trapezoid_average_even;
use super::{Activation, NoiseLevel, RankTwoError};
use crate::nonlinearity::{Builtin, Nonlinearity, Tanh};
use argmin::core::{CostFunction, Executor};
use argmin::solver::brent::BrentRoot;

/// `a^2 = pi/4` for `phi(x) = erf(a x)`, `a = sqrt(pi)/2`.
pub(crate) const A2: f64 = std::f64::consts::FRAC_PI_4;

/// `<phi'>_s`: closed form for erf, the trapezoidal rule for the built-in tanh (see
/// [`trapezoid_average_even`], as both derivatives are even), the nonlinearity's own `mean_dphi` otherwise.
pub(crate) fn mean_dphi(phi: Activation<'_>, s: f64) -> f64 {
    match phi {
        Activation::Builtin(Builtin::Tanh) => trapezoid_average_even(|x| Tanh.dphi(x), s),
        _ => phi.get().mean_dphi(s),
    }
}

/// `<phi'''>_s`, by the same routes as [`mean_dphi`].
pub(crate) fn mean_d3phi(phi: Activation<'_>, s: f64) -> f64 {
    match phi {
        Activation::Builtin(Builtin::Tanh) => trapezoid_average_even(|x| Tanh.d3phi(x), s),
        _ => phi.get().mean_d3phi(s),
    }
}

/// The fixed point's amplitude and the averages evaluated there.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Amplitude {
    /// The eigenvalue carrying the fixed point.
    pub lambda_plus: f64,
    /// `lambda+min = 1 / <phi'>_sigma` (Eq. 44; erf: `sqrt(1 + 2 a^2 sigma^2)`, Eq. 51).
    pub lambda_plus_min: f64,
    /// `s_x = sqrt(|kappa_bar|^2 + sigma^2)`, the single-unit standard deviation (Eq. 42).
    pub sigma_x: f64,
    /// `|kappa_bar|` (Eq. 44).
    pub kappa_norm: f64,
    /// `<phi'>_{s_x} = 1 / lambda+` (Eq. 43).
    pub mean_dphi: f64,
    /// `<phi'''>_{s_x}` (Eq. 46).
    pub mean_d3phi: f64,
}

impl Amplitude {
    /// `q = <phi'''> / <phi'>` (Eq. 46).
    pub fn q(&self) -> f64 {
        self.mean_d3phi / self.mean_dphi
    }
    /// `gamma+ = q |kappa_bar|^2`, the Jacobian eigenvalue along the fixed point (Eq. 46).
    pub fn gamma_plus(&self) -> f64 {
        self.q() * self.kappa_norm * self.kappa_norm
    }
}

/// `lambda+min = 1 / <phi'>_sigma`, the smallest eigenvalue of M with a nonzero fixed point
/// at noise `sigma` (Eq. 44). For erf, `lambda+min = sqrt(1 + 2 a^2 sigma^2)` (Eq. 51).
///
/// ```
/// use oblique_theory::nonlinearity::Builtin;
/// use oblique_theory::rank_two::{lambda_plus_min, NoiseLevel};
/// let l = lambda_plus_min(Builtin::Erf.into(), NoiseLevel::new(1.0).unwrap());
/// assert!((l - (1.0 + std::f64::consts::PI / 2.0).sqrt()).abs() < 1e-15);
/// ```
pub fn lambda_plus_min(phi: Activation<'_>, noise: NoiseLevel) -> f64 {
    if phi.is_erf() {
        (1.0 + 2.0 * A2 * noise.variance()).sqrt()
    } else {
        mean_dphi(phi, noise.sigma()).recip()
    }
}

/// The eigenvalue `lambda+ = 1 / <phi'>_{s}` with `s^2 = kappa^2 + sigma^2` whose fixed
/// point has norm `|kappa_bar| = kappa` (Eq. 43 read backwards; erf: Eq. 44 inverted,
/// `lambda+ = sqrt(lambda+min^2 + 2 a^2 kappa^2)`).
pub fn lambda_plus_for_kappa(phi: Activation<'_>, noise: NoiseLevel, kappa: f64) -> f64 {
    if phi.is_erf() {
        (1.0 + 2.0 * A2 * (noise.variance() + kappa * kappa)).sqrt()
    } else {
        mean_dphi(phi, (noise.variance() + kappa * kappa).sqrt()).recip()
    }
}

/// Solves Eq. 43, `lambda+ <phi'>_{s_x} = 1` with `s_x^2 = |kappa_bar|^2 + sigma^2`.
///
/// For erf in closed form (Eq. 44): `|kappa_bar|^2 = (lambda+^2 - lambda+min^2) / (2 a^2)`.
/// Otherwise `s_x` is the root of `lambda+ <phi'>_s - 1` on `[sigma, s_hi]` (argmin's
/// `BrentRoot`), with `s_hi` found by doubling; this needs `<phi'>_s` to decrease to zero
/// (a saturating `phi`), else [`RankTwoError::NoRoot`].
///
/// Errors: [`RankTwoError::NoFixedPoint`] when `lambda+ <= lambda+min`.
pub fn amplitude(
    phi: Activation<'_>,
    noise: NoiseLevel,
    lambda_plus: f64,
) -> Result<Amplitude, RankTwoError> {
    super::model::check_finite("lambda+", lambda_plus)?;
    let sigma = noise.sigma();
    let lmin = lambda_plus_min(phi, noise);
    if lambda_plus <= lmin || lmin.is_nan() {
        return Err(RankTwoError::NoFixedPoint {
            lambda_plus,
            lambda_plus_min: lmin,
            sigma,
        });
    }
    if phi.is_erf() {
        let l2 = lambda_plus * lambda_plus;
        let kappa2 = (l2 - lmin * lmin) / (2.0 * A2);
        let sx2 = (l2 - 1.0) / (2.0 * A2);
        return Ok(Amplitude {
            lambda_plus,
            lambda_plus_min: lmin,
            sigma_x: sx2.sqrt(),
            kappa_norm: kappa2.sqrt(),
            mean_dphi: lambda_plus.recip(),
            mean_d3phi: -2.0 * A2 / (l2 * lambda_plus),
        });
    }
    let sx = solve_slope(phi, sigma, lambda_plus, lambda_plus / lmin - 1.0)?;
    let kappa2 = (sx * sx - sigma * sigma).max(0.0);
    Ok(Amplitude {
        lambda_plus,
        lambda_plus_min: lmin,
        sigma_x: sx,
        kappa_norm: kappa2.sqrt(),
        mean_dphi: lambda_plus.recip(),
        mean_d3phi: mean_d3phi(phi, sx),
    })
}

/// `lambda+ <phi'>_s - 1` as an argmin cost function of `s`.
struct SlopeEquation<'a> {
    phi: Activation<'a>,
    lambda_plus: f64,
    /// Values already computed while bracketing (Brent's init asks for both ends again).
    known: [(f64, f64); 2],
}

impl CostFunction for SlopeEquation<'_> {
    type Param = f64;
    type Output = f64;
    fn cost(&self, s: &f64) -> Result<f64, argmin::core::Error> {
        if let Some(&(_, v)) = self.known.iter().find(|(k, _)| k == s) {
            return Ok(v);
        }
        Ok(self.lambda_plus * mean_dphi(self.phi, *s) - 1.0)
    }
}

/// Root `s >= sigma` of `lambda+ <phi'>_s = 1` by Brent's method; `f_sigma` is the
/// (positive) value at `s = sigma`, known from `lambda+min`.
fn solve_slope(
    phi: Activation<'_>,
    sigma: f64,
    lambda_plus: f64,
    f_sigma: f64,
) -> Result<f64, RankTwoError> {
    let mut eq = SlopeEquation {
        phi,
        lambda_plus,
        known: [(f64::NAN, f64::NAN); 2],
    };
    let no_root = |reason: String| RankTwoError::NoRoot {
        phi: phi.name().to_string(),
        reason,
    };
    // Bracket: f(sigma) > 0 because lambda+ > lambda+min; double until f < 0.
    let (mut lo, mut f_lo) = (sigma, f_sigma);
    let mut hi = 2.0 * sigma.max(0.5 * lambda_plus.max(1.0));
    let limit = 1e8 * sigma.max(1.0) * lambda_plus.max(1.0);
    let f_hi = loop {
        let v = eq.cost(&hi).unwrap_or(f64::NAN);
        if !v.is_finite() {
            return Err(no_root(format!(
                "<phi'>_s is not finite at s = {}",
                super::error::num(hi)
            )));
        }
        if v <= 0.0 {
            if v == 0.0 {
                return Ok(hi);
            }
            break v;
        }
        (lo, f_lo) = (hi, v);
        hi *= 2.0;
        if hi > limit {
            return Err(no_root(format!(
                "<phi'>_s stays above 1/lambda+ = {} for all s up to {} (phi does not saturate)",
                super::error::num(lambda_plus.recip()),
                super::error::num(limit)
            )));
        }
    };
    eq.known = [(lo, f_lo), (hi, f_hi)];
    let tol = 1e-13 * hi;
    let res = Executor::new(eq, BrentRoot::new(lo, hi, tol))
        .configure(|st| st.max_iters(200))
        .run()
        .map_err(|e| no_root(format!("Brent's method failed: {e}")))?;
    res.state
        .best_param
        .filter(|s| s.is_finite())
        .ok_or_else(|| no_root("Brent's method returned no root".to_string()))
}
