//! A batch of trials as the BPTT sees it: scalar inputs along `w_in` at every Euler step,
//! and targets for the output `z = w_out . x` at selected steps.

use super::TrainError;
use crate::network::{check_all_finite, check_batch};
use crate::simulate::InitialState;
use crate::tasks::{ConstantInputTask, FixedPointTask, TaskBatch};

/// The inputs and targets of one batch.
///
/// States are `x_0 = 0, x_1, ..., x_T` (`T = n_steps`, time `k dt`). Step `k` uses input
/// `u_k = inputs[b * T + k]` for trial `b`; the loss compares `z_k` with
/// `targets[b * K + j]` at the `K` state indices `loss_steps[j]` (each in `1..=T`).
#[derive(Debug, Clone, PartialEq)]
pub struct TrialBatch {
    /// Number of trials `B`.
    pub batch: usize,
    /// Euler steps per trial `T`.
    pub n_steps: usize,
    /// `B x T` inputs, trial-major.
    pub inputs: Vec<f64>,
    /// The `K` state indices entering the loss, increasing, in `1..=T`.
    pub loss_steps: Vec<usize>,
    /// `B x K` targets, trial-major.
    pub targets: Vec<f64>,
}

impl TrialBatch {
    /// The BPTT view of a task batch of [`crate::tasks`] (e.g.
    /// [`crate::tasks::FixedPointTask`] for Fig. 13, [`crate::tasks::ConstantInputTask`] for
    /// Fig. 10). Training starts from `x(0) = 0`, so the task must too, and its targets must
    /// lie after `t = 0`.
    ///
    /// ```
    /// use oblique_validate::tasks::FixedPointTask;
    /// use oblique_validate::train::TrialBatch;
    /// let b = TrialBatch::from_task(&FixedPointTask::published(1.0).batch(4).unwrap()).unwrap();
    /// assert_eq!((b.n_steps, b.loss_steps[0], b.inputs[0], b.inputs[50]), (50, 10, 5.0, -5.0));
    /// ```
    pub fn from_task(task: &TaskBatch) -> Result<Self, TrainError> {
        if task.init != InitialState::Zero {
            return Err(TrainError::BadBatch(
                "training starts every trial at x(0) = 0: the task's initial state must be zero"
                    .into(),
            ));
        }
        let batch = task.batch();
        let t = task.steps;
        task.input.validate(t, batch)?;
        let mut inputs = vec![0.0; batch * t];
        for b in 0..batch {
            for k in 0..t {
                inputs[b * t + k] = task.input.value(k, b);
            }
        }
        let kk = task.target_steps.len();
        if task.targets.shape() != (kk, batch) {
            return Err(TrainError::BadBatch(format!(
                "targets are {} x {}, expected target steps x batch = {kk} x {batch}",
                task.targets.nrows(),
                task.targets.ncols()
            )));
        }
        let mut targets = vec![0.0; batch * kk];
        for b in 0..batch {
            for j in 0..kk {
                targets[b * kk + j] = task.targets[(j, b)];
            }
        }
        let out = TrialBatch {
            batch,
            n_steps: t,
            inputs,
            loss_steps: task.target_steps.clone(),
            targets,
        };
        out.validate()?;
        Ok(out)
    }

    /// [`Self::from_task`] of `batch` trials of the fixed-point task (Fig. 13).
    pub fn fixed_point(task: &FixedPointTask, batch: usize) -> Result<Self, TrainError> {
        Self::from_task(&task.batch(batch)?)
    }

    /// [`Self::from_task`] of `batch` trials of the constant-input task (Fig. 10).
    pub fn constant_input(task: &ConstantInputTask, batch: usize) -> Result<Self, TrainError> {
        Self::from_task(&task.batch(batch)?)
    }

    /// Number of loss time points `K`.
    pub fn n_loss(&self) -> usize {
        self.loss_steps.len()
    }

    /// Checks the sizes and values.
    pub fn validate(&self) -> Result<(), TrainError> {
        check_batch(self.batch)?;
        if self.loss_steps.first() == Some(&0) {
            return Err(TrainError::BadBatch(
                "a target at t = 0 cannot be trained: x(0) = 0 does not depend on the weights; \
                 start the loss window after t = 0"
                    .into(),
            ));
        }
        if self.inputs.len() != self.batch * self.n_steps
            || self.targets.len() != self.batch * self.loss_steps.len()
            || self.loss_steps.is_empty()
            || self.loss_steps.windows(2).any(|w| w[0] >= w[1])
            || self.loss_steps[0] == 0
            || *self.loss_steps.last().unwrap() > self.n_steps
        {
            return Err(TrainError::BadBatch(format!(
                "inconsistent trial batch: {} trials, {} steps, {} inputs, loss steps {:?}, {} targets",
                self.batch,
                self.n_steps,
                self.inputs.len(),
                self.loss_steps,
                self.targets.len()
            )));
        }
        check_all_finite("input", self.inputs.iter())?;
        check_all_finite("target", self.targets.iter())?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pulse_task_matches_the_paper() {
        let b = TrialBatch::from_task(&FixedPointTask::published(1.0).batch(4).unwrap()).unwrap();
        assert_eq!(b.n_steps, 50);
        assert_eq!(b.loss_steps, vec![10, 15, 20, 25, 30, 35, 40, 45, 50]);
        assert_eq!(b.inputs[0], 5.0);
        assert_eq!(b.inputs[50], -5.0);
        assert_eq!(b.inputs[1], 0.0);
        assert_eq!(b.targets[9], -1.0);
        assert_eq!(b.targets[0], 1.0);
    }

    #[test]
    fn constant_task_matches_fig_10() {
        let b =
            TrialBatch::from_task(&ConstantInputTask::published(1.0).batch(2).unwrap()).unwrap();
        assert_eq!(b.n_steps, 100);
        assert_eq!(b.loss_steps.len(), 26);
        assert_eq!(b.loss_steps[0], 75);
        assert!(b.inputs.iter().all(|&u| u == 1.0));
    }

    #[test]
    fn bad_batches_are_explained() {
        let mut task = ConstantInputTask::published(1.0);
        task.t_target = 0.0;
        assert_eq!(
            TrialBatch::from_task(&task.batch(2).unwrap())
                .unwrap_err()
                .to_string(),
            "a target at t = 0 cannot be trained: x(0) = 0 does not depend on the weights; \
             start the loss window after t = 0"
        );
        let mut b = FixedPointTask::published(1.0).batch(2).unwrap();
        b.init = InitialState::Latent(vec![nalgebra::Vector2::new(0.1, 0.2); 2]);
        assert_eq!(
            TrialBatch::from_task(&b).unwrap_err().to_string(),
            "training starts every trial at x(0) = 0: the task's initial state must be zero"
        );
    }
}
