//! # oblique-validate
//!
//! Simulates and trains the full noisy RNN of the theory notes (section 1) and measures
//! the quantities the theory predicts. Not built yet.

pub mod flr;
pub mod optim;
