//! The flags that the mean-field commands (`mft`, `optimum`, `sweep`) share: the noise
//! level, the target output and the nonlinearity, with their parsing.

use oblique::io::parse;
use oblique_theory::nonlinearity::Builtin;
use oblique_theory::rank_two::NoiseLevel;

/// `--noise`, `--target`, `--nonlinearity` (flattened into each command's `Args`).
#[derive(clap::Args, Debug)]
pub struct ModelArgs {
    /// Noise level sigma > 0.
    #[arg(
        long,
        default_value = "1",
        allow_hyphen_values = true,
        value_name = "SIGMA"
    )]
    pub noise: String,
    /// Target output z of the fixed-point task (sets the bias-zero angle, Eq. 52).
    #[arg(
        long,
        default_value = "1",
        allow_hyphen_values = true,
        value_name = "Z"
    )]
    pub target: String,
    /// Nonlinearity: erf (closed forms) or tanh (numerical Gaussian averages).
    #[arg(long, default_value = "erf", value_name = "erf|tanh")]
    pub nonlinearity: String,
}

/// The parsed and checked [`ModelArgs`].
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
    /// Parses the three flags; errors name the flag.
    pub fn parse(&self) -> anyhow::Result<Model> {
        let sigma = parse::finite("--noise", &self.noise)?;
        let noise = NoiseLevel::new(sigma).map_err(|e| anyhow::anyhow!("--noise: {e}"))?;
        let nonlinearity = parse_nonlinearity(&self.nonlinearity)?;
        let target = parse::finite("--target", &self.target)?;
        Ok(Model {
            noise,
            target,
            nonlinearity,
        })
    }
}

/// Parses `--nonlinearity` (`erf`, `tanh` or `identity`).
pub fn parse_nonlinearity(text: &str) -> anyhow::Result<Builtin> {
    text.trim()
        .parse::<Builtin>()
        .map_err(|e| anyhow::anyhow!("--nonlinearity: {e}"))
}
