//! `oblique train linear`: every entry of W of a linear network on the constant-input task
//! (Fig. 10).

use super::{progress, train_error, Common};
use crate::cli::{limits, values};
use oblique::io::output;
use oblique_validate::budget::train_linear_cost;
use oblique_validate::optim::OptimizerKind;
use oblique_validate::train::protocol::{LinearProtocol, LinearRun, LinearSummary};
use std::time::Instant;

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
    c.apply(super::shared!(p));
    p.rho_sqrt_n = a.rho_sqrt_n.unwrap_or(p.rho_sqrt_n);
    p
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

pub fn run(a: Args) -> anyhow::Result<()> {
    let p = protocol(&a);
    let n = p.n;
    let (noise, optimizer) = (p.noise, p.optimizer);
    let total = p.fast_steps + p.slow_steps;
    let time_points = (p.t_max / p.dt).round() as usize + 1;
    limits::check(train_linear_cost(n, p.batch, time_points, total))?;
    let output_path = &a.common.output;
    let bar = progress(total as u64);
    let t0 = Instant::now();
    let mut records = Vec::new();
    let result = p.run_into(&mut records, |_| bar.inc(1));
    bar.finish_and_clear();
    let (summary, w) = result.map_err(|e| train_error(e, &records, output_path))?;
    let run = LinearRun {
        records,
        summary,
        w,
    };
    let seconds = t0.elapsed().as_secs_f64();
    output::write_csv(output_path, &run.records)
        .map_err(|e| anyhow::anyhow!("-o {}: {e:#}", output_path.display()))?;
    if output::is_stdout(output_path) {
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
        csv: output_path.display().to_string(),
        seconds,
    };
    if a.common.json {
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
    println!("wrote {}", output_path.display());
    Ok(())
}
