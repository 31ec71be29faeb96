//! BPTT for every entry of `W` of the linear network (`phi` = identity; theory notes
//! sections 5, 6; Fig. 10).
//!
//! The batch is stored as matrix columns, `X_k` (`N x B`), and the recursions of the
//! module docs of [`crate::train`] become matrix products:
//!
//! ```text
//! X_{k+1} = (1 - dt) X_k + dt (W X_k + w_in u_k^T) + sqrt(2 dt) sigma Xi_k,
//! Lambda_T = w_out e_T^T,   Lambda_k = A^T Lambda_{k+1} + w_out e_k^T,   A = (1 - dt) I + dt W,
//! dL/dW = dt sum_{k=0}^{T-1} Lambda_{k+1} X_k^T.
//! ```
//!
//! The adjoint is driven by `w_out` alone, so `Lambda_k = sum_{j >= k} v_{j-k} e_j^T` with
//! the Krylov vectors `v_m = (A^T)^m w_out`, and the gradient needs no `N x B` adjoint:
//!
//! ```text
//! dL/dW = dt sum_{m=0}^{T-1} v_m y_m^T = dt V Y^T,   y_m = sum_k X_k e_{k+1+m}   (e_j = 0 off the loss steps).
//! ```
//!
//! That is `T` matrix-vector products for `V`, `O(N B T K)` work for `Y` and one
//! `N x T x N` product, instead of two `N x N x B` products per step (a third of the work
//! of the forward pass and backward pass together).
//!
//! The forward products `W X_k` can run in `f32` ([`LinearBptt::with_product`]); the
//! states and everything after them stay `f64`.
//!
//! The batch is split into fixed chunks of 16 trials that run in parallel (rayon), and the
//! chunks' `Y` are added in chunk order, so the numbers do not depend on the thread count;
//! trial `b` draws the same noise stream `(seed, step, b)` as in [`super::rank2`].

mod chunk;
mod products;
#[cfg(test)]
mod tests;

use super::batch::TrialBatch;
use super::TrainError;
use crate::network::{check_all_finite, check_dt, check_finite, check_n, FullNetwork};
use crate::rnn::train::Precision;
use chunk::{chunk_pass, ChunkWork, Span};
use nalgebra::DMatrix;
use oblique_theory::nonlinearity::Builtin;
use products::{gemm, krylov};
use rayon::prelude::*;

/// Trials per parallel chunk (fixed, so results do not depend on the thread count).
pub const CHUNK: usize = 16;

/// The result of one pass over a batch.
#[derive(Debug, Clone, PartialEq)]
pub struct LinearPass {
    /// The loss `L` (mean over batch and loss steps of the squared error).
    pub loss: f64,
    /// `dL/dW`, `N x N` (zero for a forward-only pass).
    pub grad: DMatrix<f64>,
    /// Outputs `z` at the loss steps, `B x K`, trial-major.
    pub z: Vec<f64>,
}

/// Full-`W` BPTT of a linear network (its `w_in`, `w_out`, noise and `dt`); `W` itself is
/// passed to each call.
///
/// ```
/// use oblique_validate::network::FullNetwork;
/// use oblique_validate::tasks::ConstantInputTask;
/// use oblique_validate::train::{LinearBptt, TrialBatch};
///
/// let net = FullNetwork::linear_from_seed(32, -0.5, 1.0, 0.2, 1).unwrap();
/// let mut bptt = LinearBptt::new(&net).unwrap();
/// let task = TrialBatch::constant_input(&ConstantInputTask::published(1.0), 4).unwrap();
/// let pass = bptt.loss_and_grad(&net.w, &task, 1, 0).unwrap();
/// assert_eq!(pass.grad.shape(), (32, 32));
/// ```
#[derive(Debug, Clone)]
pub struct LinearBptt {
    n: usize,
    w_in: Vec<f64>,
    w_out: Vec<f64>,
    dt: f64,
    sigma: f64,
    product: Precision,
    work: Vec<ChunkWork>,
}

impl LinearBptt {
    /// Takes `w_in`, `w_out`, noise and `dt` from `net`, which must be linear.
    pub fn new(net: &FullNetwork) -> Result<Self, TrainError> {
        if net.nonlinearity != Builtin::Identity {
            return Err(TrainError::NotLinear(net.phi().name().to_string()));
        }
        check_n(net.n)?;
        check_dt(net.dt)?;
        check_finite("noise sigma", net.sigma)?;
        Ok(LinearBptt {
            n: net.n,
            w_in: net.w_in.iter().copied().collect(),
            w_out: net.w_out.iter().copied().collect(),
            dt: net.dt,
            sigma: net.sigma,
            product: Precision::F64,
            work: Vec::new(),
        })
    }

    /// The arithmetic of the forward products `W X_k` (`f64` unless set): with `f32`, `W`
    /// and `X_k` are rounded to `f32` for the product, which runs at 2.4x the `f64` rate
    /// (N = 256, 16 trials: 93 against 40 GFLOP/s on one core); the states, outputs, loss
    /// and gradient stay `f64`. A product of `N` terms then errs by about
    /// `sqrt(N) 2^-24` of its size.
    pub fn with_product(mut self, product: Precision) -> Self {
        self.product = product;
        self
    }

    /// Loss and `dL/dW` at `w` on `batch`; trial `b` uses the noise stream `(seed, step, b)`.
    pub fn loss_and_grad(
        &mut self,
        w: &DMatrix<f64>,
        batch: &TrialBatch,
        seed: u64,
        step: u64,
    ) -> Result<LinearPass, TrainError> {
        self.run(w, batch, seed, step, true)
    }

    /// The forward pass only (same noise as [`Self::loss_and_grad`]).
    pub fn forward(
        &mut self,
        w: &DMatrix<f64>,
        batch: &TrialBatch,
        seed: u64,
        step: u64,
    ) -> Result<LinearPass, TrainError> {
        self.run(w, batch, seed, step, false)
    }

    fn run(
        &mut self,
        w: &DMatrix<f64>,
        batch: &TrialBatch,
        seed: u64,
        step: u64,
        want_grad: bool,
    ) -> Result<LinearPass, TrainError> {
        batch.validate()?;
        let n = self.n;
        if w.shape() != (n, n) {
            return Err(TrainError::BadBatch(format!(
                "W is {} x {}, expected N x N = {n} x {n}",
                w.nrows(),
                w.ncols()
            )));
        }
        check_all_finite("W", w.iter())?;
        let (t, k) = (batch.n_steps, batch.n_loss());
        let n_chunks = batch.batch.div_ceil(CHUNK);
        if self.work.len() < n_chunks {
            self.work.resize_with(n_chunks, ChunkWork::default);
        }
        let e_scale = 2.0 / (batch.batch * k) as f64;
        let noise_scale = (2.0 * self.dt).sqrt() * self.sigma;
        let (dt, w_in, w_out) = (self.dt, &self.w_in[..], &self.w_out[..]);
        let w32: Option<Vec<f32>> =
            (self.product == Precision::F32).then(|| w.iter().map(|&v| v as f32).collect());
        let w32 = w32.as_deref();
        let chunks = &mut self.work[..n_chunks];
        let (v, ()) = rayon::join(
            || want_grad.then(|| krylov(w, w_out, dt, t)),
            || {
                chunks.par_iter_mut().enumerate().for_each(|(c, cw)| {
                    let b0 = c * CHUNK;
                    let bc = CHUNK.min(batch.batch - b0);
                    let span = Span { b0, bc, t, kk: k };
                    let consts = (dt, noise_scale, e_scale);
                    chunk_pass(
                        cw,
                        (w, w32),
                        batch,
                        span,
                        consts,
                        w_in,
                        w_out,
                        (seed, step),
                        want_grad,
                    );
                })
            },
        );
        let mut loss = 0.0;
        let mut z = Vec::with_capacity(batch.batch * k);
        for cw in &self.work[..n_chunks] {
            loss += cw.loss;
            z.extend_from_slice(&cw.z);
        }
        let mut grad = DMatrix::zeros(n, n);
        if let Some(v) = v {
            // Y = sum of the chunks' Y (in chunk order), then dL/dW = dt V Y^T
            let mut y = self.work[0].y.clone();
            for cw in &self.work[1..n_chunks] {
                for (a, b) in y.iter_mut().zip(&cw.y) {
                    *a += b;
                }
            }
            let ni = n as isize;
            let g = grad.as_mut_slice();
            gemm(n, t, n, dt, (&v, 1, ni), (&y, ni, 1), 0.0, (g, 1, ni));
        }
        Ok(LinearPass {
            loss: loss / (batch.batch * k) as f64,
            grad,
            z,
        })
    }
}
