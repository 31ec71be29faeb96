//! `oblique train task`: train the full-rank noisy RNN on one of the paper's tasks
//! (issue 10, item 5) and write a run directory.

use crate::cli::values;
use oblique::io::run_dir::RunDir;
use oblique::task_run;
use oblique_validate::results::task::TaskSpec;
use oblique_validate::results::Naming;
use oblique_validate::rnn::train::TrainConfig;
use std::path::PathBuf;

/// Train the paper's full-rank noisy RNN on a neuroscience task (paper-methods 1, 2).
///
/// x <- (1 - dt) x + dt (W tanh(x) + W_in u) + sqrt(dt) sigma xi, z = W_out x (state
/// before the update), dt = 0.2, x_0 ~ N(0, 1); W ~ N(0, g^2/N), W_in ~ N(0, 1),
/// W_out ~ N(0, sigma_out^2/N) with sigma_out = 1/sqrt(N) (small) or 1 (large). BPTT of
/// the masked MSE, Adam (PyTorch defaults) at lr = lr0/N, fresh trials and noise each step.
///
/// Defaults are the paper's presets (N = 512, batch 32, all weights trained):
///   task          steps  lr0 (large g0.7 / large g1.5 / small g0.7 / small g1.5)  noise
///   cycling       1000   0.02 / 0.02 / 0.02 / 0.02                                0.2
///   flipflop      4000   0.01 / 0.01 / 0.005 / 0.005                              0.2
///   mante         4000   0.002 / 0.02 / 0.002 / 0.002                             0.05
///   romo          6000   0.01 / 0.01 / 0.01 / 0.005                               0.2
///   complex-sine  6000   0.01 / 0.005 / 0.005 / 0.005                             0.2
///   sine (Fig. 9, W only, h_0 ~ N(0,1)): small = aligned (lr0 5e-3, no noise, batch 1),
///     large g < 1 = marginal (2e-3), large g >= 1 = oblique (5e-2, noise 1, batch 64)
///
/// RUN_DIR gets: curves.csv (step, loss, l_bias, l_var, dw_norm, corr; corr every
/// --corr-every steps, else empty), summary.json, the initial and final weights
/// (w_0.npy, w_in_0.npy, w_out_0.npy, h0_0.npy and w.npy, w_in.npy, w_out.npy, h0.npy),
/// the shared evaluation batch (eval_input/target/mask.npy, 32 trials) and its
/// trajectories x_/z_{before,after}_{noisefree,noisy}.npy (trials x steps x N, f32).
///
/// Example: oblique train task --task cycling --output-scale small --n 128 --steps 300 -o runs/cyc
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment, allow_negative_numbers = true)]
pub struct Args {
    /// cycling, flipflop, mante, romo, complex-sine or sine.
    #[arg(long)]
    pub task: String,
    /// Initial output weights: small (aligned) or large (oblique).
    #[arg(long, value_name = "small|large")]
    pub output_scale: String,
    /// Gain g >= 0 of the initial W (0.7 decaying, 1.5 chaotic).
    #[arg(long, default_value_t = spec().g, value_parser = values::finite)]
    pub g: f64,
    /// Number of neurons N >= 2.
    #[arg(long, default_value_t = spec().n, value_parser = values::neurons)]
    pub n: usize,
    /// Training steps [default: the task's preset].
    #[arg(long, value_parser = values::count)]
    pub steps: Option<usize>,
    /// lr0 > 0, with lr = lr0 / N [default: the preset of the scenario].
    #[arg(long, value_parser = values::finite)]
    pub lr0: Option<f64>,
    /// Trained weights, a comma-separated subset of w, w_in, w_out [default: the preset's].
    #[arg(long)]
    pub train: Option<String>,
    /// Hidden-noise level sigma_hid >= 0 [default: the preset's, 0.2; Mante 0.05].
    #[arg(long, value_parser = values::finite)]
    pub noise: Option<f64>,
    /// Trials per step (>= 1; even for cycling) [default: 32].
    #[arg(long, value_parser = values::count)]
    pub batch: Option<usize>,
    /// Seed of the network, the trials and the noise.
    #[arg(long, default_value_t = spec().seed, value_parser = values::seed)]
    pub seed: u64,
    /// Worker threads; results do not depend on it.
    #[arg(long, default_value_t = spec().threads, value_parser = values::count)]
    pub threads: usize,
    /// Record the correlation gen_corr(W_out, states) every this many steps (>= 1).
    #[arg(long, default_value_t = spec().corr_every, value_parser = values::count)]
    pub corr_every: usize,
    /// Arithmetic of the forward and backward passes: f32 or f64.
    #[arg(long, default_value_t = spec().precision, value_name = "f32|f64")]
    pub precision: String,
    /// Output run directory.
    #[arg(short = 'o', long, value_name = "RUN_DIR")]
    pub output: PathBuf,
    /// Replace a run already in RUN_DIR.
    #[arg(long)]
    pub force: bool,
    /// Print the summary as one JSON object on stdout.
    #[arg(long)]
    pub json: bool,
}

/// The command's defaults (`TaskSpec::new`).
fn spec() -> TaskSpec {
    TaskSpec::new("", "")
}

fn config(a: &Args) -> anyhow::Result<TrainConfig> {
    let spec = TaskSpec {
        task: a.task.clone(),
        output_scale: a.output_scale.clone(),
        g: a.g,
        n: a.n,
        steps: a.steps,
        lr0: a.lr0,
        train: a.train.clone(),
        noise: a.noise,
        batch: a.batch,
        seed: a.seed,
        threads: a.threads,
        corr_every: a.corr_every,
        precision: a.precision.clone(),
    };
    spec.config(Naming::Cli).map_err(anyhow::Error::msg)
}

pub fn run(a: Args) -> anyhow::Result<()> {
    let cfg = config(&a)?;
    let dir = RunDir::create(&a.output, a.force)?;
    let summary = task_run::train_into(&dir, cfg, "training")?;
    if a.json {
        return oblique::io::output::print_json(&summary);
    }
    let l = summary.last.map_or(f64::NAN, |r| r.loss);
    println!(
        "{} ({} output, g = {}, N = {}): {} steps in {:.1} s, final loss {l:.4}, correlation {:.4} (initial {:.4}); run in {}",
        summary.task,
        cfg.preset.output_scale.name(),
        cfg.preset.g,
        cfg.preset.n,
        summary.steps_done,
        summary.seconds,
        summary.corr_final.unwrap_or(f64::NAN),
        summary.corr_initial.unwrap_or(f64::NAN),
        dir.path().display()
    );
    Ok(())
}
