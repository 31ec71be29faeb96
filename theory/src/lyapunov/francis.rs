//! Pure-Rust real Schur decomposition: Householder reduction to upper Hessenberg form,
//! then the implicit double-shift (Francis) QR iteration with deflation, accumulating the
//! orthogonal factor (`theory/notes/lyapunov.md`, Eqs. L10-L12).
//!
//! Storage is column-major and every update walks down columns (left reflections touch
//! three consecutive entries of each column, right reflections three whole columns), so
//! the inner loops are contiguous.

use super::hessenberg::{hessenberg, householder};
use super::left_reflect::{apply_to_columns, Reflector};
use super::lines::reflect_lines;

/// Overwrites `h` (n x n, column-major) with `T` and returns `U` (column-major) such that
/// `A = U T U^T`, `T` upper quasi-triangular. `None` if the QR iteration does not converge.
pub(crate) fn real_schur(h: &mut [f64], n: usize) -> Option<Vec<f64>> {
    assert_eq!(h.len(), n * n);
    let mut z = hessenberg(h, n);
    francis_qr(h, &mut z, n)?;
    Some(z)
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

/// Columns caught up together on the sweep's pending left reflections inside the window.
const CATCH_UP: usize = 32;

/// Implicit double-shift QR on the Hessenberg `h`, accumulating into `z` (Eqs. L11-L12).
fn francis_qr(h: &mut [f64], z: &mut [f64], n: usize) -> Option<()> {
    if n <= 1 {
        return Some(());
    }
    let mut far = FarColumns::new(n);
    let res = francis_loop(h, z, n, &mut far);
    far.write_back(h);
    res
}

/// The part of `H` right of the active window, rows `0..c` of each column `c > hi`, kept
/// row-major (Eq. L13): from the moment a column leaves the window it only receives left
/// reflections (rows of the window), which then run along contiguous rows.
struct FarColumns {
    n: usize,
    /// row-major `n x n`; entry `(r, c)` at `r * n + c`, meaningful for `c >= first`, `r < c`
    buf: Vec<f64>,
    /// first column kept here; columns `first..n` live in `buf`
    first: usize,
}

impl FarColumns {
    fn new(n: usize) -> Self {
        FarColumns {
            n,
            buf: Vec::new(),
            first: n,
        }
    }

    /// Moves columns `hi + 1 .. first` (those that left the window) into the store.
    fn take(&mut self, h: &[f64], hi: usize) {
        let n = self.n;
        if hi + 1 >= self.first {
            return;
        }
        if self.buf.is_empty() {
            self.buf = vec![0.0; n * n];
        }
        for c in hi + 1..self.first {
            for r in 0..c {
                self.buf[r * n + c] = h[r + c * n];
            }
        }
        self.first = hi + 1;
    }

    /// Applies the left reflection `refl` to the stored columns (all right of the window).
    fn reflect(&mut self, refl: &Reflector) {
        if refl.tau != 0.0 && self.first < self.n {
            let (n, first) = (self.n, self.first);
            reflect_lines(
                &mut self.buf,
                n,
                refl.row,
                refl.v,
                refl.len,
                refl.tau,
                first,
                n,
            );
        }
    }

    /// Copies the stored columns back into the column-major `h`.
    fn write_back(&self, h: &mut [f64]) {
        let n = self.n;
        for c in self.first..n {
            for r in 0..c {
                h[r + c * n] = self.buf[r * n + c];
            }
        }
    }
}

/// The Francis iteration proper; columns right of the window live in `far`.
fn francis_loop(h: &mut [f64], z: &mut [f64], n: usize, far: &mut FarColumns) -> Option<()> {
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
        // clustered eigenvalues do not cancel catastrophically (Eq. L11)
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
        // columns, Eq. L13) when the bulge reaches its first column, and every later
        // reflection directly; the columns right of the window live in `far`.
        refl.clear();
        let mut caught = lo + 3; // first column not yet caught up
        for k in lo..=(hi - 1) {
            let len = if k + 2 <= hi { 3 } else { 2 };
            let xs = [x, y, w];
            let mut v = [0.0; 3];
            let (tau, beta) = householder(&xs[..len], &mut v[..len]);
            if k + 2 <= hi && k + 2 >= caught {
                let c_end = (k + 2 + CATCH_UP).min(hi + 1);
                apply_to_columns(h, n, k + 2, c_end, &refl, &mut scratch);
                caught = c_end;
            }
            if tau != 0.0 {
                let c0 = if k > lo { k - 1 } else { lo };
                let c1 = (k + 3).max(caught).min(hi + 1);
                reflect_rows(h, n, k, v, len, tau, c0, c1);
                if k > lo {
                    h[idx(k, k - 1)] = beta;
                    h[idx(k + 1, k - 1)] = 0.0;
                    if len == 3 {
                        h[idx(k + 2, k - 1)] = 0.0;
                    }
                }
                let r1 = (k + 4).min(hi + 1);
                reflect_lines(h, n, k, v, len, tau, 0, r1);
                reflect_lines(z, n, k, v, len, tau, 0, n);
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
    }
}

/// Shifts for one double step from the 2x2 `[[a, b], [c, d]]`: a complex pair, or two
/// real eigenvalues both replaced by the one closer to `d` (as in LAPACK's `dlahqr`).
fn shifts(a: f64, b: f64, c: f64, d: f64) -> (f64, f64, f64, f64) {
    let p = 0.5 * (a - d);
    let disc = p * p + b * c;
    if disc >= 0.0 {
        let r = disc.sqrt();
        let zz = if p >= 0.0 { p + r } else { p - r };
        let e1 = d + zz;
        let e2 = if zz != 0.0 { d - b * c / zz } else { d };
        let e = if (e1 - d).abs() <= (e2 - d).abs() {
            e1
        } else {
            e2
        };
        (e, 0.0, e, 0.0)
    } else {
        let im = (-disc).sqrt();
        (d + p, im, d + p, -im)
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
