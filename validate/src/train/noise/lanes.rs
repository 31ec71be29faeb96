//! The raw generator: four xoshiro256++ lanes (Blackman and Vigna 2018) stepped together.
//!
//! [`Portable`] steps them in plain Rust; [`Avx2Lanes`] keeps the four lanes of each state
//! row in one AVX2 register. AVX2 has no 64-bit rotate, and LLVM keeps the portable step
//! scalar under AVX2 (moving every output into a vector register), which made the noise
//! half of a training step; AVX-512 has the rotate and vectorises the portable step. Both
//! give the same bits.

/// Lanes per draw.
pub(super) const LANES: usize = 4;

/// A source of four 64-bit outputs per draw.
pub(super) trait Lanes4 {
    /// One step of the four lanes: their outputs.
    fn next4(&mut self) -> [u64; LANES];
}

/// The portable step, on the state in memory.
pub(super) struct Portable<'a>(pub(super) &'a mut [[u64; LANES]; 4]);

impl Lanes4 for Portable<'_> {
    #[inline(always)]
    fn next4(&mut self) -> [u64; LANES] {
        let s = &mut *self.0;
        let mut out = [0u64; LANES];
        for l in 0..LANES {
            let [s0, s1, s2, s3] = [s[0][l], s[1][l], s[2][l], s[3][l]];
            out[l] = s0.wrapping_add(s3).rotate_left(23).wrapping_add(s0);
            let t = s1 << 17;
            let s2 = s2 ^ s0;
            let s3 = s3 ^ s1;
            let s1 = s1 ^ s2;
            let s0 = s0 ^ s3;
            let s2 = s2 ^ t;
            let s3 = s3.rotate_left(45);
            s[0][l] = s0;
            s[1][l] = s1;
            s[2][l] = s2;
            s[3][l] = s3;
        }
        out
    }
}

#[cfg(target_arch = "x86_64")]
pub(super) use avx2::Avx2Lanes;

#[cfg(target_arch = "x86_64")]
mod avx2 {
    use super::{Lanes4, LANES};
    use std::arch::x86_64::*;

    /// The state in four AVX2 registers (one row of four lanes each). Exists only on a CPU
    /// with AVX2 ([`Avx2Lanes::load`]).
    pub(in super::super) struct Avx2Lanes {
        s: [__m256i; 4],
    }

    impl Avx2Lanes {
        /// Whether the CPU has AVX2 (cached by `std`).
        #[inline(always)]
        pub(in super::super) fn available() -> bool {
            std::arch::is_x86_feature_detected!("avx2")
        }

        /// Loads the state.
        ///
        /// # Safety
        /// The CPU must have AVX2 ([`Self::available`]).
        #[inline(always)]
        pub(in super::super) unsafe fn load(rows: &[[u64; LANES]; 4]) -> Self {
            // SAFETY: the caller guarantees AVX2.
            unsafe { Avx2Lanes { s: load(rows) } }
        }

        /// Stores the state back.
        #[inline(always)]
        pub(in super::super) fn store(self, rows: &mut [[u64; LANES]; 4]) {
            // SAFETY: an `Avx2Lanes` exists only on a CPU with AVX2 (`load`).
            unsafe { store(&self.s, rows) }
        }
    }

    impl Lanes4 for Avx2Lanes {
        #[inline(always)]
        fn next4(&mut self) -> [u64; LANES] {
            // SAFETY: an `Avx2Lanes` exists only on a CPU with AVX2 (`load`).
            unsafe { step(&mut self.s) }
        }
    }

    #[target_feature(enable = "avx2")]
    #[inline]
    fn load(rows: &[[u64; LANES]; 4]) -> [__m256i; 4] {
        // SAFETY: each row is 4 u64 = 32 bytes; the loads are unaligned.
        rows.map(|row| unsafe { _mm256_loadu_si256(row.as_ptr().cast()) })
    }

    #[target_feature(enable = "avx2")]
    #[inline]
    fn store(s: &[__m256i; 4], rows: &mut [[u64; LANES]; 4]) {
        for (v, row) in s.iter().zip(rows.iter_mut()) {
            // SAFETY: as for the loads.
            unsafe { _mm256_storeu_si256(row.as_mut_ptr().cast(), *v) };
        }
    }

    /// One xoshiro256++ step of the four lanes: their outputs, and the state updated.
    #[target_feature(enable = "avx2")]
    #[inline]
    fn step(st: &mut [__m256i; 4]) -> [u64; LANES] {
        let [s0, s1, s2, s3] = *st;
        let sum = _mm256_add_epi64(s0, s3);
        let rot = _mm256_or_si256(_mm256_slli_epi64::<23>(sum), _mm256_srli_epi64::<41>(sum));
        let out = _mm256_add_epi64(rot, s0);
        let t = _mm256_slli_epi64::<17>(s1);
        let s2 = _mm256_xor_si256(s2, s0);
        let s3 = _mm256_xor_si256(s3, s1);
        let s1 = _mm256_xor_si256(s1, s2);
        let s0 = _mm256_xor_si256(s0, s3);
        let s2 = _mm256_xor_si256(s2, t);
        let s3 = _mm256_or_si256(_mm256_slli_epi64::<45>(s3), _mm256_srli_epi64::<19>(s3));
        *st = [s0, s1, s2, s3];
        let mut o = [0u64; LANES];
        // SAFETY: `o` holds 32 bytes; the store is unaligned.
        unsafe { _mm256_storeu_si256(o.as_mut_ptr().cast(), out) };
        o
    }
}
