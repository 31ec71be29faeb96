//! Validation of the fluctuation-learning relationship (`theory/notes/flr.md`):
//! random networks and patterns ([`sample`]), the learning simulation ([`sim`]) and the
//! prediction-versus-simulation experiments ([`experiment`]).

pub mod experiment;
pub mod sample;
pub mod sim;

pub use experiment::{agreement, draw_pair, Agreement, SpeedExperiment, SpeedPoint};
pub use sample::{correlated_pattern, random_pattern, rng_for, FlrNetworkSpec, SampledNetwork};
pub use sim::{LearningRun, LearningSim};
