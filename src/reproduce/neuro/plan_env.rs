//! The development overrides of the default grid (environment variables).

use super::{Plan, Schedule};
use oblique_validate::rnn::tasks::TaskKind;

impl Plan {
    /// Overrides of the default grid for development (comma lists): `OBLIQUE_NEURO_TASKS`
    /// (a subset of the five tasks, e.g. `romo,complex-sine`), then, one number per kept
    /// task, `OBLIQUE_NEURO_STEPS` and `OBLIQUE_NEURO_LR` (factors on lr0; they set the
    /// large-output scenarios too), `OBLIQUE_NEURO_STEPS_LARGE` and `OBLIQUE_NEURO_LR_LARGE`
    /// (the large-output scenarios only), `OBLIQUE_NEURO_EXTEND` (most steps of a network still
    /// on the zero-output plateau, as a multiple), `OBLIQUE_NEURO_LINE07` (the line of the
    /// small-output networks at g = 0.7, as a fraction of the zero-output loss),
    /// `OBLIQUE_NEURO_CHAOTIC` (the g = 1.5 scenarios' own steps and lr factor, `1000x8`, or
    /// `-` for the task's),
    /// `OBLIQUE_NEURO_SEEDS` (`chaotic,decaying`, one count for every task) and
    /// `OBLIQUE_NEURO_N` (neurons: one number for every task, or one per kept task). A list
    /// that does not parse or has the wrong length is ignored with a note on stderr. The
    /// report's set-up line states the plan actually run.
    pub(super) fn with_env_overrides(mut self) -> Self {
        fn list<T: std::str::FromStr>(key: &str, len: Option<usize>) -> Option<Vec<T>> {
            let v = std::env::var(key).ok().filter(|v| !v.trim().is_empty())?;
            let parsed: Option<Vec<T>> = v.split(',').map(|x| x.trim().parse().ok()).collect();
            match parsed {
                Some(p) if len.is_none_or(|l| l == p.len()) => Some(p),
                _ => {
                    crate::reproduce::progress::note(&format!("{key}={v} ignored"));
                    None
                }
            }
        }
        if let Some(keep) = list::<TaskKind>("OBLIQUE_NEURO_TASKS", None) {
            self = self.select_tasks(&keep);
        }
        let n = Some(self.tasks.len());
        // the large-output scenarios follow `_STEPS` and `_LR` unless given their own
        if let Some(v) = list::<usize>("OBLIQUE_NEURO_STEPS", n) {
            self.steps_large = v.clone();
            self.steps = v;
        }
        if let Some(v) = list::<f64>("OBLIQUE_NEURO_LR", n) {
            self.lr_scale_large = v.clone();
            self.lr_scale = v;
        }
        if let Some(v) = list("OBLIQUE_NEURO_STEPS_LARGE", n) {
            self.steps_large = v;
        }
        if let Some(v) = list("OBLIQUE_NEURO_LR_LARGE", n) {
            self.lr_scale_large = v;
        }
        if let Some(v) = list("OBLIQUE_NEURO_EXTEND", n) {
            self.extend = v;
        }
        if let Some(v) = list("OBLIQUE_NEURO_LINE07", n) {
            self.line_small_decaying = v;
        }
        if let Some(v) = list::<ChaoticArg>("OBLIQUE_NEURO_CHAOTIC", n) {
            self.chaotic = v.into_iter().map(|c| c.0).collect();
        }
        if let Some([a, b]) = list::<usize>("OBLIQUE_NEURO_SEEDS", Some(2)).as_deref() {
            self.set_networks(*a, *b);
        }
        if let Some(v) = list::<usize>("OBLIQUE_NEURO_N", None) {
            match v[..] {
                [n] => {
                    self.n = n.max(2);
                    self.n_task.clear();
                }
                _ if v.len() == self.tasks.len() => {
                    self.n_task = v.into_iter().map(|n| n.max(2)).collect();
                }
                _ => crate::reproduce::progress::note("OBLIQUE_NEURO_N ignored (wrong length)"),
            }
        }
        self
    }
}

/// One entry of `OBLIQUE_NEURO_CHAOTIC`: `1000x8` (steps x lr factor), `1000x2@128` (and
/// neurons) or `-` (none).
struct ChaoticArg(Option<Schedule>);

impl std::str::FromStr for ChaoticArg {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, ()> {
        if s == "-" {
            return Ok(ChaoticArg(None));
        }
        let (steps, rest) = s.split_once('x').ok_or(())?;
        let (lr, n) = match rest.split_once('@') {
            Some((lr, n)) => (lr, Some(n.parse().map_err(|_| ())?)),
            None => (rest, None),
        };
        let steps = steps.parse().map_err(|_| ())?;
        let lr = lr.parse().map_err(|_| ())?;
        Ok(ChaoticArg(Some(Schedule { steps, lr, n })))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chaotic_entry_is_steps_x_factor_or_a_dash() {
        let parse = |s: &str| s.parse::<ChaoticArg>().map(|c| c.0);
        let want = Schedule {
            steps: 1000,
            lr: 8.0,
            n: None,
        };
        assert_eq!(parse("1000x8"), Ok(Some(want)));
        let at = Schedule {
            steps: 2000,
            lr: 2.0,
            n: Some(128),
        };
        assert_eq!(parse("2000x2@128"), Ok(Some(at)));
        assert_eq!(parse("-"), Ok(None));
        assert!(parse("1000").is_err() && parse("x8").is_err() && parse("1000xz").is_err());
        assert!(parse("1000x8@").is_err() && parse("1000x8@n").is_err());
    }
}
