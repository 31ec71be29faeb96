//! `oblique simulate task`: re-run a network trained by `oblique train task` on the task's
//! shared evaluation batch (issue 10, item 5), e.g. with other noise or a longer trial.

use crate::cli::values;
use oblique::commands::simulate_task::{rerun, Rerun};
use oblique_validate::rnn::network::Noise;
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
    #[arg(long, default_value = "0", allow_negative_numbers = true, value_parser = values::non_negative)]
    pub noise: f64,
    /// Initial-state noise sigma_init >= 0 (x_0 = h_0 + sigma_init xi).
    #[arg(long, default_value = "0", allow_negative_numbers = true, value_parser = values::non_negative)]
    pub init_noise: f64,
    /// Trial length in time units (> 0) [default: the task's].
    #[arg(long, allow_negative_numbers = true, value_parser = values::finite)]
    pub t_max: Option<f64>,
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

pub fn run(a: Args) -> anyhow::Result<()> {
    let summary = rerun(&Rerun {
        run: &a.run,
        noise: Noise {
            sigma_hid: a.noise,
            sigma_init: a.init_noise,
        },
        t_max: a.t_max,
        initial: a.initial,
        output: a.output.as_deref(),
        force: a.force,
    })?;
    if a.json {
        oblique::io::output::print_json(&summary)
    } else {
        Ok(summary.write_text(&mut std::io::stdout().lock())?)
    }
}
