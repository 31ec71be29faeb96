//! Pure-Rust real Schur decomposition: Householder reduction to upper Hessenberg form,
//! then the implicit double-shift (Francis) QR iteration with deflation, accumulating the
//! orthogonal factor (`theory/notes/lyapunov.md`, Eqs. L10-L12).
//!
//! Storage is column-major and every update walks down columns (left reflections touch
//! three consecutive entries of each column, right reflections three whole columns), so
//! the inner loops are contiguous.

/// Overwrites `h` (n x n, column-major) with `T` and returns `U` (column-major) such that
/// `A = U T U^T`, `T` upper quasi-triangular. `None` if the QR iteration does not converge.
pub(crate) fn real_schur(h: &mut [f64], n: usize) -> Option<Vec<f64>> {
    assert_eq!(h.len(), n * n);
    let mut z = hessenberg(h, n);
    francis_qr(h, &mut z, n)?;
    Some(z)
}

/// Householder vector of `x` (length >= 1): returns `(tau, v, beta)` with `v[0] = 1`,
/// `(I - tau v v^T) x = beta e_1`. `tau = 0` when `x[1..]` is already zero.
fn householder(x: &[f64], v: &mut [f64]) -> (f64, f64) {
    let x0 = x[0];
    let tail: f64 = x[1..].iter().map(|t| t * t).sum();
    v[0] = 1.0;
    if tail == 0.0 {
        v[1..].iter_mut().for_each(|t| *t = 0.0);
        return (0.0, x0);
    }
    let norm = (x0 * x0 + tail).sqrt();
    let beta = if x0 >= 0.0 { -norm } else { norm };
    let d = x0 - beta;
    for (vi, xi) in v[1..].iter_mut().zip(&x[1..]) {
        *vi = xi / d;
    }
    ((beta - x0) / beta, beta)
}

/// Householder reduction `A = Q H Q^T` (Eq. L10); `h` becomes `H`, returns `Q`.
fn hessenberg(h: &mut [f64], n: usize) -> Vec<f64> {
    let mut vs: Vec<(f64, Vec<f64>)> = Vec::with_capacity(n.saturating_sub(2));
    let mut w = vec![0.0; n];
    for k in 0..n.saturating_sub(2) {
        let m = n - k - 1; // length of the reflected part, rows k+1..n
        let mut v = vec![0.0; m];
        let (tau, beta) = householder(&h[(k + 1) + k * n..(k + 1) + k * n + m], &mut v);
        if tau != 0.0 {
            // left: H[k+1.., k..] -= tau v (v^T H[k+1.., k..]), column by column
            for j in (k + 1)..n {
                let col = &mut h[(k + 1) + j * n..(k + 1) + j * n + m];
                let s = tau * dot(&v, col);
                axpy(-s, &v, col);
            }
            // right: H[.., k+1..] -= (H[.., k+1..] v) tau v^T
            w.iter_mut().for_each(|t| *t = 0.0);
            for (i, vi) in v.iter().enumerate() {
                let col = &h[(k + 1 + i) * n..(k + 2 + i) * n];
                axpy(*vi, col, &mut w);
            }
            for (i, vi) in v.iter().enumerate() {
                let col = &mut h[(k + 1 + i) * n..(k + 2 + i) * n];
                axpy(-tau * vi, &w, col);
            }
        }
        h[(k + 1) + k * n] = beta;
        for i in (k + 2)..n {
            h[i + k * n] = 0.0;
        }
        vs.push((tau, v));
    }
    // Q = P_0 P_1 ... accumulated backwards (each P_k acts on rows/cols k+1..n).
    let mut q = vec![0.0; n * n];
    for i in 0..n {
        q[i + i * n] = 1.0;
    }
    for (k, (tau, v)) in vs.iter().enumerate().rev() {
        if *tau == 0.0 {
            continue;
        }
        let m = n - k - 1;
        for j in (k + 1)..n {
            let col = &mut q[(k + 1) + j * n..(k + 1) + j * n + m];
            let s = tau * dot(v, col);
            axpy(-s, v, col);
        }
    }
    q
}

#[inline]
fn dot(a: &[f64], b: &[f64]) -> f64 {
    let mut s = [0.0; 4];
    let chunks = a.len() / 4;
    for c in 0..chunks {
        for l in 0..4 {
            s[l] += a[4 * c + l] * b[4 * c + l];
        }
    }
    let mut t = (s[0] + s[1]) + (s[2] + s[3]);
    for i in 4 * chunks..a.len() {
        t += a[i] * b[i];
    }
    t
}

#[inline]
fn axpy(alpha: f64, x: &[f64], y: &mut [f64]) {
    for (yi, xi) in y.iter_mut().zip(x) {
        *yi += alpha * xi;
    }
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

/// Applies `I - tau v v^T` from the right to columns `k..k+len` of rows `0..r1`, with
/// 256-bit vectors when the CPU has AVX2 (same arithmetic, so the same rounding: Rust does
/// not contract `a * b + c` into fused multiply-adds).
fn reflect_cols(h: &mut [f64], n: usize, k: usize, v: [f64; 3], len: usize, tau: f64, r1: usize) {
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU supports AVX2 (checked at run time).
            unsafe { reflect_cols_avx2(h, n, k, v, len, tau, r1) };
            return;
        }
    }
    reflect_cols_generic(h, n, k, v, len, tau, r1);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn reflect_cols_avx2(
    h: &mut [f64],
    n: usize,
    k: usize,
    v: [f64; 3],
    len: usize,
    tau: f64,
    r1: usize,
) {
    reflect_cols_generic(h, n, k, v, len, tau, r1);
}

#[inline(always)]
fn reflect_cols_generic(
    h: &mut [f64],
    n: usize,
    k: usize,
    v: [f64; 3],
    len: usize,
    tau: f64,
    r1: usize,
) {
    let (_, rest) = h.split_at_mut(k * n);
    let (c0, rest) = rest.split_at_mut(n);
    let (c1, rest) = rest.split_at_mut(n);
    let (c0, c1) = (&mut c0[..r1], &mut c1[..r1]);
    if len == 3 {
        let c2 = &mut rest[..r1];
        for ((a, b), c) in c0.iter_mut().zip(c1.iter_mut()).zip(c2.iter_mut()) {
            let s = tau * (*a + v[1] * *b + v[2] * *c);
            *a -= s;
            *b -= s * v[1];
            *c -= s * v[2];
        }
    } else {
        for (a, b) in c0.iter_mut().zip(c1.iter_mut()) {
            let s = tau * (*a + v[1] * *b);
            *a -= s;
            *b -= s * v[1];
        }
    }
}

/// Implicit double-shift QR on the Hessenberg `h`, accumulating into `z` (Eqs. L11-L12).
fn francis_qr(h: &mut [f64], z: &mut [f64], n: usize) -> Option<()> {
    if n <= 1 {
        return Some(());
    }
    let idx = |i: usize, j: usize| i + j * n;
    let eps = f64::EPSILON;
    let mut hi = n - 1; // last row of the active window (inclusive)
    let mut iter = 0usize;
    let mut total = 0usize;
    let max_total = 40 * n.max(10);
    let mut refl: Vec<(usize, [f64; 3], usize, f64)> = Vec::with_capacity(n);
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
        // Left reflections reach far to the right of the bulge; they are applied to a
        // column only when the chase reaches it (and to the columns right of the window
        // after the sweep), one column at a time, so each column stays in cache.
        refl.clear();
        let mut caught = lo + 3; // first column not yet caught up
        let mut block_applied = 0; // reflections applied to the last caught-up block
        for k in lo..=(hi - 1) {
            let len = if k + 2 <= hi { 3 } else { 2 };
            let xs = [x, y, w];
            let mut v = [0.0; 3];
            let (tau, beta) = householder(&xs[..len], &mut v[..len]);
            if k + 2 <= hi && k + 2 >= lo + 3 {
                // column k + 2 enters the near zone: catch up on the sweep's reflections,
                // four columns at a time (independent dependency chains)
                let c = k + 2;
                if c >= caught {
                    let c_end = (c + 4).min(hi + 1);
                    apply_left_block(h, n, c, c_end, &refl);
                    caught = c_end;
                    block_applied = refl.len();
                } else {
                    let col = &mut h[c * n..(c + 1) * n];
                    apply_left_sequence(col, &refl[block_applied..]);
                }
            }
            if tau != 0.0 {
                let c0 = if k > lo { k - 1 } else { lo };
                let c1 = (k + 3).min(hi + 1);
                reflect_rows(h, n, k, v, len, tau, c0, c1);
                if k > lo {
                    h[idx(k, k - 1)] = beta;
                    h[idx(k + 1, k - 1)] = 0.0;
                    if len == 3 {
                        h[idx(k + 2, k - 1)] = 0.0;
                    }
                }
                let r1 = (k + 4).min(hi + 1);
                reflect_cols(h, n, k, v, len, tau, r1);
                reflect_cols(z, n, k, v, len, tau, n);
            }
            refl.push((k, v, len, tau));
            if k + 1 < hi {
                x = h[idx(k + 1, k)];
                y = h[idx(k + 2, k)];
                w = if k + 3 <= hi { h[idx(k + 3, k)] } else { 0.0 };
            }
        }
        let mut j = hi + 1;
        while j < n {
            let j_end = (j + 4).min(n);
            apply_left_block(h, n, j, j_end, &refl);
            j = j_end;
        }
    }
}

/// Applies the left reflections of a sweep, in order, to columns `c0..c1` (at most 4),
/// interleaving the columns so that their dependency chains overlap.
fn apply_left_block(
    h: &mut [f64],
    n: usize,
    c0: usize,
    c1: usize,
    refl: &[(usize, [f64; 3], usize, f64)],
) {
    if c1 - c0 < 4 {
        for c in c0..c1 {
            apply_left_sequence(&mut h[c * n..(c + 1) * n], refl);
        }
        return;
    }
    let block = &mut h[c0 * n..(c0 + 4) * n];
    let (a, rest) = block.split_at_mut(n);
    let (b, rest) = rest.split_at_mut(n);
    let (c, d) = rest.split_at_mut(n);
    for &(k, v, len, tau) in refl {
        if tau == 0.0 {
            continue;
        }
        if len == 3 {
            for col in [&mut *a, &mut *b, &mut *c, &mut *d] {
                let s = tau * (col[k] + v[1] * col[k + 1] + v[2] * col[k + 2]);
                col[k] -= s;
                col[k + 1] -= s * v[1];
                col[k + 2] -= s * v[2];
            }
        } else {
            for col in [&mut *a, &mut *b, &mut *c, &mut *d] {
                let s = tau * (col[k] + v[1] * col[k + 1]);
                col[k] -= s;
                col[k + 1] -= s * v[1];
            }
        }
    }
}

/// Applies the left reflections `(k, v, len, tau)` of a sweep, in order, to one column.
#[inline]
fn apply_left_sequence(col: &mut [f64], refl: &[(usize, [f64; 3], usize, f64)]) {
    for &(k, v, len, tau) in refl {
        if tau == 0.0 {
            continue;
        }
        if len == 3 {
            let s = tau * (col[k] + v[1] * col[k + 1] + v[2] * col[k + 2]);
            col[k] -= s;
            col[k + 1] -= s * v[1];
            col[k + 2] -= s * v[2];
        } else {
            let s = tau * (col[k] + v[1] * col[k + 1]);
            col[k] -= s;
            col[k + 1] -= s * v[1];
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
