//! `oblique simulate`: simulate the full noisy rank-two network at a fixed `M` (Fig. 12
//! set-up) and compare the measured `|kappa_bar|`, `rho`, `L_var`, `L_bias` with the
//! mean-field theory (theory notes sections 3, 4 and 6). The run and the report are the
//! library's (`oblique::commands::simulate`); this file parses the flags and prints.

use crate::cli::limits;
use crate::cli::values::{self, Phi};
use nalgebra::Matrix2;
use oblique::commands::simulate::{simulate, write_text, DEFAULTS};
use oblique::io::output::print_json;
use oblique_validate::results::simulate::SimulateSpec;

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
    #[arg(long, value_parser = values::finite)]
    pub lambda_plus: Option<f64>,
    /// The other eigenvalue lambda- of M
    #[arg(long, default_value_t = DEFAULTS.lambda_minus, value_parser = values::finite)]
    pub lambda_minus: f64,
    /// Explicit M, row-major "m11,m12,m21,m22" (overrides the eigenvalues)
    #[arg(long, value_parser = values::matrix2)]
    pub m: Option<Matrix2<f64>>,
    /// Number of neurons N (at least 2)
    #[arg(long, default_value_t = DEFAULTS.n, value_parser = values::neurons)]
    pub n: usize,
    /// Noise sigma (stationary std of an unconnected unit), > 0
    #[arg(long, default_value_t = DEFAULTS.noise, value_parser = values::positive)]
    pub noise: f64,
    /// Target output z
    #[arg(long, default_value_t = DEFAULTS.target, value_parser = values::finite)]
    pub target: f64,
    /// Strength g >= 0 of the random bulk g J / sqrt(N) (dense simulation when > 0)
    #[arg(long, default_value_t = DEFAULTS.g, value_parser = values::finite)]
    pub g: f64,
    /// Nonlinearity: erf or tanh
    #[arg(long, value_enum, default_value = "erf")]
    pub nonlinearity: Phi,
    /// Number of trials (at least 2, half per fixed point)
    #[arg(long, default_value_t = DEFAULTS.batch, value_parser = values::count)]
    pub batch: usize,
    /// Simulated time
    #[arg(long, default_value_t = DEFAULTS.t_max, value_parser = values::finite)]
    pub t_max: f64,
    /// Start of the statistics window
    #[arg(long, default_value_t = DEFAULTS.t_stat, value_parser = values::finite)]
    pub t_stat: f64,
    /// Euler-Maruyama time step dt > 0 (the Euler map must be stable: dt < 2 and below the bound of the coupling)
    #[arg(long, default_value_t = DEFAULTS.dt, value_parser = values::positive)]
    pub dt: f64,
    /// Seed, 0 to 2^64 - 1 (network from `seed`, noise from `seed + 1`)
    #[arg(long, default_value_t = DEFAULTS.seed, value_parser = values::seed)]
    pub seed: u64,
    /// Worker threads, 1 to 4 x the available cores (default: all cores); results do not depend on it
    #[arg(long, value_parser = values::count)]
    pub threads: Option<usize>,
    /// Print one JSON object instead of a table
    #[arg(long)]
    pub json: bool,
}

/// The spec of the library from the arguments.
fn spec(a: &Args) -> SimulateSpec {
    SimulateSpec {
        target: a.target,
        g: a.g,
        t_max: a.t_max,
        t_stat: a.t_stat,
        lambda_minus: a.lambda_minus,
        lambda_plus: a.lambda_plus,
        m: a.m,
        n: a.n,
        noise: a.noise,
        nonlinearity: a.nonlinearity.into(),
        batch: a.batch,
        dt: a.dt,
        seed: a.seed,
    }
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
    let spec = spec(&a);
    let report = limits::with_threads(a.threads, || simulate(&spec))?;
    if a.json {
        print_json(&report)
    } else {
        Ok(write_text(&mut std::io::stdout().lock(), &report)?)
    }
}
