//! Householder reduction to upper Hessenberg form, `A = Q H Q^T`
//! (`theory/notes/lyapunov.md`, Eq. S1), the first step of the real Schur decomposition.

/// Householder vector of `x` (length >= 1): returns `(tau, v, beta)` with `v[0] = 1`,
/// `(I - tau v v^T) x = beta e_1`. `tau = 0` when `x[1..]` is already zero.
pub(super) fn householder(x: &[f64], v: &mut [f64]) -> (f64, f64) {
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

/// [`householder`] for a vector of length `len` (2 or 3) held in registers: the same
/// arithmetic (so the same bits) without the slices. Returns `(tau, beta, v)`.
#[inline(always)]
pub(super) fn small_householder(x: [f64; 3], len: usize) -> (f64, f64, [f64; 3]) {
    let x0 = x[0];
    let tail = if len == 3 {
        x[1] * x[1] + x[2] * x[2]
    } else {
        x[1] * x[1]
    };
    if tail == 0.0 {
        return (0.0, x0, [1.0, 0.0, 0.0]);
    }
    let norm = (x0 * x0 + tail).sqrt();
    let beta = if x0 >= 0.0 { -norm } else { norm };
    let d = x0 - beta;
    let v2 = if len == 3 { x[2] / d } else { 0.0 };
    ((beta - x0) / beta, beta, [1.0, x[1] / d, v2])
}

/// Householder reduction `A = Q H Q^T` (Eq. S1); `h` becomes `H`, returns `Q`.
#[cfg(test)]
pub(super) fn hessenberg(h: &mut [f64], n: usize) -> Vec<f64> {
    let vs = reduce(h, n);
    form_q(&vs, n)
}

/// The Householder reflections `P_k = I - tau v v^T` of the reduction, `k = 0..n-2`
/// (`v` acts on indices `k+1..n`, `v[0] = 1`).
pub(super) type Reflections = Vec<(f64, Vec<f64>)>;

crate::simd_dispatch! {
    /// The reduction proper: `h` becomes `H = Q^T A Q`; returns the reflections whose
    /// product is `Q` ([`form_q`]).
    ///
    /// Step `k` applies `P = I - tau v v^T` (acting on indices `k+1..n`) from both sides:
    /// `H <- P (H P)`, with `H P = H - tau (H v) v^T`. All of it happens in one pass over the
    /// trailing columns, each column `j` in cache once: the right update
    /// `h_j -= tau v_j w` with `w = H v` from the previous pass, the left update
    /// `h_j -= tau (v^T h_j) v`, and, as soon as column `k+1` is final and the next
    /// reflection `v'` is known, that column's share `v'_j h_j` of the next `w' = H' v'`
    /// (Eq. S1a). Compiled for AVX-512 or AVX2 when the CPU has it (the same bits).
    pub(super) fn reduce(h: &mut [f64], n: usize) -> Reflections => reduce_generic
}

#[inline(always)]
fn reduce_generic(h: &mut [f64], n: usize) -> Reflections {
    let steps = n.saturating_sub(2);
    let mut vs: Vec<(f64, Vec<f64>)> = Vec::with_capacity(steps);
    let mut w = vec![0.0; n];
    let mut w_next = vec![0.0; n];
    if steps > 0 {
        let mut v = vec![0.0; n - 1];
        let (mut tau, mut beta) = householder(&h[1..n], &mut v);
        for (j, vj) in v.iter().enumerate() {
            axpy(*vj, &h[(j + 1) * n..(j + 2) * n], &mut w);
        }
        for k in 0..steps {
            let m = n - k - 1; // length of the reflected part, rows k+1..n
            h[(k + 1) + k * n] = beta;
            for i in (k + 2)..n {
                h[i + k * n] = 0.0;
            }
            // column k+1 first: the next reflection is built from it
            update_column(h, n, k, k + 1, tau, &v, &w);
            let next = if k + 1 < steps {
                let mut v2 = vec![0.0; m - 1];
                let o = (k + 2) + (k + 1) * n;
                let (t2, b2) = householder(&h[o..o + m - 1], &mut v2);
                Some((t2, b2, v2))
            } else {
                None
            };
            w_next.iter_mut().for_each(|t| *t = 0.0);
            for j in (k + 2)..n {
                update_column(h, n, k, j, tau, &v, &w);
                if let Some((_, _, v2)) = &next {
                    axpy(v2[j - k - 2], &h[j * n..(j + 1) * n], &mut w_next);
                }
            }
            std::mem::swap(&mut w, &mut w_next);
            let done = std::mem::take(&mut v);
            vs.push((tau, done));
            if let Some((t2, b2, v2)) = next {
                (tau, beta, v) = (t2, b2, v2);
            }
        }
    }
    vs
}

crate::simd_dispatch! {
    /// `Q = P_0 P_1 ... P_{n-3}`, accumulated backwards (each `P_k` acts on rows and columns
    /// `k+1..n`), compiled for AVX-512 or AVX2 when the CPU has it (the same bits).
    pub(super) fn form_q(vs: &Reflections, n: usize) -> Vec<f64> => form_q_generic
}

#[inline(always)]
fn form_q_generic(vs: &Reflections, n: usize) -> Vec<f64> {
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

/// Step `k`'s two-sided update of column `j > k` (Eq. S1a): right, then left.
#[inline(always)]
fn update_column(h: &mut [f64], n: usize, k: usize, j: usize, tau: f64, v: &[f64], w: &[f64]) {
    if tau == 0.0 {
        return;
    }
    let col = &mut h[j * n..(j + 1) * n];
    axpy(-tau * v[j - k - 1], w, col);
    let tail = &mut col[k + 1..];
    let s = tau * dot(v, tail);
    axpy(-s, v, tail);
}

/// `a . b` with eight partial sums (lanes of one AVX-512 vector), combined pairwise; the
/// order is fixed, so every compiled version gives the same bits.
#[inline(always)]
fn dot(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    let mut s = [0.0; 8];
    let (ac, bc) = (a.chunks_exact(8), b.chunks_exact(8));
    let (ar, br) = (ac.remainder(), bc.remainder());
    for (x, y) in ac.zip(bc) {
        for l in 0..8 {
            s[l] += x[l] * y[l];
        }
    }
    let mut t = ((s[0] + s[4]) + (s[1] + s[5])) + ((s[2] + s[6]) + (s[3] + s[7]));
    for (x, y) in ar.iter().zip(br) {
        t += x * y;
    }
    t
}

#[inline(always)]
fn axpy(alpha: f64, x: &[f64], y: &mut [f64]) {
    for (yi, xi) in y.iter_mut().zip(x) {
        *yi += alpha * xi;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nalgebra::DMatrix;

    /// `A = Q H Q^T` with `Q` orthogonal and `H` exactly zero below the subdiagonal, also
    /// when a column is already reduced (`tau = 0`).
    #[test]
    fn reduces_to_hessenberg_form() {
        for n in [1usize, 2, 3, 4, 9, 40, 67] {
            let mut a = DMatrix::from_fn(n, n, |i, j| ((3 * i + 5 * j + i * j) as f64).cos());
            if n > 4 {
                for i in 2..n {
                    a[(i, 0)] = 0.0; // first column already in Hessenberg form
                }
            }
            let mut h = a.as_slice().to_vec();
            let q = DMatrix::from_vec(n, n, hessenberg(&mut h, n));
            let h = DMatrix::from_vec(n, n, h);
            for j in 0..n {
                for i in (j + 2)..n {
                    assert_eq!(h[(i, j)], 0.0, "n = {n}: ({i}, {j})");
                }
            }
            let orth = q.transpose() * &q - DMatrix::identity(n, n);
            assert!(orth.norm() < 1e-14 * n as f64, "n = {n}");
            let rec = &q * &h * q.transpose();
            assert!((rec - &a).norm() < 1e-14 * n as f64 * a.norm(), "n = {n}");
        }
    }

    #[test]
    fn dot_matches_a_plain_sum() {
        let a: Vec<f64> = (0..37).map(|i| (i as f64 * 0.7).sin()).collect();
        let b: Vec<f64> = (0..37).map(|i| (i as f64 * 1.3).cos()).collect();
        let plain: f64 = a.iter().zip(&b).map(|(x, y)| x * y).sum();
        assert!((dot(&a, &b) - plain).abs() < 1e-14);
    }
}

#[cfg(test)]
/// `small_householder` against `householder` (the Hessenberg reduction's version).
mod small_householder_tests {
    #[test]
    fn matches_the_slice_version_bit_for_bit() {
        for i in 0..2000 {
            let t = i as f64;
            let x = [
                (t * 0.37).sin() * 3.0,
                (t * 1.1).cos(),
                if i % 7 == 0 { 0.0 } else { (t * 0.13).sin() },
            ];
            for len in [2usize, 3] {
                let mut v = [0.0; 3];
                let (tau, beta) = super::householder(&x[..len], &mut v[..len]);
                let (t2, b2, v2) = super::small_householder(x, len);
                assert_eq!(
                    (tau.to_bits(), beta.to_bits()),
                    (t2.to_bits(), b2.to_bits())
                );
                assert_eq!(v, v2);
            }
        }
    }
}
