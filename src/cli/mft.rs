//! `oblique mft`: the rank-two mean-field theory at one point (theory notes, section 3).
//! The computation and the report are the library's (`oblique::commands::mft`).

use crate::cli::model_args::ModelArgs;
use crate::cli::values;
use nalgebra::Matrix2;
use oblique::commands::mft::{compute, MftInputs};
use oblique::io::output;
use oblique_theory::rank_two::Coupling;

/// Rank-two mean-field theory at one point: fixed point, Jacobian, covariance and L_var.
///
/// The coupling is either given by its eigenvalues (--lambda-plus, --lambda-minus: a
/// symmetric M at the bias-zero angle, Eq. 52) or as an explicit 2x2 matrix (--m: any real
/// M; lambda+ is its larger real eigenvalue). L_var is computed by the Lyapunov route
/// (Eqs. 45-48) and, for erf with a symmetric M, also by the closed form Eq. 53 (JSON key
/// l_var_closed_form). With --g > 0 the random-bulk theory (theory/notes/bulk.md) predicts
/// the fixed point, c0 and c_inf, not L_var.
///
/// JSON keys: lambda_plus_min, sigma_x, kappa_norm, kappa_bar, rho, z_bar, l_bias, l_var,
/// l_var_closed_form, l_var_finite_n (with the finite-N noise of U^T phi/N that Eq. 48
/// leaves out), euler (with --dt: the simulated Euler map), m, jacobian,
/// jacobian_eigenvalues [gamma+, gamma-], stable, covariance, ...
///
/// Example: oblique mft --lambda-plus 1.9 --lambda-minus -5 --n 256 --noise 1 --target 1 --json
#[derive(clap::Args, Debug)]
#[command(allow_negative_numbers = true, verbatim_doc_comment)]
pub struct Args {
    /// Eigenvalue of M carrying the fixed point; must exceed lambda+min = 1/<phi'>_noise
    /// (1.6034 for erf at noise 1). Not with --m.
    #[arg(long, value_name = "X", conflicts_with = "m", value_parser = values::finite)]
    pub lambda_plus: Option<f64>,
    /// The other eigenvalue of M (negative feedback when negative); must be below lambda+.
    /// Not with --m.
    #[arg(long, value_name = "X", conflicts_with = "m", value_parser = values::finite)]
    pub lambda_minus: Option<f64>,
    /// Explicit coupling matrix, row-major "m11,m12,m21,m22" (any real M with real
    /// eigenvalues; replaces --lambda-plus/--lambda-minus).
    #[arg(long, value_name = "M11,M12,M21,M22", value_parser = values::matrix2)]
    pub m: Option<Matrix2<f64>>,
    /// Network size N (at least 2).
    #[arg(long, value_name = "N", value_parser = values::size)]
    pub n: usize,
    #[command(flatten)]
    pub model: ModelArgs,
    /// Gain g >= 0 of the random bulk J (0: no bulk, as in the published figures).
    #[arg(long, default_value = "0", value_name = "G", value_parser = values::non_negative)]
    pub g: f64,
    /// Also predict what an Euler-Maruyama simulation with this step shows (the Euler-map
    /// theory with the finite-N noise of U^T phi/N, theory/notes/rank-two.md section 8;
    /// JSON key `euler`). 0 < dt < 2; g = 0 only.
    #[arg(long, value_name = "DT", value_parser = values::finite)]
    pub dt: Option<f64>,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let model = args.model.parse()?;
    let coupling = match (args.m, args.lambda_plus, args.lambda_minus) {
        (Some(m), _, _) => Coupling::Explicit(m),
        (None, Some(lambda_plus), Some(lambda_minus)) => Coupling::Eigen {
            lambda_plus,
            lambda_minus,
        },
        (None, None, _) => anyhow::bail!("--lambda-plus is required unless --m is given"),
        (None, Some(_), None) => anyhow::bail!("--lambda-minus is required unless --m is given"),
    };
    let report = compute(&MftInputs {
        noise: model.noise,
        nonlinearity: model.nonlinearity,
        n: args.n,
        target: model.target,
        g: args.g,
        coupling,
        dt: args.dt,
    })?;
    if args.json {
        output::print_json(&report)
    } else {
        Ok(report.write_text(&mut std::io::stdout().lock())?)
    }
}
