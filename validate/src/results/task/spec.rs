//! The parameters of `train task` / `oblique.train_task` and their checks: the paper's
//! preset of the scenario (`rnn::presets::paper`) with the given values applied.

use crate::budget::{train_task_cost, Machine};
use crate::results::naming::Naming;
use crate::rnn::grad::Trained;
use crate::rnn::init::OutputScale;
use crate::rnn::presets::{self, Preset};
use crate::rnn::tasks::{steps_of, TaskKind};
use crate::rnn::train::{Precision, TrainConfig};

/// What the caller gives; `None` keeps the preset's value.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskSpec {
    /// cycling, flipflop, mante, romo, complex-sine or sine
    pub task: String,
    /// small (aligned) or large (oblique)
    pub output_scale: String,
    /// gain `g >= 0` of the initial `W`
    pub g: f64,
    /// neurons `N >= 2`
    pub n: usize,
    /// training steps (>= 1)
    pub steps: Option<usize>,
    /// `lr0 > 0` (`lr = lr0 / N`)
    pub lr0: Option<f64>,
    /// trained weights: a comma-separated subset of `w`, `w_in`, `w_out`
    pub train: Option<String>,
    /// hidden noise `sigma_hid >= 0`
    pub noise: Option<f64>,
    /// trials per step (even for cycling)
    pub batch: Option<usize>,
    /// seed of the network, the trials and the noise
    pub seed: u64,
    /// worker threads (results do not depend on it)
    pub threads: usize,
    /// the correlation is recorded every `corr_every` steps
    pub corr_every: usize,
    /// f32 or f64
    pub precision: String,
}

impl TaskSpec {
    /// The defaults of the command for `task` and `output_scale` (g = 1.5, N = 512, the
    /// preset's steps, lr0, noise and batch, seed 1, 2 threads, every 20 steps, f32).
    pub fn new(task: &str, output_scale: &str) -> Self {
        TaskSpec {
            task: task.into(),
            output_scale: output_scale.into(),
            g: 1.5,
            n: 512,
            steps: None,
            lr0: None,
            train: None,
            noise: None,
            batch: None,
            seed: 1,
            threads: 2,
            corr_every: 20,
            precision: "f32".into(),
        }
    }

    /// The run configuration; errors name the parameter as `naming` spells it.
    pub fn config(&self, naming: Naming) -> Result<TrainConfig, String> {
        let f = |p: &str| naming.flag(p);
        let task: TaskKind = self
            .task
            .parse()
            .map_err(|e| format!("{}: {e}", f("task")))?;
        let scale: OutputScale =
            (self.output_scale.parse()).map_err(|e| format!("{}: {e}", f("output_scale")))?;
        let g = self.g;
        if !g.is_finite() || g < 0.0 {
            return Err(format!("{}: {g} must be at least 0", f("g")));
        }
        if self.n < 2 {
            let n = self.n;
            return Err(format!(
                "{}: {n} is too small: the network needs at least 2 neurons",
                f("n")
            ));
        }
        let mut p: Preset = presets::paper(task, scale, g);
        p.n = self.n;
        if let Some(s) = self.steps {
            if s == 0 {
                return Err(format!("{}: must be at least 1", f("steps")));
            }
            p.steps = s;
        }
        if let Some(lr0) = self.lr0 {
            if !(lr0.is_finite() && lr0 > 0.0) {
                return Err(format!("{}: {lr0} must be positive", f("lr0")));
            }
            p.lr0 = lr0;
        }
        if let Some(s) = self.noise {
            if !(s.is_finite() && s >= 0.0) {
                return Err(format!("{}: {s} must be at least 0", f("noise")));
            }
            p.noise.sigma_hid = s;
        }
        if let Some(b) = self.batch {
            if b == 0 {
                return Err(format!(
                    "{}: 0 trials; the batch must be at least 1",
                    f("batch")
                ));
            }
            if task.needs_even_batch() && b % 2 == 1 {
                return Err(format!(
                    "{}: {b} is odd; the cycling task needs an even batch",
                    f("batch")
                ));
            }
            p.batch = b;
        }
        if let Some(t) = &self.train {
            p.trained = parse_trained(t).map_err(|e| format!("{}: {e}", f("train")))?;
        }
        let mut cfg = TrainConfig::new(p);
        cfg.seed = self.seed;
        if self.threads == 0 {
            return Err(format!("{}: must be at least 1", f("threads")));
        }
        if self.corr_every == 0 {
            return Err(format!("{}: must be at least 1", f("corr_every")));
        }
        cfg.threads = self.threads;
        cfg.corr_every = self.corr_every;
        cfg.precision = match self.precision.as_str() {
            "f32" => Precision::F32,
            "f64" => Precision::F64,
            o => {
                return Err(format!(
                    "{}: unknown '{o}': expected f32 or f64",
                    f("precision")
                ))
            }
        };
        cfg.validate().map_err(|e| e.to_string())?;
        fits_the_machine(&cfg.preset, naming)?;
        Ok(cfg)
    }
}

/// Refuses a run beyond the machine's memory or a sensible amount of arithmetic
/// ([`train_task_cost`]), naming the parameters to lower.
fn fits_the_machine(p: &Preset, naming: Naming) -> Result<(), String> {
    train_task_cost(p.n, p.batch, steps_of(p.task.t_max()), p.steps)
        .check(&Machine::detect())
        .map_err(|e| naming.respell(&e.to_string()))
}

/// The trained weights from "w,w_in,w_out" (any non-empty subset).
pub fn parse_trained(text: &str) -> Result<Trained, String> {
    let mut t = Trained {
        w: false,
        w_in: false,
        w_out: false,
    };
    for part in text.split(',').map(str::trim) {
        match part {
            "w" => t.w = true,
            "w_in" => t.w_in = true,
            "w_out" => t.w_out = true,
            o => {
                return Err(format!(
                    "unknown weight '{o}': expected a comma-separated subset of w, w_in, w_out"
                ))
            }
        }
    }
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_the_parameter_in_each_spelling() {
        let mut s = TaskSpec::new("cycling", "small");
        s.batch = Some(3);
        assert_eq!(
            s.config(Naming::Cli).unwrap_err(),
            "--batch: 3 is odd; the cycling task needs an even batch"
        );
        s.batch = None;
        s.corr_every = 0;
        assert_eq!(
            s.config(Naming::Python).unwrap_err(),
            "corr_every: must be at least 1"
        );
        s.corr_every = 20;
        s.train = Some("w,bias".into());
        assert!(s
            .config(Naming::Cli)
            .unwrap_err()
            .starts_with("--train: unknown weight 'bias'"));
        // a run beyond the machine (budget::train_task_cost): W alone is 80 GB
        s.train = None;
        s.n = 100_000;
        let e = s.config(Naming::Python).unwrap_err();
        assert!(
            e.starts_with("training a task network with N = 100000, batch 32, 360 time steps")
                && e.ends_with("; lower n or batch"),
            "{e}"
        );
        assert!(s
            .config(Naming::Cli)
            .unwrap_err()
            .ends_with("; lower --n or --batch"));
    }

    #[test]
    fn given_values_replace_the_preset() {
        let mut s = TaskSpec::new("romo", "large");
        (s.n, s.steps, s.lr0, s.noise) = (64, Some(7), Some(0.5), Some(0.1));
        s.train = Some("w_out".into());
        let c = s.config(Naming::Python).unwrap();
        assert_eq!((c.preset.n, c.preset.steps, c.preset.lr0), (64, 7, 0.5));
        assert_eq!(c.preset.noise.sigma_hid, 0.1);
        assert!(!c.preset.trained.w && c.preset.trained.w_out);
    }
}
