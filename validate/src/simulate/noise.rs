//! Seeded noise for the simulator: one independent generator per trial.
//!
//! Trial `b` of a simulation with seed `s` draws its noise from a Xoshiro256++ generator
//! whose 256-bit state is the first output of `ChaCha8Rng::seed_from_u64(s)` on stream
//! `NOISE_STREAM_BASE + b`; it produces `N` standard normals (ziggurat) per time step in
//! neuron order. The numbers therefore depend only on `(seed, trial)`, not on the number of
//! threads or on how trials are split into chunks. Networks use ChaCha8 streams 0 and 1 of
//! their seed ([`crate::network`]), so a network and a simulation built from the same seed
//! never share random numbers.
//!
//! Why two generators: ChaCha8 gives provably independent streams per trial, and
//! Xoshiro256++ is ~2.6x faster per normal sample than ChaCha8 in our benchmark
//! (`cargo bench -p oblique-validate --bench simulate -- normal`); the noise is the
//! largest single cost of a simulation step.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::StandardNormal;
use rand_xoshiro::Xoshiro256PlusPlus;

/// The per-trial noise generator.
pub type TrialRng = Xoshiro256PlusPlus;

/// First ChaCha8 stream used for simulation noise (trial `b` uses `NOISE_STREAM_BASE + b`).
pub const NOISE_STREAM_BASE: u64 = 1 << 32;

/// The noise generator of trial `trial` for simulation seed `seed`.
pub fn trial_rng(seed: u64, trial: usize) -> TrialRng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(NOISE_STREAM_BASE + trial as u64);
    let mut state = [0u8; 32];
    rng.fill(&mut state);
    if state.iter().all(|&b| b == 0) {
        state[0] = 1; // Xoshiro's one forbidden state (probability 2^-256)
    }
    Xoshiro256PlusPlus::from_seed(state)
}

/// Fills `buf` with independent standard normal samples (ziggurat, `rand_distr`).
#[inline]
pub fn fill_normal<R: Rng + ?Sized>(rng: &mut R, buf: &mut [f64]) {
    for v in buf.iter_mut() {
        *v = rng.sample(StandardNormal);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_reproducible_and_distinct() {
        let mut a = vec![0.0; 1000];
        let mut b = vec![0.0; 1000];
        fill_normal(&mut trial_rng(5, 3), &mut a);
        fill_normal(&mut trial_rng(5, 3), &mut b);
        assert_eq!(a, b);
        fill_normal(&mut trial_rng(5, 4), &mut b);
        assert_ne!(a, b);
        // standard normal moments within 4 standard errors (n = 1000)
        let mean = a.iter().sum::<f64>() / 1000.0;
        let var = a.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / 999.0;
        assert!(mean.abs() < 4.0 / 1000f64.sqrt(), "mean {mean}");
        assert!(
            (var - 1.0).abs() < 4.0 * (2.0 / 1000f64).sqrt(),
            "var {var}"
        );
    }
}
