//! The theory's predictions for a trained network: the stationary optimum of the paper and
//! the finite-time optimum of the trained task, both at the trained lambda-.

use super::figure::Predicted;
use super::protocol;
use super::setup::Setup;
use oblique_theory::finite_time::{OptimumSearch, PulseTask};
use oblique_theory::nonlinearity::Builtin;
use oblique_theory::optimum::OptimumProblem;
use oblique_theory::rank_two::NoiseLevel;

/// The theory's optimum over lambda+ at the trained lambda- (`oblique_theory::optimum`,
/// theory notes section 3).
pub fn predict(s: &Setup, n: usize, lambda_minus: f64) -> anyhow::Result<Predicted> {
    let problem = OptimumProblem {
        noise: NoiseLevel::new(s.noise)?,
        nonlinearity: Builtin::Erf.into(),
        target: s.target,
        lambda_minus,
    };
    let o = problem.solve(n)?;
    Ok(Predicted {
        lambda_plus: o.lambda_plus_opt,
        kappa_norm: o.kappa_norm,
        rho: o.rho,
        l_var: o.l_var,
    })
}

/// The finite-time optimum of the pulse task at the trained lambda-
/// (`oblique_theory::finite_time`, theory/notes/finite-time.md): the symmetric M that
/// minimises the mean-field loss over the task's loss window under the Euler map.
pub fn predict_finite_time(s: &Setup, n: usize, lambda_minus: f64) -> anyhow::Result<Predicted> {
    // the trained networks' own task: its steps, pulse and scored steps
    let fixed_point = protocol(s, n, 0).task();
    let trials = fixed_point.batch(2)?;
    let task = PulseTask {
        dt: trials.dt,
        steps: trials.steps,
        pulse: fixed_point.pulse,
        loss_steps: trials.target_steps,
    };
    let o = OptimumSearch {
        noise: NoiseLevel::new(s.noise)?,
        nonlinearity: Builtin::Erf.into(),
        n,
        target: s.target,
        lambda_minus,
        task: &task,
    }
    .solve()?;
    Ok(Predicted {
        lambda_plus: o.lambda_plus,
        kappa_norm: o.statistics.kappa_norm,
        rho: o.statistics.rho,
        l_var: o.statistics.l_var,
    })
}

/// lambda+min = sqrt(1 + 2 a^2 sigma^2) for erf (Eq. 51), a = sqrt(pi)/2.
pub fn lambda_plus_min(noise: f64) -> f64 {
    (1.0 + std::f64::consts::PI / 2.0 * noise * noise).sqrt()
}
