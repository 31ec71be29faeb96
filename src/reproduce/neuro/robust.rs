//! Noise compression (Fig. 6, 16H) and perturbation susceptibility (Fig. 5, 16G) of one
//! trained network, through `oblique_validate::regime` (paper-methods 3.7, 3.8).

use super::plan::{Job, Size};
use oblique_validate::regime::{
    noise_compression, perturbation_of_kinds, DirectionKind, NoiseCompressionParams,
    PerturbationParams,
};
use oblique_validate::rnn::network::TaskNetwork;
use oblique_validate::rnn::tasks::{TaskBatch, TaskKind};
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

/// The measure set-ups of a plan size: the published ones at the paper size; fewer random
/// directions, amplitudes and perturbation times at the reduced sizes.
pub fn params(task: TaskKind, size: Size) -> (NoiseCompressionParams, PerturbationParams) {
    let mut nc = NoiseCompressionParams::paper(task);
    let mut pp = PerturbationParams::paper(task);
    match size {
        Size::Paper => {}
        Size::Default => {
            nc.n_random = 500;
            pp.n_amplitudes = 11;
            pp.n_times = 5;
        }
        Size::Quick => {
            nc.n_random = 200;
            nc.n_output = 20;
            nc.n_pc = 20;
            pp.n_amplitudes = 6;
            pp.n_times = 2;
        }
    }
    (nc, pp)
}

/// Noise compression and perturbations of `net` on `eval` (seeded by the job).
pub fn robustness(net: &TaskNetwork, eval: &TaskBatch, job: &Job, size: Size) -> Robustness {
    let (nc, pp) = params(job.task, size);
    let mut out = Robustness::default();
    match noise_compression(net, eval, &nc, job.seed) {
        Ok(r) => out.noise_ratio = Some(r.ratio_output_random),
        Err(e) => out.missing.push(format!("noise compression: {e}")),
    }
    // the figures and rows use the w_out and PC kicks only (the rand and w_in kicks, half of
    // the re-runs, would change none of their numbers)
    let kinds = [DirectionKind::WOut, DirectionKind::Pc];
    match perturbation_of_kinds(net, eval, &pp, job.seed, &kinds) {
        Ok(p) => {
            let dir = |k: DirectionKind| p.directions.iter().find(|d| d.kind == k);
            if let (Some(o), Some(c)) = (dir(DirectionKind::WOut), dir(DirectionKind::Pc)) {
                out.pert = Some(PertCurves {
                    amplitudes: p.amplitudes.clone(),
                    out_mean: o.mean.clone(),
                    out_sd: o.sd.clone(),
                    pc_mean: c.mean.clone(),
                    pc_sd: c.sd.clone(),
                    relative_susceptibility: p.relative_susceptibility,
                });
            }
        }
        Err(e) => out
            .missing
            .push(format!("perturbation susceptibility: {e}")),
    }
    out
}
