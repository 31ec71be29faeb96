//! One grid cell: train a network, then measure it. The result is a small serialisable
//! [`Record`]; the trained weights travel with it (single precision) so that the measures
//! that need two networks (the dissimilarity of Fig. 4) can be computed when the records
//! are collected.

use super::measure::{measure, StateMeasures};
use super::plan::{Job, Plan};
use super::robust::{robustness, Robustness};
use oblique_theory::nonlinearity::Builtin;
use oblique_validate::rnn::network::{Noise, TaskNetwork};
use oblique_validate::rnn::tasks::DT;
use oblique_validate::rnn::train::{simulate, Precision, TrainConfig, Trainer};
use serde::{Deserialize, Serialize};

/// The trained weights, row-major, in single precision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Weights {
    /// `W` (N x N)
    pub w: Vec<f32>,
    /// `W_in` (N x d_in)
    pub w_in: Vec<f32>,
    /// `W_out` (d_out x N)
    pub w_out: Vec<f32>,
}

/// What a job keeps.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// the grid cell
    pub job: Job,
    /// mean training loss over the last 10% of the steps
    pub final_loss: f64,
    /// the noise-free measures (Figs. 3, 16)
    pub state: StateMeasures,
    /// noise compression and perturbations (Figs. 5, 6, 16G-H), when available
    pub robust: Robustness,
    /// the trained weights
    pub weights: Weights,
}

impl Record {
    /// The trained network (weights widened back to double precision).
    pub fn network(&self) -> anyhow::Result<TaskNetwork> {
        let wide = |v: &[f32]| v.iter().map(|&x| x as f64).collect::<Vec<f64>>();
        let (task, n) = (
            self.job.task,
            self.weights.w_out.len() / self.job.task.d_out(),
        );
        let net = TaskNetwork {
            n,
            d_in: task.d_in(),
            d_out: task.d_out(),
            w: wide(&self.weights.w),
            w_in: wide(&self.weights.w_in),
            w_out: wide(&self.weights.w_out),
            h0: vec![0.0; n],
            nonlinearity: Builtin::Tanh,
            dt: DT,
        };
        net.validate()?;
        Ok(net)
    }
}

/// Trains the network of `job` (one thread; jobs run in parallel) and measures it.
pub fn run_job(plan: &Plan, job: &Job) -> anyhow::Result<Record> {
    let preset = plan.preset(job);
    let mut cfg = TrainConfig::new(preset);
    cfg.seed = job.seed;
    cfg.threads = 1;
    cfg.corr_every = usize::MAX;
    let mut run = Trainer::new(cfg)?;
    let tail = (preset.steps / 10).max(1);
    let mut losses = Vec::with_capacity(tail);
    for s in 0..preset.steps {
        let rec = run.step().map_err(|e| {
            anyhow::anyhow!(
                "{} ({} output, g = {}, sample {}): {e}",
                job.task.name(),
                job.scale.name(),
                job.g,
                job.sample
            )
        })?;
        if s + tail >= preset.steps {
            losses.push(rec.loss);
        }
    }
    let tr = run.simulate(&run.net, &run.eval, Noise::NONE);
    let state = measure(&run.net, &tr);
    let robust = robustness(&run.net, &run.eval, job, plan.size);
    let narrow = |v: &[f64]| v.iter().map(|&x| x as f32).collect::<Vec<f32>>();
    Ok(Record {
        job: *job,
        final_loss: losses.iter().sum::<f64>() / losses.len() as f64,
        state,
        robust,
        weights: Weights {
            w: narrow(&run.net.w),
            w_in: narrow(&run.net.w_in),
            w_out: narrow(&run.net.w_out),
        },
    })
}

/// Noise-free trajectories of `net` on its task's evaluation batch (one thread).
pub fn noise_free(
    net: &TaskNetwork,
    eval: &oblique_validate::rnn::tasks::TaskBatch,
) -> anyhow::Result<oblique_validate::rnn::record::Trajectories> {
    let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build()?;
    Ok(simulate(net, eval, Noise::NONE, Precision::F32, &pool))
}
