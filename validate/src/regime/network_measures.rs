//! Every regime measure of one trained task network (methods 3.1-3.4, 3.7, 3.8), computed
//! from its noise-free trajectories on the evaluation batch (`x_0 = h_0`, no noise), as
//! Figs. 3, 5, 6 and 16 use them.

use nalgebra::DMatrix;

use super::corr::{corr_data, gen_corr};
use super::dfit::{d_fit, fit_curve_rnn, RnnFitInput};
use super::noise_compression::{noise_compression, NoiseCompressionParams};
use super::norms::{state_norm, weight_norm};
use super::pca::{centre_columns, d_x, Spectrum};
use super::perturbation::{perturbation, Perturbation, PerturbationParams};
use super::ridge::default_alphas;
use super::RegimeError;
use crate::rnn::network::{Noise, TaskNetwork};
use crate::rnn::tasks::{steps_of, TaskBatch, TaskKind};
use crate::rnn::train::{simulate, Precision, T_PC_MIN};

/// What to compute besides the measures on the noise-free states.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct NetworkMeasureParams {
    /// noise compression; `None` skips it
    pub noise_compression: Option<NoiseCompressionParams>,
    /// perturbations; `None` skips them
    pub perturbation: Option<PerturbationParams>,
    /// seed of the noise and the directions
    pub seed: u64,
    /// number of PCs for `D_x` and `D_fit` (30)
    pub max_pcs: usize,
}

impl NetworkMeasureParams {
    /// The published set-up of `task`, with the noise compression at the hidden-noise level
    /// `sigma_hid` the network was trained with.
    pub fn paper(task: TaskKind, sigma_hid: f64, seed: u64) -> Self {
        let mut nc = NoiseCompressionParams::paper(task);
        nc.noise.sigma_hid = sigma_hid;
        NetworkMeasureParams {
            noise_compression: Some(nc),
            perturbation: Some(PerturbationParams::paper(task)),
            seed,
            max_pcs: 30,
        }
    }
}

/// The measures of one network.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct NetworkMeasures {
    /// neurons
    pub n: usize,
    /// `gen_corr(W_out, states at t >= 10)` (methods 3.1a, Fig. 3A)
    pub corr: f64,
    /// the data variant `|X_c W_out^T| / (|X_c| |W_out|)` on the same states (3.1b)
    pub corr_data: f64,
    /// RMS state at `t >= 10` times `sqrt(N)` (3.2)
    pub state_norm: f64,
    /// `|W_out|_F / sqrt(d_out)` (3.2)
    pub w_out_norm: f64,
    /// RMS entry of `W` times `sqrt(N)`
    pub w_norm: f64,
    /// participation ratio of the states at `t >= 10`
    pub participation_ratio: f64,
    /// cumulative explained variance of the first `max_pcs` PCs (3.3)
    pub cumulative_variance: Vec<f64>,
    /// first `k` above 90% (3.3)
    pub d_x: Option<usize>,
    /// pooled `R^2` of the output from the top-`k` PCs, all 32 trials (3.4, Fig. 3B)
    pub fit_r2: Vec<f64>,
    /// first `k` with `R^2 > 0.9` (Fig. 3)
    pub d_fit: Option<usize>,
    /// the same on the held-out last quarter of the trials (Fig. 16)
    pub fit_r2_test: Vec<f64>,
    /// first `k` with held-out `R^2 > 0.9` (Fig. 16)
    pub d_fit_test: Option<usize>,
    /// `mean var(output) / mean var(random)` (3.7, Fig. 6)
    pub noise_ratio: Option<f64>,
    /// `mean var(PC) / mean var(random)`
    pub noise_ratio_pc: Option<f64>,
    /// `AUC_w_out / AUC_pc` (3.8, Fig. 5)
    pub susceptibility: Option<f64>,
    /// the perturbation losses
    pub perturbation: Option<Perturbation>,
}

/// Every measure of `net` on its evaluation batch `eval` (methods 3.1-3.4, 3.7, 3.8).
pub fn network_measures(
    net: &TaskNetwork,
    eval: &TaskBatch,
    p: &NetworkMeasureParams,
) -> Result<NetworkMeasures, RegimeError> {
    net.validate()
        .map_err(|e| RegimeError::InvalidArgument(e.to_string()))?;
    let k0 = steps_of(T_PC_MIN);
    if eval.n_t <= k0 + 1 || eval.batch < 4 {
        return Err(RegimeError::InvalidArgument(format!(
            "the evaluation batch ({} trials x {} steps) needs at least 4 trials and more than \
             {k0} steps (t >= 10 is analysed)",
            eval.batch, eval.n_t
        )));
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(rayon::current_num_threads())
        .build()
        .map_err(|e| RegimeError::InvalidArgument(format!("worker threads: {e}")))?;
    let tr = simulate(net, eval, Noise::NONE, Precision::F64, &pool);
    let (n, t) = (net.n, eval.n_t);
    let all = DMatrix::from_row_slice(eval.batch * t, n, &tr.x);
    let late_rows: Vec<usize> = (0..eval.batch)
        .flat_map(|b| (b * t + k0..(b + 1) * t).collect::<Vec<_>>())
        .collect();
    let late = all.select_rows(&late_rows);
    let z = DMatrix::from_row_slice(eval.batch * t, net.d_out, &tr.z);
    let w_out = DMatrix::from_row_slice(net.d_out, n, &net.w_out);
    let spectrum = Spectrum::of_centred(&centre_columns(&late));
    let cumulative: Vec<f64> = spectrum
        .cumulative_ratio()
        .into_iter()
        .take(p.max_pcs)
        .collect();
    let n_train = eval.batch * 3 / 4;
    let train: Vec<usize> = (0..n_train * t).collect();
    let test: Vec<usize> = (n_train * t..eval.batch * t).collect();
    let fit = |score: Option<&[usize]>| {
        let input = RnnFitInput {
            pca_states: &late,
            states: &all,
            output: &z,
            train_rows: &train,
            score_rows: score,
            max_pcs: p.max_pcs,
        };
        fit_curve_rnn(&input, &default_alphas()).r2
    };
    let (fit_r2, fit_r2_test) = (fit(None), fit(Some(&test)));
    let nc = match &p.noise_compression {
        Some(q) => Some(noise_compression(net, eval, q, p.seed)?),
        None => None,
    };
    let pert = match &p.perturbation {
        Some(q) => Some(perturbation(net, eval, q, p.seed)?),
        None => None,
    };
    Ok(NetworkMeasures {
        n,
        corr: gen_corr(&w_out, &late),
        corr_data: corr_data(&late, &w_out),
        state_norm: state_norm(&late),
        w_out_norm: weight_norm(&w_out),
        w_norm: weight_norm(&DMatrix::from_row_slice(n, n, &net.w)),
        participation_ratio: spectrum.participation_ratio(),
        d_x: d_x(&cumulative, 0.9, p.max_pcs),
        cumulative_variance: cumulative,
        d_fit: d_fit(&fit_r2, 0.9),
        d_fit_test: d_fit(&fit_r2_test, 0.9),
        fit_r2,
        fit_r2_test,
        noise_ratio: nc.as_ref().map(|c| c.ratio_output_random),
        noise_ratio_pc: nc.as_ref().map(|c| c.ratio_pc_random),
        susceptibility: pert.as_ref().map(|q| q.relative_susceptibility),
        perturbation: pert,
    })
}
