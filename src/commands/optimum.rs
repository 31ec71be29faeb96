//! `oblique optimum`: the minimum of L_var over lambda+ at fixed lambda- for each N.

use crate::commands::CommandError;
use oblique_theory::optimum::{Optimum, OptimumProblem};
use std::io::{self, Write};

/// The report of `oblique optimum` (its `--json` object).
#[derive(serde::Serialize)]
pub struct OptimaReport {
    optima: Vec<Optimum>,
    /// the first line of the text
    #[serde(skip)]
    header: String,
}

/// Minimises L_var over lambda+ (Brent's method) for each N in `ns`.
pub fn compute(problem: OptimumProblem<'_>, ns: &[usize]) -> Result<OptimaReport, CommandError> {
    let optima = ns
        .iter()
        .map(|&n| problem.solve(n))
        .collect::<Result<Vec<_>, _>>()?;
    let header = format!(
        "minimum of L_var over lambda+ ({}, noise {}, target {}, lambda- = {})",
        problem.nonlinearity.name(),
        problem.noise.sigma(),
        problem.target,
        problem.lambda_minus
    );
    Ok(OptimaReport { optima, header })
}

impl OptimaReport {
    /// The table of `oblique optimum`.
    pub fn write_text(&self, w: &mut dyn Write) -> io::Result<()> {
        writeln!(w, "{}", self.header)?;
        writeln!(
            w,
            "{:>8}  {:>12}  {:>12}  {:>12}  {:>12}",
            "N", "lambda+*", "|kappa_bar|", "rho", "L_var"
        )?;
        for o in &self.optima {
            writeln!(
                w,
                "{:>8}  {:>12.6}  {:>12.6}  {:>12.6}  {:>12.6}",
                o.n, o.lambda_plus_opt, o.kappa_norm, o.rho, o.l_var
            )?;
        }
        Ok(())
    }
}
