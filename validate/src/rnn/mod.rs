//! The full-rank noisy RNN of the paper's neuroscience tasks, trained with Adam
//! (paper-methods sections 1, 2, 3.10, 4.3 and 5).
//!
//! * [`network`], [`init`]: the model `x <- (1 - dt) x + dt (W phi(x) + W_in u) + sqrt(dt) sigma xi`,
//!   `z = W_out x` (state before the update), and its initialisation (small / large output).
//! * [`tasks`]: cycling, 3-bit flip-flop, Mante, Romo, complex sine and the Fig. 9 sine.
//! * [`bptt`], [`grad`]: forward pass and backpropagation through time on chunks of trials
//!   (`sgemm`/`dgemm` on row-major blocks), the loss and its bias/variance split.
//! * [`packed`]: the per-time-step products on W packed once per pass (shared by the chunks), bit for bit
//!   `matrixmultiply`'s arithmetic.
//! * [`adam`], [`train`], [`presets`], [`record`]: training runs with the paper's set-ups.
//! * [`corr`]: `gen_corr`, the correlation of output weights and states.
//!
//! ```no_run
//! use oblique_validate::rnn::{presets, tasks::TaskKind, init::OutputScale, train::{TrainConfig, Trainer}};
//! let mut cfg = TrainConfig::new(presets::paper(TaskKind::Cycling, OutputScale::Small, 1.5));
//! cfg.preset.n = 128;
//! cfg.preset.steps = 300;
//! let mut run = Trainer::new(cfg).unwrap();
//! for _ in 0..300 {
//!     let rec = run.step().unwrap();
//! }
//! println!("correlation {}", run.correlation());
//! ```

pub mod adam;
pub mod bptt;
pub mod corr;
pub mod grad;
pub mod init;
pub mod network;
pub mod packed;
pub mod phi;
pub mod presets;
pub mod readout;
pub mod real;
pub mod record;
pub mod scratch;
pub mod tasks;
pub mod train;

#[cfg(test)]
mod tests;

/// Bad input to the task networks, or a run that diverged. Messages name the parameter.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RnnError {
    /// Fewer than two neurons.
    #[error("N = {0} is too small: the network needs at least 2 neurons")]
    TooFewNeurons(usize),
    /// A count that must be at least 1 is 0.
    #[error("{0} = 0: it must be at least 1")]
    Zero(&'static str),
    /// Cycling alternates two contexts.
    #[error("batch = {0} is odd: the cycling task needs an even batch")]
    OddBatch(usize),
    /// A number outside its range (or not finite).
    #[error("{name} = {value} is invalid: it must be finite and in {range}")]
    BadValue {
        /// parameter
        name: &'static str,
        /// its value
        value: f64,
        /// valid range
        range: &'static str,
    },
    /// A weight array of the wrong size.
    #[error("{name} has {got} entries, expected {expected}")]
    WrongSize {
        /// which array
        name: &'static str,
        /// its length
        got: usize,
        /// the expected length
        expected: usize,
    },
    /// A weight array holds NaN or infinity.
    #[error("{0} holds a non-finite number")]
    NonFiniteWeights(&'static str),
    /// The thread pool could not be built.
    #[error("could not start the worker threads: {0}")]
    Threads(String),
    /// The loss or the weights became non-finite ([`diverged_message`]).
    #[error("{}", diverged_message(*step, *loss))]
    Diverged {
        /// step at which it happened
        step: usize,
        /// the loss of that step
        loss: f64,
    },
}

/// The message of [`RnnError::Diverged`]: a loss that is not finite at step 0 comes from the
/// initial network (no update has been made yet), anything later from the updates.
fn diverged_message(step: usize, loss: f64) -> String {
    if step == 0 && !loss.is_finite() {
        format!(
            "training diverged at step 0: the initial network's loss is {loss:.4e} before any \
             update (its activity overflows; lower --g or --noise)"
        )
    } else {
        format!("training diverged at step {step}: loss = {loss:.4e} (try a smaller --lr0)")
    }
}
