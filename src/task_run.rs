//! A task-network training run written to a run directory (issue 10, items 4 and 6): the
//! loop of `oblique train task`, shared by the command, `reproduce` and anything else that
//! trains the paper's task networks and keeps them on disk.
//!
//! The directory gets `summary.json` (status `running`, then `complete` or `diverged at
//! step k`), the initial and final weights, the shared evaluation batch and its noise-free
//! and noisy trajectories before and after training (`x_*` in `f32`), and `curves.csv`
//! (rewritten every 30 s during the run, so an interrupted run keeps its curve). A run that
//! diverges keeps its curve up to the last finite step and the last finite weights.

use crate::io::output::write_table;
use crate::io::run_dir::{RunDir, RUN_KIND};
use anyhow::Context;
use oblique_validate::rnn::network::{Noise, TaskNetwork};
use oblique_validate::rnn::record::{StepRecord, Trajectories};
use oblique_validate::rnn::train::{correlation, TrainConfig, Trainer};
use oblique_validate::rnn::RnnError;
use std::time::{Duration, Instant};

/// `summary.json` of a run.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Summary {
    /// always [`RUN_KIND`]
    pub kind: &'static str,
    /// `running`, `complete`, `diverged at step k` or `failed`
    pub status: String,
    /// the task's name
    pub task: &'static str,
    /// the whole configuration (preset, seed, threads, precision)
    pub config: TrainConfig,
    /// the nonlinearity's name
    pub nonlinearity: &'static str,
    /// Euler step
    pub dt: f64,
    /// training steps taken
    pub steps_done: usize,
    /// the record of the last step
    pub last: Option<StepRecord>,
    /// correlation of the trained network (noise-free evaluation run)
    pub corr_final: Option<f64>,
    /// correlation of the initial network
    pub corr_initial: Option<f64>,
    /// wall time of the run
    pub seconds: f64,
}

/// Trains `cfg` into `dir`, with a progress bar labelled `label`. A divergence is an error
/// that says at which step and where the partial record is.
pub fn train_into(dir: &RunDir, cfg: TrainConfig, label: &str) -> anyhow::Result<Summary> {
    let mut run = Trainer::new(cfg)?;
    let started = Instant::now();
    let mut summary = Summary {
        kind: RUN_KIND,
        status: "running".into(),
        task: cfg.preset.task.name(),
        config: cfg,
        nonlinearity: "tanh",
        dt: run.net.dt,
        steps_done: 0,
        last: None,
        corr_final: None,
        corr_initial: None,
        seconds: 0.0,
    };
    dir.write_summary(&summary)?;
    dir.write_network("_0", &run.net0)?;
    write_eval(dir, &run)?;
    let before = evaluation_runs(&run, &run.net0);
    write_traj(dir, "before", &before)?;
    summary.corr_initial = Some(correlation(&run.net0, &before[0]));
    let (rows, failure) = train_steps(dir, &mut run, label)?;
    dir.write_network("", &run.net)?;
    summary.steps_done = run.steps_done();
    summary.last = rows.last().copied();
    summary.seconds = started.elapsed().as_secs_f64();
    if let Some(e) = failure {
        summary.status = match e {
            RnnError::Diverged { step, .. } => format!("diverged at step {step}"),
            _ => "failed".into(),
        };
        dir.write_summary(&summary)?;
        anyhow::bail!(
            "{e}; the record of steps 0-{} and the last finite weights are in {}",
            summary.steps_done.saturating_sub(1),
            dir.path().display()
        );
    }
    let after = evaluation_runs(&run, &run.net);
    write_traj(dir, "after", &after)?;
    summary.corr_final = Some(correlation(&run.net, &after[0]));
    summary.status = "complete".into();
    dir.write_summary(&summary)?;
    Ok(summary)
}

/// The noise-free and the noisy run of `net` on the evaluation batch.
fn evaluation_runs(run: &Trainer, net: &TaskNetwork) -> [Trajectories; 2] {
    [
        run.simulate(net, &run.eval, Noise::NONE),
        run.simulate(net, &run.eval, run.cfg.preset.noise),
    ]
}

/// The training steps, with the curve saved every 30 s; stops at the first error.
fn train_steps(
    dir: &RunDir,
    run: &mut Trainer,
    label: &str,
) -> anyhow::Result<(Vec<StepRecord>, Option<RnnError>)> {
    let steps = run.cfg.preset.steps;
    let mut rows: Vec<StepRecord> = Vec::with_capacity(steps);
    let bar = crate::io::progress::bar(steps as u64, label);
    let mut last_save = Instant::now();
    let mut failure = None;
    for _ in 0..steps {
        match run.step() {
            Ok(r) => {
                bar.set_message(format!("{label}, loss {:.4}", r.loss));
                bar.inc(1);
                rows.push(r);
                if last_save.elapsed() > Duration::from_secs(30) {
                    write_curves(dir, &rows)?;
                    last_save = Instant::now();
                }
            }
            Err(e) => {
                failure = Some(e);
                break;
            }
        }
    }
    bar.finish_and_clear();
    write_curves(dir, &rows)?;
    Ok((rows, failure))
}

fn write_eval(dir: &RunDir, run: &Trainer) -> anyhow::Result<()> {
    let b = &run.eval;
    dir.write_f64("eval_input", &[b.batch, b.n_t, b.d_in], &b.input)?;
    dir.write_f64("eval_target", &[b.batch, b.n_t, b.d_out], &b.target)?;
    dir.write_f64("eval_mask", &[b.batch, b.n_t, b.d_out], &b.mask)
}

/// Writes `x_/z_{when}_{noisefree,noisy}.npy` (`x` in `f32`).
pub fn write_traj(dir: &RunDir, when: &str, tr: &[Trajectories; 2]) -> anyhow::Result<()> {
    for (t, kind) in tr.iter().zip(["noisefree", "noisy"]) {
        dir.write_f32(&format!("x_{when}_{kind}"), &[t.batch, t.n_t, t.n], &t.x)?;
        let z_shape = [t.batch, t.n_t, t.d_out];
        dir.write_f64(&format!("z_{when}_{kind}"), &z_shape, &t.z)?;
    }
    Ok(())
}

/// Writes `curves.csv` (step, loss, l_bias, l_var, dw_norm, corr; non-finite values empty).
pub fn write_curves(dir: &RunDir, rows: &[StepRecord]) -> anyhow::Result<()> {
    let header: Vec<String> = ["step", "loss", "l_bias", "l_var", "dw_norm", "corr"]
        .map(String::from)
        .to_vec();
    let fmt = |v: f64| {
        if v.is_finite() {
            format!("{v}")
        } else {
            String::new()
        }
    };
    let body: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let values = [r.loss, r.l_bias, r.l_var, r.dw_norm, r.corr];
            std::iter::once(r.step.to_string())
                .chain(values.map(fmt))
                .collect()
        })
        .collect();
    write_table(&dir.path().join("curves.csv"), &header, &body)
}

/// The final (or, with `initial`, the initial) network of a run, with its `dt` (tanh).
pub fn read_network(dir: &RunDir, initial: bool) -> anyhow::Result<TaskNetwork> {
    let s = dir.summary()?;
    let dt = s
        .get("dt")
        .and_then(|v| v.as_f64())
        .context("summary.json has no dt")?;
    let suffix = if initial { "_0" } else { "" };
    Ok(dir.read_network(suffix, oblique_theory::nonlinearity::Builtin::Tanh, dt)?)
}
