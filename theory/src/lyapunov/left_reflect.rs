//! Left application of a sequence of small Householder reflections to many columns at
//! once (`theory/notes/lyapunov.md`, Eq. S4).
//!
//! A Francis sweep produces reflections `P_k = I - tau_k v_k v_k^T` acting on rows
//! `k, k+1[, k+2]`; every column `c` to the right of the bulge must receive them in order,
//! `h_c <- P_{k_m} ... P_{k_1} h_c`. For one column this is a chain of dependent scalar
//! operations (each reflection reads what the previous one wrote), and in column-major
//! storage the three entries a reflection touches in neighbouring columns are `n` apart.
//! Here a block of 32 columns is copied into a row-major scratch (row `r` holds the 32
//! entries `h_{r, c0..c0+32}` contiguously; 8 x 8 tiles transposed in AVX-512 registers),
//! every reflection is applied to whole rows there, so that the independent columns become
//! the vector lanes, and the columns are copied back eight at a time when the bulge
//! reaches them ([`HeldBlock`]).
//!
//! Each entry sees exactly the same operations in the same order as in the one-column
//! form (`apply_to_column`, kept as the tests' reference): `s = tau ((h_k + v_1 h_{k+1}) + v_2 h_{k+2})`,
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

/// Applies the reflections, in order, to one column (rows indexed from 0): the reference
/// for the held block.
#[cfg(test)]
fn apply_to_column(col: &mut [f64], refl: &[Reflector]) {
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

/// Lanes (columns) of a [`HeldBlock`].
pub(super) const HELD: usize = 32;

/// A block of up to 32 columns `c0..c1` kept row-major in the scratch while the bulge
/// approaches it (Eq. S4): it receives the sweep's earlier reflections together when
/// taken, each later reflection as a vector operation on the scratch, and goes back to
/// `H` eight columns at a time, just before the bulge reaches them. Rows `r0..c1` (all that
/// the reflections can touch while a column is held).
pub(super) struct HeldBlock {
    c0: usize,
    c1: usize,
    r0: usize,
    /// first column still held (columns `c0..released` are back in `H`)
    released: usize,
}

impl HeldBlock {
    /// Takes columns `c0..c1` (at most 32) of the column-major `h`, applies `refl` (not
    /// empty, rows below `c0`) and gives back the first eight columns.
    pub fn take(
        h: &mut [f64],
        n: usize,
        c0: usize,
        c1: usize,
        refl: &[Reflector],
        scratch: &mut Vec<f64>,
    ) -> Self {
        let r0 = refl[0].row;
        let rows = c1 - r0;
        let w = c1 - c0;
        scratch.clear();
        scratch.resize(rows * HELD, 0.0);
        let done = transpose_fast::<HELD, false>(h, n, c0, w, r0, rows, scratch, 0..HELD / 8);
        for j in 0..w {
            let col = &h[r0 + (c0 + j) * n..c1 + (c0 + j) * n];
            for (i, &x) in col.iter().enumerate().skip(done) {
                scratch[i * HELD + j] = x;
            }
        }
        rows_kernel::<HELD>(scratch, r0, refl);
        let mut b = HeldBlock {
            c0,
            c1,
            r0,
            released: c0,
        };
        b.release(h, n, scratch);
        b
    }

    /// First column still held (`c1` when all are back).
    pub fn released(&self) -> usize {
        self.released
    }

    /// Applies one more reflection (rows below the first held column) to the held columns.
    pub fn apply(&self, r: &Reflector, scratch: &mut [f64]) {
        if self.released < self.c1 {
            rows_kernel::<HELD>(scratch, self.r0, std::slice::from_ref(r));
        }
    }

    /// Gives the next eight held columns (or the rest) back to `h`.
    pub fn release(&mut self, h: &mut [f64], n: usize, scratch: &mut [f64]) {
        let (a, b) = (self.released, (self.released + 8).min(self.c1));
        if a >= b {
            return;
        }
        let (r0, r1) = (self.r0, self.c1);
        let g = (a - self.c0) / 8;
        let done = if b - a == 8 {
            let w = 8 * (g + 1);
            transpose_fast::<HELD, true>(h, n, self.c0, w, r0, r1 - r0, scratch, g..g + 1)
        } else {
            0
        };
        for c in a..b {
            let j = c - self.c0;
            let col = &mut h[r0 + c * n..r1 + c * n];
            for (i, x) in col.iter_mut().enumerate().skip(done) {
                *x = scratch[i * HELD + j];
            }
        }
        self.released = b;
    }
}

/// Copies the first rows of the slab between `h` (column-major) and the row-major
/// `scratch` (`BACK`: scratch to `h`) in 8 x 8 tiles transposed in AVX-512 registers, when
/// the CPU has AVX-512. Only the 8-column groups `groups` (lanes `8 g .. 8 g + 8`, columns
/// `c + 8 g ..`) are copied, and only if they end at column `c + w`. Returns the number of
/// rows done (a multiple of 8; the caller copies the rest one entry at a time).
#[allow(clippy::too_many_arguments)]
fn transpose_fast<const W: usize, const BACK: bool>(
    h: &mut [f64],
    n: usize,
    c: usize,
    w: usize,
    r0: usize,
    rows: usize,
    scratch: &mut [f64],
    groups: std::ops::Range<usize>,
) -> usize {
    #[cfg(target_arch = "x86_64")]
    {
        if groups.end * 8 == w && w <= W && std::arch::is_x86_feature_detected!("avx512f") {
            let full = rows / 8 * 8;
            assert!((c + w - 1) * n + r0 + full <= h.len() && full * W <= scratch.len());
            // SAFETY: AVX-512F is present; the assertion bounds every access: tiles read
            // or write rows r0..r0+full of columns below c+w of `h` and rows 0..full of
            // `scratch` (W lanes each).
            unsafe { tiles_avx512::<W, BACK>(h, n, c, r0, full, scratch, groups) };
            return full;
        }
    }
    let _ = (h, n, c, w, r0, rows, scratch, groups);
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
    groups: std::ops::Range<usize>,
) {
    use std::arch::x86_64::*;
    let hp = h.as_mut_ptr();
    let sp = scratch.as_mut_ptr();
    for g in groups {
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

crate::simd_dispatch! {
    /// Dispatches to a copy of the row kernel compiled for AVX-512 or AVX2 when the CPU has
    /// it (same arithmetic, hence the same bits, in every version).
    fn rows_kernel<const W: usize>(s: &mut [f64], r0: usize, refl: &[Reflector]) => rows_generic
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

    /// A held block against the one-column form: identical bits, for a full block of 32
    /// and a short one (scalar copies), with a 2-row reflection and `tau = 0`; columns are
    /// given back eight at a time while later reflections keep arriving.
    #[test]
    fn held_block_matches_column_by_column_bit_for_bit() {
        let n = 60;
        let reflection = |k: usize| {
            let x = k as f64;
            let v = [1.0, (0.3 * x).sin(), (0.7 * x).cos() * 0.5];
            let tau = 2.0 / (1.0 + v[1] * v[1] + v[2] * v[2]);
            Reflector {
                row: k,
                v,
                len: 3,
                tau,
            }
        };
        for (c0, c1) in [(20, 52), (20, 33), (20, 25)] {
            let h0: Vec<f64> = (0..n * n)
                .map(|i| ((i * 37 % 101) as f64 - 50.0) / 17.0)
                .collect();
            // reflections 2..c0-2 before the block is taken (the bulge is at c0 - 2)
            let mut early: Vec<Reflector> = (2..c0 - 2).map(reflection).collect();
            early[5].tau = 0.0;
            early.push(Reflector {
                row: c0 - 2,
                v: [1.0, -0.4, 0.0],
                len: 2,
                tau: 2.0 / 1.16,
            });
            let mut a = h0.clone();
            let mut scratch = Vec::new();
            let mut held = HeldBlock::take(&mut a, n, c0, c1, &early, &mut scratch);
            let mut b = h0.clone();
            for c in c0..c1 {
                apply_to_column(&mut b[c * n..(c + 1) * n], &early);
            }
            // later reflections k reach the columns still held (c >= k + 3); the chase
            // gives columns back when it reaches them
            for k in c0 - 1..c1 - 3 {
                if held.released() == k + 2 {
                    held.release(&mut a, n, &mut scratch);
                }
                let r = reflection(k);
                held.apply(&r, &mut scratch);
                for c in held.released().max(k + 3)..c1 {
                    apply_to_column(&mut b[c * n..(c + 1) * n], &[r]);
                }
                // the columns already back receive it in H, as in the chase
                for c in (k + 3)..held.released() {
                    apply_to_column(&mut a[c * n..(c + 1) * n], &[r]);
                    apply_to_column(&mut b[c * n..(c + 1) * n], &[r]);
                }
            }
            while held.released() < c1 {
                held.release(&mut a, n, &mut scratch);
            }
            assert_eq!(a, b, "block {c0}..{c1}");
            assert_ne!(a, h0);
        }
    }
}
