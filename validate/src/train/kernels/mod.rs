//! The fused inner loops of the rank-two BPTT in `f64` throughout (the arithmetic of
//! `RankTwoBptt::with_f64_activation`): one pass over the `N` neurons per Euler step
//! forward and one per step backward, with explicit lane accumulators so that LLVM
//! vectorises the reductions (floating-point sums are not reassociated otherwise). The
//! default arithmetic, `phi` and `phi'` in `f32`, is [`fast`], on the back-ends of [`simd`].

pub(crate) mod fast;
pub(crate) mod simd;

use super::act::Act;

const L: usize = 8;

/// One forward Euler step of theory notes section 1 for the low-rank part, fused with the
/// projection needed by the next step:
///
/// `x <- a1 x + c0 u0 + c1 u1 + cin w_in + add`, then `d = phi'(x)`, optionally
/// `phi_out = phi(x)`, and returns `U^T phi(x)` (unnormalised). `add` (the noise) is
/// consumed: it is overwritten with `phi(x)`.
///
/// Two passes: an element-wise pass that LLVM vectorises as a whole (the nonlinearity's
/// polynomials included), then the two reductions with lane accumulators. Fusing the
/// reductions into the first pass stopped LLVM from vectorising it (11 ns per neuron
/// instead of 3).
#[allow(clippy::too_many_arguments)]
#[inline(always)]
pub(crate) fn forward_step<A: Act, const PHI: bool>(
    x: &mut [f64],
    d: &mut [f64],
    phi_out: &mut [f64],
    add: &mut [f64],
    u0: &[f64],
    u1: &[f64],
    w_in: &[f64],
    a1: f64,
    c0: f64,
    c1: f64,
    cin: f64,
) -> [f64; 2] {
    let n = x.len();
    let (d, add, u0, u1, w_in) = (&mut d[..n], &mut add[..n], &u0[..n], &u1[..n], &w_in[..n]);
    for i in 0..n {
        let xn = w_in[i].mul_add(
            cin,
            u1[i].mul_add(c1, u0[i].mul_add(c0, x[i].mul_add(a1, add[i]))),
        );
        x[i] = xn;
        let (f, df) = A::eval(xn);
        d[i] = df;
        add[i] = f;
    }
    if PHI {
        phi_out[..n].copy_from_slice(add);
    }
    dot2(u0, u1, add)
}

/// `phi` and `phi'` of the initial state, returning `U^T phi(x)`.
#[inline(always)]
pub(crate) fn initial<A: Act>(
    x: &[f64],
    d: &mut [f64],
    phi_out: &mut [f64],
    u0: &[f64],
    u1: &[f64],
) -> [f64; 2] {
    let mut p = [0.0; 2];
    for i in 0..x.len() {
        let (f, df) = A::eval(x[i]);
        d[i] = df;
        if !phi_out.is_empty() {
            phi_out[i] = f;
        }
        p[0] += u0[i] * f;
        p[1] += u1[i] * f;
    }
    p
}

/// One backward step of the adjoint (module docs of `train`):
///
/// `lam <- a1 lam + d .* (c0 u0 + c1 u1 + add) + e w_out`, returning `U^T lam`.
///
/// Two passes, as in [`forward_step`]: the element-wise update (which the loop vectoriser
/// takes at any SIMD width), then [`dot2`]. Fused into one loop with lane accumulators it
/// stayed scalar under AVX2.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
pub(crate) fn backward_step<const ADD: bool>(
    lam: &mut [f64],
    d: &[f64],
    add: &[f64],
    u0: &[f64],
    u1: &[f64],
    w_out: &[f64],
    a1: f64,
    c0: f64,
    c1: f64,
    e: f64,
) -> [f64; 2] {
    let n = lam.len();
    let (d, u0, u1, w_out) = (&d[..n], &u0[..n], &u1[..n], &w_out[..n]);
    // without the extra term `add` is not read: any slice of length `n` stands in for it
    let add = if ADD { &add[..n] } else { d };
    for i in 0..n {
        let mut back = u1[i].mul_add(c1, c0 * u0[i]);
        if ADD {
            back += add[i];
        }
        lam[i] = d[i].mul_add(back, lam[i].mul_add(a1, e * w_out[i]));
    }
    dot2(u0, u1, lam)
}

/// Adds `a[l] * b[l]` (fused) to `acc[l]` for the `L` lanes of one block, as two halves of
/// four lanes (one AVX2 register each; one loop of eight stayed scalar under AVX2).
#[inline(always)]
fn fma_block(acc: &mut [f64; L], a: &[f64; L], b: &[f64; L]) {
    let (acc_lo, acc_hi) = acc.split_at_mut(L / 2);
    let (a_lo, a_hi) = a.split_at(L / 2);
    let (b_lo, b_hi) = b.split_at(L / 2);
    for l in 0..L / 2 {
        acc_lo[l] = a_lo[l].mul_add(b_lo[l], acc_lo[l]);
    }
    for l in 0..L / 2 {
        acc_hi[l] = a_hi[l].mul_add(b_hi[l], acc_hi[l]);
    }
}

/// Dot product with lane accumulators (blocks of `L`).
#[inline(always)]
pub(crate) fn dot(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len();
    let (a_b, a_r) = a.as_chunks::<L>();
    let (b_b, b_r) = b[..n].as_chunks::<L>();
    let mut acc = [0.0; L];
    for (x, y) in a_b.iter().zip(b_b) {
        fma_block(&mut acc, x, y);
    }
    for (x, y) in a_r.iter().zip(b_r) {
        acc[0] += x * y;
    }
    hsum(&acc)
}

/// `[dot(a0, b), dot(a1, b)]`, as two passes over `b` (L1-resident): fused into one loop,
/// the SLP vectoriser paired the two accumulators' lanes in 128-bit registers with shuffles
/// under AVX2.
#[inline(always)]
pub(crate) fn dot2(a0: &[f64], a1: &[f64], b: &[f64]) -> [f64; 2] {
    [dot(a0, b), dot(a1, b)]
}

#[inline(always)]
fn hsum(a: &[f64; L]) -> f64 {
    ((a[0] + a[4]) + (a[1] + a[5])) + ((a[2] + a[6]) + (a[3] + a[7]))
}
