//! `oblique`: the command-line shell around `oblique-theory` and `oblique-validate`.
//!
//! Each subcommand lives in `src/cli/<name>.rs` with its clap `Args` and a `run` function
//! that calls the library (`oblique`, `oblique-theory`, `oblique-validate`) and prints.

mod cli;

use clap::{Parser, Subcommand};

/// Theory of learning in noisy recurrent neural networks: mean-field and linear theory of
/// aligned and oblique dynamics, checked against simulation.
#[derive(Parser)]
#[command(name = "oblique", version, about, long_about = None, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// The subcommands: `about` is the one-line summary of `oblique --help`; each command's own
/// `--help` shows the long description of its `Args` (CSV columns, defaults, caveats).
#[derive(Subcommand)]
enum Command {
    #[command(
        about = "Rank-two mean-field theory at one point (fixed point, Jacobian, covariance, L_var)"
    )]
    Mft(cli::mft::Args),
    #[command(about = "Minimise L_var over lambda+ at fixed lambda- for one or more N")]
    Optimum(cli::optimum::Args),
    #[command(
        about = "Sweep the mean-field landscape over a (lambda+, lambda-, N) grid, in parallel"
    )]
    Sweep(cli::sweep::Args),
    #[command(
        about = "Linear gradient flow: closed-form two-phase learning curves against the integrated flow"
    )]
    Linear(cli::linear::Args),
    #[command(about = "Simulate the full noisy RNN at fixed M and compare with the theory")]
    Simulate(cli::simulate::Args),
    #[command(about = "Train the full noisy RNN by backpropagation through time")]
    Train(cli::train::Args),
    #[command(
        about = "Fluctuation-learning relationship: predict learning speed from spontaneous fluctuations"
    )]
    Flr(cli::flr::Args),
    #[command(
        about = "Regime measures of a recording: correlation, D_x, D_fit (aligned or oblique?)"
    )]
    Regime(cli::regime::Args),
    #[command(
        about = "Reproduce the study's figures (trained networks and theory) and the agreement report"
    )]
    Reproduce(cli::reproduce::Args),
}

/// An error and its causes, each cause added only when the text before does not already
/// contain it (thiserror messages often embed their source: no doubled text).
fn render(e: &anyhow::Error) -> String {
    let mut text = e.to_string();
    for cause in e.chain().skip(1) {
        let c = cause.to_string();
        if !text.contains(&c) {
            text = format!("{text}: {c}");
        }
    }
    text
}

fn main() {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Mft(a) => cli::mft::run(a),
        Command::Optimum(a) => cli::optimum::run(a),
        Command::Sweep(a) => cli::sweep::run(a),
        Command::Linear(a) => cli::linear::run(a),
        Command::Simulate(a) => cli::simulate::run(a),
        Command::Train(a) => cli::train::run(a),
        Command::Flr(a) => cli::flr::run(a),
        Command::Regime(a) => cli::regime::run(a),
        Command::Reproduce(a) => cli::reproduce::run(a),
    };
    if let Err(e) = result {
        eprintln!("error: {}", render(&e));
        std::process::exit(2);
    }
}
