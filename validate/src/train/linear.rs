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
//! The batch is split into fixed chunks of 16 trials that run in parallel (rayon), and the
//! chunks' `Y` are added in chunk order, so the numbers do not depend on the thread count;
//! trial `b` draws the same noise stream `(seed, step, b)` as in [`super::rank2`].

use super::batch::TrialBatch;
use super::noise::{stream_seed, NormalStream};
use super::TrainError;
use crate::network::FullNetwork;
use nalgebra::DMatrix;
use oblique_theory::nonlinearity::Builtin;
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

#[derive(Debug, Clone, Default)]
struct ChunkWork {
    /// `X_0 .. X_T`, each `N x bc` column-major, consecutive.
    xs: Vec<f64>,
    /// This chunk's `Y = [y_0 .. y_{T-1}]`, `N x T` (module docs).
    y: Vec<f64>,
    /// `X_k E` for one `k`: `N x K` scratch.
    xe: Vec<f64>,
    /// `B_c x K` outputs.
    z: Vec<f64>,
    loss: f64,
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
    work: Vec<ChunkWork>,
}

impl LinearBptt {
    /// Takes `w_in`, `w_out`, noise and `dt` from `net`, which must be linear.
    pub fn new(net: &FullNetwork) -> Result<Self, TrainError> {
        if net.nonlinearity != Builtin::Identity {
            return Err(TrainError::NotLinear(net.phi().name().to_string()));
        }
        if net.n < 2 {
            return Err(TrainError::TooFewNeurons(net.n));
        }
        if !(net.dt.is_finite() && net.dt > 0.0) {
            return Err(TrainError::BadDt(net.dt));
        }
        if !net.sigma.is_finite() {
            return Err(TrainError::NonFinite {
                name: "noise sigma",
                value: net.sigma,
            });
        }
        Ok(LinearBptt {
            n: net.n,
            w_in: net.w_in.iter().copied().collect(),
            w_out: net.w_out.iter().copied().collect(),
            dt: net.dt,
            sigma: net.sigma,
            work: Vec::new(),
        })
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
        if let Some(v) = w.iter().find(|v| !v.is_finite()) {
            return Err(TrainError::NonFinite {
                name: "W",
                value: *v,
            });
        }
        let (t, k) = (batch.n_steps, batch.n_loss());
        let n_chunks = batch.batch.div_ceil(CHUNK);
        if self.work.len() < n_chunks {
            self.work.resize_with(n_chunks, ChunkWork::default);
        }
        let e_scale = 2.0 / (batch.batch * k) as f64;
        let noise_scale = (2.0 * self.dt).sqrt() * self.sigma;
        let (dt, w_in, w_out) = (self.dt, &self.w_in[..], &self.w_out[..]);
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
                        w,
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

/// `C = alpha A B + beta C` with explicit (row, column) strides, via `matrixmultiply`.
#[allow(clippy::too_many_arguments)]
fn gemm(
    m: usize,
    k: usize,
    n: usize,
    alpha: f64,
    a: (&[f64], isize, isize),
    b: (&[f64], isize, isize),
    beta: f64,
    c: (&mut [f64], isize, isize),
) {
    let max_idx = |rows: usize, cols: usize, rs: isize, cs: isize| {
        if rows == 0 || cols == 0 {
            0
        } else {
            (rows - 1) * rs as usize + (cols - 1) * cs as usize + 1
        }
    };
    assert!(a.0.len() >= max_idx(m, k, a.1, a.2));
    assert!(b.0.len() >= max_idx(k, n, b.1, b.2));
    assert!(c.0.len() >= max_idx(m, n, c.1, c.2));
    // SAFETY: the asserts above keep every accessed index inside the slices; strides are
    // non-negative and C does not alias A or B (it is a distinct &mut borrow).
    unsafe {
        matrixmultiply::dgemm(
            m,
            k,
            n,
            alpha,
            a.0.as_ptr(),
            a.1,
            a.2,
            b.0.as_ptr(),
            b.1,
            b.2,
            beta,
            c.0.as_mut_ptr(),
            c.1,
            c.2,
        );
    }
}

/// The Krylov vectors `v_m = (A^T)^m w_out`, `m = 0..T-1`, as the columns of an `N x T`
/// matrix (column-major), with `A^T v = (1 - dt) v + dt W^T v` (module docs).
fn krylov(w: &DMatrix<f64>, w_out: &[f64], dt: f64, t: usize) -> Vec<f64> {
    let n = w.nrows();
    let ni = n as isize;
    let mut v = vec![0.0; n * t];
    v[..n].copy_from_slice(w_out);
    for m in 1..t {
        let (prev, next) = v[(m - 1) * n..(m + 1) * n].split_at_mut(n);
        for (a, b) in next.iter_mut().zip(prev.iter()) {
            *a = (1.0 - dt) * b;
        }
        gemm(
            n,
            n,
            1,
            dt,
            (w.as_slice(), ni, 1),
            (prev, 1, ni),
            1.0,
            (next, 1, ni),
        );
    }
    v
}

/// Which trials a chunk holds and the batch's shape.
#[derive(Debug, Clone, Copy)]
struct Span {
    /// first trial
    b0: usize,
    /// number of trials
    bc: usize,
    /// Euler steps `T`
    t: usize,
    /// loss steps `K`
    kk: usize,
}

/// Forward pass of one chunk (states, outputs, loss) and, with `want_grad`, its `Y`.
#[allow(clippy::too_many_arguments)]
fn chunk_pass(
    cw: &mut ChunkWork,
    w: &DMatrix<f64>,
    batch: &TrialBatch,
    span: Span,
    (dt, noise_scale, e_scale): (f64, f64, f64),
    w_in: &[f64],
    w_out: &[f64],
    (seed, step): (u64, u64),
    want_grad: bool,
) {
    let Span { b0, bc, t, kk } = span;
    let n = w.nrows();
    let blk = n * bc;
    let ni = n as isize;
    let wsl = w.as_slice();
    let a1 = 1.0 - dt;
    cw.xs.resize((t + 1) * blk, 0.0);
    cw.z.resize(bc * kk, 0.0);
    let mut streams: Vec<NormalStream> = (0..bc)
        .map(|b| NormalStream::new(stream_seed(seed, step, (b0 + b) as u64)))
        .collect();
    cw.xs[..blk].fill(0.0);
    let mut j = 0;
    for k in 0..t {
        let (prev, next) = cw.xs[k * blk..(k + 2) * blk].split_at_mut(blk);
        for b in 0..bc {
            let col = &mut next[b * n..(b + 1) * n];
            streams[b].fill_scaled(col, noise_scale);
            let u = dt * batch.inputs[(b0 + b) * t + k];
            let pc = &prev[b * n..(b + 1) * n];
            for i in 0..n {
                col[i] += a1 * pc[i] + u * w_in[i];
            }
        }
        // next += dt W prev
        gemm(
            n,
            n,
            bc,
            dt,
            (wsl, 1, ni),
            (prev, 1, ni),
            1.0,
            (next, 1, ni),
        );
        if j < kk && batch.loss_steps[j] == k + 1 {
            for b in 0..bc {
                let col = &next[b * n..(b + 1) * n];
                cw.z[b * kk + j] = col.iter().zip(w_out).map(|(x, w)| x * w).sum();
            }
            j += 1;
        }
    }
    let mut loss = 0.0;
    let mut e = vec![0.0; bc * kk];
    for b in 0..bc {
        for j in 0..kk {
            let r = cw.z[b * kk + j] - batch.targets[(b0 + b) * kk + j];
            loss += r * r;
            e[b * kk + j] = e_scale * r;
        }
    }
    cw.loss = loss;
    if want_grad {
        chunk_y(cw, &e, &batch.loss_steps, n, span);
    }
}

/// `Y = [y_0 .. y_{T-1}]` of one chunk, `y_m = sum_k X_k e_{k+1+m}` (module docs): for each
/// state `X_k` the product with the errors of the loss steps after it, one `N x B x K`
/// product, scattered into the columns `m = j - 1 - k`.
fn chunk_y(cw: &mut ChunkWork, e: &[f64], loss_steps: &[usize], n: usize, span: Span) {
    let Span { bc, t, kk, .. } = span;
    let blk = n * bc;
    let ni = n as isize;
    cw.y.clear();
    cw.y.resize(n * t, 0.0);
    cw.xe.resize(n * kk, 0.0);
    // X_0 = 0 contributes nothing
    for k in 1..t {
        // the loss steps j >= k + 1: indices first..kk
        let first = loss_steps.partition_point(|&j| j < k + 1);
        let q = kk - first;
        if q == 0 {
            continue;
        }
        let xk = &cw.xs[k * blk..(k + 1) * blk];
        // E[b, jj] = e[b * kk + jj]: rows of stride kk, columns of stride 1
        let xe = &mut cw.xe[..n * q];
        gemm(
            n,
            bc,
            q,
            1.0,
            (xk, 1, ni),
            (&e[first..], kk as isize, 1),
            0.0,
            (xe, 1, ni),
        );
        for (c, &j) in loss_steps[first..].iter().enumerate() {
            let m = j - 1 - k;
            let col = &mut cw.y[m * n..(m + 1) * n];
            for (a, b) in col.iter_mut().zip(&xe[c * n..(c + 1) * n]) {
                *a += b;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::{RankTwoNetwork, RankTwoParams};
    use crate::tasks::{ConstantInputTask, FixedPointTask};
    use crate::train::RankTwoBptt;
    use nalgebra::Matrix2;

    #[test]
    fn gradient_matches_finite_differences() {
        let mut net = FullNetwork::linear_from_seed(12, -0.5, 0.8, 0.2, 4).unwrap();
        net.w = DMatrix::from_fn(12, 12, |i, j| 0.1 * ((i * 7 + j * 3) as f64).sin());
        let mut bptt = LinearBptt::new(&net).unwrap();
        // 19 trials: two chunks, the second partial
        let short = ConstantInputTask {
            t_max: 3.0,
            t_target: 2.0,
            ..ConstantInputTask::published(1.0)
        };
        let task = TrialBatch::constant_input(&short, 19).unwrap();
        let pass = bptt.loss_and_grad(&net.w, &task, 3, 1).unwrap();
        let h = 1e-5;
        for &(r, c) in &[(0, 0), (3, 7), (11, 2), (5, 5), (2, 11)] {
            let mut wp = net.w.clone();
            wp[(r, c)] += h;
            let mut wm = net.w.clone();
            wm[(r, c)] -= h;
            let fd = (bptt.forward(&wp, &task, 3, 1).unwrap().loss
                - bptt.forward(&wm, &task, 3, 1).unwrap().loss)
                / (2.0 * h);
            let an = pass.grad[(r, c)];
            let rel = (fd - an).abs() / an.abs().max(1e-3);
            assert!(rel < 1e-6, "dL/dW[{r},{c}]: bptt {an}, fd {fd}, rel {rel}");
        }
    }

    #[test]
    fn agrees_with_the_low_rank_path_on_a_rank_two_linear_network() {
        // Identity nonlinearity, W = U M U^T / N: the dense linear BPTT and the low-rank BPTT
        // see the same noise, so the losses agree and dL/dM = U^T (dL/dW) U / N.
        let m = Matrix2::new(0.5, 0.3, -0.4, -1.0);
        let params = RankTwoParams::new(20, m).with_nonlinearity(Builtin::Identity);
        let net = RankTwoNetwork::from_seed(&params, 2).unwrap();
        let full = FullNetwork::from(&net);
        let short = FixedPointTask {
            t_max: 6.0,
            ..FixedPointTask::published(1.0)
        };
        let task = TrialBatch::fixed_point(&short, 6).unwrap();
        let lin = LinearBptt::new(&full)
            .unwrap()
            .loss_and_grad(&full.w, &task, 8, 3)
            .unwrap();
        let low = RankTwoBptt::new(&net)
            .unwrap()
            .with_f64_noise()
            .loss_and_grad(&m, &task, 8, 3)
            .unwrap();
        assert!((lin.loss - low.loss).abs() < 1e-12 * lin.loss);
        let g = net.u.transpose() * &lin.grad * &net.u / 20.0;
        for (a, b) in g.iter().zip(low.grad.iter()) {
            assert!(
                (a - b).abs() < 1e-10 * low.grad.norm(),
                "{g} vs {}",
                low.grad
            );
        }
    }

    #[test]
    fn a_nonlinear_network_is_rejected() {
        let mut net = FullNetwork::linear_from_seed(4, 0.0, 1.0, 0.2, 1).unwrap();
        net.nonlinearity = Builtin::Erf;
        assert_eq!(
            LinearBptt::new(&net).unwrap_err().to_string(),
            "full-W training needs the identity nonlinearity (a linear network), got erf"
        );
    }
}
