//! `oblique flr`: not built yet.

/// Not built yet.
#[derive(clap::Args, Debug)]
pub struct Args {}

pub fn run(_args: Args) -> anyhow::Result<()> {
    anyhow::bail!("'oblique flr' is not built yet")
}
