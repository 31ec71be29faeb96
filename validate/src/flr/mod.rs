//! Validation of the fluctuation-learning relationship (`theory/notes/flr.md`):
//! random networks and patterns ([`sample`]), directions along spontaneous modes
//! ([`directions`]), the learning simulation ([`sim`]), the spontaneous simulation that
//! measures the fluctuations ([`fluct`]), time-series generation ([`periodic`]) and the
//! prediction-versus-simulation experiments ([`experiment`]).

pub mod directions;
pub mod experiment;
pub mod fluct;
pub mod periodic;
pub mod sample;
pub mod sim;
pub mod studies;

pub use directions::{
    directional_pairs, leading_modes, mixed_direction, trailing_modes, DirectionalPair,
};
pub use experiment::{
    agreement, draw_pair, rank_correlation, Agreement, SpeedExperiment, SpeedPoint,
};
pub use fluct::{MeasuredSpontaneous, SpontaneousSim};
pub use periodic::in_phase_speed;
pub use sample::{correlated_pattern, random_pattern, rng_for, FlrNetworkSpec, SampledNetwork};
pub use sim::{Drive, LearningRun, LearningSim};
pub use studies::{Start, StudySetup, TaskPoint};
