//! # oblique-validate
//!
//! Simulates and trains the full noisy RNN of the theory notes (section 1) and measures
//! the quantities the theory predicts.
//!
//! * [`network`]: the rank-two and full-W networks, seeded, and [`ValidateError`].
//! * [`simulate`]: Euler-Maruyama simulation, low-rank fast path and dense path.
//! * [`tasks`]: the fixed-point task (Fig. 13) and the constant-input task (Fig. 10).
//! * [`measure`]: losses, latent statistics, `M`, clouds and histograms; the Fig. 12
//!   fixed-`M` experiment ([`measure::FixedMExperiment`]).
//! * [`flr`]: fluctuation-learning relationship: plastic-network simulation and experiments.
//! * [`regime`]: regime measures of networks and recordings (correlation, D_x, D_fit, ridge).
//! * [`results`]: each command's set-up checks and result structs, shared by the CLI and Python.
//! * [`rnn`]: the full-rank RNN of the neuroscience tasks, its tasks and Adam training.
//! * [`linearised`]: the lazy solution of Eq. 17 (minimal-norm linearised weight change).
//! * [`train`]: backpropagation through time for `M` (rank two) and for a full linear `W`.

pub mod bench_support;
pub mod budget;
pub mod flr;
pub mod jobs;
pub mod linearised;
pub mod measure;
pub mod network;
pub mod optim;
pub mod precision;
pub mod regime;
pub mod results;
pub mod rnn;
pub mod simulate;
pub mod tasks;
pub mod train;

pub use network::ValidateError;
