//! Noise-free re-simulation of many trials of a task network from given states (the
//! perturbation measure, methods 3.8).
//!
//! The arithmetic is the one of [`crate::rnn::bptt::forward`] without noise, step for step
//! (`x_{k+1} = dt phi(x_k) W^T + (1 - dt) x_k + dt W_in u_k`, the product in precision `R`
//! through [`crate::rnn::real::gemm`] with `W^T` stored row-major, the input drive
//! `sum_i (dt u_i) W_in[:, i]` in `f64`): a re-run started from an unperturbed state
//! reproduces the unperturbed trajectory bit for bit (a test checks it). All rows advance together, one
//! `(rows x N) (N x N)` product per step.

use crate::rnn::bptt::pack_w_t;
use crate::rnn::network::NetView;
use crate::rnn::packed::PackedRhs;
use crate::rnn::phi::phi_slice;
use crate::rnn::real::{gemm, Mat, Real};
use crate::rnn::tasks::TaskBatch;

/// The input drive `sum_i (dt u[b][k][i]) W_in[j, i]` of every trial `b`, step `k` and
/// neuron `j` (`batch x n_t x N`, in `f64`, summed over the non-zero `u_i` in order, as the
/// forward pass does).
pub fn input_drive<R: Real>(net: &NetView<R>, batch: &TaskBatch) -> Vec<f64> {
    let (n, d_in) = (net.n, batch.d_in);
    let mut drive = vec![0.0; batch.batch * batch.n_t * n];
    for (row, out) in drive.chunks_mut(n).enumerate() {
        let u = &batch.input[row * d_in..(row + 1) * d_in];
        for (i, &ui) in u.iter().enumerate() {
            if ui != 0.0 {
                let c = net.dt * ui;
                for (j, o) in out.iter_mut().enumerate() {
                    *o += c * net.w_in[j * d_in + i].f64();
                }
            }
        }
    }
    drive
}

/// Rows of states advancing in lock-step; row `r` receives the input of trial `trial[r]`.
pub struct Rerun<'a, R> {
    net: &'a NetView<R>,
    w_t: PackedRhs<'a, R>,
    drive: &'a [f64],
    n_t: usize,
    trial: Vec<usize>,
    /// the current states (`rows x N`, row-major)
    pub x: Vec<R>,
    next: Vec<R>,
    phi: Vec<R>,
    z: Vec<R>,
}

impl<'a, R: Real> Rerun<'a, R> {
    /// Rows starting from `x` (`trial.len() x N`); `drive` from [`input_drive`] of a batch
    /// with `n_t` steps.
    pub fn new(
        net: &'a NetView<R>,
        drive: &'a [f64],
        n_t: usize,
        trial: Vec<usize>,
        x: Vec<R>,
    ) -> Self {
        let len = x.len();
        let w_t = pack_w_t(net);
        Rerun {
            net,
            w_t,
            drive,
            n_t,
            trial,
            next: vec![R::default(); len],
            phi: vec![R::default(); len],
            z: vec![R::default(); len / net.n.max(1) * net.d_out],
            x,
        }
    }

    /// Advances every row from step `k` to `k + 1` (the input of step `k` drives it).
    pub fn step(&mut self, k: usize) {
        let (n, dt) = (self.net.n, self.net.dt);
        let rows = self.trial.len();
        phi_slice(self.net.nonlinearity, &self.x, &mut self.phi);
        self.w_t.product(rows, R::of(dt), &self.phi, &mut self.next);
        let leak = R::of(1.0 - dt);
        for (r, &b) in self.trial.iter().enumerate() {
            let drive = &self.drive[(b * self.n_t + k) * n..][..n];
            let xr = &self.x[r * n..(r + 1) * n];
            let row = &mut self.next[r * n..(r + 1) * n];
            for j in 0..n {
                row[j] += leak * xr[j] + R::of(drive[j]);
            }
        }
        std::mem::swap(&mut self.x, &mut self.next);
    }

    /// The outputs `z = W_out x` of the current states (`rows x d_out`).
    pub fn output(&mut self) -> &[R] {
        let (n, d) = (self.net.n, self.net.d_out);
        gemm(
            self.trial.len(),
            n,
            d,
            R::of(1.0),
            Mat::rows(&self.x, n),
            Mat::rows_t(&self.net.w_out, n),
            R::default(),
            &mut self.z,
        );
        &self.z
    }
}
