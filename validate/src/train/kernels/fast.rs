//! The rank-two BPTT's inner loops in its default arithmetic: the state, adjoint and
//! reductions in `f64`, `phi` and `phi'` in `f32` ([`crate::train::act::fast`]), and the
//! stored slopes `phi'(x_k)` in `f32` (half the memory of the `f64` kernels in
//! [`super`]).
//!
//! Each Euler step is one pass over the neurons in blocks of eight, written once for the
//! back-ends of [`super::simd`] (AVX2 when the CPU has it, else portable; same bits), with
//! the projections `U^T phi` and `U^T lambda` accumulated in the same pass: lane `l` of an
//! accumulator sums the neurons `i = l mod 8`, and the lanes are added in a fixed order,
//! so the sums do not depend on the back-end. A last partial block is padded with zeros
//! (`x = 0` gives `phi = 0`, so padded lanes add nothing).

use super::super::act::fast::FastAct;
#[cfg(target_arch = "x86_64")]
use super::simd::Avx2;
use super::simd::{Portable, Simd};

/// Neurons per block.
const B: usize = 8;

/// The scalars of one Euler step (forward) or adjoint step (backward).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Coefs {
    /// `1 - dt`.
    pub(crate) a1: f64,
    /// The coefficients of `u0` and `u1`.
    pub(crate) c0: f64,
    pub(crate) c1: f64,
    /// Forward: `dt` times the input; backward: the output error `e`.
    pub(crate) c2: f64,
}

/// `x`, its noise, `phi'`, `phi` (if wanted), and the fixed vectors, as one block.
struct FwdBlock<'a> {
    x: &'a mut [f64; B],
    add: &'a [f64; B],
    d: &'a mut [f32; B],
    phi: Option<&'a mut [f64; B]>,
    u0: &'a [f64; B],
    u1: &'a [f64; B],
    w: &'a [f64; B],
}

/// Lanes `0..4` and `4..8` of a block.
#[inline(always)]
fn halves(a: &[f64; B]) -> [&[f64; 4]; 2] {
    let (h, _) = a.as_chunks::<4>();
    [&h[0], &h[1]]
}

#[inline(always)]
fn halves_mut(a: &mut [f64; B]) -> [&mut [f64; 4]; 2] {
    let (h, _) = a.as_chunks_mut::<4>();
    let (h0, h1) = h.split_at_mut(1);
    [&mut h0[0], &mut h1[0]]
}

/// `acc[k] += a[k] .* b` on both halves: `acc[2 k + h]` holds half `h` of sum `k`.
#[inline(always)]
fn accumulate<V: Simd, const K: usize>(
    v: V,
    acc: &mut [[V::D; 2]; K],
    a: [&[f64; B]; K],
    b: [V::D; 2],
) {
    for k in 0..K {
        let ak = halves(a[k]);
        for h in 0..2 {
            acc[k][h] = v.fma_d(v.load_d(ak[h]), b[h], acc[k][h]);
        }
    }
}

/// The fixed-order sum of the eight lanes (as [`super::dot`]'s).
#[inline(always)]
fn lane_sum<V: Simd>(v: V, acc: [V::D; 2]) -> f64 {
    let (a, b) = (v.to_array_d(acc[0]), v.to_array_d(acc[1]));
    ((a[0] + b[0]) + (a[1] + b[1])) + ((a[2] + b[2]) + (a[3] + b[3]))
}

/// One block of [`forward_step`].
#[inline(always)]
fn forward_block<V: Simd, A: FastAct>(v: V, c: &Coefs, blk: FwdBlock, acc: &mut [[V::D; 2]; 2]) {
    let (u0, u1, w) = (halves(blk.u0), halves(blk.u1), halves(blk.w));
    let mut xn = [v.splat_d(0.0); 2];
    {
        let (x, add) = (halves_mut(blk.x), halves(blk.add));
        for h in 0..2 {
            let t = v.fma_d(v.load_d(x[h]), v.splat_d(c.a1), v.load_d(add[h]));
            let t = v.fma_d(v.load_d(u0[h]), v.splat_d(c.c0), t);
            let t = v.fma_d(v.load_d(u1[h]), v.splat_d(c.c1), t);
            xn[h] = v.fma_d(v.load_d(w[h]), v.splat_d(c.c2), t);
            v.store_d(xn[h], x[h]);
        }
    }
    let (f, d) = A::eval8(v, xn);
    v.store_s(d, blk.d);
    if let Some(phi) = blk.phi {
        let phi = halves_mut(phi);
        for h in 0..2 {
            v.store_d(f[h], phi[h]);
        }
    }
    accumulate(v, acc, [blk.u0, blk.u1], f);
}

/// One forward Euler step (theory notes section 1) for the low-rank part, as
/// [`super::forward_step`] computes it but with `phi`, `phi'` of [`FastAct`] and `d` in
/// `f32`:
///
/// `x <- a1 x + c0 u0 + c1 u1 + c2 w_in + add` (`add` is the noise), `d = phi'(x)`,
/// `phi_out = phi(x)` if `PHI` (else `phi_out` is not touched), and returns `U^T phi(x)`
/// (unnormalised).
#[allow(clippy::too_many_arguments)]
#[inline(always)]
pub(crate) fn forward_step<A: FastAct, const PHI: bool>(
    x: &mut [f64],
    d: &mut [f32],
    phi_out: &mut [f64],
    add: &[f64],
    u0: &[f64],
    u1: &[f64],
    w_in: &[f64],
    c: Coefs,
) -> [f64; 2] {
    let fixed = [u0, u1, w_in];
    #[cfg(target_arch = "x86_64")]
    if let Some(v) = Avx2::new() {
        return forward_with::<_, A, PHI>(v, x, d, phi_out, add, fixed, c);
    }
    forward_with::<_, A, PHI>(Portable, x, d, phi_out, add, fixed, c)
}

#[inline(always)]
fn forward_with<V: Simd, A: FastAct, const PHI: bool>(
    v: V,
    x: &mut [f64],
    d: &mut [f32],
    phi_out: &mut [f64],
    add: &[f64],
    fixed: [&[f64]; 3],
    c: Coefs,
) -> [f64; 2] {
    let n = x.len();
    let (xb, xr) = x.as_chunks_mut::<B>();
    let (ab, ar) = add[..n].as_chunks::<B>();
    let (db, dr) = d[..n].as_chunks_mut::<B>();
    let (pb, pr) = phi_out[..if PHI { n } else { 0 }].as_chunks_mut::<B>();
    let [(u0b, u0r), (u1b, u1r), (wb, wr)] = fixed.map(|s| s[..n].as_chunks::<B>());
    let mut acc = [[v.splat_d(0.0); 2]; 2];
    let mut pb = pb.iter_mut();
    for i in 0..xb.len() {
        let blk = FwdBlock {
            x: &mut xb[i],
            add: &ab[i],
            d: &mut db[i],
            phi: if PHI { pb.next() } else { None },
            u0: &u0b[i],
            u1: &u1b[i],
            w: &wb[i],
        };
        forward_block::<V, A>(v, &c, blk, &mut acc);
    }
    if !xr.is_empty() {
        let r = xr.len();
        let (mut x8, mut a8, mut d8, mut p8) = ([0.0; B], [0.0; B], [0.0f32; B], [0.0; B]);
        let (mut u08, mut u18, mut w8) = ([0.0; B], [0.0; B], [0.0; B]);
        x8[..r].copy_from_slice(xr);
        a8[..r].copy_from_slice(ar);
        u08[..r].copy_from_slice(u0r);
        u18[..r].copy_from_slice(u1r);
        w8[..r].copy_from_slice(wr);
        let blk = FwdBlock {
            x: &mut x8,
            add: &a8,
            d: &mut d8,
            phi: PHI.then_some(&mut p8),
            u0: &u08,
            u1: &u18,
            w: &w8,
        };
        forward_block::<V, A>(v, &c, blk, &mut acc);
        xr.copy_from_slice(&x8[..r]);
        dr.copy_from_slice(&d8[..r]);
        if PHI {
            pr.copy_from_slice(&p8[..r]);
        }
    }
    acc.map(|a| lane_sum(v, a))
}

/// One backward step of the adjoint, as [`super::backward_step`] computes it with the
/// slopes `d` in `f32`:
///
/// `lam <- a1 lam + d .* (c0 u0 + c1 u1 [+ add]) + c2 w_out`, returning `U^T lam`.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
pub(crate) fn backward_step<const ADD: bool>(
    lam: &mut [f64],
    d: &[f32],
    add: &[f64],
    u0: &[f64],
    u1: &[f64],
    w_out: &[f64],
    c: Coefs,
) -> [f64; 2] {
    #[cfg(target_arch = "x86_64")]
    if let Some(v) = Avx2::new() {
        return backward_with::<_, ADD>(v, lam, d, add, [u0, u1, w_out], c);
    }
    backward_with::<_, ADD>(Portable, lam, d, add, [u0, u1, w_out], c)
}

/// One block of [`backward_step`].
#[allow(clippy::too_many_arguments)]
#[inline(always)]
fn backward_block<V: Simd, const ADD: bool>(
    v: V,
    c: &Coefs,
    lam: &mut [f64; B],
    d: &[f32; B],
    add: &[f64; B],
    fixed: [&[f64; B]; 3],
    acc: &mut [[V::D; 2]; 2],
) {
    let [u0, u1, w] = fixed.map(halves);
    let dd = v.widen(v.load_s(d));
    let add = halves(add);
    let mut ln = [v.splat_d(0.0); 2];
    let lh = halves_mut(lam);
    for h in 0..2 {
        let mut back = v.fma_d(
            v.load_d(u1[h]),
            v.splat_d(c.c1),
            v.mul_d(v.splat_d(c.c0), v.load_d(u0[h])),
        );
        if ADD {
            back = v.add_d(back, v.load_d(add[h]));
        }
        let ew = v.mul_d(v.splat_d(c.c2), v.load_d(w[h]));
        let base = v.fma_d(v.load_d(lh[h]), v.splat_d(c.a1), ew);
        ln[h] = v.fma_d([dd.0, dd.1][h], back, base);
        v.store_d(ln[h], lh[h]);
    }
    accumulate(v, acc, [fixed[0], fixed[1]], ln);
}

#[inline(always)]
fn backward_with<V: Simd, const ADD: bool>(
    v: V,
    lam: &mut [f64],
    d: &[f32],
    add: &[f64],
    fixed: [&[f64]; 3],
    c: Coefs,
) -> [f64; 2] {
    let n = lam.len();
    // without the extra term `add` is not read: any slice of length `n` stands in for it
    let add = if ADD { &add[..n] } else { fixed[0] };
    let (lb, lr) = lam.as_chunks_mut::<B>();
    let (db, dr) = d[..n].as_chunks::<B>();
    let (ab, ar) = add[..n].as_chunks::<B>();
    let [(u0b, u0r), (u1b, u1r), (wb, wr)] = fixed.map(|s| s[..n].as_chunks::<B>());
    let mut acc = [[v.splat_d(0.0); 2]; 2];
    for i in 0..lb.len() {
        let fx = [&u0b[i], &u1b[i], &wb[i]];
        backward_block::<V, ADD>(v, &c, &mut lb[i], &db[i], &ab[i], fx, &mut acc);
    }
    if !lr.is_empty() {
        let r = lr.len();
        let (mut l8, mut d8, mut a8) = ([0.0; B], [0.0f32; B], [0.0; B]);
        let (mut u08, mut u18, mut w8) = ([0.0; B], [0.0; B], [0.0; B]);
        l8[..r].copy_from_slice(lr);
        d8[..r].copy_from_slice(dr);
        a8[..r].copy_from_slice(ar);
        u08[..r].copy_from_slice(u0r);
        u18[..r].copy_from_slice(u1r);
        w8[..r].copy_from_slice(wr);
        let fx = [&u08, &u18, &w8];
        backward_block::<V, ADD>(v, &c, &mut l8, &d8, &a8, fx, &mut acc);
        lr.copy_from_slice(&l8[..r]);
    }
    acc.map(|a| lane_sum(v, a))
}

/// `[a[0] . b, a[1] . b, a[2] . b]` in one pass over `b`, with the lanes of [`lane_sum`].
#[inline(always)]
pub(crate) fn dot3(a: [&[f64]; 3], b: &[f64]) -> [f64; 3] {
    #[cfg(target_arch = "x86_64")]
    if let Some(v) = Avx2::new() {
        return dot3_with(v, a, b);
    }
    dot3_with(Portable, a, b)
}

#[inline(always)]
fn dot3_with<V: Simd>(v: V, a: [&[f64]; 3], b: &[f64]) -> [f64; 3] {
    let n = b.len();
    let (bb, br) = b.as_chunks::<B>();
    let ac = a.map(|s| s[..n].as_chunks::<B>());
    let mut acc = [[v.splat_d(0.0); 2]; 3];
    for i in 0..bb.len() {
        let bh = halves(&bb[i]).map(|h| v.load_d(h));
        accumulate(v, &mut acc, [&ac[0].0[i], &ac[1].0[i], &ac[2].0[i]], bh);
    }
    if !br.is_empty() {
        let r = br.len();
        let mut p = [[0.0; B]; 4];
        p[3][..r].copy_from_slice(br);
        for k in 0..3 {
            p[k][..r].copy_from_slice(ac[k].1);
        }
        let bh = halves(&p[3]).map(|h| v.load_d(h));
        accumulate(v, &mut acc, [&p[0], &p[1], &p[2]], bh);
    }
    acc.map(|a| lane_sum(v, a))
}

#[cfg(test)]
#[path = "fast_tests.rs"]
mod tests;
