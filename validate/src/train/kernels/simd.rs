//! Eight lanes of arithmetic for the single-precision kernels ([`super::fast`]): `f64` as
//! two halves of four lanes ([`Simd::D`]), `f32` as one vector of eight ([`Simd::S`]).
//!
//! LLVM's loop vectoriser gives a loop that mixes `f64` and `f32` four lanes (the `f32`
//! work then runs half-empty in 128-bit registers), and its SLP vectoriser scatters an
//! eight-lane block over scalar and 128-bit code under AVX2. So the kernels are written
//! once, generic over this trait, and run on two back-ends that give the same bits:
//!
//! * [`Portable`]: plain arrays, lane by lane (any CPU; also the reference in the tests).
//! * [`Avx2`]: one AVX2 register per value, with FMA; exists only on a CPU that has both.
//!
//! Every operation is one correctly rounded IEEE operation per lane (`fma` fused), and
//! `max`/`min` follow the x86 rule (`a > b ? a : b`, so a NaN in either operand gives the
//! second), so both back-ends round alike and agree bit for bit, NaN included.

/// One back-end: the operations the single-precision kernels use.
pub(crate) trait Simd: Copy {
    /// Four `f64` lanes.
    type D: Copy;
    /// Eight `f32` lanes.
    type S: Copy;

    fn load_d(self, a: &[f64; 4]) -> Self::D;
    fn store_d(self, v: Self::D, out: &mut [f64; 4]);
    fn to_array_d(self, v: Self::D) -> [f64; 4];
    fn splat_d(self, c: f64) -> Self::D;
    fn add_d(self, a: Self::D, b: Self::D) -> Self::D;
    fn sub_d(self, a: Self::D, b: Self::D) -> Self::D;
    fn mul_d(self, a: Self::D, b: Self::D) -> Self::D;
    /// `a b + c`, fused.
    fn fma_d(self, a: Self::D, b: Self::D, c: Self::D) -> Self::D;
    fn abs_d(self, a: Self::D) -> Self::D;
    /// `a < b ? a : b`.
    fn min_d(self, a: Self::D, b: Self::D) -> Self::D;
    /// Eight `f64` to `f32`, rounded to nearest (lanes `0..4` from `lo`).
    fn narrow(self, lo: Self::D, hi: Self::D) -> Self::S;
    /// Eight `f32` to `f64` (exact).
    fn widen(self, v: Self::S) -> (Self::D, Self::D);

    fn load_s(self, a: &[f32; 8]) -> Self::S;
    fn store_s(self, v: Self::S, out: &mut [f32; 8]);
    fn splat_s(self, c: f32) -> Self::S;
    fn add_s(self, a: Self::S, b: Self::S) -> Self::S;
    fn sub_s(self, a: Self::S, b: Self::S) -> Self::S;
    fn mul_s(self, a: Self::S, b: Self::S) -> Self::S;
    fn div_s(self, a: Self::S, b: Self::S) -> Self::S;
    /// `a b + c`, fused.
    fn fma_s(self, a: Self::S, b: Self::S, c: Self::S) -> Self::S;
    /// `a > b ? a : b`.
    fn max_s(self, a: Self::S, b: Self::S) -> Self::S;
    /// `a < b ? a : b`.
    fn min_s(self, a: Self::S, b: Self::S) -> Self::S;
    /// The magnitude of `mag` with the sign bit of `sign`.
    fn copysign_s(self, mag: Self::S, sign: Self::S) -> Self::S;
    /// `2^n` for `t = n + 1.5 * 2^23` with integral `n` in `[-126, 127]`: the low bits of
    /// `t` are `n`, so `(bits(t) + 127) << 23` are the bits of `2^n`.
    fn pow2_s(self, t: Self::S) -> Self::S;
}

/// Lane by lane on arrays.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Portable;

/// `f32` bits of `2^n` from `t = n + 1.5 * 2^23` (see [`Simd::pow2_s`]).
#[inline(always)]
fn pow2_bits(t: f32) -> f32 {
    f32::from_bits(t.to_bits().wrapping_add(127) << 23)
}

impl Simd for Portable {
    type D = [f64; 4];
    type S = [f32; 8];

    #[inline(always)]
    fn load_d(self, a: &[f64; 4]) -> [f64; 4] {
        *a
    }
    #[inline(always)]
    fn store_d(self, v: [f64; 4], out: &mut [f64; 4]) {
        *out = v;
    }
    #[inline(always)]
    fn to_array_d(self, v: [f64; 4]) -> [f64; 4] {
        v
    }
    #[inline(always)]
    fn splat_d(self, c: f64) -> [f64; 4] {
        [c; 4]
    }
    #[inline(always)]
    fn add_d(self, a: [f64; 4], b: [f64; 4]) -> [f64; 4] {
        std::array::from_fn(|l| a[l] + b[l])
    }
    #[inline(always)]
    fn sub_d(self, a: [f64; 4], b: [f64; 4]) -> [f64; 4] {
        std::array::from_fn(|l| a[l] - b[l])
    }
    #[inline(always)]
    fn mul_d(self, a: [f64; 4], b: [f64; 4]) -> [f64; 4] {
        std::array::from_fn(|l| a[l] * b[l])
    }
    #[inline(always)]
    fn fma_d(self, a: [f64; 4], b: [f64; 4], c: [f64; 4]) -> [f64; 4] {
        std::array::from_fn(|l| a[l].mul_add(b[l], c[l]))
    }
    #[inline(always)]
    fn abs_d(self, a: [f64; 4]) -> [f64; 4] {
        a.map(f64::abs)
    }
    #[inline(always)]
    fn min_d(self, a: [f64; 4], b: [f64; 4]) -> [f64; 4] {
        std::array::from_fn(|l| if a[l] < b[l] { a[l] } else { b[l] })
    }
    #[inline(always)]
    fn narrow(self, lo: [f64; 4], hi: [f64; 4]) -> [f32; 8] {
        std::array::from_fn(|l| {
            if l < 4 {
                lo[l] as f32
            } else {
                hi[l - 4] as f32
            }
        })
    }
    #[inline(always)]
    fn widen(self, v: [f32; 8]) -> ([f64; 4], [f64; 4]) {
        (
            std::array::from_fn(|l| f64::from(v[l])),
            std::array::from_fn(|l| f64::from(v[l + 4])),
        )
    }
    #[inline(always)]
    fn load_s(self, a: &[f32; 8]) -> [f32; 8] {
        *a
    }
    #[inline(always)]
    fn store_s(self, v: [f32; 8], out: &mut [f32; 8]) {
        *out = v;
    }
    #[inline(always)]
    fn splat_s(self, c: f32) -> [f32; 8] {
        [c; 8]
    }
    #[inline(always)]
    fn add_s(self, a: [f32; 8], b: [f32; 8]) -> [f32; 8] {
        std::array::from_fn(|l| a[l] + b[l])
    }
    #[inline(always)]
    fn sub_s(self, a: [f32; 8], b: [f32; 8]) -> [f32; 8] {
        std::array::from_fn(|l| a[l] - b[l])
    }
    #[inline(always)]
    fn mul_s(self, a: [f32; 8], b: [f32; 8]) -> [f32; 8] {
        std::array::from_fn(|l| a[l] * b[l])
    }
    #[inline(always)]
    fn div_s(self, a: [f32; 8], b: [f32; 8]) -> [f32; 8] {
        std::array::from_fn(|l| a[l] / b[l])
    }
    #[inline(always)]
    fn fma_s(self, a: [f32; 8], b: [f32; 8], c: [f32; 8]) -> [f32; 8] {
        std::array::from_fn(|l| a[l].mul_add(b[l], c[l]))
    }
    #[inline(always)]
    fn max_s(self, a: [f32; 8], b: [f32; 8]) -> [f32; 8] {
        std::array::from_fn(|l| if a[l] > b[l] { a[l] } else { b[l] })
    }
    #[inline(always)]
    fn min_s(self, a: [f32; 8], b: [f32; 8]) -> [f32; 8] {
        std::array::from_fn(|l| if a[l] < b[l] { a[l] } else { b[l] })
    }
    #[inline(always)]
    fn copysign_s(self, mag: [f32; 8], sign: [f32; 8]) -> [f32; 8] {
        std::array::from_fn(|l| mag[l].copysign(sign[l]))
    }
    #[inline(always)]
    fn pow2_s(self, t: [f32; 8]) -> [f32; 8] {
        t.map(pow2_bits)
    }
}

#[cfg(target_arch = "x86_64")]
pub(crate) use avx2::Avx2;

#[cfg(target_arch = "x86_64")]
mod avx2 {
    use super::Simd;
    use std::arch::x86_64::*;

    /// AVX2 and FMA registers. A value exists only on a CPU with both ([`Avx2::new`]), so
    /// its safe methods may call the intrinsics. They are `#[inline(always)]`: called from
    /// a function compiled with AVX2 and FMA (`oblique_theory::simd_dispatch!`, or
    /// [`super::super::fast`]'s entry points), each becomes one instruction.
    #[derive(Debug, Clone, Copy)]
    pub(crate) struct Avx2(());

    impl Avx2 {
        /// The back-end, if the CPU has AVX2 and FMA (cached by `std`).
        #[inline(always)]
        pub(crate) fn new() -> Option<Self> {
            (std::arch::is_x86_feature_detected!("avx2")
                && std::arch::is_x86_feature_detected!("fma"))
            .then_some(Avx2(()))
        }
    }

    // SAFETY (every `unsafe` block below): `self` proves the CPU has AVX2 and FMA; loads
    // and stores are unaligned and stay within the array references they are given.
    impl Simd for Avx2 {
        type D = __m256d;
        type S = __m256;

        #[inline(always)]
        fn load_d(self, a: &[f64; 4]) -> __m256d {
            unsafe { _mm256_loadu_pd(a.as_ptr()) }
        }
        #[inline(always)]
        fn store_d(self, v: __m256d, out: &mut [f64; 4]) {
            unsafe { _mm256_storeu_pd(out.as_mut_ptr(), v) }
        }
        #[inline(always)]
        fn to_array_d(self, v: __m256d) -> [f64; 4] {
            let mut out = [0.0; 4];
            self.store_d(v, &mut out);
            out
        }
        #[inline(always)]
        fn splat_d(self, c: f64) -> __m256d {
            unsafe { _mm256_set1_pd(c) }
        }
        #[inline(always)]
        fn add_d(self, a: __m256d, b: __m256d) -> __m256d {
            unsafe { _mm256_add_pd(a, b) }
        }
        #[inline(always)]
        fn sub_d(self, a: __m256d, b: __m256d) -> __m256d {
            unsafe { _mm256_sub_pd(a, b) }
        }
        #[inline(always)]
        fn mul_d(self, a: __m256d, b: __m256d) -> __m256d {
            unsafe { _mm256_mul_pd(a, b) }
        }
        #[inline(always)]
        fn fma_d(self, a: __m256d, b: __m256d, c: __m256d) -> __m256d {
            unsafe { _mm256_fmadd_pd(a, b, c) }
        }
        #[inline(always)]
        fn abs_d(self, a: __m256d) -> __m256d {
            unsafe { _mm256_andnot_pd(_mm256_set1_pd(-0.0), a) }
        }
        #[inline(always)]
        fn min_d(self, a: __m256d, b: __m256d) -> __m256d {
            unsafe { _mm256_min_pd(a, b) }
        }
        #[inline(always)]
        fn narrow(self, lo: __m256d, hi: __m256d) -> __m256 {
            unsafe { _mm256_set_m128(_mm256_cvtpd_ps(hi), _mm256_cvtpd_ps(lo)) }
        }
        #[inline(always)]
        fn widen(self, v: __m256) -> (__m256d, __m256d) {
            unsafe {
                (
                    _mm256_cvtps_pd(_mm256_castps256_ps128(v)),
                    _mm256_cvtps_pd(_mm256_extractf128_ps::<1>(v)),
                )
            }
        }
        #[inline(always)]
        fn load_s(self, a: &[f32; 8]) -> __m256 {
            unsafe { _mm256_loadu_ps(a.as_ptr()) }
        }
        #[inline(always)]
        fn store_s(self, v: __m256, out: &mut [f32; 8]) {
            unsafe { _mm256_storeu_ps(out.as_mut_ptr(), v) }
        }
        #[inline(always)]
        fn splat_s(self, c: f32) -> __m256 {
            unsafe { _mm256_set1_ps(c) }
        }
        #[inline(always)]
        fn add_s(self, a: __m256, b: __m256) -> __m256 {
            unsafe { _mm256_add_ps(a, b) }
        }
        #[inline(always)]
        fn sub_s(self, a: __m256, b: __m256) -> __m256 {
            unsafe { _mm256_sub_ps(a, b) }
        }
        #[inline(always)]
        fn mul_s(self, a: __m256, b: __m256) -> __m256 {
            unsafe { _mm256_mul_ps(a, b) }
        }
        #[inline(always)]
        fn div_s(self, a: __m256, b: __m256) -> __m256 {
            unsafe { _mm256_div_ps(a, b) }
        }
        #[inline(always)]
        fn fma_s(self, a: __m256, b: __m256, c: __m256) -> __m256 {
            unsafe { _mm256_fmadd_ps(a, b, c) }
        }
        #[inline(always)]
        fn max_s(self, a: __m256, b: __m256) -> __m256 {
            unsafe { _mm256_max_ps(a, b) }
        }
        #[inline(always)]
        fn min_s(self, a: __m256, b: __m256) -> __m256 {
            unsafe { _mm256_min_ps(a, b) }
        }
        #[inline(always)]
        fn copysign_s(self, mag: __m256, sign: __m256) -> __m256 {
            unsafe {
                let s = _mm256_set1_ps(-0.0);
                _mm256_or_ps(_mm256_andnot_ps(s, mag), _mm256_and_ps(s, sign))
            }
        }
        #[inline(always)]
        fn pow2_s(self, t: __m256) -> __m256 {
            unsafe {
                let b = _mm256_add_epi32(_mm256_castps_si256(t), _mm256_set1_epi32(127));
                _mm256_castsi256_ps(_mm256_slli_epi32::<23>(b))
            }
        }
    }
}
