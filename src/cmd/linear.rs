//! `oblique linear`: closed-form two-phase learning curves of a noisy linear RNN against the
//! integrated exact gradient flow (theory notes, section 5; Fig. 10).

use crate::figures::linear::{LinearFigure, Overlay};
use crate::figures::style::save_png_svg;
use crate::output::{print_json, write_csv};
use anyhow::{bail, Context};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use nalgebra::Matrix2;
use oblique_theory::linear::{
    closed_form, integrate_flow, FlowOptions, FlowSpace, LearningCurves, LinearError, LinearTask,
    RankTwoBasis, Schedule, TimeModel, TwoPhaseCurves,
};
use std::path::PathBuf;

/// Long help of `oblique linear` (shown after the options by `--help` and `-h`).
const DETAILS: &str = "\
Predict how a noisy linear RNN with large output weights learns a constant target
(Fig. 10 of Schuessler et al. 2024; theory notes, section 5).

The network `dx/dt = -x + W x + w_in + sqrt(2) sigma xi` starts at W = 0, with input
weights of norm sqrt(N), output weights of norm 1 and w_in . w_out = rho sqrt(N). W is
trained by gradient descent on L = L_bias + L_var (the expected mean squared error):
first FAST-STEPS steps at learning rate LR/N (the bias is learned), then SLOW-STEPS
steps at LR (a negative feedback M11 < 0 slowly suppresses the output noise).

Two predictions are computed and shown side by side:

  theory: the closed-form two-phase solution of section 5 (dashed in the plot);

  flow:   the gradient flow dW/dtau = -eta grad L on the exact expected loss (Lyapunov
          equations, Eqs. 21-24), integrated with an adaptive Dormand-Prince 4(5) step.
          By default it is integrated in the rank-two subspace span(w_out, w_in)
          (`--space rank-two`, 2x2 Lyapunov solves, exact for W0 in that subspace);
          `--space full` integrates all N^2 entries of W with the N x N solver (O(N^3)
          per step, for checks at small N).

M holds the coefficients of W in the orthonormal basis (w_out_hat, w_in orthogonalised);
|dx_bar| is the change of the mean state from its value before learning. The closed
form and the flow agree to O(1/N); in the slow phase the closed form holds while
eta * tau << N (beyond, the flow drives M22 towards 1 and |dx_bar| grows: see
theory/notes/linear.md, section 8).

Output: a compact table (default); `--json` prints one object
{\"fast\": {...}, \"slow\": {...}, \"flow\": {...}}. \"fast\" and \"slow\" are the closed form per
phase; \"flow\" is the integrated flow over both phases, flattened: its arrays are the
fast-phase samples followed by the slow-phase samples, and the extra array \"phase\"
(\"fast\" or \"slow\") says which; tau counts the steps within its phase, from 0, and the
flow is sampled at the same tau as the closed form. Every object holds equal-length
arrays tau, l, l_bias, l_var, m11, m12, m21, m22, dx_norm. `-o FILE.csv` writes the same
side by side (columns <quantity>_theory and <quantity>_flow); `--plot FILE.png` draws the
Fig. 10 layout (PNG and SVG).";

/// Arguments of `oblique linear`; see [`DETAILS`] for the full description.
#[derive(clap::Args, Debug)]
#[command(after_help = DETAILS)]
pub struct Args {
    /// Network size N (whole number >= 2)
    #[arg(long, default_value = "256", value_name = "N")]
    pub n: String,
    /// Input-output overlap rho sqrt(N) = w_in . w_out (|rho sqrt(N)| < sqrt(N))
    #[arg(
        long,
        default_value = "-0.5",
        allow_hyphen_values = true,
        value_name = "R"
    )]
    pub rho_sqrt_n: String,
    /// Noise amplitude sigma > 0 (stationary variance of an unconnected unit: sigma^2)
    #[arg(
        long,
        default_value = "1",
        allow_hyphen_values = true,
        value_name = "SIGMA"
    )]
    pub noise: String,
    /// Target output z
    #[arg(
        long,
        default_value = "1",
        allow_hyphen_values = true,
        value_name = "Z"
    )]
    pub target: String,
    /// Base learning rate eta > 0 (fast phase at eta/N, slow phase at eta)
    #[arg(
        long,
        default_value = "0.002",
        allow_hyphen_values = true,
        value_name = "ETA"
    )]
    pub lr: String,
    /// Gradient steps of the fast (bias) phase, a whole number >= 0
    #[arg(
        long,
        default_value = "1000",
        allow_hyphen_values = true,
        value_name = "STEPS"
    )]
    pub fast_steps: String,
    /// Gradient steps of the slow (variance) phase, a whole number >= 0
    #[arg(
        long,
        default_value = "5000",
        allow_hyphen_values = true,
        value_name = "STEPS"
    )]
    pub slow_steps: String,
    /// Sampled learning times per phase (>= 2)
    #[arg(long, default_value = "201", value_name = "K")]
    pub samples: String,
    /// Initial coefficients M0 = m11,m12,m21,m22 of W0 = U M0 U^T for the flow (the closed
    /// form assumes 0); every eigenvalue of M0 must have real part below 1
    #[arg(
        long,
        default_value = "0,0,0,0",
        allow_hyphen_values = true,
        value_name = "M"
    )]
    pub m0: String,
    /// State space of the flow: rank-two (2x2, exact from W0 = U M0 U^T) or full (N x N)
    #[arg(long, default_value = "rank-two", value_parser = ["rank-two", "full"])]
    pub space: String,
    /// Relative tolerance of the adaptive integrator
    #[arg(long, default_value = "1e-9", value_name = "TOL")]
    pub rtol: String,
    /// Let the flow follow the exact loss of the Euler-Maruyama map that a simulation with
    /// this step integrates (Stein equations, theory/notes/linear.md section 10) instead of
    /// the continuous-time loss; the closed form stays continuous
    #[arg(long, allow_hyphen_values = true, value_name = "DT")]
    pub dt: Option<String>,
    /// Print one JSON object {"fast", "slow", "flow"} instead of the table
    #[arg(long)]
    pub json: bool,
    /// Write the curves side by side as CSV
    #[arg(short = 'o', long = "output", value_name = "FILE.csv")]
    pub output: Option<PathBuf>,
    /// Draw the Fig. 10 layout (theory dashed, flow solid) to FILE.png and FILE.svg
    #[arg(long, value_name = "FILE.png")]
    pub plot: Option<PathBuf>,
}

/// A whole number >= 0 given as text ("1000", "1e3" and "1000.0" are accepted).
pub fn whole_number(name: &str, text: &str) -> anyhow::Result<u64> {
    let t = text.trim();
    if let Ok(v) = t.parse::<u64>() {
        return Ok(v);
    }
    match t.parse::<f64>() {
        Ok(v) if v.is_finite() && v < 0.0 => {
            bail!("{name}: '{text}' is negative; it must be a whole number >= 0")
        }
        Ok(v) if v.is_finite() && v.fract() == 0.0 && v <= 9.0e15 => Ok(v as u64),
        _ => bail!("{name}: '{text}' is not a whole number"),
    }
}

/// Prefixes a library error with the command-line flag it concerns.
fn flag_error(e: LinearError) -> anyhow::Error {
    let flag = match &e {
        LinearError::SizeTooSmall { .. } => Some("--n"),
        LinearError::Correlation { .. } => Some("--rho-sqrt-n"),
        LinearError::Noise { .. } => Some("--noise"),
        LinearError::LearningRate { .. } => Some("--lr"),
        LinearError::NotFinite { .. } => Some("--target"),
        LinearError::Unstable { .. } => Some("--m0"),
        LinearError::Samples { .. } => Some("--samples"),
        _ => None,
    };
    match flag {
        Some(f) => anyhow::anyhow!("{f}: {e}"),
        None => anyhow::Error::new(e),
    }
}

/// The parsed, validated inputs.
struct Inputs {
    task: LinearTask,
    schedule: Schedule,
    options: FlowOptions,
}

fn parse(args: &Args) -> anyhow::Result<Inputs> {
    use crate::parse::{finite, matrix2};
    let n = whole_number("--n", &args.n)?;
    let task = LinearTask {
        n: usize::try_from(n).context("--n: too large")?,
        rho_sqrt_n: finite("--rho-sqrt-n", &args.rho_sqrt_n)?,
        sigma: finite("--noise", &args.noise)?,
        target: finite("--target", &args.target)?,
    };
    let schedule = Schedule {
        lr: finite("--lr", &args.lr)?,
        fast_steps: whole_number("--fast-steps", &args.fast_steps)?,
        slow_steps: whole_number("--slow-steps", &args.slow_steps)?,
        samples: whole_number("--samples", &args.samples)? as usize,
    };
    task.validate().map_err(flag_error)?;
    schedule.validate().map_err(flag_error)?;
    let m = matrix2("--m0", &args.m0)?;
    let m0 = Matrix2::new(m[0][0], m[0][1], m[1][0], m[1][1]);
    // Stability of W0 - I, checked here so the error names --m0.
    task.subspace_network(m0)
        .loss(task.target)
        .map_err(flag_error)?;
    let rtol = finite("--rtol", &args.rtol)?;
    if !(rtol > 0.0 && rtol < 1.0) {
        bail!("--rtol: {rtol} must lie strictly between 0 and 1");
    }
    let space = match args.space.as_str() {
        "full" => FlowSpace::Full(RankTwoBasis::standard(task.n)),
        _ => FlowSpace::RankTwo,
    };
    let mut options = FlowOptions {
        space,
        m0,
        ..FlowOptions::default()
    };
    options.ode.rtol = rtol;
    options.ode.atol = rtol * 1e-3;
    if let Some(dt) = &args.dt {
        let dt = finite("--dt", dt)?;
        options.time = TimeModel::Euler { dt };
        options
            .time
            .validate()
            .map_err(|e| anyhow::anyhow!("--dt: {e}"))?;
        task.subspace_network(m0)
            .loss_in(task.target, options.time)
            .map_err(|e| anyhow::anyhow!("--dt: {e}"))?;
    }
    Ok(Inputs {
        task,
        schedule,
        options,
    })
}

/// `--json` layout of the flow: both phases flattened, with a `phase` column.
#[derive(serde::Serialize)]
struct FlowJson {
    phase: Vec<&'static str>,
    #[serde(flatten)]
    curves: LearningCurves,
}

#[derive(serde::Serialize)]
struct JsonOut<'a> {
    fast: &'a LearningCurves,
    slow: &'a LearningCurves,
    flow: FlowJson,
}

fn flatten(flow: &TwoPhaseCurves) -> FlowJson {
    let mut curves = flow.fast.clone();
    let mut phase = vec!["fast"; flow.fast.len()];
    let s = &flow.slow;
    for (dst, src) in [
        (&mut curves.tau, &s.tau),
        (&mut curves.l, &s.l),
        (&mut curves.l_bias, &s.l_bias),
        (&mut curves.l_var, &s.l_var),
        (&mut curves.m11, &s.m11),
        (&mut curves.m12, &s.m12),
        (&mut curves.m21, &s.m21),
        (&mut curves.m22, &s.m22),
        (&mut curves.dx_norm, &s.dx_norm),
    ] {
        dst.extend_from_slice(src);
    }
    phase.extend(std::iter::repeat_n("slow", s.len()));
    FlowJson { phase, curves }
}

/// One CSV row: theory and flow side by side.
#[derive(serde::Serialize)]
struct CsvRow {
    phase: &'static str,
    tau: f64,
    l_theory: f64,
    l_flow: f64,
    l_bias_theory: f64,
    l_bias_flow: f64,
    l_var_theory: f64,
    l_var_flow: f64,
    m11_theory: f64,
    m11_flow: f64,
    m12_theory: f64,
    m12_flow: f64,
    m21_theory: f64,
    m21_flow: f64,
    m22_theory: f64,
    m22_flow: f64,
    dx_norm_theory: f64,
    dx_norm_flow: f64,
}

fn csv_rows(theory: &TwoPhaseCurves, flow: &TwoPhaseCurves) -> Vec<CsvRow> {
    let mut rows = Vec::new();
    for (phase, t, f) in [
        ("fast", &theory.fast, &flow.fast),
        ("slow", &theory.slow, &flow.slow),
    ] {
        for i in 0..t.len().min(f.len()) {
            rows.push(CsvRow {
                phase,
                tau: t.tau[i],
                l_theory: t.l[i],
                l_flow: f.l[i],
                l_bias_theory: t.l_bias[i],
                l_bias_flow: f.l_bias[i],
                l_var_theory: t.l_var[i],
                l_var_flow: f.l_var[i],
                m11_theory: t.m11[i],
                m11_flow: f.m11[i],
                m12_theory: t.m12[i],
                m12_flow: f.m12[i],
                m21_theory: t.m21[i],
                m21_flow: f.m21[i],
                m22_theory: t.m22[i],
                m22_flow: f.m22[i],
                dx_norm_theory: t.dx_norm[i],
                dx_norm_flow: f.dx_norm[i],
            });
        }
    }
    rows
}

fn print_table(inputs: &Inputs, theory: &TwoPhaseCurves, flow: &TwoPhaseCurves) {
    let t = &inputs.task;
    let s = &inputs.schedule;
    println!(
        "linear gradient flow: N = {}, rho sqrt(N) = {}, sigma = {}, z = {}, eta = {} ({} fast steps at eta/N, {} slow steps at eta)",
        t.n, t.rho_sqrt_n, t.sigma, t.target, s.lr, s.fast_steps, s.slow_steps
    );
    println!("each cell: closed form / integrated flow");
    for (name, th, fl) in [
        ("fast phase (eta/N)", &theory.fast, &flow.fast),
        ("slow phase (eta)", &theory.slow, &flow.slow),
    ] {
        println!("\n{name}");
        println!(
            "{:>9}  {:>17}  {:>17}  {:>17}  {:>17}  {:>17}  {:>17}",
            "tau", "L", "L_bias", "L_var", "M11", "M12", "|dx_bar|"
        );
        let k = th.len().min(fl.len());
        let rows = 10usize.min(k.saturating_sub(1)).max(1);
        let mut idx: Vec<usize> = (0..=rows).map(|r| r * (k - 1) / rows).collect();
        idx.dedup();
        for i in idx {
            let cell = |a: f64, b: f64| format!("{a:>8.4}/{b:<8.4}");
            println!(
                "{:>9.0}  {}  {}  {}  {}  {}  {}",
                th.tau[i],
                cell(th.l[i], fl.l[i]),
                cell(th.l_bias[i], fl.l_bias[i]),
                cell(th.l_var[i], fl.l_var[i]),
                cell(th.m11[i], fl.m11[i]),
                cell(th.m12[i], fl.m12[i]),
                cell(th.dx_norm[i], fl.dx_norm[i]),
            );
        }
    }
    let d = flow.deviation(theory, t.sqrt_n());
    println!(
        "\nmax |flow - theory|: L {:.3e}, L_bias {:.3e}, L_var {:.3e}, M11 {:.3e}, sqrt(N) M12 {:.3e}, M21 {:.3e}, M22 {:.3e}, |dx_bar| {:.3e}",
        d.l, d.l_bias, d.l_var, d.m11, d.b, d.m21, d.m22, d.dx_norm
    );
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let inputs = parse(&args)?;
    let theory = closed_form(&inputs.task, &inputs.schedule).map_err(flag_error)?;
    let bar = ProgressBar::with_draw_target(Some(1000), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("flow {bar:40} {percent}% ({elapsed})")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    if !std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        bar.set_draw_target(ProgressDrawTarget::hidden());
    }
    let flow = integrate_flow(&inputs.task, &inputs.schedule, &inputs.options, &mut |f| {
        bar.set_position((f * 1000.0) as u64)
    })
    .map_err(flag_error)?;
    bar.finish_and_clear();

    if let Some(path) = &args.output {
        write_csv(path, &csv_rows(&theory, &flow))?;
    }
    if let Some(path) = &args.plot {
        let fig = LinearFigure::new(
            theory.clone(),
            vec![Overlay {
                curves: flow.clone(),
                label: "flow".into(),
            }],
            inputs.schedule.lr,
        );
        save_png_svg(&fig, &path.with_extension(""))?;
    }
    if args.json {
        print_json(&JsonOut {
            fast: &theory.fast,
            slow: &theory.slow,
            flow: flatten(&flow),
        })?;
    } else {
        print_table(&inputs, &theory, &flow);
        if let Some(p) = &args.output {
            println!("wrote {}", p.display());
        }
        if let Some(p) = &args.plot {
            let stem = p.with_extension("");
            println!(
                "wrote {} and {}",
                stem.with_extension("png").display(),
                stem.with_extension("svg").display()
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_name_the_flag() {
        assert_eq!(whole_number("--fast-steps", "1000").unwrap(), 1000);
        assert_eq!(whole_number("--fast-steps", "1e3").unwrap(), 1000);
        assert_eq!(
            whole_number("--fast-steps", "10.5")
                .unwrap_err()
                .to_string(),
            "--fast-steps: '10.5' is not a whole number"
        );
        assert_eq!(
            whole_number("--slow-steps", "-3").unwrap_err().to_string(),
            "--slow-steps: '-3' is negative; it must be a whole number >= 0"
        );
        assert_eq!(
            whole_number("--n", "abc").unwrap_err().to_string(),
            "--n: 'abc' is not a whole number"
        );
    }
}
