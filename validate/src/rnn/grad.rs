//! The masked mean squared error of a batch, its bias/variance split and its gradient
//! (paper-methods 1.4 and 3.10), over fixed chunks of trials in parallel.
//!
//! The batch is cut into chunks of [`CHUNK`] trials whatever the number of threads; each
//! chunk runs [`forward`] and [`backward`] on its own and the chunk gradients are summed in
//! chunk order, so the numbers do not depend on the thread count.

use super::bptt::{backward, forward, pack_w, pack_w_t, NoiseDraw, Tape};
use super::network::{NetView, TaskNetwork};
use super::real::Real;
use super::tasks::TaskBatch;
use rayon::prelude::*;

/// Trials per chunk (fixed, for reproducibility across thread counts).
pub const CHUNK: usize = 16;

/// Which weights are trained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Trained {
    /// `W`
    pub w: bool,
    /// `W_in`
    pub w_in: bool,
    /// `W_out`
    pub w_out: bool,
}

impl Trained {
    /// All three weights (the neuroscience tasks).
    pub const ALL: Trained = Trained {
        w: true,
        w_in: true,
        w_out: true,
    };
    /// Only `W` (Fig. 2 and Fig. 9).
    pub const W_ONLY: Trained = Trained {
        w: true,
        w_in: false,
        w_out: false,
    };
}

/// `L = L_bias + L_var` (paper-methods 3.10).
///
/// With `e = z - y` and `ebar[k][o]` its mean over the trials masked at `(k, o)`:
/// `L = sum m e^2 / n_mask`, `L_bias = sum m ebar^2 / n_mask`, `L_var = sum m (e - ebar)^2 / n_mask`.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct LossParts {
    /// masked mean squared error
    pub loss: f64,
    /// error of the batch-mean output
    pub l_bias: f64,
    /// spread of the errors around their batch mean
    pub l_var: f64,
}

/// Gradients of the loss, in `f64`.
#[derive(Debug, Clone, PartialEq)]
pub struct Gradient {
    /// `dL/dW` (empty when `W` is not trained)
    pub w: Vec<f64>,
    /// `dL/dW_in`
    pub w_in: Vec<f64>,
    /// `dL/dW_out`
    pub w_out: Vec<f64>,
}

/// The chunks of a batch: `(first trial, trials)`.
pub fn chunks(batch: usize) -> Vec<(usize, usize)> {
    (0..batch)
        .step_by(CHUNK)
        .map(|b0| (b0, CHUNK.min(batch - b0)))
        .collect()
}

/// Loss parts and the errors `e[k][b][o] = 2 m (z - y) / n_mask` of every chunk.
fn errors<R: Real>(batch: &TaskBatch, tapes: &[Tape<R>]) -> (LossParts, Vec<Vec<R>>) {
    let (t, d) = (batch.n_t, batch.d_out);
    let n_mask = batch.mask_count().max(1) as f64;
    let err = |tape: &Tape<R>, k: usize, b: usize, o: usize| {
        let gb = tape.b0 + b;
        tape.z[(k * tape.m + b) * d + o].f64() - batch.y(gb, k, o)
    };
    // batch mean of the error at each (k, o) over the masked trials
    let mut mean = vec![0.0; t * d];
    let mut count = vec![0.0; t * d];
    for tape in tapes {
        for k in 0..t {
            for b in 0..tape.m {
                for o in 0..d {
                    let mk = batch.m(tape.b0 + b, k, o);
                    mean[k * d + o] += mk * err(tape, k, b, o);
                    count[k * d + o] += mk;
                }
            }
        }
    }
    for (v, c) in mean.iter_mut().zip(&count) {
        *v = if *c > 0.0 { *v / c } else { 0.0 };
    }
    let (mut loss, mut bias, mut var) = (0.0, 0.0, 0.0);
    let mut es = Vec::with_capacity(tapes.len());
    for tape in tapes {
        let mut e = vec![R::default(); t * tape.m * d];
        for k in 0..t {
            for b in 0..tape.m {
                for o in 0..d {
                    let mk = batch.m(tape.b0 + b, k, o);
                    if mk == 0.0 {
                        continue;
                    }
                    let ev = err(tape, k, b, o);
                    let eb = mean[k * d + o];
                    loss += ev * ev;
                    bias += eb * eb;
                    var += (ev - eb) * (ev - eb);
                    e[(k * tape.m + b) * d + o] = R::of(2.0 * mk * ev / n_mask);
                }
            }
        }
        es.push(e);
    }
    let parts = LossParts {
        loss: loss / n_mask,
        l_bias: bias / n_mask,
        l_var: var / n_mask,
    };
    (parts, es)
}

/// The forward pass of every chunk, in parallel.
fn forward_all<R: Real>(
    view: &NetView<R>,
    batch: &TaskBatch,
    nd: &NoiseDraw,
    pool: &rayon::ThreadPool,
) -> Vec<Tape<R>> {
    let parts = chunks(batch.batch);
    let w_t = pack_w_t(view);
    pool.install(|| {
        parts
            .par_iter()
            .map(|&(b0, m)| forward(view, &w_t, batch, b0, m, nd))
            .collect()
    })
}

/// Loss parts and gradient of `net` on `batch` with the noise `nd`, in precision `R`.
pub fn loss_and_gradient<R: Real>(
    net: &TaskNetwork,
    batch: &TaskBatch,
    nd: &NoiseDraw,
    want_w: bool,
    pool: &rayon::ThreadPool,
) -> (LossParts, Gradient) {
    let view: NetView<R> = net.view();
    // the training step runs on matrixmultiply (bptt's products, Kernel::RowExact): the gemm
    // crate's kernel (Kernel::Fast) was 0-14% faster here under load, but it changes the
    // trained networks at rounding level, and the default grid was chosen on these
    let tapes = forward_all(&view, batch, nd, pool);
    let (loss, es) = errors(batch, &tapes);
    let w = pack_w(&view);
    let grads: Vec<_> = pool.install(|| {
        tapes
            .into_par_iter()
            .zip(es.par_iter())
            .map(|(tape, e)| backward(&view, &w, batch, tape, e, want_w))
            .collect()
    });
    let n = net.n;
    let mut g = Gradient {
        w: if want_w { vec![0.0; n * n] } else { Vec::new() },
        w_in: vec![0.0; n * net.d_in],
        w_out: vec![0.0; net.d_out * n],
    };
    for c in &grads {
        add_to(&mut g.w, &c.w);
        add_to(&mut g.w_out, &c.w_out);
        for (a, b) in g.w_in.iter_mut().zip(&c.w_in) {
            *a += b;
        }
    }
    (loss, g)
}

fn add_to<R: Real>(acc: &mut [f64], v: &[R]) {
    for (a, b) in acc.iter_mut().zip(v) {
        *a += b.f64();
    }
}

/// The noise-free or noisy trajectory of every trial: states `x[b][k][n]` and outputs
/// `z[b][k][o]` (trial-major), in `f64`.
pub fn trajectories<R: Real>(
    net: &TaskNetwork,
    batch: &TaskBatch,
    nd: &NoiseDraw,
    pool: &rayon::ThreadPool,
) -> (Vec<f64>, Vec<f64>) {
    let view: NetView<R> = net.view();
    // row-exact: `regime::rerun` reproduces these states bit for bit from any row
    let tapes = forward_all(&view, batch, nd, pool);
    let (n, t, d) = (net.n, batch.n_t, net.d_out);
    let mut x = vec![0.0; batch.batch * t * n];
    let mut z = vec![0.0; batch.batch * t * d];
    for tape in &tapes {
        for k in 0..t {
            for b in 0..tape.m {
                let gb = tape.b0 + b;
                let src = &tape.x[(k * tape.m + b) * n..][..n];
                for (dst, s) in x[(gb * t + k) * n..][..n].iter_mut().zip(src) {
                    *dst = s.f64();
                }
                for o in 0..d {
                    z[(gb * t + k) * d + o] = tape.z[(k * tape.m + b) * d + o].f64();
                }
            }
        }
    }
    (x, z)
}
