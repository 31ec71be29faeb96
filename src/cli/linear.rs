//! `oblique linear`: closed-form two-phase learning curves of a noisy linear RNN against the
//! integrated exact gradient flow (theory notes, section 5; Fig. 10).

use super::linear_output::{csv_table, flatten, print_table, Inputs, JsonOut, SgdJson};
use anyhow::{bail, Context};
use nalgebra::Matrix2;
use oblique::command_figures::linear::{LinearFigure, Overlay};
use oblique::io::output::{is_stdout, print_json, write_table};
use oblique::plot::style::save_png_svg;
use oblique_theory::linear::{
    closed_form, integrate_flow, sgd_moments, FlowOptions, FlowSpace, LinearError, LinearTask,
    RankTwoBasis, Schedule, TimeModel,
};
use oblique_validate::tasks::ConstantInputTask;
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

With `--dt DT --batch B` a third prediction is added: the SGD moment theory, the mean and
run-to-run standard deviation of M when W is trained by SGD with batch B on the simulated
task (Euler step DT, trials of length --t-max scored from --t-loss-min; theory/notes/
linear.md section 11).

Output: a compact table (default); `--json` prints one object
{\"fast\": {...}, \"slow\": {...}, \"flow\": {...}} (plus \"sgd\" with --batch, laid out like
\"flow\" with the extra arrays sd_m11, sd_m12, sd_m21, sd_m22 and the object \"window\"). \"fast\" and \"slow\" are the closed form per
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
    /// Add the SGD moment theory for this batch size (theory/notes/linear.md section 11):
    /// the mean and run-to-run spread of M under SGD on the constant-input task simulated
    /// with Euler step --dt (required), trial length --t-max, targets from --t-loss-min
    #[arg(long, value_name = "B")]
    pub batch: Option<String>,
    /// Trial length of the simulated training (with --batch)
    #[arg(
        long,
        default_value = "20",
        allow_hyphen_values = true,
        value_name = "T"
    )]
    pub t_max: String,
    /// First target time of the simulated training (with --batch)
    #[arg(
        long,
        default_value = "15",
        allow_hyphen_values = true,
        value_name = "T"
    )]
    pub t_loss_min: String,
    /// Print one JSON object {"fast", "slow", "flow"[, "sgd"]} instead of the table
    #[arg(long)]
    pub json: bool,
    /// Write the curves side by side as CSV
    #[arg(short = 'o', long = "output", value_name = "FILE.csv", value_parser = oblique::io::target::output_file)]
    pub output: Option<PathBuf>,
    /// Draw the Fig. 10 layout (theory dashed, flow solid) to FILE.png and FILE.svg
    #[arg(long, value_name = "FILE.png", value_parser = oblique::io::target::output_file)]
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

fn parse(args: &Args) -> anyhow::Result<Inputs> {
    use oblique::io::parse::{finite, matrix2};
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
    let sgd = match &args.batch {
        None => None,
        Some(b) => {
            let TimeModel::Euler { dt } = options.time else {
                bail!(
                    "--batch: the SGD theory needs --dt, the Euler step of the simulated training"
                );
            };
            let batch = whole_number("--batch", b)?;
            if batch == 0 {
                bail!("--batch: 0 must be a whole number >= 1");
            }
            let task = ConstantInputTask {
                z: task.target,
                u: 1.0,
                dt,
                t_max: finite("--t-max", &args.t_max)?,
                t_target: finite("--t-loss-min", &args.t_loss_min)?,
            };
            let batch = usize::try_from(batch).context("--batch: too large")?;
            Some(
                task.sgd_window(batch)
                    .map_err(|e| anyhow::anyhow!("--t-max/--t-loss-min: {e}"))?,
            )
        }
    };
    Ok(Inputs {
        task,
        schedule,
        options,
        sgd,
    })
}

pub fn run(args: Args) -> anyhow::Result<()> {
    // with -o -, standard output carries the CSV only
    let csv_on_stdout = args.output.as_deref().is_some_and(is_stdout);
    if csv_on_stdout && args.json {
        bail!("--json with -o -: both would go to standard output; give -o a file name");
    }
    let inputs = parse(&args)?;
    let theory = closed_form(&inputs.task, &inputs.schedule).map_err(flag_error)?;
    let bar = oblique::io::progress::bar(1000, "flow (per mille)");
    let flow = integrate_flow(&inputs.task, &inputs.schedule, &inputs.options, &mut |f| {
        bar.set_position((f * 1000.0) as u64)
    })
    .map_err(flag_error)?;
    bar.finish_and_clear();
    let sgd = match &inputs.sgd {
        Some(w) => Some((
            *w,
            sgd_moments(&inputs.task, &inputs.schedule, inputs.options.m0, w, 10)
                .map_err(flag_error)?,
        )),
        None => None,
    };

    if let Some(path) = &args.output {
        let (header, rows) = csv_table(&theory, &flow, sgd.as_ref().map(|s| &s.1));
        write_table(path, &header, &rows)?;
    }
    if let Some(path) = &args.plot {
        let fig = LinearFigure::new(
            theory.clone(),
            std::iter::once(Overlay {
                curves: flow.clone(),
                label: "flow".into(),
            })
            .chain(sgd.as_ref().map(|(w, s)| Overlay {
                curves: s.mean.clone(),
                label: format!("SGD, batch {}", w.batch),
            }))
            .collect(),
            inputs.schedule.lr,
        );
        save_png_svg(&fig, &path.with_extension(""))?;
    }
    if args.json {
        print_json(&JsonOut {
            fast: &theory.fast,
            slow: &theory.slow,
            flow: flatten(&flow),
            sgd: sgd.as_ref().map(|(w, s)| SgdJson::new(*w, s)),
        })?;
    } else if !csv_on_stdout {
        print_table(&inputs, &theory, &flow, sgd.as_ref().map(|s| &s.1));
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
