//! The finite-time optimum: the symmetric `M` with a given `lambda-` that minimises the
//! pulse task's mean-field loss (notes Eq. T6), by Nelder-Mead over `(lambda+, theta)`.

use super::{FiniteTimeError, FiniteTimeModel, FiniteTimeStatistics, PulseTask};
use crate::optimum::OptimumProblem;
use crate::rank_two::{lambda_plus_min, Activation, NoiseLevel};
use argmin::core::{CostFunction, Executor};
use argmin::solver::neldermead::NelderMead;
use nalgebra::{Matrix2, Vector2};

/// The family searched: symmetric `M = lambda+ v+ v+^T + lambda- v- v-^T` with
/// `v+ = (cos theta, sin theta)`, `v- = (-sin theta, cos theta)` and `lambda-` fixed.
#[derive(Debug, Clone, Copy)]
pub struct OptimumSearch<'a> {
    /// Noise level.
    pub noise: NoiseLevel,
    /// Nonlinearity.
    pub nonlinearity: Activation<'a>,
    /// Network size.
    pub n: usize,
    /// Target output `z`.
    pub target: f64,
    /// The fixed `lambda-`.
    pub lambda_minus: f64,
    /// The task.
    pub task: &'a PulseTask,
}

/// The minimiser of Eq. T6 and the statistics there.
#[derive(Debug, Clone, PartialEq)]
pub struct FiniteTimeOptimum {
    /// `lambda+` at the optimum.
    pub lambda_plus: f64,
    /// Angle of `v+` to `e_1` (radians).
    pub theta: f64,
    /// The optimal `M`.
    pub m: Matrix2<f64>,
    /// Its loss-window statistics.
    pub statistics: FiniteTimeStatistics,
}

/// `M(lambda+, theta)` of the searched family.
pub fn symmetric_m(lambda_plus: f64, lambda_minus: f64, theta: f64) -> Matrix2<f64> {
    let vp = Vector2::new(theta.cos(), theta.sin());
    let vm = Vector2::new(-theta.sin(), theta.cos());
    vp * vp.transpose() * lambda_plus + vm * vm.transpose() * lambda_minus
}

struct Loss<'a> {
    search: OptimumSearch<'a>,
}

impl CostFunction for Loss<'_> {
    type Param = Vec<f64>;
    type Output = f64;
    fn cost(&self, x: &Vec<f64>) -> Result<f64, argmin::core::Error> {
        // outside the valid family (diverging map, lambda+ below lambda-): a huge cost
        Ok(self
            .search
            .statistics(x[0], x[1])
            .map(|s| s.loss)
            .unwrap_or(1e300))
    }
}

impl OptimumSearch<'_> {
    /// The loss-window statistics at `(lambda+, theta)`.
    pub fn statistics(
        &self,
        lambda_plus: f64,
        theta: f64,
    ) -> Result<FiniteTimeStatistics, FiniteTimeError> {
        FiniteTimeModel {
            noise: self.noise,
            nonlinearity: self.nonlinearity,
            n: self.n,
            target: self.target,
            m: symmetric_m(lambda_plus, self.lambda_minus, theta),
            task: self.task,
        }
        .statistics()
    }

    /// Minimises the finite-time loss `L_bias + L_var` (Eq. T6) over `(lambda+, theta)`,
    /// starting from the stationary optimum of [`crate::optimum`] (its `lambda+*` and the
    /// bias-zero angle) when it exists, else from `lambda+ = 1.2 lambda+min` near the
    /// `w_in` axis.
    ///
    /// Errors: [`FiniteTimeError::NoOptimum`] when Nelder-Mead fails or ends where the
    /// trajectory is invalid, and the model's errors at the start point.
    pub fn solve(&self) -> Result<FiniteTimeOptimum, FiniteTimeError> {
        let fail = |reason: String| FiniteTimeError::NoOptimum {
            lambda_minus: self.lambda_minus,
            n: self.n,
            reason,
        };
        let stationary = OptimumProblem {
            noise: self.noise,
            nonlinearity: self.nonlinearity,
            target: self.target,
            lambda_minus: self.lambda_minus,
        }
        .solve(self.n);
        let start = match stationary {
            Ok(o) => [o.lambda_plus_opt, o.rho.clamp(-1.0, 1.0).acos()],
            Err(_) => [
                1.2 * lambda_plus_min(self.nonlinearity, self.noise),
                std::f64::consts::FRAC_PI_2 - 0.1,
            ],
        };
        // the start must be valid
        self.statistics(start[0], start[1])?;
        let simplex = vec![
            start.to_vec(),
            vec![start[0] + 0.1, start[1]],
            vec![start[0], start[1] - 0.05],
        ];
        let solver = NelderMead::new(simplex)
            .with_sd_tolerance(1e-13)
            .map_err(|e| fail(e.to_string()))?;
        let res = Executor::new(Loss { search: *self }, solver)
            .configure(|s| s.max_iters(4000))
            .run()
            .map_err(|e| fail(e.to_string()))?;
        let best = res
            .state
            .best_param
            .ok_or_else(|| fail("Nelder-Mead returned no point".into()))?;
        let statistics = self
            .statistics(best[0], best[1])
            .map_err(|e| fail(e.to_string()))?;
        Ok(FiniteTimeOptimum {
            lambda_plus: best[0],
            theta: best[1],
            m: symmetric_m(best[0], self.lambda_minus, best[1]),
            statistics,
        })
    }
}
