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

    /// Four raw 64-bit outputs, one per lane.
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

    /// Fills `out` with independent standard normals times `scale`, compiled for the CPU's
    /// SIMD width (`oblique_theory::simd_dispatch!`).
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

#[inline(always)]
fn fill_generic(s: &mut NormalStream, out: &mut [f64], scale: f64) {
    s.fill_inline(out, scale)
}

oblique_theory::simd_dispatch! {
    fn fill_dispatch(s: &mut NormalStream, out: &mut [f64], scale: f64) => fill_generic
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

/// `ln(u)` for `u` in (0, 1], branch-free: `u = 2^e m` with `m` in [sqrt(1/2), sqrt(2)),
/// `ln m = 2 atanh(f)`, `f = (m-1)/(m+1)`, odd series to `f^17` (error below 1e-15).
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
    let p: f64 = 1.0 / 17.0;
    let p = p.mul_add(f2, 1.0 / 15.0);
    let p = p.mul_add(f2, 1.0 / 13.0);
    let p = p.mul_add(f2, 1.0 / 11.0);
    let p = p.mul_add(f2, 1.0 / 9.0);
    let p = p.mul_add(f2, 1.0 / 7.0);
    let p = p.mul_add(f2, 1.0 / 5.0);
    let p = p.mul_add(f2, 1.0 / 3.0);
    let p = p.mul_add(f2, 1.0);
    2.0 * f * p + e * std::f64::consts::LN_2
}

/// `(sin, cos)(2 pi t)` for `t` in [0, 1), branch-free: reduce to `[-1/8, 1/8]` turns
/// around the nearest quarter, Taylor polynomials to degree 13/14 (error below 1e-14).
#[inline(always)]
pub fn sincos_turn(t: f64) -> (f64, f64) {
    let q = round_magic(t * 4.0); // quadrant 0..=4
    let x = (t - 0.25 * q) * std::f64::consts::TAU; // in [-pi/4, pi/4]
    let x2 = x * x;
    // sin x
    let s: f64 = 1.0 / 6_227_020_800.0;
    let s = (-s).mul_add(x2, 1.0 / 39_916_800.0);
    let s = s.mul_add(x2, -1.0 / 362_880.0);
    let s = s.mul_add(x2, 1.0 / 5040.0);
    let s = s.mul_add(x2, -1.0 / 120.0);
    let s = s.mul_add(x2, 1.0 / 6.0);
    let sin = x - x * x2 * s;
    // cos x
    let c: f64 = 1.0 / 87_178_291_200.0;
    let c = (-c).mul_add(x2, 1.0 / 479_001_600.0);
    let c = c.mul_add(x2, -1.0 / 3_628_800.0);
    let c = c.mul_add(x2, 1.0 / 40_320.0);
    let c = c.mul_add(x2, -1.0 / 720.0);
    let c = c.mul_add(x2, 1.0 / 24.0);
    let c = c.mul_add(x2, -0.5);
    let cos = 1.0 + x2 * c;
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
