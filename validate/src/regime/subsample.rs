//! Correlation and fit quality against the number of recorded neurons (methods 3.9,
//! Fig. 8): refits on random neuron subsets.
//!
//! Every subset's Gram matrix is a sub-block of the full centred Gram matrix, so each refit
//! costs one small eigendecomposition and one blocked pass over the samples for the
//! leave-one-out errors of the whole `alpha` grid ([`fit_subset`]; `alpha`s that provably
//! cannot win leave the pass early, bounded with the leverages of the full set of neurons).
//! Subsets are drawn from ChaCha8 streams indexed by (size, repeat); the refits, the full
//! set once, are listed costliest first and every worker takes the next one as it becomes
//! free, so the result does not depend on the number of threads.
//!
//! Cost on 10,000 samples x 200 neurons (published set-up, 181 refits): the products
//! `X_{S,b} [V | V G]` and `(Z_b o Z_b) W` (~3e10 multiply-adds before pruning, ~70% of the
//! time at ~22 GFMA/s per core on the `gemm` crate), the gather of `X_{S,b}` (~8%) and the
//! eigendecompositions (`faer`, ~7%).

use nalgebra::DMatrix;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::error::RegimeError;
use super::ridge::linspace;

mod eigen;
mod pass;
mod subset_fit;
pub use subset_fit::{fit_subset, SubsetData};

/// How to subsample: neuron fractions `f` (`N_sub = floor(N f)`), subsets per size, seed.
#[derive(Debug, Clone, PartialEq)]
pub struct SubsampleOptions {
    pub fractions: Vec<f64>,
    pub repeats: usize,
    pub seed: u64,
}

impl SubsampleOptions {
    /// The published set-up: `f = linspace(0.1, 1, 10)` and 20 subsets per size.
    pub fn published(seed: u64) -> Self {
        SubsampleOptions {
            fractions: linspace(0.1, 1.0, 10),
            repeats: 20,
            seed,
        }
    }
}

/// Mean and population standard deviation (numpy's `std`, `ddof = 0`) over subsets.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct MeanSd {
    pub mean: f64,
    pub sd: f64,
}

impl MeanSd {
    fn of(values: &[f64]) -> Self {
        let n = values.len().max(1) as f64;
        let mean = values.iter().sum::<f64>() / n;
        let var = values.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n;
        MeanSd {
            mean,
            sd: var.sqrt(),
        }
    }
}

/// Measures of one neuron subset.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SubsetFit {
    pub r2: f64,
    pub alpha: f64,
    pub corr: f64,
    pub participation_ratio: f64,
}

/// Summary of all subsets of one size.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SubsampleRow {
    pub n_sub: usize,
    /// `rho_data sqrt(N_sub)`: flat in `N_sub` for oblique, growing as `N_sub^{1/2}` for
    /// aligned dynamics.
    pub corr_sqrt_n: MeanSd,
    pub corr: MeanSd,
    pub r2: MeanSd,
    pub alpha: MeanSd,
    pub participation_ratio: MeanSd,
}

/// The subsampling analysis of Fig. 8 on centred activity `xc` (samples x N) and centred
/// outputs `yc`, with its Gram matrix `gram`. Sizes with `floor(N f) = 0` are skipped.
pub fn subsample(
    xc: &DMatrix<f64>,
    gram: &DMatrix<f64>,
    yc: &DMatrix<f64>,
    opts: &SubsampleOptions,
    alphas: &[f64],
) -> Result<Vec<SubsampleRow>, RegimeError> {
    if opts.repeats == 0 {
        return Err(RegimeError::InvalidArgument(
            "subsampling needs at least 1 subset per size".into(),
        ));
    }
    if let Some(f) = opts.fractions.iter().find(|f| !(**f > 0.0 && **f <= 1.0)) {
        return Err(RegimeError::InvalidArgument(format!(
            "neuron fraction {f} is outside (0, 1]"
        )));
    }
    let n = xc.ncols();
    let full = eigen::spectrum_of_gram(gram);
    let data = SubsetData::new(xc, gram, yc).with_leverage(&full);
    let sizes: Vec<usize> = opts
        .fractions
        .iter()
        .map(|f| (n as f64 * f).floor() as usize)
        .filter(|&s| s > 0)
        .collect();
    // One job per (size, repeat), the full set once; the costliest (~ N_sub^2) first.
    let mut jobs: Vec<(usize, usize)> = (0..sizes.len())
        .flat_map(|s| (0..opts.repeats).map(move |r| (s, r)))
        .filter(|&(s, r)| sizes[s] < n || r == 0)
        .collect();
    jobs.sort_by_key(|&(s, _)| std::cmp::Reverse(sizes[s]));
    let fits = crate::jobs::run_in_list_order(&jobs, |&(s, r)| {
        if sizes[s] == n {
            return data.fit_all(full.clone(), alphas);
        }
        let mut rng = ChaCha8Rng::seed_from_u64(opts.seed);
        rng.set_stream((s * opts.repeats + r) as u64);
        let mut idx = rand::seq::index::sample(&mut rng, n, sizes[s]).into_vec();
        idx.sort_unstable();
        data.fit(&idx, alphas)
    });
    let fit_of: std::collections::HashMap<(usize, usize), SubsetFit> =
        jobs.into_iter().zip(fits).collect();
    Ok(sizes
        .iter()
        .enumerate()
        .map(|(s, &n_sub)| {
            let group: Vec<SubsetFit> = (0..opts.repeats)
                .map(|r| fit_of[&(s, if n_sub == n { 0 } else { r })])
                .collect();
            let stat = |f: &dyn Fn(&SubsetFit) -> f64| {
                MeanSd::of(&group.iter().map(f).collect::<Vec<_>>())
            };
            SubsampleRow {
                n_sub,
                corr_sqrt_n: stat(&|g| g.corr * (n_sub as f64).sqrt()),
                corr: stat(&|g| g.corr),
                r2: stat(&|g| g.r2),
                alpha: stat(&|g| g.alpha),
                participation_ratio: stat(&|g| g.participation_ratio),
            }
        })
        .collect())
}
