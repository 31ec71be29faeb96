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

/// A simulated learning run: trial-averaged `dm(t)` and `m(t)` of the plastic copy.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct LearningRun {
    /// recording times (from the start of plasticity)
    pub t: Vec<f64>,
    /// `xi . (x_plastic - x_frozen) / N`, averaged over trials
    pub dm: Vec<f64>,
    /// `xi . x_plastic / N`, averaged over trials
    pub m: Vec<f64>,
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

impl LearningSim {
    /// Simulates `task` on `net`, trials in parallel, seeded from `seed` (trial k uses
    /// stream k + 1).
    pub fn run(&self, net: &FlrNetwork, task: &LearningTask, seed: u64) -> LearningRun {
        let n = net.n();
        let steps = (self.t_learn / self.dt).round() as usize;
        let relax = (self.t_relax / self.dt).round() as usize;
        let every = self.record_every.max(1);
        let drive = &task.eta * task.u;
        let lr = self.dt * task.epsilon / n as f64;
        let per_trial: Vec<(Vec<f64>, Vec<f64>)> = (0..self.trials)
            .into_par_iter()
            .map(|k| {
                let mut rng = rng_for(seed, k as u64 + 1);
                let mut z = DVector::zeros(n);
                let mut fill = |z: &mut DVector<f64>| {
                    for v in z.iter_mut() {
                        *v = rng.sample(StandardNormal);
                    }
                };
                let mut xf = DVector::zeros(n);
                for _ in 0..relax {
                    fill(&mut z);
                    let rate = net.rate(&xf);
                    step(net, net.j(), &mut xf, &drive, &z, self.dt, &rate);
                }
                let mut xp = xf.clone();
                let mut jp = net.j().clone();
                let mut dm = Vec::with_capacity(steps / every + 1);
                let mut m = Vec::with_capacity(steps / every + 1);
                for s in 0..=steps {
                    if s % every == 0 {
                        dm.push(task.xi.dot(&(&xp - &xf)) / n as f64);
                        m.push(task.xi.dot(&xp) / n as f64);
                    }
                    if s == steps {
                        break;
                    }
                    fill(&mut z);
                    let rp = net.rate(&xp);
                    let rf = net.rate(&xf);
                    let (f, h) = task.rule.factors(&xp, &rp, &task.xi);
                    step(net, &jp, &mut xp, &drive, &z, self.dt, &rp);
                    step(net, net.j(), &mut xf, &drive, &z, self.dt, &rf);
                    jp.ger(lr, &f, &h, 1.0);
                }
                (dm, m)
            })
            .collect();
        let len = per_trial[0].0.len();
        type Pair = (Vec<f64>, Vec<f64>);
        let mean = |sel: &dyn Fn(&Pair) -> &Vec<f64>| -> Vec<f64> {
            (0..len)
                .map(|i| per_trial.iter().map(|p| sel(p)[i]).sum::<f64>() / self.trials as f64)
                .collect()
        };
        LearningRun {
            t: (0..len).map(|i| (i * every) as f64 * self.dt).collect(),
            dm: mean(&|p| &p.0),
            m: mean(&|p| &p.1),
        }
    }
}
