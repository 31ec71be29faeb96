//! `oblique train`: train the noisy RNN by backpropagation through time (issue 4, item 5).

use crate::cli::model_args::parse_nonlinearity;
use anyhow::{bail, Context};
use indicatif::ProgressBar;
use nalgebra::Matrix2;
use oblique::io::{output, parse};
use oblique_theory::nonlinearity::Builtin;
use oblique_theory::optimum::{Optimum, OptimumProblem};
use oblique_theory::rank_two::NoiseLevel;
use oblique_validate::optim::OptimizerKind;
use oblique_validate::train::protocol::{
    LinearProtocol, LinearSummary, RankTwoProtocol, RankTwoSummary,
};
use std::path::PathBuf;
use std::time::Instant;

/// Which parameters to train.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Model {
    /// Only the 2x2 M of W = U M U^T / N (Fig. 13, 28): pulse task, targets +-z.
    Rank2,
    /// Every entry of W of a linear network (Fig. 10): constant input, target z for t >= 15.
    Linear,
}

/// Train the full noisy RNN by backpropagation through time (BPTT) and record the run.
///
/// Euler-Maruyama with dt = 0.2 (theory notes section 1); the loss is the mean squared
/// error of z = w_out . x averaged over the batch and the target time points.
///
/// rank2 (Fig. 13): erf network, W = U M U^T / N (+ g J / sqrt(N)), only M trained from
///   M = 0 (default); pulse +-1/dt along w_in at the first step, target +-z at t = 2, 3,
///   ..., 10. Defaults are Fig. 13 (N = 256, SGD lr 0.005, 2000 steps, batch 32,
///   noise 1); Fig. 28 is --noise 0.2 --lr 0.01 --steps 5000. The summary evaluates the
///   trained M on --eval-batch fresh trials and adds the mean-field prediction at the
///   trained lambda- (the minimum of L_var over lambda+, Fig. 13D-F) under "theory".
///
/// linear (Fig. 10): identity nonlinearity, full W from 0, w_in of norm sqrt(N) with
///   w_in . w_out = --rho-sqrt-n; constant input 1, target z for t >= 15, t_max = 20.
///   Default schedule is Fig. 10: --fast-steps 1000 at lr / N, then --slow-steps 5000 at
///   lr (lr 0.002). --steps S instead trains S steps at lr.
///
/// CSV: one row per step, measured on that step's batch before its update. rank2 columns:
/// step, loss, l_bias, l_var, m11, m12, m21, m22, lambda_plus, lambda_minus, eig_imag,
/// kappa_norm, rho. linear columns: step, lr, loss, l_bias, l_var, m11, m12, m21, m22
/// (W projected on w_out_hat and w_in orthogonalised), dx_bar.
///
/// Example: oblique train rank2 --n 1024 --steps 2000 --lr 0.005 --noise 1 --batch 32 --seed 1 -o run.csv --json
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// What to train: rank2 (only M) or linear (full W of a linear network).
    #[arg(value_enum)]
    pub model: Model,
    /// Number of neurons N >= 2 [default: 256].
    #[arg(long)]
    pub n: Option<usize>,
    /// Gradient steps [rank2 default: 2000; linear: use the two-phase schedule].
    #[arg(long)]
    pub steps: Option<usize>,
    /// linear only: steps of the fast phase at learning rate lr / N [default: 1000].
    #[arg(long)]
    pub fast_steps: Option<usize>,
    /// linear only: steps of the slow phase at learning rate lr [default: 5000].
    #[arg(long)]
    pub slow_steps: Option<usize>,
    /// Learning rate > 0 [rank2 default: 0.005; linear: 0.002].
    #[arg(long, allow_hyphen_values = true)]
    pub lr: Option<String>,
    /// Noise level sigma >= 0 (stationary variance of an unconnected unit is sigma^2).
    #[arg(long, default_value = "1", allow_hyphen_values = true)]
    pub noise: String,
    /// Trials per gradient step (>= 1).
    #[arg(long, default_value_t = 32)]
    pub batch: usize,
    /// Seed of the network (U, w_in, w_out, J) and of every trial's noise.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Optimiser: sgd or adam (PyTorch defaults).
    #[arg(long, default_value = "sgd", value_name = "sgd|adam")]
    pub optimizer: String,
    /// Target output z.
    #[arg(long, default_value = "1", allow_hyphen_values = true)]
    pub target: String,
    /// Euler step dt > 0.
    #[arg(long, default_value = "0.2", allow_hyphen_values = true)]
    pub dt: String,
    /// rank2 only: nonlinearity erf or tanh.
    #[arg(long, default_value = "erf", value_name = "erf|tanh")]
    pub nonlinearity: String,
    /// rank2 only: strength g >= 0 of a fixed random bulk g J / sqrt(N) (0 in the paper).
    #[arg(long, default_value = "0", allow_hyphen_values = true)]
    pub g: String,
    /// rank2 only: initial M as m11,m12,m21,m22.
    #[arg(long, default_value = "0,0,0,0", allow_hyphen_values = true)]
    pub m0: String,
    /// rank2 only: fresh trials for the final evaluation (>= 1).
    #[arg(long, default_value_t = 512)]
    pub eval_batch: usize,
    /// linear only: rho sqrt(N), the scaled correlation of w_in and w_out.
    #[arg(long, default_value = "-0.5", allow_hyphen_values = true)]
    pub rho_sqrt_n: String,
    /// Worker threads (default: all cores); results do not depend on it.
    #[arg(long)]
    pub threads: Option<usize>,
    /// Output CSV of the trajectory (written atomically).
    #[arg(short = 'o', long, value_name = "FILE", value_parser = oblique::io::target::output_file)]
    pub output: PathBuf,
    /// Print the summary as one JSON object on stdout.
    #[arg(long)]
    pub json: bool,
}

/// The mean-field optimum at the trained lambda- (Fig. 13D-F), or why there is none.
#[derive(Debug, serde::Serialize)]
struct Prediction {
    lambda_minus: f64,
    #[serde(flatten)]
    optimum: Option<Optimum>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

#[derive(Debug, serde::Serialize)]
struct RankTwoReport<'a> {
    model: &'static str,
    lr: f64,
    noise: f64,
    batch: usize,
    seed: u64,
    optimizer: OptimizerKind,
    #[serde(flatten)]
    summary: &'a RankTwoSummary,
    lambda_plus_min: f64,
    theory: Prediction,
    csv: String,
    seconds: f64,
}

#[derive(Debug, serde::Serialize)]
struct LinearReport<'a> {
    model: &'static str,
    lr: f64,
    fast_steps: usize,
    slow_steps: usize,
    noise: f64,
    batch: usize,
    seed: u64,
    optimizer: OptimizerKind,
    rho_sqrt_n: f64,
    #[serde(flatten)]
    summary: &'a LinearSummary,
    csv: String,
    seconds: f64,
}

fn progress(len: u64) -> ProgressBar {
    oblique::io::progress::bar(len, "training")
}

fn parse_optimizer(text: &str) -> anyhow::Result<OptimizerKind> {
    text.trim()
        .parse::<OptimizerKind>()
        .map_err(|e| anyhow::anyhow!("--optimizer: {e}"))
}

fn positive(name: &str, text: &str) -> anyhow::Result<f64> {
    let v = parse::finite(name, text)?;
    if v <= 0.0 {
        bail!("{name}: {v} must be positive");
    }
    Ok(v)
}

fn non_negative(name: &str, text: &str) -> anyhow::Result<f64> {
    let v = parse::finite(name, text)?;
    if v < 0.0 {
        bail!("{name}: {v} must be at least 0");
    }
    Ok(v)
}

/// The mean-field optimum over lambda+ at the trained lambda- (theory notes section 3).
fn predict(summary: &RankTwoSummary, noise: f64, target: f64, nl: Builtin, g: f64) -> Prediction {
    let lambda_minus = summary.eigenvalues.lambda_minus;
    let fail = |e: String| Prediction {
        lambda_minus,
        optimum: None,
        error: Some(e),
    };
    if summary.eigenvalues.imag > 0.0 {
        return fail(format!(
            "the trained M has complex eigenvalues ({} +- {}i): no lambda- to predict from",
            lambda_minus, summary.eigenvalues.imag
        ));
    }
    if g > 0.0 {
        return fail("the mean-field optimum is computed for g = 0 only".into());
    }
    let noise = match NoiseLevel::new(noise) {
        Ok(s) => s,
        Err(e) => return fail(e.to_string()),
    };
    let problem = OptimumProblem {
        noise,
        nonlinearity: nl.into(),
        target,
        lambda_minus,
    };
    match problem.solve(summary.n) {
        Ok(o) => Prediction {
            lambda_minus,
            optimum: Some(o),
            error: None,
        },
        Err(e) => fail(e.to_string()),
    }
}

pub fn run(args: Args) -> anyhow::Result<()> {
    if args.threads == Some(0) {
        bail!("--threads must be at least 1 (got 0)");
    }
    if args.batch == 0 {
        bail!("--batch: 0 trials; the batch size must be at least 1");
    }
    let n = args.n.unwrap_or(256);
    if n < 2 {
        bail!("--n: N = {n} is too small; the network needs at least 2 neurons");
    }
    let noise = non_negative("--noise", &args.noise)?;
    let dt = positive("--dt", &args.dt)?;
    let target = parse::finite("--target", &args.target)?;
    let optimizer = parse_optimizer(&args.optimizer)?;
    if args.json && output::is_stdout(&args.output) {
        bail!("--json with -o -: both would go to standard output; give -o a file name");
    }
    let work = || match args.model {
        Model::Rank2 => run_rank2(&args, n, noise, dt, target, optimizer),
        Model::Linear => run_linear(&args, n, noise, dt, target, optimizer),
    };
    match args.threads {
        Some(t) => rayon::ThreadPoolBuilder::new()
            .num_threads(t)
            .build()?
            .install(work),
        None => work(),
    }
}

fn run_rank2(
    args: &Args,
    n: usize,
    noise: f64,
    dt: f64,
    target: f64,
    optimizer: OptimizerKind,
) -> anyhow::Result<()> {
    if args.fast_steps.is_some() || args.slow_steps.is_some() {
        bail!("--fast-steps/--slow-steps apply to the linear model only; use --steps for rank2");
    }
    let nl = parse_nonlinearity(&args.nonlinearity)?;
    if nl == Builtin::Identity {
        bail!("--nonlinearity: rank2 training supports erf and tanh (the linear model is 'oblique train linear')");
    }
    let m0 = parse::matrix2("--m0", &args.m0)?;
    if args.eval_batch == 0 {
        bail!("--eval-batch: 0 trials; it must be at least 1");
    }
    let mut p = RankTwoProtocol::fig13(n);
    p.steps = args.steps.unwrap_or(2000);
    p.lr = match &args.lr {
        Some(s) => positive("--lr", s)?,
        None => 0.005,
    };
    p.optimizer = optimizer;
    p.noise = noise;
    p.batch = args.batch;
    p.seed = args.seed;
    p.dt = dt;
    p.z = target;
    p.g = non_negative("--g", &args.g)?;
    p.nonlinearity = nl;
    p.m0 = Matrix2::new(m0[0][0], m0[0][1], m0[1][0], m0[1][1]);
    p.eval_batch = args.eval_batch;
    let bar = progress(p.steps as u64);
    let t0 = Instant::now();
    let run = p.run(|_| bar.inc(1))?;
    bar.finish_and_clear();
    let seconds = t0.elapsed().as_secs_f64();
    output::write_csv(&args.output, &run.records)
        .with_context(|| format!("writing {}", args.output.display()))?;
    if output::is_stdout(&args.output) {
        return Ok(()); // with -o -, standard output carries the CSV only
    }
    let s = &run.summary;
    let theory = predict(s, noise, target, nl, p.g);
    let lambda_plus_min = oblique_theory::rank_two::lambda_plus_min(nl.into(), noise_level(noise));
    let report = RankTwoReport {
        model: "rank2",
        lr: p.lr,
        noise,
        batch: p.batch,
        seed: p.seed,
        optimizer,
        summary: s,
        lambda_plus_min,
        theory,
        csv: args.output.display().to_string(),
        seconds,
    };
    if args.json {
        return output::print_json(&report);
    }
    println!(
        "trained M = [[{:.4}, {:.4}], [{:.4}, {:.4}]] after {} steps ({:.1} s, {:.2} ms/step)",
        s.m[0][0],
        s.m[0][1],
        s.m[1][0],
        s.m[1][1],
        s.steps,
        seconds,
        1e3 * seconds / s.steps.max(1) as f64
    );
    println!(
        "eigenvalues lambda+ = {:.4}, lambda- = {:.4}{} (lambda+min = {:.4})",
        s.eigenvalues.lambda_plus,
        s.eigenvalues.lambda_minus,
        if s.eigenvalues.imag > 0.0 {
            format!(" +- {:.4}i", s.eigenvalues.imag)
        } else {
            String::new()
        },
        lambda_plus_min
    );
    println!(
        "on {} fresh trials: L = {:.4}, L_bias = {:.4}, L_var = {:.4}, |kappa_bar| = {:.4}, rho = {:.4}",
        s.eval_batch, s.loss, s.l_bias, s.l_var, s.kappa_norm, s.rho
    );
    match (&report.theory.optimum, &report.theory.error) {
        (Some(o), _) => println!(
            "mean-field optimum at lambda- = {:.4}: lambda+* = {:.4}, |kappa_bar| = {:.4}, rho = {:.4}, L_var = {:.4}",
            report.theory.lambda_minus, o.lambda_plus_opt, o.kappa_norm, o.rho, o.l_var
        ),
        (None, Some(e)) => println!("no mean-field prediction: {e}"),
        _ => {}
    }
    println!("wrote {}", args.output.display());
    Ok(())
}

/// lambda+min needs a positive noise; report 1 (the noiseless threshold) for sigma = 0.
fn noise_level(noise: f64) -> NoiseLevel {
    NoiseLevel::new(noise).unwrap_or_else(|_| NoiseLevel::new(f64::MIN_POSITIVE).expect("positive"))
}

fn run_linear(
    args: &Args,
    n: usize,
    noise: f64,
    dt: f64,
    target: f64,
    optimizer: OptimizerKind,
) -> anyhow::Result<()> {
    let mut p = LinearProtocol::fig10();
    p.n = n;
    match (args.steps, args.fast_steps, args.slow_steps) {
        (Some(_), Some(_), _) | (Some(_), _, Some(_)) => {
            bail!("--steps cannot be combined with --fast-steps/--slow-steps: give either one phase (--steps) or the two-phase schedule")
        }
        (Some(s), None, None) => {
            p.fast_steps = 0;
            p.slow_steps = s;
        }
        (None, f, s) => {
            p.fast_steps = f.unwrap_or(1000);
            p.slow_steps = s.unwrap_or(5000);
        }
    }
    p.lr = match &args.lr {
        Some(s) => positive("--lr", s)?,
        None => 0.002,
    };
    p.optimizer = optimizer;
    p.noise = noise;
    p.batch = args.batch;
    p.seed = args.seed;
    p.dt = dt;
    p.z = target;
    p.rho_sqrt_n = parse::finite("--rho-sqrt-n", &args.rho_sqrt_n)?;
    if parse_nonlinearity(&args.nonlinearity)? != Builtin::Erf {
        bail!("--nonlinearity does not apply to the linear model (its phi is the identity)");
    }
    let total = p.fast_steps + p.slow_steps;
    let bar = progress(total as u64);
    let t0 = Instant::now();
    let run = p.run(|_| bar.inc(1))?;
    bar.finish_and_clear();
    let seconds = t0.elapsed().as_secs_f64();
    output::write_csv(&args.output, &run.records)
        .with_context(|| format!("writing {}", args.output.display()))?;
    if output::is_stdout(&args.output) {
        return Ok(()); // with -o -, standard output carries the CSV only
    }
    let s = &run.summary;
    let report = LinearReport {
        model: "linear",
        lr: p.lr,
        fast_steps: p.fast_steps,
        slow_steps: p.slow_steps,
        noise,
        batch: p.batch,
        seed: p.seed,
        optimizer,
        rho_sqrt_n: p.rho_sqrt_n,
        summary: s,
        csv: args.output.display().to_string(),
        seconds,
    };
    if args.json {
        return output::print_json(&report);
    }
    println!(
        "trained W ({} x {}) for {} + {} steps ({:.1} s, {:.2} ms/step)",
        n,
        n,
        p.fast_steps,
        p.slow_steps,
        seconds,
        1e3 * seconds / total.max(1) as f64
    );
    println!(
        "L = {:.4}, L_bias = {:.4}, L_var = {:.4}, |dx_bar| = {:.4}",
        s.loss, s.l_bias, s.l_var, s.dx_bar
    );
    println!(
        "W on (w_out_hat, w_in_perp): m11 = {:.4}, m12 = {:.4}, m21 = {:.4}, m22 = {:.4}",
        s.m11, s.m12, s.m21, s.m22
    );
    println!("wrote {}", args.output.display());
    Ok(())
}
