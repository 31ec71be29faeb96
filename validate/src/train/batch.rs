//! A batch of trials as the BPTT sees it: scalar inputs along `w_in` at every Euler step,
//! and targets for the output `z = w_out . x` at selected steps.

use super::TrainError;

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
    /// The fixed-point pulse task (theory notes section 6, Fig. 13): trial `b` gets sign
    /// `s_b = +1` for even `b` and `-1` for odd `b` (balanced), a pulse `s_b / dt` at the
    /// first step, and target `s_b z` at every `every`-th step from `t_loss_min` to
    /// `t_max` (`every = 5`, `t_loss_min = 2`, `t_max = 10` in the paper).
    pub fn pulse(
        batch: usize,
        dt: f64,
        t_max: f64,
        t_loss_min: f64,
        every: usize,
        z: f64,
    ) -> Result<Self, TrainError> {
        let (n_steps, k_min) = steps(batch, dt, t_max, t_loss_min, z)?;
        let every = every.max(1);
        let loss_steps: Vec<usize> = (k_min..=n_steps).step_by(every).collect();
        let mut inputs = vec![0.0; batch * n_steps];
        let mut targets = Vec::with_capacity(batch * loss_steps.len());
        for b in 0..batch {
            let s = if b % 2 == 0 { 1.0 } else { -1.0 };
            inputs[b * n_steps] = s / dt;
            targets.extend(std::iter::repeat_n(s * z, loss_steps.len()));
        }
        Ok(TrialBatch {
            batch,
            n_steps,
            inputs,
            loss_steps,
            targets,
        })
    }

    /// The constant-input task of Fig. 10 (theory notes sections 5, 6): input `u` at every
    /// step, target `z` at every state with `t >= t_loss_min`.
    pub fn constant(
        batch: usize,
        dt: f64,
        t_max: f64,
        t_loss_min: f64,
        u: f64,
        z: f64,
    ) -> Result<Self, TrainError> {
        if !u.is_finite() {
            return Err(TrainError::NonFinite {
                name: "input",
                value: u,
            });
        }
        let (n_steps, k_min) = steps(batch, dt, t_max, t_loss_min, z)?;
        let loss_steps: Vec<usize> = (k_min..=n_steps).collect();
        Ok(TrialBatch {
            batch,
            n_steps,
            inputs: vec![u; batch * n_steps],
            targets: vec![z; batch * loss_steps.len()],
            loss_steps,
        })
    }

    /// Number of loss time points `K`.
    pub fn n_loss(&self) -> usize {
        self.loss_steps.len()
    }

    /// Checks the sizes and values.
    pub fn validate(&self) -> Result<(), TrainError> {
        if self.batch == 0 {
            return Err(TrainError::EmptyBatch);
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
        for &v in self.inputs.iter() {
            if !v.is_finite() {
                return Err(TrainError::NonFinite {
                    name: "input",
                    value: v,
                });
            }
        }
        for &v in self.targets.iter() {
            if !v.is_finite() {
                return Err(TrainError::NonFinite {
                    name: "target",
                    value: v,
                });
            }
        }
        Ok(())
    }
}

/// `(T, k_min)`: the number of Euler steps to `t_max` and the first loss index.
fn steps(
    batch: usize,
    dt: f64,
    t_max: f64,
    t_loss_min: f64,
    z: f64,
) -> Result<(usize, usize), TrainError> {
    if batch == 0 {
        return Err(TrainError::EmptyBatch);
    }
    if !(dt.is_finite() && dt > 0.0) {
        return Err(TrainError::BadDt(dt));
    }
    for (name, value) in [
        ("t_max", t_max),
        ("t_loss_min", t_loss_min),
        ("target z", z),
    ] {
        if !value.is_finite() {
            return Err(TrainError::NonFinite { name, value });
        }
    }
    let n_steps = (t_max / dt + 1e-9).floor();
    if n_steps < 1.0 {
        return Err(TrainError::BadBatch(format!(
            "t_max = {t_max} gives no time steps: it must be at least dt = {dt}"
        )));
    }
    let n_steps = n_steps as usize;
    let k_min = ((t_loss_min / dt) - 1e-9).ceil().max(1.0) as usize;
    if k_min > n_steps {
        return Err(TrainError::BadBatch(format!(
            "t_loss_min = {t_loss_min} is after t_max = {t_max}: the loss window would be empty"
        )));
    }
    Ok((n_steps, k_min))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pulse_task_matches_the_paper() {
        let b = TrialBatch::pulse(4, 0.2, 10.0, 2.0, 5, 1.0).unwrap();
        assert_eq!(b.n_steps, 50);
        assert_eq!(b.loss_steps, vec![10, 15, 20, 25, 30, 35, 40, 45, 50]);
        assert_eq!(b.inputs[0], 5.0);
        assert_eq!(b.inputs[50], -5.0);
        assert_eq!(b.inputs[1], 0.0);
        assert_eq!(b.targets[9], -1.0);
        b.validate().unwrap();
    }

    #[test]
    fn constant_task_matches_fig_10() {
        let b = TrialBatch::constant(2, 0.2, 20.0, 15.0, 1.0, 1.0).unwrap();
        assert_eq!(b.n_steps, 100);
        assert_eq!(b.loss_steps.len(), 26);
        assert_eq!(b.loss_steps[0], 75);
    }

    #[test]
    fn bad_tasks_name_the_parameter() {
        let e = |r: Result<TrialBatch, TrainError>| r.unwrap_err().to_string();
        assert_eq!(
            e(TrialBatch::pulse(0, 0.2, 10.0, 2.0, 5, 1.0)),
            "batch = 0: the batch size must be at least 1"
        );
        assert_eq!(
            e(TrialBatch::pulse(2, 0.0, 10.0, 2.0, 5, 1.0)),
            "dt = 0 is invalid: the time step must be positive and finite"
        );
        assert_eq!(
            e(TrialBatch::constant(2, 0.2, 20.0, 25.0, 1.0, 1.0)),
            "t_loss_min = 25 is after t_max = 20: the loss window would be empty"
        );
        assert_eq!(
            e(TrialBatch::constant(2, 0.2, 20.0, 15.0, 1.0, f64::NAN)),
            "target z = NaN is not finite: it must be a finite number"
        );
    }
}
