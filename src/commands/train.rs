//! `oblique train rank2|linear`: train the noisy RNN by backpropagation through time from a
//! protocol preset, write the trajectory CSV and report the end state (with, for rank-two
//! training, the mean-field prediction at the trained lambda-).

use crate::io::output;
use oblique_validate::budget::{train_linear_cost, train_rank2_cost, Machine};
use oblique_validate::optim::OptimizerKind;
use oblique_validate::results::rank2::{
    predict_trained, trained_lambda_plus_min, TrainedPrediction,
};
use oblique_validate::train::protocol::{
    LinearProtocol, LinearSummary, RankTwoProtocol, RankTwoSummary,
};
use oblique_validate::train::TrainError;
use std::io::{self, Write};
use std::path::Path;
use std::time::Instant;

/// The flags that override either preset's shared fields (`None`: the preset's value).
#[derive(Debug, Clone, Copy, Default)]
pub struct Overrides {
    /// learning rate
    pub lr: Option<f64>,
    /// optimiser
    pub optimizer: Option<OptimizerKind>,
    /// noise sigma
    pub noise: Option<f64>,
    /// trials per step
    pub batch: Option<usize>,
    /// seed
    pub seed: Option<u64>,
    /// Euler step
    pub dt: Option<f64>,
    /// target z
    pub z: Option<f64>,
}

/// Sets every given field of `$o` on the protocol `$p` (`RankTwoProtocol` and
/// `LinearProtocol` name them alike).
macro_rules! apply {
    ($o:expr, $p:expr, $($f:ident),*) => {
        $( $p.$f = $o.$f.unwrap_or($p.$f); )*
    };
}

impl Overrides {
    /// The rank-two preset with the given fields replaced.
    pub fn rank2(&self, p: &mut RankTwoProtocol) {
        apply!(self, p, lr, optimizer, noise, batch, seed, dt, z);
    }

    /// The linear preset with the given fields replaced.
    pub fn linear(&self, p: &mut LinearProtocol) {
        apply!(self, p, lr, optimizer, noise, batch, seed, dt, z);
    }
}

/// A training error, with the flag to change: `--dt` for an unstable Euler map, `--lr`
/// for a blown-up learning step. When steps were recorded before a divergence, they are
/// written to `output` and the message says so.
fn train_error<T: serde::Serialize>(e: TrainError, records: &[T], output: &Path) -> anyhow::Error {
    let flag = match &e {
        TrainError::StateDiverged { .. }
        | TrainError::Network(
            oblique_validate::ValidateError::BadDt(_)
            | oblique_validate::ValidateError::EulerUnstable { .. },
        ) => "--dt: ",
        TrainError::Diverged { .. } | TrainError::BadLearningRate(_) => "--lr: ",
        _ => "",
    };
    let diverged = matches!(
        e,
        TrainError::StateDiverged { .. } | TrainError::Diverged { .. }
    );
    if diverged && !records.is_empty() {
        let kept = match output::write_csv(output, records) {
            Ok(()) => format!(
                " (the {} steps before it were written to {})",
                records.len(),
                output.display()
            ),
            Err(w) => format!(
                " (writing the steps before it to {} failed: {w:#})",
                output.display()
            ),
        };
        return anyhow::anyhow!("{flag}{e}{kept}");
    }
    anyhow::anyhow!("{flag}{e}")
}

/// Writes the trajectory CSV, naming `-o` in the error.
fn write_records<T: serde::Serialize>(path: &Path, records: &[T]) -> anyhow::Result<()> {
    output::write_csv(path, records).map_err(|e| anyhow::anyhow!("-o {}: {e:#}", path.display()))
}

/// The summary of `oblique train rank2` (its `--json` object).
#[derive(Debug, serde::Serialize)]
pub struct RankTwoReport {
    model: &'static str,
    lr: f64,
    noise: f64,
    batch: usize,
    seed: u64,
    optimizer: OptimizerKind,
    #[serde(flatten)]
    summary: RankTwoSummary,
    lambda_plus_min: f64,
    theory: TrainedPrediction,
    csv: String,
    seconds: f64,
}

/// Trains `p` (after its resource check, with a progress bar), writes the CSV to `output`
/// and predicts the mean-field optimum at the trained lambda-.
pub fn rank2(p: &RankTwoProtocol, output: &Path) -> anyhow::Result<RankTwoReport> {
    let time_points = ((p.t_max / p.dt).round() as usize).saturating_add(1);
    let cost = train_rank2_cost(p.n, p.batch, p.eval_batch, time_points, p.steps, p.g > 0.0);
    cost.check(&Machine::detect())?;
    let bar = crate::io::progress::bar(p.steps as u64, "training");
    let t0 = Instant::now();
    let mut records = Vec::new();
    let result = p.run_into(&mut records, |_| bar.inc(1));
    bar.finish_and_clear();
    let summary = result.map_err(|e| train_error(e, &records, output))?;
    let seconds = t0.elapsed().as_secs_f64();
    write_records(output, &records)?;
    let theory = predict_trained(&summary, p.noise, p.z, p.nonlinearity, p.g);
    Ok(RankTwoReport {
        model: "rank2",
        lr: p.lr,
        noise: p.noise,
        batch: p.batch,
        seed: p.seed,
        optimizer: p.optimizer,
        summary,
        lambda_plus_min: trained_lambda_plus_min(p.nonlinearity, p.noise),
        theory,
        csv: output.display().to_string(),
        seconds,
    })
}

impl RankTwoReport {
    /// The text of `oblique train rank2`.
    pub fn write_text(&self, w: &mut dyn Write) -> io::Result<()> {
        let (s, seconds) = (&self.summary, self.seconds);
        writeln!(
            w,
            "trained M = [[{:.4}, {:.4}], [{:.4}, {:.4}]] after {} steps ({:.1} s, {:.2} ms/step)",
            s.m[0][0],
            s.m[0][1],
            s.m[1][0],
            s.m[1][1],
            s.steps,
            seconds,
            1e3 * seconds / s.steps.max(1) as f64
        )?;
        let ev = &s.eigenvalues;
        let imag = match ev.imag > 0.0 {
            true => format!(" +- {:.4}i", ev.imag),
            false => String::new(),
        };
        writeln!(
            w,
            "eigenvalues lambda+ = {:.4}, lambda- = {:.4}{imag} (lambda+min = {:.4})",
            ev.lambda_plus, ev.lambda_minus, self.lambda_plus_min
        )?;
        writeln!(
            w,
            "on {} fresh trials: L = {:.4}, L_bias = {:.4}, L_var = {:.4}, |kappa_bar| = {:.4}, rho = {:.4}",
            s.eval_batch, s.loss, s.l_bias, s.l_var, s.kappa_norm, s.rho
        )?;
        match (&self.theory.optimum, &self.theory.error) {
            (Some(o), _) => writeln!(
                w,
                "mean-field optimum at lambda- = {:.4}: lambda+* = {:.4}, |kappa_bar| = {:.4}, rho = {:.4}, L_var = {:.4}",
                self.theory.lambda_minus, o.lambda_plus_opt, o.kappa_norm, o.rho, o.l_var
            )?,
            (None, Some(e)) => writeln!(w, "no mean-field prediction: {e}")?,
            _ => {}
        }
        writeln!(w, "wrote {}", self.csv)
    }
}

/// The summary of `oblique train linear` (its `--json` object).
#[derive(Debug, serde::Serialize)]
pub struct LinearReport {
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
    summary: LinearSummary,
    csv: String,
    seconds: f64,
    #[serde(skip)]
    n: usize,
}

/// Trains `p` (after its resource check, with a progress bar) and writes the CSV to `output`.
pub fn linear(p: &LinearProtocol, output: &Path) -> anyhow::Result<LinearReport> {
    let total = p.fast_steps + p.slow_steps;
    let time_points = ((p.t_max / p.dt).round() as usize).saturating_add(1);
    train_linear_cost(p.n, p.batch, time_points, total).check(&Machine::detect())?;
    let bar = crate::io::progress::bar(total as u64, "training");
    let t0 = Instant::now();
    let mut records = Vec::new();
    let result = p.run_into(&mut records, |_| bar.inc(1));
    bar.finish_and_clear();
    let (summary, _w) = result.map_err(|e| train_error(e, &records, output))?;
    let seconds = t0.elapsed().as_secs_f64();
    write_records(output, &records)?;
    Ok(LinearReport {
        model: "linear",
        lr: p.lr,
        fast_steps: p.fast_steps,
        slow_steps: p.slow_steps,
        noise: p.noise,
        batch: p.batch,
        seed: p.seed,
        optimizer: p.optimizer,
        rho_sqrt_n: p.rho_sqrt_n,
        summary,
        csv: output.display().to_string(),
        seconds,
        n: p.n,
    })
}

impl LinearReport {
    /// The text of `oblique train linear`.
    pub fn write_text(&self, w: &mut dyn Write) -> io::Result<()> {
        let (s, seconds) = (&self.summary, self.seconds);
        let total = self.fast_steps + self.slow_steps;
        writeln!(
            w,
            "trained W ({} x {}) for {} + {} steps ({:.1} s, {:.2} ms/step)",
            self.n,
            self.n,
            self.fast_steps,
            self.slow_steps,
            seconds,
            1e3 * seconds / total.max(1) as f64
        )?;
        writeln!(
            w,
            "L = {:.4}, L_bias = {:.4}, L_var = {:.4}, |dx_bar| = {:.4}",
            s.loss, s.l_bias, s.l_var, s.dx_bar
        )?;
        writeln!(
            w,
            "W on (w_out_hat, w_in_perp): m11 = {:.4}, m12 = {:.4}, m21 = {:.4}, m22 = {:.4}",
            s.m11, s.m12, s.m21, s.m22
        )?;
        writeln!(w, "wrote {}", self.csv)
    }
}
