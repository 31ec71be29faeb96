//! Regime measures: is a network, or a recording, aligned or oblique?
//! (methods section 3 of the published study, as the authors computed them).
//!
//! Pure functions on matrices, samples as rows and neurons as columns:
//!
//! * [`corr`]: the generalised correlation, RNN variant ([`corr::gen_corr`]) and data
//!   variant ([`corr::corr_data`]);
//! * [`norms`]: state and weight norms;
//! * [`pca`]: explained variance, `D_x`, participation ratio;
//! * [`ridge`]: `RidgeCV` with efficient leave-one-out over `logspace(-3, 6, 20)`;
//! * [`score`]: `R^2` pooled over outputs (RNN) and averaged over outputs (data);
//! * [`dfit`]: the fitting dimension `D_fit`, data and RNN variants;
//! * [`procrustes`]: the angular Procrustes dissimilarity between two sets of states;
//! * [`subsample`]: correlation and `R^2` against the number of neurons (Fig. 8);
//! * [`recording`]: all of them for a recording ([`analyse_recording`]);
//! * [`noise_compression`](mod@noise_compression), [`perturbation`](mod@perturbation): the
//!   measures that re-run a trained task network (methods 3.7, 3.8), with
//!   [`kick_schedule`], [`directions`] and [`rerun`]; [`network_measures`](mod@network_measures):
//!   every measure of one trained network;
//! * [`check`], [`error`]: input checks and [`RegimeError`].

pub mod check;
pub mod corr;
pub mod dfit;
pub mod directions;
pub mod error;
pub mod kick_example;
pub mod kick_schedule;
pub mod network_measures;
pub mod noise_compression;
pub mod norms;
pub mod pca;
pub mod perturbation;
pub mod procrustes;
pub mod recording;
pub mod rerun;
pub mod ridge;
pub mod score;
pub mod subsample;

pub use error::RegimeError;
pub use kick_example::{kick_example, KickExample};
pub use network_measures::{network_measures, NetworkMeasureParams, NetworkMeasures};
pub use noise_compression::{noise_compression, NoiseCompression, NoiseCompressionParams};
pub use perturbation::{
    perturbation, perturbation_of_kinds, DirectionKind, Perturbation, PerturbationParams,
};
pub use recording::{analyse_recording, RecordingOptions, RegimeReport};
pub use subsample::{SubsampleOptions, SubsampleRow};

#[cfg(test)]
mod rerun_tests;
