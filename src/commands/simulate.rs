//! `oblique simulate`: simulate the full noisy rank-two network at a fixed `M` (Fig. 12
//! set-up) and compare the measured `|kappa_bar|`, `rho`, `L_var`, `L_bias` with the
//! mean-field theory. The set-up checks, the theory and the report are
//! `oblique_validate::results::simulate`; this module runs it with a progress bar and
//! writes the text.

use crate::commands::CommandError;
use oblique_theory::nonlinearity::Builtin;
use oblique_validate::budget::{simulate_cost, Machine};
use oblique_validate::measure::{FixedMExperiment, FixedMResult};
use oblique_validate::network::{ValidateError, DEFAULT_DT};
use oblique_validate::results::simulate::{predict, SimulateReport, SimulateSpec};
use oblique_validate::results::Naming;
use std::io::{self, Write};

/// The defaults of `oblique simulate` (the Fig. 12 set-up; `lambda+` must be given).
pub const DEFAULTS: SimulateSpec = SimulateSpec {
    lambda_plus: None,
    lambda_minus: -5.0,
    m: None,
    n: 256,
    noise: 1.0,
    target: 1.0,
    g: 0.0,
    nonlinearity: Builtin::Erf,
    batch: 256,
    t_max: 100.0,
    t_stat: 20.0,
    dt: DEFAULT_DT,
    seed: 1,
};

fn run_with_bar(exp: &FixedMExperiment) -> Result<FixedMResult, CommandError> {
    let total = (exp.batch * exp.steps()) as u64;
    let pb = crate::io::progress::bar(total, "simulating (trial steps)");
    let res = exp.run_with_progress(&|k| pb.inc(k));
    pb.finish_and_clear();
    res.map_err(|e| match e {
        ValidateError::EulerUnstable { .. } | ValidateError::Diverged(_) => {
            CommandError::SimulationDt(e)
        }
        e => e.into(),
    })
}

/// Builds the experiment of `spec` (errors name the flag), checks its cost, predicts and
/// simulates it.
pub fn simulate(spec: &SimulateSpec) -> Result<SimulateReport, CommandError> {
    let (exp, m_explicit, eig) = spec.experiment(Naming::Cli)?;
    let (n, batch, steps, bulk) = (exp.params.n, exp.batch, exp.steps(), exp.params.g > 0.0);
    simulate_cost(n, batch, steps, bulk).check(&Machine::detect())?;
    let pred = predict(m_explicit, eig, &exp.params, exp.z, Naming::Cli)
        .map_err(CommandError::Prediction)?;
    let res = run_with_bar(&exp)?;
    Ok(SimulateReport::new(&exp, &res, pred, spec.seed))
}

/// The table of `oblique simulate`: simulation, Euler-map theory and continuous theory.
pub fn write_text(w: &mut dyn Write, report: &SimulateReport) -> io::Result<()> {
    let s = &report.setup;
    writeln!(
        w,
        "N = {}, M = [[{:.4}, {:.4}], [{:.4}, {:.4}]] (eigenvalues {:.4}, {:.4}), g = {}, sigma = {}, z = {}, {}",
        s.n, s.m[0][0], s.m[0][1], s.m[1][0], s.m[1][1], s.eigenvalues.re[0], s.eigenvalues.re[1],
        s.g, s.noise, s.target, s.nonlinearity
    )?;
    writeln!(
        w,
        "batch {}, t_max {}, statistics after t = {} ({} time points), dt {}, seed {}",
        s.batch, s.t_max, s.t_stat, s.window_points, s.dt, s.seed
    )?;
    let dt_label = format!("theory dt={}", s.dt);
    writeln!(
        w,
        "{:<12} {:>12} {:>14} {:>12}",
        "quantity", "simulation", dt_label, "continuous"
    )?;
    let fmt = |v: Option<f64>| v.map_or("-".to_string(), |v| format!("{v:.5}"));
    let (t, e) = (report.theory, report.theory_euler);
    for (name, sim, th, eu) in [
        (
            "|kappa_bar|",
            report.kappa_norm,
            t.map(|t| t.kappa_norm),
            e.map(|t| t.kappa_norm),
        ),
        ("rho", report.rho, t.map(|t| t.rho), e.map(|t| t.rho)),
        (
            "L_var",
            report.l_var,
            t.and_then(|t| t.l_var),
            e.and_then(|t| t.l_var),
        ),
        (
            "L_bias",
            report.l_bias,
            t.and_then(|t| t.l_bias),
            e.and_then(|t| t.l_bias),
        ),
    ] {
        writeln!(w, "{name:<12} {sim:>12.5} {:>14} {:>12}", fmt(eu), fmt(th))?;
    }
    writeln!(w, "theory dt={}: the Euler-Maruyama map the simulation integrates, with the finite-N terms (notes section 8); continuous: the continuous-time mean-field theory", s.dt)?;
    if let Some(note) = &report.theory_note {
        writeln!(w, "note: {note}")?;
    }
    Ok(())
}
