//! Pure-Rust real Schur decomposition: Householder reduction to upper Hessenberg form,
//! then the implicit double-shift (Francis) QR iteration with deflation, accumulating the
//! orthogonal factor (`theory/notes/lyapunov.md`, Eqs. S1-S5).
//!
//! Storage is column-major and every update walks down columns (left reflections touch
//! three consecutive entries of each column, right reflections three whole columns), so
//! the inner loops are contiguous.

use super::far::FarColumns;
use super::hessenberg::{form_q, reduce, small_householder, Reflections};
use super::left_reflect::{HeldBlock, Reflector, HELD};
use super::lines::reflect_lines;

/// Overwrites `h` (n x n, column-major) with `T` and returns `U` (column-major) such that
/// `A = U T U^T`, `T` upper quasi-triangular. `None` if the QR iteration does not converge.
pub(crate) fn real_schur(h: &mut [f64], n: usize) -> Option<Vec<f64>> {
    assert_eq!(h.len(), n * n);
    let vs = reduce(h, n);
    schur_from_hessenberg(h, n, &vs, n >= PARALLEL_Z_MIN)
}

/// Columns taken into a held block (Eq. S4).
const CATCH_UP: usize = HELD;

/// Implicit double-shift QR on the Hessenberg `h` (Eqs. S2-S5); returns `U = Q Z`, `Q`
/// the product of the Hessenberg reflections `vs`.
///
/// The reflections of each sweep reach `U` only through `apply_to_z`, after the sweep.
/// With `parallel`, a second task (rayon) forms `Q` and then applies them while the next
/// sweeps run on `H`, so the two cores share the work; the order of operations on `U` is
/// the same either way, so are the bits, for any number of threads.
fn schur_from_hessenberg(
    h: &mut [f64],
    n: usize,
    vs: &Reflections,
    parallel: bool,
) -> Option<Vec<f64>> {
    if n <= 1 {
        return Some(form_q(vs, n));
    }
    let mut far = FarColumns::new(n);
    let (res, z) = if parallel {
        let (tx, rx) = std::sync::mpsc::channel::<Vec<Reflector>>();
        let (mut res, mut z) = (None, Vec::new());
        rayon::scope(|s| {
            let z = &mut z;
            s.spawn(move |_| {
                let mut q = form_q(vs, n);
                for sweep in rx {
                    apply_to_z(&mut q, n, &sweep);
                }
                *z = q;
            });
            res = francis_loop(h, n, &mut far, &mut |sweep| {
                // the receiver lives until the sender is dropped below
                let _ = tx.send(sweep.to_vec());
            });
            drop(tx);
        });
        (res, z)
    } else {
        let mut z = form_q(vs, n);
        let res = francis_loop(h, n, &mut far, &mut |sweep| apply_to_z(&mut z, n, sweep));
        (res, z)
    };
    far.write_back(h);
    res.map(|()| z)
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

/// From this `N` on, `Z` is updated by a second task.
const PARALLEL_Z_MIN: usize = 128;

/// `Z <- Z P_1 P_2 ...` for one sweep's reflections (Eq. S3).
fn apply_to_z(z: &mut [f64], n: usize, sweep: &[Reflector]) {
    for r in sweep {
        if r.tau != 0.0 {
            reflect_lines(z, n, r.row, r.v, r.len, r.tau, 0, n);
        }
    }
}

/// The Francis iteration proper; columns right of the window live in `far`.
fn francis_loop(
    h: &mut [f64],
    n: usize,
    far: &mut FarColumns,
    to_z: &mut dyn FnMut(&[Reflector]),
) -> Option<()> {
    let idx = |i: usize, j: usize| i + j * n;
    let eps = f64::EPSILON;
    let mut hi = n - 1; // last row of the active window (inclusive)
    let mut iter = 0usize;
    let mut total = 0usize;
    let max_total = 40 * n.max(10);
    let mut refl: Vec<Reflector> = Vec::with_capacity(n);
    let mut scratch = Vec::new();
    loop {
        // deflation: find the start `lo` of the unreduced block ending at hi
        let mut lo = hi;
        while lo > 0 {
            let sub = h[idx(lo, lo - 1)].abs();
            let mut scale = h[idx(lo - 1, lo - 1)].abs() + h[idx(lo, lo)].abs();
            if scale == 0.0 {
                // neighbouring entries as the scale (EISPACK convention)
                if lo < hi {
                    scale += h[idx(lo + 1, lo)].abs();
                }
                if lo >= 2 {
                    scale += h[idx(lo - 1, lo - 2)].abs();
                }
            }
            if sub <= eps * scale || sub < f64::MIN_POSITIVE {
                h[idx(lo, lo - 1)] = 0.0;
                break;
            }
            lo -= 1;
        }
        if lo == hi {
            // 1x1 block converged
            if hi == 0 {
                return Some(());
            }
            hi -= 1;
            iter = 0;
            continue;
        }
        if lo + 1 == hi {
            // 2x2 block converged
            if hi < 2 {
                return Some(());
            }
            hi -= 2;
            iter = 0;
            continue;
        }
        far.take(h, hi);
        iter += 1;
        total += 1;
        if total > max_total {
            return None;
        }
        // shifts: eigenvalues of the trailing 2x2, or exceptional ones (every 10th sweep)
        let (h11, h12, h21, h22) = if iter.is_multiple_of(10) {
            let e = h[idx(hi, hi - 1)].abs() + h[idx(hi - 1, hi - 2)].abs();
            let d = 0.75 * e + h[idx(hi, hi)];
            (d, -0.4375 * e, e, d)
        } else {
            (
                h[idx(hi - 1, hi - 1)],
                h[idx(hi - 1, hi)],
                h[idx(hi, hi - 1)],
                h[idx(hi, hi)],
            )
        };
        let (rt1r, rt1i, rt2r, rt2i) = shifts(h11, h12, h21, h22);
        // first column of (H - rt1)(H - rt2), written with differences H(lo,lo) - rt so that
        // clustered eigenvalues do not cancel catastrophically (Eq. S2)
        let (h00, h01, h10, h11w, h21w) = (
            h[idx(lo, lo)],
            h[idx(lo, lo + 1)],
            h[idx(lo + 1, lo)],
            h[idx(lo + 1, lo + 1)],
            h[idx(lo + 2, lo + 1)],
        );
        let sc = (h00 - rt2r).abs() + rt2i.abs() + h10.abs();
        let h10s = h10 / sc;
        let mut x = h10s * h01 + (h00 - rt1r) * ((h00 - rt2r) / sc) - rt1i * (rt2i / sc);
        let mut y = h10s * (h00 + h11w - rt1r - rt2r);
        let mut w = h10s * h21w;
        // Left reflections reach far to the right of the bulge. A block of CATCH_UP
        // columns receives the sweep's earlier reflections together (vectorised across the
        // columns, Eq. S4) when the bulge reaches its first column, and every later
        // reflection directly; the columns right of the window live in `far`.
        refl.clear();
        let mut caught = lo + 3; // first column not yet taken into a held block
        let mut held: Option<HeldBlock> = None;
        for k in lo..=(hi - 1) {
            let len = if k + 2 <= hi { 3 } else { 2 };
            let (tau, beta, v) = small_householder([x, y, w], len);
            if k + 2 <= hi {
                if let Some(b) = held.as_mut() {
                    if b.released() == k + 2 {
                        b.release(h, n, &mut scratch);
                    }
                }
                if k + 2 >= caught {
                    let c_end = (k + 2 + CATCH_UP).min(hi + 1);
                    held = Some(HeldBlock::take(h, n, k + 2, c_end, &refl, &mut scratch));
                    caught = c_end;
                }
            }
            if tau != 0.0 {
                let c0 = if k > lo { k - 1 } else { lo };
                // columns up to `in_h` are in H; the rest of the block is held
                let in_h = held.as_ref().map_or(caught, |b| b.released());
                let c1 = (k + 3).max(in_h).min(hi + 1);
                reflect_rows(h, n, k, v, len, tau, c0, c1);
                if let Some(b) = held.as_ref() {
                    let r = Reflector {
                        row: k,
                        v,
                        len,
                        tau,
                    };
                    b.apply(&r, &mut scratch);
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
            refl.push(Reflector {
                row: k,
                v,
                len,
                tau,
            });
            if k + 1 < hi {
                x = h[idx(k + 1, k)];
                y = h[idx(k + 2, k)];
                w = if k + 3 <= hi { h[idx(k + 3, k)] } else { 0.0 };
            }
        }
        for r in &refl {
            far.reflect(r);
        }
        to_z(&refl);
    }
}

/// Shifts for one double step from the 2x2 `[[a, b], [c, d]]`: a complex pair, or two
/// real eigenvalues both replaced by the one closer to `d` (as in LAPACK's `dlahqr`).
fn shifts(a: f64, b: f64, c: f64, d: f64) -> (f64, f64, f64, f64) {
    let eig = crate::eigen2::Eigen2::of_entries(a, b, c, d);
    if let Some((e1, e2)) = crate::eigen2::Eigen2::real_pair_of_entries(a, b, c, d) {
        let e = if (e1 - d).abs() <= (e2 - d).abs() {
            e1
        } else {
            e2
        };
        (e, 0.0, e, 0.0)
    } else {
        (eig.re[0], eig.im, eig.re[0], -eig.im)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nalgebra::DMatrix;

    fn check(a: &DMatrix<f64>) {
        let n = a.nrows();
        let mut h = a.as_slice().to_vec();
        let z = real_schur(&mut h, n).expect("converges");
        let t = DMatrix::from_column_slice(n, n, &h);
        let u = DMatrix::from_column_slice(n, n, &z);
        let rec = &u * &t * u.transpose();
        assert!(
            (rec - a).norm() <= 1e-13 * a.norm().max(1.0) * (n as f64),
            "n = {n}"
        );
        let orth = u.transpose() * &u - DMatrix::identity(n, n);
        assert!(orth.norm() < 1e-13 * n as f64, "n = {n}");
        for j in 0..n {
            for i in (j + 2)..n {
                assert_eq!(t[(i, j)], 0.0);
            }
            if j + 2 < n {
                assert!(
                    t[(j + 1, j)] == 0.0 || t[(j + 2, j + 1)] == 0.0,
                    "3x3 block at {j}"
                );
            }
        }
    }

    /// The Z updates on a second task give the same bits as in line, and the result is
    /// a Schur decomposition (N = 150 has far columns, deflations and complex pairs).
    #[test]
    fn parallel_z_gives_the_same_bits() {
        let n = 150;
        let a = DMatrix::from_fn(n, n, |i, j| {
            ((i * 7 + j * 13 + i * j) as f64).sin() / 8.0 - if i == j { 1.0 } else { 0.0 }
        });
        let run = |parallel: bool| {
            let mut h = a.as_slice().to_vec();
            let vs = reduce(&mut h, n);
            let z = schur_from_hessenberg(&mut h, n, &vs, parallel).expect("converges");
            (h, z)
        };
        let (h1, z1) = run(false);
        let (h2, z2) = run(true);
        assert!(h1 == h2 && z1 == z2);
        check(&a);
    }

    #[test]
    fn decomposes_assorted_matrices() {
        for n in [1, 2, 3, 4, 5, 17, 60] {
            check(&DMatrix::from_fn(n, n, |i, j| {
                ((i * 7 + j * 13 + i * j) as f64).sin()
            }));
            // structured, rank-deficient
            check(&DMatrix::from_fn(n, n, |i, j| {
                ((i * 7 + j * 13) % 11) as f64 / 11.0 - 0.5 - if i == j { 1.0 } else { 0.0 }
            }));
            // -I + rank two: eigenvalue -1 of multiplicity n - 2
            let u = DMatrix::from_fn(n, 2, |i, j| ((i + 3 * j) as f64 * 0.7).cos());
            let m = DMatrix::from_row_slice(2, 2, &[0.5, 1.0, -0.3, -2.0]);
            check(&(&u * m * u.transpose() / n as f64 - DMatrix::identity(n, n)));
            // permutation-like (all eigenvalues on the unit circle) and zero
            check(&DMatrix::from_fn(n, n, |i, j| {
                if (i + 1) % n == j {
                    1.0
                } else {
                    0.0
                }
            }));
            check(&DMatrix::zeros(n, n));
        }
    }
}
