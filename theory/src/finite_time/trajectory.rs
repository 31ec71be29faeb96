//! The mean-field trajectory of the pulse task under the Euler map (notes Eqs. T1-T4).

use super::FiniteTimeError;
use crate::rank_two::{check_finite, num, Activation, NoiseLevel, RankTwoError};
use nalgebra::{Matrix2, Vector2};

/// The fixed-point task of theory notes section 6 as the simulation runs it: `steps` Euler
/// steps of size `dt` from `x = 0`, an input `pulse` along `w_in` at step 0, the output
/// scored after the steps in `loss_steps`.
#[derive(Debug, Clone, PartialEq)]
pub struct PulseTask {
    /// Euler step.
    pub dt: f64,
    /// Number of Euler steps.
    pub steps: usize,
    /// Input amplitude at the first step (`1/dt` in the published task: `kappa_1 = e_2`).
    pub pulse: f64,
    /// The scored states: `x_k` after `k` steps, `1 <= k <= steps`.
    pub loss_steps: Vec<usize>,
}

impl PulseTask {
    /// The published task: `dt = 0.2`, `t_max = 10` (50 steps), pulse `1/dt`, targets at
    /// every 5th step from `t = 2` (steps 10, 15, ..., 50).
    pub fn published() -> Self {
        PulseTask {
            dt: 0.2,
            steps: 50,
            pulse: 5.0,
            loss_steps: (10..=50).step_by(5).collect(),
        }
    }

    pub(crate) fn validate(&self) -> Result<(), FiniteTimeError> {
        if !(self.dt > 0.0 && self.dt < 1.0) {
            return Err(FiniteTimeError::Task(format!(
                "dt = {} must lie in (0, 1)",
                num(self.dt)
            )));
        }
        check_finite("pulse", self.pulse)?;
        if self.loss_steps.is_empty() {
            return Err(FiniteTimeError::Task("no loss steps".into()));
        }
        if let Some(&k) = self.loss_steps.iter().find(|&&k| k == 0 || k > self.steps) {
            return Err(FiniteTimeError::Task(format!(
                "loss step {k} must lie in 1..={} (the number of steps)",
                self.steps
            )));
        }
        Ok(())
    }
}

/// One rank-two network on the pulse task.
#[derive(Debug, Clone, Copy)]
pub struct FiniteTimeModel<'a> {
    /// Noise level `sigma`.
    pub noise: NoiseLevel,
    /// The nonlinearity.
    pub nonlinearity: Activation<'a>,
    /// Network size `N >= 2`.
    pub n: usize,
    /// Target output `z` of the positive trials.
    pub target: f64,
    /// The coupling matrix `M` (any real 2x2).
    pub m: Matrix2<f64>,
    /// The task.
    pub task: &'a PulseTask,
}

/// The mean-field state after one step.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StepStatistics {
    /// Steps taken.
    pub step: usize,
    /// Mean latent `kappa_k` of the positive trials (Eq. T1).
    pub kappa: Vector2<f64>,
    /// Variance `Delta_k` of the orthogonal part of a unit (Eq. T2).
    pub orthogonal_variance: f64,
    /// `P_k = N Cov(kappa_k)` (Eq. T4).
    pub covariance: Matrix2<f64>,
}

/// What the training code measures over the loss window, predicted (Eq. T5).
#[derive(Debug, Clone, PartialEq)]
pub struct FiniteTimeStatistics {
    /// `kappa_bar`: the mean of `kappa_k` over the loss steps.
    pub kappa_bar: Vector2<f64>,
    /// `|kappa_bar|`.
    pub kappa_norm: f64,
    /// `rho = kappa_bar_1 / |kappa_bar|`.
    pub rho: f64,
    /// `L_bias = mean_k (sqrt(N) kappa_k1 - z)^2`.
    pub l_bias: f64,
    /// `L_var = mean_k P_k11`.
    pub l_var: f64,
    /// `L_bias + L_var`.
    pub loss: f64,
    /// The state after every step, `k = 1..=steps`.
    pub trajectory: Vec<StepStatistics>,
}

impl FiniteTimeModel<'_> {
    /// Follows the mean-field Euler map from `x = 0` (notes Eqs. T1-T5): with
    /// `s_k^2 = |kappa_k|^2 + Delta_k + tr(P_k)/N`, `g = <phi'>_s`, `g3 = <phi'''>_s`,
    ///
    /// ```text
    /// kappa_{k+1} = (1 - dt) kappa_k + dt g M kappa_k + dt u_k e_2              (T1)
    /// Delta_{k+1} = (1 - dt)^2 Delta_k + 2 dt sigma^2                            (T2)
    /// J_k         = (1 - dt) I + dt M (g I + g3 kappa_k kappa_k^T)               (T3)
    /// P_{k+1}     = J_k P_k J_k^T + 2 dt sigma^2 I                               (T4)
    /// ```
    ///
    /// (T1) uses `E_u[u phi(u . kappa + xi)] = kappa <phi'>_s` (Stein's lemma), so the
    /// negative trials mirror the positive ones for any `phi`. The loss window's averages
    /// are those of (T5) in [`FiniteTimeStatistics`].
    ///
    /// ```
    /// use nalgebra::Matrix2;
    /// use oblique_theory::finite_time::{FiniteTimeModel, PulseTask};
    /// use oblique_theory::nonlinearity::Builtin;
    /// use oblique_theory::rank_two::NoiseLevel;
    /// let task = PulseTask::published();
    /// let model = FiniteTimeModel {
    ///     noise: NoiseLevel::new(1.0).unwrap(),
    ///     nonlinearity: Builtin::Erf.into(),
    ///     n: 256,
    ///     target: 1.0,
    ///     m: Matrix2::zeros(),
    ///     task: &task,
    /// };
    /// // M = 0: the pulse decays, kappa_k = (1 - dt)^(k-1) e_2
    /// let s = model.statistics().unwrap();
    /// assert!((s.trajectory[9].kappa[1] - 0.8f64.powi(9)).abs() < 1e-15);
    /// ```
    pub fn statistics(&self) -> Result<FiniteTimeStatistics, FiniteTimeError> {
        self.task.validate()?;
        if self.n < 2 {
            return Err(RankTwoError::TooFewUnits { n: self.n }.into());
        }
        check_finite("target", self.target)?;
        for v in self.m.iter() {
            check_finite("M", *v)?;
        }
        let phi = self.nonlinearity.get();
        let (dt, n) = (self.task.dt, self.n as f64);
        let a = 1.0 - dt;
        let white = 2.0 * dt * self.noise.sigma().powi(2);
        let mut kappa: Vector2<f64> = Vector2::zeros();
        let mut delta = 0.0;
        let mut p: Matrix2<f64> = Matrix2::zeros();
        let mut trajectory = Vec::with_capacity(self.task.steps);
        for k in 0..self.task.steps {
            let s: f64 = (kappa.norm_squared() + delta + p.trace() / n).sqrt();
            let (g, g3) = if s > 0.0 {
                (phi.mean_dphi(s), phi.mean_d3phi(s))
            } else {
                (phi.dphi(0.0), phi.d3phi(0.0))
            };
            let j = Matrix2::identity() * a
                + self.m * (Matrix2::identity() * g + kappa * kappa.transpose() * g3) * dt;
            let input = if k == 0 { self.task.pulse } else { 0.0 };
            kappa = kappa * a + self.m * kappa * (g * dt) + Vector2::new(0.0, dt * input);
            delta = a * a * delta + white;
            p = j * p * j.transpose() + Matrix2::identity() * white;
            let norm = kappa.norm();
            if !(norm <= 1e6 && p.iter().all(|v| v.is_finite())) {
                return Err(FiniteTimeError::Diverged {
                    step: k + 1,
                    kappa_norm: norm,
                    dt,
                });
            }
            trajectory.push(StepStatistics {
                step: k + 1,
                kappa,
                orthogonal_variance: delta,
                covariance: p,
            });
        }
        let window: Vec<&StepStatistics> = self
            .task
            .loss_steps
            .iter()
            .map(|&k| &trajectory[k - 1])
            .collect();
        let count = window.len() as f64;
        let kappa_bar = window.iter().map(|s| s.kappa).sum::<Vector2<f64>>() / count;
        let l_bias = window
            .iter()
            .map(|s| (n.sqrt() * s.kappa[0] - self.target).powi(2))
            .sum::<f64>()
            / count;
        let l_var = window.iter().map(|s| s.covariance[(0, 0)]).sum::<f64>() / count;
        let kappa_norm = kappa_bar.norm();
        Ok(FiniteTimeStatistics {
            kappa_bar,
            kappa_norm,
            rho: if kappa_norm > 0.0 {
                kappa_bar[0] / kappa_norm
            } else {
                0.0
            },
            l_bias,
            l_var,
            loss: l_bias + l_var,
            trajectory,
        })
    }
}
