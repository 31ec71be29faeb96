//! The products of a training step with the readout `W_out` (`d x N`, `d` = 1-3 outputs):
//! the outputs `Z = X W_out^T`, the output gradient `E^T X` and the errors' push
//! `E W_out` into the adjoint ([`super::bptt`]), with `matrixmultiply`'s rounding, element
//! for element, but without its packing.
//!
//! `matrixmultiply` packs the whole state tape (`T M x N`) for each of the first two, only
//! to fill `8 x 8` tiles of which `d` rows or columns are used: about a tenth of a training
//! step at `N = 128` (perf, f32). Here the sums run along rows of the tape as they lie in
//! memory. For `alpha = 1` the fused AVX2 kernels of `matrixmultiply` 0.3 (tiles `8 x 8`
//! in f32, `8 x 4` in f64) compute
//!
//! ```text
//! s_b  = fma(a_ik, b_kj, s_b)  over k in block b in order, from s_b = +0
//!        (blocks KC = 256 long along k);
//! c    = s_0 (beta = 0) or c + s_0 (beta = 1), then c = c + s_b for b = 1, 2, ...
//! ```
//!
//! whether the element's tile is full (`c = fma(1, s_b, beta c)`) or partial (the tile is
//! computed into a buffer with `C = 0`, then `c = beta c + buf`): the two differ only in
//! adding `+0` to `s_b`, which is never `-0` (it starts at `+0`, and `+0` plus a product
//! `-0` is `+0`). These functions compute that on a CPU whose `matrixmultiply` takes those
//! kernels ([`Isa::Avx2`]; the outputs in f32 only, with at most 4 outputs); elsewhere
//! they call [`gemm`] (an AVX-512 CPU's `matrixmultiply` tiles differently). The tests
//! check them against [`gemm`] bit for bit, zeros and signs of zero included.
//!
//! ```
//! use oblique_validate::rnn::readout::outputs;
//! use oblique_validate::rnn::real::{gemm, Mat};
//! let (rows, n, d) = (37, 300, 2);
//! let x: Vec<f32> = (0..rows * n).map(|i| (i as f32 * 0.37).sin()).collect();
//! let w_out: Vec<f32> = (0..d * n).map(|i| (i as f32 * 0.11).cos()).collect();
//! let (mut z1, mut z2) = (vec![0.0f32; rows * d], vec![0.0f32; rows * d]);
//! outputs(rows, n, d, &x, &w_out, &mut z1);
//! gemm(rows, n, d, 1.0, Mat::rows(&x, n), Mat::rows_t(&w_out, n), 0.0, &mut z2);
//! assert_eq!(z1, z2);
//! ```

use super::packed::Isa;
use super::real::{gemm, Mat, Real};
use std::any::TypeId;

#[cfg(target_arch = "x86_64")]
#[path = "readout_avx2.rs"]
mod avx2;

/// `matrixmultiply`'s block length along `k` (`S_KC` = `D_KC` = 256).
const KC: usize = 256;
/// The rows of the states read at once by [`outputs`].
const LANES: usize = 8;

/// Whether this CPU's `matrixmultiply` runs the fused AVX2 kernels these functions follow.
fn follows_avx2() -> bool {
    Isa::detect() == Some(Isa::Avx2)
}

/// The outputs `Z = X W_out^T` (`rows x d`) of the states `X` (`rows x n`, row-major) and
/// the readout `W_out` (`d x n`, row-major): `z_ro = sum_j x_rj w_oj`, equal bit for bit to
/// [`gemm`] with `alpha = 1` and `beta = 0`.
///
/// Panics if a slice is too short (an internal invariant).
pub fn outputs<R: Real>(rows: usize, n: usize, d: usize, x: &[R], w_out: &[R], z: &mut [R]) {
    assert!(x.len() >= rows * n && w_out.len() >= d * n && z.len() >= rows * d);
    #[cfg(target_arch = "x86_64")]
    if let (true, Some(x32), Some(w32), Some(z32)) = (
        follows_avx2() && n > 0 && d <= avx2::MAX_D,
        as_f32(x),
        as_f32(w_out),
        as_f32_mut(z),
    ) {
        let full = rows / avx2::ROWS * avx2::ROWS;
        // SAFETY: the CPU has AVX2 and FMA (`follows_avx2`); the lengths are asserted above
        unsafe { avx2::outputs_rows8(full, n, d, x32, w32, z32) };
        outputs_avx2(
            rows - full,
            n,
            d,
            &x32[full * n..],
            w32,
            &mut z32[full * d..],
        );
        return;
    }
    gemm(
        rows,
        n,
        d,
        R::of(1.0),
        Mat::rows(x, n),
        Mat::rows_t(w_out, n),
        R::default(),
        z,
    )
}

/// `v` as `f32` values, if `R` is `f32`.
fn as_f32<R: Real>(v: &[R]) -> Option<&[f32]> {
    // SAFETY: R is f32 (same type), so the cast is the identity
    (TypeId::of::<R>() == TypeId::of::<f32>())
        .then(|| unsafe { std::slice::from_raw_parts(v.as_ptr().cast::<f32>(), v.len()) })
}

/// [`as_f32`] of a mutable slice.
fn as_f32_mut<R: Real>(v: &mut [R]) -> Option<&mut [f32]> {
    // SAFETY: R is f32 (same type), so the cast is the identity
    (TypeId::of::<R>() == TypeId::of::<f32>())
        .then(|| unsafe { std::slice::from_raw_parts_mut(v.as_mut_ptr().cast::<f32>(), v.len()) })
}

/// The output gradient `G = E^T X` (`d x n`) of the errors `E` (`rows x d`) and the states
/// `X` (`rows x n`), both row-major: `g_oj = sum_r e_ro x_rj`, equal bit for bit to
/// [`gemm`] with `alpha = 1` and `beta = 0`.
///
/// Panics if a slice is too short (an internal invariant).
pub fn output_gradient<R: Real>(rows: usize, d: usize, n: usize, e: &[R], x: &[R], g: &mut [R]) {
    assert!(e.len() >= rows * d && x.len() >= rows * n && g.len() >= d * n);
    if follows_avx2() && rows > 0 {
        gradient_avx2(rows, d, n, e, x, g)
    } else {
        gemm(
            d,
            rows,
            n,
            R::of(1.0),
            Mat::rows_t(e, d),
            Mat::rows(x, n),
            R::default(),
            g,
        )
    }
}

/// The errors' push `A = E W_out` (`add`: `A = A + E W_out`) of the errors `E` (`m x d`)
/// through the readout `W_out` (`d x n`) into `A` (`m x n`), all row-major, equal bit for
/// bit to [`gemm`] with `alpha = 1` and `beta = 0` or `1`.
///
/// Panics if a slice is too short (an internal invariant).
pub fn push_errors<R: Real>(
    m: usize,
    d: usize,
    n: usize,
    e: &[R],
    w_out: &[R],
    add: bool,
    a: &mut [R],
) {
    assert!(e.len() >= m * d && w_out.len() >= d * n && a.len() >= m * n);
    if follows_avx2() && (1..=KC).contains(&d) {
        push_avx2(m, d, n, e, w_out, add, a)
    } else {
        let beta = R::of(if add { 1.0 } else { 0.0 });
        gemm(
            m,
            d,
            n,
            R::of(1.0),
            Mat::rows(e, d),
            Mat::rows(w_out, n),
            beta,
            a,
        )
    }
}

/// Sets `c` to the sum `s` of the first block along k (`first`, with `beta = 0`), else
/// adds it.
#[inline(always)]
fn add_block<R: Real>(c: &mut R, s: R, first: bool) {
    *c = if first { s } else { *c + s };
}

#[inline(always)]
fn outputs_impl(rows: usize, n: usize, d: usize, x: &[f32], w_out: &[f32], z: &mut [f32]) {
    // the states of LANES rows are read at once
    for r0 in (0..rows).step_by(LANES) {
        let l = LANES.min(rows - r0);
        for o in 0..d {
            let w = &w_out[o * n..(o + 1) * n];
            for (b, k0) in (0..n).step_by(KC).enumerate() {
                let mut s = [0.0f32; LANES];
                for (j, &wj) in w.iter().enumerate().take((k0 + KC).min(n)).skip(k0) {
                    for (i, sv) in s.iter_mut().enumerate().take(l) {
                        *sv = x[(r0 + i) * n + j].mul_add(wj, *sv);
                    }
                }
                for (i, &sv) in s.iter().enumerate().take(l) {
                    add_block(&mut z[(r0 + i) * d + o], sv, b == 0);
                }
            }
        }
    }
}

#[inline(always)]
fn gradient_impl<R: Real>(rows: usize, d: usize, n: usize, e: &[R], x: &[R], g: &mut [R]) {
    // a block's sums accumulate along the tape's rows
    let mut s = vec![R::default(); d * n];
    for (b, r0) in (0..rows).step_by(KC).enumerate() {
        s.fill(R::default());
        for r in r0..(r0 + KC).min(rows) {
            let xr = &x[r * n..(r + 1) * n];
            for (o, so) in s.chunks_exact_mut(n).enumerate() {
                let er = e[r * d + o];
                for (sv, &xv) in so.iter_mut().zip(xr) {
                    *sv = er.mul_add(xv, *sv);
                }
            }
        }
        for (gv, &sv) in g.iter_mut().zip(&s) {
            add_block(gv, sv, b == 0);
        }
    }
}

#[inline(always)]
fn push_impl<R: Real>(m: usize, d: usize, n: usize, e: &[R], w_out: &[R], add: bool, a: &mut [R]) {
    // one block along k = d
    let mut s = vec![R::default(); n];
    for (i, ai) in a.chunks_exact_mut(n).take(m).enumerate() {
        s.fill(R::default());
        for (o, w) in w_out.chunks_exact(n).take(d).enumerate() {
            let ev = e[i * d + o];
            for (sv, &wv) in s.iter_mut().zip(w) {
                *sv = ev.mul_add(wv, *sv);
            }
        }
        for (c, &sv) in ai.iter_mut().zip(&s) {
            add_block(c, sv, !add);
        }
    }
}

oblique_theory::simd_dispatch! {
    /// [`outputs`] of the rows past the last multiple of 8, compiled for the CPU's SIMD
    /// width.
    fn outputs_avx2(rows: usize, n: usize, d: usize, x: &[f32], w_out: &[f32], z: &mut [f32])
        => outputs_impl
}

oblique_theory::simd_dispatch! {
    /// [`output_gradient`] on the fused AVX2 arithmetic, compiled for the CPU's SIMD width.
    fn gradient_avx2<R: Real>(rows: usize, d: usize, n: usize, e: &[R], x: &[R], g: &mut [R])
        => gradient_impl
}

oblique_theory::simd_dispatch! {
    /// [`push_errors`] on the fused AVX2 arithmetic, compiled for the CPU's SIMD width.
    fn push_avx2<R: Real>(m: usize, d: usize, n: usize, e: &[R], w_out: &[R], add: bool, a: &mut [R])
        => push_impl
}

#[cfg(test)]
#[path = "readout_tests.rs"]
mod tests;
