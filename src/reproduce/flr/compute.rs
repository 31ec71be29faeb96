//! The computation of `reproduce flr`: runs the studies of [`oblique_validate::flr::studies`]
//! for the plan and collects the points (no drawing, no report text).

use super::setup::Plan;
use super::sweeps::{self, SweepData};
use oblique_theory::flr::{FlrError, LearningRule};
use oblique_validate::flr::studies::{self, Start};
use oblique_validate::flr::{StudySetup, TaskPoint};

/// One network of the measured-fluctuation study.
#[derive(Debug, Clone)]
pub struct MeasuredCase {
    /// label
    pub label: String,
    /// g beta of the random part
    pub g_beta: f64,
    /// the points
    pub points: Vec<TaskPoint>,
    /// `|C_hat - C|_F / |C|_F` where the linear theory exists
    pub cov_error: Option<f64>,
    /// `|G_hat - G|_F / |G|_F` (G_hat = K_hat C_hat^-1) where the linear theory exists
    pub resp_error: Option<f64>,
    /// largest real part of the Jacobian's eigenvalues at the spontaneous state, if any
    pub stable: bool,
}

/// Everything `reproduce flr` computed.
#[derive(Debug, Clone)]
pub struct FlrData {
    /// the plan
    pub plan: Plan,
    /// directional test per seed
    pub directional: Vec<(u64, Vec<TaskPoint>)>,
    /// the epsilon study (directional pairs at several learning rates)
    pub epsilon: Vec<TaskPoint>,
    /// FLR from measured fluctuations
    pub measured: Vec<MeasuredCase>,
    /// auto-associative learning with the time to complete
    pub auto: Vec<TaskPoint>,
    /// time-series generation
    pub periodic: Vec<TaskPoint>,
    /// gain, memory and input sweeps
    pub sweeps: SweepData,
}

impl FlrData {
    /// Number of simulated learning runs.
    pub fn runs(&self) -> usize {
        self.directional.iter().map(|d| d.1.len()).sum::<usize>()
            + self.epsilon.len()
            + self.measured.iter().map(|m| m.points.len()).sum::<usize>()
            + self.auto.len()
            + self.periodic.len()
            + self.sweeps.runs
    }
}

/// Number of simulations the plan will run (for the progress bar).
pub fn task_count(p: &Plan) -> usize {
    let dir = p.angles_xi.len() * p.angles_eta.len();
    3 * dir * 2
        + 2.min(p.angles_eta.len()) * p.angles_xi.len() * p.epsilons.len()
        + p.measured_cases().len() * p.measured_pairs
        + p.auto_angles.len()
        + dir
        + sweeps::task_count(p)
}

/// Runs every study of the plan; `tick` is called after each simulation.
pub fn compute(plan: &Plan, tick: &(dyn Fn() + Sync)) -> Result<FlrData, FlrError> {
    let rules = [LearningRule::HEBB, LearningRule::HEBB_TARGET];
    let mut directional = Vec::new();
    for &s in &plan.seeds {
        let pts = studies::directional(
            &plan.at_seed(s),
            &plan.angles_xi,
            &plan.angles_eta,
            &rules,
            &[plan.base.epsilon],
            tick,
        )?;
        directional.push((s, pts));
    }
    let eta_sub: Vec<f64> = plan.angles_eta.iter().copied().take(2).collect();
    let epsilon = studies::directional(
        &plan.base,
        &plan.angles_xi,
        &eta_sub,
        &[LearningRule::HEBB_TARGET],
        &plan.epsilons,
        tick,
    )?;
    let measured = measured_cases(plan, tick)?;
    let auto_set = StudySetup {
        sim: oblique_validate::flr::LearningSim {
            t_learn: if plan.quick { 120.0 } else { 200.0 },
            trials: 4,
            ..plan.base.sim
        },
        ..plan.base
    };
    let auto = studies::auto_associative(&auto_set, &plan.auto_angles, plan.theta, tick)?;
    let per_set = StudySetup {
        sim: oblique_validate::flr::LearningSim {
            t_learn: 80.0,
            ..plan.base.sim
        },
        fit: (20.0, 80.0),
        ..plan.base
    };
    let periodic = studies::periodic(
        &per_set,
        &plan.angles_xi,
        &plan.angles_eta,
        plan.omega,
        tick,
    )?;
    let sweeps = sweeps::run(plan, tick)?;
    Ok(FlrData {
        plan: plan.clone(),
        directional,
        epsilon,
        measured,
        auto,
        periodic,
        sweeps,
    })
}

fn measured_cases(plan: &Plan, tick: &(dyn Fn() + Sync)) -> Result<Vec<MeasuredCase>, FlrError> {
    let mut out = Vec::new();
    for (label, spec, at_memory) in plan.measured_cases() {
        // u and eps as in the earlier scatter: the chaotic case has no common-noise
        // cancellation, and a larger signal helps it
        let set = StudySetup {
            spec,
            u: 0.1,
            epsilon: 0.02,
            ..plan.base
        };
        let start = if at_memory {
            Start::Memory
        } else {
            Start::Origin
        };
        let (points, meas, th) = studies::measured(
            &set,
            start,
            &plan.spont,
            plan.measured_pairs,
            LearningRule::HEBB_TARGET,
            tick,
        )?;
        let rel =
            |a: &nalgebra::DMatrix<f64>, b: &nalgebra::DMatrix<f64>| (a - b).norm() / b.norm();
        let cov_error = th
            .as_ref()
            .map(|t| rel(meas.fluctuations.covariance(), t.covariance()));
        let resp_error = th.as_ref().and_then(|t| {
            meas.fluctuations
                .lagged_response()
                .map(|g| rel(&g, t.response()))
        });
        out.push(MeasuredCase {
            label: label.into(),
            g_beta: spec.g * spec.beta,
            points,
            cov_error,
            resp_error,
            stable: th.is_some(),
        });
    }
    Ok(out)
}
