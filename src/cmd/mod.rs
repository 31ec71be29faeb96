//! One module per subcommand: clap `Args` plus `run(args) -> anyhow::Result<()>`.

pub mod flr;
pub mod linear;
pub mod mft;
pub mod model_args;
pub mod optimum;
pub mod reproduce;
pub mod simulate;
pub mod sweep;
pub mod train;
