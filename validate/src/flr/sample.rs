//! Random networks and patterns for the fluctuation-learning relationship
//! (`theory/notes/flr.md` Eq. F1): `J = g J_rand / sqrt(N) + (1/N) sum_mu xi^mu xi^mu^T`.
//!
//! Patterns (memories, targets, inputs) are +-1 with equal probability, so `|xi|^2 = N`
//! exactly. `J_rand` has i.i.d. standard normal entries.

use nalgebra::{DMatrix, DVector};
use oblique_theory::flr::{FlrError, FlrNetwork};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::StandardNormal;

/// Parameters of a random network of Eq. F1.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct FlrNetworkSpec {
    /// number of units N
    pub n: usize,
    /// strength g of the random part
    pub g: f64,
    /// gain beta of phi(x) = tanh(beta x)
    pub beta: f64,
    /// number P of embedded +-1 memories
    pub memories: usize,
    /// noise sigma (stationary s.d. of an unconnected unit)
    pub noise: f64,
}

/// A sampled network with its embedded memories.
#[derive(Debug, Clone)]
pub struct SampledNetwork {
    /// the network (J, beta, sigma)
    pub net: FlrNetwork,
    /// the P embedded memories
    pub memories: Vec<DVector<f64>>,
}

/// A deterministic generator for stream `stream` of seed `seed` (splitmix mixing, so
/// parallel work items get independent, reproducible streams).
pub fn rng_for(seed: u64, stream: u64) -> ChaCha8Rng {
    let mut z = seed ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    ChaCha8Rng::seed_from_u64(z ^ (z >> 31))
}

/// A random +-1 pattern.
pub fn random_pattern(n: usize, rng: &mut impl Rng) -> DVector<f64> {
    DVector::from_fn(n, |_, _| if rng.random::<bool>() { 1.0 } else { -1.0 })
}

/// A +-1 pattern equal to `base` on a random fraction `overlap` of the units and random
/// elsewhere: its expected overlap `base . p / N` is `overlap`.
pub fn correlated_pattern(base: &DVector<f64>, overlap: f64, rng: &mut impl Rng) -> DVector<f64> {
    base.map(|b| {
        if rng.random::<f64>() < overlap {
            b
        } else if rng.random::<bool>() {
            1.0
        } else {
            -1.0
        }
    })
}

impl FlrNetworkSpec {
    /// Samples `J = g J_rand/sqrt(N) + (1/N) sum_mu xi^mu xi^mu^T` (Eq. F1) from `seed`.
    pub fn sample(&self, seed: u64) -> Result<SampledNetwork, FlrError> {
        let n = self.n;
        let mut rng = rng_for(seed, 0);
        let scale = self.g / (n as f64).sqrt();
        let mut j = DMatrix::from_fn(n, n, |_, _| {
            let z: f64 = rng.sample(StandardNormal);
            scale * z
        });
        let memories: Vec<DVector<f64>> = (0..self.memories)
            .map(|_| random_pattern(n, &mut rng))
            .collect();
        for m in &memories {
            j.ger(1.0 / n as f64, m, m, 1.0);
        }
        Ok(SampledNetwork {
            net: FlrNetwork::new(j, self.beta, self.noise)?,
            memories,
        })
    }
}
