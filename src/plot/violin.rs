//! Violin outlines: a Gaussian kernel density estimate of a handful of values, drawn as a
//! shape mirrored about a column, cut at the values' range (as matplotlib's `violinplot`,
//! which the published figures use).

/// Gaussian kernel density estimate of `values` at each of `at`, with Scott's bandwidth:
///
/// ```text
/// f(y) = 1/(n h sqrt(2 pi)) sum_i exp(-(y - v_i)^2 / (2 h^2)),   h = s n^(-1/5),
/// ```
///
/// where `s` is the sample standard deviation of the `n` values (divisor n - 1), as
/// `scipy.stats.gaussian_kde` with its default bandwidth. `None` for fewer than two values or
/// values that do not vary (no bandwidth), or non-finite ones.
///
/// ```
/// use oblique::plot::violin::kde;
/// // two values one apart: s^2 = 1/2, h = sqrt(1/2) 2^(-1/5)
/// let f = kde(&[0.0, 1.0], &[0.5]).unwrap();
/// let h = 0.5f64.sqrt() * 2f64.powf(-0.2);
/// let want = (-0.125 / (h * h)).exp() / (h * (2.0 * std::f64::consts::PI).sqrt());
/// assert!((f[0] - want).abs() < 1e-12);
/// assert!(kde(&[1.0, 1.0], &[1.0]).is_none());
/// ```
pub fn kde(values: &[f64], at: &[f64]) -> Option<Vec<f64>> {
    let n = values.len();
    if n < 2 || values.iter().any(|v| !v.is_finite()) {
        return None;
    }
    let mean = values.iter().sum::<f64>() / n as f64;
    let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
    let h = var.sqrt() * (n as f64).powf(-0.2);
    if !h.is_finite() || h <= 0.0 {
        return None;
    }
    let norm = 1.0 / (n as f64 * h * (2.0 * std::f64::consts::PI).sqrt());
    let f = |y: f64| {
        let s: f64 = values
            .iter()
            .map(|v| (-0.5 * ((y - v) / h).powi(2)).exp())
            .sum();
        norm * s
    };
    Some(at.iter().map(|&y| f(y)).collect())
}

/// The outline of a violin of `values` about the column `x0`: the density of [`kde`] on
/// `points` levels from the smallest to the largest value, scaled so that its largest
/// level is `half_width` either side, as a closed polygon (right edge up, left edge down).
/// On a log axis (`log`) the density is estimated over log10 of the values, so that the
/// shape is the one the axis shows. `None` where [`kde`] has none (or, on a log axis, for a
/// value that is not positive).
///
/// ```
/// use oblique::plot::violin::outline;
/// let v = outline(&[1.0, 2.0, 4.0], 3.0, 0.2, false, 50).unwrap();
/// assert_eq!(v.len(), 100);
/// let widest = v.iter().map(|p| (p.0 - 3.0).abs()).fold(0.0, f64::max);
/// assert!((widest - 0.2).abs() < 1e-12);
/// assert_eq!((v[0].1, v[49].1), (1.0, 4.0));
/// ```
pub fn outline(
    values: &[f64],
    x0: f64,
    half_width: f64,
    log: bool,
    points: usize,
) -> Option<Vec<(f64, f64)>> {
    if points < 2 || (log && values.iter().any(|&v| v.is_nan() || v <= 0.0)) {
        return None;
    }
    let space: Vec<f64> = if log {
        values.iter().map(|v| v.log10()).collect()
    } else {
        values.to_vec()
    };
    let lo = space.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = space.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let levels: Vec<f64> = (0..points)
        .map(|k| lo + (hi - lo) * k as f64 / (points - 1) as f64)
        .collect();
    let dens = kde(&space, &levels)?;
    let top = dens.iter().copied().fold(0.0, f64::max);
    if top <= 0.0 {
        return None;
    }
    let back = |y: f64| if log { 10f64.powf(y) } else { y };
    let right = levels
        .iter()
        .zip(&dens)
        .map(|(&y, d)| (x0 + half_width * d / top, back(y)));
    let left = levels
        .iter()
        .zip(&dens)
        .rev()
        .map(|(&y, d)| (x0 - half_width * d / top, back(y)));
    Some(right.chain(left).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use statrs::distribution::{Continuous, Normal};

    #[test]
    fn the_density_is_a_mixture_of_normals_with_scotts_bandwidth() {
        let v = [0.2, 0.5, 1.4, 2.0];
        let n = v.len() as f64;
        let mean = v.iter().sum::<f64>() / n;
        let s = (v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
        let h = s * n.powf(-0.2);
        let at = [-1.0, 0.3, 1.0, 2.5];
        let f = kde(&v, &at).unwrap();
        for (y, got) in at.iter().zip(&f) {
            let want: f64 = v
                .iter()
                .map(|&m| Normal::new(m, h).unwrap().pdf(*y))
                .sum::<f64>()
                / n;
            assert!(
                (got - want).abs() < 1e-12 * want.max(1e-300),
                "{y}: {got} vs {want}"
            );
        }
        // it integrates to one (trapezoid over +-8 bandwidths)
        let grid: Vec<f64> = (0..4001).map(|k| -3.0 + 8.0 * k as f64 / 4000.0).collect();
        let d = kde(&v, &grid).unwrap();
        let dx = grid[1] - grid[0];
        let total: f64 = d.windows(2).map(|w| 0.5 * (w[0] + w[1]) * dx).sum();
        assert!((total - 1.0).abs() < 1e-6, "{total}");
    }

    #[test]
    fn a_log_violin_is_the_linear_one_of_the_logs() {
        let v = [0.01, 0.1, 0.3];
        let logs: Vec<f64> = v.iter().map(|x: &f64| x.log10()).collect();
        let a = outline(&v, 1.0, 0.1, true, 20).unwrap();
        let b = outline(&logs, 1.0, 0.1, false, 20).unwrap();
        for (p, q) in a.iter().zip(&b) {
            assert_eq!(p.0, q.0);
            assert!((p.1.log10() - q.1).abs() < 1e-12);
        }
        // symmetric about the column
        for k in 0..20 {
            assert!((a[k].0 - 1.0 + (a[39 - k].0 - 1.0)).abs() < 1e-12);
        }
        assert!(outline(&[0.0, 1.0], 1.0, 0.1, true, 20).is_none());
        assert!(outline(&[2.0, 2.0, 2.0], 1.0, 0.1, false, 20).is_none());
    }
}
