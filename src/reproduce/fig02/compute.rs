//! The Fig. 2 networks (paper-methods 4.3): cycling, only `W` trained, one small-output
//! (aligned) and one large-output (oblique) network; after training, a noisy analysis run
//! (t_max = 150), PCA on t >= 10, and the ridge fit of the output from the top-k PCs
//! (methods 3.4 on the noisy run, as the published `cycling_plot` does).

use crate::reproduce::fig09::setup::Size;
use nalgebra::DMatrix;
use nalgebra::DVector;
use oblique_validate::regime::noise_compression::{
    noise_compression, NoiseCompression, NoiseCompressionParams,
};
use oblique_validate::regime::pca::{centre_columns, column_means, Spectrum};
use oblique_validate::regime::ridge::RidgeFit;
use oblique_validate::regime::ridge::{default_alphas, ridge_cv};
use oblique_validate::regime::score::r2_pooled;
use oblique_validate::rnn::init::OutputScale;
use oblique_validate::rnn::network::Noise;
use oblique_validate::rnn::presets::fig2;
use oblique_validate::rnn::tasks::steps_of;
use oblique_validate::rnn::tasks::TaskBatch;
use oblique_validate::rnn::train::{eval_batch, Precision, TrainConfig, Trainer};

/// Largest number of PCs in the R^2 curve.
pub const MAX_PCS: usize = 12;
/// Time window `[t0, t1)` of the noise-free trajectories drawn in 3-D and in the output
/// plane: one period of the cycling target (10 time units), late in the trial.
pub const PLOT_T: (f64, f64) = (50.0, 60.2);
/// The numbers of PCs of the drawn fits (`D_fit` = 2 and 8, as published).
pub const FIT_PCS: [usize; 2] = [2, 8];

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
    /// one noisy trial of each context: time, outputs, fit from 2 PCs, fit from 8 PCs
    pub fits: Vec<FitTrace>,
    /// the noise-free trajectories of the two contexts in [`PLOT_T`]
    pub clean: Vec<CleanTrace>,
    /// `w_out,1` in the basis [PC1, PC2, w_out,perp] (unscaled)
    pub w_arrow: [f64; 3],
    /// the factor the arrow is drawn with (1, 2 or 5 x 10^k: visible next to the states)
    pub w_factor: f64,
    /// the noise compression of Fig. 6 left (methods 3.7): the variances along every
    /// direction set (the histograms) and `Var(output) / Var(random)` (the triangles)
    pub noise: NoiseCompression,
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

/// A noise-free trial of one context: the states on [PC1, PC2, w_out,perp] (PCs of the
/// noisy analysis run), the target, the network's output and the readouts fitted on the
/// noisy run from 2 and 8 PCs applied to these states.
#[derive(Debug, Clone)]
pub struct CleanTrace {
    /// context (trial index: 0 = A, 1 = B)
    pub context: usize,
    /// times
    pub t: Vec<f64>,
    /// states projected on [PC1, PC2, w_out,perp]
    pub xyz: Vec<[f64; 3]>,
    /// target
    pub target: Vec<[f64; 2]>,
    /// network output
    pub z: Vec<[f64; 2]>,
    /// fit from 2 PCs
    pub z2: Vec<[f64; 2]>,
    /// fit from 8 PCs
    pub z8: Vec<[f64; 2]>,
}

/// The first `k` trials of `b`.
fn first_trials(b: &TaskBatch, k: usize) -> TaskBatch {
    let k = k.min(b.batch);
    TaskBatch {
        batch: k,
        input: b.input[..k * b.n_t * b.d_in].to_vec(),
        target: b.target[..k * b.n_t * b.d_out].to_vec(),
        mask: b.mask[..k * b.n_t * b.d_out].to_vec(),
        ..*b
    }
}

/// PC1, PC2 (columns of `pcs`) and the unit part of `w` orthogonal to both.
fn basis(pcs: &DMatrix<f64>, w: &DVector<f64>) -> [DVector<f64>; 3] {
    let e1 = pcs.column(0).into_owned();
    let e2 = pcs.column(1).into_owned();
    let mut e3 = w - &e1 * e1.dot(w) - &e2 * e2.dot(w);
    let norm = e3.norm();
    if norm > 0.0 {
        e3 /= norm;
    }
    [e1, e2, e3]
}

/// Trains the network of `scale`; returns the trainer and the per-step loss.
fn train(s: &Setup, scale: OutputScale, seed: u64) -> anyhow::Result<(Trainer, Vec<f64>)> {
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
    Ok((run, loss))
}

/// The PCA of the noisy run and the readouts fitted on it.
struct Analysis {
    /// mean of the states at t >= 10
    mean: DVector<f64>,
    /// the top PCs (neurons x MAX_PCS)
    pcs: DMatrix<f64>,
    /// the readouts from 2 and 8 PCs
    fits: Vec<RidgeFit>,
}

impl Analysis {
    /// `rows` (samples x N) centred and projected on the top `k` PCs.
    fn project(&self, rows: &DMatrix<f64>, k: usize) -> DMatrix<f64> {
        let mut c = rows.clone();
        for (mut col, m) in c.column_iter_mut().zip(self.mean.iter()) {
            col.add_scalar_mut(-m);
        }
        c * self.pcs.columns(0, k)
    }
}

/// Trains and analyses one network.
pub fn run_one(s: &Setup, scale: OutputScale, seed: u64) -> anyhow::Result<CyclingRun> {
    let (run, loss) = train(s, scale, seed)?;
    let preset = run.cfg.preset;
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
    let spec = Spectrum::of_centred(&centre_columns(&pca_states));
    let mut an = Analysis {
        mean: column_means(&pca_states),
        pcs: spec.vectors.columns(0, MAX_PCS.min(n)).into_owned(),
        fits: Vec::new(),
    };
    let proj_all = an.project(&states, MAX_PCS.min(n));
    let train: Vec<usize> = (0..24 * n_t).collect();
    let alphas = default_alphas();
    let mut r2 = Vec::new();
    let mut yhats = Vec::new();
    for k in 1..=MAX_PCS.min(n) {
        let x = proj_all.columns(0, k).into_owned();
        let fit = ridge_cv(&x.select_rows(&train), &z.select_rows(&train), &alphas);
        let yhat = fit.predict(&x);
        r2.push(r2_pooled(&z, &yhat, None));
        if FIT_PCS.contains(&k) {
            yhats.push(yhat);
            an.fits.push(fit);
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
    let w = DVector::from_column_slice(&run.net.w_out[..n]);
    let e = basis(&an.pcs, &w);
    let w_arrow = [e[0].dot(&w), e[1].dot(&w), e[2].dot(&w)];
    let clean = clean_traces(&run, &batch, &an, &e);
    Ok(CyclingRun {
        scale,
        loss,
        r2,
        fits,
        w_factor: arrow_factor(&clean, &w_arrow),
        clean,
        w_arrow,
        noise: nc,
    })
}

/// The factor that draws `w` at about 60% of the largest distance of the states from
/// their mean (1 when there is nothing to scale).
fn arrow_factor(clean: &[CleanTrace], w: &[f64; 3]) -> f64 {
    let norm = |p: &[f64; 3]| p.iter().map(|v| v * v).sum::<f64>().sqrt();
    let radius = clean
        .iter()
        .flat_map(|c| c.xyz.iter().map(norm))
        .fold(0.0, f64::max);
    crate::plot::view3d::nice_factor(0.6 * radius, norm(w)).unwrap_or(1.0)
}

/// The noise-free trials of the two contexts in [`PLOT_T`], projected on the basis `e` and
/// read out by the fits of the noisy run.
fn clean_traces(
    run: &Trainer,
    batch: &TaskBatch,
    an: &Analysis,
    e: &[DVector<f64>; 3],
) -> Vec<CleanTrace> {
    let (k0, k1) = (steps_of(PLOT_T.0), steps_of(PLOT_T.1).min(batch.n_t));
    let two = first_trials(batch, 2);
    let tr = run.simulate(&run.net, &two, Noise::NONE);
    let n = tr.n;
    let states = DMatrix::from_row_slice(tr.batch * tr.n_t, n, &tr.x);
    let fitted: Vec<DMatrix<f64>> = an
        .fits
        .iter()
        .zip(FIT_PCS)
        .map(|(f, k)| f.predict(&an.project(&states, k)))
        .collect();
    let pair = |v: &[f64], r: usize| [v[2 * r], v[2 * r + 1]];
    let row = |m: &DMatrix<f64>, r: usize| [m[(r, 0)], m[(r, 1)]];
    (0..tr.batch)
        .map(|b| {
            let rows: Vec<usize> = (k0..k1).map(|k| b * tr.n_t + k).collect();
            let xyz = rows
                .iter()
                .map(|&r| {
                    let x = states.row(r).transpose() - &an.mean;
                    [e[0].dot(&x), e[1].dot(&x), e[2].dot(&x)]
                })
                .collect();
            CleanTrace {
                context: b,
                t: (k0..k1)
                    .map(|k| k as f64 * oblique_validate::rnn::tasks::DT)
                    .collect(),
                xyz,
                target: rows.iter().map(|&r| pair(&two.target, r)).collect(),
                z: rows.iter().map(|&r| pair(&tr.z, r)).collect(),
                z2: rows.iter().map(|&r| row(&fitted[0], r)).collect(),
                z8: rows.iter().map(|&r| row(&fitted[1], r)).collect(),
            }
        })
        .collect()
}
