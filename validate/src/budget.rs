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
        if !(self.bytes <= MEMORY_FRACTION * machine.total_ram as f64) {
            return Err(BudgetError::Memory {
                what: self.what.clone(),
                needs: self.bytes,
                has: machine.total_ram,
                flag: self.memory_flag,
            });
        }
        if !(self.work <= MAX_WORK) {
            return Err(BudgetError::Work {
                what: self.what.clone(),
                work: self.work,
                flag: self.work_flag,
            });
        }
        Ok(())
    }
}

const F64: f64 = 8.0;

/// `oblique simulate`: states, `phi` and `W phi` (`3 N batch`), outputs and latents
/// (`3 (steps + 1) batch`), and with a bulk (`dense`) the `N x N` matrices `J` and `W`;
/// per step `~10 N` operations per trial (low rank) or `2 N^2` (dense).
pub fn simulate_cost(n: usize, batch: usize, steps: usize, dense: bool) -> Cost {
    let (n, b, s) = (n as f64, batch as f64, steps as f64);
    let matrices = if dense { 2.0 * n * n } else { 2.0 * n };
    let per_step = if dense { 2.0 * n * n } else { 10.0 * n };
    Cost {
        what: format!(
            "simulating N = {} neurons x {} trials x {} steps",
            num(n),
            num(b),
            num(s)
        ),
        bytes: F64 * (3.0 * n * b + 3.0 * (s + 1.0) * b + matrices),
        work: s * b * per_step,
        memory_flag: if dense && n * n > 3.0 * n * b {
            "--n (or --g 0: the low-rank path needs no N x N matrix)"
        } else {
            "--n, --batch or --t-max (or raise --dt)"
        },
        work_flag: "--t-max, --batch or --n (or raise --dt)",
    }
}

/// `oblique train rank2`: BPTT keeps `phi'(x_k)` and `x_k` for every time point
/// (`2 (T + 1) N` per trial, for the larger of the training and evaluation batches), the
/// bulk `J` when `g > 0`, and one record per step; work `~12 N T` per trial and step
/// (`2 N^2 T` with a bulk).
pub fn train_rank2_cost(
    n: usize,
    batch: usize,
    eval_batch: usize,
    time_points: usize,
    steps: usize,
    dense: bool,
) -> Cost {
    let (n, t, s) = (n as f64, time_points as f64, steps as f64);
    let b = batch.max(eval_batch) as f64;
    let bulk = if dense { 2.0 * n * n } else { 0.0 };
    let per = if dense { 2.0 * n * n } else { 12.0 * n };
    Cost {
        what: format!(
            "training M with N = {}, batch {}, evaluation batch {}, {} steps",
            num(n),
            num(batch as f64),
            num(eval_batch as f64),
            num(s)
        ),
        bytes: F64 * (2.0 * (t + 1.0) * n * b + bulk + 16.0 * s),
        work: s * batch as f64 * t * per + eval_batch as f64 * t * per,
        memory_flag: if 16.0 * s > 2.0 * (t + 1.0) * n * b {
            "--steps"
        } else if eval_batch > batch {
            "--eval-batch or --n"
        } else {
            "--batch or --n"
        },
        work_flag: "--steps, --batch or --n",
    }
}

/// `oblique train linear`: BPTT keeps `X_0..X_T` and the adjoints (`2 (T + 1) N` per
/// trial), plus `W`, its gradient and the optimiser state (`4 N^2`); work `4 N^2 T` per
/// trial and step.
pub fn train_linear_cost(n: usize, batch: usize, time_points: usize, steps: usize) -> Cost {
    let (n, b, t, s) = (n as f64, batch as f64, time_points as f64, steps as f64);
    Cost {
        what: format!(
            "training W with N = {}, batch {}, {} steps",
            num(n),
            num(b),
            num(s)
        ),
        bytes: F64 * (2.0 * (t + 1.0) * n * b + 4.0 * n * n + 12.0 * s),
        work: s * b * t * 4.0 * n * n,
        memory_flag: "--n or --batch",
        work_flag: "--steps (or --fast-steps/--slow-steps), --batch or --n",
    }
}

/// `oblique linear --batch`: the SGD moment theory propagates covariances between every
/// pair of the `K = t_max / dt` time points of a trial (`~4 K^2` numbers, `~40 K^2`
/// operations per training step).
pub fn sgd_moments_cost(time_points: usize, steps: usize) -> Cost {
    let (k, s) = (time_points as f64, steps as f64);
    Cost {
        what: format!(
            "the SGD moment theory with {} time points per trial over {} steps",
            num(k),
            num(s)
        ),
        bytes: F64 * 4.0 * k * k,
        work: 40.0 * k * k * s,
        memory_flag: "--t-max (or raise --dt)",
        work_flag: "--t-max, --fast-steps or --slow-steps (or raise --dt)",
    }
}

/// `oblique flr`: about ten dense `N x N` matrices (`J`, the Jacobian, its Schur form, `C`,
/// `G`) and `P + 2 pairs` patterns of length `N`; work `~30 N^3` for the solves plus
/// `2 N^2` per pattern and pair.
pub fn flr_cost(n: usize, memories: usize, pairs: usize) -> Cost {
    let (n, p, q) = (n as f64, memories as f64, pairs as f64);
    Cost {
        what: format!(
            "the fluctuation-learning prediction with N = {}, {} memories, {} pairs",
            num(n),
            num(p),
            num(q)
        ),
        bytes: F64 * (10.0 * n * n + (p + 2.0 * q) * n),
        work: 30.0 * n * n * n + (p + 4.0 * q) * 2.0 * n * n,
        memory_flag: if p + 2.0 * q > 10.0 * n {
            "--memories or --pairs"
        } else {
            "--n"
        },
        work_flag: if p + 4.0 * q > 15.0 * n {
            "--memories or --pairs"
        } else {
            "--n"
        },
    }
}

/// `oblique sweep`: one row of about 16 numbers per grid point, and a mean-field solve
/// (`~2e4` operations) for each.
pub fn sweep_cost(points: f64) -> Cost {
    Cost {
        what: format!("a sweep over {} grid points", num(points)),
        bytes: F64 * 16.0 * points,
        work: 2e4 * points,
        memory_flag: "the counts of --lambda-plus, --lambda-minus or --n",
        work_flag: "the counts of --lambda-plus, --lambda-minus or --n",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MACHINE: Machine = Machine {
        total_ram: 8_000_000_000,
        cores: 2,
    };

    #[test]
    fn meminfo_is_read_in_bytes() {
        let t = "MemTotal:       16318412 kB\nMemFree:  1 kB\n";
        assert_eq!(parse_meminfo(t), Some(16_318_412 * 1024));
        assert_eq!(parse_meminfo("nothing"), None);
        assert!(Machine::detect().total_ram > 0);
    }

    #[test]
    fn sizes_and_durations_read_well() {
        assert_eq!(bytes(512.0), "512 bytes");
        assert_eq!(bytes(8e12), "8.0 TB");
        assert_eq!(bytes(3.94e9), "3.9 GB");
        assert_eq!(duration(5.0), "5 seconds");
        assert_eq!(duration(3.0 * 86_400.0), "3 days");
    }

    /// The published set-ups pass on an 8 GB, 2-core machine.
    #[test]
    fn published_runs_pass() {
        assert!(simulate_cost(256, 256, 500, false).check(&MACHINE).is_ok());
        assert!(simulate_cost(1024, 256, 500, true).check(&MACHINE).is_ok());
        assert!(train_rank2_cost(1024, 32, 512, 51, 5000, false)
            .check(&MACHINE)
            .is_ok());
        assert!(train_linear_cost(256, 32, 101, 6000)
            .check(&MACHINE)
            .is_ok());
        assert!(flr_cost(200, 5, 1).check(&MACHINE).is_ok());
        assert!(sweep_cost(1e6).check(&MACHINE).is_ok());
    }

    #[test]
    fn absurd_runs_get_exact_messages() {
        // N = 1e9: the state is 3 x 1e9 x 256 x 8 bytes = 6.1 TB, plus U (16 GB)
        assert_eq!(
            simulate_cost(1_000_000_000, 256, 500, false)
                .check(&MACHINE)
                .unwrap_err()
                .to_string(),
            "simulating N = 1.0000e9 neurons x 256 trials x 500 steps needs about 6.2 TB of memory, but this machine has 8.0 GB in total; lower --n, --batch or --t-max (or raise --dt)"
        );
        // t_max 1e12 at dt 0.2: 5e12 steps x 256 trials x 2560 operations
        let e = simulate_cost(256, 256, 5_000_000_000_000, false).check(&MACHINE);
        assert!(matches!(e, Err(BudgetError::Memory { .. })));
        // N = 1e7, 10 trials, 2e6 steps: 2e15 operations, 2.9 GB
        let e = simulate_cost(10_000_000, 10, 2_000_000, false)
            .check(&MACHINE)
            .unwrap_err()
            .to_string();
        assert_eq!(e, "simulating N = 1.0000e7 neurons x 10 trials x 2.0000e6 steps needs about 2.0000e15 floating-point operations (at 1e10 per second: 2.3 days), more than the limit 1.0000e15; lower --t-max, --batch or --n (or raise --dt)");
        assert!(train_rank2_cost(256, 32, 1_000_000_000, 51, 10, false)
            .check(&MACHINE)
            .unwrap_err()
            .to_string()
            .ends_with("lower --eval-batch or --n"));
        assert!(flr_cost(100, 1_000_000_000, 1)
            .check(&MACHINE)
            .unwrap_err()
            .to_string()
            .ends_with("lower --memories or --pairs"));
        assert!(sgd_moments_cost(500_000, 6000).check(&MACHINE).is_err());
        assert!(sweep_cost(1e9 * 1e9).check(&MACHINE).is_err());
    }

    #[test]
    fn threads_are_bounded_by_a_multiple_of_the_cores() {
        assert_eq!(MACHINE.check_threads(8), Ok(8));
        assert_eq!(
            MACHINE.check_threads(100_000).unwrap_err().to_string(),
            "--threads 100000 is out of range: it must be between 1 and 8 (4 x the 2 available cores)"
        );
        assert!(MACHINE.check_threads(0).is_err());
    }
}
