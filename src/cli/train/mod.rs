//! `oblique train rank2|linear`: train the noisy RNN by backpropagation through time
//! (issue 4, item 5). Each model is a subcommand with only its own flags; the defaults are
//! those of the protocol presets (`RankTwoProtocol::fig13`, `LinearProtocol::fig10`).

mod linear;
mod rank2;

use crate::cli::limits;
use crate::cli::values::{self, Optimizer};
use oblique::commands::train::Overrides;
use std::path::PathBuf;

/// Train the full noisy RNN by backpropagation through time (BPTT) and record the run.
///
/// Euler-Maruyama (theory notes section 1); the loss is the mean squared error of
/// z = w_out . x averaged over the batch and the target time points. `train rank2` trains
/// only the 2x2 M of a rank-two network (Fig. 13, 28); `train linear` every entry of W of
/// a linear network (Fig. 10); `train task` the paper's full-rank network on a
/// neuroscience task (Figs. 2-6, 9, 16). See `oblique train <model> --help` for each
/// model's flags, outputs and defaults.
#[derive(clap::Args, Debug)]
#[command(subcommand_required = true, arg_required_else_help = true)]
pub struct Args {
    /// The model to train.
    #[command(subcommand)]
    pub model: Model,
}

/// The trainable models.
#[derive(clap::Subcommand, Debug)]
pub enum Model {
    #[command(about = "Train only M of W = U M U^T / N (Fig. 13, 28)")]
    Rank2(rank2::Args),
    #[command(about = "Train every entry of W of a linear network (Fig. 10)")]
    Linear(linear::Args),
    #[command(
        about = "Train the paper's full-rank task network (cycling, flip-flop, Mante, Romo, sines) with Adam"
    )]
    Task(crate::cli::train_task::Args),
}

/// The flags both models share; unset values come from the model's preset.
#[derive(clap::Args, Debug)]
pub struct Common {
    /// Number of neurons N >= 2 [default: the preset's]
    #[arg(long, value_parser = values::neurons)]
    pub n: Option<usize>,
    /// Learning rate > 0 [default: the preset's]
    #[arg(long, value_parser = values::positive)]
    pub lr: Option<f64>,
    /// Noise level sigma >= 0 (stationary variance of an unconnected unit is sigma^2) [default: the preset's]
    #[arg(long, value_parser = values::non_negative)]
    pub noise: Option<f64>,
    /// Trials per gradient step >= 1 [default: the preset's]
    #[arg(long, value_parser = values::count)]
    pub batch: Option<usize>,
    /// Seed of the network and of every trial's noise, 0 to 2^64 - 1 [default: the preset's]
    #[arg(long, value_parser = values::seed)]
    pub seed: Option<u64>,
    /// Optimiser (PyTorch defaults) [default: the preset's]
    #[arg(long, value_enum)]
    pub optimizer: Option<Optimizer>,
    /// Target output z [default: the preset's]
    #[arg(long, value_parser = values::finite)]
    pub target: Option<f64>,
    /// Euler step dt > 0; the Euler map needs dt < 2 [default: the preset's]
    #[arg(long, value_parser = values::positive)]
    pub dt: Option<f64>,
    /// Worker threads, 1 to 4 x the available cores (default: all cores); results do not depend on it
    #[arg(long, value_parser = values::count)]
    pub threads: Option<usize>,
    /// Output CSV of the trajectory (written atomically)
    #[arg(short = 'o', long, value_name = "FILE", value_parser = oblique::io::target::output_file)]
    pub output: PathBuf,
    /// Print the summary as one JSON object on stdout
    #[arg(long)]
    pub json: bool,
}

impl Common {
    /// The preset fields these flags override.
    pub fn overrides(&self) -> Overrides {
        Overrides {
            lr: self.lr,
            optimizer: self.optimizer.map(Into::into),
            noise: self.noise,
            batch: self.batch,
            seed: self.seed,
            dt: self.dt,
            z: self.target,
        }
    }
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let stdout_clash = |c: &Common| c.json && oblique::io::output::is_stdout(&c.output);
    let clash = || {
        anyhow::anyhow!("--json with -o -: both would go to standard output; give -o a file name")
    };
    match args.model {
        Model::Rank2(a) if stdout_clash(&a.common) => Err(clash()),
        Model::Linear(a) if stdout_clash(&a.common) => Err(clash()),
        Model::Rank2(a) => {
            let threads = a.common.threads;
            limits::with_threads(threads, || rank2::run(a))
        }
        Model::Linear(a) => {
            let threads = a.common.threads;
            limits::with_threads(threads, || linear::run(a))
        }
        Model::Task(a) => crate::cli::train_task::run(a),
    }
}

/// Prints a training report: nothing with `-o -` (standard output carries the CSV only),
/// else one JSON object or the text.
fn print<R: serde::Serialize>(
    c: &Common,
    report: &R,
    text: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    if oblique::io::output::is_stdout(&c.output) {
        Ok(())
    } else if c.json {
        oblique::io::output::print_json(report)
    } else {
        Ok(text(&mut std::io::stdout().lock())?)
    }
}
