//! Householder reduction to upper Hessenberg form, `A = Q H Q^T`
//! (`theory/notes/lyapunov.md`, Eq. L10), the first step of the real Schur decomposition.

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

/// Householder reduction `A = Q H Q^T` (Eq. L10); `h` becomes `H`, returns `Q`.
pub(super) fn hessenberg(h: &mut [f64], n: usize) -> Vec<f64> {
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
