//! Seeded noise for training: one independent, reproducible stream per trial.
//!
//! The Euler-Maruyama increment of theory notes section 1 is `sqrt(2 dt) sigma xi` with
//! `xi ~ N(0, I)`. Each trial of each training step draws from its own xoshiro256++
//! stream, seeded by SplitMix64 from `(seed, step, trial)`, so results do not depend on
//! how rayon schedules the trials, and the backward pass can rely on the forward pass's
//! stored states (the noise realisation is fixed by the seed).
//!
//! Normals come from a Box-Muller transform written so that LLVM vectorises it: blocks of
//! uniforms from four interleaved xoshiro lanes, `sqrt(-2 ln u1)` and `(cos, sin)(2 pi u2)`
//! with polynomial `ln`/`sin`/`cos` accurate to about `1e-12` (tested against `std`).

/// SplitMix64 step (Steele, Lea and Flood 2014): used only to expand seeds.
#[inline]
pub fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Mixes a seed with a training step and a trial index into one 64-bit stream seed.
pub fn stream_seed(seed: u64, step: u64, trial: u64) -> u64 {
    let mut s = seed ^ 0x6A09_E667_F3BC_C908;
    let a = splitmix64(&mut s);
    let mut s = a ^ step.wrapping_mul(0xD1B5_4A32_D192_ED03);
    let b = splitmix64(&mut s);
    let mut s = b ^ trial.wrapping_mul(0x8CB9_2BA7_2F3D_8DD7);
    splitmix64(&mut s)
}

const LANES: usize = 4;

/// Four interleaved xoshiro256++ generators (Blackman and Vigna 2018), state stored as
/// structure of arrays so the update vectorises.
#[derive(Debug, Clone)]
pub struct NormalStream {
    s: [[u64; LANES]; 4],
}

impl NormalStream {
    /// A stream seeded from one 64-bit seed (see [`stream_seed`]).
    pub fn new(seed: u64) -> Self {
        let mut sm = seed;
        let mut s = [[0u64; LANES]; 4];
        for lane in 0..LANES {
            for row in s.iter_mut() {
                row[lane] = splitmix64(&mut sm);
            }
        }
        NormalStream { s }
    }

    /// Four raw 64-bit outputs, one per lane (the portable path; `avx2::fill` runs the same
    /// generator in one vector register).
    #[inline(always)]
    fn next4(&mut self) -> [u64; LANES] {
        let mut out = [0u64; LANES];
        for l in 0..LANES {
            let [s0, s1, s2, s3] = [self.s[0][l], self.s[1][l], self.s[2][l], self.s[3][l]];
            out[l] = s0.wrapping_add(s3).rotate_left(23).wrapping_add(s0);
            let t = s1 << 17;
            let s2 = s2 ^ s0;
            let s3 = s3 ^ s1;
            let s1 = s1 ^ s2;
            let s0 = s0 ^ s3;
            let s2 = s2 ^ t;
            let s3 = s3.rotate_left(45);
            self.s[0][l] = s0;
            self.s[1][l] = s1;
            self.s[2][l] = s2;
            self.s[3][l] = s3;
        }
        out
    }

    /// Fills `out` with independent standard normals times `scale`, with AVX2 when the CPU
    /// has it (`avx2::fill`, the same bits).
    pub fn fill_scaled(&mut self, out: &mut [f64], scale: f64) {
        fill_dispatch(self, out, scale)
    }

    /// [`Self::fill_scaled`], inlined into the caller (for kernels compiled with AVX2).
    #[inline(always)]
    pub fn fill_inline(&mut self, out: &mut [f64], scale: f64) {
        let mut chunks = out.chunks_exact_mut(2 * LANES);
        for c in &mut chunks {
            let a = self.next4();
            let b = self.next4();
            let (z0, z1) = box_muller4(a, b);
            for l in 0..LANES {
                c[l] = scale * z0[l];
                c[LANES + l] = scale * z1[l];
            }
        }
        let rest = chunks.into_remainder();
        if !rest.is_empty() {
            let a = self.next4();
            let b = self.next4();
            let (z0, z1) = box_muller4(a, b);
            for (i, r) in rest.iter_mut().enumerate() {
                *r = scale * if i < LANES { z0[i] } else { z1[i - LANES] };
            }
        }
    }
}

/// Fills `out` through `avx2::fill` when the CPU has AVX2 and FMA, else through the
/// portable [`NormalStream::fill_inline`]; both give the same bits.
fn fill_dispatch(s: &mut NormalStream, out: &mut [f64], scale: f64) {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma") {
        // SAFETY: the CPU has AVX2 and FMA (checked just above).
        unsafe { avx2::fill(s, out, scale) };
        return;
    }
    s.fill_inline(out, scale)
}

/// The generator with its four lanes in one AVX2 register. AVX2 has no 64-bit rotate, and
/// LLVM kept the portable [`NormalStream::next4`] scalar under AVX2 (moving every output
/// into a vector register), which made the noise half of a training step; AVX-512 has the
/// rotate and vectorises it.
#[cfg(target_arch = "x86_64")]
mod avx2 {
    use super::{box_muller4, NormalStream, LANES};
    use std::arch::x86_64::*;

    /// One xoshiro256++ step of the four lanes: their outputs, and the state updated.
    #[target_feature(enable = "avx2")]
    #[inline]
    fn next4(st: &mut [__m256i; 4]) -> [u64; LANES] {
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

    /// [`NormalStream::fill_inline`] with [`next4`].
    ///
    /// # Safety
    /// The CPU must have AVX2 and FMA.
    #[target_feature(enable = "avx2,fma")]
    pub(super) unsafe fn fill(s: &mut NormalStream, out: &mut [f64], scale: f64) {
        let mut st = [_mm256_setzero_si256(); 4];
        for (v, row) in st.iter_mut().zip(&s.s) {
            // SAFETY: each row of the state is 4 u64 = 32 bytes; the load is unaligned.
            *v = unsafe { _mm256_loadu_si256(row.as_ptr().cast()) };
        }
        // two chunks of 8 per iteration: two independent sqrt/div chains in flight
        let mut pairs = out.chunks_exact_mut(4 * LANES);
        for c in &mut pairs {
            let (a, b) = (next4(&mut st), next4(&mut st));
            let (a2, b2) = (next4(&mut st), next4(&mut st));
            let (z0, z1) = box_muller4(a, b);
            let (z2, z3) = box_muller4(a2, b2);
            for l in 0..LANES {
                c[l] = scale * z0[l];
                c[LANES + l] = scale * z1[l];
                c[2 * LANES + l] = scale * z2[l];
                c[3 * LANES + l] = scale * z3[l];
            }
        }
        let mut chunks = pairs.into_remainder().chunks_exact_mut(2 * LANES);
        for c in &mut chunks {
            let a = next4(&mut st);
            let b = next4(&mut st);
            let (z0, z1) = box_muller4(a, b);
            for l in 0..LANES {
                c[l] = scale * z0[l];
                c[LANES + l] = scale * z1[l];
            }
        }
        let rest = chunks.into_remainder();
        if !rest.is_empty() {
            let a = next4(&mut st);
            let b = next4(&mut st);
            let (z0, z1) = box_muller4(a, b);
            for (i, r) in rest.iter_mut().enumerate() {
                *r = scale * if i < LANES { z0[i] } else { z1[i - LANES] };
            }
        }
        for (v, row) in st.iter().zip(s.s.iter_mut()) {
            // SAFETY: as for the loads.
            unsafe { _mm256_storeu_si256(row.as_mut_ptr().cast(), *v) };
        }
    }
}

/// Uniform in [0, 1) from the top 52 bits (as the mantissa of a number in [1, 2)).
#[inline(always)]
fn unit(x: u64) -> f64 {
    f64::from_bits(0x3ff0_0000_0000_0000 | (x >> 12)) - 1.0
}

/// Uniform in (0, 1): [`unit`] plus half a step, so that `ln` is finite.
#[inline(always)]
fn open_unit(x: u64) -> f64 {
    unit(x) + f64::EPSILON * 0.5
}

/// `round(v)` for `|v| < 2^51`, branch-free and vectorisable without SSE4.1.
#[inline(always)]
pub(crate) fn round_magic(v: f64) -> f64 {
    const MAGIC: f64 = 6_755_399_441_055_744.0; // 1.5 * 2^52
    (v + MAGIC) - MAGIC
}

#[inline(always)]
fn box_muller4(a: [u64; LANES], b: [u64; LANES]) -> ([f64; LANES], [f64; LANES]) {
    let mut z0 = [0.0; LANES];
    let mut z1 = [0.0; LANES];
    for l in 0..LANES {
        let r = (-2.0 * ln_unit(open_unit(a[l]))).sqrt();
        let (s, c) = sincos_turn(unit(b[l]));
        z0[l] = r * c;
        z1[l] = r * s;
    }
    (z0, z1)
}

/// `1 / (2k + 1)`, `k = 0..=8`: the series `atanh(f) / f = sum_k f^(2k) / (2k + 1)`.
const LN_ATANH: [f64; 9] = [
    1.0,
    1.0 / 3.0,
    1.0 / 5.0,
    1.0 / 7.0,
    1.0 / 9.0,
    1.0 / 11.0,
    1.0 / 13.0,
    1.0 / 15.0,
    1.0 / 17.0,
];

/// `(-1)^k / (2k + 3)!`, `k = 0..=5`: `(x - sin x) / x^3 = sum_k c_k x^(2k)`.
const SIN_TAYLOR: [f64; 6] = [
    1.0 / 6.0,
    -1.0 / 120.0,
    1.0 / 5040.0,
    -1.0 / 362_880.0,
    1.0 / 39_916_800.0,
    -1.0 / 6_227_020_800.0,
];

/// `(-1)^(k+1) / (2k + 2)!`, `k = 0..=6`: `(cos x - 1) / x^2 = sum_k c_k x^(2k)`.
const COS_TAYLOR: [f64; 7] = [
    -0.5,
    1.0 / 24.0,
    -1.0 / 720.0,
    1.0 / 40_320.0,
    -1.0 / 3_628_800.0,
    1.0 / 479_001_600.0,
    -1.0 / 87_178_291_200.0,
];

/// `sum_k c[k] x^k` for 6 or 7 coefficients by Estrin's scheme (depth 3; see
/// [`super::act::estrin8`]); a missing last coefficient is 0.
#[inline(always)]
fn estrin7(x: f64, c: &[f64]) -> f64 {
    let x2 = x * x;
    let x4 = x2 * x2;
    let a0 = c[1].mul_add(x, c[0]);
    let a1 = c[3].mul_add(x, c[2]);
    let a2 = c[5].mul_add(x, c[4]);
    let lo = a1.mul_add(x2, a0);
    let hi = if c.len() > 6 {
        c[6].mul_add(x2, a2)
    } else {
        a2
    };
    hi.mul_add(x4, lo)
}

/// `ln(u)` for `u` in (0, 1], branch-free: `u = 2^e m` with `m` in [sqrt(1/2), sqrt(2)),
/// `ln m = 2 atanh(f)`, `f = (m-1)/(m+1)`, odd series to `f^17` by Estrin's scheme (error below 1e-15).
#[inline(always)]
pub fn ln_unit(u: f64) -> f64 {
    let bits = u.to_bits();
    // exponent and mantissa; shift m into [sqrt(1/2), sqrt(2))
    // (the biased exponent becomes a double via the 2^52 trick: no int-to-float conversion)
    let ebits = (bits >> 52) & 0x7ff;
    let e = f64::from_bits(0x4330_0000_0000_0000 | ebits) - 4_503_599_627_370_496.0 - 1023.0;
    let mbits = (bits & 0x000f_ffff_ffff_ffff) | 0x3ff0_0000_0000_0000;
    let m = f64::from_bits(mbits);
    let big = m > std::f64::consts::SQRT_2;
    let m = if big { m * 0.5 } else { m };
    let e = if big { e + 1.0 } else { e };
    let f = (m - 1.0) / (m + 1.0);
    let f2 = f * f;
    let p = super::act::estrin8(f2, &LN_ATANH);
    2.0 * f * p + e * std::f64::consts::LN_2
}

/// `(sin, cos)(2 pi t)` for `t` in [0, 1), branch-free: reduce to `[-1/8, 1/8]` turns
/// around the nearest quarter, Taylor polynomials to degree 13/14 evaluated by Estrin's
/// scheme (error below 1e-14).
#[inline(always)]
pub fn sincos_turn(t: f64) -> (f64, f64) {
    let q = round_magic(t * 4.0); // quadrant 0..=4
    let x = (t - 0.25 * q) * std::f64::consts::TAU; // in [-pi/4, pi/4]
    let x2 = x * x;
    // sin x = x - x^3 S(x^2), cos x = 1 + x^2 C(x^2), Taylor to degree 13/14 (Estrin)
    let sin = x - x * x2 * estrin7(x2, &SIN_TAYLOR);
    let cos = 1.0 + x2 * estrin7(x2, &COS_TAYLOR);
    // rotate by q quarter turns: q odd swaps sin and cos; the signs follow the quadrant
    let qi = (q + 6_755_399_441_055_744.0).to_bits() & 3;
    let odd = qi & 1 == 1;
    let (s0, c0) = (if odd { cos } else { sin }, if odd { sin } else { cos });
    let s1 = if qi & 2 != 0 { -s0 } else { s0 };
    let c1 = if (qi + 1) & 2 != 0 { -c0 } else { c0 };
    (s1, c1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ln_matches_std() {
        let mut worst: f64 = 0.0;
        for i in 1..200_000u64 {
            let u = i as f64 / 200_000.0;
            worst = worst.max((ln_unit(u) - u.ln()).abs());
        }
        worst = worst.max((ln_unit(1e-300) - 1e-300f64.ln()).abs());
        assert!(worst < 1e-13, "worst ln error {worst}");
    }

    #[test]
    fn sincos_matches_std() {
        let mut worst: f64 = 0.0;
        for i in 0..100_000u64 {
            let t = i as f64 / 100_000.0;
            let (s, c) = sincos_turn(t);
            let a = std::f64::consts::TAU * t;
            worst = worst.max((s - a.sin()).abs()).max((c - a.cos()).abs());
        }
        assert!(worst < 1e-13, "worst sincos error {worst}");
    }

    #[test]
    fn vector_and_portable_generators_give_the_same_bits() {
        // fill_scaled takes the AVX2 path on a CPU with AVX2 (module avx2), fill_inline is
        // the portable one; lengths cover the 16-, 8- and partial-chunk tails
        let mut a = NormalStream::new(stream_seed(3, 1, 2));
        let mut b = a.clone();
        for len in [1usize, 7, 8, 9, 16, 17, 25, 1027] {
            let (mut v, mut w) = (vec![0.0; len], vec![0.0; len]);
            a.fill_scaled(&mut v, 0.7);
            b.fill_inline(&mut w, 0.7);
            assert_eq!(v, w, "length {len}");
        }
    }

    #[test]
    fn normals_have_unit_moments_and_are_reproducible() {
        // 400k samples: the mean has sd 1/sqrt(4e5) = 0.0016, the variance sd sqrt(2/4e5) = 0.0022,
        // the fourth moment (3) sd sqrt(96/4e5) = 0.015; tolerances are 5 sd.
        let mut s = NormalStream::new(stream_seed(7, 0, 3));
        let mut v = vec![0.0; 400_003];
        s.fill_scaled(&mut v, 1.0);
        let n = v.len() as f64;
        let m = v.iter().sum::<f64>() / n;
        let var = v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / n;
        let k4 = v.iter().map(|x| (x - m).powi(4)).sum::<f64>() / n;
        assert!(m.abs() < 0.008, "mean {m}");
        assert!((var - 1.0).abs() < 0.011, "variance {var}");
        assert!((k4 - 3.0).abs() < 0.075, "fourth moment {k4}");
        // tail: P(|x| > 3) = 0.0026998; binomial sd = sqrt(p/n) ~ 8.2e-5
        let tail = v.iter().filter(|x| x.abs() > 3.0).count() as f64 / n;
        assert!((tail - 0.0026998).abs() < 4.1e-4, "tail {tail}");
        let mut s2 = NormalStream::new(stream_seed(7, 0, 3));
        let mut w = vec![0.0; 400_003];
        s2.fill_scaled(&mut w, 1.0);
        assert_eq!(v, w);
        let mut s3 = NormalStream::new(stream_seed(7, 0, 4));
        s3.fill_scaled(&mut w, 1.0);
        assert_ne!(v[..8], w[..8]);
    }
}
