//! Pure-Rust real Schur decomposition: Householder reduction to upper Hessenberg form,
//! then the implicit double-shift (Francis) QR iteration with deflation, accumulating the
//! orthogonal factor (`theory/notes/lyapunov.md`, Eqs. S1-S5).
//!
//! Storage is column-major and every update walks down columns (left reflections touch
//! three consecutive entries of each column, right reflections three whole columns), so
//! the inner loops are contiguous.

use super::bulge::chase_bulge;
use super::far::FarColumns;
use super::hessenberg::{form_q, reduce, Reflections};
use super::left_reflect::Reflector;
use super::lines::reflect_lines;

/// Overwrites `h` (n x n, column-major) with `T` and returns `U` (column-major) such that
/// `A = U T U^T`, `T` upper quasi-triangular. `None` if the QR iteration does not converge.
pub(crate) fn real_schur(h: &mut [f64], n: usize) -> Option<Vec<f64>> {
    assert_eq!(h.len(), n * n);
    let vs = reduce(h, n);
    schur_from_hessenberg(h, n, &vs, n >= PARALLEL_Z_MIN)
}

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

/// The Francis iteration proper (Eq. S2): deflate, form the first column of the shifted
/// product, chase one bulge down the active window; columns right of the window live in
/// `far`, and each sweep's reflections go to `to_z`.
fn francis_loop(
    h: &mut [f64],
    n: usize,
    far: &mut FarColumns,
    to_z: &mut dyn FnMut(&[Reflector]),
) -> Option<()> {
    let mut hi = n - 1; // last row of the active window (inclusive)
    let mut iter = 0usize;
    let mut total = 0usize;
    let max_total = 40 * n.max(10);
    let mut refl: Vec<Reflector> = Vec::with_capacity(n);
    let mut scratch = Vec::new();
    loop {
        let lo = deflate(h, n, hi);
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
        let first = first_column(h, n, lo, hi, iter);
        chase_bulge(h, n, lo, hi, first, &mut refl, &mut scratch);
        for r in &refl {
            far.reflect(r);
        }
        to_z(&refl);
    }
}

/// Deflation (Eq. S2): the start `lo` of the unreduced block ending at row `hi`, found by
/// walking up the subdiagonal to the first entry below `eps (|h_{k-1,k-1}| + |h_kk|)`,
/// which is set to zero.
#[inline]
fn deflate(h: &mut [f64], n: usize, hi: usize) -> usize {
    let idx = |i: usize, j: usize| i + j * n;
    let eps = f64::EPSILON;
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
    lo
}

/// The first column `(x, y, w)` of `(H - rho_1)(H - rho_2)` at row `lo` (Eq. S2), the
/// shifts `rho` from the trailing 2x2 of the window (exceptional ones every 10th sweep),
/// written with differences `h_ll - rho` so that clustered eigenvalues do not cancel.
#[inline]
fn first_column(h: &[f64], n: usize, lo: usize, hi: usize, iter: usize) -> [f64; 3] {
    let idx = |i: usize, j: usize| i + j * n;
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
    let (h00, h01, h10, h11w, h21w) = (
        h[idx(lo, lo)],
        h[idx(lo, lo + 1)],
        h[idx(lo + 1, lo)],
        h[idx(lo + 1, lo + 1)],
        h[idx(lo + 2, lo + 1)],
    );
    let sc = (h00 - rt2r).abs() + rt2i.abs() + h10.abs();
    let h10s = h10 / sc;
    let x = h10s * h01 + (h00 - rt1r) * ((h00 - rt2r) / sc) - rt1i * (rt2i / sc);
    let y = h10s * (h00 + h11w - rt1r - rt2r);
    let w = h10s * h21w;
    [x, y, w]
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
