//! BPTT for the rank-two coefficients `M` only (theory notes sections 1, 6; Fig. 13, 28).
//!
//! `W = U M U^T / N (+ g J / sqrt(N))`. With `p_k = U^T phi(x_k)` and `r_k = U^T lambda_k`
//! the general gradient `dL/dW = dt sum_k lambda_{k+1} phi(x_k)^T` (module docs of
//! [`crate::train`]) projects to
//!
//! ```text
//! dL/dM = dt / N  sum_{k=0}^{T-1} r_{k+1} p_k^T,
//! lambda_k = (1 - dt) lambda_{k+1} + dt phi'(x_k) .* (U M^T r_{k+1} / N [+ g J^T lambda_{k+1} / sqrt(N)]) + e_k w_out.
//! ```
//!
//! Forward and backward are one fused pass over the neurons per Euler step, so a training
//! step costs `O(B T N)` (plus `O(B T N^2)` only with a bulk `g > 0`), and the memory is the
//! stored slopes `phi'(x_k)`, `B (T + 1) N` numbers: no `N x N` matrix is formed when `g = 0`.
//! By default `phi` and `phi'` are evaluated in `f32` on eight lanes and the slopes stored in
//! `f32` (relative errors of a few `1e-7`, `train::act::fast`); the state, adjoint
//! and sums stay `f64`. [`RankTwoBptt::with_f64_activation`] evaluates them in `f64`.
//! Trials run in parallel with rayon, each with its own seeded noise stream.

mod trial;

use super::batch::TrialBatch;
use super::kernels::dot;
use super::noise::{stream_seed, Precision};
use super::TrainError;
use crate::network::{check_all_finite, check_dt, check_n, check_non_negative, RankTwoNetwork};
use nalgebra::{DMatrix, Matrix2};
use oblique_theory::nonlinearity::Builtin;
use rayon::prelude::*;
use trial::{trial, Shared, TrialIo, TrialWork};

/// The result of one forward (and backward) pass over a batch.
#[derive(Debug, Clone, PartialEq)]
pub struct RankTwoPass {
    /// The loss `L` (mean over batch and loss steps of the squared error).
    pub loss: f64,
    /// `dL/dM` (zero for a forward-only pass).
    pub grad: Matrix2<f64>,
    /// Outputs `z` at the loss steps, `B x K`, trial-major.
    pub z: Vec<f64>,
    /// Latents `kappa = U^T x / N` at the loss steps, `B x K`, trial-major.
    pub kappa: Vec<[f64; 2]>,
}

/// Rank-two BPTT for one network (its `U`, `w_in`, `w_out`, bulk, noise, `phi`, `dt`);
/// `M` is passed to each call so that an optimiser can own it.
///
/// ```
/// use nalgebra::Matrix2;
/// use oblique_validate::network::{RankTwoNetwork, RankTwoParams};
/// use oblique_validate::tasks::FixedPointTask;
/// use oblique_validate::train::{RankTwoBptt, TrialBatch};
///
/// let net = RankTwoNetwork::from_seed(&RankTwoParams::new(64, Matrix2::zeros()), 1).unwrap();
/// let mut bptt = RankTwoBptt::new(&net).unwrap();
/// let task = TrialBatch::fixed_point(&FixedPointTask::published(1.0), 8).unwrap();
/// let pass = bptt.loss_and_grad(&Matrix2::zeros(), &task, 1, 0).unwrap();
/// // with M = 0 only the input pulse reaches the output: the loss is near z^2 + L_var
/// assert!(pass.loss > 0.5 && pass.grad.norm() > 0.0);
/// ```
#[derive(Debug, Clone)]
pub struct RankTwoBptt {
    n: usize,
    u0: Vec<f64>,
    u1: Vec<f64>,
    w_in: Vec<f64>,
    w_out: Vec<f64>,
    bulk: Option<DMatrix<f64>>,
    phi: Builtin,
    dt: f64,
    sigma: f64,
    noise: Precision,
    act: Precision,
    work: Vec<TrialWork>,
}

impl RankTwoBptt {
    /// Takes `U`, `w_in`, `w_out`, the bulk `g J / sqrt(N)`, noise, `phi` and `dt` from `net`.
    pub fn new(net: &RankTwoNetwork) -> Result<Self, TrainError> {
        let n = net.n;
        check_n(n)?;
        check_dt(net.dt)?;
        check_non_negative("noise sigma", net.sigma)?;
        let bulk = net
            .j
            .as_ref()
            .filter(|_| net.g > 0.0)
            .map(|j| j * (net.g / (n as f64).sqrt()));
        Ok(RankTwoBptt {
            n,
            u0: net.u.column(0).iter().copied().collect(),
            u1: net.u.column(1).iter().copied().collect(),
            w_in: net.w_in.iter().copied().collect(),
            w_out: net.w_out.iter().copied().collect(),
            bulk,
            phi: net.nonlinearity,
            dt: net.dt,
            sigma: net.sigma,
            noise: Precision::F32,
            act: Precision::F32,
            work: Vec::new(),
        })
    }

    /// Draws the `f64` noise ([`super::noise::NormalStream::fill_scaled`]) instead of the
    /// default `f32` noise (`fill_scaled_f32`, relative error `1e-7`, tails cut at 5.77 sd):
    /// the stream of [`super::LinearBptt`], for comparing the two trainers on one network.
    pub fn with_f64_noise(mut self) -> Self {
        self.noise = Precision::F64;
        self
    }

    /// Evaluates `phi` and `phi'` in `f64` ([`crate::train::act::Act`], errors below
    /// `1e-10`) instead of the default `f32` on eight lanes
    /// (`train::act::fast`, relative errors of a few `1e-7`, slopes stored in
    /// `f32`). The state, adjoint and sums are `f64` either way. For checking the gradient
    /// against finite differences of the loss, which the `f32` roundings would swamp.
    pub fn with_f64_activation(mut self) -> Self {
        self.act = Precision::F64;
        self
    }

    /// Number of neurons.
    pub fn n(&self) -> usize {
        self.n
    }

    /// Loss and `dL/dM` on `batch` at coefficients `m`; the noise of trial `b` comes from
    /// the stream `(seed, step, b)` (module [`super::noise`]).
    pub fn loss_and_grad(
        &mut self,
        m: &Matrix2<f64>,
        batch: &TrialBatch,
        seed: u64,
        step: u64,
    ) -> Result<RankTwoPass, TrainError> {
        self.run(m, batch, seed, step, true)
    }

    /// The forward pass only (the loss, `z` and `kappa`; `grad` is zero), with the same
    /// noise as [`Self::loss_and_grad`] for the same `(seed, step)`.
    pub fn forward(
        &mut self,
        m: &Matrix2<f64>,
        batch: &TrialBatch,
        seed: u64,
        step: u64,
    ) -> Result<RankTwoPass, TrainError> {
        self.run(m, batch, seed, step, false)
    }

    fn run(
        &mut self,
        m: &Matrix2<f64>,
        batch: &TrialBatch,
        seed: u64,
        step: u64,
        want_grad: bool,
    ) -> Result<RankTwoPass, TrainError> {
        batch.validate()?;
        check_all_finite("M", m.iter())?;
        let (n, t, k) = (self.n, batch.n_steps, batch.n_loss());
        let shared = Shared {
            u0: &self.u0,
            u1: &self.u1,
            w_in: &self.w_in,
            w_out: &self.w_out,
            bulk: self.bulk.as_ref(),
            m: *m,
            dt: self.dt,
            noise_scale: (2.0 * self.dt).sqrt() * self.sigma,
            uw: [dot(&self.u0, &self.w_out), dot(&self.u1, &self.w_out)],
            want_grad,
            noise: self.noise,
            f64_act: self.act == Precision::F64,
            e_scale: 2.0 / (batch.batch * k) as f64,
        };
        if self.work.len() < batch.batch {
            self.work.resize_with(batch.batch, TrialWork::default);
        }
        for w in self.work.iter_mut().take(batch.batch) {
            w.prepare(n, t, k, &shared);
        }
        let phi = self.phi;
        let results: Vec<(f64, Matrix2<f64>)> = self.work[..batch.batch]
            .par_iter_mut()
            .enumerate()
            .map(|(b, w)| {
                let inputs = &batch.inputs[b * t..(b + 1) * t];
                let targets = &batch.targets[b * k..(b + 1) * k];
                let io = TrialIo {
                    inputs,
                    loss_steps: &batch.loss_steps,
                    targets,
                    seed: stream_seed(seed, step, b as u64),
                };
                trial(phi, &shared, w, io)
            })
            .collect();
        let mut loss = 0.0;
        let mut grad = Matrix2::zeros();
        for (l, g) in results {
            loss += l;
            grad += g;
        }
        let mut z = Vec::with_capacity(batch.batch * k);
        let mut kappa = Vec::with_capacity(batch.batch * k);
        for w in &self.work[..batch.batch] {
            z.extend_from_slice(&w.z);
            kappa.extend_from_slice(&w.kappa);
        }
        Ok(RankTwoPass {
            loss: loss / (batch.batch * k) as f64,
            grad,
            z,
            kappa,
        })
    }
}

#[cfg(test)]
mod tests;
