//! The studies of `reproduce flr` (`theory/notes/flr.md` section 7): each runs a set of
//! learning tasks on one network and returns one [`TaskPoint`] per task, with the
//! predictions (linear theory, FLR1, FLR2, FLR1 from measured fluctuations) and the
//! measured speed and time. Pure computation, no I/O.

use super::directions::{
    directional_pairs, leading_modes, mixed_direction, trailing_modes, DirectionalPair,
};
use super::experiment::draw_pair;
use super::fluct::{MeasuredSpontaneous, SpontaneousSim};
use super::periodic::in_phase_speed;
use super::sample::{FlrNetworkSpec, SampledNetwork};
use super::sim::{Drive, LearningSim};
use nalgebra::DVector;
use oblique_theory::flr::{
    EvokedMeans, FlrError, FlrTheory, LearningRule, LearningTask, SpontaneousState,
};

/// One simulated task with its predictions.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct TaskPoint {
    /// which study (`directional`, `epsilon`, `measured`, `auto`, `periodic`)
    pub study: String,
    /// network case label
    pub case: String,
    /// learning rule
    pub rule: String,
    /// input amplitude u
    pub u: f64,
    /// learning rate
    pub epsilon: f64,
    /// angle of the target to the leading mode (degrees), or overlap with memory 0
    pub angle_xi: f64,
    /// angle of the input to the second mode (degrees), or overlap with memory 1
    pub angle_eta: f64,
    /// spontaneous variance along the target (linear theory)
    pub var_xi: Option<f64>,
    /// spontaneous variance along the input (linear theory)
    pub var_eta: Option<f64>,
    /// linear-theory speed (Eq. F10, or F17 for periodic tasks)
    pub predicted_exact: Option<f64>,
    /// FLR1 (Eq. F12, or F18)
    pub predicted_flr1: Option<f64>,
    /// FLR2 (Eq. F13)
    pub predicted_flr2: Option<f64>,
    /// FLR1 from the measured covariance and evoked means (Eq. F15)
    pub measured_flr1: Option<f64>,
    /// speed from the measured lagged covariance (Eq. F16)
    pub measured_lagged: Option<f64>,
    /// max |beta r_i| (linear regime needs it small)
    pub max_drive: Option<f64>,
    /// measured speed
    pub measured: f64,
    /// predicted time to complete: threshold / predicted speed (Eq. F14)
    pub predicted_time: Option<f64>,
    /// measured time for dm to reach the threshold
    pub measured_time: Option<f64>,
}

/// Common settings of a study.
#[derive(Debug, Clone, Copy)]
pub struct StudySetup {
    /// the network
    pub spec: FlrNetworkSpec,
    /// its seed
    pub network_seed: u64,
    /// seed of directions and noise
    pub seed: u64,
    /// input amplitude
    pub u: f64,
    /// learning rate
    pub epsilon: f64,
    /// simulation settings
    pub sim: LearningSim,
    /// fit window
    pub fit: (f64, f64),
}

impl StudySetup {
    fn case(&self) -> String {
        let s = &self.spec;
        format!("N={} g={} beta={} P={}", s.n, s.g, s.beta, s.memories)
    }

    fn network(&self) -> Result<(SampledNetwork, FlrTheory), FlrError> {
        let s = self.spec.sample(self.network_seed)?;
        let th = FlrTheory::at_origin(&s.net)?;
        Ok((s, th))
    }

    /// The (target, input) directions at `angles_xi` x `angles_eta` (degrees) of
    /// [`directional_pairs`], from the two leading and two trailing modes of the network's
    /// covariance.
    fn pairs(&self, th: &FlrTheory, angles_xi: &[f64], angles_eta: &[f64]) -> Vec<DirectionalPair> {
        let c = th.covariance();
        let (top, low) = (leading_modes(c, 2), trailing_modes(c, 2));
        let rad = |v: &[f64]| v.iter().map(|a| a.to_radians()).collect::<Vec<_>>();
        directional_pairs(&top, &low, &rad(angles_xi), &rad(angles_eta), self.seed)
    }

    fn point(&self, study: &str, task: &LearningTask, th: Option<&FlrTheory>) -> TaskPoint {
        let p = th.and_then(|t| t.predict(task).ok());
        TaskPoint {
            study: study.into(),
            case: self.case(),
            rule: task.rule.name(),
            u: task.u,
            epsilon: task.epsilon,
            var_xi: p.map(|p| p.var_xi),
            var_eta: p.map(|p| p.var_eta),
            predicted_exact: p.map(|p| p.exact),
            predicted_flr1: p.map(|p| p.flr1),
            predicted_flr2: p.and_then(|p| p.flr2),
            max_drive: p.map(|p| p.max_drive),
            ..Default::default()
        }
    }
}

/// The directional test: target at `angles_xi` from the leading mode of `C` towards the
/// last one, input at `angles_eta` from the second towards the second-to-last (degrees), fixed `u`, every rule; learning rates `epsilons` (one
/// simulation each, same noise). `on_task` is called after each simulation.
pub fn directional(
    set: &StudySetup,
    angles_xi: &[f64],
    angles_eta: &[f64],
    rules: &[LearningRule],
    epsilons: &[f64],
    on_task: &(dyn Fn() + Sync),
) -> Result<Vec<TaskPoint>, FlrError> {
    let (s, th) = set.network()?;
    let pairs = set.pairs(&th, angles_xi, angles_eta);
    let mut out = Vec::new();
    for (k, pair) in pairs.iter().enumerate() {
        for (ri, &rule) in rules.iter().enumerate() {
            for &epsilon in epsilons {
                let task = LearningTask {
                    xi: pair.xi.clone(),
                    eta: pair.eta.clone(),
                    u: set.u,
                    epsilon,
                    rule,
                };
                let sim_seed = set
                    .seed
                    .wrapping_mul(1_000_003)
                    .wrapping_add((k * 16 + ri) as u64);
                let run = set.sim.run(&s.net, &task, sim_seed);
                on_task();
                let study = if epsilons.len() > 1 {
                    "epsilon"
                } else {
                    "directional"
                };
                out.push(TaskPoint {
                    angle_xi: pair.angle_xi.to_degrees(),
                    angle_eta: pair.angle_eta.to_degrees(),
                    measured: run.slope(set.fit.0, set.fit.1),
                    ..set.point(study, &task, Some(&th))
                });
            }
        }
    }
    Ok(out)
}

/// Where the spontaneous activity sits before learning.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Start {
    /// `x* = 0`
    Origin,
    /// the retrieval state of memory 0 (Newton from the memory)
    Memory,
}

/// FLR from measured fluctuations: simulates the network without input to measure `C`
/// and `K` (Eqs. F15, F16), then `pairs` tasks (target/input overlaps 0..0.8 with memories
/// 0/1, rule `rule`) from the spontaneous state. The linear theory is added where the
/// spontaneous state is a stable fixed point. Returns the points and the measurement.
pub fn measured(
    set: &StudySetup,
    start: Start,
    spont: &SpontaneousSim,
    pairs: usize,
    rule: LearningRule,
    on_task: &(dyn Fn() + Sync),
) -> Result<(Vec<TaskPoint>, MeasuredSpontaneous, Option<FlrTheory>), FlrError> {
    let s = set.spec.sample(set.network_seed)?;
    let state = match (start, s.memories.first()) {
        (Start::Memory, Some(m)) => SpontaneousState::solve(&s.net, &(m * 1.0)).ok(),
        _ => Some(SpontaneousState::origin(&s.net)),
    };
    let x0 = state
        .as_ref()
        .map_or(DVector::zeros(set.spec.n), |st| st.x.clone());
    let th = state.and_then(|st| FlrTheory::new(&s.net, st).ok());
    let meas = spont.measure(&s.net, &x0, set.seed.wrapping_add(17))?;
    let mut out = Vec::new();
    for k in 0..pairs {
        let overlap = 0.8 * k as f64 / (pairs - 1).max(1) as f64;
        let mems = if s.memories.len() > 1 {
            &s.memories[1..]
        } else {
            &s.memories[..0]
        };
        let (xi, eta) = draw_pair(mems, set.spec.n, overlap, set.seed, k as u64);
        let task = LearningTask {
            xi,
            eta,
            u: set.u,
            epsilon: set.epsilon,
            rule,
        };
        let run = set.sim.run_from(
            &s.net,
            &task,
            set.seed.wrapping_add(k as u64),
            &x0,
            Drive::Constant,
        );
        on_task();
        let ev = EvokedMeans::new(
            rule,
            &task.xi,
            &DVector::from_vec(run.x_mean.clone()),
            &DVector::from_vec(run.rate_mean.clone()),
        );
        let mp = meas
            .fluctuations
            .predict(&task.xi, &ev, task.epsilon, s.net.sigma())?;
        out.push(TaskPoint {
            angle_xi: overlap,
            angle_eta: overlap,
            measured_flr1: Some(mp.flr1),
            measured_lagged: mp.lagged,
            measured: run.slope(set.fit.0, set.fit.1),
            ..set.point("measured", &task, th.as_ref())
        });
    }
    Ok((out, meas, th))
}

/// Auto-associative learning (input = target, a new memory) along mode 0 at `angles`
/// (degrees): measured time for `dm` to reach `threshold` against `threshold` over the
/// predicted speed (Eq. F14), with the rule `hebb-target`. The learning rate is set from
/// the theory so that the slowest task is predicted to complete at half of `t_learn`.
pub fn auto_associative(
    set: &StudySetup,
    angles: &[f64],
    threshold: f64,
    on_task: &(dyn Fn() + Sync),
) -> Result<Vec<TaskPoint>, FlrError> {
    let (s, th) = set.network()?;
    let (top, low) = (
        leading_modes(th.covariance(), 1),
        trailing_modes(th.covariance(), 1),
    );
    let rule = LearningRule::HEBB_TARGET;
    let dirs: Vec<DVector<f64>> = angles
        .iter()
        .enumerate()
        .map(|(k, a)| mixed_direction(&top[0], Some(&low[0]), a.to_radians(), set.seed, k as u64))
        .collect();
    let task = |xi: &DVector<f64>, epsilon: f64| LearningTask {
        xi: xi.clone(),
        eta: xi.clone(),
        u: set.u,
        epsilon,
        rule,
    };
    let slowest = dirs
        .iter()
        .map(|d| th.predict(&task(d, 1.0)).map(|p| p.exact))
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .fold(f64::INFINITY, f64::min);
    let epsilon = threshold / (slowest.max(1e-300) * 0.5 * set.sim.t_learn);
    let mut out = Vec::new();
    for (k, (d, a)) in dirs.iter().zip(angles).enumerate() {
        let t = task(d, epsilon);
        let run = set
            .sim
            .run(&s.net, &t, set.seed.wrapping_add(31 * k as u64));
        on_task();
        let pt = set.point("auto", &t, Some(&th));
        out.push(TaskPoint {
            angle_xi: *a,
            angle_eta: *a,
            predicted_time: pt
                .predicted_exact
                .filter(|v| *v > 0.0)
                .map(|v| threshold / v),
            measured_time: run.time_to(threshold),
            measured: run.slope(set.fit.0, set.fit.1),
            ..pt
        });
    }
    Ok(out)
}

/// Time-series generation: input `u eta cos(omega t)`, target `xi cos(omega t)`, plain
/// Hebb, directions as in [`directional`]; measured in-phase amplitude speed against
/// Eqs. F17 (linear theory) and F18 (FLR1).
pub fn periodic(
    set: &StudySetup,
    angles_xi: &[f64],
    angles_eta: &[f64],
    omega: f64,
    on_task: &(dyn Fn() + Sync),
) -> Result<Vec<TaskPoint>, FlrError> {
    let (s, th) = set.network()?;
    let pairs = set.pairs(&th, angles_xi, angles_eta);
    let mut out = Vec::new();
    for (k, pair) in pairs.iter().enumerate() {
        let task = LearningTask {
            xi: pair.xi.clone(),
            eta: pair.eta.clone(),
            u: set.u,
            epsilon: set.epsilon,
            rule: LearningRule::HEBB,
        };
        let p = th.predict_periodic(&task, omega)?;
        let run = set.sim.run_from(
            &s.net,
            &task,
            set.seed.wrapping_add(53 * k as u64),
            &DVector::zeros(set.spec.n),
            Drive::Periodic { omega },
        );
        on_task();
        let Some(measured) = in_phase_speed(&run, omega, set.fit.0, set.fit.1) else {
            continue;
        };
        out.push(TaskPoint {
            angle_xi: pair.angle_xi.to_degrees(),
            angle_eta: pair.angle_eta.to_degrees(),
            predicted_exact: Some(p.exact),
            predicted_flr1: Some(p.flr1),
            predicted_flr2: None,
            measured,
            ..set.point("periodic", &task, Some(&th))
        });
    }
    Ok(out)
}
