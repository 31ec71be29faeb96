//! The Fig. 10 task (theory notes, section 5) and the two-phase learning-rate schedule.

use super::subspace::SubspaceNetwork;
use super::LinearError;
use nalgebra::{Matrix2, Vector2};

/// The fixed-point task of section 5: a linear network of size `n` with `W0 = 0`, constant
/// input `u = 1` along `w_in` (norm `sqrt(N)`), output weights `w_out` of norm one with
/// `w_in . w_out = rho sqrt(N)`, noise `sigma` and target output `target`.
///
/// In the orthonormal basis `e1 = w_out_hat`, `e2 = (w_in - (w_in.e1) e1)/|...|` the
/// vectors have coordinates `w_out = (1, 0)` and `w_in = (rho sqrt(N), sqrt(N - rho^2 N))`
/// (Eq. 65).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct LinearTask {
    /// Network size N (>= 2).
    pub n: usize,
    /// `rho sqrt(N) = w_in . w_out`, order one; `|rho sqrt(N)| < sqrt(N)`.
    pub rho_sqrt_n: f64,
    /// Noise amplitude sigma (stationary variance of an unconnected unit is sigma^2).
    pub sigma: f64,
    /// Target output z.
    pub target: f64,
}

impl LinearTask {
    /// Checks every parameter; errors name the parameter and its valid range.
    ///
    /// ```
    /// use oblique_theory::linear::LinearTask;
    /// let bad = LinearTask { n: 4, rho_sqrt_n: 2.0, sigma: 1.0, target: 1.0 };
    /// assert_eq!(
    ///     bad.validate().unwrap_err().to_string(),
    ///     "rho sqrt(N) = 2 must satisfy |rho sqrt(N)| < sqrt(N) = 2 (the input-output correlation rho must lie strictly between -1 and 1)"
    /// );
    /// ```
    pub fn validate(&self) -> Result<(), LinearError> {
        if self.n < 2 {
            return Err(LinearError::SizeTooSmall { n: self.n });
        }
        let sqrt_n = (self.n as f64).sqrt();
        if !self.rho_sqrt_n.is_finite() || self.rho_sqrt_n.abs() >= sqrt_n {
            return Err(LinearError::Correlation {
                rho_sqrt_n: self.rho_sqrt_n,
                sqrt_n,
            });
        }
        if !(self.sigma.is_finite() && self.sigma > 0.0) {
            return Err(LinearError::Noise { sigma: self.sigma });
        }
        if !self.target.is_finite() {
            return Err(LinearError::NotFinite {
                which: "target z",
                value: self.target,
            });
        }
        Ok(())
    }

    /// `sqrt(N)`.
    pub fn sqrt_n(&self) -> f64 {
        (self.n as f64).sqrt()
    }

    /// Coordinates of `w_in` in the basis `(e1, e2)`: `(rho sqrt(N), sqrt(N - (rho sqrt(N))^2))`
    /// (Eq. 65).
    pub fn w_in_coords(&self) -> Vector2<f64> {
        let r = self.rho_sqrt_n;
        Vector2::new(r, (self.n as f64 - r * r).sqrt())
    }

    /// Coordinates of `w_out` in the basis `(e1, e2)`: `(1, 0)`.
    pub fn w_out_coords(&self) -> Vector2<f64> {
        Vector2::new(1.0, 0.0)
    }

    /// The reduced network with coefficient matrix `m` (`W = U M U^T`), input `u = 1`.
    pub fn subspace_network(&self, m: Matrix2<f64>) -> SubspaceNetwork {
        SubspaceNetwork {
            m,
            w_in: self.w_in_coords(),
            w_out: self.w_out_coords(),
            sigma: self.sigma,
            input: 1.0,
        }
    }
}

/// The two-phase schedule of Fig. 10: `fast_steps` gradient steps at learning rate
/// `lr / N`, then `slow_steps` at `lr`; each phase is reported at `samples` evenly spaced
/// learning times `tau = 0 ... steps`.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Schedule {
    /// The base learning rate eta (> 0).
    pub lr: f64,
    /// Number of steps of the fast (bias) phase at `eta / N`.
    pub fast_steps: u64,
    /// Number of steps of the slow (variance) phase at `eta`.
    pub slow_steps: u64,
    /// Sampled time points per phase (>= 2; a phase of 0 steps has one sample).
    pub samples: usize,
}

impl Schedule {
    /// Checks the learning rate and the sample count.
    pub fn validate(&self) -> Result<(), LinearError> {
        if !(self.lr.is_finite() && self.lr > 0.0) {
            return Err(LinearError::LearningRate { lr: self.lr });
        }
        if self.samples < 2 {
            return Err(LinearError::Samples {
                samples: self.samples,
            });
        }
        Ok(())
    }

    /// Evenly spaced learning times `0, ..., steps` (inclusive) with `samples` points, or
    /// `[0]` for a phase without steps.
    pub fn sample_times(&self, steps: u64) -> Vec<f64> {
        if steps == 0 {
            return vec![0.0];
        }
        let k = self.samples.max(2);
        let h = steps as f64 / (k - 1) as f64;
        (0..k)
            .map(|i| {
                if i + 1 == k {
                    steps as f64
                } else {
                    h * i as f64
                }
            })
            .collect()
    }
}
