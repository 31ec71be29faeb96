//! `oblique train`: not built yet.

/// Not built yet.
#[derive(clap::Args, Debug)]
pub struct Args {}

pub fn run(_args: Args) -> anyhow::Result<()> {
    anyhow::bail!("'oblique train' is not built yet")
}
