//! `oblique simulate task`: re-run a network trained by `oblique train task` on the task's
//! shared evaluation batch, e.g. with other noise or a longer trial, and write the arrays.

use crate::io::output::write_json;
use crate::io::run_dir::RunDir;
use crate::task_run::read_network;
use anyhow::bail;
use oblique_theory::format::num;
use oblique_validate::budget::simulate_task_cost;
use oblique_validate::rnn::network::Noise;
use oblique_validate::rnn::presets::Preset;
use oblique_validate::rnn::tasks::{steps_of, TaskKind, DT};
use oblique_validate::rnn::train::{correlation, eval_batch, simulate, Precision};
use std::io::{self, Write};
use std::path::Path;

/// What to re-run.
pub struct Rerun<'a> {
    /// the run directory
    pub run: &'a Path,
    /// recurrent and initial-state noise
    pub noise: Noise,
    /// trial length (default: the task's)
    pub t_max: Option<f64>,
    /// the initial network instead of the trained one
    pub initial: bool,
    /// the output directory (default: RUN_DIR/simulate, replaced)
    pub output: Option<&'a Path>,
    /// replace an existing output directory
    pub force: bool,
}

/// The summary (`simulation.json` and `--json`).
#[derive(serde::Serialize)]
pub struct Simulation {
    run: String,
    task: String,
    initial: bool,
    sigma_hid: f64,
    sigma_init: f64,
    t_max: f64,
    steps: usize,
    loss: f64,
    corr: f64,
    #[serde(skip)]
    out: String,
}

/// Re-runs the network and writes x, z, input, target, mask (.npy) and simulation.json.
pub fn rerun(a: &Rerun) -> anyhow::Result<Simulation> {
    let noise = a.noise;
    let dir = RunDir::open(a.run)?;
    let s = dir.summary()?;
    let preset: Preset = serde_json::from_value(s["config"]["preset"].clone()).map_err(|e| {
        anyhow::anyhow!(
            "run directory {} is incomplete: summary.json has no valid config.preset ({e})",
            a.run.display()
        )
    })?;
    let task: TaskKind = preset.task;
    let t_max = match a.t_max {
        Some(v) => {
            if v <= 0.0 || steps_of(v) < 2 {
                bail!("--t-max: {v} is too short: it must be at least 0.4 (two steps)");
            }
            v
        }
        None => task.t_max(),
    };
    crate::commands::limits::check(simulate_task_cost(preset.n, t_max / DT))?;
    let net = read_network(&dir, a.initial)?;
    let batch = eval_batch(&preset, Some(steps_of(t_max)));
    let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build()?;
    let tr = simulate(&net, &batch, noise, Precision::F64, &pool);
    let mut sq = 0.0;
    for (i, &m) in batch.mask.iter().enumerate() {
        sq += m * (tr.z[i] - batch.target[i]).powi(2);
    }
    let loss = sq / batch.mask_count().max(1) as f64;
    if !loss.is_finite() || tr.x.iter().any(|v| !v.is_finite()) {
        bail!(
            "the simulated activity is not finite (masked loss {loss:.4e}): it overflows with \
             --noise {} and --init-noise {}; lower them",
            num(noise.sigma_hid),
            num(noise.sigma_init)
        );
    }
    let out = match a.output {
        Some(p) => RunDir::create(p, a.force)?,
        None => RunDir::create(&a.run.join("simulate"), true)?,
    };
    out.write_f32("x", &[tr.batch, tr.n_t, tr.n], &tr.x)?;
    out.write_f64("z", &[tr.batch, tr.n_t, tr.d_out], &tr.z)?;
    out.write_f64("input", &[batch.batch, batch.n_t, batch.d_in], &batch.input)?;
    out.write_f64(
        "target",
        &[batch.batch, batch.n_t, batch.d_out],
        &batch.target,
    )?;
    out.write_f64("mask", &[batch.batch, batch.n_t, batch.d_out], &batch.mask)?;
    let summary = Simulation {
        run: a.run.display().to_string(),
        task: task.name().into(),
        initial: a.initial,
        sigma_hid: noise.sigma_hid,
        sigma_init: noise.sigma_init,
        t_max,
        steps: batch.n_t,
        loss,
        corr: correlation(&net, &tr),
        out: out.path().display().to_string(),
    };
    write_json(&out.path().join("simulation.json"), &summary)?;
    Ok(summary)
}

impl Simulation {
    /// The line printed without `--json`.
    pub fn write_text(&self, w: &mut dyn Write) -> io::Result<()> {
        writeln!(
            w,
            "{}: {} steps, masked loss {:.4}, correlation {:.4}; arrays in {}",
            self.task, self.steps, self.loss, self.corr, self.out
        )
    }
}
