//! `oblique linear`: closed-form two-phase learning curves of a noisy linear RNN against the
//! integrated exact gradient flow (theory notes, section 5; Fig. 10). The computation and
//! the report are the library's (`oblique::commands::linear`).

use crate::cli::values;
use anyhow::bail;
use nalgebra::Matrix2;
use oblique::commands::linear::{compute, Inputs, LinearSpec, SgdSpec, DEFAULT_SAMPLES};
use oblique::io::output::{is_stdout, print_json, write_table};
use oblique::plot::style::save_png_svg;
use oblique_theory::linear::{FlowOptions, LinearTask, Schedule};
use oblique_validate::train::protocol::LinearProtocol;
use std::path::PathBuf;

/// The Fig. 10 preset, whose values are the defaults.
fn fig10() -> LinearProtocol {
    LinearProtocol::fig10()
}

/// Predict how a noisy linear RNN with large output weights learns a constant target
/// (Fig. 10 of Schuessler et al. 2024; theory notes, section 5).
///
/// The network `dx/dt = -x + W x + w_in + sqrt(2) sigma xi` starts at W = 0, with input
/// weights of norm sqrt(N), output weights of norm 1 and w_in . w_out = rho sqrt(N). W is
/// trained by gradient descent on L = L_bias + L_var (the expected mean squared error):
/// first FAST-STEPS steps at learning rate LR/N (the bias is learned), then SLOW-STEPS
/// steps at LR (a negative feedback M11 < 0 slowly suppresses the output noise).
///
/// Two predictions are computed and shown side by side:
///
///   theory: the closed-form two-phase solution of section 5 (dashed in the plot);
///
///   flow:   the gradient flow dW/dtau = -eta grad L on the exact expected loss (Lyapunov
///           equations, Eqs. 21-24), integrated with an adaptive Dormand-Prince 4(5) step.
///           By default it is integrated in the rank-two subspace span(w_out, w_in)
///           (`--space rank-two`, 2x2 Lyapunov solves, exact for W0 in that subspace);
///           `--space full` integrates all N^2 entries of W with the N x N solver (O(N^3)
///           per step, for checks at small N).
///
/// M holds the coefficients of W in the orthonormal basis (w_out_hat, w_in orthogonalised);
/// |dx_bar| is the change of the mean state from its value before learning. The closed
/// form and the flow agree to O(1/N); in the slow phase the closed form holds while
/// eta * tau << N (beyond, the flow drives M22 towards 1 and |dx_bar| grows: see
/// theory/notes/linear.md, section 8).
///
/// With `--dt DT --batch B` a third prediction is added: the SGD moment theory, the mean and
/// run-to-run standard deviation of M when W is trained by SGD with batch B on the simulated
/// task (Euler step DT, trials of length --t-max scored from --t-loss-min; theory/notes/
/// linear.md section 11).
///
/// Output: a compact table (default); `--json` prints one object
/// {"fast": {...}, "slow": {...}, "flow": {...}} (plus "sgd" with --batch, laid out like
/// "flow" with the extra arrays sd_m11, sd_m12, sd_m21, sd_m22 and the object "window"). "fast" and "slow" are the closed form per
/// phase; "flow" is the integrated flow over both phases, flattened: its arrays are the
/// fast-phase samples followed by the slow-phase samples, and the extra array "phase"
/// ("fast" or "slow") says which; tau counts the steps within its phase, from 0, and the
/// flow is sampled at the same tau as the closed form. Every object holds equal-length
/// arrays tau, l, l_bias, l_var, m11, m12, m21, m22, dx_norm. `-o FILE.csv` writes the same
/// side by side (columns <quantity>_theory and <quantity>_flow); `--plot FILE.png` draws the
/// Fig. 10 layout (PNG and SVG).
#[derive(clap::Args, Debug)]
#[command(allow_negative_numbers = true, verbatim_doc_comment)]
pub struct Args {
    /// Network size N (whole number >= 2)
    #[arg(long, default_value_t = fig10().n as u64, value_name = "N", value_parser = values::steps)]
    pub n: u64,
    /// Input-output overlap rho sqrt(N) = w_in . w_out (|rho sqrt(N)| < sqrt(N))
    #[arg(long, default_value_t = fig10().rho_sqrt_n, value_name = "R", value_parser = values::finite)]
    pub rho_sqrt_n: f64,
    /// Noise amplitude sigma > 0 (stationary variance of an unconnected unit: sigma^2)
    #[arg(long, default_value_t = fig10().noise, value_name = "SIGMA", value_parser = values::finite)]
    pub noise: f64,
    /// Target output z
    #[arg(long, default_value_t = fig10().z, value_name = "Z", value_parser = values::finite)]
    pub target: f64,
    /// Base learning rate eta > 0 (fast phase at eta/N, slow phase at eta)
    #[arg(long, default_value_t = fig10().lr, value_name = "ETA", value_parser = values::finite)]
    pub lr: f64,
    /// Gradient steps of the fast (bias) phase, a whole number >= 0
    #[arg(long, default_value_t = fig10().fast_steps as u64, value_name = "STEPS", value_parser = values::steps)]
    pub fast_steps: u64,
    /// Gradient steps of the slow (variance) phase, a whole number >= 0
    #[arg(long, default_value_t = fig10().slow_steps as u64, value_name = "STEPS", value_parser = values::steps)]
    pub slow_steps: u64,
    /// Sampled learning times per phase (>= 2)
    #[arg(long, default_value_t = DEFAULT_SAMPLES as u64, value_name = "K", value_parser = values::steps)]
    pub samples: u64,
    /// Initial coefficients M0 = m11,m12,m21,m22 of W0 = U M0 U^T for the flow (the closed
    /// form assumes 0); every eigenvalue of M0 must have real part below 1 [default: 0,0,0,0]
    #[arg(long, value_name = "M", value_parser = values::matrix2)]
    pub m0: Option<Matrix2<f64>>,
    /// State space of the flow: rank-two (2x2, exact from W0 = U M0 U^T) or full (N x N)
    #[arg(long, value_enum, default_value_t = Space::RankTwo)]
    pub space: Space,
    /// Relative tolerance of the adaptive integrator, in (0, 1)
    #[arg(long, default_value_t = FlowOptions::default().ode.rtol, value_name = "TOL", value_parser = values::finite)]
    pub rtol: f64,
    /// Let the flow follow the exact loss of the Euler-Maruyama map that a simulation with
    /// this step integrates (Stein equations, theory/notes/linear.md section 10) instead of
    /// the continuous-time loss; the closed form stays continuous
    #[arg(long, value_name = "DT", value_parser = values::finite)]
    pub dt: Option<f64>,
    /// Add the SGD moment theory for this batch size (theory/notes/linear.md section 11):
    /// the mean and run-to-run spread of M under SGD on the constant-input task simulated
    /// with Euler step --dt (required), trial length --t-max, targets from --t-loss-min
    #[arg(long, value_name = "B", value_parser = values::count)]
    pub batch: Option<usize>,
    /// Trial length of the simulated training (with --batch)
    #[arg(long, default_value_t = fig10().t_max, value_name = "T", requires = "batch", value_parser = values::finite)]
    pub t_max: f64,
    /// First target time of the simulated training (with --batch)
    #[arg(long, default_value_t = fig10().t_loss_min, value_name = "T", requires = "batch", value_parser = values::finite)]
    pub t_loss_min: f64,
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

/// `--space`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Space {
    /// the 2x2 coefficients in span(w_out, w_in)
    RankTwo,
    /// all N^2 entries of W
    Full,
}

fn spec(a: &Args) -> anyhow::Result<LinearSpec> {
    let n = usize::try_from(a.n).map_err(|_| anyhow::anyhow!("--n: too large"))?;
    Ok(LinearSpec {
        task: LinearTask {
            n,
            rho_sqrt_n: a.rho_sqrt_n,
            sigma: a.noise,
            target: a.target,
        },
        schedule: Schedule {
            lr: a.lr,
            fast_steps: a.fast_steps,
            slow_steps: a.slow_steps,
            samples: a.samples as usize,
        },
        m0: a.m0.unwrap_or_else(Matrix2::zeros),
        full_space: a.space == Space::Full,
        rtol: a.rtol,
        dt: a.dt,
        sgd: a.batch.map(|batch| SgdSpec {
            batch,
            t_max: a.t_max,
            t_loss_min: a.t_loss_min,
        }),
    })
}

pub fn run(args: Args) -> anyhow::Result<()> {
    if let Some(path) = &args.plot {
        let png = path.extension().and_then(|e| e.to_str());
        if !png.is_some_and(|e| e.eq_ignore_ascii_case("png")) {
            bail!(
                "--plot {}: the file name must end in .png (the figure is written as PNG, with an SVG beside it)",
                path.display()
            );
        }
    }
    // with -o -, standard output carries the CSV only
    let csv_on_stdout = args.output.as_deref().is_some_and(is_stdout);
    if csv_on_stdout && args.json {
        bail!("--json with -o -: both would go to standard output; give -o a file name");
    }
    let result = compute(Inputs::new(&spec(&args)?)?)?;
    if let Some(path) = &args.output {
        let (header, rows) = result.csv();
        write_table(path, &header, &rows)?;
    }
    if let Some(path) = &args.plot {
        save_png_svg(&result.figure(), &path.with_extension(""))?;
    }
    if args.json {
        print_json(&result.json())?;
    } else if !csv_on_stdout {
        result.write_text(&mut std::io::stdout().lock())?;
        if let Some(p) = &args.output {
            println!("wrote {}", p.display());
        }
        if let Some(p) = &args.plot {
            let stem = p.with_extension("");
            let (png, svg) = (stem.with_extension("png"), stem.with_extension("svg"));
            println!("wrote {} and {}", png.display(), svg.display());
        }
    }
    Ok(())
}
