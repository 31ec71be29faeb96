//! Latent clouds and output histograms of Fig. 12E-J (data only; the figures are drawn
//! by `oblique reproduce`).

use crate::simulate::Latents;
use nalgebra::DMatrix;

/// Samples of `(kappa_1, kappa_2)` with the condition of their trial (Fig. 12E-G).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct LatentCloud {
    /// `kappa_1` samples.
    pub kappa1: Vec<f64>,
    /// `kappa_2` samples.
    pub kappa2: Vec<f64>,
    /// Condition of each sample.
    pub condition: Vec<usize>,
}

impl LatentCloud {
    /// All trials at the time points `window[0], window[every], window[2 every], ...`.
    pub fn sample(latents: &Latents, window: &[usize], every: usize, condition: &[usize]) -> Self {
        let mut cloud = LatentCloud {
            kappa1: vec![],
            kappa2: vec![],
            condition: vec![],
        };
        for &k in window.iter().step_by(every.max(1)) {
            for (b, &c) in condition.iter().enumerate() {
                cloud.kappa1.push(latents.kappa1[(k, b)]);
                cloud.kappa2.push(latents.kappa2[(k, b)]);
                cloud.condition.push(c);
            }
        }
        cloud
    }
}

/// A histogram with its bin edges (`counts.len() + 1` edges) and normalised density.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Histogram {
    /// Bin edges, increasing.
    pub edges: Vec<f64>,
    /// Samples per bin.
    pub counts: Vec<u64>,
    /// `counts / (total * bin width)`: integrates to one.
    pub density: Vec<f64>,
    /// Sample mean.
    pub mean: f64,
    /// Sample standard deviation (population).
    pub std: f64,
}

/// Output histograms per condition over a window, on common bin edges (Fig. 12H-J).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct OutputHistograms {
    /// One histogram per condition (conditions without trials have zero counts).
    pub per_condition: Vec<Histogram>,
}

impl OutputHistograms {
    /// Histograms of `outputs` (`time points x batch`) over all window time points, with
    /// `bins` equal bins spanning the smallest to the largest sample.
    pub fn build(
        outputs: &DMatrix<f64>,
        window: &[usize],
        condition: &[usize],
        n_conditions: usize,
        bins: usize,
    ) -> Self {
        let bins = bins.max(1);
        let mut samples = vec![Vec::new(); n_conditions];
        for &k in window {
            for (b, &c) in condition.iter().enumerate() {
                samples[c].push(outputs[(k, b)]);
            }
        }
        let lo = samples
            .iter()
            .flatten()
            .copied()
            .fold(f64::INFINITY, f64::min);
        let hi = samples
            .iter()
            .flatten()
            .copied()
            .fold(f64::NEG_INFINITY, f64::max);
        let (lo, hi) = if lo.is_finite() && hi > lo {
            (lo, hi)
        } else {
            (lo.min(0.0) - 0.5, lo.max(0.0) + 0.5)
        };
        let width = (hi - lo) / bins as f64;
        let edges: Vec<f64> = (0..=bins).map(|i| lo + width * i as f64).collect();
        let per_condition = samples
            .iter()
            .map(|s| {
                let mut counts = vec![0u64; bins];
                for &v in s {
                    let i = (((v - lo) / width) as usize).min(bins - 1);
                    counts[i] += 1;
                }
                let total = s.len().max(1) as f64;
                let mean = s.iter().sum::<f64>() / total;
                let var = s.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / total;
                Histogram {
                    edges: edges.clone(),
                    density: counts.iter().map(|&c| c as f64 / (total * width)).collect(),
                    counts,
                    mean,
                    std: var.sqrt(),
                }
            })
            .collect();
        OutputHistograms { per_condition }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_counts_and_density() {
        let outputs = DMatrix::from_row_slice(2, 4, &[0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 4.0, 3.0]);
        let h = OutputHistograms::build(&outputs, &[1], &[0, 0, 1, 1], 2, 4);
        let h0 = &h.per_condition[0];
        assert_eq!(h0.edges, vec![0.0, 1.0, 2.0, 3.0, 4.0]);
        assert_eq!(h0.counts, vec![1, 1, 0, 0]);
        assert_eq!(h.per_condition[1].counts, vec![0, 0, 0, 2]);
        assert!((h0.density.iter().sum::<f64>() - 1.0).abs() < 1e-15);
        assert_eq!((h0.mean, h0.std), (0.5, 0.5));
        let lat = Latents {
            kappa1: outputs.clone(),
            kappa2: -outputs,
        };
        let c = LatentCloud::sample(&lat, &[0, 1], 1, &[0, 0, 1, 1]);
        assert_eq!(c.kappa1.len(), 8);
        assert_eq!(c.kappa2[6], -4.0);
        assert_eq!(c.condition[7], 1);
    }
}
