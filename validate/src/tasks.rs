//! The training tasks of the published study (theory notes section 6), as typed batches.
//!
//! A task produces a [`TaskBatch`]: the number of Euler steps, the input along `w_in`, the
//! initial state, the time points that carry a target, the target of every trial there, and
//! each trial's *condition* (the trials that share a target sequence; the losses of
//! [`crate::measure`] are conditioned on it).
//!
//! Time point `k` is the state `x(k dt)` (index `k` of [`crate::simulate::Trajectory`]);
//! the input `u_k` drives the step from `x(k dt)` to `x((k+1) dt)`.
//!
//! ```
//! use oblique_validate::tasks::FixedPointTask;
//! let task = FixedPointTask::published(1.0);
//! let b = task.batch(4).unwrap();
//! assert_eq!(b.steps, 50); // t_max = 10 at dt = 0.2
//! assert_eq!(b.target_steps, vec![10, 15, 20, 25, 30, 35, 40, 45, 50]); // t = 2, 3, ..., 10
//! assert_eq!(b.targets[(0, 0)], 1.0);
//! assert_eq!(b.targets[(0, 1)], -1.0);
//! ```

use crate::network::{
    check_batch, check_dt, check_finite, check_non_negative, ValidateError, DEFAULT_DT,
};
use crate::simulate::{InitialState, Input, SimConfig};
use nalgebra::DMatrix;

/// A batch of trials of one task, ready to simulate and to score.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskBatch {
    /// Time step.
    pub dt: f64,
    /// Number of Euler steps (time points `0..=steps`).
    pub steps: usize,
    /// The input along `w_in`.
    pub input: Input,
    /// The initial state.
    pub init: InitialState,
    /// Time-point indices with a target, increasing.
    pub target_steps: Vec<usize>,
    /// Targets, `target_steps.len() x batch`.
    pub targets: DMatrix<f64>,
    /// Condition of each trial (`0..n_conditions`), e.g. the sign of the target.
    pub condition: Vec<usize>,
    /// Number of conditions.
    pub n_conditions: usize,
}

impl TaskBatch {
    /// Number of trials.
    pub fn batch(&self) -> usize {
        self.condition.len()
    }

    /// The simulation of this batch with noise seed `seed`.
    pub fn sim_config(&self, seed: u64) -> SimConfig {
        SimConfig {
            batch: self.batch(),
            steps: self.steps,
            input: self.input.clone(),
            init: self.init.clone(),
            seed,
        }
    }
}

/// Number of Euler steps to reach `t_max` (`round(t_max / dt)`, at least 1).
fn steps_for(name: &'static str, t_max: f64, dt: f64) -> Result<usize, ValidateError> {
    check_finite(name, t_max)?;
    let steps = (t_max / dt).round();
    if steps < 1.0 {
        return Err(ValidateError::NoSteps {
            name,
            value: t_max,
            dt,
        });
    }
    Ok(steps as usize)
}

/// The first time-point index `k` with `k dt >= t` (up to rounding).
fn first_step_at(t: f64, dt: f64) -> usize {
    ((t / dt) - 1e-9).ceil().max(0.0) as usize
}

/// The fixed-point task of Fig. 13 (theory notes section 6): a pulse of amplitude
/// `+-pulse` (default `1/dt`) along `w_in` at the first step, then targets `+-z` at every
/// `target_every`-th time point from `t_loss_min` to `t_max`; `x(0) = 0`.
///
/// Trial `b` has sign `+` for even `b` and `-` for odd `b` (condition 0 and 1), so the two
/// conditions are balanced.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FixedPointTask {
    /// Target amplitude `z`.
    pub z: f64,
    /// Time step.
    pub dt: f64,
    /// Trial length.
    pub t_max: f64,
    /// First target time.
    pub t_loss_min: f64,
    /// Spacing of the targets in time points (5 steps = 1 time unit at `dt = 0.2`).
    pub target_every: usize,
    /// Pulse amplitude (the published `1/dt`).
    pub pulse: f64,
}

impl FixedPointTask {
    /// The published set-up: `dt = 0.2`, `t_max = 10`, targets from `t = 2` every 5 steps,
    /// pulse `1/dt`.
    pub fn published(z: f64) -> Self {
        FixedPointTask {
            z,
            dt: DEFAULT_DT,
            t_max: 10.0,
            t_loss_min: 2.0,
            target_every: 5,
            pulse: 1.0 / DEFAULT_DT,
        }
    }

    /// The sign `+-1` of trial `b`.
    pub fn sign(b: usize) -> f64 {
        if b.is_multiple_of(2) {
            1.0
        } else {
            -1.0
        }
    }

    /// A batch of `batch` trials.
    pub fn batch(&self, batch: usize) -> Result<TaskBatch, ValidateError> {
        check_batch(batch)?;
        check_finite("target z", self.z)?;
        check_dt(self.dt)?;
        check_finite("pulse amplitude", self.pulse)?;
        check_non_negative("t_loss_min", self.t_loss_min)?;
        let steps = steps_for("t_max", self.t_max, self.dt)?;
        if self.target_every == 0 {
            return Err(ValidateError::OutOfRange(
                "target spacing = 0: targets must be at least 1 step apart".into(),
            ));
        }
        let first = first_step_at(self.t_loss_min, self.dt);
        if first > steps {
            return Err(ValidateError::OutOfRange(format!(
                "t_loss_min = {} is after t_max = {}: no target time points",
                self.t_loss_min, self.t_max
            )));
        }
        let target_steps: Vec<usize> = (first..=steps).step_by(self.target_every).collect();
        let targets = DMatrix::from_fn(target_steps.len(), batch, |_, b| Self::sign(b) * self.z);
        Ok(TaskBatch {
            dt: self.dt,
            steps,
            input: Input::Pulse((0..batch).map(|b| Self::sign(b) * self.pulse).collect()),
            init: InitialState::Zero,
            target_steps,
            targets,
            condition: (0..batch).map(|b| b % 2).collect(),
            n_conditions: 2,
        })
    }
}

/// The constant-input task of Fig. 10 (theory notes sections 5 and 6).
///
/// Input `u` (default 1) along `w_in` at every step, target `z` at every time point with
/// `t >= t_target` (default 15) up to `t_max` (default 20); `x(0) = 0`; one condition.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ConstantInputTask {
    /// Target `z`.
    pub z: f64,
    /// Constant input `u`.
    pub u: f64,
    /// Time step.
    pub dt: f64,
    /// Trial length.
    pub t_max: f64,
    /// First target time.
    pub t_target: f64,
}

impl ConstantInputTask {
    /// The published set-up: `u = 1`, `dt = 0.2`, `t_max = 20`, targets for `t >= 15`.
    pub fn published(z: f64) -> Self {
        ConstantInputTask {
            z,
            u: 1.0,
            dt: DEFAULT_DT,
            t_max: 20.0,
            t_target: 15.0,
        }
    }

    /// A batch of `batch` trials.
    pub fn batch(&self, batch: usize) -> Result<TaskBatch, ValidateError> {
        check_batch(batch)?;
        check_finite("target z", self.z)?;
        check_finite("input u", self.u)?;
        check_dt(self.dt)?;
        check_non_negative("t_target", self.t_target)?;
        let steps = steps_for("t_max", self.t_max, self.dt)?;
        let first = first_step_at(self.t_target, self.dt);
        if first > steps {
            return Err(ValidateError::OutOfRange(format!(
                "t_target = {} is after t_max = {}: no target time points",
                oblique_theory::format::num(self.t_target),
                oblique_theory::format::num(self.t_max)
            )));
        }
        let target_steps: Vec<usize> = (first..=steps).collect();
        Ok(TaskBatch {
            dt: self.dt,
            steps,
            input: Input::Constant(self.u),
            init: InitialState::Zero,
            targets: DMatrix::from_element(target_steps.len(), batch, self.z),
            target_steps,
            condition: vec![0; batch],
            n_conditions: 1,
        })
    }
}

impl ConstantInputTask {
    /// What one SGD step on this task sees, for the theory's SGD moments
    /// (`oblique_theory::linear::sgd_moments`): the Euler step, the trial length, the scored
    /// steps (every step from the first target time) and the batch size.
    ///
    /// ```
    /// use oblique_validate::tasks::ConstantInputTask;
    /// let w = ConstantInputTask::published(1.0).sgd_window(32).unwrap();
    /// assert_eq!((w.steps, w.first_target, w.target_every, w.batch), (100, 75, 1, 32));
    /// ```
    pub fn sgd_window(
        &self,
        batch: usize,
    ) -> Result<oblique_theory::linear::BatchWindow, ValidateError> {
        let trial = self.batch(batch)?;
        Ok(oblique_theory::linear::BatchWindow {
            dt: trial.dt,
            steps: trial.steps,
            first_target: trial.target_steps[0],
            target_every: 1,
            batch,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_point_task_has_the_published_layout() {
        let b = FixedPointTask::published(1.5).batch(3).unwrap();
        assert_eq!(b.steps, 50);
        assert_eq!(b.target_steps.len(), 9);
        assert_eq!(b.condition, vec![0, 1, 0]);
        assert_eq!(b.input.value(0, 0), 5.0);
        assert_eq!(b.input.value(0, 1), -5.0);
        assert_eq!(b.input.value(1, 0), 0.0);
        assert_eq!(
            b.targets.column(1).iter().copied().collect::<Vec<_>>(),
            vec![-1.5; 9]
        );
        let c = b.sim_config(7);
        assert_eq!((c.batch, c.steps, c.seed), (3, 50, 7));
    }

    #[test]
    fn constant_input_task_has_the_published_layout() {
        let b = ConstantInputTask::published(1.0).batch(2).unwrap();
        assert_eq!(b.steps, 100);
        assert_eq!(b.target_steps.first(), Some(&75));
        assert_eq!(b.target_steps.last(), Some(&100));
        assert_eq!(b.target_steps.len(), 26);
        assert_eq!(b.input.value(99, 1), 1.0);
        assert_eq!(b.n_conditions, 1);
    }

    #[test]
    fn bad_tasks_get_exact_messages() {
        let t = FixedPointTask::published(1.0);
        assert_eq!(
            t.batch(0).unwrap_err().to_string(),
            "batch = 0: the batch size must be at least 1"
        );
        let bad = FixedPointTask {
            t_max: 0.05,
            ..t.clone()
        };
        assert_eq!(
            bad.batch(2).unwrap_err().to_string(),
            "t_max = 0.05 gives no time steps: it must be at least dt = 0.2"
        );
        let bad = FixedPointTask {
            t_loss_min: 11.0,
            ..t.clone()
        };
        assert_eq!(
            bad.batch(2).unwrap_err().to_string(),
            "t_loss_min = 11 is after t_max = 10: no target time points"
        );
        let bad = FixedPointTask {
            dt: -0.2,
            ..t.clone()
        };
        assert_eq!(
            bad.batch(2).unwrap_err().to_string(),
            "dt = -0.2 is invalid: the time step must be positive and finite"
        );
        let bad = ConstantInputTask {
            z: f64::INFINITY,
            ..ConstantInputTask::published(1.0)
        };
        assert_eq!(
            bad.batch(2).unwrap_err().to_string(),
            "target z = inf is not finite: it must be a finite number"
        );
    }
}
