//! The pair averages the bulk theory needs: `F_phi`, `F_Phi` and `F_phi'` (notes Eqs. B4-B7).
//!
//! For `(x, y)` Gaussian with variances `Delta0` and covariance `Delta`:
//!
//! ```text
//! F_phi(Delta; Delta0)  = <phi(x) phi(y)>          (B4)
//! F_Phi(Delta; Delta0)  = <Phi(x) Phi(y)>          (B5)
//! F_phi'(Delta; Delta0) = <phi'(x) phi'(y)>        (B6)
//! ```
//!
//! Price's theorem gives `d F_Phi / d Delta = F_phi` and `d F_phi / d Delta = F_phi'` at fixed
//! `Delta0`. For the built-in erf (a = sqrt(pi)/2), with `b = 2a^2 / (1 + 2a^2 Delta0)` (B7):
//!
//! ```text
//! F_phi  = (2/pi) arcsin(b Delta)
//! F_Phi  = <Phi>^2 + (2/pi) [Delta arcsin(b Delta) - b Delta^2 / (1 + sqrt(1 - b^2 Delta^2))]
//! F_phi' = ((1 + 2a^2 Delta0)^2 - (2a^2 Delta)^2)^(-1/2)
//! ```
//!
//! Any other nonlinearity goes through the nested quadrature of [`super::gauss2d`].

use super::gauss2d::{correlated_self_averages, PairAverageError};
use crate::nonlinearity::{Erf, Nonlinearity};
use std::f64::consts::FRAC_2_PI;

const A2: f64 = std::f64::consts::PI / 4.0;

/// The three pair averages at one `(Delta; Delta0)` (Eqs. B4-B6).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct PairAverages {
    /// Variance `Delta0` of each variable.
    pub var: f64,
    /// Covariance `Delta`.
    pub cov: f64,
    /// `F_phi = <phi(x) phi(y)>` (B4).
    pub phi_phi: f64,
    /// `F_Phi = <Phi(x) Phi(y)>`, `Phi` the antiderivative with `Phi(0) = 0` (B5).
    pub big_phi_big_phi: f64,
    /// `F_phi' = <phi'(x) phi'(y)>` (B6).
    pub dphi_dphi: f64,
}

/// Whether `nl` is this crate's erf, whose pair averages have closed forms (Eq. B7).
///
/// Checked by name and by value at two points, so a user type that calls itself "erf" but
/// differs is integrated numerically.
pub fn is_builtin_erf(nl: &dyn Nonlinearity) -> bool {
    nl.name() == "erf"
        && nl.phi(0.7) == Erf.phi(0.7)
        && nl.antiderivative(-1.3) == Erf.antiderivative(-1.3)
        && nl.dphi(2.1) == Erf.dphi(2.1)
}

/// `F_phi`, `F_Phi`, `F_phi'` at covariance `cov` and variance `var` (Eqs. B4-B7), for
/// `0 <= cov <= var`. Closed forms for the built-in erf, nested quadrature otherwise.
///
/// ```
/// use oblique_theory::bulk::pair_averages;
/// use oblique_theory::nonlinearity::{Erf, Tanh};
/// let p = pair_averages(&Erf, 2.0, 0.5).unwrap();
/// let b = std::f64::consts::PI / 2.0 / (1.0 + std::f64::consts::PI);
/// assert!((p.phi_phi - std::f64::consts::FRAC_2_PI * (b * 0.5).asin()).abs() < 1e-15);
/// let t = pair_averages(&Tanh, 2.0, 0.5).unwrap();
/// assert!(t.phi_phi > 0.0 && t.phi_phi < 1.0);
/// ```
pub fn pair_averages(
    nl: &dyn Nonlinearity,
    var: f64,
    cov: f64,
) -> Result<PairAverages, PairAverageError> {
    if is_builtin_erf(nl) {
        erf_pair_averages(var, cov)
    } else {
        let phi = |x: f64| nl.phi(x);
        let big = |x: f64| nl.antiderivative(x);
        let dphi = |x: f64| nl.dphi(x);
        let [phi_phi, big_phi_big_phi, dphi_dphi] =
            correlated_self_averages([&phi, &big, &dphi], var, cov)?;
        Ok(PairAverages {
            var,
            cov,
            phi_phi,
            big_phi_big_phi,
            dphi_dphi,
        })
    }
}

/// The erf closed forms (Eq. B7).
fn erf_pair_averages(var: f64, cov: f64) -> Result<PairAverages, PairAverageError> {
    // Reuse the numerical path's input checks so both paths reject the same input.
    for (name, value) in [("variance", var), ("covariance", cov)] {
        if !value.is_finite() {
            return Err(PairAverageError::NonFinite { name, value });
        }
    }
    if var < 0.0 {
        return Err(PairAverageError::NegativeVariance(var));
    }
    if cov < 0.0 {
        return Err(PairAverageError::NegativeCovariance(cov));
    }
    if cov > var * (1.0 + 1e-12) {
        return Err(PairAverageError::NotPositive { var, cov });
    }
    let cov = cov.min(var);
    let den = 1.0 + 2.0 * A2 * var;
    let b = 2.0 * A2 / den;
    let bc = (b * cov).min(1.0);
    let asin = bc.asin();
    let mean_big = Erf.mean_antiderivative(var.sqrt());
    let big = mean_big * mean_big
        + FRAC_2_PI * (cov * asin - b * cov * cov / (1.0 + (1.0 - bc * bc).sqrt()));
    let slope_cov = 2.0 * A2 * cov;
    Ok(PairAverages {
        var,
        cov,
        phi_phi: FRAC_2_PI * asin,
        big_phi_big_phi: big,
        dphi_dphi: ((den - slope_cov) * (den + slope_cov)).sqrt().recip(),
    })
}

/// `<Phi^2>_s - <Phi>_s^2`, the variance of the antiderivative (Eq. B12); closed form for erf
/// (`F_Phi(s^2; s^2) - <Phi>^2`), quadrature otherwise.
pub fn antiderivative_variance(nl: &dyn Nonlinearity, s: f64) -> f64 {
    if is_builtin_erf(nl) {
        let v = s * s;
        let b = 2.0 * A2 / (1.0 + 2.0 * A2 * v);
        let bc = (b * v).min(1.0);
        FRAC_2_PI * (v * bc.asin() - b * v * v / (1.0 + (1.0 - bc * bc).sqrt()))
    } else {
        let mean = nl.mean_antiderivative(s);
        crate::nonlinearity::gaussian_average(|x| (nl.antiderivative(x) - mean).powi(2), s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nonlinearity::gaussian_average;

    /// A type that is numerically erf but not recognised as the built-in one, to compare
    /// the closed forms against the nested quadrature.
    use crate::nonlinearity::test_support::NumericErf;

    #[test]
    fn builtin_erf_is_recognised_and_lookalikes_are_not() {
        assert!(is_builtin_erf(&Erf));
        assert!(!is_builtin_erf(&NumericErf));
        assert!(!is_builtin_erf(&crate::nonlinearity::Tanh));
    }

    #[test]
    fn erf_closed_forms_match_nested_quadrature() {
        let mut worst: f64 = 0.0;
        for &var in &[0.05, 0.8, 2.0, 6.0, 20.0] {
            for &frac in &[0.0, 0.1, 0.5, 0.8, 0.99, 1.0] {
                let cov = frac * var;
                let c = pair_averages(&Erf, var, cov).unwrap();
                let n = pair_averages(&NumericErf, var, cov).unwrap();
                for (a, b) in [
                    (c.phi_phi, n.phi_phi),
                    (c.big_phi_big_phi, n.big_phi_big_phi),
                    (c.dphi_dphi, n.dphi_dphi),
                ] {
                    worst = worst.max((a - b).abs() / b.abs().max(1.0));
                }
            }
        }
        // limited by statrs' erf (about 5e-11 relative), not by the quadrature
        assert!(worst < 2e-10, "worst relative error {worst:e}");
    }

    #[test]
    fn erf_antiderivative_variance_matches_one_dimensional_quadrature() {
        for &s in &[0.1, 1.0, 3.0, 8.0] {
            let m = Erf.mean_antiderivative(s);
            let num = gaussian_average(|x| (Erf.antiderivative(x) - m).powi(2), s);
            let closed = antiderivative_variance(&Erf, s);
            assert!(
                (num - closed).abs() < 1e-10 * num.max(1e-3),
                "s={s}: {num} vs {closed}"
            );
        }
    }

    #[test]
    fn price_theorem_derivatives_hold_numerically() {
        // d F_Phi / d cov = F_phi and d F_phi / d cov = F_phi' (tanh, central differences)
        let t = crate::nonlinearity::Tanh;
        let (var, cov, h) = (1.8, 0.9, 1e-3);
        let p = pair_averages(&t, var, cov).unwrap();
        let up = pair_averages(&t, var, cov + h).unwrap();
        let dn = pair_averages(&t, var, cov - h).unwrap();
        let d_big = (up.big_phi_big_phi - dn.big_phi_big_phi) / (2.0 * h);
        let d_phi = (up.phi_phi - dn.phi_phi) / (2.0 * h);
        assert!((d_big - p.phi_phi).abs() < 1e-7, "{d_big} vs {}", p.phi_phi);
        assert!(
            (d_phi - p.dphi_dphi).abs() < 1e-7,
            "{d_phi} vs {}",
            p.dphi_dphi
        );
    }

    #[test]
    fn negative_covariance_is_rejected_by_both_paths() {
        let msg =
            "covariance = -0.1 must be >= 0 (the bulk theory only needs non-negative correlations)";
        assert_eq!(pair_averages(&Erf, 1.0, -0.1).unwrap_err().to_string(), msg);
        assert_eq!(
            pair_averages(&NumericErf, 1.0, -0.1)
                .unwrap_err()
                .to_string(),
            msg
        );
    }
}
