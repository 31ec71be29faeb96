//! The Fig. 2 networks (paper-methods 4.3): cycling, only `W` trained, one small-output
//! (aligned) and one large-output (oblique) network; after training, a noisy analysis run
//! (t_max = 150), PCA on t >= 10, and the ridge fit of the output from the top-k PCs
//! (methods 3.4 on the noisy run, as the published `cycling_plot` does).

use crate::reproduce::fig09::compute::{project, projection_basis};
use crate::reproduce::fig09::setup::Size;
use nalgebra::DMatrix;
use oblique_validate::regime::noise_compression::{noise_compression, NoiseCompressionParams};
use oblique_validate::regime::pca::{centre_columns, column_means, Spectrum};
use oblique_validate::regime::ridge::{default_alphas, ridge_cv};
use oblique_validate::regime::score::r2_pooled;
use oblique_validate::rnn::init::OutputScale;
use oblique_validate::rnn::presets::fig2;
use oblique_validate::rnn::tasks::steps_of;
use oblique_validate::rnn::train::{eval_batch, Precision, TrainConfig, Trainer};

/// Largest number of PCs in the R^2 curve.
pub const MAX_PCS: usize = 12;

/// The Fig. 2 run.
#[derive(Debug, Clone)]
pub struct Setup {
    /// size
    pub size: Size,
    /// neurons
    pub n: usize,
    /// training steps
    pub steps: usize,
    /// analysis run length (time units)
    pub t_max: f64,
}

impl Setup {
    /// The set-up of `size`.
    pub fn new(size: Size) -> Self {
        let (n, steps) = match size {
            Size::Quick => (48, 60),
            Size::Default => (128, 1000),
            Size::Paper => (256, 5000),
        };
        Setup {
            size,
            n,
            steps,
            t_max: 150.0,
        }
    }
    /// One line for the report.
    pub fn describe(&self) -> String {
        format!(
            "cycling, N = {}, only W trained (Adam, lr0 = 0.1, lr = lr0/N), g = 1.5, h_0 ~ N(0, 1) fixed, \
             sigma_init = 1, sigma_hid = 0.2, batch 32, {} steps; analysis: 32 noisy trials to t = {}, \
             PCA on t >= 10, RidgeCV of z from the top k PCs (first 24 trials), R^2 on all trials",
            self.n, self.steps, self.t_max
        )
    }
}

/// One trained network and its analysis.
#[derive(Debug, Clone)]
pub struct CyclingRun {
    /// output scale (small = aligned, large = oblique)
    pub scale: OutputScale,
    /// per-step training loss
    pub loss: Vec<f64>,
    /// `R^2` for `k = 1 ..= MAX_PCS`
    pub r2: Vec<f64>,
    /// one trial of each context: time, true outputs, fit from 2 PCs, fit from 8 PCs
    pub fits: Vec<FitTrace>,
    /// trials 0 and 1 projected on [PC1, PC2, w_out,1 orthogonal part] (t >= 10)
    pub proj: [Vec<[f64; 3]>; 2],
    /// `w_out,1` in that basis (scaled by sqrt(N) or N)
    pub w_arrow: [f64; 3],
    /// noise compression `Var(output) / Var(random)` of Fig. 6 left (methods 3.7)
    pub noise_ratio: f64,
}

/// The outputs of one trial and their reconstructions.
#[derive(Debug, Clone)]
pub struct FitTrace {
    /// trial index
    pub trial: usize,
    /// `z` (steps x 2)
    pub z: Vec<[f64; 2]>,
    /// fit from 2 PCs
    pub z2: Vec<[f64; 2]>,
    /// fit from 8 PCs
    pub z8: Vec<[f64; 2]>,
}

/// Trains and analyses one network.
pub fn run_one(s: &Setup, scale: OutputScale, seed: u64) -> anyhow::Result<CyclingRun> {
    let mut preset = fig2(scale);
    preset.n = s.n;
    preset.steps = s.steps;
    let mut cfg = TrainConfig::new(preset);
    cfg.seed = seed;
    cfg.threads = 1;
    cfg.corr_every = s.steps.max(1);
    cfg.precision = Precision::F32;
    let mut run = Trainer::new(cfg)?;
    let mut loss = Vec::with_capacity(s.steps);
    for _ in 0..s.steps {
        loss.push(run.step()?.loss);
    }
    let n_t = steps_of(s.t_max);
    let batch = eval_batch(&preset, Some(n_t));
    let tr = run.simulate(&run.net, &batch, preset.noise);
    let nc = noise_compression(&run.net, &batch, &NoiseCompressionParams::fig6_left(), seed)?;
    let n = s.n;
    let rows = tr.batch * n_t;
    let states = DMatrix::from_row_slice(rows, n, &tr.x);
    let z = DMatrix::from_row_slice(rows, 2, &tr.z);
    let k_min = steps_of(10.0);
    let late: Vec<usize> = (0..rows).filter(|r| r % n_t >= k_min).collect();
    let pca_states = states.select_rows(&late);
    let mean = column_means(&pca_states);
    let spec = Spectrum::of_centred(&centre_columns(&pca_states));
    let mut centred = states.clone();
    for (mut col, m) in centred.column_iter_mut().zip(mean.iter()) {
        col.add_scalar_mut(-m);
    }
    let proj_all = &centred * spec.vectors.columns(0, MAX_PCS.min(n));
    let train: Vec<usize> = (0..24 * n_t).collect();
    let alphas = default_alphas();
    let fit_k = |k: usize| {
        let x = proj_all.columns(0, k).into_owned();
        let fit = ridge_cv(&x.select_rows(&train), &z.select_rows(&train), &alphas);
        let yhat = fit.predict(&x);
        (r2_pooled(&z, &yhat, None), yhat)
    };
    let mut r2 = Vec::new();
    let mut yhats = Vec::new();
    for k in 1..=MAX_PCS.min(n) {
        let (r, y) = fit_k(k);
        r2.push(r);
        if k == 2 || k == 8 {
            yhats.push(y);
        }
    }
    let fits = (0..2)
        .map(|b| {
            let rows = (b * n_t)..((b + 1) * n_t);
            let pick = |m: &DMatrix<f64>| rows.clone().map(|r| [m[(r, 0)], m[(r, 1)]]).collect();
            FitTrace {
                trial: b,
                z: pick(&z),
                z2: pick(&yhats[0]),
                z8: pick(&yhats[1]),
            }
        })
        .collect();
    let (basis, pmean) = projection_basis(&pca_states, &run.net.w_out[..n]);
    let scale_f = match scale {
        OutputScale::Large => (n as f64).sqrt(),
        OutputScale::Small => n as f64,
    };
    let w = nalgebra::DVector::from_column_slice(&run.net.w_out[..n]) * scale_f;
    let trial = |b: usize| {
        let sel: Vec<usize> = ((b * n_t + k_min)..((b + 1) * n_t)).collect();
        project(&states.select_rows(&sel), &basis, &pmean)
    };
    Ok(CyclingRun {
        scale,
        loss,
        r2,
        fits,
        proj: [trial(0), trial(1)],
        w_arrow: [basis[0].dot(&w), basis[1].dot(&w), basis[2].dot(&w)],
        noise_ratio: nc.ratio_output_random,
    })
}
