//! The checked set-up of a linear run, shared by the command `oblique linear` and the
//! Python `oblique.linear`: the task, the schedule and the initial coefficients M0 are
//! checked first, then the integrator's tolerance, then the flow options are built. Each
//! error says which input is wrong, so that a caller prefixes the name of its own
//! parameter (a command-line flag or a Python keyword).

use super::{FlowOptions, FlowSpace, LinearError, LinearTask, Schedule, TimeModel};
use nalgebra::Matrix2;

/// Which input of a linear run is wrong, with the reason.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SetupError {
    /// The task or the schedule (the library error names the parameter).
    #[error(transparent)]
    Task(LinearError),
    /// W0 - I with W0 = U M0 U^T is not stable, or the loss at M0 cannot be computed.
    #[error(transparent)]
    M0(LinearError),
    /// The integrator's relative tolerance is not in (0, 1).
    #[error("{} must lie strictly between 0 and 1", crate::format::num(*.rtol))]
    Rtol {
        /// the requested relative tolerance
        rtol: f64,
    },
    /// The Euler step of the simulated map is not usable.
    #[error(transparent)]
    Dt(LinearError),
}

/// A linear run whose task, schedule, M0 and tolerance have been checked.
#[derive(Debug, Clone, Copy)]
pub struct FlowSetup {
    /// N, rho sqrt(N), sigma, z
    pub task: LinearTask,
    /// learning rate, steps per phase, samples
    pub schedule: Schedule,
    /// W0 = U M0 U^T
    pub m0: Matrix2<f64>,
    /// relative tolerance of the integrator, in (0, 1)
    pub rtol: f64,
}

impl FlowSetup {
    /// Checks, in this order, the task, the schedule, the stability of W0 - I (the loss at
    /// M0, Eqs. 21-24) and the relative tolerance.
    pub fn new(
        task: LinearTask,
        schedule: Schedule,
        m0: Matrix2<f64>,
        rtol: f64,
    ) -> Result<Self, SetupError> {
        task.validate().map_err(SetupError::Task)?;
        schedule.validate().map_err(SetupError::Task)?;
        task.subspace_network(m0)
            .loss(task.target)
            .map_err(SetupError::M0)?;
        if !(rtol > 0.0 && rtol < 1.0) {
            return Err(SetupError::Rtol { rtol });
        }
        Ok(FlowSetup {
            task,
            schedule,
            m0,
            rtol,
        })
    }

    /// The flow options in `space` (absolute tolerance rtol x 1e-3) following the
    /// continuous-time loss, or with `dt` the loss of the Euler map with that step
    /// (Eqs. L22-L25), checked to be finite at M0.
    pub fn options(&self, space: FlowSpace, dt: Option<f64>) -> Result<FlowOptions, SetupError> {
        let mut options = FlowOptions {
            space,
            m0: self.m0,
            ..FlowOptions::default()
        };
        options.ode.rtol = self.rtol;
        options.ode.atol = self.rtol * 1e-3;
        if let Some(dt) = dt {
            options.time = TimeModel::Euler { dt };
            options.time.validate().map_err(SetupError::Dt)?;
            self.task
                .subspace_network(self.m0)
                .loss_in(self.task.target, options.time)
                .map_err(SetupError::Dt)?;
        }
        Ok(options)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task() -> LinearTask {
        LinearTask {
            n: 64,
            rho_sqrt_n: -0.5,
            sigma: 1.0,
            target: 1.0,
        }
    }

    fn schedule() -> Schedule {
        Schedule {
            lr: 0.002,
            fast_steps: 10,
            slow_steps: 10,
            samples: 5,
        }
    }

    #[test]
    fn options_carry_the_tolerances_and_the_time_model() {
        let s = FlowSetup::new(task(), schedule(), Matrix2::zeros(), 1e-6).unwrap();
        let o = s.options(FlowSpace::RankTwo, Some(0.1)).unwrap();
        assert_eq!(o.ode.rtol, 1e-6);
        assert!((o.ode.atol - 1e-9).abs() < 1e-24);
        assert_eq!(o.time, TimeModel::Euler { dt: 0.1 });
        let o = s.options(FlowSpace::RankTwo, None).unwrap();
        assert_eq!(o.time, TimeModel::Continuous);
    }

    #[test]
    fn each_bad_input_is_named() {
        let err = FlowSetup::new(task(), schedule(), Matrix2::zeros(), 1.0).unwrap_err();
        assert_eq!(err, SetupError::Rtol { rtol: 1.0 });
        assert_eq!(err.to_string(), "1 must lie strictly between 0 and 1");
        let err = SetupError::Rtol { rtol: 1e300 };
        assert_eq!(
            err.to_string(),
            "1.0000e300 must lie strictly between 0 and 1"
        );
        let bad = LinearTask { n: 1, ..task() };
        let err = FlowSetup::new(bad, schedule(), Matrix2::zeros(), 1e-6).unwrap_err();
        assert!(matches!(
            err,
            SetupError::Task(LinearError::SizeTooSmall { n: 1 })
        ));
        // W0 - I unstable: M0 = 2 I
        let m0 = Matrix2::identity() * 2.0;
        let err = FlowSetup::new(task(), schedule(), m0, 1e-6).unwrap_err();
        assert!(matches!(err, SetupError::M0(_)), "{err:?}");
        let s = FlowSetup::new(task(), schedule(), Matrix2::zeros(), 1e-6).unwrap();
        let err = s.options(FlowSpace::RankTwo, Some(-0.1)).unwrap_err();
        assert!(matches!(err, SetupError::Dt(_)), "{err:?}");
    }
}
