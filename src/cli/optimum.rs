//! `oblique optimum`: minimise L_var over lambda+ at fixed lambda- for one or more N.

use crate::cli::model_args::ModelArgs;
use oblique::io::{output, parse};
use oblique_theory::optimum::{Optimum, OptimumProblem};

/// Minimise L_var over lambda+ at fixed lambda- for each N (Brent's method).
///
/// The coupling is the symmetric M at the bias-zero angle (Eq. 52); L_var is Eq. 53 for
/// erf (Lyapunov route, Eqs. 47-48, otherwise). The minimiser lambda+* predicts the oblique
/// solution that learning finds (Fig. 13): its |kappa_bar|, rho and L_var are printed.
///
/// Example: oblique optimum --lambda-minus -5 --n 64,256,2048 --json
const AFTER_HELP: &str =
    "The coupling is the symmetric M at the bias-zero angle (Eq. 52); L_var is Eq. 53 for erf. The
minimiser lambda+* (Brent) predicts the oblique solution learning finds (Fig. 13).
JSON: {\"optima\": [{\"n\", \"lambda_plus_opt\", \"kappa_norm\", \"rho\", \"l_var\"}, ...]}

Example: oblique optimum --lambda-minus -5 --n 64,256,2048 --json";

#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment, after_help = AFTER_HELP)]
pub struct Args {
    /// The fixed second eigenvalue lambda- of M (negative feedback when negative).
    #[arg(long, allow_hyphen_values = true, value_name = "X")]
    pub lambda_minus: String,
    /// Network sizes N (comma-separated, each at least 2), e.g. 64,256,2048.
    #[arg(long, allow_hyphen_values = true, value_name = "N,...")]
    pub n: String,
    #[command(flatten)]
    pub model: ModelArgs,
    /// Print one JSON object {"optima": [...]} instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(serde::Serialize)]
struct OptimaJson {
    optima: Vec<Optimum>,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let model = args.model.parse()?;
    let problem = OptimumProblem {
        noise: model.noise,
        nonlinearity: model.nonlinearity.into(),
        target: model.target,
        lambda_minus: parse::finite("--lambda-minus", &args.lambda_minus)?,
    };
    let ns = parse::list_usize("--n", &args.n, 2)?;
    let optima = ns
        .iter()
        .map(|&n| problem.solve(n))
        .collect::<Result<Vec<_>, _>>()?;
    if args.json {
        return output::print_json(&OptimaJson { optima });
    }
    println!(
        "minimum of L_var over lambda+ ({}, noise {}, target {}, lambda- = {})",
        problem.nonlinearity.name(),
        problem.noise.sigma(),
        problem.target,
        problem.lambda_minus
    );
    println!(
        "{:>8}  {:>12}  {:>12}  {:>12}  {:>12}",
        "N", "lambda+*", "|kappa_bar|", "rho", "L_var"
    );
    for o in &optima {
        println!(
            "{:>8}  {:>12.6}  {:>12.6}  {:>12.6}  {:>12.6}",
            o.n, o.lambda_plus_opt, o.kappa_norm, o.rho, o.l_var
        );
    }
    Ok(())
}
