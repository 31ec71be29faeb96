//! The trial-conditioned mean latent `kappa_bar`, `|kappa_bar|`, `rho` and the fluctuation
//! covariance `C = N Cov(kappa)` (theory notes sections 1 and 3).

use super::check_window;
use crate::network::ValidateError;
use crate::simulate::Latents;
use nalgebra::{Matrix2, Vector2};

/// Latent statistics over a window.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct LatentSummary {
    /// `kappa_bar_c`: mean of `kappa` over the trials of condition `c` and the window
    /// (`[kappa_1, kappa_2]`; `NaN`-free: empty conditions are left out).
    pub kappa_bar: Vec<[f64; 2]>,
    /// `|kappa_bar|`: mean over the conditions of `|kappa_bar_c|`.
    pub kappa_norm: f64,
    /// `rho = |cos angle(kappa_bar, e_1)|`, mean over conditions of `|kappa_bar_c1| / |kappa_bar_c|`
    /// (0 when `kappa_bar_c = 0`).
    pub rho: f64,
    /// `C = N Cov(kappa)`: the within-condition covariance of `kappa` (around each
    /// condition's mean at each time point), pooled over conditions and the window, times
    /// `N` (compare with Eqs. 47-48). Row-major `[[C11, C12], [C21, C22]]`.
    pub covariance: [[f64; 2]; 2],
}

/// `kappa_bar`, `|kappa_bar|`, `rho` and `C` of `latents` over the time points `window`
/// (theory notes sections 1 and 3); `n` is the network size (for `C = N Cov(kappa)`).
///
/// The covariance subtracts the per-time-point condition mean (like `L_var`), with the
/// population divisor.
pub fn latent_summary(
    latents: &Latents,
    window: &[usize],
    condition: &[usize],
    n_conditions: usize,
    n: usize,
) -> Result<LatentSummary, ValidateError> {
    let batch = latents.kappa1.ncols();
    let counts = check_window(
        window,
        latents.kappa1.nrows(),
        condition,
        n_conditions,
        batch,
    )?;
    let mut mean = vec![Vector2::zeros(); n_conditions];
    let mut cov = Matrix2::zeros();
    let mut cov_count = 0.0;
    for &k in window {
        let mut m_t = vec![Vector2::<f64>::zeros(); n_conditions];
        for b in 0..batch {
            m_t[condition[b]] += Vector2::new(latents.kappa1[(k, b)], latents.kappa2[(k, b)]);
        }
        for c in 0..n_conditions {
            if counts[c] > 0 {
                m_t[c] /= counts[c] as f64;
                mean[c] += m_t[c];
            }
        }
        for b in 0..batch {
            let d =
                Vector2::new(latents.kappa1[(k, b)], latents.kappa2[(k, b)]) - m_t[condition[b]];
            cov += d * d.transpose();
            cov_count += 1.0;
        }
    }
    let mut kappa_bar = Vec::new();
    let mut norm_sum = 0.0;
    let mut rho_sum = 0.0;
    for c in (0..n_conditions).filter(|&c| counts[c] > 0) {
        let kb = mean[c] / window.len() as f64;
        let norm = kb.norm();
        norm_sum += norm;
        rho_sum += if norm > 0.0 { kb[0].abs() / norm } else { 0.0 };
        kappa_bar.push([kb[0], kb[1]]);
    }
    let used = kappa_bar.len() as f64;
    let c = cov * (n as f64 / cov_count);
    Ok(LatentSummary {
        kappa_bar,
        kappa_norm: norm_sum / used,
        rho: rho_sum / used,
        covariance: [[c[(0, 0)], c[(0, 1)]], [c[(1, 0)], c[(1, 1)]]],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use nalgebra::DMatrix;

    #[test]
    fn summary_by_hand() {
        // condition 0: kappa = (0.6, 0.8) +- (0.1, 0); condition 1: -(0.6, 0.8) +- (0, 0.1)
        let kappa1 = DMatrix::from_row_slice(1, 4, &[0.7, 0.5, -0.6, -0.6]);
        let kappa2 = DMatrix::from_row_slice(1, 4, &[0.8, 0.8, -0.7, -0.9]);
        let lat = Latents { kappa1, kappa2 };
        let s = latent_summary(&lat, &[0], &[0, 0, 1, 1], 2, 100).unwrap();
        assert!((s.kappa_norm - 1.0).abs() < 1e-12);
        assert!((s.rho - 0.6).abs() < 1e-12);
        assert!((s.kappa_bar[1][1] + 0.8).abs() < 1e-12);
        // deviations (+-0.1, 0) twice and (0, +-0.1) twice: Cov = diag(0.005, 0.005), C = 100 Cov
        assert!((s.covariance[0][0] - 0.5).abs() < 1e-12);
        assert!((s.covariance[1][1] - 0.5).abs() < 1e-12);
        assert!(s.covariance[0][1].abs() < 1e-12);
    }
}
