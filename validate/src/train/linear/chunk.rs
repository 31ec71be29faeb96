//! One chunk of trials: its forward pass (states `X_k`, outputs, loss) and its share
//! `Y = [y_0 .. y_{T-1}]` of the gradient (module docs of [`super`]).

use super::products::gemm;
use crate::train::batch::TrialBatch;
use crate::train::noise::{stream_seed, NormalStream};
use nalgebra::DMatrix;

/// A chunk's buffers, kept between calls.
#[derive(Debug, Clone, Default)]
pub(super) struct ChunkWork {
    /// `X_0 .. X_T`, each `N x bc` column-major, consecutive.
    pub(super) xs: Vec<f64>,
    /// This chunk's `Y = [y_0 .. y_{T-1}]`, `N x T` (module docs).
    pub(super) y: Vec<f64>,
    /// `X_k E` for one `k`: `N x K` scratch.
    pub(super) xe: Vec<f64>,
    /// `B_c x K` outputs.
    pub(super) z: Vec<f64>,
    /// Sum of the chunk's squared errors.
    pub(super) loss: f64,
    /// `X_k` rounded to `f32` for an `f32` product (`N x bc`).
    prev32: Vec<f32>,
    /// `dt W X_k` in `f32` (`N x bc`).
    prod32: Vec<f32>,
}

/// `next += dt W prev` for one chunk (`N x bc` column-major), the product in `f64`, or in
/// `f32` when `w32` (`W` rounded to `f32`) is given: `prev` rounded to `f32`, the product
/// `dt W prev` in `f32`, added to `next` in `f64`.
#[allow(clippy::too_many_arguments)]
fn add_product(
    w: &[f64],
    w32: Option<&[f32]>,
    (prev32, prod32): (&mut Vec<f32>, &mut Vec<f32>),
    n: usize,
    bc: usize,
    dt: f64,
    prev: &[f64],
    next: &mut [f64],
) {
    let ni = n as isize;
    let Some(w32) = w32 else {
        gemm(n, n, bc, dt, (w, 1, ni), (prev, 1, ni), 1.0, (next, 1, ni));
        return;
    };
    prev32.clear();
    prev32.extend(prev.iter().map(|&v| v as f32));
    prod32.resize(prev.len(), 0.0);
    let p = &mut prod32[..];
    gemm(
        n,
        n,
        bc,
        dt as f32,
        (w32, 1, ni),
        (&prev32[..], 1, ni),
        0.0,
        (p, 1, ni),
    );
    for (a, b) in next.iter_mut().zip(prod32.iter()) {
        *a += *b as f64;
    }
}

/// Which trials a chunk holds and the batch's shape.
#[derive(Debug, Clone, Copy)]
pub(super) struct Span {
    /// first trial
    pub(super) b0: usize,
    /// number of trials
    pub(super) bc: usize,
    /// Euler steps `T`
    pub(super) t: usize,
    /// loss steps `K`
    pub(super) kk: usize,
}

/// Forward pass of one chunk (states, outputs, loss) and, with `want_grad`, its `Y`; the
/// product `W X_k` in `f32` when `w32` is given ([`add_product`]).
#[allow(clippy::too_many_arguments)]
pub(super) fn chunk_pass(
    cw: &mut ChunkWork,
    (w, w32): (&DMatrix<f64>, Option<&[f32]>),
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
        let scratch = (&mut cw.prev32, &mut cw.prod32);
        add_product(wsl, w32, scratch, n, bc, dt, prev, next);
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
