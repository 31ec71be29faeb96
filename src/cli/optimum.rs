//! `oblique optimum`: minimise L_var over lambda+ at fixed lambda- for one or more N.

use crate::cli::model_args::ModelArgs;
use crate::cli::values::{self, Sizes};
use oblique::commands::optimum::compute;
use oblique::io::output;
use oblique_theory::optimum::OptimumProblem;

/// Minimise L_var over lambda+ at fixed lambda- for each N (Brent's method).
///
/// The coupling is the symmetric M at the bias-zero angle (Eq. 52); L_var is Eq. 53 for
/// erf (Lyapunov route, Eqs. 47-48, otherwise). The minimiser lambda+* predicts the oblique
/// solution that learning finds (Fig. 13): its |kappa_bar|, rho and L_var are printed.
/// JSON: {"optima": [{"n", "lambda_plus_opt", "kappa_norm", "rho", "l_var"}, ...]}
///
/// Example: oblique optimum --lambda-minus -5 --n 64,256,2048 --json
#[derive(clap::Args, Debug)]
#[command(allow_negative_numbers = true, verbatim_doc_comment)]
pub struct Args {
    /// The fixed second eigenvalue lambda- of M (negative feedback when negative).
    #[arg(long, value_name = "X", value_parser = values::finite)]
    pub lambda_minus: f64,
    /// Network sizes N (comma-separated, each at least 2), e.g. 64,256,2048.
    #[arg(long, value_name = "N,...", value_parser = values::sizes)]
    pub n: Sizes,
    #[command(flatten)]
    pub model: ModelArgs,
    /// Print one JSON object {"optima": [...]} instead of a table.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let model = args.model.parse()?;
    let problem = OptimumProblem {
        noise: model.noise,
        nonlinearity: model.nonlinearity.into(),
        target: model.target,
        lambda_minus: args.lambda_minus,
    };
    let report = compute(problem, &args.n.0)?;
    if args.json {
        output::print_json(&report)
    } else {
        Ok(report.write_text(&mut std::io::stdout().lock())?)
    }
}
