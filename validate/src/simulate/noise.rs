//! Seeded noise for the simulator: one ChaCha8 stream per trial.
//!
//! Trial `b` of a simulation with seed `s` draws its noise from
//! `ChaCha8Rng::seed_from_u64(s)` on stream `NOISE_STREAM_BASE + b`, `N` standard normals
//! per time step in neuron order. The numbers therefore depend only on `(seed, trial)`,
//! not on the number of threads or on how trials are split into chunks. Networks use
//! streams 0 and 1 of their seed ([`crate::network`]), so a network and a simulation built
//! from the same seed never share random numbers.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::StandardNormal;

/// First ChaCha8 stream used for simulation noise (trial `b` uses `NOISE_STREAM_BASE + b`).
pub const NOISE_STREAM_BASE: u64 = 1 << 32;

/// The noise generator of trial `trial` for simulation seed `seed`.
pub fn trial_rng(seed: u64, trial: usize) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(NOISE_STREAM_BASE + trial as u64);
    rng
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
