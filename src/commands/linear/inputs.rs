//! The checked inputs of `oblique linear`: the task, the schedule, the flow options and
//! the training window of the SGD moment theory. Errors name the command-line flag.

use crate::commands::CommandError;
use nalgebra::Matrix2;
use oblique_theory::linear::{
    BatchWindow, FlowOptions, FlowSetup, FlowSpace, LinearError, LinearTask, RankTwoBasis,
    Schedule, SetupError, TimeModel,
};
use oblique_validate::budget::Machine;
use oblique_validate::tasks::ConstantInputTask;

/// Sampled learning times per phase when not given (`--samples`).
pub const DEFAULT_SAMPLES: usize = 201;

/// The values of the flags, typed but not yet checked against each other.
#[derive(Debug, Clone, Copy)]
pub struct LinearSpec {
    /// N, rho sqrt(N), sigma, z
    pub task: LinearTask,
    /// learning rate, steps per phase, samples
    pub schedule: Schedule,
    /// W0 = U M0 U^T
    pub m0: Matrix2<f64>,
    /// integrate all N^2 entries of W instead of the rank-two subspace
    pub full_space: bool,
    /// relative tolerance of the integrator, in (0, 1)
    pub rtol: f64,
    /// Euler step of the simulated map (`--dt`)
    pub dt: Option<f64>,
    /// the SGD moment theory (`--batch`, `--t-max`, `--t-loss-min`)
    pub sgd: Option<SgdSpec>,
}

/// The simulated training of the SGD moment theory.
#[derive(Debug, Clone, Copy)]
pub struct SgdSpec {
    /// trials per step (>= 1)
    pub batch: usize,
    /// trial length
    pub t_max: f64,
    /// first target time
    pub t_loss_min: f64,
}

/// The parsed, validated inputs of `oblique linear`.
pub struct Inputs {
    pub task: LinearTask,
    pub schedule: Schedule,
    pub options: FlowOptions,
    /// the training window of the SGD moment theory (`--batch`)
    pub sgd: Option<BatchWindow>,
}

/// Prefixes a library error with the command-line flag it concerns.
pub fn flag_error(e: LinearError) -> CommandError {
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
        Some(flag) => CommandError::LinearFlag { flag, error: e },
        None => CommandError::Linear(e),
    }
}

/// Prefixes a set-up error with the command-line flag it concerns.
fn setup_error(e: SetupError) -> CommandError {
    match e {
        SetupError::Task(e) | SetupError::M0(e) => flag_error(e),
        SetupError::Rtol { .. } => CommandError::LinearSetup {
            flag: "--rtol",
            error: e,
        },
        SetupError::Dt(_) => CommandError::LinearSetup {
            flag: "--dt",
            error: e,
        },
    }
}

impl Inputs {
    /// Checks `spec` (errors name the flag) and the cost of the SGD theory.
    pub fn new(spec: &LinearSpec) -> Result<Inputs, CommandError> {
        let setup =
            FlowSetup::new(spec.task, spec.schedule, spec.m0, spec.rtol).map_err(setup_error)?;
        oblique_validate::budget::linear_flow_cost(
            spec.task.n,
            spec.schedule.samples,
            spec.full_space,
        )
        .check(&Machine::detect())?;
        let space = match spec.full_space {
            true => FlowSpace::Full(RankTwoBasis::standard(spec.task.n)),
            false => FlowSpace::RankTwo,
        };
        let options = setup.options(space, spec.dt).map_err(setup_error)?;
        let (task, schedule) = (setup.task, setup.schedule);
        let sgd = match &spec.sgd {
            None => None,
            Some(s) => Some(sgd_window(&task, &schedule, &options, s)?),
        };
        Ok(Inputs {
            task,
            schedule,
            options,
            sgd,
        })
    }
}

/// The training window of the SGD theory, after its resource check.
fn sgd_window(
    task: &LinearTask,
    schedule: &Schedule,
    options: &FlowOptions,
    s: &SgdSpec,
) -> Result<BatchWindow, CommandError> {
    let TimeModel::Euler { dt } = options.time else {
        return Err(CommandError::SgdNeedsDt);
    };
    let sim = ConstantInputTask {
        z: task.target,
        u: 1.0,
        dt,
        t_max: s.t_max,
        t_target: s.t_loss_min,
    };
    let time_points = (sim.t_max / dt).ceil().min(9e15) as usize;
    oblique_validate::budget::sgd_moments_cost(
        time_points,
        schedule.fast_steps.saturating_add(schedule.slow_steps) as usize,
        s.batch,
    )
    .check(&Machine::detect())?;
    sim.sgd_window(s.batch).map_err(CommandError::SgdWindow)
}
