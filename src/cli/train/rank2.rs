//! `oblique train rank2`: only M of a rank-two network on the pulse task (Fig. 13, 28).

use super::Common;
use crate::cli::values::{self, TrainedPhi};
use nalgebra::Matrix2;
use oblique_validate::train::protocol::RankTwoProtocol;

/// Train only the 2x2 M of W = U M U^T / N by BPTT (Fig. 13, 28).
///
/// Erf network, W = U M U^T / N (+ g J / sqrt(N)), M trained from --m0 (zero by default)
/// on the pulse task: +-1/dt along w_in at the first step, target +-z at t = 2, 3, ...,
/// 10, Euler-Maruyama with step dt. Fig. 28 is --noise 0.2 --lr 0.01 --steps 5000. The
/// summary evaluates the trained M on --eval-batch fresh trials and adds the mean-field
/// prediction at the trained lambda- (the minimum of L_var over lambda+, Fig. 13D-F)
/// under "theory".
///
/// CSV: one row per step, measured on that step's batch before its update; columns step,
/// loss, l_bias, l_var, m11, m12, m21, m22, lambda_plus, lambda_minus, eig_imag,
/// kappa_norm, rho.
///
/// Divergence is an error: dt >= 2 is refused before training (the part of the state
/// orthogonal to U would grow as (1 - dt)^k); a runaway state names --dt, a blown-up M
/// names --lr, and the steps done before it are written to the CSV.
///
/// Example: oblique train rank2 --n 1024 --steps 2000 --lr 0.005 --noise 1 --batch 32 --seed 1 -o run.csv --json
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment, after_help = defaults(), allow_negative_numbers = true)]
pub struct Args {
    #[command(flatten)]
    pub common: Common,
    /// Gradient steps
    #[arg(long, value_parser = values::count0)]
    pub steps: Option<usize>,
    /// Nonlinearity
    #[arg(long, value_enum)]
    pub nonlinearity: Option<TrainedPhi>,
    /// Strength g >= 0 of a fixed random bulk g J / sqrt(N) (0 in the paper)
    #[arg(long, value_parser = values::non_negative)]
    pub g: Option<f64>,
    /// Initial M as m11,m12,m21,m22
    #[arg(long, value_parser = values::matrix2)]
    pub m0: Option<Matrix2<f64>>,
    /// Fresh trials for the final evaluation (>= 1)
    #[arg(long, value_parser = values::count)]
    pub eval_batch: Option<usize>,
}

/// The defaults, read from the preset `RankTwoProtocol::fig13(256)`.
fn defaults() -> String {
    let p = RankTwoProtocol::fig13(256);
    format!(
        "Defaults (the Fig. 13 preset): --n {} --steps {} --lr {} --noise {} --batch {} --seed {} --optimizer {} --target {} --dt {} --nonlinearity {} --g {} --m0 {},{},{},{} --eval-batch {}",
        p.n, p.steps, p.lr, p.noise, p.batch, p.seed, format!("{:?}", p.optimizer).to_lowercase(), p.z, p.dt,
        p.nonlinearity.get().name(), p.g, p.m0[(0, 0)], p.m0[(0, 1)], p.m0[(1, 0)], p.m0[(1, 1)],
        p.eval_batch
    )
}

/// The preset with every given flag applied.
fn protocol(a: &Args) -> RankTwoProtocol {
    let c = &a.common;
    let mut p = RankTwoProtocol::fig13(c.n.unwrap_or(RankTwoProtocol::fig13(256).n));
    p.steps = a.steps.unwrap_or(p.steps);
    c.overrides().rank2(&mut p);
    p.g = a.g.unwrap_or(p.g);
    p.nonlinearity = a.nonlinearity.map_or(p.nonlinearity, Into::into);
    p.m0 = a.m0.unwrap_or(p.m0);
    p.eval_batch = a.eval_batch.unwrap_or(p.eval_batch);
    p
}

pub fn run(a: Args) -> anyhow::Result<()> {
    let report = oblique::commands::train::rank2(&protocol(&a), &a.common.output)?;
    super::print(&a.common, &report, |w| report.write_text(w))
}
