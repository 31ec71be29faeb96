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
    /// network sizes of the linearisation
    pub ns: Vec<usize>,
    /// networks per size
    pub seeds: usize,
    /// sizes at which the first network is also trained
    pub train_ns: Vec<usize>,
    /// networks trained at the largest of `train_ns` (the first ones)
    pub train_largest: usize,
    /// training steps of the lazy network (Adam, lr0 = 1e-3, batch 1, no noise)
    pub steps: usize,
    /// evaluation length in steps
    pub eval_steps: usize,
}

impl Setup {
    /// The set-up of `size`.
    pub fn new(size: Size) -> Self {
        let (ns, seeds, train_ns, train_largest, steps) = match size {
            Size::Quick => (vec![32, 64], 2, vec![32, 64], 1, 200),
            Size::Default => (
                vec![64, 128, 256, 512, 1024],
                4,
                vec![64, 128, 256],
                3,
                1000,
            ),
            Size::Paper => (
                vec![128, 256, 512, 1024],
                5,
                vec![128, 256, 512, 1024],
                1,
                1000,
            ),
        };
        Setup {
            size,
            ns,
            seeds,
            train_ns,
            train_largest,
            steps,
            eval_steps: 315,
        }
    }

    /// Whether network `sample` of `n` neurons is trained too: the first network at each
    /// of `train_ns`, and the first `train_largest` at the largest of them.
    pub fn trains(&self, n: usize, sample: usize) -> bool {
        let largest = self.train_ns.iter().max() == Some(&n);
        self.train_ns.contains(&n) && (sample == 0 || (largest && sample < self.train_largest))
    }

    /// One line for the report.
    pub fn describe(&self) -> String {
        format!(
            "the lazy sine network of Fig. 9C (large output, g = 1.5, h_0 ~ N(0, 1), no noise, tanh): \
             linearised minimal-norm dW (Eq. 17) for {} networks at each N = {:?}; the first network \
             at N = {:?} (the first {} at the largest) also trained for {} Adam steps at lr0 = 1e-3 \
             (batch 1, f64); 21 targets sin(2 pi 0.1 t) at t = 0, 1, ..., 20; evaluation to t = 63",
            self.seeds, self.ns, self.train_ns, self.train_largest, self.steps
        )
    }
}

/// The trained network of one point.
#[derive(Debug, Clone)]
pub struct TrainedPart {
    /// `|dW_GD|_F`
    pub dw_gd: f64,
    /// `|dW_GD - dW_lin|_F`
    pub dw_diff: f64,
    /// training loss of the trained network
    pub loss_gd: f64,
    /// its output over the evaluation window
    pub z_gd: Vec<f64>,
}

/// What is measured on one network.
#[derive(Debug, Clone)]
pub struct LazyPoint {
    /// neurons
    pub n: usize,
    /// network index at this N
    pub sample: usize,
    /// `|dW_lin|_F`
    pub dw_lin: f64,
    /// training loss of the nonlinear network with `W0 + dW_lin`
    pub loss_lin: f64,
    /// training loss of the linearised prediction (the floor set by the t = 0 target)
    pub loss_lin_pred: f64,
    /// eigenvalues of `K` kept by the pseudo-inverse
    pub rank: usize,
    /// output of the nonlinear network with `W0 + dW_lin`
    pub z_lin: Vec<f64>,
    /// the linearised prediction
    pub z_lin_pred: Vec<f64>,
    /// the trained network, where trained
    pub trained: Option<TrainedPart>,
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

/// Linearised (and, if `train`, trained) solution of network `sample` of `n` neurons.
pub fn point(
    s: &Setup,
    n: usize,
    sample: usize,
    seed: u64,
    train: bool,
) -> anyhow::Result<LazyPoint> {
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
    let trained = if train {
        for _ in 0..s.steps {
            run.step()?;
        }
        let w0 = DMatrix::from_row_slice(n, n, &run.net0.w);
        let dw_gd = DMatrix::from_row_slice(n, n, &run.net.w) - w0;
        let z = linearised::outputs(&run.net0, &dw_gd, s.eval_steps)?.nonlinear;
        Some(TrainedPart {
            dw_gd: dw_gd.norm(),
            dw_diff: (&dw_gd - &lin.delta_w).norm(),
            loss_gd: loss_at(&z, &steps, &y),
            z_gd: z,
        })
    } else {
        None
    };
    Ok(LazyPoint {
        n,
        sample,
        dw_lin: lin.delta_w.norm(),
        loss_lin: loss_at(&outs.nonlinear, &steps, &y),
        loss_lin_pred: loss_at(&outs.linear, &steps, &y),
        rank: lin.rank,
        z_lin: outs.nonlinear,
        z_lin_pred: outs.linear,
        trained,
    })
}

/// Per N: geometric mean of `|dW_lin|` and mean of the linearised solution's loss over the
/// networks, and the trained network's numbers where there is one.
#[derive(Debug, Clone)]
pub struct Summary {
    /// neurons
    pub n: usize,
    /// networks
    pub count: usize,
    /// geometric mean of `|dW_lin|`
    pub dw_lin: f64,
    /// mean training loss of `W0 + dW_lin`
    pub loss_lin: f64,
    /// first network: `|dW_lin|`, and its trained part
    pub first: Option<(f64, TrainedPart)>,
    /// every trained network: `|dW_lin|` and `|dW_trained|`
    pub trained: Vec<(f64, f64)>,
}

/// Groups the points by N (in the order of `ns`).
pub fn summarise(ns: &[usize], pts: &[LazyPoint]) -> Vec<Summary> {
    ns.iter()
        .filter_map(|&n| {
            let at: Vec<&LazyPoint> = pts.iter().filter(|p| p.n == n).collect();
            if at.is_empty() {
                return None;
            }
            let m = at.len() as f64;
            Some(Summary {
                n,
                count: at.len(),
                dw_lin: geometric_mean(at.iter().map(|p| p.dw_lin)),
                loss_lin: at.iter().map(|p| p.loss_lin).sum::<f64>() / m,
                first: at
                    .iter()
                    .find(|p| p.trained.is_some())
                    .and_then(|p| p.trained.clone().map(|t| (p.dw_lin, t))),
                trained: (at.iter())
                    .filter_map(|p| p.trained.as_ref().map(|t| (p.dw_lin, t.dw_gd)))
                    .collect(),
            })
        })
        .collect()
}

/// The geometric mean `exp(mean(ln v))` of positive values (NaN for none).
pub fn geometric_mean(v: impl ExactSizeIterator<Item = f64>) -> f64 {
    let m = v.len() as f64;
    (v.map(f64::ln).sum::<f64>() / m).exp()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_network_is_trained_and_three_at_the_largest_trained_n() {
        let s = Setup::new(Size::Default);
        let trained: Vec<(usize, usize)> = (s.ns.iter())
            .flat_map(|&n| (0..s.seeds).map(move |i| (n, i)))
            .filter(|&(n, i)| s.trains(n, i))
            .collect();
        assert_eq!(trained, [(64, 0), (128, 0), (256, 0), (256, 1), (256, 2)]);
        let q = Setup::new(Size::Quick);
        assert!(q.trains(64, 0) && !q.trains(64, 1) && !q.trains(128, 0));
    }

    #[test]
    fn slope_of_a_power_law_and_the_targets() {
        let x = [64.0, 128.0, 256.0, 1024.0];
        let y: Vec<f64> = x.iter().map(|v: &f64| 3.0 * v.powf(-0.5)).collect();
        assert!((log_slope(&x, &y).unwrap() + 0.5).abs() < 1e-12);
        assert_eq!(log_slope(&[2.0], &[1.0]), None);
        assert!((geometric_mean([2.0, 8.0].into_iter()) - 4.0).abs() < 1e-12);
        let (steps, y) = targets();
        assert_eq!((steps[1], steps[20], y.len()), (5, 100, 21));
        // t = 2.5 (step 12.5 is not a target); t = 5 is step 25: sin(pi) = 0
        assert!(y[5].abs() < 1e-12 && (y[1] - (0.2 * std::f64::consts::PI).sin()).abs() < 1e-12);
    }
}
