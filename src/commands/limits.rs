//! The resource checks every command runs before computing: `--threads` within a multiple
//! of the cores, and the estimated memory and work of the run against the machine
//! (`oblique_validate::budget`).

use crate::commands::CommandError;
use oblique_validate::budget::{Cost, Machine};

/// Runs `work` on a pool of `threads` workers (checked against the machine), or on the
/// global pool when `threads` is `None`.
pub fn with_threads<T, E>(
    threads: Option<usize>,
    work: impl FnOnce() -> Result<T, E> + Send,
) -> Result<T, E>
where
    T: Send,
    E: From<CommandError> + Send,
{
    match threads {
        None => work(),
        Some(t) => {
            let t = Machine::detect()
                .check_threads(t)
                .map_err(|e| E::from(CommandError::Budget(e)))?;
            rayon::ThreadPoolBuilder::new()
                .num_threads(t)
                .build()
                .map_err(|reason| E::from(CommandError::ThreadPool { threads: t, reason }))?
                .install(work)
        }
    }
}

/// Refuses a run whose estimated memory or work exceeds what the machine has.
pub fn check(cost: Cost) -> Result<(), CommandError> {
    Ok(cost.check(&Machine::detect())?)
}
