//! `oblique flr`: predict the initial learning speed from spontaneous fluctuations
//! (fluctuation-learning relationship; `theory/notes/flr.md`). The theory and the report
//! are the library's (`oblique::commands::flr`).

use crate::cli::{limits, values};
use oblique::commands::flr::{compute, FlrInputs, FlrParams, DEFAULTS};
use oblique::io::output::print_json;
use oblique_theory::flr::LearningRule;
use oblique_validate::budget::flr_cost;
use std::path::PathBuf;

/// Predict the initial learning speed dm/dt of `dx/dt = -x + J tanh(beta x) + u eta + noise`
/// under `dJ/dt = (epsilon/N) f(x) h(x)^T`, from the spontaneous covariance C (Lyapunov
/// equation) and the linear response G = -A^-1 (FLR1, FLR2; theory/notes/flr.md).
///
/// The network is either random, `J = g J_rand/sqrt(N) + (1/N) sum_mu xi^mu xi^mu^T` with
/// P +-1 memories (--n, --g, --memories, --seed), or read from a CSV file (--j). Targets xi
/// and inputs eta are read from CSV files (--xi, --eta: one number per line or per column)
/// or drawn as seeded random +-1 patterns (--pairs of them).
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment, allow_negative_numbers = true)]
pub struct Args {
    /// Number of units N of a random network
    #[arg(long, default_value_t = DEFAULTS.n, value_parser = values::count)]
    pub n: usize,
    /// Strength g of the random part of J
    #[arg(long, default_value_t = DEFAULTS.g)]
    pub g: f64,
    /// Gain beta of phi(x) = tanh(beta x)
    #[arg(long, default_value_t = DEFAULTS.beta)]
    pub beta: f64,
    /// Number P of embedded +-1 memories
    #[arg(long, default_value_t = DEFAULTS.memories, value_parser = values::count0)]
    pub memories: usize,
    /// Noise sigma: stationary s.d. of an unconnected unit
    #[arg(long, default_value_t = DEFAULTS.noise)]
    pub noise: f64,
    /// Input amplitude u of the input u*eta applied during learning
    #[arg(long = "input-amplitude", default_value_t = DEFAULTS.input_amplitude)]
    pub input_amplitude: f64,
    /// Learning rate epsilon
    #[arg(long, default_value_t = DEFAULTS.epsilon)]
    pub epsilon: f64,
    /// Learning rule: hebb-target, hebb, delta, or f=<xi|xi-x|xi-phi>,h=<phi|x>
    #[arg(long, default_value = "hebb-target", value_parser = rule)]
    pub rule: LearningRule,
    /// Seed of the random network and patterns, 0 to 2^64 - 1
    #[arg(long, default_value_t = DEFAULTS.seed, value_parser = values::seed)]
    pub seed: u64,
    /// Read J (N rows of N numbers, comma- or whitespace-separated as numpy.savetxt writes) from this file instead of sampling it
    #[arg(long)]
    pub j: Option<PathBuf>,
    /// Read the target pattern xi from this CSV
    #[arg(long)]
    pub xi: Option<PathBuf>,
    /// Read the input pattern eta from this CSV
    #[arg(long)]
    pub eta: Option<PathBuf>,
    /// Number of random (xi, eta) pairs (>= 1) when --xi/--eta are not both given
    #[arg(long, value_parser = values::count)]
    pub pairs: Option<usize>,
    /// Linearise around the retrieval state of memory MU (Newton from xi^MU) instead of x* = 0
    #[arg(long = "start-memory", value_parser = values::count0)]
    pub start_memory: Option<usize>,
    /// Print one JSON object instead of a table
    #[arg(long)]
    pub json: bool,
    /// (debug) run the `reproduce flr` simulations and write the figures into this directory
    #[arg(long, hide = true)]
    pub reproduce_dir: Option<PathBuf>,
    /// (debug) quick variant of --reproduce-dir
    #[arg(long, hide = true)]
    pub quick: bool,
}

/// `--rule`.
fn rule(text: &str) -> Result<LearningRule, String> {
    text.parse()
}

pub fn run(args: Args) -> anyhow::Result<()> {
    if args.j.is_none() {
        limits::check(flr_cost(args.n, args.memories, args.pairs.unwrap_or(1)))?;
    }
    if let Some(dir) = &args.reproduce_dir {
        let dirs = oblique::io::new_dirs::NewDirs::create(dir)?;
        let cfg = oblique::reproduce::config::Config {
            out: dir.clone(),
            quick: args.quick,
            paper: false,
            seed: args.seed,
            command: format!("oblique flr --reproduce-dir {}", dir.display()),
            select: Default::default(),
        };
        let sec = oblique::reproduce::flr::run(&cfg)?;
        dirs.keep();
        println!("{}", sec.to_markdown());
        return Ok(());
    }
    let report = compute(&FlrInputs {
        params: FlrParams {
            n: args.n,
            g: args.g,
            beta: args.beta,
            memories: args.memories,
            noise: args.noise,
            input_amplitude: args.input_amplitude,
            epsilon: args.epsilon,
            seed: args.seed,
        },
        rule: args.rule,
        j: args.j.as_deref(),
        xi: args.xi.as_deref(),
        eta: args.eta.as_deref(),
        pairs: args.pairs,
        start_memory: args.start_memory,
    })?;
    if args.json {
        print_json(&report)
    } else {
        Ok(report.write_text(&mut std::io::stdout().lock())?)
    }
}
