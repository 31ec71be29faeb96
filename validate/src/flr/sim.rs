//! Simulation of learning in the network of Eq. F1 with plasticity Eq. F3
//! (`theory/notes/flr.md` section "Validation").
//!
//! Euler-Maruyama for x, simultaneous (explicit) Euler for J:
//!
//! `x <- x + dt (-x + J phi(x) + u eta) + sqrt(2 dt) sigma z`,
//! `J <- J + dt (epsilon/N) f(x) h(x)^T` (both from the old x).
//!
//! Each trial first relaxes with the input on and plasticity off for `t_relax`; then it
//! runs two copies driven by the same noise: a plastic one and a frozen one. Their
//! difference `dm(t) = xi . (x_plastic - x_frozen) / N` isolates the effect of learning
//! and cancels most of the noise in `m` (common random numbers).

use super::sample::rng_for;
use nalgebra::{DMatrix, DVector};
use oblique_theory::flr::{FlrNetwork, LearningTask};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use rand_distr::StandardNormal;
use rayon::prelude::*;

/// Integration and measurement settings.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct LearningSim {
    /// Euler step
    pub dt: f64,
    /// relaxation with input, before plasticity starts
    pub t_relax: f64,
    /// learning time simulated
    pub t_learn: f64,
    /// independent trials averaged
    pub trials: usize,
    /// record every this many steps
    pub record_every: usize,
}

impl Default for LearningSim {
    fn default() -> Self {
        Self {
            dt: 0.1,
            t_relax: 15.0,
            t_learn: 20.0,
            trials: 8,
            record_every: 5,
        }
    }
}

/// A simulated learning run: trial-averaged `dm(t)` and `m(t)` of the plastic copy, and the
/// time-averaged evoked moments of the frozen copy (for FLR1 from measured activity).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct LearningRun {
    /// recording times (from the start of plasticity)
    pub t: Vec<f64>,
    /// `xi . (x_plastic - x_frozen) / N`, averaged over trials
    pub dm: Vec<f64>,
    /// `xi . x_plastic / N`, averaged over trials
    pub m: Vec<f64>,
    /// time and trial average of the frozen copy's state `x` over the learning window
    pub x_mean: Vec<f64>,
    /// time and trial average of the frozen copy's rate `phi(x)` over the learning window
    pub rate_mean: Vec<f64>,
}

impl LearningRun {
    /// Least-squares slope of `dm(t)` over `t in [t0, t1]`: the measured initial speed.
    pub fn slope(&self, t0: f64, t1: f64) -> f64 {
        let pts: Vec<(f64, f64)> = self
            .t
            .iter()
            .zip(&self.dm)
            .filter(|(t, _)| **t >= t0 && **t <= t1)
            .map(|(t, d)| (*t, *d))
            .collect();
        let k = pts.len() as f64;
        let mt = pts.iter().map(|p| p.0).sum::<f64>() / k;
        let md = pts.iter().map(|p| p.1).sum::<f64>() / k;
        let sxy: f64 = pts.iter().map(|p| (p.0 - mt) * (p.1 - md)).sum();
        let sxx: f64 = pts.iter().map(|p| (p.0 - mt).powi(2)).sum();
        sxy / sxx
    }

    /// First recorded time at which `dm` reaches `theta`, if it does.
    pub fn time_to(&self, theta: f64) -> Option<f64> {
        self.t
            .iter()
            .zip(&self.dm)
            .find(|(_, d)| **d >= theta)
            .map(|(t, _)| *t)
    }
}

fn step(
    net: &FlrNetwork,
    j: &DMatrix<f64>,
    x: &mut DVector<f64>,
    drive: &DVector<f64>,
    z: &DVector<f64>,
    dt: f64,
    rate: &DVector<f64>,
) {
    let noise = (2.0 * dt).sqrt() * net.sigma();
    let mut dx = drive - &*x;
    dx.gemv(1.0, j, rate, 1.0);
    x.axpy(dt, &dx, 1.0);
    x.axpy(noise, z, 1.0);
}

/// Time dependence of a task: constant, or input and target both modulated by
/// `cos(omega s)` with `s` the time since plasticity started (time-series generation).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Drive {
    /// `u eta` and `xi` constant
    Constant,
    /// `u eta cos(omega s)` and target `xi cos(omega s)`
    Periodic {
        /// angular frequency
        omega: f64,
    },
}

impl Drive {
    fn scale(&self, s: f64) -> f64 {
        match self {
            Drive::Constant => 1.0,
            Drive::Periodic { omega } => (omega * s).cos(),
        }
    }
}

struct Trial {
    dm: Vec<f64>,
    m: Vec<f64>,
    x_sum: DVector<f64>,
    rate_sum: DVector<f64>,
}

impl LearningSim {
    /// Simulates `task` on `net` from `x = 0`, trials in parallel, seeded from `seed` (trial k
    /// uses stream k + 1).
    pub fn run(&self, net: &FlrNetwork, task: &LearningTask, seed: u64) -> LearningRun {
        self.run_from(net, task, seed, &DVector::zeros(net.n()), Drive::Constant)
    }

    /// [`LearningSim::run`] from the initial state `x0` (e.g. a retrieval state) with the
    /// time dependence `drive`.
    pub fn run_from(
        &self,
        net: &FlrNetwork,
        task: &LearningTask,
        seed: u64,
        x0: &DVector<f64>,
        drive: Drive,
    ) -> LearningRun {
        let trials: Vec<Trial> = (0..self.trials)
            .into_par_iter()
            .map(|k| self.trial(net, task, rng_for(seed, k as u64 + 1), x0, drive))
            .collect();
        let every = self.record_every.max(1);
        let len = trials[0].dm.len();
        let kt = self.trials as f64;
        let mean = |sel: &dyn Fn(&Trial) -> &Vec<f64>| -> Vec<f64> {
            (0..len)
                .map(|i| trials.iter().map(|p| sel(p)[i]).sum::<f64>() / kt)
                .collect()
        };
        let steps = (self.t_learn / self.dt).round().max(1.0);
        let avg = |sel: &dyn Fn(&Trial) -> &DVector<f64>| -> Vec<f64> {
            let s: DVector<f64> = trials.iter().map(sel).sum();
            (s / (kt * steps)).iter().copied().collect()
        };
        LearningRun {
            t: (0..len).map(|i| (i * every) as f64 * self.dt).collect(),
            dm: mean(&|p| &p.dm),
            m: mean(&|p| &p.m),
            x_mean: avg(&|p| &p.x_sum),
            rate_mean: avg(&|p| &p.rate_sum),
        }
    }

    fn trial(
        &self,
        net: &FlrNetwork,
        task: &LearningTask,
        mut rng: ChaCha8Rng,
        x0: &DVector<f64>,
        drive: Drive,
    ) -> Trial {
        let n = net.n();
        let steps = (self.t_learn / self.dt).round() as usize;
        let relax = (self.t_relax / self.dt).round() as usize;
        let every = self.record_every.max(1);
        let input = &task.eta * task.u;
        let lr = self.dt * task.epsilon / n as f64;
        let mut z = DVector::zeros(n);
        let mut fill = |z: &mut DVector<f64>| {
            for v in z.iter_mut() {
                *v = rng.sample(StandardNormal);
            }
        };
        let mut xf = x0.clone();
        for i in 0..relax {
            fill(&mut z);
            let rate = net.rate(&xf);
            let s = (i as f64 - relax as f64) * self.dt;
            step(
                net,
                net.j(),
                &mut xf,
                &(&input * drive.scale(s)),
                &z,
                self.dt,
                &rate,
            );
        }
        let mut xp = xf.clone();
        let mut jp = net.j().clone();
        let mut out = Trial {
            dm: Vec::with_capacity(steps / every + 1),
            m: Vec::with_capacity(steps / every + 1),
            x_sum: DVector::zeros(n),
            rate_sum: DVector::zeros(n),
        };
        for s in 0..=steps {
            if s % every == 0 {
                out.dm.push(task.xi.dot(&(&xp - &xf)) / n as f64);
                out.m.push(task.xi.dot(&xp) / n as f64);
            }
            if s == steps {
                break;
            }
            fill(&mut z);
            let c = drive.scale(s as f64 * self.dt);
            let d = &input * c;
            let rp = net.rate(&xp);
            let rf = net.rate(&xf);
            out.x_sum += &xf;
            out.rate_sum += &rf;
            let (f, h) = task.rule.factors(&xp, &rp, &(&task.xi * c));
            step(net, &jp, &mut xp, &d, &z, self.dt, &rp);
            step(net, net.j(), &mut xf, &d, &z, self.dt, &rf);
            jp.ger(lr, &f, &h, 1.0);
        }
        out
    }
}
