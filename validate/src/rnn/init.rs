//! Initialisation of the task networks (paper-methods section 1.2), seeded.
//!
//! `W ~ N(0, g^2/N)`, `W_in ~ N(0, 1)`, `W_out ~ N(0, sigma_out^2/N)` with `sigma_out = 1`
//! ("large") or `1/sqrt(N)` ("small"), `h_0 ~ h0_std N(0, 1)` (0 for the neuroscience tasks).
//! All from `ChaCha8Rng::seed_from_u64(seed)`, in the order `W`, `W_in`, `W_out`, `h_0`
//! (each on its own stream, so e.g. `W` does not depend on the output scale).

use super::network::TaskNetwork;
use super::RnnError;
use oblique_theory::nonlinearity::Builtin;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, StandardNormal};

/// Size of the initial output weights.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OutputScale {
    /// `sigma_out = 1/sqrt(N)`: aligned dynamics.
    Small,
    /// `sigma_out = 1`: oblique dynamics.
    Large,
}

impl OutputScale {
    /// `sigma_out` for `n` neurons.
    pub fn sigma_out(self, n: usize) -> f64 {
        match self {
            OutputScale::Small => 1.0 / (n as f64).sqrt(),
            OutputScale::Large => 1.0,
        }
    }
    /// `"small"` or `"large"`.
    pub fn name(self) -> &'static str {
        match self {
            OutputScale::Small => "small",
            OutputScale::Large => "large",
        }
    }
}

impl std::str::FromStr for OutputScale {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "small" => Ok(OutputScale::Small),
            "large" => Ok(OutputScale::Large),
            o => Err(format!(
                "unknown output scale '{o}': expected small or large"
            )),
        }
    }
}

/// Everything that defines an initial network.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct InitSpec {
    /// `N`
    pub n: usize,
    /// input dimension
    pub d_in: usize,
    /// output dimension
    pub d_out: usize,
    /// gain of `W`
    pub g: f64,
    /// output-weight scale
    pub output_scale: OutputScale,
    /// std of the fixed initial state `h_0`
    pub h0_std: f64,
}

fn normals(seed: u64, stream: u64, len: usize, std: f64) -> Vec<f64> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(stream);
    (0..len)
        .map(|_| std * <StandardNormal as Distribution<f64>>::sample(&StandardNormal, &mut rng))
        .collect()
}

/// The initial network of `spec` for `seed` (paper-methods 1.2), with `phi = nonlinearity`.
pub fn init_network(
    spec: &InitSpec,
    nonlinearity: Builtin,
    seed: u64,
) -> Result<TaskNetwork, RnnError> {
    let n = spec.n;
    if n < 2 {
        return Err(RnnError::TooFewNeurons(n));
    }
    for (name, value) in [("g", spec.g), ("h0_std", spec.h0_std)] {
        if !(value.is_finite() && value >= 0.0) {
            return Err(RnnError::BadValue {
                name,
                value,
                range: "[0, inf)",
            });
        }
    }
    let nf = n as f64;
    let net = TaskNetwork {
        n,
        d_in: spec.d_in,
        d_out: spec.d_out,
        w: normals(seed, 0, n * n, spec.g / nf.sqrt()),
        w_in: normals(seed, 1, n * spec.d_in, 1.0),
        w_out: normals(
            seed,
            2,
            spec.d_out * n,
            spec.output_scale.sigma_out(n) / nf.sqrt(),
        ),
        h0: normals(seed, 3, n, spec.h0_std),
        nonlinearity,
        dt: super::tasks::DT,
    };
    Ok(net)
}
