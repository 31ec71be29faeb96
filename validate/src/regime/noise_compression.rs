//! Noise compression (methods 3.7; Fig. 6, Fig. 16H): how strongly a trained network
//! suppresses its trial-to-trial fluctuations along the output directions, compared with
//! random directions and with the leading PCs of its condition-averaged activity.
//!
//! Published variant computed here (`neuro_compute_results.ipynb` cell 12, and the Fig. 6
//! left histograms of `cycling_plot.ipynb` through [`NoiseCompressionParams::fig6_left`]):
//!
//! 1. trial `b` of `C x R` noisy trials re-runs evaluation trial `b mod C` (`C` conditions,
//!    `R` repeats), with fresh initial-state noise and hidden noise at the training level,
//!    no input noise (Mante's frozen sensory noise is in the evaluation inputs, hence the
//!    same in every repeat);
//! 2. over the time window (the whole trial in the paper's measure):
//!    `dx(b, k) = x(b, k) - mean over the R repeats of condition b mod C at step k`;
//! 3. the variance along a unit `v` is the unbiased variance of `dx . v` over all
//!    `C R K` samples, `v^T C v` with `C = dx^T dx / (C R K - 1)` (the mean of `dx` is 0);
//! 4. directions: isotropic random ones, random unit combinations of an orthonormal basis
//!    of the `W_out` rows, and random unit combinations of the top-2 PCs of the condition
//!    averages (`C K x N`, centred over samples);
//! 5. the plotted ratio is `mean(var_output) / mean(var_random)`.

use nalgebra::DMatrix;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

use super::directions::{in_span, isotropic, orthonormal_basis, top_pcs};
use super::RegimeError;
use crate::rnn::bptt::NoiseDraw;
use crate::rnn::grad::trajectories;
use crate::rnn::network::{Noise, TaskNetwork};
use crate::rnn::real::{gemm, Mat};
use crate::rnn::tasks::{steps_of, TaskBatch, TaskKind};
use crate::rnn::train::Precision;
use crate::train::noise::stream_seed;

/// Mixed into the seed of the measure (noise streams and directions).
const NC_TAG: u64 = 0x0C0B_FE55_0000_0001;

/// The set-up of a noise-compression measure.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct NoiseCompressionParams {
    /// conditions `C`: the first `C` trials of the evaluation batch
    pub conditions: usize,
    /// noisy repeats `R` of every condition
    pub repeats: usize,
    /// hidden noise (the training level) and initial-state noise (1)
    pub noise: Noise,
    /// time window `[t_start, t_end)` in time units; `None`: the whole trial
    pub window: Option<(f64, f64)>,
    /// number of isotropic random directions
    pub n_random: usize,
    /// number of directions inside the span of the `W_out` rows
    pub n_output: usize,
    /// number of directions inside the span of the top PCs
    pub n_pc: usize,
    /// how many top PCs of the condition averages span the PC directions
    pub pcs: usize,
    /// arithmetic of the simulation
    pub precision: Precision,
}

impl NoiseCompressionParams {
    /// The measure of Fig. 6 right and Fig. 16H (methods 3.7): 4 conditions x 16 repeats,
    /// whole trial, `sigma_init = 1`, `sigma_hid` of the task's training (0.2, Mante 0.05),
    /// 2000 random, 100 output and 100 PC directions (top 2 PCs).
    pub fn paper(task: TaskKind) -> Self {
        NoiseCompressionParams {
            conditions: 4,
            repeats: 16,
            noise: Noise {
                sigma_hid: if task == TaskKind::Mante { 0.05 } else { 0.2 },
                sigma_init: 1.0,
            },
            window: None,
            n_random: 2000,
            n_output: 100,
            n_pc: 100,
            pcs: 2,
            precision: Precision::F64,
        }
    }

    /// The Fig. 6 left histograms (cycling example networks, methods 3.7 and 4.3): 32 noisy
    /// trials as 2 conditions (even / odd) x 16 repeats, `sigma_hid = 0.2`,
    /// `sigma_init = 1`, window `t in [10, 71)`, 2000 random, 1000 output and 1000 PC
    /// directions. The evaluation batch should run to `t_max = 150`.
    pub fn fig6_left() -> Self {
        NoiseCompressionParams {
            conditions: 2,
            window: Some((10.0, 71.0)),
            n_output: 1000,
            n_pc: 1000,
            ..Self::paper(TaskKind::Cycling)
        }
    }

    /// The window as steps `[k_start, k_end)` of a trial of `n_t` steps.
    fn steps(&self, n_t: usize) -> Result<(usize, usize), RegimeError> {
        let (a, b) = match self.window {
            None => (0, n_t),
            Some((t0, t1)) => (steps_of(t0), steps_of(t1).min(n_t)),
        };
        if b <= a {
            return Err(RegimeError::InvalidArgument(format!(
                "noise compression: the window {:?} holds no step of a trial of {n_t} steps",
                self.window
            )));
        }
        Ok((a, b))
    }

    fn validate(&self, batch: &TaskBatch) -> Result<(), RegimeError> {
        let bad = |m: String| {
            Err(RegimeError::InvalidArgument(format!(
                "noise compression: {m}"
            )))
        };
        if self.conditions == 0 || self.conditions > batch.batch {
            return bad(format!(
                "conditions = {} must be in 1..={} (the trials of the evaluation batch)",
                self.conditions, batch.batch
            ));
        }
        if self.repeats < 2 {
            return bad(format!("repeats = {} must be at least 2", self.repeats));
        }
        if self.pcs == 0 || self.n_random == 0 {
            return bad("pcs and n_random must be at least 1".into());
        }
        let (h, i) = (self.noise.sigma_hid, self.noise.sigma_init);
        if !(h >= 0.0 && i >= 0.0 && h.is_finite() && i.is_finite()) || h + i == 0.0 {
            return bad(format!(
                "sigma_hid = {h}, sigma_init = {i}: both must be finite and >= 0, not both 0"
            ));
        }
        Ok(())
    }
}

/// The variances along every direction set and their ratios (methods 3.7).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct NoiseCompression {
    /// variance of the fluctuations along each random direction
    pub var_random: Vec<f64>,
    /// along each direction inside the span of the `W_out` rows
    pub var_output: Vec<f64>,
    /// along each direction inside the span of the top PCs
    pub var_pc: Vec<f64>,
    /// `mean(var_output) / mean(var_random)`: the plotted "Var. output / random" (Fig. 6)
    pub ratio_output_random: f64,
    /// `mean(var_pc) / mean(var_random)`
    pub ratio_pc_random: f64,
    /// number of (trial, step) samples of the fluctuations
    pub samples: usize,
}

/// Noise compression of `net` on the first trials of `eval` (methods 3.7), seeded: the noise
/// of trial `b` and the directions come from streams of `seed`, so the numbers do not
/// depend on the number of threads (rayon's current pool runs the work).
pub fn noise_compression(
    net: &TaskNetwork,
    eval: &TaskBatch,
    p: &NoiseCompressionParams,
    seed: u64,
) -> Result<NoiseCompression, RegimeError> {
    p.validate(eval)?;
    net.validate()
        .map_err(|e| RegimeError::InvalidArgument(e.to_string()))?;
    let (k0, k1) = p.steps(eval.n_t)?;
    let (n, c, r) = (net.n, p.conditions, p.repeats);
    let batch = repeat_conditions(eval, c, r);
    let nd = NoiseDraw {
        noise: p.noise,
        seed: seed ^ NC_TAG,
        draw: 0,
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(rayon::current_num_threads())
        .build()
        .map_err(|e| RegimeError::InvalidArgument(format!("worker threads: {e}")))?;
    let (mut x, _) = match p.precision {
        Precision::F32 => trajectories::<f32>(net, &batch, &nd, &pool),
        Precision::F64 => trajectories::<f64>(net, &batch, &nd, &pool),
    };
    let kw = k1 - k0;
    let means = condition_means(&x, eval.n_t, n, c, r, (k0, k1));
    for b in 0..c * r {
        for k in k0..k1 {
            let m = &means[((b % c) * kw + k - k0) * n..][..n];
            let row = &mut x[(b * eval.n_t + k) * n..][..n];
            row.iter_mut().zip(m).for_each(|(v, mv)| *v -= mv);
        }
    }
    let samples = c * r * kw;
    let cov = covariance(&x, eval.n_t, n, c * r, (k0, k1), samples);
    let avg = DMatrix::from_row_slice(c * kw, n, &means);
    let mut rng = ChaCha8Rng::seed_from_u64(stream_seed(seed ^ NC_TAG, 1, 0));
    let random = isotropic(&mut rng, n, p.n_random);
    let w_out_t = DMatrix::from_row_slice(net.d_out, n, &net.w_out).transpose();
    let output = in_span(&mut rng, &orthonormal_basis(&w_out_t, "W_out")?, p.n_output);
    let pcs = top_pcs(&avg, p.pcs)?;
    let pc = in_span(&mut rng, &pcs, p.n_pc);
    let var = |v: &DMatrix<f64>| -> Vec<f64> {
        let cv = &cov * v;
        (0..v.ncols())
            .map(|j| v.column(j).dot(&cv.column(j)))
            .collect()
    };
    let (var_random, var_output, var_pc) = (var(&random), var(&output), var(&pc));
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len().max(1) as f64;
    let base = mean(&var_random);
    if !(base > 0.0 && base.is_finite()) {
        return Err(RegimeError::InvalidArgument(format!(
            "noise compression: the fluctuations have variance {base} along random directions"
        )));
    }
    Ok(NoiseCompression {
        ratio_output_random: mean(&var_output) / base,
        ratio_pc_random: mean(&var_pc) / base,
        var_random,
        var_output,
        var_pc,
        samples,
    })
}

/// A batch whose trial `b` is trial `b mod c` of `eval` (`c r` trials).
fn repeat_conditions(eval: &TaskBatch, c: usize, r: usize) -> TaskBatch {
    let (t, di, d) = (eval.n_t, eval.d_in, eval.d_out);
    let mut out = TaskBatch::zeros(c * r, t, di, d);
    for b in 0..c * r {
        let s = b % c;
        out.input[b * t * di..(b + 1) * t * di]
            .copy_from_slice(&eval.input[s * t * di..(s + 1) * t * di]);
        out.target[b * t * d..(b + 1) * t * d]
            .copy_from_slice(&eval.target[s * t * d..(s + 1) * t * d]);
        out.mask[b * t * d..(b + 1) * t * d]
            .copy_from_slice(&eval.mask[s * t * d..(s + 1) * t * d]);
    }
    out
}

/// Mean over the `r` repeats of every condition at every window step (`c x K x N`).
fn condition_means(
    x: &[f64],
    n_t: usize,
    n: usize,
    c: usize,
    r: usize,
    (k0, k1): (usize, usize),
) -> Vec<f64> {
    let kw = k1 - k0;
    let mut means = vec![0.0; c * kw * n];
    for b in 0..c * r {
        for k in k0..k1 {
            let m = &mut means[((b % c) * kw + k - k0) * n..][..n];
            let row = &x[(b * n_t + k) * n..][..n];
            m.iter_mut().zip(row).for_each(|(mv, v)| *mv += v);
        }
    }
    means.iter_mut().for_each(|v| *v /= r as f64);
    means
}

/// `dx^T dx / (samples - 1)` over the window steps of every trial; trials are summed in
/// fixed groups (then in order), so the result does not depend on the threads.
fn covariance(
    dx: &[f64],
    n_t: usize,
    n: usize,
    trials: usize,
    (k0, k1): (usize, usize),
    samples: usize,
) -> DMatrix<f64> {
    const GROUP: usize = 4;
    let kw = k1 - k0;
    let parts: Vec<Vec<f64>> = (0..trials)
        .step_by(GROUP)
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|b0| {
            let mut acc = vec![0.0; n * n];
            for b in b0..(b0 + GROUP).min(trials) {
                let block = &dx[(b * n_t + k0) * n..(b * n_t + k1) * n];
                gemm(
                    n,
                    kw,
                    n,
                    1.0,
                    Mat::rows_t(block, n),
                    Mat::rows(block, n),
                    1.0,
                    &mut acc,
                );
            }
            acc
        })
        .collect();
    let mut cov = vec![0.0; n * n];
    for p in &parts {
        cov.iter_mut().zip(p).for_each(|(a, b)| *a += b);
    }
    let scale = 1.0 / (samples as f64 - 1.0).max(1.0);
    DMatrix::from_row_slice(n, n, &cov) * scale
}
