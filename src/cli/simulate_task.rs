//! `oblique simulate task`: re-run a network trained by `oblique train task` on the task's
//! shared evaluation batch (issue 10, item 5), e.g. with other noise or a longer trial.

use anyhow::bail;
use oblique::io::output::write_json;
use oblique::io::parse;
use oblique::io::run_dir::RunDir;
use oblique::task_run::read_network;
use oblique_validate::rnn::network::Noise;
use oblique_validate::rnn::presets::Preset;
use oblique_validate::rnn::tasks::{steps_of, TaskKind};
use oblique_validate::rnn::train::{correlation, eval_batch, simulate, Precision};
use std::path::PathBuf;

/// Re-run a trained task network on its task's evaluation batch (32 trials).
///
/// Reads RUN_DIR (written by `oblique train task`), simulates the final network (or the
/// initial one with --initial) with hidden noise --noise and initial-state noise
/// --init-noise (frozen draws, the same on every call), for --t-max time units, and writes
/// to OUT_DIR (default RUN_DIR/simulate): x.npy (trials x steps x N, f32), z.npy,
/// input.npy, target.npy, mask.npy and simulation.json (masked loss, correlation).
///
/// Example: oblique simulate task --run runs/cyc --noise 0.2 --t-max 150
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// Run directory written by `oblique train task`.
    #[arg(long, value_name = "RUN_DIR")]
    pub run: PathBuf,
    /// Hidden-noise level sigma_hid >= 0 (0: noise-free).
    #[arg(long, default_value = "0", allow_hyphen_values = true)]
    pub noise: String,
    /// Initial-state noise sigma_init >= 0 (x_0 = h_0 + sigma_init xi).
    #[arg(long, default_value = "0", allow_hyphen_values = true)]
    pub init_noise: String,
    /// Trial length in time units (> 0) [default: the task's].
    #[arg(long, allow_hyphen_values = true)]
    pub t_max: Option<String>,
    /// Simulate the initial network instead of the trained one.
    #[arg(long)]
    pub initial: bool,
    /// Output directory [default: RUN_DIR/simulate].
    #[arg(short = 'o', long, value_name = "OUT_DIR")]
    pub output: Option<PathBuf>,
    /// Replace the arrays of an earlier simulation in an OUT_DIR given with -o.
    #[arg(long)]
    pub force: bool,
    /// Print the summary as one JSON object on stdout.
    #[arg(long)]
    pub json: bool,
}

#[derive(serde::Serialize)]
struct Simulation {
    run: String,
    task: String,
    initial: bool,
    sigma_hid: f64,
    sigma_init: f64,
    t_max: f64,
    steps: usize,
    loss: f64,
    corr: f64,
}

fn non_negative(name: &str, text: &str) -> anyhow::Result<f64> {
    let v = parse::finite(name, text)?;
    if v < 0.0 {
        bail!("{name}: {v} must be at least 0");
    }
    Ok(v)
}

pub fn run(a: Args) -> anyhow::Result<()> {
    let noise = Noise {
        sigma_hid: non_negative("--noise", &a.noise)?,
        sigma_init: non_negative("--init-noise", &a.init_noise)?,
    };
    let dir = RunDir::open(&a.run)?;
    let s = dir.summary()?;
    let preset: Preset = serde_json::from_value(s["config"]["preset"].clone()).map_err(|e| {
        anyhow::anyhow!(
            "run directory {} is incomplete: summary.json has no valid config.preset ({e})",
            a.run.display()
        )
    })?;
    let task: TaskKind = preset.task;
    let t_max = match &a.t_max {
        Some(t) => {
            let v = parse::finite("--t-max", t)?;
            if v <= 0.0 || steps_of(v) < 2 {
                bail!("--t-max: {v} is too short: it must be at least 0.4 (two steps)");
            }
            v
        }
        None => task.t_max(),
    };
    let net = read_network(&dir, a.initial)?;
    let batch = eval_batch(&preset, Some(steps_of(t_max)));
    let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build()?;
    let tr = simulate(&net, &batch, noise, Precision::F64, &pool);
    let mut sq = 0.0;
    for (i, &m) in batch.mask.iter().enumerate() {
        sq += m * (tr.z[i] - batch.target[i]).powi(2);
    }
    let out = match &a.output {
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
        loss: sq / batch.mask_count().max(1) as f64,
        corr: correlation(&net, &tr),
    };
    write_json(&out.path().join("simulation.json"), &summary)?;
    if a.json {
        oblique::io::output::print_json(&summary)?;
    } else {
        println!(
            "{}: {} steps, masked loss {:.4}, correlation {:.4}; arrays in {}",
            summary.task,
            summary.steps,
            summary.loss,
            summary.corr,
            out.path().display()
        );
    }
    Ok(())
}
