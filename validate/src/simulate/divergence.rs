//! Runaway detection for a finished simulation: the first time point at which an output
//! or a latent is not finite or exceeds [`RUNAWAY_LIMIT`], and the trajectory up to just
//! before it.
//!
//! A stable Euler map of a network with a bounded nonlinearity keeps every state of order
//! `|M|` (`kappa = U^T x / N` is bounded by the drive `dt M U^T phi(x) / N` over the decay
//! `1 - |1 - dt|`), so a state beyond `RUNAWAY_LIMIT` (or `inf`/`NaN`) means the map is
//! unstable: `dt` too large for the coupling, never a result.

use super::{Latents, Trajectory};
use oblique_theory::format::num;

/// States (outputs or latents) larger than this in magnitude count as runaway.
pub const RUNAWAY_LIMIT: f64 = 1e100;

/// A simulation whose state ran away: where, what, and the trajectory before it.
#[derive(Debug, Clone, PartialEq)]
pub struct Divergence {
    /// The first time point (`0..=steps`) with a non-finite or runaway value.
    pub step: usize,
    /// Its time `step dt`.
    pub time: f64,
    /// The offending value (`inf`, `NaN` or beyond [`RUNAWAY_LIMIT`]).
    pub value: f64,
    /// The Euler step.
    pub dt: f64,
    /// The trajectory at time points `0..step` (what was computed before the divergence).
    pub partial: Trajectory,
}

impl std::fmt::Display for Divergence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let what = if self.value.is_finite() {
            format!(
                "|state| = {} beyond {}",
                num(self.value.abs()),
                num(RUNAWAY_LIMIT)
            )
        } else {
            format!("the state is {}", self.value)
        };
        write!(
            f,
            "the simulation diverged at step {} (t = {}): {what}; the Euler map x <- x + dt (-x + W phi(x)) is unstable at dt = {}: lower dt or weaken the coupling M (the {} time points before it were kept)",
            self.step,
            num(self.time),
            num(self.dt),
            self.step
        )
    }
}

fn bad(v: f64) -> bool {
    v.is_nan() || v.abs() > RUNAWAY_LIMIT
}

/// The first time point of `traj` with a bad output or latent, or `None`.
fn first_bad(traj: &Trajectory) -> Option<(usize, f64)> {
    let rows = traj.outputs.nrows();
    let mats = std::iter::once(&traj.outputs).chain(
        traj.latents
            .iter()
            .flat_map(|l| [&l.kappa1, &l.kappa2].into_iter()),
    );
    let mut best: Option<(usize, f64)> = None;
    for m in mats {
        // column-major: scan each trial's column, keep the earliest row
        for col in m.column_iter() {
            let limit = best.map_or(rows, |(k, _)| k);
            if let Some(k) = col.iter().take(limit).position(|&v| bad(v)) {
                best = Some((k, col[k]));
            }
        }
    }
    best
}

/// Checks a finished trajectory; on a runaway state returns the [`Divergence`] with the
/// time points before it.
pub fn check(traj: Trajectory) -> Result<Trajectory, Box<Divergence>> {
    let Some((step, value)) = first_bad(&traj) else {
        return Ok(traj);
    };
    let keep = |m: &nalgebra::DMatrix<f64>| m.rows(0, step).into_owned();
    let partial = Trajectory {
        dt: traj.dt,
        outputs: keep(&traj.outputs),
        latents: traj.latents.as_ref().map(|l| Latents {
            kappa1: keep(&l.kappa1),
            kappa2: keep(&l.kappa2),
        }),
        final_state: traj.final_state.clone(),
    };
    Err(Box::new(Divergence {
        step,
        time: step as f64 * traj.dt,
        value,
        dt: traj.dt,
        partial,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use nalgebra::DMatrix;

    fn traj(outputs: DMatrix<f64>) -> Trajectory {
        let n = outputs.ncols();
        Trajectory {
            dt: 0.5,
            latents: None,
            final_state: DMatrix::zeros(2, n),
            outputs,
        }
    }

    #[test]
    fn finite_bounded_trajectories_pass_unchanged() {
        let t = traj(DMatrix::from_fn(5, 3, |k, b| (k + b) as f64));
        assert_eq!(check(t.clone()).unwrap(), t);
    }

    #[test]
    fn the_earliest_bad_point_over_all_trials_is_reported_with_what_came_before() {
        let mut o = DMatrix::from_element(6, 3, 1.0);
        o[(4, 0)] = f64::NAN;
        o[(3, 2)] = 2e100;
        let d = check(traj(o)).unwrap_err();
        assert_eq!((d.step, d.value, d.time), (3, 2e100, 1.5));
        assert_eq!(d.partial.outputs.shape(), (3, 3));
        assert_eq!(
            d.to_string(),
            "the simulation diverged at step 3 (t = 1.5): |state| = 2.0000e100 beyond 1.0000e100; the Euler map x <- x + dt (-x + W phi(x)) is unstable at dt = 0.5: lower dt or weaken the coupling M (the 3 time points before it were kept)"
        );
        let mut o = DMatrix::from_element(4, 2, 1.0);
        o[(1, 1)] = f64::INFINITY;
        assert!(check(traj(o))
            .unwrap_err()
            .to_string()
            .contains("at step 1 (t = 0.5): the state is inf;"));
    }
}
