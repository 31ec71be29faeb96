//! `oblique train linear`: every entry of W of a linear network on the constant-input task
//! (Fig. 10).

use super::Common;
use crate::cli::values;
use oblique_validate::train::protocol::LinearProtocol;

/// Train every entry of W of a linear network by BPTT (Fig. 10).
///
/// Identity nonlinearity, W from 0, w_in of norm sqrt(N) with w_in . w_out =
/// --rho-sqrt-n; constant input 1, target z for t >= 15, trials of length 20. The default
/// schedule is Fig. 10's: --fast-steps at learning rate lr / N, then --slow-steps at lr.
/// --steps S instead trains S steps at lr (one phase).
///
/// CSV: one row per step, measured on that step's batch before its update; columns step,
/// lr, loss, l_bias, l_var, m11, m12, m21, m22 (W projected on w_out_hat and w_in
/// orthogonalised), dx_bar.
///
/// Divergence is an error: dt >= 2 is refused before training; a runaway state names
/// --dt, a blown-up W names --lr, and the steps done before it are written to the CSV.
///
/// Example: oblique train linear --n 256 --fast-steps 1000 --slow-steps 5000 --lr 0.002 -o run.csv
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment, after_help = defaults(), allow_negative_numbers = true)]
pub struct Args {
    #[command(flatten)]
    pub common: Common,
    /// Train this many steps at lr in one phase (instead of --fast-steps/--slow-steps)
    #[arg(long, value_parser = values::count0, conflicts_with_all = ["fast_steps", "slow_steps"])]
    pub steps: Option<usize>,
    /// Steps of the fast phase at learning rate lr / N
    #[arg(long, value_parser = values::count0)]
    pub fast_steps: Option<usize>,
    /// Steps of the slow phase at learning rate lr
    #[arg(long, value_parser = values::count0)]
    pub slow_steps: Option<usize>,
    /// rho sqrt(N), the scaled correlation of w_in and w_out (|rho sqrt(N)| <= sqrt(N))
    #[arg(long, value_parser = values::finite)]
    pub rho_sqrt_n: Option<f64>,
}

/// The defaults, read from the preset `LinearProtocol::fig10()`.
fn defaults() -> String {
    let p = LinearProtocol::fig10();
    format!(
        "Defaults (the Fig. 10 preset): --n {} --fast-steps {} --slow-steps {} --lr {} --noise {} --batch {} --seed {} --optimizer {} --target {} --dt {} --rho-sqrt-n {}",
        p.n, p.fast_steps, p.slow_steps, p.lr, p.noise, p.batch, p.seed, format!("{:?}", p.optimizer).to_lowercase(), p.z, p.dt,
        p.rho_sqrt_n
    )
}

/// The preset with every given flag applied.
fn protocol(a: &Args) -> LinearProtocol {
    let c = &a.common;
    let mut p = LinearProtocol::fig10();
    p.n = c.n.unwrap_or(p.n);
    if let Some(s) = a.steps {
        p.fast_steps = 0;
        p.slow_steps = s;
    } else {
        p.fast_steps = a.fast_steps.unwrap_or(p.fast_steps);
        p.slow_steps = a.slow_steps.unwrap_or(p.slow_steps);
    }
    c.overrides().linear(&mut p);
    p.rho_sqrt_n = a.rho_sqrt_n.unwrap_or(p.rho_sqrt_n);
    p
}

pub fn run(a: Args) -> anyhow::Result<()> {
    let report = oblique::commands::train::linear(&protocol(&a), &a.common.output)?;
    super::print(&a.common, &report, |w| report.write_text(w))
}
