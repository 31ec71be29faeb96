//! `oblique flr`: predict the initial learning speed from spontaneous fluctuations
//! (fluctuation-learning relationship; `theory/notes/flr.md`).

use anyhow::{anyhow, bail};
use nalgebra::{DMatrix, DVector};
use oblique_theory::flr::{
    FlrError, FlrNetwork, FlrTheory, LearningRule, LearningTask, SpeedPrediction, SpontaneousState,
    SpontaneousSummary,
};
use oblique_theory::format::num;
use oblique_validate::flr::{random_pattern, rng_for, FlrNetworkSpec};
use std::io::{self, Write};
use std::path::Path;

/// The parameters of the network and the learning (each a flag of `oblique flr`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FlrParams {
    /// units N of a random network
    pub n: usize,
    /// strength g of the random part of J
    pub g: f64,
    /// gain beta of phi(x) = tanh(beta x)
    pub beta: f64,
    /// embedded +-1 memories P
    pub memories: usize,
    /// noise sigma
    pub noise: f64,
    /// input amplitude u
    pub input_amplitude: f64,
    /// learning rate epsilon
    pub epsilon: f64,
    /// seed of the random network and patterns
    pub seed: u64,
}

/// The defaults of `oblique flr`.
pub const DEFAULTS: FlrParams = FlrParams {
    n: 200,
    g: 0.5,
    beta: 0.5,
    memories: 5,
    noise: 0.5,
    input_amplitude: 0.5,
    epsilon: 0.1,
    seed: 1,
};

/// Everything `oblique flr` predicts from.
pub struct FlrInputs<'a> {
    /// network and learning parameters
    pub params: FlrParams,
    /// the learning rule
    pub rule: LearningRule,
    /// J read from this file instead of sampled
    pub j: Option<&'a Path>,
    /// the target pattern xi from this file
    pub xi: Option<&'a Path>,
    /// the input pattern eta from this file
    pub eta: Option<&'a Path>,
    /// number of random (xi, eta) pairs
    pub pairs: Option<usize>,
    /// linearise around the retrieval state of this memory
    pub start_memory: Option<usize>,
}

/// One predicted pair.
#[derive(serde::Serialize)]
struct PairOut {
    pair: usize,
    #[serde(flatten)]
    prediction: SpeedPrediction,
}

/// The report of `oblique flr` (its `--json` object).
#[derive(serde::Serialize)]
pub struct FlrReport {
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
/// of one length; see [`crate::io::table`]); errors name `param`, the file, line and column.
fn read_table(param: &str, path: &Path) -> anyhow::Result<crate::io::table::Table> {
    crate::io::table::read(path).map_err(|e| anyhow!("{param}: {e}"))
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

/// The network: J read from `--j`, or sampled with its memories (Eq. F1).
fn network(args: &FlrInputs) -> anyhow::Result<(FlrNetwork, Vec<DVector<f64>>, String)> {
    let p = &args.params;
    Ok(match args.j {
        Some(path) => {
            let j = read_matrix("--j", path)?;
            let net = FlrNetwork::new(j, p.beta, p.noise).map_err(named)?;
            (net, Vec::new(), format!("J from {}", path.display()))
        }
        None => {
            if p.n < 1 {
                bail!("--n: 0 is too small; it must be at least 1");
            }
            if !(p.g.is_finite() && p.g >= 0.0) {
                bail!("--g: {} is out of range: it must be finite and >= 0", p.g);
            }
            let spec = FlrNetworkSpec {
                n: p.n,
                g: p.g,
                beta: p.beta,
                memories: p.memories,
                noise: p.noise,
            };
            let s = spec.sample(p.seed).map_err(named)?;
            let src = format!(
                "random: N = {}, g = {}, P = {} memories, seed {}",
                p.n, p.g, p.memories, p.seed
            );
            (s.net, s.memories, src)
        }
    })
}

/// The spontaneous state and the predicted speed of every pair (FLR1, FLR2).
pub fn compute(args: &FlrInputs) -> anyhow::Result<FlrReport> {
    let (p, rule) = (&args.params, args.rule);
    let (net, memories, source) = network(args)?;
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
    let given_xi = args.xi.map(|p| read_vector("--xi", p)).transpose()?;
    let given_eta = args.eta.map(|p| read_vector("--eta", p)).transpose()?;
    let pairs = match (given_xi.is_some() && given_eta.is_some(), args.pairs) {
        (true, Some(_)) => {
            bail!("--pairs: with both --xi and --eta there is exactly one pair; drop --pairs")
        }
        (true, None) => 1,
        (false, p) => p.unwrap_or(1),
    };
    let tasks: Vec<LearningTask> = (0..pairs)
        .map(|k| {
            let mut rng = rng_for(p.seed, 1000 + k as u64);
            let xi = given_xi
                .clone()
                .unwrap_or_else(|| random_pattern(n, &mut rng));
            let eta = given_eta
                .clone()
                .unwrap_or_else(|| random_pattern(n, &mut rng));
            LearningTask {
                xi,
                eta,
                u: p.input_amplitude,
                epsilon: p.epsilon,
                rule,
            }
        })
        .collect();
    let preds = theory.predict_batch(&tasks).map_err(named)?;
    Ok(FlrReport {
        rule: rule.name(),
        beta: p.beta,
        noise: p.noise,
        input_amplitude: p.input_amplitude,
        epsilon: p.epsilon,
        source,
        spontaneous: theory.summary(),
        predictions: preds
            .into_iter()
            .enumerate()
            .map(|(pair, prediction)| PairOut { pair, prediction })
            .collect(),
    })
}

impl FlrReport {
    /// The table of `oblique flr`.
    pub fn write_text(&self, w: &mut dyn Write) -> io::Result<()> {
        let s = &self.spontaneous;
        writeln!(
            w,
            "network: {} (beta = {}, noise = {})",
            self.source,
            num(self.beta),
            num(self.noise)
        )?;
        writeln!(w,
        "spontaneous state: |x*|_inf = {:.4}, mean variance tr C/N = {:.5}, FDT deviation |G - C/sigma^2|/|G| = {:.3e}",
        s.state_amplitude, s.mean_variance, s.fdt_deviation
    )?;
        writeln!(
            w,
            "rule {}, epsilon = {}, input amplitude u = {}",
            self.rule,
            num(self.epsilon),
            num(self.input_amplitude)
        )?;
        writeln!(
            w,
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
        )?;
        for p in &self.predictions {
            let q = &p.prediction;
            let flr2 = q.flr2.map_or("n/a".to_string(), |v| format!("{v:.5e}"));
            writeln!(w,
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
        )?;
        }
        Ok(())
    }
}
