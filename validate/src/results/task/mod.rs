//! A training run of the task network (`oblique train task`, `oblique.train_task`): the
//! evaluation trajectories before and after training, the per-step curves and the summary
//! (`summary.json`, `--json`), built once here for both front ends.
//!
//! ```no_run
//! use oblique_validate::results::{task::{TaskRun, TaskSpec}, Naming};
//! let mut spec = TaskSpec::new("cycling", "small");
//! (spec.n, spec.steps) = (64, Some(50));
//! let mut run = TaskRun::start(spec.config(Naming::Python).unwrap()).unwrap();
//! let failure = run.train(|_, _| Ok::<(), ()>(())).unwrap();
//! assert!(failure.is_none());
//! run.finish();
//! println!("correlation {:?} -> {:?}", run.summary.corr_initial, run.summary.corr_final);
//! ```

pub mod spec;

pub use spec::{parse_trained, TaskSpec};

use std::time::Instant;

use crate::rnn::network::Noise;
use crate::rnn::record::{StepRecord, Trajectories};
use crate::rnn::train::{correlation, TrainConfig, Trainer};
use crate::rnn::RnnError;

/// The `kind` of a run's summary (and of a run directory's `summary.json`).
pub const RUN_KIND: &str = "oblique-train-task";

/// `summary.json` of a run directory, and what `train task --json` prints.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TaskSummary {
    /// [`RUN_KIND`]
    pub kind: &'static str,
    /// running, complete, "diverged at step S" or failed
    pub status: String,
    /// the task's name
    pub task: &'static str,
    /// the full configuration
    pub config: TrainConfig,
    /// `phi` (tanh)
    pub nonlinearity: &'static str,
    /// Euler step
    pub dt: f64,
    /// steps trained
    pub steps_done: usize,
    /// the record of the last step
    pub last: Option<StepRecord>,
    /// `gen_corr(W_out, noise-free states)` after training (paper-methods 3.1a)
    pub corr_final: Option<f64>,
    /// the same before training
    pub corr_initial: Option<f64>,
    /// wall time so far
    pub seconds: f64,
}

/// A run: the trainer, the curves, and the evaluation trajectories `[noise-free, noisy]`
/// before and (once finished) after training.
pub struct TaskRun {
    /// the network, its initial copy and the evaluation batch
    pub trainer: Trainer,
    /// the summary so far
    pub summary: TaskSummary,
    /// one record per step trained
    pub records: Vec<StepRecord>,
    /// the evaluation batch by the initial network, without and with noise
    pub before: [Trajectories; 2],
    /// the same by the trained network (after [`TaskRun::finish`])
    pub after: Option<[Trajectories; 2]>,
    started: Instant,
}

impl TaskRun {
    /// Builds the network and simulates the evaluation batch before training.
    pub fn start(cfg: TrainConfig) -> Result<Self, RnnError> {
        let started = Instant::now();
        let trainer = Trainer::new(cfg)?;
        let before = evaluate(&trainer, true);
        let summary = TaskSummary {
            kind: RUN_KIND,
            status: "running".into(),
            task: cfg.preset.task.name(),
            config: cfg,
            nonlinearity: "tanh",
            dt: trainer.net.dt,
            steps_done: 0,
            last: None,
            corr_final: None,
            corr_initial: Some(correlation(&trainer.net0, &before[0])),
            seconds: started.elapsed().as_secs_f64(),
        };
        Ok(TaskRun {
            trainer,
            summary,
            records: Vec::with_capacity(cfg.preset.steps),
            before,
            after: None,
            started,
        })
    }

    /// Trains the remaining steps, calling `on_step(record, records so far)` after each
    /// (an `Err` from it stops the run and is returned). A diverging step ends training:
    /// it is returned as `Ok(Some(error))`, the summary's status says at which step, and
    /// the network keeps its last finite weights.
    pub fn train<E>(
        &mut self,
        mut on_step: impl FnMut(&StepRecord, &[StepRecord]) -> Result<(), E>,
    ) -> Result<Option<RnnError>, E> {
        let mut failure = None;
        while self.trainer.steps_done() < self.summary.config.preset.steps {
            match self.trainer.step() {
                Ok(r) => {
                    self.records.push(r);
                    on_step(&r, &self.records)?;
                }
                Err(e) => {
                    self.summary.status = match e {
                        RnnError::Diverged { step, .. } => format!("diverged at step {step}"),
                        _ => "failed".into(),
                    };
                    failure = Some(e);
                    break;
                }
            }
        }
        self.summary.steps_done = self.trainer.steps_done();
        self.summary.last = self.records.last().copied();
        self.summary.seconds = self.started.elapsed().as_secs_f64();
        Ok(failure)
    }

    /// Simulates the evaluation batch with the trained network and completes the summary.
    pub fn finish(&mut self) {
        let after = evaluate(&self.trainer, false);
        self.summary.corr_final = Some(correlation(&self.trainer.net, &after[0]));
        self.after = Some(after);
        self.summary.status = "complete".into();
        self.summary.seconds = self.started.elapsed().as_secs_f64();
    }
}

/// The evaluation batch by the initial (`initial`) or current network, noise-free and
/// with the training noise.
fn evaluate(t: &Trainer, initial: bool) -> [Trajectories; 2] {
    let net = if initial { &t.net0 } else { &t.net };
    let noise = t.cfg.preset.noise;
    [
        t.simulate(net, &t.eval, Noise::NONE),
        t.simulate(net, &t.eval, noise),
    ]
}
