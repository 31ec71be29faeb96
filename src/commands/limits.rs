//! The resource checks every command runs before computing: `--threads` within a multiple
//! of the cores, and the estimated memory and work of the run against the machine
//! (`oblique_validate::budget`).

use oblique_validate::budget::{Cost, Machine};

/// Runs `work` on a pool of `threads` workers (checked against the machine), or on the
/// global pool when `threads` is `None`.
pub fn with_threads<T>(
    threads: Option<usize>,
    work: impl FnOnce() -> anyhow::Result<T> + Send,
) -> anyhow::Result<T>
where
    T: Send,
{
    match threads {
        None => work(),
        Some(t) => {
            let t = Machine::detect().check_threads(t)?;
            rayon::ThreadPoolBuilder::new()
                .num_threads(t)
                .build()
                .map_err(|e| {
                    anyhow::anyhow!("--threads {t}: could not start the thread pool: {e}")
                })?
                .install(work)
        }
    }
}

/// Refuses a run whose estimated memory or work exceeds what the machine has.
pub fn check(cost: Cost) -> anyhow::Result<()> {
    Ok(cost.check(&Machine::detect())?)
}
