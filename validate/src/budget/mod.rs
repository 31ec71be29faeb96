//! What a run will cost, checked before it starts: an estimate of the memory a command
//! allocates and the arithmetic it does, from its parameters, against the machine.
//!
//! Each estimator counts the large arrays the code allocates (8 bytes per `f64`) and the
//! multiply-adds of its inner loops, in `f64` so that absurd inputs (`--n 1e9`,
//! `--t-max 1e12`) neither overflow nor allocate. [`Cost::check`] refuses a run that needs
//! more than [`MEMORY_FRACTION`] of the machine's RAM, or more than [`MAX_WORK`]
//! operations, with an error that says how much it needs, what the machine has and which
//! flag to lower.
//!
//! ```
//! use oblique_validate::budget::{simulate_cost, Machine};
//! let machine = Machine { total_ram: 8 << 30, cores: 2 };
//! assert!(simulate_cost(256, 256, 500, false).check(&machine).is_ok());
//! let err = simulate_cost(1_000_000_000, 256, 500, false).check(&machine).unwrap_err();
//! assert!(err.to_string().contains("lower --n"));
//! ```

use oblique_theory::format::num;

mod estimates;
#[cfg(test)]
mod tests;

pub use estimates::{
    flr_cost, linear_flow_cost, sgd_moments_cost, simulate_cost, simulate_task_cost, sweep_cost,
    train_linear_cost, train_rank2_cost, train_task_cost,
};

/// Refuse runs that need more than this fraction of the total RAM.
pub const MEMORY_FRACTION: f64 = 0.8;

/// Refuse runs of more than this many floating-point operations (about a day at
/// `1e10` operations per second, more than any published figure needs by a factor of 100).
pub const MAX_WORK: f64 = 1e15;

/// Refuse more worker threads than this multiple of the available cores.
pub const MAX_THREADS_PER_CORE: usize = 4;

/// The machine a run is checked against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Machine {
    /// Total RAM in bytes.
    pub total_ram: u64,
    /// Cores available to this process.
    pub cores: usize,
}

impl Machine {
    /// Reads `MemTotal` from `/proc/meminfo` (Linux; 8 GiB assumed elsewhere) and the
    /// available parallelism.
    pub fn detect() -> Self {
        let total_ram = std::fs::read_to_string("/proc/meminfo")
            .ok()
            .and_then(|t| parse_meminfo(&t))
            .unwrap_or(8 << 30);
        let cores = std::thread::available_parallelism().map_or(1, |c| c.get());
        Machine { total_ram, cores }
    }

    /// Checks a requested thread count against `1..=MAX_THREADS_PER_CORE * cores`.
    pub fn check_threads(&self, threads: usize) -> Result<usize, BudgetError> {
        let max = MAX_THREADS_PER_CORE * self.cores;
        if threads == 0 || threads > max {
            return Err(BudgetError::Threads {
                threads,
                cores: self.cores,
                max,
            });
        }
        Ok(threads)
    }
}

/// `MemTotal: 16318412 kB` -> bytes.
fn parse_meminfo(text: &str) -> Option<u64> {
    let line = text.lines().find(|l| l.starts_with("MemTotal:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    kb.checked_mul(1024)
}

/// Bytes as `1.5 GB`, `300 MB`, `8.0 TB` (powers of 1000 above a kilobyte).
pub fn bytes(b: f64) -> String {
    let units = ["bytes", "kB", "MB", "GB", "TB", "PB", "EB"];
    let mut v = b;
    let mut i = 0;
    while v >= 1000.0 && i + 1 < units.len() {
        v /= 1000.0;
        i += 1;
    }
    if i == 0 {
        format!("{} bytes", v.round())
    } else if v >= 1000.0 {
        format!("{} {}", num(v), units[i])
    } else {
        format!("{v:.1} {}", units[i])
    }
}

/// Why a run is refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BudgetError {
    /// More memory than the machine has.
    #[error("{what} needs about {} of memory, but this machine has {} in total; lower {flag}", bytes(*.needs), bytes(*.has as f64))]
    Memory {
        /// the run
        what: String,
        /// estimated bytes
        needs: f64,
        /// total RAM
        has: u64,
        /// the flag to lower
        flag: &'static str,
    },
    /// More arithmetic than is sensible.
    #[error("{what} needs about {} floating-point operations (at 1e10 per second: {}), more than the limit {}; lower {flag}", num(*.work), duration(*.work / 1e10), num(MAX_WORK))]
    Work {
        /// the run
        what: String,
        /// estimated operations
        work: f64,
        /// the flag to lower
        flag: &'static str,
    },
    /// Too many threads.
    #[error("--threads {threads} is out of range: it must be between 1 and {max} ({MAX_THREADS_PER_CORE} x the {cores} available cores)")]
    Threads {
        /// requested
        threads: usize,
        /// available cores
        cores: usize,
        /// the limit
        max: usize,
    },
}

/// Seconds as `3.2 hours`, `41 days`, `2.1e6 years`.
fn duration(s: f64) -> String {
    let (v, unit) = if s < 120.0 {
        (s, "seconds")
    } else if s < 7200.0 {
        (s / 60.0, "minutes")
    } else if s < 172_800.0 {
        (s / 3600.0, "hours")
    } else if s < 3.156e7 * 2.0 {
        (s / 86_400.0, "days")
    } else {
        (s / 3.156e7, "years")
    };
    format!("{} {unit}", num((v * 10.0).round() / 10.0))
}

/// The estimated memory and work of one run, and the flag that scales it most.
#[derive(Debug, Clone, PartialEq)]
pub struct Cost {
    /// What is estimated, for the message (`"simulate with N = 1e9, batch 256"`).
    pub what: String,
    /// Bytes allocated at the peak.
    pub bytes: f64,
    /// Floating-point operations.
    pub work: f64,
    /// The flag to lower when the memory is too large.
    pub memory_flag: &'static str,
    /// The flag to lower when the work is too large.
    pub work_flag: &'static str,
}

impl Cost {
    /// Refuses the run if it needs more than [`MEMORY_FRACTION`] of the RAM or more than
    /// [`MAX_WORK`] operations.
    pub fn check(&self, machine: &Machine) -> Result<(), BudgetError> {
        if self.bytes.is_nan() || self.bytes > MEMORY_FRACTION * machine.total_ram as f64 {
            return Err(BudgetError::Memory {
                what: self.what.clone(),
                needs: self.bytes,
                has: machine.total_ram,
                flag: self.memory_flag,
            });
        }
        if self.work.is_nan() || self.work > MAX_WORK {
            return Err(BudgetError::Work {
                what: self.what.clone(),
                work: self.work,
                flag: self.work_flag,
            });
        }
        Ok(())
    }
}
