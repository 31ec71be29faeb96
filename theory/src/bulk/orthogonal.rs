//! The self-consistent statistics of the orthogonal (bulk) part at a given total variance
//! (notes Eqs. B8-B11): static variance `c0`, static correlation `c_inf`, and the mean's
//! squared norm `|kappa_bar|^2 = Delta0 - c0`.

use super::error::BulkError;
use super::pair::pair_averages;
use super::root::brent;
use crate::nonlinearity::Nonlinearity;

/// Orthogonal statistics at total variance `Delta0` (Eqs. B8-B11).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct OrthogonalStatistics {
    /// Total single-unit variance `Delta0 = s_x^2 = |kappa_bar|^2 + c0`.
    pub total_variance: f64,
    /// Temporal variance `d = c0 - c_inf`, the root of the energy equation (B10).
    pub fluctuating_variance: f64,
    /// Static correlation of the orthogonal part, `c_inf = g^2 F_phi(Delta_inf; Delta0)` (B8).
    pub c_inf: f64,
    /// Variance of the orthogonal part, `c0 = d + c_inf`.
    pub c0: f64,
    /// `|kappa_bar|^2 = Delta0 - c0` (B11); negative means no fixed point at this Delta0.
    pub kappa_sq: f64,
    /// `g^2 F_phi'(Delta_inf; Delta0)`: minus the potential's curvature at the end point
    /// plus one; must be < 1 (B10'); `c(tau) - c_inf` decays as `exp(-sqrt(1 - slope) tau)`.
    pub bulk_slope: f64,
}

/// Solves the static equation (B8) and the energy equation (B10) at total variance
/// `delta0 = s_x^2` (theory notes, section 4). Returns `None` when the energy equation has
/// no root with `Delta_inf >= 0` (no fixed point at this `delta0`).
///
/// With `d = c0 - c_inf`, `Delta_inf = Delta0 - d`, the two equations are
///
/// ```text
/// c_inf = g^2 F_phi(Delta0 - d; Delta0)                                              (B8)
/// d^2   = sigma^4 + 2 g^2 [F_Phi(Delta0; Delta0) - F_Phi(Delta0 - d; Delta0)
///                          - d F_phi(Delta0 - d; Delta0)]                            (B10)
/// ```
///
/// (B10) is one equation in `d` alone (root by Brent on `[0, Delta0]`); then `c_inf` is
/// explicit and `|kappa_bar|^2 = Delta0 - d - c_inf`. At `g = 0`: `d = c0 = sigma^2`,
/// `c_inf = 0` exactly (section 3).
pub fn orthogonal_statistics(
    g: f64,
    noise: f64,
    nl: &dyn Nonlinearity,
    delta0: f64,
) -> Result<Option<OrthogonalStatistics>, BulkError> {
    let s2 = noise * noise;
    if g == 0.0 {
        return Ok(Some(OrthogonalStatistics {
            total_variance: delta0,
            fluctuating_variance: s2,
            c_inf: 0.0,
            c0: s2,
            kappa_sq: delta0 - s2,
            bulk_slope: 0.0,
        }));
    }
    let g2 = g * g;
    let s4 = s2 * s2;
    let full = pair_averages(nl, delta0, delta0)?.big_phi_big_phi;
    let residual = |d: f64| -> Result<f64, BulkError> {
        let p = pair_averages(nl, delta0, (delta0 - d).max(0.0))?;
        let remainder = full - p.big_phi_big_phi - d * p.phi_phi;
        Ok(d * d - s4 - 2.0 * g2 * remainder)
    };
    // At the critical point the root is d = Delta0 itself; allow for rounding there.
    let at_top = residual(delta0)?;
    let rounding = 1e-13 * (delta0 * delta0 + s4);
    if at_top < -rounding {
        return Ok(None);
    }
    if at_top <= 0.0 {
        let p = pair_averages(nl, delta0, 0.0)?;
        let c_inf = g2 * p.phi_phi;
        return Ok(Some(OrthogonalStatistics {
            total_variance: delta0,
            fluctuating_variance: delta0,
            c_inf,
            c0: delta0 + c_inf,
            kappa_sq: -c_inf,
            bulk_slope: g2 * p.dphi_dphi,
        }));
    }
    // Errors inside the closure cannot occur for 0 <= d <= delta0; map them to NaN, which
    // the root finder reports as non-convergence.
    let d = brent(
        "energy equation (B10)",
        |d| residual(d).unwrap_or(f64::NAN),
        0.0,
        delta0,
        1e-15 * delta0,
    )?;
    let p = pair_averages(nl, delta0, delta0 - d)?;
    let c_inf = g2 * p.phi_phi;
    let c0 = d + c_inf;
    Ok(Some(OrthogonalStatistics {
        total_variance: delta0,
        fluctuating_variance: d,
        c_inf,
        c0,
        kappa_sq: delta0 - c0,
        bulk_slope: g2 * p.dphi_dphi,
    }))
}
