//! One module per subcommand: clap `Args` plus `run(args) -> anyhow::Result<()>`.

pub mod flr;
pub mod linear;
pub mod mft;
pub mod model_args;
pub mod optimum;
pub mod regime;
pub mod reproduce;
pub mod simulate;
pub mod simulate_task;
pub mod sweep;
pub mod train;
pub mod train_task;

/// The typed value parsers of the flags and the resource checks (the library's).
pub(crate) use oblique::commands::{limits, values};
