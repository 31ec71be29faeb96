//! The per-network values of a measure in one (task, output scale, g) group, and their
//! summary statistics.

use super::grid::Grid;
use super::measure::MAX_PCS;
use super::published::Measure;
use oblique_validate::rnn::init::OutputScale;
use oblique_validate::rnn::tasks::TaskKind;

/// A dimension that never reaches 90% within 30 PCs counts as 31.
pub fn dim(d: Option<usize>) -> f64 {
    d.unwrap_or(MAX_PCS + 1) as f64
}

/// The values of `m` for every network (every pair, for the dissimilarity) of a group;
/// empty where the measure is not available.
pub fn values(grid: &Grid, m: Measure, task: TaskKind, scale: OutputScale, g: f64) -> Vec<f64> {
    if m == Measure::Dissim {
        return grid.dissim_of(task, scale, g);
    }
    grid.group(task, scale, g)
        .iter()
        .filter_map(|r| {
            let s = &r.state;
            match m {
                Measure::Corr => Some(s.corr),
                Measure::WOut => Some(s.w_out_norm),
                Measure::X => Some(s.x_norm),
                Measure::Dx => Some(dim(s.d_x)),
                Measure::Dfit => Some(dim(s.d_fit)),
                Measure::DfitTest => Some(dim(s.d_fit_test)),
                Measure::Noise => r.robust.noise_ratio,
                Measure::Susc => r.robust.pert.as_ref().map(|p| p.relative_susceptibility),
                Measure::Dissim => None,
            }
        })
        .collect()
}

/// Mean and (population) standard deviation; `None` for no values.
pub fn mean_sd(v: &[f64]) -> Option<(f64, f64)> {
    if v.is_empty() {
        return None;
    }
    let n = v.len() as f64;
    let m = v.iter().sum::<f64>() / n;
    let var = v.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / n;
    Some((m, var.sqrt()))
}
