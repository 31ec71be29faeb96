//! The errors of the single commands: each message says what is wrong and names the flag
//! at fault; the libraries' own errors pass through unchanged.

use crate::commands::values::MAX_RANGE_POINTS;
use oblique_theory::bulk::BulkError;
use oblique_theory::linear::{LinearError, SetupError};
use oblique_theory::optimum::OptimumError;
use oblique_theory::rank_two::RankTwoError;
use oblique_validate::budget::BudgetError;
use oblique_validate::network::ValidateError;
use oblique_validate::results::simulate::SpecError;

/// Why a command cannot run.
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    /// `--dt` (the Euler-map theory) given with a random bulk.
    #[error("--dt: the Euler-map theory is for g = 0 only (got --g {g})")]
    DtWithBulk {
        /// the requested gain of the bulk
        g: f64,
    },
    /// An explicit `--m` given with a random bulk.
    #[error("--m: an explicit M is not supported with --g > 0; give --lambda-plus and --lambda-minus (symmetric M at the bias-zero angle)")]
    ExplicitMWithBulk,
    /// The fixed point of the random-bulk theory is not stable (notes Eq. B15).
    #[error("unstable fixed point: Jacobian eigenvalues gamma+ = {gamma_plus:.6} (adiabatic, notes Eq. B15) and lambda-/lambda+ - 1 = {gamma_minus:.6} must both be negative")]
    UnstableBulk {
        /// the adiabatic eigenvalue
        gamma_plus: f64,
        /// lambda-/lambda+ - 1
        gamma_minus: f64,
    },
    /// The theory refuses the Euler step `--dt`.
    #[error("--dt: {0}")]
    Dt(RankTwoError),
    /// A range flag asks for more points than a run may hold.
    #[error("{flag}: the count {count} is more than {MAX_RANGE_POINTS} points")]
    TooManyPoints {
        /// the flag of the axis
        flag: String,
        /// the requested count
        count: usize,
    },
    /// The simulation diverged or its Euler map is unstable at `--dt`.
    #[error("--dt: {0}")]
    SimulationDt(ValidateError),
    /// The theory cannot predict the simulated point (the message names the flag).
    #[error("{0}")]
    Prediction(String),
    /// A linear-network input out of range, with the flag it concerns.
    #[error("{flag}: {error}")]
    LinearFlag {
        /// the command-line flag
        flag: &'static str,
        /// the library's reason
        error: LinearError,
    },
    /// The integrator's tolerance `--rtol` or the Euler step `--dt` of `linear` (the set-up
    /// error says which; see `commands::linear::inputs`).
    #[error("{flag}: {error}")]
    LinearSetup {
        /// `--rtol` or `--dt`
        flag: &'static str,
        /// the set-up's reason
        error: SetupError,
    },
    /// The SGD moment theory (`--batch`) without the Euler step it needs.
    #[error("--batch: the SGD theory needs --dt, the Euler step of the simulated training")]
    SgdNeedsDt,
    /// The trial window of the SGD moment theory is not usable.
    #[error("--t-max/--t-loss-min: {0}")]
    SgdWindow(ValidateError),
    /// The thread pool of `--threads` could not be started.
    #[error("--threads {threads}: could not start the thread pool: {reason}")]
    ThreadPool {
        /// the requested number of threads
        threads: usize,
        /// rayon's reason
        reason: rayon::ThreadPoolBuildError,
    },
    /// The rank-two theory refuses the inputs.
    #[error(transparent)]
    RankTwo(#[from] RankTwoError),
    /// The linear-network theory refuses the inputs (no single flag is at fault).
    #[error(transparent)]
    Linear(#[from] LinearError),
    /// The random-bulk theory refuses the inputs.
    #[error(transparent)]
    Bulk(#[from] BulkError),
    /// The optimum over lambda+ cannot be found.
    #[error(transparent)]
    Optimum(#[from] OptimumError),
    /// A parameter of `simulate` is out of its range (the message names the flag).
    #[error(transparent)]
    Spec(#[from] SpecError),
    /// The simulation refuses the inputs.
    #[error(transparent)]
    Validate(#[from] ValidateError),
    /// The run needs more memory, work or threads than the machine has.
    #[error(transparent)]
    Budget(#[from] BudgetError),
}
