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
use crate::io::run_dir::RunDir;
use anyhow::Context;
use oblique_validate::results::task::TaskRun;
use oblique_validate::rnn::network::TaskNetwork;
use oblique_validate::rnn::record::{StepRecord, Trajectories};
use oblique_validate::rnn::train::{TrainConfig, Trainer};
use oblique_validate::rnn::RnnError;
use std::time::{Duration, Instant};

/// `summary.json` of a run (the library's, shared with `oblique.train_task`).
pub use oblique_validate::results::task::TaskSummary as Summary;

/// Trains `cfg` into `dir`, with a progress bar labelled `label`. A divergence is an error
/// that says at which step and where the partial record is. The run itself is
/// [`TaskRun`], the loop `oblique.train_task` runs too; this writes it to disk.
pub fn train_into(dir: &RunDir, cfg: TrainConfig, label: &str) -> anyhow::Result<Summary> {
    let mut run = TaskRun::start(cfg)?;
    dir.write_summary(&run.summary)?;
    dir.write_network("_0", &run.trainer.net0)?;
    write_eval(dir, &run.trainer)?;
    write_traj(dir, "before", &run.before)?;
    let failure = train_steps(dir, &mut run, label)?;
    dir.write_network("", &run.trainer.net)?;
    if let Some(e) = failure {
        dir.write_summary(&run.summary)?;
        let kept = match run.summary.steps_done {
            0 => "the initial weights".to_string(),
            k => format!(
                "the record of steps 0-{} and the last finite weights",
                k - 1
            ),
        };
        anyhow::bail!("{e}; {kept} are in {}", dir.path().display());
    }
    run.finish();
    write_traj(dir, "after", run.after.as_ref().expect("finished"))?;
    dir.write_summary(&run.summary)?;
    Ok(run.summary)
}

/// The training steps with a progress bar, the curve saved every 30 s and at the end;
/// returns the error that stopped training, if any.
fn train_steps(dir: &RunDir, run: &mut TaskRun, label: &str) -> anyhow::Result<Option<RnnError>> {
    let bar = crate::io::progress::bar(run.summary.config.preset.steps as u64, label);
    let mut last_save = Instant::now();
    let failure = run.train(|r, rows| {
        bar.set_message(format!("{label}, loss {:.4}", r.loss));
        bar.inc(1);
        if last_save.elapsed() > Duration::from_secs(30) {
            write_curves(dir, rows)?;
            last_save = Instant::now();
        }
        anyhow::Ok(())
    })?;
    bar.finish_and_clear();
    write_curves(dir, &run.records)?;
    Ok(failure)
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
