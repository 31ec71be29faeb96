//! The set-up of the perturbation measure (methods 3.8): amplitudes, perturbation times and
//! the shifted loss masks of every task.
//!
//! | Task | t_min | t_max | loss mask |
//! |---|---|---|---|
//! | cycling | 5 | 15 | t >= 20 |
//! | flip-flop | 5 | 10 | t >= 15 |
//! | complex sine | 5 | 25 | t >= 30 |
//! | Mante | 10 | 23 | t >= 28 (the response period; fixation removed) |
//! | Romo | 1 | latest decision onset - 5 | the latest trial's decision window |
//!
//! Times: `t_p = t_min + floor(k (t_max - t_min) / (dt n)) dt`, `k = 0 ... n - 1` (`n = 10`).
//! The loss mask keeps the task mask at `t >= t_max + 5` (for Mante this is exactly the
//! response period). Romo: every trial takes the mask of the trial whose decision window
//! starts latest, and its own masked target values, in order, inside that window.

use super::RegimeError;
use crate::rnn::tasks::{steps_of, TaskBatch, TaskKind};
use crate::rnn::train::Precision;

/// Where the perturbation window ends.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum WindowEnd {
    /// `t_max` in time units.
    Fixed(f64),
    /// Romo: the first masked time of the latest-starting decision window minus `lead`.
    LatestDecision,
}

/// The set-up of a perturbation measure.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PerturbationParams {
    /// largest amplitude in units of `sqrt(N)` (`A`: 10; Romo 5)
    pub amplitude: f64,
    /// amplitudes `linspace(0, A sqrt(N), n_amplitudes)` (21)
    pub n_amplitudes: usize,
    /// first perturbation time `t_min`
    pub t_min: f64,
    /// end of the perturbation window
    pub t_max: WindowEnd,
    /// number of perturbation times (10)
    pub n_times: usize,
    /// the loss is taken from `t_max + lead` on (5)
    pub lead: f64,
    /// initial-state noise of the (frozen) evaluation draw (1)
    pub sigma_init: f64,
    /// top PCs spanning the `pc` directions (2)
    pub pcs: usize,
    /// arithmetic of the re-simulations
    pub precision: Precision,
}

impl PerturbationParams {
    /// The published set-up of `task` (methods 3.8). The Fig. 9 sine task is not in the
    /// paper's table; it gets the flip-flop window (`t_min = 5`, `t_max = 10`).
    pub fn paper(task: TaskKind) -> Self {
        let (t_min, t_max) = match task {
            TaskKind::Cycling => (5.0, WindowEnd::Fixed(15.0)),
            TaskKind::Flipflop | TaskKind::Sine => (5.0, WindowEnd::Fixed(10.0)),
            TaskKind::ComplexSine => (5.0, WindowEnd::Fixed(25.0)),
            TaskKind::Mante => (10.0, WindowEnd::Fixed(23.0)),
            TaskKind::Romo => (1.0, WindowEnd::LatestDecision),
        };
        PerturbationParams {
            amplitude: if task == TaskKind::Romo { 5.0 } else { 10.0 },
            n_amplitudes: 21,
            t_min,
            t_max,
            n_times: 10,
            lead: 5.0,
            sigma_init: 1.0,
            pcs: 2,
            precision: Precision::F32,
        }
    }

    /// The amplitudes `linspace(0, A sqrt(n), n_amplitudes)`.
    pub fn amplitudes(&self, n: usize) -> Vec<f64> {
        let top = self.amplitude * (n as f64).sqrt();
        let m = self.n_amplitudes;
        (0..m)
            .map(|i| {
                if m > 1 {
                    top * i as f64 / (m - 1) as f64
                } else {
                    0.0
                }
            })
            .collect()
    }

    pub(crate) fn validate(&self) -> Result<(), RegimeError> {
        let ok = self.amplitude >= 0.0
            && self.amplitude.is_finite()
            && self.n_amplitudes >= 1
            && self.n_times >= 1
            && self.t_min >= 0.0
            && self.lead >= 0.0
            && self.sigma_init >= 0.0
            && self.sigma_init.is_finite()
            && self.pcs >= 1;
        if ok {
            Ok(())
        } else {
            Err(RegimeError::InvalidArgument(format!(
                "perturbation: invalid parameters {self:?} (amplitude, t_min, lead, sigma_init \
                 must be finite and >= 0; n_amplitudes, n_times, pcs >= 1)"
            )))
        }
    }
}

/// The perturbation steps and the batch with the shifted loss mask (and, for Romo, targets).
#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    /// perturbation steps `k_p` (`t_p = k_p dt`)
    pub steps: Vec<usize>,
    /// the end of the window `t_max` actually used
    pub t_max: f64,
    /// the evaluation batch with the loss mask of the measure
    pub batch: TaskBatch,
}

/// The times and the shifted mask of `p` for the evaluation batch `eval` (Euler step `dt`).
pub fn schedule(
    p: &PerturbationParams,
    eval: &TaskBatch,
    dt: f64,
) -> Result<Schedule, RegimeError> {
    let mut batch = eval.clone();
    let t_max = match p.t_max {
        WindowEnd::Fixed(t) => t,
        WindowEnd::LatestDecision => {
            let onset = latest_window(&mut batch)?;
            onset as f64 * dt - p.lead
        }
    };
    let span = t_max - p.t_min;
    if span.is_nan() || span <= 0.0 {
        return Err(RegimeError::InvalidArgument(format!(
            "perturbation: the window [{}, {t_max}) is empty",
            p.t_min
        )));
    }
    let k_min = steps_of(p.t_min);
    let steps: Vec<usize> = (0..p.n_times)
        .map(|k| k_min + (k as f64 * span / (dt * p.n_times as f64) + 1e-9).floor() as usize)
        .collect();
    let k_loss = steps_of(t_max + p.lead);
    for b in 0..batch.batch {
        for k in 0..k_loss.min(batch.n_t) {
            let at = (b * batch.n_t + k) * batch.d_out;
            batch.mask[at..at + batch.d_out].fill(0.0);
        }
    }
    let last = *steps.last().unwrap_or(&0);
    if last + 1 >= batch.n_t || batch.mask_count() == 0 {
        return Err(RegimeError::InvalidArgument(format!(
            "perturbation: the trials ({} steps) end before the loss window (t >= {})",
            batch.n_t,
            t_max + p.lead
        )));
    }
    Ok(Schedule {
        steps,
        t_max,
        batch,
    })
}

/// Romo: moves every trial's masked targets into the mask of the trial whose first masked
/// step comes last, and returns that step. A trial with fewer masked entries than that
/// window leaves the remaining entries unmasked.
fn latest_window(batch: &mut TaskBatch) -> Result<usize, RegimeError> {
    let (t, d) = (batch.n_t, batch.d_out);
    let first = |b: usize| (0..t).find(|&k| (0..d).any(|o| batch.m(b, k, o) != 0.0));
    let mut latest: Option<(usize, usize)> = None;
    for b in 0..batch.batch {
        if let Some(k) = first(b) {
            if latest.is_none_or(|(_, kl)| k > kl) {
                latest = Some((b, k));
            }
        }
    }
    let (bl, onset) = latest.ok_or_else(|| {
        RegimeError::InvalidArgument("perturbation: the evaluation batch has no masked step".into())
    })?;
    let len = t * d;
    let window: Vec<f64> = batch.mask[bl * len..(bl + 1) * len].to_vec();
    for b in 0..batch.batch {
        let range = b * len..(b + 1) * len;
        let own: Vec<f64> = range
            .clone()
            .filter(|&i| batch.mask[i] != 0.0)
            .map(|i| batch.target[i])
            .collect();
        let mut values = own.into_iter();
        for (i, &m) in range.zip(&window) {
            batch.target[i] = 0.0;
            batch.mask[i] = 0.0;
            if m != 0.0 {
                if let Some(v) = values.next() {
                    batch.target[i] = v;
                    batch.mask[i] = m;
                }
            }
        }
    }
    Ok(onset)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rnn::tasks::DT;

    fn times(task: TaskKind) -> Vec<f64> {
        let eval = task.batch(32, None, 5, 0, task.mask_step());
        let s = schedule(&PerturbationParams::paper(task), &eval, DT).unwrap();
        s.steps
            .iter()
            .map(|&k| (k as f64 * DT * 10.0).round() / 10.0)
            .collect()
    }

    #[test]
    fn times_are_the_published_ones() {
        // methods 3.8: "cycling 5, 6, ..., 14; flip-flop 5, 5.4, 6, 6.4, ..., 9.4;
        // complex sine 5, 7, ..., 23; Mante 10, 11.2, 12.6, ..., 21.6"
        let cyc: Vec<f64> = (5..15).map(|t| t as f64).collect();
        assert_eq!(times(TaskKind::Cycling), cyc);
        let ff = times(TaskKind::Flipflop);
        assert_eq!(&ff[..4], &[5.0, 5.4, 6.0, 6.4]);
        assert_eq!(ff[9], 9.4);
        let cs: Vec<f64> = (0..10).map(|k| 5.0 + 2.0 * k as f64).collect();
        assert_eq!(times(TaskKind::ComplexSine), cs);
        let mante = times(TaskKind::Mante);
        assert_eq!(&mante[..3], &[10.0, 11.2, 12.6]);
        assert_eq!(mante[9], 21.6);
    }

    #[test]
    fn masks_are_shifted_as_published() {
        // Mante: only the response period (t >= 28) stays: 20 points per trial
        let task = TaskKind::Mante;
        let eval = task.batch(8, None, 5, 0, 5);
        let s = schedule(&PerturbationParams::paper(task), &eval, DT).unwrap();
        for b in 0..8 {
            assert_eq!(s.batch.trial_mask_count(b), 20);
            assert!((0..140).all(|k| s.batch.m(b, k, 0) == 0.0));
        }
        // Romo: one window for all trials, holding each trial's own decision sign
        let task = TaskKind::Romo;
        let eval = task.batch(16, None, 9, 0, 5);
        let s = schedule(&PerturbationParams::paper(task), &eval, DT).unwrap();
        let onset = (s.t_max + 5.0) / DT;
        let k_on = (0..eval.n_t).find(|&k| s.batch.m(0, k, 0) != 0.0).unwrap();
        assert!((k_on as f64 - onset).abs() < 1e-9);
        for b in 0..16 {
            let own_sign = (0..eval.n_t)
                .find(|&k| eval.m(b, k, 0) != 0.0)
                .map(|k| eval.y(b, k, 0));
            assert_eq!(s.batch.trial_mask_count(b), eval.trial_mask_count(b));
            for k in 0..eval.n_t {
                assert_eq!(s.batch.m(b, k, 0), s.batch.m(0, k, 0));
                if s.batch.m(b, k, 0) != 0.0 {
                    assert_eq!(Some(s.batch.y(b, k, 0)), own_sign);
                }
            }
            // the latest window starts no earlier than any trial's own
            let own_on = (0..eval.n_t).find(|&k| eval.m(b, k, 0) != 0.0).unwrap();
            assert!(own_on <= k_on);
        }
    }
}
