//! The resource checks every function runs before it allocates: the thread count against
//! the cores and the estimated memory and work of a run against the machine
//! (`oblique_validate::budget`, the estimators the command line uses), with the messages
//! in the Python spelling (`lower n or batch`, not `lower --n or --batch`).
//!
//! A result goes back to Python as a dict of numpy columns built from one JSON value per
//! number, so a result of `rows` records of `columns` numbers costs [`RESULT_BYTES`] per
//! number at its peak; [`with_result`] adds that to an estimate.

use oblique_validate::budget::{Cost, Machine, MAX_THREADS_PER_CORE};
use oblique_validate::results::Naming;

/// Peak bytes per number of a result on its way to Python: the record, its JSON value
/// with the key (records are objects) and the numpy column (measured: about 330 per
/// number of the training records).
pub const RESULT_BYTES: f64 = 400.0;

/// Refuses a run whose estimated memory or work exceeds what this machine has; the
/// message names the Python argument to lower.
pub fn check(cost: Cost) -> Result<(), String> {
    cost.check(&Machine::detect())
        .map_err(|e| respell(&e.to_string()))
}

/// A message written with command-line flags in the Python spelling: `--t-max` becomes
/// `t_max` (`Naming::Python.respell`).
pub fn respell(message: &str) -> String {
    Naming::Python.respell(message)
}

/// `cost` plus a result of `rows` records of `columns` numbers; when the result is the
/// larger part of the memory, `flag` (a command-line spelling, e.g. `--steps`) is the one
/// to lower.
pub fn with_result(mut cost: Cost, rows: f64, columns: f64, flag: &'static str) -> Cost {
    let result = rows * columns * RESULT_BYTES;
    if result > cost.bytes {
        cost.memory_flag = flag;
    }
    cost.bytes += result;
    cost
}

/// The number of time points of a trial of length `t_max` at step `dt` (`round(t_max /
/// dt) + 1`), saturating instead of wrapping for absurd ratios (`dt = 1e-300`).
pub fn time_points(t_max: f64, dt: f64) -> usize {
    ((t_max / dt).round() as usize).saturating_add(1)
}

/// A requested thread count within `1 ..= MAX_THREADS_PER_CORE x cores`.
pub fn threads(threads: usize) -> Result<usize, String> {
    let machine = Machine::detect();
    machine.check_threads(threads).map_err(|_| {
        format!(
            "threads: {threads} is out of range: it must be between 1 and {} ({MAX_THREADS_PER_CORE} x the {} available cores)",
            MAX_THREADS_PER_CORE * machine.cores,
            machine.cores
        )
    })
}
