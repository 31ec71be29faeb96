//! Two-dimensional Gaussian averages `<f(x) g(y)>` over a correlated pair (theory notes,
//! section 4; `theory/notes/bulk.md`, Eqs. B1-B3).
//!
//! For `(x, y)` jointly Gaussian with mean zero, equal variance `var` and covariance `cov`
//! (`|cov| <= var`), write (Eq. B2)
//!
//! ```text
//! x = sqrt(|cov|) z + sqrt(var - |cov|) u1,   y = sgn(cov) sqrt(|cov|) z + sqrt(var - |cov|) u2
//! ```
//!
//! with `z, u1, u2` independent standard normals. Then (Eq. B3)
//!
//! ```text
//! <f(x) g(y)> = integral Dz  h_f(sqrt|cov| z) h_g(sgn(cov) sqrt|cov| z),
//! h_f(m) = integral Du f(m + sqrt(var - |cov|) u),
//! ```
//!
//! a nest of one-dimensional averages. Each one-dimensional average is a trapezoid rule on a
//! uniform grid ([`NormalRule`]): for an integrand analytic in a strip, the trapezoid rule
//! on the real line converges geometrically in `1/h`, and the step is scaled with the
//! standard deviation so that a nonlinearity varying on scale one (erf, tanh and their
//! antiderivatives) is resolved to about `1e-13`.

use thiserror::Error;

/// Half-width of the integration grid in units of the standard deviation (`2 Phi(-9) ~ 2e-19`).
const HALF_WIDTH: f64 = 9.0;
/// Largest grid step (in units of the standard deviation): resolves the Gaussian weight
/// itself (trapezoid error `~ exp(-2 pi^2 / h^2)`).
const MAX_STEP: f64 = 0.5;
/// Step times standard deviation: `f(s y)` with a singularity at distance `pi/2` from the
/// real axis (tanh) then has a trapezoid error `~ exp(-pi^2 / (s h)) = exp(-pi^2/0.3) ~ 5e-15`.
const STEP_TIMES_SCALE: f64 = 0.3;

/// Errors of the two-dimensional averages.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum PairAverageError {
    /// A variance or covariance is NaN or infinite.
    #[error("{name} = {} must be finite", crate::format::num(*.value))]
    NonFinite {
        /// The parameter's name.
        name: &'static str,
        /// Its value.
        value: f64,
    },
    /// The variance is negative.
    #[error("variance = {} must be >= 0", crate::format::num(*.0))]
    NegativeVariance(f64),
    /// A negative covariance where only `0 <= cov <= var` is supported.
    #[error(
        "covariance = {0} must be >= 0 (the bulk theory only needs non-negative correlations)"
    )]
    NegativeCovariance(f64),
    /// `|cov| > var`: not a covariance matrix.
    #[error("covariance = {} must satisfy |covariance| <= variance = {}", crate::format::num(*.cov), crate::format::num(*.var))]
    NotPositive {
        /// The variance.
        var: f64,
        /// The covariance.
        cov: f64,
    },
}

/// A trapezoid rule for the standard normal measure: nodes `k h`, `|k| <= K`, weights
/// `h exp(-k^2 h^2 / 2) / sqrt(2 pi)`, sized for `f(s y)` with `f` varying on scale one.
#[derive(Debug, Clone, PartialEq)]
pub struct NormalRule {
    /// Nodes `y_k` (standard-normal units).
    pub nodes: Vec<f64>,
    /// Weights; they sum to one within rounding.
    pub weights: Vec<f64>,
}

impl NormalRule {
    /// The rule for integrands `f(s y)`: step `min(0.5, 0.3 / s)`, nodes up to `|y| = 9`.
    ///
    /// ```
    /// use oblique_theory::bulk::NormalRule;
    /// let r = NormalRule::for_scale(2.0);
    /// let second_moment: f64 = r.nodes.iter().zip(&r.weights).map(|(y, w)| w * y * y).sum();
    /// assert!((second_moment - 1.0).abs() < 1e-14);
    /// ```
    pub fn for_scale(s: f64) -> Self {
        let s = s.abs();
        let h = if s * MAX_STEP > STEP_TIMES_SCALE {
            STEP_TIMES_SCALE / s
        } else {
            MAX_STEP
        };
        let k_max = (HALF_WIDTH / h).ceil() as i64;
        let norm = h / (2.0 * std::f64::consts::PI).sqrt();
        let mut nodes = Vec::with_capacity((2 * k_max + 1) as usize);
        let mut weights = Vec::with_capacity((2 * k_max + 1) as usize);
        for k in -k_max..=k_max {
            let y = k as f64 * h;
            nodes.push(y);
            weights.push(norm * (-0.5 * y * y).exp());
        }
        NormalRule { nodes, weights }
    }

    /// `integral Dy f(y)` by this rule.
    pub fn integrate<F: FnMut(f64) -> f64>(&self, mut f: F) -> f64 {
        self.nodes
            .iter()
            .zip(&self.weights)
            .map(|(&y, &w)| w * f(y))
            .sum()
    }
}

fn check(var: f64, cov: f64) -> Result<f64, PairAverageError> {
    if !var.is_finite() {
        return Err(PairAverageError::NonFinite {
            name: "variance",
            value: var,
        });
    }
    if !cov.is_finite() {
        return Err(PairAverageError::NonFinite {
            name: "covariance",
            value: cov,
        });
    }
    if var < 0.0 {
        return Err(PairAverageError::NegativeVariance(var));
    }
    // Tolerate rounding: |cov| may exceed var by a few ulps when cov = var is meant.
    if cov.abs() > var * (1.0 + 1e-12) {
        return Err(PairAverageError::NotPositive { var, cov });
    }
    Ok(cov.clamp(-var, var))
}

/// `<f(x) g(y)>` for `(x, y)` Gaussian with variances `var`, covariance `cov` (Eq. B3).
///
/// Accurate to about `1e-13` for functions that vary on scale one and grow at most
/// polynomially (the nonlinearities of this crate and their antiderivatives). Cost: about
/// `(18 max(2, sqrt|cov|/0.3)) * (18 max(2, sqrt(var-|cov|)/0.3))` evaluations of each function.
///
/// ```
/// use oblique_theory::bulk::correlated_average;
/// // <x y> = cov
/// let v = correlated_average(|x| x, |y| y, 2.0, 0.7).unwrap();
/// assert!((v - 0.7).abs() < 1e-13);
/// ```
pub fn correlated_average<F, G>(f: F, g: G, var: f64, cov: f64) -> Result<f64, PairAverageError>
where
    F: Fn(f64) -> f64,
    G: Fn(f64) -> f64,
{
    let cov = check(var, cov)?;
    let shared = cov.abs().sqrt();
    let own = (var - cov.abs()).max(0.0).sqrt();
    let sign = if cov < 0.0 { -1.0 } else { 1.0 };
    let outer = NormalRule::for_scale(shared);
    let inner = NormalRule::for_scale(own);
    Ok(outer.integrate(|z| {
        let mx = shared * z;
        let my = sign * shared * z;
        let hf = inner.integrate(|u| f(mx + own * u));
        let hg = inner.integrate(|u| g(my + own * u));
        hf * hg
    }))
}

/// `<f(x) f(y)>_k` for several functions at once, `cov >= 0` (Eq. B3 with `g = f`):
/// `integral Dz [h_f(sqrt(cov) z)]^2`, sharing the grid between the functions.
/// Returns the averages in the order of `fs`.
pub fn correlated_self_averages<const K: usize>(
    fs: [&dyn Fn(f64) -> f64; K],
    var: f64,
    cov: f64,
) -> Result<[f64; K], PairAverageError> {
    let cov = check(var, cov)?;
    if cov < 0.0 {
        return Err(PairAverageError::NegativeCovariance(cov));
    }
    let shared = cov.sqrt();
    let own = (var - cov).max(0.0).sqrt();
    let outer = NormalRule::for_scale(shared);
    let inner = NormalRule::for_scale(own);
    let mut out = [0.0; K];
    for (&z, &wz) in outer.nodes.iter().zip(&outer.weights) {
        let m = shared * z;
        let mut h = [0.0; K];
        for (&u, &wu) in inner.nodes.iter().zip(&inner.weights) {
            let x = m + own * u;
            for (hk, f) in h.iter_mut().zip(fs.iter()) {
                *hk += wu * f(x);
            }
        }
        for (o, hk) in out.iter_mut().zip(h) {
            *o += wz * hk * hk;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nonlinearity::{Erf, Nonlinearity, Tanh};
    use std::f64::consts::FRAC_2_PI;

    const A2: f64 = std::f64::consts::PI / 4.0;

    /// (2/pi) arcsin(2 a^2 c / (1 + 2 a^2 c0)), the closed form for erf(a x).
    fn erf_phi_phi(var: f64, cov: f64) -> f64 {
        FRAC_2_PI * (2.0 * A2 * cov / (1.0 + 2.0 * A2 * var)).asin()
    }

    #[test]
    fn erf_pair_matches_arcsin_closed_form() {
        let mut worst: f64 = 0.0;
        for &var in &[0.01, 0.3, 1.0, 2.5, 7.0, 25.0] {
            for &frac in &[-1.0, -0.6, -0.1, 0.0, 0.2, 0.5, 0.9, 0.999, 1.0] {
                let cov = frac * var;
                let num = correlated_average(|x| Erf.phi(x), |y| Erf.phi(y), var, cov).unwrap();
                let exact = erf_phi_phi(var, cov);
                worst = worst.max((num - exact).abs());
            }
        }
        // statrs' erf itself is accurate to about 5e-11 relative (checked against scipy), so
        // this comparison cannot be tighter; the rule itself is checked to 1e-13 below.
        assert!(worst < 2e-10, "worst abs error {worst:e}");
    }

    #[test]
    fn oscillating_pairs_match_closed_forms() {
        // <sin(kx) sin(ky)> = e^{-k^2 var} sinh(k^2 cov), <cos(kx) cos(ky)> = e^{-k^2 var} cosh(k^2 cov)
        let mut worst: f64 = 0.0;
        for &k in &[0.5, 2.0] {
            for &var in &[0.1, 1.0, 3.0] {
                for &frac in &[-0.7, 0.0, 0.3, 0.95, 1.0] {
                    let cov = frac * var;
                    let s =
                        correlated_average(|x| (k * x).sin(), |y| (k * y).sin(), var, cov).unwrap();
                    let c =
                        correlated_average(|x| (k * x).cos(), |y| (k * y).cos(), var, cov).unwrap();
                    let damp = (-k * k * var).exp();
                    worst = worst.max((s - damp * (k * k * cov).sinh()).abs());
                    worst = worst.max((c - damp * (k * k * cov).cosh()).abs());
                }
            }
        }
        assert!(worst < 1e-13, "worst abs error {worst:e}");
    }

    #[test]
    fn erf_slope_pair_matches_determinant_closed_form() {
        // <phi'(x) phi'(y)> = ((1 + 2a^2 var)^2 - (2 a^2 cov)^2)^(-1/2)
        for &(var, cov) in &[(0.5, 0.2), (3.0, -1.0), (10.0, 9.0)] {
            let num = correlated_average(|x| Erf.dphi(x), |y| Erf.dphi(y), var, cov).unwrap();
            let exact = ((1.0 + 2.0 * A2 * var).powi(2) - (2.0 * A2 * cov).powi(2))
                .sqrt()
                .recip();
            assert!((num - exact).abs() < 1e-13, "{var} {cov}: {num} vs {exact}");
        }
    }

    #[test]
    fn polynomial_moments_are_exact() {
        // <x^2 y^2> = var^2 + 2 cov^2 (Isserlis)
        let v = correlated_average(|x| x * x, |y| y * y, 1.7, -0.9).unwrap();
        assert!((v - (1.7f64.powi(2) + 2.0 * 0.81)).abs() < 1e-12, "{v}");
    }

    #[test]
    fn self_averages_agree_with_general_form_and_limits() {
        // tanh at cov = var reduces to the one-dimensional <phi^2>, at cov = 0 to <phi>^2 = 0
        let fs: [&dyn Fn(f64) -> f64; 2] = [&|x| Tanh.phi(x), &|x| Tanh.antiderivative(x)];
        let [pp, bb] = correlated_self_averages(fs, 2.0, 2.0).unwrap();
        let s = 2.0f64.sqrt();
        // (the one-dimensional reference is the crate's double-exponential rule)
        assert!((pp - Tanh.mean_phi_sq(s)).abs() < 1e-11);
        let one_d = crate::nonlinearity::gaussian_average(|x| Tanh.antiderivative(x).powi(2), s);
        assert!((bb - one_d).abs() < 1e-11, "{bb} vs {one_d}");
        let [p0, _] = correlated_self_averages(fs, 2.0, 0.0).unwrap();
        assert!(p0.abs() < 1e-15);
        let general = correlated_average(|x| Tanh.phi(x), |y| Tanh.phi(y), 2.0, 1.3).unwrap();
        let [p13, _] = correlated_self_averages(fs, 2.0, 1.3).unwrap();
        assert!((general - p13).abs() < 1e-14);
    }

    #[test]
    fn bad_input_is_an_error() {
        let e = correlated_average(|x| x, |y| y, 1.0, 1.5).unwrap_err();
        assert_eq!(
            e.to_string(),
            "covariance = 1.5 must satisfy |covariance| <= variance = 1"
        );
        let e = correlated_average(|x| x, |y| y, -1.0, 0.0).unwrap_err();
        assert_eq!(e.to_string(), "variance = -1 must be >= 0");
        let e = correlated_average(|x| x, |y| y, f64::NAN, 0.0).unwrap_err();
        assert_eq!(e.to_string(), "variance = NaN must be finite");
    }
}
