//! Measured speed of time-series generation (`theory/notes/flr.md` section 9): the
//! in-phase amplitude of `dm(t)` for input and target modulated by `cos(omega t)`.

use super::sim::LearningRun;
use nalgebra::{DMatrix, DVector};

/// Least-squares fit of `dm(t)` over `t in [t0, t1]` to
/// `c0 cos + s0 sin + t (c1 cos + s1 sin)` (`cos = cos(omega t)`): returns `c1`, the
/// growth rate of the in-phase amplitude (compared with Eq. F17). `None` when the window
/// holds fewer than 4 points or the fit is singular.
pub fn in_phase_speed(run: &LearningRun, omega: f64, t0: f64, t1: f64) -> Option<f64> {
    let pts: Vec<(f64, f64)> = run
        .t
        .iter()
        .zip(&run.dm)
        .filter(|(t, _)| **t >= t0 && **t <= t1)
        .map(|(t, d)| (*t, *d))
        .collect();
    if pts.len() < 4 {
        return None;
    }
    let x = DMatrix::from_fn(pts.len(), 4, |i, j| {
        let (t, _) = pts[i];
        let (c, s) = ((omega * t).cos(), (omega * t).sin());
        [c, s, t * c, t * s][j]
    });
    let y = DVector::from_iterator(pts.len(), pts.iter().map(|p| p.1));
    let coef = (x.transpose() * &x).lu().solve(&(x.transpose() * y))?;
    Some(coef[2])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovers_the_amplitude_growth_of_a_synthetic_signal() {
        let omega = 0.3;
        let t: Vec<f64> = (0..200).map(|i| i as f64 * 0.5).collect();
        let dm: Vec<f64> = t
            .iter()
            .map(|&t| {
                0.01 * (omega * t).sin() + t * (2e-3 * (omega * t).cos() - 5e-4 * (omega * t).sin())
            })
            .collect();
        let run = LearningRun {
            t,
            dm,
            m: vec![],
            x_mean: vec![],
            rate_mean: vec![],
        };
        let c1 = in_phase_speed(&run, omega, 10.0, 90.0).unwrap();
        assert!((c1 - 2e-3).abs() < 1e-12, "{c1}");
    }
}
