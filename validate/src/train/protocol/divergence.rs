//! Divergence during training is an error that names its cause: an unstable Euler map
//! (`dt` or the coupling) when the network's state runs away, the learning rate when the
//! state is bounded but the loss or gradient is not.

use crate::simulate::RUNAWAY_LIMIT;
use crate::train::TrainError;

/// The orthogonal part of the state decays by `|1 - dt| + dt g` per step (theory notes
/// section 8, Eq. E1, with a bulk `g J / sqrt(N)` and `|phi'| <= 1`): a training run with
/// `dt >= 2 / (1 + g)` (`g < 1`) cannot be stable whatever it learns.
pub(crate) fn check_step_size(dt: f64, g: f64) -> Result<(), TrainError> {
    let factor = (1.0 - dt).abs() + dt * g;
    if factor >= 1.0 && g < 1.0 {
        return Err(crate::network::ValidateError::EulerUnstable {
            dt,
            dt_max: 2.0 / (1.0 + g),
            factor,
            part: "orthogonal to the trained directions (x <- (1 - dt) x + noise)",
        }
        .into());
    }
    Ok(())
}

/// A trained coupling beyond this (largest entry of `M` or `W`) was blown up by the
/// learning rate, not by the step size.
const COUPLING_LIMIT: f64 = 1e50;

/// The largest `|entry|` of a coupling, `inf` if any entry is not finite.
pub(crate) fn coupling_max<'a>(entries: impl IntoIterator<Item = &'a f64>) -> f64 {
    entries.into_iter().fold(0.0, |acc: f64, v| {
        if v.is_finite() {
            acc.max(v.abs())
        } else {
            f64::INFINITY
        }
    })
}

/// Checks one training step: a coupling blown up past [`COUPLING_LIMIT`] is the learning
/// rate; a runaway output with a moderate coupling is the Euler map (`dt`); a non-finite
/// loss or gradient with a bounded state is again the learning rate.
pub(crate) fn check_step(
    step: usize,
    dt: f64,
    lr: f64,
    z: &[f64],
    loss: f64,
    grad_finite: bool,
    coupling_max: f64,
) -> Result<(), TrainError> {
    if coupling_max.is_nan() || coupling_max > COUPLING_LIMIT {
        return Err(TrainError::Diverged { step, loss, lr });
    }
    if let Some(&value) = z.iter().find(|v| v.is_nan() || v.abs() > RUNAWAY_LIMIT) {
        return Err(TrainError::StateDiverged { step, dt, value });
    }
    if !loss.is_finite() || !grad_finite {
        return Err(TrainError::Diverged { step, loss, lr });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_step_size_or_the_learning_rate() {
        assert_eq!(
            check_step_size(5.0, 0.0).unwrap_err().to_string(),
            "dt = 5 is too large: the Euler map is unstable in the part orthogonal to the trained directions (x <- (1 - dt) x + noise) (its factor 4 is not below 1); it needs dt < 2: lower dt or weaken the coupling"
        );
        assert!(check_step_size(1.9, 0.0).is_ok());
        // with a bulk g = 0.5 the bound is 2 / 1.5
        assert!(check_step_size(1.4, 0.5).is_err() && check_step_size(1.3, 0.5).is_ok());
        assert_eq!(
            check_step(7, 0.2, 0.01, &[1.0, f64::NAN], f64::NAN, false, 3.0)
                .unwrap_err()
                .to_string(),
            "the network's state ran away at training step 7 (an output is NaN): the Euler map x <- x + dt (-x + W phi(x)) is unstable at dt = 0.2 for the coupling reached; lower dt or the learning rate"
        );
        // at step 0 no update was made: the initial network (its gain) or the noise
        assert_eq!(
            check_step(0, 0.2, 0.01, &[-8.9e298], 1.0, true, 3.0)
                .unwrap_err()
                .to_string(),
            "the network's state ran away at training step 0 (an output is -8.9000e298): the Euler map x <- x + dt (-x + W phi(x)) is unstable at dt = 0.2 for the initial network, before any update; lower dt, g or the noise"
        );
        assert_eq!(
            check_step(3, 0.2, 0.5, &[1.0], f64::INFINITY, true, 3.0)
                .unwrap_err()
                .to_string(),
            "training diverged at step 3: the loss or its gradient is no longer finite (loss inf); lower the learning rate (now 0.5)"
        );
        assert!(check_step(3, 0.2, 0.5, &[1e99], 1.0, true, 3.0).is_ok());
        // a blown-up coupling is the learning rate even when the state runs away
        assert!(
            check_step(3, 0.2, 0.5, &[f64::NAN], f64::NAN, false, f64::INFINITY)
                .unwrap_err()
                .to_string()
                .starts_with("training diverged at step 3: the loss or its gradient")
        );
    }
}
