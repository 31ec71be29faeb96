//! The rank-two fixed point with a random bulk (theory notes, section 4; notes Eqs. B9-B16).

use super::critical::critical_lambda_plus;
use super::error::{finite, BulkError};
use super::orthogonal::{orthogonal_statistics, OrthogonalStatistics};
use super::slope::total_variance;
use crate::nonlinearity::Nonlinearity;

/// The noisy rank-two network with a random bulk, `W = U M U^T/N + g J/sqrt(N)`, with `M`
/// symmetric from its eigenvalues at the bias-zero angle (theory notes, sections 3-4).
#[derive(Debug, Clone, Copy)]
pub struct BulkModel<'a> {
    /// Bulk strength `g >= 0` (`g = 0` is section 3 exactly).
    pub g: f64,
    /// Noise `sigma > 0` (stationary std of an unconnected unit).
    pub noise: f64,
    /// The nonlinearity phi (odd, saturating).
    pub nonlinearity: &'a dyn Nonlinearity,
    /// The eigenvalue `lambda+` of M whose eigenvector carries the fixed point.
    pub lambda_plus: f64,
    /// The other eigenvalue `lambda-`.
    pub lambda_minus: f64,
    /// Network size N (for `rho` only; the theory is N = infinity otherwise).
    pub n: usize,
    /// Target output z.
    pub target: f64,
}

/// The mean-field fixed point with a random bulk (Eqs. B9-B16).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct BulkState {
    /// Bulk strength g.
    pub g: f64,
    /// Noise sigma.
    pub noise: f64,
    /// `lambda+`.
    pub lambda_plus: f64,
    /// Critical `lambda+min(g, sigma)` (Eq. B13).
    pub lambda_plus_min: f64,
    /// Total single-unit std `s_x = sqrt(|kappa_bar|^2 + c0)` (Eq. B9).
    pub s_x: f64,
    /// Orthogonal variance `c0` (static + temporal; `sigma^2` at g = 0).
    pub c0: f64,
    /// Static (quenched) orthogonal correlation `c_inf` (Eq. B8; 0 at g = 0).
    pub c_inf: f64,
    /// `|kappa_bar|` (Eq. B11).
    pub kappa_norm: f64,
    /// `rho = z / (sqrt(N) |kappa_bar|)` (Eq. 52).
    pub rho: f64,
    /// `g^2 <phi'(x) phi'(y)>` at the static correlation; < 1 (Eq. B10').
    pub bulk_slope: f64,
    /// Decay time of `c(tau) - c_inf`: `1/sqrt(1 - bulk_slope)` (Eq. B14).
    pub correlation_time: f64,
    /// `d|kappa_bar|^2 / d s_x^2` along the solution family (1 at g = 0).
    pub kappa_sq_slope: f64,
    /// Jacobian eigenvalue along `v+` in the adiabatic approximation (Eq. B15;
    /// `q |kappa_bar|^2` at g = 0, Eq. 47).
    pub gamma_plus: f64,
    /// Jacobian eigenvalue across: `lambda-/lambda+ - 1` (Eq. B16).
    pub gamma_minus: f64,
    /// Both eigenvalues negative.
    pub stable: bool,
}

impl BulkModel<'_> {
    /// Solves the self-consistent fixed point (Eqs. B8-B16).
    ///
    /// ```
    /// use oblique_theory::bulk::BulkModel;
    /// use oblique_theory::nonlinearity::Erf;
    /// let m = BulkModel { g: 0.5, noise: 1.0, nonlinearity: &Erf, lambda_plus: 2.2,
    ///                     lambda_minus: -5.0, n: 256, target: 1.0 };
    /// let s = m.solve().unwrap();
    /// assert!(s.c0 > 1.0 && s.c_inf > 0.0 && s.lambda_plus_min > 1.6034);
    /// assert!((s.kappa_norm.powi(2) + s.c0 - s.s_x.powi(2)).abs() < 1e-12);
    /// ```
    pub fn solve(&self) -> Result<BulkState, BulkError> {
        let g = finite("g", self.g)?;
        let noise = finite("noise", self.noise)?;
        let lambda_plus = finite("lambda+", self.lambda_plus)?;
        let lambda_minus = finite("lambda-", self.lambda_minus)?;
        let target = finite("target", self.target)?;
        if g < 0.0 {
            return Err(BulkError::NegativeG(g));
        }
        if noise <= 0.0 {
            return Err(BulkError::NonPositiveNoise(noise));
        }
        if self.n < 2 {
            return Err(BulkError::TooFewUnits(self.n));
        }
        let nl = self.nonlinearity;
        let critical = critical_lambda_plus(g, noise, nl)?;
        let no_fixed_point = || BulkError::NoFixedPoint {
            lambda_plus,
            lambda_plus_min: critical.lambda_plus_min,
            noise,
            g,
        };
        if lambda_plus <= critical.lambda_plus_min {
            return Err(no_fixed_point());
        }
        let delta0 = total_variance(nl, lambda_plus)?;
        let stats = orthogonal_statistics(g, noise, nl, delta0)?.ok_or_else(no_fixed_point)?;
        if stats.kappa_sq <= 0.0 {
            return Err(no_fixed_point());
        }
        if stats.bulk_slope >= 1.0 {
            return Err(BulkError::BulkUnstable {
                slope: stats.bulk_slope,
                g,
            });
        }
        let kappa_norm = stats.kappa_sq.sqrt();
        let needed = target.abs() / (self.n as f64).sqrt();
        let rho = target / ((self.n as f64).sqrt() * kappa_norm);
        if rho.abs() > 1.0 {
            return Err(BulkError::RhoAboveOne {
                kappa_norm,
                needed,
                rho,
            });
        }
        let kappa_sq_slope = kappa_sq_slope(g, noise, nl, &stats)?;
        let s_x = delta0.sqrt();
        // Eq. B15: gamma+ = |kappa_bar|^2 <phi'''> / (<phi'> dK/dDelta0)
        let q = nl.mean_d3phi(s_x) / nl.mean_dphi(s_x);
        let gamma_plus = q * stats.kappa_sq / kappa_sq_slope;
        let gamma_minus = lambda_minus / lambda_plus - 1.0;
        Ok(BulkState {
            g,
            noise,
            lambda_plus,
            lambda_plus_min: critical.lambda_plus_min,
            s_x,
            c0: stats.c0,
            c_inf: stats.c_inf,
            kappa_norm,
            rho,
            bulk_slope: stats.bulk_slope,
            correlation_time: (1.0 - stats.bulk_slope).sqrt().recip(),
            kappa_sq_slope,
            gamma_plus,
            gamma_minus,
            stable: gamma_plus < 0.0 && gamma_minus < 0.0,
        })
    }
}

/// `dK/dDelta0` with `K = |kappa_bar|^2` along the family of bulk solutions, by central
/// differences (forward when the lower point has no solution); exactly 1 at g = 0.
fn kappa_sq_slope(
    g: f64,
    noise: f64,
    nl: &dyn Nonlinearity,
    at: &OrthogonalStatistics,
) -> Result<f64, BulkError> {
    if g == 0.0 {
        return Ok(1.0);
    }
    let d0 = at.total_variance;
    let h = 1e-4 * d0;
    let k = |v: f64| -> Result<Option<f64>, BulkError> {
        Ok(orthogonal_statistics(g, noise, nl, v)?.map(|s| s.kappa_sq))
    };
    let up = k(d0 + h)?.ok_or(BulkError::NotConverged {
        what: "d|kappa_bar|^2/ds_x^2",
        reason: "no solution above the fixed point".to_string(),
    })?;
    Ok(match k(d0 - h)? {
        Some(dn) if d0 - h - at.fluctuating_variance > 0.0 => (up - dn) / (2.0 * h),
        _ => (up - at.kappa_sq) / h,
    })
}
