//! Fig. 15: the lazy solution of the sine task from the linearisation (Eq. 17,
//! `oblique_validate::linearised`) against the trained network, for several N.

use crate::reproduce::fig09::setup::Size;
use nalgebra::DMatrix;
use oblique_validate::linearised;
use oblique_validate::rnn::presets::{fig9, SineScenario};
use oblique_validate::rnn::tasks::DT;
use oblique_validate::rnn::train::{Precision, TrainConfig, Trainer};

/// The Fig. 15 run.
#[derive(Debug, Clone)]
pub struct Setup {
    /// size
    pub size: Size,
    /// network sizes
    pub ns: Vec<usize>,
    /// training steps of the lazy network (Adam, lr0 = 1e-3, batch 1, no noise)
    pub steps: usize,
    /// evaluation length in steps
    pub eval_steps: usize,
}

impl Setup {
    /// The set-up of `size`.
    pub fn new(size: Size) -> Self {
        let (ns, steps) = match size {
            Size::Quick => (vec![32, 64], 200),
            Size::Default => (vec![64, 128, 256], 1000),
            Size::Paper => (vec![128, 256, 512, 1024], 1000),
        };
        Setup {
            size,
            ns,
            steps,
            eval_steps: 315,
        }
    }
    /// One line for the report.
    pub fn describe(&self) -> String {
        format!(
            "the lazy sine network of Fig. 9C (large output, g = 1.5, h_0 ~ N(0, 1), no noise, tanh) at N = {:?}; \
             linearised minimal-norm dW (Eq. 17) against {} Adam steps at lr0 = 1e-3 (batch 1, f64), \
             21 targets sin(2 pi 0.1 t) at t = 0, 1, ..., 20; evaluation to t = 63",
            self.ns, self.steps
        )
    }
}

/// What is measured at one N.
#[derive(Debug, Clone)]
pub struct LazyPoint {
    /// neurons
    pub n: usize,
    /// `|dW_lin|_F`
    pub dw_lin: f64,
    /// `|dW_GD|_F`
    pub dw_gd: f64,
    /// `|dW_GD - dW_lin|_F`
    pub dw_diff: f64,
    /// training loss of the nonlinear network with `W0 + dW_lin`
    pub loss_lin: f64,
    /// training loss of the linearised prediction (zero up to the unreachable t = 0 point)
    pub loss_lin_pred: f64,
    /// training loss of the trained network
    pub loss_gd: f64,
    /// eigenvalues of `K` kept by the pseudo-inverse
    pub rank: usize,
    /// outputs over the evaluation window: nonlinear with `dW_lin`, linear prediction, trained
    pub z_lin: Vec<f64>,
    /// the linearised prediction
    pub z_lin_pred: Vec<f64>,
    /// the trained network
    pub z_gd: Vec<f64>,
}

/// Target steps and values of the sine task (every 5 steps up to t = 20).
pub fn targets() -> (Vec<usize>, Vec<f64>) {
    let steps: Vec<usize> = (0..21).map(|i| 5 * i).collect();
    let y = steps
        .iter()
        .map(|&k| (2.0 * std::f64::consts::PI * 0.1 * k as f64 * DT).sin())
        .collect();
    (steps, y)
}

fn loss_at(z: &[f64], steps: &[usize], y: &[f64]) -> f64 {
    steps
        .iter()
        .zip(y)
        .map(|(&k, t)| (z[k] - t).powi(2))
        .sum::<f64>()
        / steps.len() as f64
}

/// Linearised and trained solution of one network of `n` neurons.
pub fn point(s: &Setup, n: usize, seed: u64) -> anyhow::Result<LazyPoint> {
    let mut preset = fig9(SineScenario::Lazy);
    preset.n = n;
    preset.steps = s.steps;
    let mut cfg = TrainConfig::new(preset);
    cfg.seed = seed;
    cfg.threads = 1;
    cfg.corr_every = s.steps.max(1);
    cfg.precision = Precision::F64;
    let mut run = Trainer::new(cfg)?;
    let (steps, y) = targets();
    let lin = linearised::solve(&run.net0, &steps, &y)?;
    let outs = linearised::outputs(&run.net0, &lin.delta_w, s.eval_steps)?;
    for _ in 0..s.steps {
        run.step()?;
    }
    let w0 = DMatrix::from_row_slice(n, n, &run.net0.w);
    let dw_gd = DMatrix::from_row_slice(n, n, &run.net.w) - w0;
    let trained = linearised::outputs(&run.net0, &dw_gd, s.eval_steps)?;
    Ok(LazyPoint {
        n,
        dw_lin: lin.delta_w.norm(),
        dw_gd: dw_gd.norm(),
        dw_diff: (&dw_gd - &lin.delta_w).norm(),
        loss_lin: loss_at(&outs.nonlinear, &steps, &y),
        loss_lin_pred: loss_at(&outs.linear, &steps, &y),
        loss_gd: loss_at(&trained.nonlinear, &steps, &y),
        rank: lin.rank,
        z_lin: outs.nonlinear,
        z_lin_pred: outs.linear,
        z_gd: trained.nonlinear,
    })
}

/// The least-squares slope of `log y` against `log x`.
pub fn log_slope(x: &[f64], y: &[f64]) -> Option<f64> {
    let pts: Vec<(f64, f64)> = x
        .iter()
        .zip(y)
        .filter(|(a, b)| **a > 0.0 && **b > 0.0)
        .map(|(a, b)| (a.ln(), b.ln()))
        .collect();
    if pts.len() < 2 {
        return None;
    }
    let m = pts.len() as f64;
    let (mx, my) = (
        pts.iter().map(|p| p.0).sum::<f64>() / m,
        pts.iter().map(|p| p.1).sum::<f64>() / m,
    );
    let sxx: f64 = pts.iter().map(|p| (p.0 - mx).powi(2)).sum();
    let sxy: f64 = pts.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    (sxx > 0.0).then(|| sxy / sxx)
}
