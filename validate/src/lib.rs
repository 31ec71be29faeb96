//! # oblique-validate
//!
//! Simulates and trains the full noisy RNN of the theory notes (section 1) and measures
//! the quantities the theory predicts.
//!
//! * [`network`]: the rank-two and full-W networks, seeded, and [`ValidateError`].

pub mod network;
pub mod optim;

pub use network::ValidateError;
