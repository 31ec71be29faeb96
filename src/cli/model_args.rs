//! The flags that the mean-field commands (`mft`, `optimum`, `sweep`) share: the noise
//! level, the target output and the nonlinearity.

use crate::cli::values::{self, Phi};
use oblique_theory::nonlinearity::Builtin;
use oblique_theory::rank_two::NoiseLevel;

/// `--noise`, `--target`, `--nonlinearity` (flattened into each command's `Args`).
#[derive(clap::Args, Debug)]
pub struct ModelArgs {
    /// Noise level sigma > 0.
    #[arg(long, default_value = "1", value_name = "SIGMA", value_parser = values::positive)]
    pub noise: f64,
    /// Target output z of the fixed-point task (sets the bias-zero angle, Eq. 52).
    #[arg(long, default_value = "1", value_name = "Z", value_parser = values::finite)]
    pub target: f64,
    /// Nonlinearity: erf (closed forms), tanh (numerical Gaussian averages) or identity.
    #[arg(long, value_enum, default_value = "erf", value_name = "erf|tanh")]
    pub nonlinearity: Phi,
}

/// The checked [`ModelArgs`].
#[derive(Debug, Clone, Copy)]
pub struct Model {
    /// sigma
    pub noise: NoiseLevel,
    /// z
    pub target: f64,
    /// phi
    pub nonlinearity: Builtin,
}

impl ModelArgs {
    /// The model of the flags; the noise is checked by the theory's type.
    pub fn parse(&self) -> anyhow::Result<Model> {
        let noise = NoiseLevel::new(self.noise).map_err(|e| anyhow::anyhow!("--noise: {e}"))?;
        Ok(Model {
            noise,
            target: self.target,
            nonlinearity: self.nonlinearity.into(),
        })
    }
}
