//! The family-wise factor of the Fig. 10 noise bands, calibrated by sign flips (a max-T
//! permutation test).
//!
//! Under a correct theory, run `i`'s deviation `d_i(t) = sim_i(t) - theory(t)` has mean zero
//! and, being the sum of many small SGD noise terms, a distribution symmetric about zero; the
//! runs are independent. Flipping the signs of any subset of the runs' deviations then gives
//! an equally likely data set. For each sign pattern `s` the statistic is the largest
//! studentized mean deviation over every compared step of every row of the family,
//!
//! ```text
//! M_s = max_{row, t} |mean_i s_i d_i(t)|_smoothed / se_s(t),
//! ```
//!
//! with the mean smoothed as the report smooths the simulation and `se_s` the run-to-run
//! standard error of the flipped deviations, computed as [`run_spread`] computes the band's.
//! A pattern and its negation give the same `M_s`, so `k` runs give `2^(k-1)` distinct
//! values, the observed one (all signs `+`) among them. The factor is the largest `M_s` of
//! the other `2^(k-1) - 1` patterns: a correct theory exceeds it somewhere in the family with
//! probability `1 / 2^(k-1)` (1/32 for 6 runs), whatever the correlation between the steps
//! of a row and between rows. A Bonferroni factor over the rows ([`super::rows::t_factor`])
//! counts each row as one look, while a row's largest deviation over thousands of steps, across
//! which the runs' offsets change, is several (Westfall and Young 1993, "Resampling-based
//! multiple testing"; Nichols and Holmes 2002 for the max-T form).

use crate::reproduce::curves::{moving_average, run_spread};

/// The runs of one banded row, with the theory at the simulated steps.
pub struct RowRuns<'a> {
    /// each run's simulated curve (same steps)
    pub runs: Vec<&'a [f64]>,
    /// the theory at those steps (not smoothed)
    pub theory: Vec<f64>,
}

/// The sign-flip calibration of a family of rows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Calibration {
    /// the band factor: the largest `M_s` over the sign patterns other than the observed one
    pub factor: f64,
    /// `M` of the observed data (all signs `+`)
    pub observed: f64,
    /// distinct sign patterns, the observed one included (`2^(k-1)`)
    pub patterns: usize,
}

impl Calibration {
    /// The probability that a correct theory exceeds the factor somewhere in the family.
    pub fn level(&self) -> f64 {
        1.0 / self.patterns as f64
    }
}

/// Fewest runs for a calibration: 6 runs give 32 patterns, a family-wise level of 3.1%.
pub const MIN_RUNS: usize = 6;

/// The sign-flip factor of the family `rows` (module docs), the means smoothed over `window`
/// steps and compared where the centred window fits, the standard errors over
/// `spread_window`. `None` with fewer than [`MIN_RUNS`] runs in some row, more than 20 runs,
/// or no compared step.
pub fn calibrate(rows: &[RowRuns<'_>], window: usize, spread_window: usize) -> Option<Calibration> {
    let k = rows.first()?.runs.len();
    if !(MIN_RUNS..=20).contains(&k) || rows.iter().any(|r| r.runs.len() != k) {
        return None;
    }
    let devs: Vec<Vec<Vec<f64>>> = rows.iter().map(deviations).collect();
    let patterns = 1usize << (k - 1);
    let m: Vec<f64> = (0..patterns)
        .map(|p| {
            devs.iter()
                .filter_map(|d| max_t(d, p, window, spread_window))
                .fold(f64::NAN, f64::max)
        })
        .collect();
    let factor = m[1..].iter().copied().fold(f64::NAN, f64::max);
    (factor.is_finite() && m[0].is_finite()).then_some(Calibration {
        factor,
        observed: m[0],
        patterns,
    })
}

/// Each run's deviation from the theory, step by step.
fn deviations(row: &RowRuns<'_>) -> Vec<Vec<f64>> {
    row.runs
        .iter()
        .map(|r| r.iter().zip(&row.theory).map(|(s, t)| s - t).collect())
        .collect()
}

/// `M` of sign pattern `p` (bit `i - 1` set: run `i` flipped; run 0 never flips) on one row.
fn max_t(devs: &[Vec<f64>], p: usize, window: usize, spread_window: usize) -> Option<f64> {
    let k = devs.len();
    let n = devs.iter().map(Vec::len).min()?;
    let flipped: Vec<Vec<f64>> = devs
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let sign = if i > 0 && p >> (i - 1) & 1 == 1 {
                -1.0
            } else {
                1.0
            };
            d[..n].iter().map(|v| sign * v).collect()
        })
        .collect();
    let mean: Vec<f64> = (0..n)
        .map(|t| flipped.iter().map(|d| d[t]).sum::<f64>() / k as f64)
        .collect();
    let mean = moving_average(&mean, window);
    let refs: Vec<&[f64]> = flipped.iter().map(Vec::as_slice).collect();
    let se: Vec<f64> = run_spread(&refs, spread_window)
        .into_iter()
        .map(|v| v / (k as f64).sqrt())
        .collect();
    super::deviation::compared(n, window)
        .map(|t| mean[t].abs() / se[t])
        .filter(|v| v.is_finite())
        .reduce(f64::max)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};

    /// `k` runs of `n` steps of AR(1) noise with lag-one correlation `a` (unit variance), every
    /// run offset by `bias`.
    fn ar_runs(rng: &mut impl Rng, k: usize, n: usize, a: f64, bias: f64) -> Vec<Vec<f64>> {
        let mut normal = || {
            // Box-Muller
            let (u, v): (f64, f64) = (rng.random::<f64>().max(1e-300), rng.random());
            (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
        };
        (0..k)
            .map(|_| {
                let mut x = normal();
                (0..n)
                    .map(|_| {
                        x = a * x + (1.0 - a * a).sqrt() * normal();
                        x + bias
                    })
                    .collect()
            })
            .collect()
    }

    /// How often a family of two rows (6 runs of 800 steps, correlation time ~50 steps) is
    /// rejected in `reps` repetitions: by the sign-flip factor, and by the Bonferroni
    /// Student-t factor of two rows.
    fn rejections(reps: usize, bias: f64) -> (usize, usize) {
        let mut rng = rand::rngs::StdRng::seed_from_u64(7);
        let t = crate::reproduce::fig10::rows::t_factor(6, 2);
        let (mut flip, mut bonf) = (0, 0);
        for _ in 0..reps {
            let a = ar_runs(&mut rng, 6, 800, 0.98, bias);
            let b = ar_runs(&mut rng, 6, 800, 0.98, 0.0);
            let theory = vec![0.0; 800];
            let rows: Vec<RowRuns<'_>> = [&a, &b]
                .into_iter()
                .map(|r| RowRuns {
                    runs: r.iter().map(Vec::as_slice).collect(),
                    theory: theory.clone(),
                })
                .collect();
            let c = calibrate(&rows, 11, 51).unwrap();
            assert_eq!(c.patterns, 32);
            flip += usize::from(c.observed > c.factor);
            bonf += usize::from(c.observed > t);
        }
        (flip, bonf)
    }

    /// Under a correct theory the sign-flip factor is exceeded at its level, 1/32: 600
    /// repetitions expect 18.75 rejections (binomial SD 4.3; the bounds are about 3 SD;
    /// measured: 25). The Bonferroni factor of two rows, blind to the ~16 independent looks
    /// per row, rejects a correct theory about half the time (measured: 303 of 600).
    #[test]
    fn a_correct_theory_is_rejected_at_the_level() {
        let (flip, bonf) = rejections(600, 0.0);
        assert!((6..=32).contains(&flip), "sign flips: {flip} of 600");
        assert!(bonf > 200, "Bonferroni over rows: {bonf} of 600");
    }

    /// A theory off by 1.5 run-to-run standard deviations at every step of one row (3.7
    /// standard errors of the mean of 6 runs) is rejected nearly always (measured: 97 of 100;
    /// 55 at 1.0, 100 at 2.0).
    #[test]
    fn a_biased_theory_is_rejected() {
        let (flip, _) = rejections(100, 1.5);
        assert!(flip >= 88, "sign flips: {flip} of 100");
    }

    #[test]
    fn too_few_runs_give_no_calibration() {
        let th = vec![0.0; 50];
        let run = vec![1.0; 50];
        let row = RowRuns {
            runs: vec![&run[..]; 5],
            theory: th,
        };
        assert_eq!(calibrate(&[row], 11, 51), None);
        assert_eq!(calibrate(&[], 11, 51), None);
    }
}
