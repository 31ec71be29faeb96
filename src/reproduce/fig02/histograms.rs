//! Fig. 6 left: for the two Fig. 2 cycling networks (aligned top, oblique bottom), the
//! histograms of the noise variance `v^T C v` along 2000 random directions, 1000 directions
//! in the span of the `W_out` rows and 1000 in the span of the top two PCs (paper-methods
//! 3.7, [`NoiseCompressionParams::fig6_left`](oblique_validate::regime::NoiseCompressionParams::fig6_left)),
//! on one logarithmic variance axis shared by both rows, as published.

use super::compute::CyclingRun;
use super::data::name;
use crate::plot::panel::{Axis, Element, LegendPos, Panel, PanelFigure};
use crate::plot::style::colors;
use plotters::style::RGBColor;
use serde::Serialize;

/// Bins of the shared logarithmic variance axis.
pub const BINS: usize = 160;
const FONT: f64 = 24.0;

/// The three direction sets, in drawing order: name, legend entry, colour.
const SETS: [(&str, &str, RGBColor); 3] = [
    ("random", "random", colors::GREY),
    ("output", "output", colors::RED),
    ("pc", "PCs", colors::BLUE),
];

/// One histogram bin of one direction set of one network (`fig6_left_histograms.csv`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BinRow {
    /// "aligned" or "oblique"
    pub network: &'static str,
    /// "random", "output" or "pc"
    pub directions: &'static str,
    /// lower edge of the bin (variance)
    pub lo: f64,
    /// upper edge of the bin
    pub hi: f64,
    /// directions whose variance falls in `[lo, hi)` (the last bin includes `hi`)
    pub count: usize,
}

/// The variances of the three sets of `r`, in [`SETS`] order.
fn sets(r: &CyclingRun) -> [&[f64]; 3] {
    [&r.noise.var_random, &r.noise.var_output, &r.noise.var_pc]
}

/// `bins + 1` edges spaced evenly in `log10` from just below the smallest positive variance
/// of `runs` to just above the largest (`None` without a positive finite one).
pub fn edges(runs: &[CyclingRun], bins: usize) -> Option<Vec<f64>> {
    let all = runs
        .iter()
        .flat_map(|r| sets(r).into_iter().flatten().copied());
    let (lo, hi) = all
        .filter(|v| *v > 0.0 && v.is_finite())
        .fold((f64::INFINITY, 0.0f64), |(a, b), v| (a.min(v), b.max(v)));
    if !(lo.is_finite() && hi > 0.0) || bins == 0 {
        return None;
    }
    // a margin of 2% of a decade on either side; one value alone still gets a width
    let (a, b) = (lo.log10() - 0.02, hi.log10() + 0.02);
    Some(
        (0..=bins)
            .map(|i| 10f64.powf(a + (b - a) * i as f64 / bins as f64))
            .collect(),
    )
}

/// Counts of `values` in the bins of `edges` (`[e_i, e_{i+1})`, the last bin closed);
/// values outside the edges are not counted.
pub fn counts(values: &[f64], edges: &[f64]) -> Vec<usize> {
    let bins = edges.len().saturating_sub(1);
    let mut c = vec![0; bins];
    for &v in values {
        let i = edges.partition_point(|e| *e <= v);
        if i >= 1 && i <= bins {
            c[i - 1] += 1;
        } else if bins > 0 && v == edges[bins] {
            c[bins - 1] += 1;
        }
    }
    c
}

/// The rows of `fig6_left_histograms.csv`: every bin of every set of every network (empty
/// bins included, so that each set's counts add up to its number of directions).
pub fn rows(runs: &[CyclingRun], edges: &[f64]) -> Vec<BinRow> {
    let mut out = Vec::new();
    for r in runs {
        for ((set, _, _), values) in SETS.iter().zip(sets(r)) {
            for (i, count) in counts(values, edges).into_iter().enumerate() {
                out.push(BinRow {
                    network: name(r.scale),
                    directions: set,
                    lo: edges[i],
                    hi: edges[i + 1],
                    count,
                });
            }
        }
    }
    out
}

/// One row of the figure: the three histograms of one network. The counts axis ends at 1.3
/// times the highest random-direction bin of either network, so that the narrow output and
/// PC histograms (1000 directions in a plane, a few bins wide) run off the top as published.
fn panel(r: &CyclingRun, edges: &[f64], top: f64, last: bool) -> Panel {
    let x = Axis::log10(
        "Variance along projection",
        edges[0],
        edges[edges.len() - 1],
    );
    // counts without numbers, as published
    let mut y = Axis::linear("Counts", 0.0, top);
    y.tick_labels = false;
    let mut p = Panel::new("", if last { x } else { x.hide_labels() }, y);
    for ((_, label, color), values) in SETS.iter().zip(sets(r)) {
        let c = counts(values, edges);
        p.push(Element::Bars {
            edges: edges.to_vec(),
            counts: c.iter().map(|&k| (k as f64).min(top)).collect(),
            color: *color,
            alpha: 0.9,
            label: (!last).then(|| label.to_string()),
        });
    }
    p.title(&format!("{} network", name(r.scale)));
    if !last {
        p.legend(LegendPos::UpperLeft, 1);
    }
    p
}

/// Fig. 6 left, one row per network of `runs` (aligned first); `None` without variances.
pub fn figure(runs: &[CyclingRun], edges: &[f64], footer: &str) -> Option<PanelFigure> {
    let top = 1.3
        * runs
            .iter()
            .flat_map(|r| counts(&r.noise.var_random, edges))
            .max()? as f64;
    let k = runs.len();
    let panels = runs
        .iter()
        .enumerate()
        .map(|(i, r)| Some(panel(r, edges, top.max(1.0), i + 1 == k)))
        .collect();
    let mut f = PanelFigure::grid((1100, 1000), FONT, &[1.0], k, panels);
    f.footer = Some(footer.to_string());
    Some(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_put_each_value_in_its_half_open_bin() {
        let e = [1.0, 10.0, 100.0, 1000.0];
        // 10 is the lower edge of bin 1; 1000 the closed upper edge of the last; 0.5 and
        // 2000 are outside
        assert_eq!(
            counts(&[0.5, 1.0, 9.99, 10.0, 999.0, 1000.0, 2000.0], &e),
            vec![2, 1, 2]
        );
        assert_eq!(counts(&[], &e), vec![0, 0, 0]);
    }
}
