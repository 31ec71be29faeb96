//! `oblique simulate`: simulate the full noisy rank-two network at a fixed `M` (Fig. 12
//! set-up) and compare the measured `|kappa_bar|`, `rho`, `L_var`, `L_bias` with the
//! mean-field theory (theory notes sections 3, 4 and 6). The set-up checks, the theory and
//! the report are the library's (`oblique_validate::results::simulate`); this file parses
//! the flags and prints.

use crate::cli::{limits, values};
use nalgebra::Matrix2;
use oblique::io::output::print_json;
use oblique::io::parse;
use oblique_theory::nonlinearity::Builtin;
use oblique_validate::budget::simulate_cost;
use oblique_validate::measure::{FixedMExperiment, FixedMResult};
use oblique_validate::network::{ValidateError, DEFAULT_DT};
use oblique_validate::results::simulate::{predict, SimulateReport, SimulateSpec};
use oblique_validate::results::Naming;

/// Simulate the full noisy RNN at a fixed coefficient matrix M and compare with the theory.
///
/// The network is W = U M U^T / N + g J / sqrt(N) (theory notes section 1). By default M is
/// symmetric with eigenvalues lambda+ and lambda- at the bias-zero angle rho = z /
/// (sqrt(N) |kappa_bar|) (Eq. 52), as in Fig. 12; `--m` gives any M instead. Half the
/// trials start at +kappa_bar (target +z), half at -kappa_bar (target -z); the statistics
/// use every time point after --t-stat.
///
/// Measured and predicted: |kappa_bar| (kappa_norm), rho, L_var and L_bias. The main
/// comparison is the theory of what is simulated: the stationary statistics of the
/// Euler-Maruyama map at the simulated dt with the finite-N terms (theory notes section
/// 8; JSON "theory_euler"); the continuous-time mean-field theory (JSON "theory") is shown
/// beside it, labelled "continuous". At dt = 0.2 they differ by a factor ~1.8 in L_var.
///
/// A dt at which the Euler map is unstable (dt >= 2, or beyond 2 / |gamma| for the
/// latent Jacobian eigenvalue gamma) is refused before the run, naming --dt; a run whose
/// state still runs away is an error, never a result.
#[derive(clap::Args, Debug)]
#[command(allow_negative_numbers = true, args_conflicts_with_subcommands = true)]
pub struct Args {
    /// `simulate task`: re-run a trained task network instead.
    #[command(subcommand)]
    pub task: Option<Subject>,
    /// Eigenvalue lambda+ of M carrying the fixed point (needed unless --m is given)
    #[arg(long, allow_hyphen_values = true)]
    pub lambda_plus: Option<String>,
    /// The other eigenvalue lambda- of M
    #[arg(long, allow_hyphen_values = true, default_value = "-5")]
    pub lambda_minus: String,
    /// Explicit M, row-major "m11,m12,m21,m22" (overrides the eigenvalues)
    #[arg(long, allow_hyphen_values = true)]
    pub m: Option<String>,
    /// Number of neurons N (at least 2)
    #[arg(long, default_value_t = 256, value_parser = values::neurons)]
    pub n: usize,
    /// Noise sigma (stationary std of an unconnected unit), > 0
    #[arg(long, default_value = "1", value_parser = values::positive)]
    pub noise: f64,
    /// Target output z
    #[arg(long, default_value = "1", allow_hyphen_values = true)]
    pub target: String,
    /// Strength g >= 0 of the random bulk g J / sqrt(N) (dense simulation when > 0)
    #[arg(long, default_value = "0")]
    pub g: String,
    /// Nonlinearity: erf or tanh
    #[arg(long, default_value = "erf")]
    pub nonlinearity: String,
    /// Number of trials (at least 2, half per fixed point)
    #[arg(long, default_value_t = 256, value_parser = values::count)]
    pub batch: usize,
    /// Simulated time
    #[arg(long, default_value = "100")]
    pub t_max: String,
    /// Start of the statistics window
    #[arg(long, default_value = "20")]
    pub t_stat: String,
    /// Euler-Maruyama time step dt > 0 (the Euler map must be stable: dt < 2 and below the bound of the coupling)
    #[arg(long, default_value_t = DEFAULT_DT, value_parser = values::positive)]
    pub dt: f64,
    /// Seed, 0 to 2^64 - 1 (network from `seed`, noise from `seed + 1`)
    #[arg(long, default_value_t = 1, value_parser = values::seed)]
    pub seed: u64,
    /// Worker threads, 1 to 4 x the available cores (default: all cores); results do not depend on it
    #[arg(long, value_parser = values::count)]
    pub threads: Option<usize>,
    /// Print one JSON object instead of a table
    #[arg(long)]
    pub json: bool,
}

/// The spec of the library from the arguments (strings parsed, flags named).
fn spec(a: &Args) -> anyhow::Result<SimulateSpec> {
    let nonlinearity: Builtin = a
        .nonlinearity
        .parse()
        .map_err(|e: String| anyhow::anyhow!("--nonlinearity: {e}"))?;
    let m = match &a.m {
        Some(text) => {
            let r = parse::matrix2("--m", text)?;
            Some(Matrix2::new(r[0][0], r[0][1], r[1][0], r[1][1]))
        }
        None => None,
    };
    let lambda_plus = (a.lambda_plus.as_deref())
        .map(|t| parse::finite("--lambda-plus", t))
        .transpose()?;
    Ok(SimulateSpec {
        target: parse::finite("--target", &a.target)?,
        g: parse::finite("--g", &a.g)?,
        t_max: parse::finite("--t-max", &a.t_max)?,
        t_stat: parse::finite("--t-stat", &a.t_stat)?,
        lambda_minus: parse::finite("--lambda-minus", &a.lambda_minus)?,
        lambda_plus,
        m,
        n: a.n,
        noise: a.noise,
        nonlinearity,
        batch: a.batch,
        dt: a.dt,
        seed: a.seed,
    })
}

fn run_with_bar(exp: &FixedMExperiment) -> anyhow::Result<FixedMResult> {
    let total = (exp.batch * exp.steps()) as u64;
    let pb = oblique::io::progress::bar(total, "simulating (trial steps)");
    let res = exp.run_with_progress(&|k| pb.inc(k));
    pb.finish_and_clear();
    res.map_err(|e| match e {
        ValidateError::EulerUnstable { .. } | ValidateError::Diverged(_) => {
            anyhow::anyhow!("--dt: {e}")
        }
        e => e.into(),
    })
}

/// What else `simulate` can run.
#[derive(clap::Subcommand, Debug)]
pub enum Subject {
    #[command(
        about = "Re-run a trained task network (written by `oblique train task`) on its evaluation batch"
    )]
    Task(crate::cli::simulate_task::Args),
}

pub fn run(mut a: Args) -> anyhow::Result<()> {
    if let Some(Subject::Task(t)) = a.task.take() {
        return crate::cli::simulate_task::run(t);
    }
    let (exp, m_explicit, eig) = spec(&a)?.experiment(Naming::Cli)?;
    limits::check(simulate_cost(
        exp.params.n,
        exp.batch,
        exp.steps(),
        exp.params.g > 0.0,
    ))?;
    let pred =
        predict(m_explicit, eig, &exp.params, exp.z, Naming::Cli).map_err(anyhow::Error::msg)?;
    let res = limits::with_threads(a.threads, || run_with_bar(&exp))?;
    let report = SimulateReport::new(&exp, &res, pred, a.seed);
    if a.json {
        return print_json(&report);
    }
    let s = &report.setup;
    println!(
        "N = {}, M = [[{:.4}, {:.4}], [{:.4}, {:.4}]] (eigenvalues {:.4}, {:.4}), g = {}, sigma = {}, z = {}, {}",
        s.n, s.m[0][0], s.m[0][1], s.m[1][0], s.m[1][1], s.eigenvalues.re[0], s.eigenvalues.re[1],
        s.g, s.noise, s.target, s.nonlinearity
    );
    println!(
        "batch {}, t_max {}, statistics after t = {} ({} time points), dt {}, seed {}",
        s.batch, s.t_max, s.t_stat, s.window_points, s.dt, s.seed
    );
    let dt_label = format!("theory dt={}", s.dt);
    println!(
        "{:<12} {:>12} {:>14} {:>12}",
        "quantity", "simulation", dt_label, "continuous"
    );
    let fmt = |v: Option<f64>| v.map_or("-".to_string(), |v| format!("{v:.5}"));
    let (t, e) = (report.theory, report.theory_euler);
    for (name, sim, th, eu) in [
        (
            "|kappa_bar|",
            report.kappa_norm,
            t.map(|t| t.kappa_norm),
            e.map(|t| t.kappa_norm),
        ),
        ("rho", report.rho, t.map(|t| t.rho), e.map(|t| t.rho)),
        (
            "L_var",
            report.l_var,
            t.and_then(|t| t.l_var),
            e.and_then(|t| t.l_var),
        ),
        (
            "L_bias",
            report.l_bias,
            t.and_then(|t| t.l_bias),
            e.and_then(|t| t.l_bias),
        ),
    ] {
        println!("{name:<12} {sim:>12.5} {:>14} {:>12}", fmt(eu), fmt(th));
    }
    println!("theory dt={}: the Euler-Maruyama map the simulation integrates, with the finite-N terms (notes section 8); continuous: the continuous-time mean-field theory", s.dt);
    if let Some(note) = &report.theory_note {
        println!("note: {note}");
    }
    Ok(())
}
