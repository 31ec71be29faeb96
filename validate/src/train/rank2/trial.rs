//! One trial of the rank-two BPTT ([`super`]): the forward Euler pass that stores the slopes
//! `phi'(x_k)` and projections `p_k = U^T phi(x_k)`, then the backward adjoint pass that
//! accumulates `dL/dM`, compiled for the CPU's SIMD width (`oblique_theory::simd_dispatch!`),
//! in one of two arithmetics ([`path`]).

mod path;

use super::super::act::{ErfAct, IdentityAct, TanhAct};
use super::super::kernels::fast::Coefs;
use super::super::noise::{NormalStream, Precision};
use nalgebra::{DMatrix, DVectorView, DVectorViewMut, Matrix2};
use oblique_theory::nonlinearity::Builtin;
use path::{Fast, Path, Precise};

/// Per-trial storage, reused across training steps.
#[derive(Debug, Clone, Default)]
pub(super) struct TrialWork {
    /// `phi'(x_k)`, `k = 0..=T`, each `N` long (only `k = 0` kept without the gradient), in
    /// the precision of the path: [`Precise`] uses `d64`, [`Fast`] `d32`.
    d64: Vec<f64>,
    d32: Vec<f32>,
    /// `U^T phi(x_k)`, `k = 0..=T`.
    p: Vec<[f64; 2]>,
    x: Vec<f64>,
    xi: Vec<f64>,
    lam: Vec<f64>,
    phi: Vec<f64>,
    tmp: Vec<f64>,
    /// Outputs at the loss steps.
    pub(super) z: Vec<f64>,
    /// Latents `U^T x / N` at the loss steps.
    pub(super) kappa: Vec<[f64; 2]>,
}

impl TrialWork {
    /// Sizes the buffers for `n` neurons, `t` Euler steps and `k` loss steps.
    pub(super) fn prepare(&mut self, n: usize, t: usize, k: usize, sh: &Shared) {
        let len = if sh.want_grad { (t + 1) * n } else { n };
        // only the path's buffer is kept
        let (d64, d32) = if sh.f64_act { (len, 0) } else { (0, len) };
        self.d64.resize(d64, 0.0);
        self.d32.resize(d32, 0.0);
        self.p.resize(t + 1, [0.0; 2]);
        for v in [&mut self.x, &mut self.xi, &mut self.lam, &mut self.tmp] {
            v.resize(n, 0.0);
        }
        self.phi.resize(if sh.bulk.is_some() { n } else { 0 }, 0.0);
        self.z.resize(k, 0.0);
        self.kappa.resize(k, [0.0; 2]);
    }
}

/// What every trial shares.
pub(super) struct Shared<'a> {
    pub(super) u0: &'a [f64],
    pub(super) u1: &'a [f64],
    pub(super) w_in: &'a [f64],
    pub(super) w_out: &'a [f64],
    /// `g J / sqrt(N)`.
    pub(super) bulk: Option<&'a DMatrix<f64>>,
    pub(super) m: Matrix2<f64>,
    pub(super) dt: f64,
    /// `sqrt(2 dt) sigma`.
    pub(super) noise_scale: f64,
    /// `U^T w_out`.
    pub(super) uw: [f64; 2],
    pub(super) want_grad: bool,
    /// The precision of the noise.
    pub(super) noise: Precision,
    /// `phi`, `phi'` in `f64` ([`Precise`]) instead of `f32` ([`Fast`]).
    pub(super) f64_act: bool,
    /// `2 / (B K)`: the loss's derivative per unit error.
    pub(super) e_scale: f64,
}

/// One trial's inputs, loss steps, targets and noise seed.
#[derive(Clone, Copy)]
pub(super) struct TrialIo<'a> {
    pub(super) inputs: &'a [f64],
    pub(super) loss_steps: &'a [usize],
    pub(super) targets: &'a [f64],
    pub(super) seed: u64,
}

/// Forward and backward pass of one trial: its share of the loss sum and of `dL/dM`.
/// Dispatches on the nonlinearity and on the CPU.
pub(super) fn trial(
    act: Builtin,
    sh: &Shared,
    w: &mut TrialWork,
    io: TrialIo,
) -> (f64, Matrix2<f64>) {
    match (act, sh.f64_act) {
        (Builtin::Erf, false) => trial_dispatch::<Fast<ErfAct>>(sh, w, io),
        (Builtin::Tanh, false) => trial_dispatch::<Fast<TanhAct>>(sh, w, io),
        (Builtin::Identity, false) => trial_dispatch::<Fast<IdentityAct>>(sh, w, io),
        (Builtin::Erf, true) => trial_dispatch::<Precise<ErfAct>>(sh, w, io),
        (Builtin::Tanh, true) => trial_dispatch::<Precise<TanhAct>>(sh, w, io),
        (Builtin::Identity, true) => trial_dispatch::<Precise<IdentityAct>>(sh, w, io),
    }
}

oblique_theory::simd_dispatch! {
    /// [`trial_impl`] compiled for the CPU's SIMD width.
    fn trial_dispatch<P: Path>(sh: &Shared, w: &mut TrialWork, io: TrialIo)
        -> (f64, Matrix2<f64>) => trial_impl
}

#[inline(always)]
fn trial_impl<P: Path>(sh: &Shared, w: &mut TrialWork, io: TrialIo) -> (f64, Matrix2<f64>) {
    forward::<P>(sh, w, io);
    let loss =
        w.z.iter()
            .zip(io.targets)
            .map(|(z, y)| (z - y) * (z - y))
            .sum();
    if !sh.want_grad {
        return (loss, Matrix2::zeros());
    }
    (loss, backward::<P>(sh, w, io))
}

/// The forward Euler pass (theory notes section 1): stores `phi'(x_k)` (all `k` when the
/// gradient is wanted), `p_k`, and `z`, `kappa` at the loss steps.
#[inline(always)]
fn forward<P: Path>(sh: &Shared, w: &mut TrialWork, io: TrialIo) {
    let n = w.x.len();
    let (dt, m, inv_n) = (sh.dt, sh.m, 1.0 / n as f64);
    let mut stream = NormalStream::new(io.seed);
    w.x.fill(0.0);
    let slopes = P::slopes(&mut w.d64, &mut w.d32);
    w.p[0] = P::initial(
        &mut w.x,
        &mut slopes[..n],
        &mut w.phi,
        &mut w.xi,
        sh.u0,
        sh.u1,
    );
    let mut j = 0;
    for k in 0..io.inputs.len() {
        let p = w.p[k];
        // dt M p / N
        let c0 = dt * ((m[(0, 0)] * p[0] + m[(0, 1)] * p[1]) * inv_n);
        let c1 = dt * ((m[(1, 0)] * p[0] + m[(1, 1)] * p[1]) * inv_n);
        let cin = dt * io.inputs[k];
        stream.fill_inline(&mut w.xi, sh.noise_scale, sh.noise);
        let off = if sh.want_grad { (k + 1) * n } else { 0 };
        let d = &mut slopes[off..off + n];
        let (x, phi, xi) = (&mut w.x, &mut w.phi, &mut w.xi);
        let c = Coefs {
            a1: 1.0 - dt,
            c0,
            c1,
            c2: cin,
        };
        w.p[k + 1] = if let Some(jb) = sh.bulk {
            let mut xi_v = DVectorViewMut::from_slice(xi, n);
            xi_v.gemv(dt, jb, &DVectorView::from_slice(phi, n), 1.0);
            P::forward_step::<true>(x, d, phi, xi, [sh.u0, sh.u1, sh.w_in], c)
        } else {
            P::forward_step::<false>(x, d, phi, xi, [sh.u0, sh.u1, sh.w_in], c)
        };
        if j < io.loss_steps.len() && io.loss_steps[j] == k + 1 {
            let [z, k0, k1] = P::dot3([sh.w_out, sh.u0, sh.u1], &w.x);
            w.z[j] = z;
            w.kappa[j] = [k0 * inv_n, k1 * inv_n];
            j += 1;
        }
    }
}

/// The backward adjoint pass (module docs of [`super`]): `dL/dM`.
#[inline(always)]
fn backward<P: Path>(sh: &Shared, w: &mut TrialWork, io: TrialIo) -> Matrix2<f64> {
    let (n, t, kk) = (w.x.len(), io.inputs.len(), io.loss_steps.len());
    let (dt, m, inv_n) = (sh.dt, sh.m, 1.0 / n as f64);
    let e_at = |j: usize| sh.e_scale * (w.z[j] - io.targets[j]);
    let mut j = kk; // loss_steps[j-1] is the next loss step at or below k
    w.lam.fill(0.0);
    let mut r = [0.0; 2];
    if io.loss_steps[kk - 1] == t {
        let e = e_at(kk - 1);
        for (l, wo) in w.lam.iter_mut().zip(sh.w_out) {
            *l = e * wo;
        }
        r = [e * sh.uw[0], e * sh.uw[1]];
        j -= 1;
    }
    let mut g = Matrix2::zeros();
    for k in (0..t).rev() {
        let p = w.p[k];
        let s = dt * inv_n;
        g[(0, 0)] += s * r[0] * p[0];
        g[(0, 1)] += s * r[0] * p[1];
        g[(1, 0)] += s * r[1] * p[0];
        g[(1, 1)] += s * r[1] * p[1];
        if k == 0 {
            break;
        }
        // c = dt M^T r / N
        let c0 = dt * (m[(0, 0)] * r[0] + m[(1, 0)] * r[1]) * inv_n;
        let c1 = dt * (m[(0, 1)] * r[0] + m[(1, 1)] * r[1]) * inv_n;
        let e = if j > 0 && io.loss_steps[j - 1] == k {
            j -= 1;
            e_at(j)
        } else {
            0.0
        };
        let d = &P::slopes(&mut w.d64, &mut w.d32)[k * n..(k + 1) * n];
        let (lam, tmp) = (&mut w.lam, &mut w.tmp);
        let fixed = [sh.u0, sh.u1, sh.w_out];
        let c = Coefs {
            a1: 1.0 - dt,
            c0,
            c1,
            c2: e,
        };
        r = if let Some(jb) = sh.bulk {
            let mut tmp_v = DVectorViewMut::from_slice(tmp, n);
            tmp_v.gemv_tr(dt, jb, &DVectorView::from_slice(lam, n), 0.0);
            P::backward_step::<true>(lam, d, tmp, fixed, c)
        } else {
            P::backward_step::<false>(lam, d, tmp, fixed, c)
        };
    }
    g
}
