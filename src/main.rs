//! `oblique`: the command-line shell around `oblique-theory` and `oblique-validate`.
//!
//! Each subcommand lives in `src/cmd/<name>.rs` with its clap `Args` and a `run` function.

mod cmd;
mod figures;
mod io;
mod output;
mod parse;
mod reproduce;

use clap::{Parser, Subcommand};

/// Theory of learning in noisy recurrent neural networks: mean-field and linear theory of
/// aligned and oblique dynamics, checked against simulation.
#[derive(Parser)]
#[command(name = "oblique", version, about, long_about = None, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Rank-two mean-field theory at one point (fixed point, Jacobian, covariance, L_var)
    Mft(cmd::mft::Args),
    /// Minimise L_var over lambda+ at fixed lambda- for one or more N
    Optimum(cmd::optimum::Args),
    /// Sweep the mean-field landscape over a (lambda+, lambda-, N) grid, in parallel
    Sweep(cmd::sweep::Args),
    /// Linear gradient flow: closed-form two-phase learning curves against the integrated flow
    Linear(cmd::linear::Args),
    /// Simulate the full noisy RNN at fixed M and compare with the theory
    Simulate(cmd::simulate::Args),
    /// Train the full noisy RNN by backpropagation through time
    Train(cmd::train::Args),
    /// Fluctuation-learning relationship: predict learning speed from spontaneous fluctuations
    Flr(cmd::flr::Args),
    /// Reproduce the published theory-versus-simulation figures and the agreement report
    Reproduce(cmd::reproduce::Args),
}

fn main() {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Mft(a) => cmd::mft::run(a),
        Command::Optimum(a) => cmd::optimum::run(a),
        Command::Sweep(a) => cmd::sweep::run(a),
        Command::Linear(a) => cmd::linear::run(a),
        Command::Simulate(a) => cmd::simulate::run(a),
        Command::Train(a) => cmd::train::run(a),
        Command::Flr(a) => cmd::flr::run(a),
        Command::Reproduce(a) => cmd::reproduce::run(a),
    };
    if let Err(e) = result {
        eprintln!("error: {e:#}");
        std::process::exit(2);
    }
}
