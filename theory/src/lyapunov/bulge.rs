//! One sweep of the Francis double-shift step: the reflections that chase the bulge down
//! the active window, applied to `H` from both sides (`theory/notes/lyapunov.md`,
//! Eqs. S2-S4).

use super::hessenberg::small_householder;
use super::left_reflect::{HeldBlock, Reflector, HELD};
use super::lines::reflect_lines;

/// Columns taken into a held block (Eq. S4).
const CATCH_UP: usize = HELD;

/// One sweep of the double-shift step (Eqs. S2, S4): the reflections `P_k` that chase the
/// bulge started by `first` from row `lo` down to `hi`, applied to the window of `H` from
/// both sides and recorded in `refl` (for `far` and `Z`).
///
/// Left reflections reach far to the right of the bulge. A block of `CATCH_UP` columns
/// receives the sweep's earlier reflections together (vectorised across the columns,
/// Eq. S4) when the bulge reaches its first column, and every later reflection directly;
/// the columns right of the window live in `far`.
#[inline]
pub(super) fn chase_bulge(
    h: &mut [f64],
    n: usize,
    lo: usize,
    hi: usize,
    first: [f64; 3],
    refl: &mut Vec<Reflector>,
    scratch: &mut Vec<f64>,
) {
    let idx = |i: usize, j: usize| i + j * n;
    let [mut x, mut y, mut w] = first;
    refl.clear();
    let mut caught = lo + 3; // first column not yet taken into a held block
    let mut held: Option<HeldBlock> = None;
    for k in lo..=(hi - 1) {
        let len = if k + 2 <= hi { 3 } else { 2 };
        let (tau, beta, v) = small_householder([x, y, w], len);
        if k + 2 <= hi {
            if let Some(b) = held.as_mut() {
                if b.released() == k + 2 {
                    b.release(h, n, scratch);
                }
            }
            if k + 2 >= caught {
                let c_end = (k + 2 + CATCH_UP).min(hi + 1);
                held = Some(HeldBlock::take(h, n, k + 2, c_end, refl, scratch));
                caught = c_end;
            }
        }
        let r = Reflector {
            row: k,
            v,
            len,
            tau,
        };
        if tau != 0.0 {
            reflect_both_sides(h, n, lo, hi, &r, beta, (held.as_ref(), caught), scratch);
        }
        refl.push(r);
        if k + 1 < hi {
            x = h[idx(k + 1, k)];
            y = h[idx(k + 2, k)];
            w = if k + 3 <= hi { h[idx(k + 3, k)] } else { 0.0 };
        }
    }
}

/// Applies the reflection `r = P_k` of a sweep to `H` (Eqs. S2-S4): from the left to
/// the columns still in `H` (and to the `held` block, whose columns end at `caught`),
/// writes the reduced column `k - 1` (`beta`, zeros), then from the right to rows
/// `0..min(k + 4, hi + 1)`.
#[inline]
#[allow(clippy::too_many_arguments)]
fn reflect_both_sides(
    h: &mut [f64],
    n: usize,
    lo: usize,
    hi: usize,
    r: &Reflector,
    beta: f64,
    (held, caught): (Option<&HeldBlock>, usize),
    scratch: &mut [f64],
) {
    let idx = |i: usize, j: usize| i + j * n;
    let (k, v, len, tau) = (r.row, r.v, r.len, r.tau);
    let c0 = if k > lo { k - 1 } else { lo };
    // columns up to `in_h` are in H; the rest of the block is held
    let in_h = held.map_or(caught, |b| b.released());
    let c1 = (k + 3).max(in_h).min(hi + 1);
    reflect_rows(h, n, k, v, len, tau, c0, c1);
    if let Some(b) = held {
        b.apply(r, scratch);
    }
    if k > lo {
        h[idx(k, k - 1)] = beta;
        h[idx(k + 1, k - 1)] = 0.0;
        if len == 3 {
            h[idx(k + 2, k - 1)] = 0.0;
        }
    }
    let r1 = (k + 4).min(hi + 1);
    reflect_lines(h, n, k, v, len, tau, 0, r1);
}

/// Applies `I - tau v v^T` (v = (1, v1[, v2])) from the left to rows `k..k+len` of
/// columns `c0..c1`.
#[inline]
#[allow(clippy::too_many_arguments)]
fn reflect_rows(
    h: &mut [f64],
    n: usize,
    k: usize,
    v: [f64; 3],
    len: usize,
    tau: f64,
    c0: usize,
    c1: usize,
) {
    if len == 3 {
        for j in c0..c1 {
            let o = k + j * n;
            let s = tau * (h[o] + v[1] * h[o + 1] + v[2] * h[o + 2]);
            h[o] -= s;
            h[o + 1] -= s * v[1];
            h[o + 2] -= s * v[2];
        }
    } else {
        for j in c0..c1 {
            let o = k + j * n;
            let s = tau * (h[o] + v[1] * h[o + 1]);
            h[o] -= s;
            h[o + 1] -= s * v[1];
        }
    }
}
