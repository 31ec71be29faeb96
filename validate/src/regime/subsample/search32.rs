//! The `alpha` search of a subset refit in single precision, with a bound on its rounding
//! error that says when the choice is certain (methods 3.5, 3.9).
//!
//! The pass is that of [`super::subset_fit`] (`Z_b = X_{S,b} V`, `H = (Z_b o Z_b) W`,
//! `Yhat = Z_b G`) with `X`, `V`, `W`, `G` rounded to f32 and the three products done by
//! `sgemm` (8 lanes instead of 4); the leave-one-out sums accumulate in f64.
//!
//! **Error bound** (first order in the unit roundoff `u = 2^-24`; standard bounds for
//! rounded inputs and dot products of length `m`, `|fl(a.b) - a.b| <= gamma_m |a|.|b|`,
//! `gamma_m = m u / (1 - m u)`). With `v_k` of unit norm, `sum_j |x_ij| |v_jk| <= |x_i|`, so
//! every `z_ik` is off by at most `eps_z |x_i|`, `eps_z = gamma_{p+2}` (the dot product and
//! the rounding of `x` and `v`). With `w_k = 1 / (lambda_k + alpha)`,
//! `s = sum_k w_k`, `t_c = sum_k |q'_kc| w_k`, `m_c^2 = sum_k q'_kc^2 w_k` and
//! `H'_i = H_ii - 1/n = sum_k w_k z_ik^2`, Cauchy-Schwarz
//! (`sum_k w_k |z_ik| <= sqrt(H'_i s)`, `sum_k |z_ik g_kc| <= sqrt(H'_i) m_c`) gives
//!
//! `|dH_i| <= 2 eps_z X sqrt(H'_max s) + eps_z^2 X^2 s + gamma_{r+3} H'_max =: delta`,
//! `|dYhat_ic| <= eps_z X t_c + gamma_{r+3} sqrt(H'_max) m_c =: E_c`,
//!
//! with `X = max_i |x_{i,S}|` and `H'_max = max_i H'_i`. The leave-one-out term
//! `e^2 / D^2` (`e = y - Yhat`, `D = 1 - H_ii`) grows fastest with `|e|` up and `D` down,
//! so with `D_min = 1 - 1/n - H'_max > delta` the sum over samples moves by at most
//!
//! `B_c = (S_0 + 2 E_c S_1 + E_c^2 S_2) / (1 - delta / D_min)^2 - S_0`,
//! `S_0 = sum_i e_i^2 / D_i^2`, `S_1 = sum_i |e_i| / D_i^2`, `S_2 = sum_i 1 / D_i^2`,
//!
//! plus the f64 summation error (`n u_64 S_0`, kept for completeness). A score's true
//! value (exact arithmetic on the f64 eigenpairs) lies within `B = sum_c B_c / (n d)` of
//! the f32 one.

use nalgebra::DMatrix;

use super::subset_fit::BLOCK;

/// Unit roundoff of f32.
const U32: f64 = f32::EPSILON as f64 / 2.0;

/// `gamma_m = m u / (1 - m u)` for f32.
fn gamma(m: usize) -> f64 {
    let mu = m as f64 * U32;
    mu / (1.0 - mu)
}

/// The f32 matrices of one subset: `V` (p x r), `W = 1 / (lambda_k + alpha_a)` (r x A) and
/// `G = q'_kc / (lambda_k + alpha_a)` (r x A d, column `a d + c`).
pub(super) struct Inputs32<'a> {
    pub idx: &'a [usize],
    pub v: DMatrix<f32>,
    pub w: DMatrix<f32>,
    pub g: DMatrix<f32>,
}

/// Sums of the f32 pass (module docs): per (alpha, output) `S_0`, `S_1`; per alpha `S_2`
/// and `H'_max`; and `X^2 = max_i |x_{i,S}|^2`.
pub(super) struct Sums32 {
    pub s0: Vec<f64>,
    pub s1: Vec<f64>,
    pub s2: Vec<f64>,
    pub hmax: Vec<f64>,
    pub xmax2: f64,
}

/// Leave-one-out mean squared errors of the f32 pass and their bounds (module docs).
#[derive(Debug, Clone)]
pub struct Scores32 {
    pub mse: Vec<f64>,
    pub bound: Vec<f64>,
}

impl Scores32 {
    /// The index of the smallest score when the bounds prove it smallest (every other
    /// score's interval lies above its interval); `None` when f32 cannot decide.
    pub fn certain_best(&self) -> Option<usize> {
        let best = super::super::ridge::best_alpha_index(&self.mse);
        let top = self.mse[best] + self.bound[best];
        let proven = top.is_finite()
            && self
                .mse
                .iter()
                .zip(&self.bound)
                .enumerate()
                .all(|(a, (&m, &b))| a == best || m - b > top);
        proven.then_some(best)
    }
}

/// The pass over the samples in f32 (module docs), in blocks of [`BLOCK`] rows.
pub(super) fn pass32(x32: &DMatrix<f32>, yc: &DMatrix<f64>, inp: &Inputs32) -> Sums32 {
    let (n, d) = yc.shape();
    let (p, r) = inp.v.shape();
    let (na, nad) = (inp.w.ncols(), inp.g.ncols());
    let mut sums = Sums32 {
        s0: vec![0.0; nad],
        s1: vec![0.0; nad],
        s2: vec![0.0; na],
        hmax: vec![0.0; na],
        xmax2: 0.0,
    };
    let rows = BLOCK.min(n);
    let mut xb = DMatrix::<f32>::zeros(rows, p);
    let mut zb = DMatrix::<f32>::zeros(rows, r);
    let mut z2 = DMatrix::<f32>::zeros(rows, r);
    let mut hb = DMatrix::<f32>::zeros(rows, na);
    let mut fb = DMatrix::<f32>::zeros(rows, nad);
    let mut norms = vec![0.0f64; rows];
    let mut inv = vec![0.0f64; rows];
    let h0 = 1.0 - 1.0 / n as f64;
    for start in (0..n).step_by(rows) {
        let b = rows.min(n - start);
        norms[..b].iter_mut().for_each(|v| *v = 0.0);
        let mut xv = xb.rows_mut(0, b);
        for (j, &col) in inp.idx.iter().enumerate() {
            let src = &x32.as_slice()[col * n + start..col * n + start + b];
            xv.column_mut(j).as_mut_slice().copy_from_slice(src);
            for (s, &x) in norms[..b].iter_mut().zip(src) {
                *s += f64::from(x) * f64::from(x);
            }
        }
        sums.xmax2 = norms[..b].iter().fold(sums.xmax2, |m, &v| m.max(v));
        zb.rows_mut(0, b).gemm(1.0, &xb.rows(0, b), &inp.v, 0.0);
        z2.rows_mut(0, b).zip_apply(&zb.rows(0, b), |s, z| *s = z * z);
        hb.rows_mut(0, b).gemm(1.0, &z2.rows(0, b), &inp.w, 0.0);
        fb.rows_mut(0, b).gemm(1.0, &zb.rows(0, b), &inp.g, 0.0);
        for a in 0..na {
            let h = &hb.as_slice()[a * rows..a * rows + b];
            let mut s2 = 0.0;
            for (v, &h) in inv[..b].iter_mut().zip(h) {
                let h = f64::from(h);
                sums.hmax[a] = sums.hmax[a].max(h);
                *v = 1.0 / (h0 - h);
                s2 += *v * *v;
            }
            sums.s2[a] += s2;
            for c in 0..d {
                let f = &fb.as_slice()[(a * d + c) * rows..(a * d + c) * rows + b];
                let y = &yc.as_slice()[c * n + start..c * n + start + b];
                let [s0, s1] = block_sums(y, f, &inv[..b]);
                sums.s0[a * d + c] += s0;
                sums.s1[a * d + c] += s1;
            }
        }
    }
    sums
}

/// `[sum (e_i inv_i)^2, sum |e_i| inv_i^2]` with `e = y - f`, in four lanes so that the
/// sums vectorise.
fn block_sums(y: &[f64], f: &[f32], inv: &[f64]) -> [f64; 2] {
    let mut acc = [[0.0f64; 4]; 2];
    let (yc, fc, ic) = (y.chunks_exact(4), f.chunks_exact(4), inv.chunks_exact(4));
    let m = y.len() - yc.remainder().len();
    for ((y4, f4), i4) in yc.zip(fc).zip(ic) {
        for l in 0..4 {
            let w = (y4[l] - f64::from(f4[l])) * i4[l];
            acc[0][l] += w * w;
            acc[1][l] += w.abs() * i4[l];
        }
    }
    for l in 0..y.len() - m {
        let w = (y[m + l] - f64::from(f[m + l])) * inv[m + l];
        acc[0][l] += w * w;
        acc[1][l] += w.abs() * inv[m + l];
    }
    acc.map(|a| (a[0] + a[1]) + (a[2] + a[3]))
}

/// The scores and their bounds (module docs) from the pass sums, the subset's eigenvalues
/// `lambda` (r), `q'` (r x d) and the grid; `p` neurons, `n` samples.
pub(super) fn scores(
    sums: &Sums32,
    lambda: &[f64],
    qp: &DMatrix<f64>,
    alphas: &[f64],
    p: usize,
    n: usize,
) -> Scores32 {
    let d = qp.ncols();
    let r = lambda.len();
    let (eps_z, gam) = (gamma(p + 2), gamma(r + 3));
    // X^2 from f32 entries summed in f64: inflate by the relative rounding of the entries.
    let x = (sums.xmax2 * (1.0 + 4.0 * U32)).sqrt();
    let h0 = 1.0 - 1.0 / n as f64;
    let norm = (n * d) as f64;
    let mut out = Scores32 {
        mse: Vec::with_capacity(alphas.len()),
        bound: Vec::with_capacity(alphas.len()),
    };
    for (a, &alpha) in alphas.iter().enumerate() {
        let s: f64 = lambda.iter().map(|l| 1.0 / (l + alpha)).sum();
        let hmax = sums.hmax[a];
        let delta = 2.0 * eps_z * x * (hmax * s).sqrt() + eps_z * eps_z * x * x * s + gam * hmax;
        let dmin = h0 - hmax;
        let shrink = 1.0 - delta / dmin;
        let mut total = 0.0;
        let mut bound = 0.0;
        for c in 0..d {
            let (mut t, mut m2) = (0.0, 0.0);
            for k in 0..r {
                let q = qp[(k, c)];
                t += q.abs() / (lambda[k] + alpha);
                m2 += q * q / (lambda[k] + alpha);
            }
            let e = eps_z * x * t + gam * hmax.sqrt() * m2.sqrt();
            let (s0, s1) = (sums.s0[a * d + c], sums.s1[a * d + c]);
            total += s0;
            bound += (s0 + 2.0 * e * s1 + e * e * sums.s2[a]) / (shrink * shrink) - s0
                + n as f64 * f64::EPSILON * s0;
        }
        let mse = total / norm;
        out.mse.push(if mse.is_nan() { f64::INFINITY } else { mse });
        let ok = dmin > 0.0 && shrink > 0.0 && bound.is_finite();
        out.bound.push(if ok { bound / norm } else { f64::INFINITY });
    }
    out
}
