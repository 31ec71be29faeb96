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
//! * [`check`], [`error`]: input checks and [`RegimeError`].

pub mod check;
pub mod corr;
pub mod dfit;
pub mod error;
pub mod norms;
pub mod pca;
pub mod procrustes;
pub mod recording;
pub mod ridge;
pub mod score;
pub mod subsample;

pub use error::RegimeError;
pub use recording::{analyse_recording, RecordingOptions, RegimeReport};
pub use subsample::{SubsampleOptions, SubsampleRow};
