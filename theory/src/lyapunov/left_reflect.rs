//! Left application of a sequence of small Householder reflections to many columns at
//! once (`theory/notes/lyapunov.md`, Eq. S4).
//!
//! A Francis sweep produces reflections `P_k = I - tau_k v_k v_k^T` acting on rows
//! `k, k+1[, k+2]`; every column `c` to the right of the bulge must receive them in order,
//! `h_c <- P_{k_m} ... P_{k_1} h_c`. For one column this is a chain of dependent scalar
//! operations (each reflection reads what the previous one wrote), and in column-major
//! storage the three entries a reflection touches in neighbouring columns are `n` apart.
//! Here a slab of `W` columns is copied into a row-major scratch (row `r` holds the `W`
//! entries `h_{r, c0..c0+W}` contiguously), every reflection is applied to whole rows
//! there, so that the `W` independent columns become the vector lanes, and the slab is
//! copied back.
//!
//! Each entry sees exactly the same operations in the same order as in the one-column
//! form ([`apply_to_column`]): `s = tau ((h_k + v_1 h_{k+1}) + v_2 h_{k+2})`,
//! `h_k -= s`, `h_{k+1} -= s v_1`, `h_{k+2} -= s v_2` (Rust does not contract these into
//! fused multiply-adds), so both forms give the same bits.

/// One reflection `I - tau v v^T` with `v = (1, v[1][, v[2]])` acting on rows
/// `row .. row + len` (`len` 2 or 3).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Reflector {
    pub row: usize,
    pub v: [f64; 3],
    pub len: usize,
    pub tau: f64,
}

/// Applies the reflections, in order, to one column (rows indexed from 0).
#[inline]
pub(super) fn apply_to_column(col: &mut [f64], refl: &[Reflector]) {
    for r in refl {
        if r.tau == 0.0 {
            continue;
        }
        let (k, v, tau) = (r.row, r.v, r.tau);
        if r.len == 3 {
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

/// Lanes of the wide kernel (columns per pass), and of the narrow one for the rest.
const WIDE: usize = 32;
const NARROW: usize = 8;

/// Applies the reflections, in order, to columns `c0..c1` of the column-major `h` with
/// `n` rows. `scratch` is reused between calls. Same result, bit for bit, as
/// [`apply_to_column`] on every column.
pub(super) fn apply_to_columns(
    h: &mut [f64],
    n: usize,
    c0: usize,
    c1: usize,
    refl: &[Reflector],
    scratch: &mut Vec<f64>,
) {
    let Some(first) = refl.first() else { return };
    let r0 = first.row;
    let r1 = refl.iter().map(|r| r.row + r.len).max().unwrap_or(r0);
    let mut c = c0;
    while c < c1 {
        let w = c1 - c;
        if w >= WIDE {
            slab::<WIDE>(h, n, c, WIDE, r0, r1, refl, scratch);
            c += WIDE;
        } else if w >= 4 {
            let w = w.min(NARROW);
            slab::<NARROW>(h, n, c, w, r0, r1, refl, scratch);
            c += w;
        } else {
            apply_to_column(&mut h[c * n..(c + 1) * n], refl);
            c += 1;
        }
    }
}

/// One slab of `w <= W` columns starting at `c`, rows `r0..r1`, through the row-major
/// scratch (lanes beyond `w` are zero and stay zero).
#[allow(clippy::too_many_arguments)]
fn slab<const W: usize>(
    h: &mut [f64],
    n: usize,
    c: usize,
    w: usize,
    r0: usize,
    r1: usize,
    refl: &[Reflector],
    scratch: &mut Vec<f64>,
) {
    let rows = r1 - r0;
    scratch.clear();
    scratch.resize(rows * W, 0.0);
    let done = transpose_fast::<W, false>(h, n, c, w, r0, rows, scratch);
    for j in 0..w {
        let col = &h[r0 + (c + j) * n..r1 + (c + j) * n];
        for (i, &x) in col.iter().enumerate().skip(done) {
            scratch[i * W + j] = x;
        }
    }
    rows_kernel::<W>(scratch, r0, refl);
    let done = transpose_fast::<W, true>(h, n, c, w, r0, rows, scratch);
    for j in 0..w {
        let col = &mut h[r0 + (c + j) * n..r1 + (c + j) * n];
        for (i, x) in col.iter_mut().enumerate().skip(done) {
            *x = scratch[i * W + j];
        }
    }
}

/// Copies the first rows of the slab between `h` (column-major) and the row-major
/// `scratch` (`BACK`: scratch to `h`) in 8 x 8 tiles transposed in AVX-512 registers, when
/// the CPU has AVX-512 and `w == W`. Returns the number of rows done (a multiple of 8; the
/// caller copies the rest one entry at a time).
#[allow(clippy::too_many_arguments)]
fn transpose_fast<const W: usize, const BACK: bool>(
    h: &mut [f64],
    n: usize,
    c: usize,
    w: usize,
    r0: usize,
    rows: usize,
    scratch: &mut [f64],
) -> usize {
    #[cfg(target_arch = "x86_64")]
    {
        if w == W && W.is_multiple_of(8) && std::arch::is_x86_feature_detected!("avx512f") {
            let full = rows / 8 * 8;
            assert!((c + w - 1) * n + r0 + full <= h.len() && full * W <= scratch.len());
            // SAFETY: AVX-512F is present; the assertion bounds every access: tiles read
            // or write rows r0..r0+full of columns c..c+W of `h` and rows 0..full of
            // `scratch`.
            unsafe { tiles_avx512::<W, BACK>(h, n, c, r0, full, scratch) };
            return full;
        }
    }
    let _ = (h, n, c, w, r0, rows, scratch);
    0
}

/// 8 x 8 tiles: eight vectors of eight consecutive entries are transposed with two rounds
/// of `unpack` (pairs of lanes) and two of 128-bit lane shuffles.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
unsafe fn tiles_avx512<const W: usize, const BACK: bool>(
    h: &mut [f64],
    n: usize,
    c: usize,
    r0: usize,
    full: usize,
    scratch: &mut [f64],
) {
    use std::arch::x86_64::*;
    let hp = h.as_mut_ptr();
    let sp = scratch.as_mut_ptr();
    for g in 0..W / 8 {
        for ib in 0..full / 8 {
            // source vectors: column-major (eight rows of one column) or row-major (eight
            // lanes of one scratch row)
            let src = |t: usize| -> *const f64 {
                if BACK {
                    sp.add((ib * 8 + t) * W + g * 8)
                } else {
                    hp.add(r0 + ib * 8 + (c + g * 8 + t) * n)
                }
            };
            let x: [__m512d; 8] = std::array::from_fn(|t| _mm512_loadu_pd(src(t)));
            let t0 = _mm512_unpacklo_pd(x[0], x[1]);
            let t1 = _mm512_unpackhi_pd(x[0], x[1]);
            let t2 = _mm512_unpacklo_pd(x[2], x[3]);
            let t3 = _mm512_unpackhi_pd(x[2], x[3]);
            let t4 = _mm512_unpacklo_pd(x[4], x[5]);
            let t5 = _mm512_unpackhi_pd(x[4], x[5]);
            let t6 = _mm512_unpacklo_pd(x[6], x[7]);
            let t7 = _mm512_unpackhi_pd(x[6], x[7]);
            let u0 = _mm512_shuffle_f64x2::<0x88>(t0, t2);
            let u1 = _mm512_shuffle_f64x2::<0xDD>(t0, t2);
            let u2 = _mm512_shuffle_f64x2::<0x88>(t1, t3);
            let u3 = _mm512_shuffle_f64x2::<0xDD>(t1, t3);
            let u4 = _mm512_shuffle_f64x2::<0x88>(t4, t6);
            let u5 = _mm512_shuffle_f64x2::<0xDD>(t4, t6);
            let u6 = _mm512_shuffle_f64x2::<0x88>(t5, t7);
            let u7 = _mm512_shuffle_f64x2::<0xDD>(t5, t7);
            let y = [
                _mm512_shuffle_f64x2::<0x88>(u0, u4),
                _mm512_shuffle_f64x2::<0x88>(u2, u6),
                _mm512_shuffle_f64x2::<0x88>(u1, u5),
                _mm512_shuffle_f64x2::<0x88>(u3, u7),
                _mm512_shuffle_f64x2::<0xDD>(u0, u4),
                _mm512_shuffle_f64x2::<0xDD>(u2, u6),
                _mm512_shuffle_f64x2::<0xDD>(u1, u5),
                _mm512_shuffle_f64x2::<0xDD>(u3, u7),
            ];
            for (t, v) in y.iter().enumerate() {
                let dst = if BACK {
                    hp.add(r0 + ib * 8 + (c + g * 8 + t) * n)
                } else {
                    sp.add((ib * 8 + t) * W + g * 8)
                };
                _mm512_storeu_pd(dst, *v);
            }
        }
    }
}

/// Dispatches to a copy of the row kernel compiled for AVX-512 or AVX2 when the CPU has
/// it (same arithmetic, hence the same bits, in every version).
fn rows_kernel<const W: usize>(s: &mut [f64], r0: usize, refl: &[Reflector]) {
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx512f") {
            // SAFETY: the CPU supports AVX-512F (checked at run time).
            unsafe { rows_avx512::<W>(s, r0, refl) };
            return;
        }
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU supports AVX2 (checked at run time).
            unsafe { rows_avx2::<W>(s, r0, refl) };
            return;
        }
    }
    rows_generic::<W>(s, r0, refl);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
unsafe fn rows_avx512<const W: usize>(s: &mut [f64], r0: usize, refl: &[Reflector]) {
    rows_generic::<W>(s, r0, refl);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn rows_avx2<const W: usize>(s: &mut [f64], r0: usize, refl: &[Reflector]) {
    rows_generic::<W>(s, r0, refl);
}

/// The reflections applied to whole rows of the row-major scratch `s` (`W` lanes).
#[inline(always)]
fn rows_generic<const W: usize>(s: &mut [f64], r0: usize, refl: &[Reflector]) {
    for r in refl {
        if r.tau == 0.0 {
            continue;
        }
        let (tau, v1, v2) = (r.tau, r.v[1], r.v[2]);
        let o = (r.row - r0) * W;
        if r.len == 3 {
            let (a, rest) = s[o..o + 3 * W].split_at_mut(W);
            let (b, c) = rest.split_at_mut(W);
            let (a, b, c): (&mut [f64; W], &mut [f64; W], &mut [f64; W]) = (
                a.try_into().unwrap(),
                b.try_into().unwrap(),
                c.try_into().unwrap(),
            );
            for j in 0..W {
                let t = tau * (a[j] + v1 * b[j] + v2 * c[j]);
                a[j] -= t;
                b[j] -= t * v1;
                c[j] -= t * v2;
            }
        } else {
            let (a, b) = s[o..o + 2 * W].split_at_mut(W);
            let (a, b): (&mut [f64; W], &mut [f64; W]) =
                (a.try_into().unwrap(), b.try_into().unwrap());
            for j in 0..W {
                let t = tau * (a[j] + v1 * b[j]);
                a[j] -= t;
                b[j] -= t * v1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The slab kernel against the one-column form: identical bits, on column counts that
    /// exercise the wide, narrow and single-column paths, and with a 2-row reflection.
    #[test]
    fn slab_matches_column_by_column_bit_for_bit() {
        let n = 50;
        let mut refl = Vec::new();
        for k in 3..40 {
            let x = k as f64;
            let v = [1.0, (0.3 * x).sin(), (0.7 * x).cos() * 0.5];
            let tau = 2.0 / (1.0 + v[1] * v[1] + v[2] * v[2]);
            refl.push(Reflector {
                row: k,
                v,
                len: 3,
                tau,
            });
        }
        refl[5].tau = 0.0;
        refl.push(Reflector {
            row: 40,
            v: [1.0, -0.4, 0.0],
            len: 2,
            tau: 2.0 / 1.16,
        });
        for ncols in [1, 3, 5, 8, 13, 32, 45, 71] {
            let h0: Vec<f64> = (0..n * ncols)
                .map(|i| ((i * 37 % 101) as f64 - 50.0) / 17.0)
                .collect();
            let mut a = h0.clone();
            let mut scratch = Vec::new();
            apply_to_columns(&mut a, n, 0, ncols, &refl, &mut scratch);
            let mut b = h0.clone();
            for c in 0..ncols {
                apply_to_column(&mut b[c * n..(c + 1) * n], &refl);
            }
            assert_eq!(a, b, "ncols = {ncols}");
            // the reflections are orthogonal: column norms are kept (to rounding), and
            // something did change
            for c in 0..ncols {
                let n0: f64 = h0[c * n..(c + 1) * n].iter().map(|x| x * x).sum();
                let n1: f64 = a[c * n..(c + 1) * n].iter().map(|x| x * x).sum();
                assert!((n0 - n1).abs() < 1e-12 * n0, "column {c}");
            }
            assert_ne!(a, h0);
        }
    }
}
