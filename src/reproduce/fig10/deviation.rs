//! The largest deviation of a simulated curve from the theory, in units of its noise band.

use crate::reproduce::curves::moving_average;

/// Largest deviation of a simulated curve from theory, after smoothing the simulation over
/// `window` steps (the noise band is `2 noise_sd(sim, window)`, computed by the caller).
#[derive(Debug, Clone, Copy)]
pub struct Deviation {
    /// max over tau of |smoothed sim - theory|
    pub max_dev: f64,
    /// the learning step where it occurs
    pub at_tau: f64,
    /// theory there
    pub theory_there: f64,
    /// smoothed simulation there
    pub sim_there: f64,
}

/// Linear interpolation of `(xs, ys)` at `x` (xs increasing; clamped at the ends).
pub fn interp(xs: &[f64], ys: &[f64], x: f64) -> f64 {
    let n = xs.len().min(ys.len());
    if n == 0 {
        return f64::NAN;
    }
    if x <= xs[0] {
        return ys[0];
    }
    if x >= xs[n - 1] {
        return ys[n - 1];
    }
    let i = xs[..n].partition_point(|v| *v <= x).max(1);
    let (x0, x1, y0, y1) = (xs[i - 1], xs[i], ys[i - 1], ys[i]);
    if x1 == x0 {
        y0
    } else {
        y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    }
}

/// The steps of an `n`-step curve smoothed over `window` steps that are compared: where the
/// centred window does not fit (the ends), the smoothed curve is biased, so they are skipped.
pub fn compared(n: usize, window: usize) -> std::ops::Range<usize> {
    let h = if window > 1 {
        (window / 2).min(n.saturating_sub(1) / 2)
    } else {
        0
    };
    h..n.saturating_sub(h)
}

/// Compares the simulated curve `(tau, sim)` with the theory curve `(theory_tau, theory)`
/// (interpolated at the simulated steps), both smoothed over `window` steps, and reports the step
/// where `|sim - theory| / band(i)` is largest (`band(i) > 0`: the noise band at simulated
/// step `i`; a constant band gives the largest deviation), with the band there.
pub fn deviation_in_bands(
    tau: &[f64],
    sim: &[f64],
    theory_tau: &[f64],
    theory: &[f64],
    window: usize,
    band: &dyn Fn(usize) -> f64,
) -> Option<(Deviation, f64)> {
    let n = sim.len().min(tau.len());
    if n == 0 || theory.is_empty() {
        return None;
    }
    let smooth = moving_average(&sim[..n], window);
    // the theory is smoothed the same way, so a curve's bend biases neither side
    let th_at: Vec<f64> = tau[..n]
        .iter()
        .map(|&t| interp(theory_tau, theory, t))
        .collect();
    let th_smooth = moving_average(&th_at, window);
    let mut best = Deviation {
        max_dev: -1.0,
        at_tau: 0.0,
        theory_there: 0.0,
        sim_there: 0.0,
    };
    let (mut worst, mut band_there) = (-1.0, 0.0);
    for i in compared(n, window) {
        let th = th_smooth[i];
        let d = (smooth[i] - th).abs();
        let b = band(i);
        let ratio = d / b;
        if ratio.is_finite() && ratio > worst {
            worst = ratio;
            band_there = b;
            best.max_dev = d;
            best.at_tau = tau[i];
            best.theory_there = th;
            best.sim_there = smooth[i];
        }
    }
    (best.max_dev >= 0.0).then_some((best, band_there))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reproduce::curves::noise_sd;

    #[test]
    fn deviation_finds_the_largest_gap_and_the_band() {
        let tau: Vec<f64> = (0..200).map(|i| i as f64).collect();
        let theory: Vec<f64> = vec![1.0; 200];
        // simulation: theory + 0.5 after step 150, plus +-0.1 alternating noise
        let sim: Vec<f64> = (0..200)
            .map(|i| 1.0 + if i >= 150 { 0.5 } else { 0.0 } + if i % 2 == 0 { 0.1 } else { -0.1 })
            .collect();
        let one = |_: usize| 1.0;
        let d = deviation_in_bands(&tau, &sim, &tau, &theory, 11, &one)
            .unwrap()
            .0;
        // interpolation: a theory sampled at half the points gives the same answer
        let half: Vec<f64> = tau.iter().step_by(2).copied().collect();
        let d2 = deviation_in_bands(&tau, &sim, &half, &vec![1.0; half.len()], 11, &one)
            .unwrap()
            .0;
        assert!((d2.max_dev - d.max_dev).abs() < 1e-12);
        assert!((interp(&[0.0, 2.0], &[1.0, 3.0], 0.5) - 1.5).abs() < 1e-15);
        assert!((d.max_dev - 0.5).abs() < 0.02, "{d:?}");
        assert!(d.at_tau >= 155.0, "{d:?}");
        // the band is about 2 x 0.1 (plus the smoothing error at the step)
        let band = 2.0 * noise_sd(&sim, 11);
        assert!(band > 0.19 && band < 0.26, "{band}");
        // a band that is wide after step 150 moves the worst point before it
        let wide = |i: usize| if i >= 150 { 10.0 } else { 0.01 };
        let (d3, b3) = deviation_in_bands(&tau, &sim, &tau, &theory, 11, &wide).unwrap();
        assert!(d3.at_tau < 150.0 && b3 == 0.01, "{d3:?}");
    }
}
