//! [`super::outputs`] in f32 on AVX2 and FMA, eight rows of states at a time (the module
//! exists on x86_64 only): each
//! `8 x 8` block of the states is transposed in registers, so that one vector holds one
//! column of eight rows and the eight sums along `k` (one per row) advance together, in
//! the order of the module docs' formula.

use std::arch::x86_64::*;

/// The most outputs of one call (one accumulator vector each).
pub(super) const MAX_D: usize = 4;
/// The rows of states of one call's blocks (one vector of f32 per column).
pub(super) const ROWS: usize = 8;

/// The transpose of the `8 x 8` block of `x` (row stride `n`) at row 0, column `j0`: the
/// result's vector `c` holds column `j0 + c` of the eight rows.
///
/// # Safety
/// AVX2 must be available; `x` must hold rows 0-7 of columns `j0 .. j0 + 8` at stride `n`.
#[target_feature(enable = "avx2,fma")]
#[inline]
unsafe fn transpose8(x: *const f32, n: usize, j0: usize) -> [__m256; 8] {
    let r: [__m256; 8] = std::array::from_fn(|i| unsafe { _mm256_loadu_ps(x.add(i * n + j0)) });
    let t0 = _mm256_unpacklo_ps(r[0], r[1]);
    let t1 = _mm256_unpackhi_ps(r[0], r[1]);
    let t2 = _mm256_unpacklo_ps(r[2], r[3]);
    let t3 = _mm256_unpackhi_ps(r[2], r[3]);
    let t4 = _mm256_unpacklo_ps(r[4], r[5]);
    let t5 = _mm256_unpackhi_ps(r[4], r[5]);
    let t6 = _mm256_unpacklo_ps(r[6], r[7]);
    let t7 = _mm256_unpackhi_ps(r[6], r[7]);
    let u0 = _mm256_shuffle_ps::<0x44>(t0, t2);
    let u1 = _mm256_shuffle_ps::<0xEE>(t0, t2);
    let u2 = _mm256_shuffle_ps::<0x44>(t1, t3);
    let u3 = _mm256_shuffle_ps::<0xEE>(t1, t3);
    let u4 = _mm256_shuffle_ps::<0x44>(t4, t6);
    let u5 = _mm256_shuffle_ps::<0xEE>(t4, t6);
    let u6 = _mm256_shuffle_ps::<0x44>(t5, t7);
    let u7 = _mm256_shuffle_ps::<0xEE>(t5, t7);
    [
        _mm256_permute2f128_ps::<0x20>(u0, u4),
        _mm256_permute2f128_ps::<0x20>(u1, u5),
        _mm256_permute2f128_ps::<0x20>(u2, u6),
        _mm256_permute2f128_ps::<0x20>(u3, u7),
        _mm256_permute2f128_ps::<0x31>(u0, u4),
        _mm256_permute2f128_ps::<0x31>(u1, u5),
        _mm256_permute2f128_ps::<0x31>(u2, u6),
        _mm256_permute2f128_ps::<0x31>(u3, u7),
    ]
}

/// `s_o = fma(x_j, w_oj, s_o)` for the columns `j` of one block along `k` (`k0 .. k1`) of
/// eight rows at `x` (row stride `n`), `o < d`: whole `8 x 8` blocks transposed in
/// registers, then the last columns one lane at a time, in order.
///
/// # Safety
/// AVX2 and FMA must be available; `x` must hold 8 rows of `n` values, `w_out` `d x n`.
#[target_feature(enable = "avx2,fma")]
unsafe fn block_sums(
    x: *const f32,
    n: usize,
    d: usize,
    w_out: &[f32],
    k0: usize,
    k1: usize,
) -> [[f32; 8]; MAX_D] {
    let mut s = [_mm256_setzero_ps(); MAX_D];
    let mut j0 = k0;
    while j0 + 8 <= k1 {
        let cols = unsafe { transpose8(x, n, j0) };
        for (o, so) in s.iter_mut().enumerate().take(d) {
            let w = &w_out[o * n + j0..o * n + j0 + 8];
            for (c, &wj) in cols.iter().zip(w) {
                *so = _mm256_fmadd_ps(*c, _mm256_set1_ps(wj), *so);
            }
        }
        j0 += 8;
    }
    let mut out = [[0.0f32; 8]; MAX_D];
    for (o, so) in s.iter().enumerate().take(d) {
        unsafe { _mm256_storeu_ps(out[o].as_mut_ptr(), *so) };
        for j in j0..k1 {
            let wj = w_out[o * n + j];
            for (i, v) in out[o].iter_mut().enumerate() {
                *v = unsafe { *x.add(i * n + j) }.mul_add(wj, *v);
            }
        }
    }
    out
}

/// [`super::outputs`] of `rows` rows (a multiple of [`ROWS`]) and `d <= MAX_D` outputs.
///
/// # Safety
/// AVX2 and FMA must be available; `x` must hold `rows x n`, `w_out` `d x n` and `z`
/// `rows x d` values.
#[target_feature(enable = "avx2,fma")]
pub(super) unsafe fn outputs_rows8(
    rows: usize,
    n: usize,
    d: usize,
    x: &[f32],
    w_out: &[f32],
    z: &mut [f32],
) {
    debug_assert!(
        rows.is_multiple_of(ROWS) && d <= MAX_D && x.len() >= rows * n && z.len() >= rows * d
    );
    for r0 in (0..rows).step_by(ROWS) {
        let xr = x[r0 * n..].as_ptr();
        for (b, k0) in (0..n).step_by(super::KC).enumerate() {
            let s = unsafe { block_sums(xr, n, d, w_out, k0, (k0 + super::KC).min(n)) };
            for (o, so) in s.iter().enumerate().take(d) {
                for (i, &sv) in so.iter().enumerate() {
                    super::add_block(&mut z[(r0 + i) * d + o], sv, b == 0);
                }
            }
        }
    }
}
