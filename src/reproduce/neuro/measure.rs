//! The measures of one trained network on its task's shared evaluation batch, noise-free
//! (paper-methods 1.6, 3.1-3.4): correlation, norms, PCA (`D_x`), the ridge fit of the
//! output from the top PCs (`D_fit`, R^2 on all trials for Fig. 3 and on the held-out
//! trials for Fig. 16).

use nalgebra::DMatrix;
use oblique_validate::regime::dfit::{d_fit, fit_curve_rnn, RnnFitInput};
use oblique_validate::regime::norms::{state_norm, weight_norm};
use oblique_validate::regime::pca::{centre_columns, d_x, Spectrum};
use oblique_validate::regime::ridge::default_alphas;
use oblique_validate::rnn::network::TaskNetwork;
use oblique_validate::rnn::record::Trajectories;
use oblique_validate::rnn::tasks::steps_of;
use oblique_validate::rnn::train::{correlation, T_PC_MIN};
use serde::{Deserialize, Serialize};

/// PCs used by the PCA and the fits (paper-methods 3.3-3.4).
pub const MAX_PCS: usize = 30;
/// Threshold of `D_x,90` and `D_fit,90`.
pub const THRESHOLD: f64 = 0.9;
/// Fraction of the evaluation trials used to fit the ridge readout (24 of 32).
pub const FRAC_TRAIN: f64 = 0.75;

/// The noise-free measures of Figs. 3 and 16.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StateMeasures {
    /// `gen_corr(W_out, states at t >= 10)` (paper-methods 3.1a)
    pub corr: f64,
    /// `|W_out|` (RMS entry x sqrt(N), 3.2)
    pub w_out_norm: f64,
    /// `|x|` (RMS state x sqrt(N), 3.2)
    pub x_norm: f64,
    /// cumulative explained variance of the first `k` PCs, `k = 1 ... 30` (3.3)
    pub cevr: Vec<f64>,
    /// `R^2` of the output from the first `k` PCs on all trials, `k = 1 ... 30` (3.4, Fig. 3)
    pub r2_all: Vec<f64>,
    /// the same on the held-out trials (Fig. 16)
    pub r2_test: Vec<f64>,
    /// `D_x,90`
    pub d_x: Option<usize>,
    /// `D_fit,90` from `r2_all`
    pub d_fit: Option<usize>,
    /// `D_fit,90` from `r2_test`
    pub d_fit_test: Option<usize>,
}

/// Rows of the states at steps `k >= k0` of every trial (samples x N).
pub fn states_from(tr: &Trajectories, k0: usize) -> DMatrix<f64> {
    let (n, n_t) = (tr.n, tr.n_t);
    let rows = tr.batch * n_t.saturating_sub(k0);
    let mut m = DMatrix::zeros(rows, n);
    let mut r = 0;
    for b in 0..tr.batch {
        for k in k0..n_t {
            let off = (b * n_t + k) * n;
            for i in 0..n {
                m[(r, i)] = tr.x[off + i];
            }
            r += 1;
        }
    }
    m
}

/// The measures of `net` from its noise-free trajectories `tr` on the evaluation batch.
pub fn measure(net: &TaskNetwork, tr: &Trajectories) -> StateMeasures {
    let late = states_from(tr, steps_of(T_PC_MIN));
    let all = states_from(tr, 0);
    let z = DMatrix::from_row_slice(tr.batch * tr.n_t, tr.d_out, &tr.z);
    let w_out = DMatrix::from_row_slice(net.d_out, net.n, &net.w_out);
    let spectrum = Spectrum::of_centred(&centre_columns(&late));
    let cevr: Vec<f64> = spectrum
        .cumulative_ratio()
        .into_iter()
        .take(MAX_PCS)
        .collect();
    let n_train = ((tr.batch as f64) * FRAC_TRAIN).round() as usize;
    let train_rows: Vec<usize> = (0..n_train * tr.n_t).collect();
    let test_rows: Vec<usize> = (n_train * tr.n_t..tr.batch * tr.n_t).collect();
    let fit = |score: Option<&[usize]>| {
        fit_curve_rnn(
            &RnnFitInput {
                pca_states: &late,
                states: &all,
                output: &z,
                train_rows: &train_rows,
                score_rows: score,
                max_pcs: MAX_PCS,
            },
            &default_alphas(),
        )
        .r2
    };
    let r2_all = fit(None);
    let r2_test = fit(Some(&test_rows));
    StateMeasures {
        corr: correlation(net, tr),
        w_out_norm: weight_norm(&w_out),
        x_norm: state_norm(&late),
        d_x: d_x(&cevr, THRESHOLD, MAX_PCS),
        d_fit: d_fit(&r2_all, THRESHOLD),
        d_fit_test: d_fit(&r2_test, THRESHOLD),
        cevr,
        r2_all,
        r2_test,
    }
}

/// Every how many steps the 3-D sketch keeps a state.
pub const SKETCH_STRIDE: usize = 2;

/// The noise-free evaluation trajectories of the first trials (one per context) on their
/// network's top three PCs (PCA of all trials at `t >= 10`, as for `D_x`), every
/// [`SKETCH_STRIDE`]-th step from `t = 10`: the 3-D sketches of Fig. 4A-B.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Sketch {
    /// time of the first point
    pub t0: f64,
    /// time between points
    pub dt: f64,
    /// per trial, the states on [PC1, PC2, PC3]
    pub trials: Vec<Vec<[f32; 3]>>,
}

/// The [`Sketch`] of the first `trials` trials of `tr` (fewer PCs than 3 give zeros).
pub fn sketch(tr: &Trajectories, trials: usize) -> Sketch {
    let k0 = steps_of(T_PC_MIN);
    let late = states_from(tr, k0);
    let mean: Vec<f64> = late.column_iter().map(|c| c.mean()).collect();
    let spectrum = Spectrum::of_centred(&centre_columns(&late));
    let pcs = spectrum.vectors.ncols().min(3);
    let per_trial = tr.n_t.saturating_sub(k0);
    let trials = (0..trials.min(tr.batch))
        .map(|b| {
            (0..per_trial)
                .step_by(SKETCH_STRIDE)
                .map(|k| {
                    let row = late.row(b * per_trial + k);
                    let mut p = [0f32; 3];
                    for (j, v) in p.iter_mut().enumerate().take(pcs) {
                        let e = spectrum.vectors.column(j);
                        let s: f64 = (0..tr.n).map(|i| (row[i] - mean[i]) * e[i]).sum();
                        *v = s as f32;
                    }
                    p
                })
                .collect()
        })
        .collect();
    Sketch {
        t0: k0 as f64 * oblique_validate::rnn::tasks::DT,
        dt: SKETCH_STRIDE as f64 * oblique_validate::rnn::tasks::DT,
        trials,
    }
}
