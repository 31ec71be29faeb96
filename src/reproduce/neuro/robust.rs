//! Noise compression (Fig. 6, 16H) and perturbation susceptibility (Fig. 5, 16G) of one
//! trained network, through `oblique_validate::regime` (paper-methods 3.7, 3.8).

use super::plan::Job;
use oblique_validate::rnn::network::TaskNetwork;
use oblique_validate::rnn::tasks::TaskBatch;
use serde::{Deserialize, Serialize};

/// Loss after perturbations along the output weights and along the top PCs (Fig. 5 middle).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PertCurves {
    /// perturbation amplitudes
    pub amplitudes: Vec<f64>,
    /// loss along `w_out`: mean over the perturbation times, per amplitude
    pub out_mean: Vec<f64>,
    /// its standard deviation over the times
    pub out_sd: Vec<f64>,
    /// loss along the PCs: mean over the times
    pub pc_mean: Vec<f64>,
    /// its standard deviation over the times
    pub pc_sd: Vec<f64>,
    /// `AUC_w_out / AUC_pc` (Fig. 5 right, 16G)
    pub relative_susceptibility: f64,
}

/// The robustness measures of one network; `None` with the reason in `missing` when a
/// measure is not available.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Robustness {
    /// variance along the output directions / along random directions (Fig. 6 right)
    pub noise_ratio: Option<f64>,
    /// perturbation curves and relative susceptibility
    pub pert: Option<PertCurves>,
    /// why a measure is absent
    pub missing: Vec<String>,
}

/// Noise compression and perturbations of `net` on `eval`.
pub fn robustness(_net: &TaskNetwork, _eval: &TaskBatch, _job: &Job) -> Robustness {
    Robustness {
        noise_ratio: None,
        pert: None,
        missing: vec![
            "noise compression (regime::noise_compression) is not in this build yet".into(),
            "perturbation susceptibility (regime::perturbation) is not in this build yet".into(),
        ],
    }
}
