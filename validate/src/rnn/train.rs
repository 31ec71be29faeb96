//! A training run: fresh trials and fresh noise every step, BPTT, Adam at `lr0 / N`
//! (paper-methods 1.4), with the per-step record of [`super::record`].
//!
//! Seeds: the network comes from `seed` ([`super::init`]); step `s` draws its trials from the
//! task streams `(seed, s)` and its noise from the noise streams `(seed ^ NOISE_TAG, s)`. The
//! evaluation batch (32 trials, with one frozen draw of the initial-state noise) is the same
//! for every network of a task ([`EVAL_SEED`]), as in the paper.

use super::adam::TaskAdam;
use super::bptt::NoiseDraw;
use super::corr::{gen_corr, states_from};
use super::grad::{loss_and_gradient, trajectories, LossParts};
use super::init::{init_network, InitSpec};
use super::network::{Noise, TaskNetwork};
use super::presets::Preset;
use super::record::{StepRecord, Trajectories};
use super::tasks::{steps_of, TaskBatch};
use super::RnnError;
use oblique_theory::nonlinearity::Builtin;

/// Seed of every task's shared evaluation batch and its frozen noise.
pub const EVAL_SEED: u64 = 0x00E7_A1BA_7C40_0001;
/// Trials of the evaluation batch.
pub const EVAL_BATCH: usize = 32;
/// Transient removed before the correlation: `t >= 10` (paper-methods 3).
pub const T_PC_MIN: f64 = 10.0;
/// Mixed into the run seed for the network noise streams.
const NOISE_TAG: u64 = 0x4E01_5E00_0000_0001;

/// The arithmetic of the forward and backward passes.
pub use crate::precision::Precision;

/// A full run configuration.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct TrainConfig {
    /// task, sizes, noise, learning rate, steps and trained weights
    pub preset: Preset,
    /// run seed
    pub seed: u64,
    /// worker threads (results do not depend on it)
    pub threads: usize,
    /// the correlation is recorded every `corr_every` steps (and at the last step)
    pub corr_every: usize,
    /// precision of the passes
    pub precision: Precision,
    /// `phi`
    #[serde(skip)]
    pub nonlinearity: Builtin,
}

impl TrainConfig {
    /// `preset` with seed 1, 2 threads, correlation every 20 steps, `f32`, tanh.
    pub fn new(preset: Preset) -> Self {
        TrainConfig {
            preset,
            seed: 1,
            threads: 2,
            corr_every: 20,
            precision: Precision::F32,
            nonlinearity: Builtin::Tanh,
        }
    }

    /// Checks every number; the error names the parameter and its range.
    pub fn validate(&self) -> Result<(), RnnError> {
        let p = &self.preset;
        if p.n < 2 {
            return Err(RnnError::TooFewNeurons(p.n));
        }
        let positive = |name, v: usize| {
            if v == 0 {
                Err(RnnError::Zero(name))
            } else {
                Ok(())
            }
        };
        positive("batch", p.batch)?;
        positive("threads", self.threads)?;
        positive("corr_every", self.corr_every)?;
        positive("mask_step", p.mask_step)?;
        if p.task.needs_even_batch() && p.batch % 2 == 1 {
            return Err(RnnError::OddBatch(p.batch));
        }
        let checks = [
            ("lr0", p.lr0, p.lr0 > 0.0, "(0, inf)"),
            ("g", p.g, p.g >= 0.0, "[0, inf)"),
            (
                "sigma_hid",
                p.noise.sigma_hid,
                p.noise.sigma_hid >= 0.0,
                "[0, inf)",
            ),
            (
                "sigma_init",
                p.noise.sigma_init,
                p.noise.sigma_init >= 0.0,
                "[0, inf)",
            ),
            ("h0_std", p.h0_std, p.h0_std >= 0.0, "[0, inf)"),
        ];
        for (name, value, ok, range) in checks {
            if !(ok && value.is_finite()) {
                return Err(RnnError::BadValue { name, value, range });
            }
        }
        Ok(())
    }
}

/// A training run in progress.
pub struct Trainer {
    /// the configuration
    pub cfg: TrainConfig,
    /// the current network
    pub net: TaskNetwork,
    /// the initial network
    pub net0: TaskNetwork,
    /// the shared evaluation batch
    pub eval: TaskBatch,
    adam: TaskAdam,
    pool: rayon::ThreadPool,
    step: usize,
}

impl Trainer {
    /// A fresh run: initial network, optimiser, evaluation batch and thread pool.
    pub fn new(cfg: TrainConfig) -> Result<Self, RnnError> {
        cfg.validate()?;
        let p = &cfg.preset;
        let spec = InitSpec {
            n: p.n,
            d_in: p.task.d_in(),
            d_out: p.task.d_out(),
            g: p.g,
            output_scale: p.output_scale,
            h0_std: p.h0_std,
        };
        let net = init_network(&spec, cfg.nonlinearity, cfg.seed)?;
        Self::from_network(cfg, net)
    }

    /// A run that starts from a given network.
    pub fn from_network(cfg: TrainConfig, net: TaskNetwork) -> Result<Self, RnnError> {
        cfg.validate()?;
        net.validate()?;
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(cfg.threads)
            .build()
            .map_err(|e| RnnError::Threads(e.to_string()))?;
        let adam = TaskAdam::new(
            &net,
            cfg.preset.trained,
            cfg.preset.lr0 / cfg.preset.n as f64,
        );
        let eval = eval_batch(&cfg.preset, None);
        Ok(Trainer {
            cfg,
            net0: net.clone(),
            net,
            eval,
            adam,
            pool,
            step: 0,
        })
    }

    /// Steps taken so far.
    pub fn steps_done(&self) -> usize {
        self.step
    }

    /// The training batch of step `s`.
    pub fn batch(&self, s: usize) -> TaskBatch {
        let p = &self.cfg.preset;
        p.task
            .batch(p.batch, None, self.cfg.seed, s as u64, p.mask_step)
    }

    /// Loss parts and gradient at the current weights for step `s`'s batch and noise.
    pub fn loss_and_gradient(&self, s: usize) -> (LossParts, super::grad::Gradient) {
        let batch = self.batch(s);
        let nd = NoiseDraw {
            noise: self.cfg.preset.noise,
            seed: self.cfg.seed ^ NOISE_TAG,
            draw: s as u64,
        };
        let want_w = self.cfg.preset.trained.w;
        match self.cfg.precision {
            Precision::F32 => loss_and_gradient::<f32>(&self.net, &batch, &nd, want_w, &self.pool),
            Precision::F64 => loss_and_gradient::<f64>(&self.net, &batch, &nd, want_w, &self.pool),
        }
    }

    /// One training step; the record holds the loss before the update. Stops with
    /// [`RnnError::Diverged`] on a non-finite loss or weight (the network is left unchanged).
    pub fn step(&mut self) -> Result<StepRecord, RnnError> {
        let s = self.step;
        let (parts, grad) = self.loss_and_gradient(s);
        let total = self.cfg.preset.steps;
        let corr = if s.is_multiple_of(self.cfg.corr_every) || s + 1 == total {
            self.correlation()
        } else {
            f64::NAN
        };
        let rec = StepRecord {
            step: s,
            loss: parts.loss,
            l_bias: parts.l_bias,
            l_var: parts.l_var,
            dw_norm: dist(&self.net.w, &self.net0.w),
            corr,
        };
        if !parts.loss.is_finite() {
            return Err(RnnError::Diverged {
                step: s,
                loss: parts.loss,
            });
        }
        let mut next = self.net.clone();
        self.adam.step(&mut next, &grad);
        if next.validate().is_err() {
            return Err(RnnError::Diverged {
                step: s,
                loss: parts.loss,
            });
        }
        self.net = next;
        self.step += 1;
        Ok(rec)
    }

    /// `gen_corr` of the current `W_out` with the noise-free states of the evaluation
    /// batch at `t >= 10`.
    pub fn correlation(&self) -> f64 {
        let tr = self.simulate(&self.net, &self.eval, Noise::NONE);
        correlation(&self.net, &tr)
    }

    /// `net` on `batch` with noise `noise` (the evaluation draw: frozen initial noise).
    pub fn simulate(&self, net: &TaskNetwork, batch: &TaskBatch, noise: Noise) -> Trajectories {
        simulate(net, batch, noise, self.cfg.precision, &self.pool)
    }
}

/// `gen_corr(W_out, states at t >= 10)` (paper-methods 3.1a).
pub fn correlation(net: &TaskNetwork, tr: &Trajectories) -> f64 {
    let states = states_from(&tr.x, tr.n, tr.n_t, steps_of(T_PC_MIN));
    gen_corr(&net.w_out, &states, net.n)
}

/// The shared evaluation batch of a preset's task (`n_t` steps, default length if `None`).
pub fn eval_batch(p: &Preset, n_t: Option<usize>) -> TaskBatch {
    p.task.batch(EVAL_BATCH, n_t, EVAL_SEED, 0, p.mask_step)
}

/// Runs `net` on `batch` with the evaluation noise draw (seed [`EVAL_SEED`]): the initial
/// state noise is frozen, the hidden noise too (same numbers on every call).
pub fn simulate(
    net: &TaskNetwork,
    batch: &TaskBatch,
    noise: Noise,
    precision: Precision,
    pool: &rayon::ThreadPool,
) -> Trajectories {
    let nd = NoiseDraw {
        noise,
        seed: EVAL_SEED,
        draw: u64::MAX,
    };
    let (x, z) = match precision {
        Precision::F32 => trajectories::<f32>(net, batch, &nd, pool),
        Precision::F64 => trajectories::<f64>(net, batch, &nd, pool),
    };
    Trajectories {
        batch: batch.batch,
        n_t: batch.n_t,
        n: net.n,
        d_out: net.d_out,
        x,
        z,
    }
}

fn dist(a: &[f64], b: &[f64]) -> f64 {
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y) * (x - y))
        .sum::<f64>()
        .sqrt()
}
