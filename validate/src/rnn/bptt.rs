//! Forward pass and backpropagation through time for one chunk of trials
//! (paper-methods 1.1 and 1.4).
//!
//! A chunk holds `M` trials; its states are stored time-major, `x[k][b][n]`, so that each
//! Euler step is one `(M x N) (N x N)` product. The adjoint `a_k = dL/dx_k` obeys
//!
//! ```text
//! a_{T-1} = W_out^T e_{T-1},
//! a_k     = W_out^T e_k + (1 - dt) a_{k+1} + dt phi'(x_k) .* (W^T a_{k+1}),
//! dL/dW     = dt sum_{k=0}^{T-2} a_{k+1} phi(x_k)^T,
//! dL/dW_in  = dt sum_{k=0}^{T-2} a_{k+1} u_k^T,
//! dL/dW_out = sum_k e_k x_k^T,
//! ```
//!
//! with `e_k = 2 m_k (z_k - y_k) / n_mask` (`n_mask` = masked entries of the whole batch).
//! Memory is three `T x M x N` arrays (`x`, later overwritten by `a`, `phi(x)` and
//! `phi'(x)`, both from one evaluation in the forward pass, so the adjoint does not evaluate
//! the nonlinearity again); `dL/dW` is one product over all `(T - 1) M` rows at the end. The
//! products with `W_out` are [`super::readout`]'s (the outputs of each step while its
//! states are in cache).

use super::network::{NetView, Noise};
use super::packed::PackedRhs;
use super::phi::{mul_stored_dphi, phi_dphi_slice};
use super::readout;
use super::real::{gemm, Mat, Real};
use super::scratch;
use super::tasks::TaskBatch;
use crate::train::noise::{stream_seed, NormalStream};
use oblique_theory::nonlinearity::Builtin;

/// Where a chunk's noise comes from: trial `b` of draw `draw` uses the stream
/// `stream_seed(seed, draw, b)` (initial state first, then one `N`-vector per step).
#[derive(Debug, Clone, Copy)]
pub struct NoiseDraw {
    /// levels
    pub noise: Noise,
    /// run seed
    pub seed: u64,
    /// which draw (the training step, or a fixed evaluation index)
    pub draw: u64,
}

/// The stored forward pass of one chunk.
#[derive(Debug, Clone)]
pub struct Tape<R> {
    /// first trial of the chunk in the batch
    pub b0: usize,
    /// trials in the chunk
    pub m: usize,
    /// time steps
    pub t: usize,
    /// states `x[k][b][n]`
    pub x: Vec<R>,
    /// `phi(x)[k][b][n]` for `k < T - 1`
    pub phi: Vec<R>,
    /// `phi'(x)[k][b][n]` for `k < T - 1` (empty for the identity), kept for the adjoint
    pub dphi: Vec<R>,
    /// outputs `z[k][b][o]`
    pub z: Vec<R>,
}

/// `W^T` of `net` packed for the Euler steps of every chunk ([`forward`]).
pub fn pack_w_t<R: Real>(net: &NetView<R>) -> PackedRhs<'_, R> {
    PackedRhs::new(Mat::rows_t(&net.w, net.n), net.n, net.n)
}

/// `W` of `net` packed for the adjoint steps of every chunk ([`backward`]).
pub fn pack_w<R: Real>(net: &NetView<R>) -> PackedRhs<'_, R> {
    PackedRhs::new(Mat::rows(&net.w, net.n), net.n, net.n)
}

/// Runs trials `b0 .. b0 + m` of `batch` through `net`: the initial states, `T - 1`
/// Euler-Maruyama steps (paper-methods 1.1) and the outputs `z_k = W_out x_k`, the products
/// with the arithmetic of [`Kernel::RowExact`](super::real::Kernel::RowExact) (`w_t` is
/// [`pack_w_t`] of `net`, packed once for all chunks): a re-run of some of the trials
/// reproduces their states bit for bit.
pub fn forward<R: Real>(
    net: &NetView<R>,
    w_t: &PackedRhs<R>,
    batch: &TaskBatch,
    b0: usize,
    m: usize,
    nd: &NoiseDraw,
) -> Tape<R> {
    let (n, t) = (net.n, batch.n_t);
    let mn = m * n;
    // every element of x, phi and dphi is written below before it is read
    let mut x = scratch::take(t * mn);
    let mut phi = scratch::take(t.saturating_sub(1) * mn);
    let mut dphi = match net.nonlinearity {
        Builtin::Identity => Vec::new(),
        _ => scratch::take(t.saturating_sub(1) * mn),
    };
    let mut streams: Vec<NormalStream> = (0..m)
        .map(|b| NormalStream::new(stream_seed(nd.seed, nd.draw, (b0 + b) as u64)))
        .collect();
    let mut xi = vec![0.0f64; n];
    initial_states(net, nd, &mut streams, &mut xi, &mut x[..mn]);
    let drive = Drive::new(net, w_t, nd);
    // the outputs z_k = W_out x_k of each step while its states are in cache (a row's
    // output depends on that row only)
    let d = net.d_out;
    let mut z = vec![R::default(); t * m * d];
    readout::outputs(m, n, d, &x[..mn], &net.w_out, &mut z[..m * d]);
    for k in 0..t.saturating_sub(1) {
        let (past, future) = x.split_at_mut((k + 1) * mn);
        let xk = &past[k * mn..];
        let xn = &mut future[..mn];
        let pk = &mut phi[k * mn..(k + 1) * mn];
        let dk = dphi.get_mut(k * mn..(k + 1) * mn).unwrap_or(&mut []);
        phi_dphi_slice(net.nonlinearity, xk, pk, dk);
        // x_{k+1} = dt phi_k W^T, then the leak, the input and the noise
        drive.w_t.product(m, drive.rdt, pk, xn);
        for b in 0..m {
            let u = &batch.input[((b0 + b) * t + k) * batch.d_in..][..batch.d_in];
            let row = &mut xn[b * n..(b + 1) * n];
            drive.add_leak_input_noise(u, &xk[b * n..(b + 1) * n], &mut streams[b], &mut xi, row);
        }
        readout::outputs(
            m,
            n,
            d,
            xn,
            &net.w_out,
            &mut z[(k + 1) * m * d..(k + 2) * m * d],
        );
    }
    Tape {
        b0,
        m,
        t,
        x,
        phi,
        dphi,
        z,
    }
}

/// The initial states `x_0 = h_0 + sigma_init xi` of the chunk's trials (`x0` is `m x N`),
/// `xi` the first draw of each trial's stream.
fn initial_states<R: Real>(
    net: &NetView<R>,
    nd: &NoiseDraw,
    streams: &mut [NormalStream],
    xi: &mut [f64],
    x0: &mut [R],
) {
    let n = net.n;
    for (b, s) in streams.iter_mut().enumerate() {
        if nd.noise.sigma_init > 0.0 {
            s.fill_scaled(xi, nd.noise.sigma_init);
        } else {
            xi.fill(0.0);
        }
        for (j, xv) in x0[b * n..(b + 1) * n].iter_mut().enumerate() {
            *xv = net.h0[j] + R::of(xi[j]);
        }
    }
}

/// What every Euler step of a chunk uses besides the states: `W^T` packed once for all
/// steps and chunks ([`PackedRhs`]), `W_in^T` in f64 (`d_in x N`, so that the input drive is a sum of
/// contiguous columns), and the step's constants.
struct Drive<'a, 'w, R> {
    w_t: &'a PackedRhs<'w, R>,
    w_in_t: Vec<f64>,
    dt: f64,
    /// per-step noise `sqrt(dt) sigma_hid`
    s_hid: f64,
    leak: R,
    rdt: R,
}

impl<'a, 'w, R: Real> Drive<'a, 'w, R> {
    fn new(net: &NetView<R>, w_t: &'a PackedRhs<'w, R>, nd: &NoiseDraw) -> Self {
        let (n, dt) = (net.n, net.dt);
        let mut w_in_t = vec![0.0f64; net.d_in * n];
        for j in 0..n {
            for i in 0..net.d_in {
                w_in_t[i * n + j] = net.w_in[j * net.d_in + i].f64();
            }
        }
        Drive {
            w_t,
            w_in_t,
            dt,
            s_hid: dt.sqrt() * nd.noise.sigma_hid,
            leak: R::of(1.0 - dt),
            rdt: R::of(dt),
        }
    }

    /// The rest of one trial's Euler-Maruyama step (paper-methods 1.1): `row` holds
    /// `dt W phi(x_k)` and receives `+ (1 - dt) x_k + (sqrt(dt) sigma_hid xi_k + dt W_in u_k)`,
    /// the noise and input summed in f64 in `xi` first.
    #[inline]
    fn add_leak_input_noise(
        &self,
        u: &[f64],
        xk: &[R],
        stream: &mut NormalStream,
        xi: &mut [f64],
        row: &mut [R],
    ) {
        let n = xi.len();
        // xi <- noise + dt W_in u, column by column of W_in
        if self.s_hid > 0.0 {
            stream.fill_scaled(xi, self.s_hid);
        } else {
            xi.fill(0.0);
        }
        for (col, &ui) in self.w_in_t.chunks_exact(n).zip(u) {
            if ui != 0.0 {
                let c = self.dt * ui;
                for (v, &w) in xi.iter_mut().zip(col) {
                    *v += c * w;
                }
            }
        }
        for ((r, &xv), &v) in row.iter_mut().zip(xk).zip(xi.iter()) {
            *r += self.leak * xv + R::of(v);
        }
    }
}

/// Gradients of one chunk, in the working precision.
#[derive(Debug, Clone)]
pub struct Grads<R> {
    /// `dL/dW` (`N x N`)
    pub w: Vec<R>,
    /// `dL/dW_in` (`N x d_in`)
    pub w_in: Vec<f64>,
    /// `dL/dW_out` (`d_out x N`)
    pub w_out: Vec<R>,
}

/// Backpropagation through time of a chunk, given the output errors `e[k][b][o]` of
/// its trials (see the module docs); `w` is [`pack_w`] of `net`, packed once for all chunks.
/// Consumes the tape (its states become the adjoint).
pub fn backward<R: Real>(
    net: &NetView<R>,
    w: &PackedRhs<R>,
    batch: &TaskBatch,
    mut tape: Tape<R>,
    e: &[R],
    want_w: bool,
) -> Grads<R> {
    let (n, m, t, d) = (net.n, tape.m, tape.t, net.d_out);
    let mn = m * n;
    // dL/dW_out = sum_k e_k x_k^T
    let mut g_out = vec![R::default(); d * n];
    readout::output_gradient(t * m, d, n, e, &tape.x, &mut g_out);
    let x = &mut tape.x;
    // a_{T-1} = e_{T-1} W_out
    let last = (t - 1) * mn;
    readout::push_errors(
        m,
        d,
        n,
        &e[(t - 1) * m * d..],
        &net.w_out,
        false,
        &mut x[last..],
    );
    let mut tmp = vec![R::default(); mn];
    for k in (1..t - 1).rev() {
        let (head, tail) = x.split_at_mut((k + 1) * mn);
        adjoint_step(
            net,
            w,
            m,
            &tail[..mn],
            &mut head[k * mn..],
            StepIn {
                dphi: tape.dphi.get(k * mn..(k + 1) * mn).unwrap_or(&[]),
                e: &e[k * m * d..],
            },
            &mut tmp,
        );
    }
    let mut g_w = Vec::new();
    if want_w {
        // dL/dW = dt sum_{k=0}^{T-2} a_{k+1} phi(x_k)^T, one product over all (T - 1) M rows
        g_w = vec![R::default(); n * n];
        gemm(
            n,
            (t - 1) * m,
            n,
            R::of(net.dt),
            Mat::rows_t(&x[mn..], n),
            Mat::rows(&tape.phi, n),
            R::default(),
            &mut g_w,
        );
    }
    let w_in = input_gradient(net, batch, &tape);
    for v in [tape.x, tape.phi, tape.dphi] {
        scratch::give(v);
    }
    Grads {
        w: g_w,
        w_in,
        w_out: g_out,
    }
}

/// What step `k` of the adjoint recursion reads besides the states: `phi'(x_k)` (empty for
/// the identity) and the errors `e_k` (`m x d`).
struct StepIn<'a, R> {
    dphi: &'a [R],
    e: &'a [R],
}

/// One step of the adjoint recursion (module docs): overwrites the states `x_k` (`m x N`)
/// with `a_k = (1 - dt) a_{k+1} + dt phi'(x_k) .* (W^T a_{k+1}) + W_out^T e_k`, `e_k` the
/// errors at step `k` and `phi'(x_k)` from the forward pass (`step`); `tmp` is `m x N`
/// scratch.
#[inline]
fn adjoint_step<R: Real>(
    net: &NetView<R>,
    w: &PackedRhs<R>,
    m: usize,
    a_next: &[R],
    xk: &mut [R],
    step: StepIn<'_, R>,
    tmp: &mut [R],
) {
    let (n, d, dt) = (net.n, net.d_out, net.dt);
    let leak = R::of(1.0 - dt);
    // tmp = dt a_{k+1} W (W packed once for all steps and chunks), times phi'(x_k)
    w.product(m, R::of(dt), a_next, tmp);
    mul_stored_dphi(net.nonlinearity, step.dphi, tmp);
    for (j, v) in xk.iter_mut().enumerate() {
        *v = tmp[j] + leak * a_next[j];
    }
    readout::push_errors(m, d, n, step.e, &net.w_out, true, xk);
}

/// `dL/dW_in = dt sum_{k=0}^{T-2} a_{k+1} u_k^T` (module docs) in f64, from the adjoint
/// that `backward` left in the tape's states. Summed into `d_in x N` (each input's column
/// contiguous, so the sum over neurons runs on vectors) and returned as `N x d_in`; every
/// element adds its terms in the order of `k`, then `b`.
fn input_gradient<R: Real>(net: &NetView<R>, batch: &TaskBatch, tape: &Tape<R>) -> Vec<f64> {
    let (n, m, t, dt, d_in) = (net.n, tape.m, tape.t, net.dt, net.d_in);
    let mn = m * n;
    let x = &tape.x;
    let mut g_in_t = vec![0.0; d_in * n];
    for k in 0..t - 1 {
        for b in 0..m {
            let u = &batch.input[((tape.b0 + b) * t + k) * batch.d_in..][..batch.d_in];
            let a = &x[(k + 1) * mn + b * n..][..n];
            for (&ui, g) in u.iter().zip(g_in_t.chunks_exact_mut(n)) {
                if ui != 0.0 {
                    let c = dt * ui;
                    for (gj, aj) in g.iter_mut().zip(a) {
                        *gj += c * aj.f64();
                    }
                }
            }
        }
    }
    let mut g_in = vec![0.0; n * d_in];
    for (i, col) in g_in_t.chunks_exact(n).enumerate() {
        for (j, &v) in col.iter().enumerate() {
            g_in[j * d_in + i] = v;
        }
    }
    g_in
}
