//! Seeded noise for training: one independent, reproducible stream per trial.
//!
//! The Euler-Maruyama increment of theory notes section 1 is `sqrt(2 dt) sigma xi` with
//! `xi ~ N(0, I)`. Each trial of each training step draws from its own xoshiro256++
//! stream, seeded by SplitMix64 from `(seed, step, trial)`, so results do not depend on
//! how rayon schedules the trials, and the backward pass can rely on the forward pass's
//! stored states (the noise realisation is fixed by the seed).
//!
//! Normals come from a Box-Muller transform written so that LLVM vectorises it, fed by four
//! interleaved xoshiro lanes ([`lanes`]). Two precisions share one chunk writer:
//!
//! * [`NormalStream::fill_scaled`] ([`precise`]): `f64`, 52-bit uniforms, polynomial
//!   `ln`/`sin`/`cos` accurate to about `1e-12`; used by the linear full-`W` and
//!   task-RNN trainers.
//! * [`NormalStream::fill_scaled_f32`] ([`fast`]): `f32` with eight lanes per vector,
//!   23-bit uniforms and short polynomials (relative error about `1e-7`), converted to
//!   `f64`; the largest `|xi|` it can return is `sqrt(48 ln 2) = 5.77`, and the normal law
//!   puts `8e-9` of its mass beyond that. Used by the rank-two trainer, where the `f64`
//!   noise was a third of a training step (`RankTwoBptt::with_f64_noise` draws the `f64`
//!   stream instead, to compare it with the linear trainer on one network).

mod fast;
mod lanes;
mod precise;

pub(crate) use precise::round_magic;
pub use precise::{ln_unit, sincos_turn};

use lanes::{Lanes4, Portable, LANES};

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

/// Four interleaved xoshiro256++ generators (Blackman and Vigna 2018), state stored as
/// structure of arrays (row `r`, lane `l`) so that one AVX2 register holds a row.
#[derive(Debug, Clone)]
pub struct NormalStream {
    s: [[u64; LANES]; 4],
}

/// Which Box-Muller transform a fill uses: [`precise`] (`f64`, 8 normals from two draws
/// of the four lanes) or [`fast`] (`f32`, 16 normals from two draws).
pub(crate) use crate::precision::Precision;

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

    /// Fills `out` with independent standard normals times `scale` ([`precise`], `f64`).
    pub fn fill_scaled(&mut self, out: &mut [f64], scale: f64) {
        fill_f64(self, out, scale)
    }

    /// Fills `out` with independent standard normals times `scale` computed in `f32`
    /// ([`fast`]: relative error about `1e-7`, `|xi| <= 5.77`).
    pub fn fill_scaled_f32(&mut self, out: &mut [f64], scale: f64) {
        fill_f32(self, out, scale)
    }

    /// [`Self::fill_scaled`] or [`Self::fill_scaled_f32`], inlined into the caller (for
    /// kernels compiled for the CPU's SIMD width by `oblique_theory::simd_dispatch!`). The
    /// generator's step runs in one AVX2 register when the CPU has AVX2 ([`lanes`]; the
    /// transform itself is portable code that the dispatching kernel vectorises). That
    /// choice is one cached feature test per fill, because no portable code makes LLVM
    /// emit a vector 64-bit rotate under AVX2; the portable step gives the same bits.
    #[inline(always)]
    pub(crate) fn fill_inline(&mut self, out: &mut [f64], scale: f64, precision: Precision) {
        #[cfg(target_arch = "x86_64")]
        if lanes::Avx2Lanes::available() {
            // SAFETY: the CPU has AVX2 (checked just above).
            let mut g = unsafe { lanes::Avx2Lanes::load(&self.s) };
            fill_with(&mut g, out, scale, precision);
            g.store(&mut self.s);
            return;
        }
        self.fill_portable(out, scale, precision)
    }

    /// The fill with the portable generator step (the reference for the AVX2 one).
    #[inline(always)]
    fn fill_portable(&mut self, out: &mut [f64], scale: f64, precision: Precision) {
        fill_with(&mut Portable(&mut self.s), out, scale, precision)
    }
}

/// A Box-Muller transform: `W` standard normals from draws of the four lanes.
trait Transform<const W: usize> {
    fn chunk<G: Lanes4>(g: &mut G) -> [f64; W];
}

/// [`precise::box_muller4`].
struct F64;
/// [`fast::box_muller8`].
struct F32;

impl Transform<{ 2 * LANES }> for F64 {
    #[inline(always)]
    fn chunk<G: Lanes4>(g: &mut G) -> [f64; 2 * LANES] {
        let (a, b) = (g.next4(), g.next4());
        precise::box_muller4(a, b)
    }
}

impl Transform<{ 4 * LANES }> for F32 {
    #[inline(always)]
    fn chunk<G: Lanes4>(g: &mut G) -> [f64; 4 * LANES] {
        let (a, b) = (g.next4(), g.next4());
        fast::box_muller8(a, b).map(f64::from)
    }
}

/// Writes `out` in chunks of `W` normals of `T` fed by `g` (the one chunk writer of every
/// fill): full chunks, then the first elements of one more chunk.
#[inline(always)]
fn write_chunks<T: Transform<W>, G: Lanes4, const W: usize>(
    g: &mut G,
    out: &mut [f64],
    scale: f64,
) {
    let mut chunks = out.chunks_exact_mut(W);
    for c in &mut chunks {
        let z = T::chunk(g);
        for (o, z) in c.iter_mut().zip(z) {
            *o = scale * z;
        }
    }
    let rest = chunks.into_remainder();
    if !rest.is_empty() {
        let z = T::chunk(g);
        for (o, z) in rest.iter_mut().zip(z) {
            *o = scale * z;
        }
    }
}

/// [`write_chunks`] with the transform of `precision` fed by `g`.
#[inline(always)]
fn fill_with<G: Lanes4>(g: &mut G, out: &mut [f64], scale: f64, precision: Precision) {
    match precision {
        Precision::F64 => write_chunks::<F64, G, { 2 * LANES }>(g, out, scale),
        Precision::F32 => write_chunks::<F32, G, { 4 * LANES }>(g, out, scale),
    }
}

#[inline(always)]
fn fill_f64_impl(s: &mut NormalStream, out: &mut [f64], scale: f64) {
    s.fill_inline(out, scale, Precision::F64)
}

#[inline(always)]
fn fill_f32_impl(s: &mut NormalStream, out: &mut [f64], scale: f64) {
    s.fill_inline(out, scale, Precision::F32)
}

oblique_theory::simd_dispatch! {
    /// [`NormalStream::fill_scaled`] compiled for the CPU's SIMD width.
    fn fill_f64(s: &mut NormalStream, out: &mut [f64], scale: f64) => fill_f64_impl
}

oblique_theory::simd_dispatch! {
    /// [`NormalStream::fill_scaled_f32`] compiled for the CPU's SIMD width.
    fn fill_f32(s: &mut NormalStream, out: &mut [f64], scale: f64) => fill_f32_impl
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vector_and_portable_generators_give_the_same_bits() {
        // fill_scaled* take the AVX2 generator step on a CPU with AVX2 (module lanes),
        // fill_portable the portable one; lengths cover full chunks and partial tails
        for precision in [Precision::F64, Precision::F32] {
            let mut a = NormalStream::new(stream_seed(3, 1, 2));
            let mut b = a.clone();
            for len in [1usize, 7, 8, 9, 16, 17, 25, 1027] {
                let (mut v, mut w) = (vec![0.0; len], vec![0.0; len]);
                match precision {
                    Precision::F64 => a.fill_scaled(&mut v, 0.7),
                    Precision::F32 => a.fill_scaled_f32(&mut v, 0.7),
                }
                b.fill_portable(&mut w, 0.7, precision);
                assert_eq!(v, w, "{precision:?} length {len}");
            }
        }
    }

    /// Mean, variance, fourth moment and the fraction beyond 3 sd of `v` against the normal
    /// law, with tolerances of 5 standard errors for `v.len()` independent draws.
    pub(super) fn assert_standard_normal(v: &[f64]) {
        let n = v.len() as f64;
        let m = v.iter().sum::<f64>() / n;
        let var = v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / n;
        let k4 = v.iter().map(|x| (x - m).powi(4)).sum::<f64>() / n;
        // standard errors: mean 1/sqrt(n), variance sqrt(2/n), fourth moment sqrt(96/n)
        assert!(m.abs() < 5.0 / n.sqrt(), "mean {m}");
        assert!((var - 1.0).abs() < 5.0 * (2.0 / n).sqrt(), "variance {var}");
        assert!(
            (k4 - 3.0).abs() < 5.0 * (96.0 / n).sqrt(),
            "fourth moment {k4}"
        );
        // P(|x| > 3) = 0.0026998; binomial standard error sqrt(p (1 - p) / n)
        let p = 0.002_699_796;
        let tail = v.iter().filter(|x| x.abs() > 3.0).count() as f64 / n;
        assert!(
            (tail - p).abs() < 5.0 * (p * (1.0 - p) / n).sqrt(),
            "tail {tail}"
        );
    }

    #[test]
    fn normals_have_unit_moments_and_are_reproducible() {
        let mut s = NormalStream::new(stream_seed(7, 0, 3));
        let mut v = vec![0.0; 400_003];
        s.fill_scaled(&mut v, 1.0);
        assert_standard_normal(&v);
        let mut s2 = NormalStream::new(stream_seed(7, 0, 3));
        let mut w = vec![0.0; 400_003];
        s2.fill_scaled(&mut w, 1.0);
        assert_eq!(v, w);
        let mut s3 = NormalStream::new(stream_seed(7, 0, 4));
        s3.fill_scaled(&mut w, 1.0);
        assert_ne!(v[..8], w[..8]);
    }
}
