//! Experiments comparing predicted and simulated learning speeds
//! (`theory/notes/flr.md`, section "Validation"). Pure computation: the CLI draws them.

use super::sample::{correlated_pattern, random_pattern, rng_for, FlrNetworkSpec};
use super::sim::LearningSim;
use nalgebra::DVector;
use oblique_theory::flr::{FlrError, FlrTheory, LearningRule, LearningTask, SpeedPrediction};

/// One simulated task with its prediction.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SpeedPoint {
    /// network index within the experiment
    pub network: usize,
    /// N
    pub n: usize,
    /// random strength g
    pub g: f64,
    /// gain beta
    pub beta: f64,
    /// memories P
    pub memories: usize,
    /// noise sigma
    pub noise: f64,
    /// learning rule name
    pub rule: String,
    /// input amplitude u
    pub u: f64,
    /// learning rate
    pub epsilon: f64,
    /// overlap of xi with memory 0 (and eta with memory 1) used to draw them
    pub overlap: f64,
    /// linear-theory speed (Eq. F10); NaN-free: `None` when the spontaneous state is unstable
    pub predicted_exact: Option<f64>,
    /// FLR1 (Eq. F12)
    pub predicted_flr1: Option<f64>,
    /// FLR2 (Eq. F13)
    pub predicted_flr2: Option<f64>,
    /// v_xi
    pub var_xi: Option<f64>,
    /// v_eta
    pub var_eta: Option<f64>,
    /// max |beta r_i|
    pub max_drive: Option<f64>,
    /// measured slope of dm(t) over the fit window
    pub measured: f64,
    /// measured time for dm to reach the threshold, if reached
    pub time_to_threshold: Option<f64>,
}

/// A task family: one network spec, some pairs, some rules.
#[derive(Debug, Clone)]
pub struct SpeedExperiment {
    /// network
    pub spec: FlrNetworkSpec,
    /// seed of the network
    pub network_seed: u64,
    /// (overlap, u) per pair
    pub pairs: Vec<(f64, f64)>,
    /// rules to run for every pair
    pub rules: Vec<LearningRule>,
    /// learning rate
    pub epsilon: f64,
    /// simulation settings
    pub sim: LearningSim,
    /// fit window [t0, t1]
    pub fit: (f64, f64),
    /// threshold for the time-to-threshold measurement
    pub threshold: f64,
    /// seed of patterns and noise
    pub seed: u64,
}

/// Draws the target and input of pair `k`: +-1 patterns with the given overlap with
/// memories 0 and 1 (random when the network has fewer memories).
pub fn draw_pair(
    memories: &[DVector<f64>],
    n: usize,
    overlap: f64,
    seed: u64,
    k: u64,
) -> (DVector<f64>, DVector<f64>) {
    let mut rng = rng_for(seed, 10_000 + k);
    let pat = |mu: usize, rng: &mut rand_chacha::ChaCha8Rng| match memories.get(mu) {
        Some(m) => correlated_pattern(m, overlap, rng),
        None => random_pattern(n, rng),
    };
    let xi = pat(0, &mut rng);
    let eta = pat(1, &mut rng);
    (xi, eta)
}

impl SpeedExperiment {
    /// Runs every (pair, rule); `network` labels the rows. Unstable spontaneous states give
    /// rows without predictions (the failure regime).
    pub fn run(&self, network: usize, on_task: &(dyn Fn() + Sync)) -> Vec<SpeedPoint> {
        let sampled = match self.spec.sample(self.network_seed) {
            Ok(s) => s,
            Err(_) => return Vec::new(),
        };
        let theory: Result<FlrTheory, FlrError> = FlrTheory::at_origin(&sampled.net);
        let mut rows = Vec::new();
        for (k, &(overlap, u)) in self.pairs.iter().enumerate() {
            let (xi, eta) = draw_pair(&sampled.memories, self.spec.n, overlap, self.seed, k as u64);
            for (ri, &rule) in self.rules.iter().enumerate() {
                let task = LearningTask {
                    xi: xi.clone(),
                    eta: eta.clone(),
                    u,
                    epsilon: self.epsilon,
                    rule,
                };
                let pred: Option<SpeedPrediction> =
                    theory.as_ref().ok().and_then(|t| t.predict(&task).ok());
                let sim_seed = self
                    .seed
                    .wrapping_mul(1_000_003)
                    .wrapping_add((k * 16 + ri) as u64);
                let run = self.sim.run(&sampled.net, &task, sim_seed);
                on_task();
                rows.push(SpeedPoint {
                    network,
                    n: self.spec.n,
                    g: self.spec.g,
                    beta: self.spec.beta,
                    memories: self.spec.memories,
                    noise: self.spec.noise,
                    rule: rule.name(),
                    u,
                    epsilon: self.epsilon,
                    overlap,
                    predicted_exact: pred.map(|p| p.exact),
                    predicted_flr1: pred.map(|p| p.flr1),
                    predicted_flr2: pred.and_then(|p| p.flr2),
                    var_xi: pred.map(|p| p.var_xi),
                    var_eta: pred.map(|p| p.var_eta),
                    max_drive: pred.map(|p| p.max_drive),
                    measured: run.slope(self.fit.0, self.fit.1),
                    time_to_threshold: run.time_to(self.threshold),
                });
            }
        }
        rows
    }
}

/// Pearson correlation and least-squares slope (with intercept) of `y` on `x`.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Agreement {
    /// number of points
    pub count: usize,
    /// Pearson correlation
    pub pearson: f64,
    /// slope of the least-squares line y = a + b x
    pub slope: f64,
    /// mean of y/x
    pub mean_ratio: f64,
}

/// Agreement of measured `y` with predicted `x` (pairs with finite values only).
pub fn agreement(points: &[(f64, f64)]) -> Agreement {
    let p: Vec<(f64, f64)> = points
        .iter()
        .copied()
        .filter(|(x, y)| x.is_finite() && y.is_finite())
        .collect();
    let k = p.len() as f64;
    if p.len() < 2 {
        return Agreement {
            count: p.len(),
            pearson: 0.0,
            slope: 0.0,
            mean_ratio: 0.0,
        };
    }
    let mx = p.iter().map(|q| q.0).sum::<f64>() / k;
    let my = p.iter().map(|q| q.1).sum::<f64>() / k;
    let sxy: f64 = p.iter().map(|q| (q.0 - mx) * (q.1 - my)).sum();
    let sxx: f64 = p.iter().map(|q| (q.0 - mx).powi(2)).sum();
    let syy: f64 = p.iter().map(|q| (q.1 - my).powi(2)).sum();
    let denom = (sxx * syy).sqrt();
    Agreement {
        count: p.len(),
        pearson: if denom > 0.0 { sxy / denom } else { 0.0 },
        slope: if sxx > 0.0 { sxy / sxx } else { 0.0 },
        mean_ratio: p.iter().map(|q| q.1 / q.0).sum::<f64>() / k,
    }
}

/// Spearman rank correlation of the pairs with finite values (average ranks for ties):
/// the Pearson correlation of the ranks.
pub fn rank_correlation(points: &[(f64, f64)]) -> f64 {
    let p: Vec<(f64, f64)> = points
        .iter()
        .copied()
        .filter(|(x, y)| x.is_finite() && y.is_finite())
        .collect();
    let ranks = |v: Vec<f64>| -> Vec<f64> {
        let mut idx: Vec<usize> = (0..v.len()).collect();
        idx.sort_by(|&a, &b| v[a].total_cmp(&v[b]));
        let mut r = vec![0.0; v.len()];
        let mut i = 0;
        while i < idx.len() {
            let mut j = i;
            while j + 1 < idx.len() && v[idx[j + 1]] == v[idx[i]] {
                j += 1;
            }
            for &k in &idx[i..=j] {
                r[k] = 0.5 * (i + j) as f64;
            }
            i = j + 1;
        }
        r
    };
    let rx = ranks(p.iter().map(|q| q.0).collect());
    let ry = ranks(p.iter().map(|q| q.1).collect());
    let pairs: Vec<(f64, f64)> = rx.into_iter().zip(ry).collect();
    agreement(&pairs).pearson
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agreement_of_a_line_is_exact() {
        let pts: Vec<(f64, f64)> = (1..6).map(|i| (i as f64, 2.0 * i as f64 + 1.0)).collect();
        let a = agreement(&pts);
        assert!((a.pearson - 1.0).abs() < 1e-12);
        assert!((a.slope - 2.0).abs() < 1e-12);
        let b = agreement(&[(1.0, 2.0), (2.0, 1.0), (3.0, 3.0)]);
        assert!((b.pearson - 0.5).abs() < 1e-12);
    }

    /// Spearman: 1 for any increasing relation; for ranks (1,2,3,4) vs (2,1,4,3),
    /// 1 - 6 sum d^2 / (n (n^2 - 1)) = 1 - 6*4/60 = 0.6.
    #[test]
    fn rank_correlation_of_monotone_and_swapped_data() {
        let up: Vec<(f64, f64)> = (1..8).map(|i| (i as f64, (i as f64).exp())).collect();
        assert!((rank_correlation(&up) - 1.0).abs() < 1e-12);
        let sw = [(1.0, 2.0), (2.0, 1.0), (3.0, 4.0), (4.0, 3.0)];
        assert!((rank_correlation(&sw) - 0.6).abs() < 1e-12);
    }
}
