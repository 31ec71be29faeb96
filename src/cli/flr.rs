//! `oblique flr`: predict the initial learning speed from spontaneous fluctuations
//! (fluctuation-learning relationship; `theory/notes/flr.md`).

use crate::cli::{limits, values};
use anyhow::{anyhow, bail};
use nalgebra::{DMatrix, DVector};
use oblique::io::output::print_json;
use oblique_theory::flr::{
    FlrError, FlrNetwork, FlrTheory, LearningRule, LearningTask, SpeedPrediction, SpontaneousState,
    SpontaneousSummary,
};
use oblique_validate::budget::flr_cost;
use oblique_validate::flr::{random_pattern, rng_for, FlrNetworkSpec};
use std::path::{Path, PathBuf};

/// Predict the initial learning speed dm/dt of `dx/dt = -x + J tanh(beta x) + u eta + noise`
/// under `dJ/dt = (epsilon/N) f(x) h(x)^T`, from the spontaneous covariance C (Lyapunov
/// equation) and the linear response G = -A^-1 (FLR1, FLR2; theory/notes/flr.md).
///
/// The network is either random, `J = g J_rand/sqrt(N) + (1/N) sum_mu xi^mu xi^mu^T` with
/// P +-1 memories (--n, --g, --memories, --seed), or read from a CSV file (--j). Targets xi
/// and inputs eta are read from CSV files (--xi, --eta: one number per line or per column)
/// or drawn as seeded random +-1 patterns (--pairs of them).
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// Number of units N of a random network
    #[arg(long, default_value_t = 200)]
    pub n: usize,
    /// Strength g of the random part of J
    #[arg(long, default_value_t = 0.5)]
    pub g: f64,
    /// Gain beta of phi(x) = tanh(beta x)
    #[arg(long, default_value_t = 0.5)]
    pub beta: f64,
    /// Number P of embedded +-1 memories
    #[arg(long, default_value_t = 5)]
    pub memories: usize,
    /// Noise sigma: stationary s.d. of an unconnected unit
    #[arg(long, default_value_t = 0.5)]
    pub noise: f64,
    /// Input amplitude u of the input u*eta applied during learning
    #[arg(long = "input-amplitude", default_value_t = 0.5)]
    pub input_amplitude: f64,
    /// Learning rate epsilon
    #[arg(long, default_value_t = 0.1)]
    pub epsilon: f64,
    /// Learning rule: hebb-target, hebb, delta, or f=<xi|xi-x|xi-phi>,h=<phi|x>
    #[arg(long, default_value = "hebb-target")]
    pub rule: String,
    /// Seed of the random network and patterns
    #[arg(long, default_value_t = 1)]
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
    #[arg(long = "start-memory")]
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

/// One predicted pair.
#[derive(serde::Serialize)]
struct PairOut {
    pair: usize,
    #[serde(flatten)]
    prediction: SpeedPrediction,
}

#[derive(serde::Serialize)]
struct Out {
    rule: String,
    beta: f64,
    noise: f64,
    input_amplitude: f64,
    epsilon: f64,
    source: String,
    spontaneous: SpontaneousSummary,
    predictions: Vec<PairOut>,
}

/// Reads a table of numbers (CSV or whitespace-separated, optional header line, every row
/// of one length; see [`oblique::io::table`]); errors name `param`, the file, line and column.
fn read_table(param: &str, path: &Path) -> anyhow::Result<oblique::io::table::Table> {
    oblique::io::table::read(path).map_err(|e| anyhow!("{param}: {e}"))
}

fn read_matrix(param: &str, path: &Path) -> anyhow::Result<DMatrix<f64>> {
    let t = read_table(param, path)?;
    Ok(DMatrix::from_row_slice(t.rows, t.cols, &t.data))
}

fn read_vector(param: &str, path: &Path) -> anyhow::Result<DVector<f64>> {
    let t = read_table(param, path)?;
    if t.rows != 1 && t.cols != 1 {
        bail!(
            "{param}: {} has {} rows of {} numbers; expected one row or one column",
            path.display(),
            t.rows,
            t.cols
        );
    }
    Ok(DVector::from_vec(t.data))
}

/// Prefixes a theory error with the CLI parameter it comes from.
fn named(e: FlrError) -> anyhow::Error {
    let param = match &e {
        FlrError::NotSquare { .. } | FlrError::Empty => "--j",
        FlrError::NonFinite { name, .. }
        | FlrError::LengthMismatch { name, .. }
        | FlrError::ZeroPattern { name } => match *name {
            "J" => "--j",
            "xi" => "--xi",
            "eta" => "--eta",
            _ => "--start-memory",
        },
        FlrError::OutOfRange { name, .. } => match *name {
            "beta" => "--beta",
            "noise" => "--noise",
            "epsilon" => "--epsilon",
            _ => "--input-amplitude",
        },
        FlrError::Unstable { .. } => "spontaneous state",
        FlrError::NoFixedPoint { .. } => "--start-memory",
        FlrError::Lyapunov(_) | FlrError::MatrixSize { .. } => "spontaneous state",
        FlrError::Unsupported(_) => "--rule",
    };
    anyhow!("{param}: {e}")
}

pub fn run(args: Args) -> anyhow::Result<()> {
    if args.j.is_none() {
        limits::check(flr_cost(args.n, args.memories, args.pairs.unwrap_or(1)))?;
    }
    if let Some(dir) = &args.reproduce_dir {
        std::fs::create_dir_all(dir)?;
        let cfg = oblique::reproduce::config::Config {
            out: dir.clone(),
            quick: args.quick,
            paper: false,
            seed: args.seed,
            command: format!("oblique flr --reproduce-dir {}", dir.display()),
        };
        let sec = oblique::reproduce::flr::run(&cfg)?;
        println!("{}", sec.to_markdown());
        return Ok(());
    }
    let rule: LearningRule = args.rule.parse().map_err(|e| anyhow!("--rule: {e}"))?;
    let (net, memories, source) = match &args.j {
        Some(path) => {
            let j = read_matrix("--j", path)?;
            let net = FlrNetwork::new(j, args.beta, args.noise).map_err(named)?;
            (net, Vec::new(), format!("J from {}", path.display()))
        }
        None => {
            if args.n < 1 {
                bail!("--n: 0 is too small; it must be at least 1");
            }
            if !(args.g.is_finite() && args.g >= 0.0) {
                bail!(
                    "--g: {} is out of range: it must be finite and >= 0",
                    args.g
                );
            }
            let spec = FlrNetworkSpec {
                n: args.n,
                g: args.g,
                beta: args.beta,
                memories: args.memories,
                noise: args.noise,
            };
            let s = spec.sample(args.seed).map_err(named)?;
            let src = format!(
                "random: N = {}, g = {}, P = {} memories, seed {}",
                args.n, args.g, args.memories, args.seed
            );
            (s.net, s.memories, src)
        }
    };
    let state = match args.start_memory {
        None => SpontaneousState::origin(&net),
        Some(mu) => {
            let start = memories.get(mu).ok_or_else(|| {
                anyhow!(
                    "--start-memory: memory {mu} does not exist; the network has {} memories (0..{})",
                    memories.len(),
                    memories.len().saturating_sub(1)
                )
            })?;
            SpontaneousState::solve(&net, start).map_err(named)?
        }
    };
    let theory = FlrTheory::new(&net, state).map_err(named)?;
    let n = net.n();
    let given_xi = args
        .xi
        .as_deref()
        .map(|p| read_vector("--xi", p))
        .transpose()?;
    let given_eta = args
        .eta
        .as_deref()
        .map(|p| read_vector("--eta", p))
        .transpose()?;
    let pairs = match (given_xi.is_some() && given_eta.is_some(), args.pairs) {
        (true, Some(_)) => {
            bail!("--pairs: with both --xi and --eta there is exactly one pair; drop --pairs")
        }
        (true, None) => 1,
        (false, p) => p.unwrap_or(1),
    };
    let tasks: Vec<LearningTask> = (0..pairs)
        .map(|k| {
            let mut rng = rng_for(args.seed, 1000 + k as u64);
            let xi = given_xi
                .clone()
                .unwrap_or_else(|| random_pattern(n, &mut rng));
            let eta = given_eta
                .clone()
                .unwrap_or_else(|| random_pattern(n, &mut rng));
            LearningTask {
                xi,
                eta,
                u: args.input_amplitude,
                epsilon: args.epsilon,
                rule,
            }
        })
        .collect();
    let preds = theory.predict_batch(&tasks).map_err(named)?;
    let out = Out {
        rule: rule.name(),
        beta: args.beta,
        noise: args.noise,
        input_amplitude: args.input_amplitude,
        epsilon: args.epsilon,
        source,
        spontaneous: theory.summary(),
        predictions: preds
            .into_iter()
            .enumerate()
            .map(|(pair, prediction)| PairOut { pair, prediction })
            .collect(),
    };
    if args.json {
        return print_json(&out);
    }
    let s = &out.spontaneous;
    println!(
        "network: {} (beta = {}, noise = {})",
        out.source, out.beta, out.noise
    );
    println!(
        "spontaneous state: |x*|_inf = {:.4}, mean variance tr C/N = {:.5}, FDT deviation |G - C/sigma^2|/|G| = {:.3e}",
        s.state_amplitude, s.mean_variance, s.fdt_deviation
    );
    println!(
        "rule {}, epsilon = {}, input amplitude u = {}",
        out.rule, out.epsilon, out.input_amplitude
    );
    println!(
        "{:>4} {:>12} {:>12} {:>12} {:>10} {:>10} {:>10} {:>10} {:>9} {:>9}",
        "pair",
        "dm/dt exact",
        "FLR1",
        "FLR2",
        "xiCxi/N",
        "etaCeta/N",
        "xiGxi/N",
        "|r|^2/N",
        "m(0)",
        "max|b r|"
    );
    for p in &out.predictions {
        let q = &p.prediction;
        let flr2 = q.flr2.map_or("n/a".to_string(), |v| format!("{v:.5e}"));
        println!(
            "{:>4} {:>12.5e} {:>12.5e} {:>12} {:>10.5} {:>10.5} {:>10.5} {:>10.5} {:>9.5} {:>9.4}",
            p.pair,
            q.exact,
            q.flr1,
            flr2,
            q.var_xi,
            q.var_eta,
            q.resp_xi,
            q.response_sq,
            q.m0,
            q.max_drive
        );
    }
    Ok(())
}
