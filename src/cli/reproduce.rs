//! `oblique reproduce`: the study's figures (trained networks and theory) and the agreement
//! report.

use oblique::commands::reproduce::Request;
use oblique::reproduce::Target;
use std::path::PathBuf;

/// Reproduce the figures of Schuessler et al., eLife 2024 (the trained-network figures 2-6,
/// 9, 15 and 16 and the theory figures 10, 12, 13 and 28) and the fluctuation-learning
/// relationship figures, and write the agreement report `REPORT.md`.
///
/// Trains and simulates the networks of the set-ups (the default's reduced one, `--quick`'s
/// smaller one or `--paper`'s published one), computes the theory and the regime measures,
/// draws each figure as PNG and SVG with the data behind every panel as CSV, and writes, for
/// every compared quantity, the published or theory value | ours | relative error | target |
/// verdict into `<out>/REPORT.md`. A figure whose pieces are not available says so in the
/// report. The command exits with status 2 when a piece is missing or a row misses its target
/// (after writing the report). `all` at the default size is meant to take under 20 minutes
/// on 2 cores (the README gives the measured time); `--quick` (fewer networks, steps and N,
/// looser tolerances) under a minute.
///
/// Figs. 3, 4, 5, 6 and 16 share one grid of networks trained on the five neuroscience tasks
/// (task x output scale x g x seed), computed once. `--paper` runs the published set-up
/// (N = 512, 5 networks x 4 scenarios x 5 tasks; hours on 2 cores); split it into
/// independent jobs with `--shard K/M` (writes the K-th of M parts into `--out`, no
/// figures) and draw the figures and the report from the parts with `--collect DIR...`.
/// A stopped shard resumes: run the same command again.
///
/// Example: `oblique reproduce fig12 --quick --out /tmp/figs`
///
/// Example: `oblique reproduce all --paper --shard 3/20 --out shards/3`, then
/// `oblique reproduce all --collect shards/* --out figures-paper`
#[derive(clap::Args, Debug)]
pub struct Args {
    /// what to reproduce
    #[arg(value_enum, default_value = "all")]
    pub target: Target,
    /// output directory (figures, CSVs, REPORT.md) [default: figures, or figures-quick with
    /// --quick, so that a quick run never overwrites the full figures]
    #[arg(long, short, value_parser = oblique::io::target::output_dir)]
    pub out: Option<PathBuf>,
    /// reduced set-up for a run under a minute (stated in the report and on the figures;
    /// written into figures-quick/ unless --out is given)
    #[arg(long)]
    pub quick: bool,
    /// master seed (every network and trial stream derives from it)
    #[arg(long, default_value_t = 1, allow_negative_numbers = true, value_parser = crate::cli::values::seed)]
    pub seed: u64,
    /// worker threads for independent simulations (default: all cores)
    #[arg(long, allow_negative_numbers = true, value_parser = crate::cli::values::count)]
    pub threads: Option<usize>,
    /// the published set-up for the trained-network figures (3-6, 16: N = 512, 5 networks
    /// per scenario, the published step counts; hours, see --shard; and 2, 9, 15) and for
    /// Fig. 10 (N = 256 instead of the default's 128)
    #[arg(long, conflicts_with_all = ["quick", "collect"])]
    pub paper: bool,
    /// run only part K of M of the trained-network grid and write its records into --out
    /// (K in 1..=M; --out is required); combine the parts with --collect. Each network is
    /// kept in --out/unfinished/ as it finishes, so rerunning a stopped shard with the same
    /// flags trains only the rest (and rerunning a finished one trains nothing)
    #[arg(long, value_name = "K/M", conflicts_with = "collect")]
    pub shard: Option<String>,
    /// draw the trained-network figures and the report from these finished shard
    /// directories (all parts of one run)
    #[arg(long, value_name = "DIR", num_args = 1.., conflicts_with = "quick")]
    pub collect: Vec<PathBuf>,
    /// train the grid of the trained-network figures for these tasks only (comma list of
    /// cycling, flipflop, mante, romo, complex-sine; the networks are those of the whole
    /// grid, so `--paper --tasks cycling` is the published set-up of that task)
    #[arg(long, value_name = "LIST", conflicts_with = "collect")]
    pub tasks: Option<String>,
    /// networks per (task, output scale) of the grid, for every task: A at g = 1.5 (Figs.
    /// 3-6; 2..=100) and B at g = 0.7 (Fig. 16 only; 0 or 2..=100; 0 leaves Fig. 16 out of
    /// `all`) [default: 3,2 with cycling and complex sine 5,2; --quick 2,2; --paper 5,5]
    #[arg(long, value_name = "A[,B]", conflicts_with = "collect")]
    pub networks: Option<String>,
    /// with --shard: take the networks that these finished shards of an earlier run already
    /// trained, where they are the same networks (same task, scenario, sample, seed,
    /// training and measures), instead of training them again; e.g. extend a run from 3 to
    /// 5 networks per scenario
    #[arg(long, value_name = "DIR", num_args = 1.., requires = "shard")]
    pub reuse: Vec<PathBuf>,
    /// print the outcome as one JSON object on stdout: the output folder, the counts of the
    /// report's rows (pass, fail, info, missing) in all and per figure with every row that
    /// does not pass, or a shard's networks (trained, kept, reused); progress stays on
    /// stderr, and the exit status is the same as without it
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let json = args.json;
    let outcome = oblique::commands::reproduce::run(&Request {
        target: args.target,
        out: args.out,
        quick: args.quick,
        seed: args.seed,
        threads: args.threads,
        paper: args.paper,
        shard: args.shard,
        collect: args.collect,
        tasks: args.tasks,
        networks: args.networks,
        reuse: args.reuse,
    })?;
    eprintln!("{}", outcome.summary);
    if json {
        oblique::io::output::print_json(&outcome.json)?;
    }
    // the report is written either way; the exit status says whether it reproduces everything
    outcome.check()
}
