//! The fused inner loops of the rank-two BPTT: one pass over the `N` neurons per Euler step
//! forward and one per step backward, with explicit lane accumulators so that LLVM
//! vectorises the reductions (floating-point sums are not reassociated otherwise).

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
    [dot(u0, add), dot(u1, add)]
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
    let add = if ADD { &add[..n] } else { add };
    let mut acc0 = [0.0; L];
    let mut acc1 = [0.0; L];
    let chunks = n / L;
    for c in 0..chunks {
        for l in 0..L {
            let i = c * L + l;
            let mut back = u1[i].mul_add(c1, c0 * u0[i]);
            if ADD {
                back += add[i];
            }
            let v = d[i].mul_add(back, lam[i].mul_add(a1, e * w_out[i]));
            lam[i] = v;
            acc0[l] = u0[i].mul_add(v, acc0[l]);
            acc1[l] = u1[i].mul_add(v, acc1[l]);
        }
    }
    for i in chunks * L..n {
        let mut back = u1[i].mul_add(c1, c0 * u0[i]);
        if ADD {
            back += add[i];
        }
        let v = d[i].mul_add(back, lam[i].mul_add(a1, e * w_out[i]));
        lam[i] = v;
        acc0[0] += u0[i] * v;
        acc1[0] += u1[i] * v;
    }
    [hsum(&acc0), hsum(&acc1)]
}

/// Dot product with lane accumulators.
#[inline(always)]
pub(crate) fn dot(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len();
    let b = &b[..n];
    let mut acc = [0.0; L];
    let chunks = n / L;
    for c in 0..chunks {
        for l in 0..L {
            acc[l] = a[c * L + l].mul_add(b[c * L + l], acc[l]);
        }
    }
    for i in chunks * L..n {
        acc[0] += a[i] * b[i];
    }
    hsum(&acc)
}

#[inline(always)]
fn hsum(a: &[f64; L]) -> f64 {
    ((a[0] + a[4]) + (a[1] + a[5])) + ((a[2] + a[6]) + (a[3] + a[7]))
}
