//! The exact expected loss of the Euler-Maruyama map that simulations integrate, and its
//! gradient (theory/notes/linear.md section 10, Eqs. L22-L28).
//!
//! A simulation with Euler step `dt` iterates
//!
//! ```text
//! x_{k+1} = F x_k + dt w_in u + sqrt(2 dt) sigma xi_k,     F = I + dt (W - I)       (L22)
//! ```
//!
//! Its mean fixed point is the continuous one, `x_bar = (I - W)^-1 w_in u`, so `L_bias` and
//! its gradient are unchanged (Eqs. 20, 54). Its stationary covariance solves the Stein
//! (discrete Lyapunov) equation instead of Eq. 21,
//!
//! ```text
//! S = F S F^T + 2 dt sigma^2 I,   L_var = w_out^T S w_out                          (L23)
//! Omega = F^T Omega F + w_out w_out^T                                               (L24)
//! dL_var/dW = 2 dt Omega F S                                                        (L25)
//! ```
//!
//! The map is stationary only while the spectral radius of `F` is below 1, i.e. for
//! `0 < dt < dt_max = min over eigenvalues mu of W - I of 2 Re(-mu) / |mu|^2` (L26); along
//! a real relaxation rate `r` that is `dt < 2 / r`. For a scalar mode of rate `r` (L27):
//! `L_var = sigma^2 / (r (1 - dt r / 2))`, against `sigma^2 / r` in continuous time.

use super::network::{LinearLoss, LinearNetwork};
use super::subspace::{SubspaceLoss, SubspaceNetwork};
use super::LinearError;
use crate::lyapunov::{solve_discrete, solve_discrete_2x2, LyapunovError, SchurLyapunov};
use nalgebra::{Complex, DMatrix, Matrix2};

/// How the network's time is modelled: the paper's continuous-time theory, or the
/// Euler-Maruyama map of a simulation with step `dt` (Eq. L22).
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize)]
pub enum TimeModel {
    /// `dx/dt = -x + W x + w_in u + sqrt(2) sigma xi(t)` (Eqs. 18-24).
    #[default]
    Continuous,
    /// `x <- x + dt ((W - I) x + w_in u) + sqrt(2 dt) sigma xi` (Eqs. L22-L25).
    Euler {
        /// The Euler step (`0 < dt < dt_max`, Eq. L26).
        dt: f64,
    },
}

impl TimeModel {
    /// Checks that an Euler step is positive and finite (the upper bound depends on `W`
    /// and is checked by the loss).
    ///
    /// ```
    /// use oblique_theory::linear::TimeModel;
    /// assert_eq!(
    ///     TimeModel::Euler { dt: -0.1 }.validate().unwrap_err().to_string(),
    ///     "Euler step dt = -0.1 must be positive and finite"
    /// );
    /// ```
    pub fn validate(&self) -> Result<(), LinearError> {
        match *self {
            TimeModel::Continuous => Ok(()),
            TimeModel::Euler { dt } if dt.is_finite() && dt > 0.0 => Ok(()),
            TimeModel::Euler { dt } => Err(LinearError::EulerStep { dt }),
        }
    }
}

/// The largest Euler step for which the map (L22) is stable, `dt_max = min_mu 2 Re(-mu) /
/// |mu|^2` over the eigenvalues `mu` of `W - I` (Eq. L26), or the continuous instability
/// error when some `Re(mu) >= 0`.
fn dt_max(eigs: impl IntoIterator<Item = Complex<f64>>) -> Result<f64, LinearError> {
    let mut bound = f64::INFINITY;
    let mut max_real = f64::NEG_INFINITY;
    for mu in eigs {
        max_real = max_real.max(mu.re);
        bound = bound.min(-2.0 * mu.re / mu.norm_sqr());
    }
    if max_real.is_nan() || max_real >= 0.0 {
        return Err(LinearError::Unstable {
            max_real: if max_real.is_nan() { 0.0 } else { max_real },
        });
    }
    Ok(bound)
}

/// Checks `0 < dt < dt_max(W - I)` (Eq. L26) given the eigenvalues of `W - I`; returns
/// `dt_max`.
fn check_step(dt: f64, eigs: impl IntoIterator<Item = Complex<f64>>) -> Result<f64, LinearError> {
    TimeModel::Euler { dt }.validate()?;
    let bound = dt_max(eigs)?;
    if dt >= bound {
        return Err(LinearError::EulerUnstable { dt, dt_max: bound });
    }
    Ok(bound)
}

impl SubspaceNetwork {
    /// Loss and gradients under the given [`TimeModel`]: [`SubspaceNetwork::loss`] for
    /// continuous time, [`SubspaceNetwork::euler_loss`] for the Euler map.
    pub fn loss_in(&self, target: f64, time: TimeModel) -> Result<SubspaceLoss, LinearError> {
        match time {
            TimeModel::Continuous => self.loss(target),
            TimeModel::Euler { dt } => self.euler_loss(target, dt),
        }
    }

    /// Exact expected loss of the Euler map (L22) with step `dt` in the rank-two subspace,
    /// and its gradients with respect to `M`: `L_bias` and `dL_bias/dM` as in continuous
    /// time (same fixed point, Eq. 54), `L_var = w_out'^T S' w_out'` with the 2x2 Stein
    /// equations (L23, L24) and `dL_var/dM = 2 dt Omega' F S'` (L25), `F = I + dt (M - I)`.
    /// The returned `s` and `omega` are the Stein solutions `S'` and `Omega'`.
    ///
    /// The reduction is exact for `W = U M U^T` as in continuous time: `F` is block diagonal,
    /// `F = U (I + dt (M - I)) U^T + (1 - dt) (I - U U^T)` (theory/notes/linear.md, L28).
    ///
    /// ```
    /// use nalgebra::{Matrix2, Vector2};
    /// use oblique_theory::linear::SubspaceNetwork;
    /// // feedback a = -2 along w_out (rate r = 3), dt = 0.2:
    /// // L_var = sigma^2 / (r (1 - dt r / 2)) = 1 / (3 * 0.7) (Eq. L27), 1.43 x the continuous 1/3
    /// let net = SubspaceNetwork {
    ///     m: Matrix2::new(-2.0, 0.0, 0.0, 0.0),
    ///     w_in: Vector2::new(0.0, 1.0),
    ///     w_out: Vector2::new(1.0, 0.0),
    ///     sigma: 1.0,
    ///     input: 1.0,
    /// };
    /// let loss = net.euler_loss(0.0, 0.2).unwrap();
    /// assert!((loss.l_var - 1.0 / 2.1).abs() < 1e-14);
    /// assert_eq!(
    ///     net.euler_loss(0.0, 0.7).unwrap_err().to_string(),
    ///     "Euler map unstable: dt = 0.7 must lie in (0, 0.6667) for this W (dt_max = min 2 Re(-mu)/|mu|^2 over the eigenvalues mu of W - I; beyond it the spectral radius of F = I + dt (W - I) reaches 1)"
    /// );
    /// ```
    pub fn euler_loss(&self, target: f64, dt: f64) -> Result<SubspaceLoss, LinearError> {
        if self.m.iter().any(|v| !v.is_finite()) {
            return Err(LinearError::NonFiniteEntry { which: "M" });
        }
        let a = self.m - Matrix2::identity();
        let bound = check_step(dt, crate::eigen2::Eigen2::of(&a).complex())?;
        // Bias part and mean state: continuous time (identical fixed point).
        let mut loss = self.loss(target)?;
        let f = Matrix2::identity() + a * dt;
        let q = Matrix2::identity() * (2.0 * dt * self.sigma * self.sigma);
        // unreachable for dt < dt_max (the system is regular), kept as a typed error
        let stein_failed = || LinearError::EulerUnstable { dt, dt_max: bound };
        let s = solve_discrete_2x2(&f, &q).ok_or_else(stein_failed)?;
        let omega = solve_discrete_2x2(&f.transpose(), &(self.w_out * self.w_out.transpose()))
            .ok_or_else(stein_failed)?;
        loss.l_var = self.w_out.dot(&(s * self.w_out));
        loss.grad_var = omega * f * s * (2.0 * dt);
        loss.s = s;
        loss.omega = omega;
        Ok(loss)
    }
}

impl LinearNetwork {
    /// Exact expected loss of the Euler map (L22) for the full N x N `W` (Eqs. L23-L25),
    /// with the N x N Stein solver [`crate::lyapunov::solve_discrete`]; `L_bias` and its
    /// gradient as in [`LinearNetwork::loss`]. O(N^3); a check of the 2x2 reduction.
    pub fn euler_loss(&self, target: f64, dt: f64) -> Result<LinearLoss, LinearError> {
        self.validate()?;
        let n = self.n();
        let a = &self.w - DMatrix::<f64>::identity(n, n);
        // the project's real Schur form (robust for the clustered eigenvalue -1 of W - I off
        // the subspace); errors with the continuous instability when W - I is not stable
        let bound = check_step(dt, SchurLyapunov::new(&a)?.eigenvalues())?;
        let mut loss = self.loss(target)?;
        let f = DMatrix::<f64>::identity(n, n) + &a * dt;
        let q = DMatrix::<f64>::identity(n, n) * (2.0 * dt * self.sigma * self.sigma);
        let map = |e: LyapunovError| match e {
            LyapunovError::NotStableDiscrete => LinearError::EulerUnstable { dt, dt_max: bound },
            other => other.into(),
        };
        let s = solve_discrete(&f, &q).map_err(map)?;
        let omega =
            solve_discrete(&f.transpose(), &(&self.w_out * self.w_out.transpose())).map_err(map)?;
        loss.l_var = self.w_out.dot(&(&s * &self.w_out));
        loss.grad_var = (&omega * &f * &s) * (2.0 * dt);
        Ok(loss)
    }

    /// [`LinearNetwork::loss`] or [`LinearNetwork::euler_loss`] by [`TimeModel`].
    pub fn loss_in(&self, target: f64, time: TimeModel) -> Result<LinearLoss, LinearError> {
        match time {
            TimeModel::Continuous => self.loss(target),
            TimeModel::Euler { dt } => self.euler_loss(target, dt),
        }
    }
}
