//! Strip plots of one measure per task and scenario: the published figures' violins (a
//! Gaussian kernel density cut at the range, [`outline`]) with the individual networks,
//! their range and their mean.

use super::grid::Grid;
use super::published::Measure;
use super::values::values;
use crate::plot::panel::{Axis, Element, LegendPos, Line, Panel, Scale};
use crate::plot::violin::outline;
use oblique_validate::rnn::init::OutputScale;
use plotters::style::RGBColor;

/// Small output, g = 1.5 (aligned): dark orange.
pub const SMALL_CHAOTIC: RGBColor = RGBColor(204, 68, 0);
/// Large output, g = 1.5 (oblique): light orange.
pub const LARGE_CHAOTIC: RGBColor = RGBColor(250, 180, 80);
/// Small output, g = 0.7: dark blue.
pub const SMALL_DECAYING: RGBColor = RGBColor(25, 45, 95);
/// Large output, g = 0.7: light blue.
pub const LARGE_DECAYING: RGBColor = RGBColor(120, 160, 215);

/// One scenario of a strip plot.
#[derive(Debug, Clone)]
pub struct Group {
    /// output scale
    pub scale: OutputScale,
    /// gain
    pub g: f64,
    /// colour
    pub color: RGBColor,
    /// legend entry
    pub label: String,
}

/// The two scenarios of Figs. 3-6 (g = 1.5).
pub fn chaotic() -> Vec<Group> {
    vec![
        Group {
            scale: OutputScale::Small,
            g: 1.5,
            color: SMALL_CHAOTIC,
            label: "Aligned (small w_{out})".into(),
        },
        Group {
            scale: OutputScale::Large,
            g: 1.5,
            color: LARGE_CHAOTIC,
            label: "Oblique (large w_{out})".into(),
        },
    ]
}

/// The four scenarios of Fig. 16.
pub fn all_four() -> Vec<Group> {
    let mk = |scale, g, color, label: &str| Group {
        scale,
        g,
        color,
        label: label.into(),
    };
    vec![
        mk(OutputScale::Small, 0.7, SMALL_DECAYING, "small, decaying"),
        mk(OutputScale::Small, 1.5, SMALL_CHAOTIC, "small, chaotic"),
        mk(OutputScale::Large, 0.7, LARGE_DECAYING, "large, decaying"),
        mk(OutputScale::Large, 1.5, LARGE_CHAOTIC, "large, chaotic"),
    ]
}

/// The task axis: tasks at 1, 2, ..., named at their ticks as in the published figures.
pub fn task_axis(grid: &Grid, show: bool) -> Axis {
    let t = grid.plan.tasks.len();
    let names: Vec<String> = grid
        .plan
        .tasks
        .iter()
        .map(|&k| super::plan::task_label(k).to_string())
        .collect();
    let ticks: Vec<f64> = (1..=t).map(|i| i as f64).collect();
    let a = Axis::linear("", 0.4, t as f64 + 0.6).named_ticks(&ticks, &names);
    if show {
        a
    } else {
        a.hide_labels()
    }
}

/// A strip panel of measure `m`: per task and group a violin (where the values vary), every
/// network (or pair) as a dot, the range as a bar and the mean as a short line.
pub fn strip(letter: &str, grid: &Grid, m: Measure, groups: &[Group], y: Axis, x: Axis) -> Panel {
    let log = y.scale != Scale::Linear;
    let mut p = Panel::new(letter, x, y);
    let width = column_width(groups.len());
    for (gi, grp) in groups.iter().enumerate() {
        let mut dots = Vec::new();
        let mut bars = Vec::new();
        for (ti, &task) in grid.plan.tasks.iter().enumerate() {
            let v = values(grid, m, task, grp.scale, grp.g);
            let x0 = column(ti, gi, groups.len());
            if v.is_empty() {
                continue;
            }
            if let Some(points) = outline(&v, x0, 0.4 * width, log, 30) {
                p.push(Element::Polygon {
                    points,
                    color: grp.color,
                    alpha: 0.35,
                });
            }
            for (i, &val) in v.iter().enumerate() {
                let jitter = ((i % 5) as f64 - 2.0) * width * 0.08;
                dots.push((x0 + jitter, val));
            }
            let lo = v.iter().copied().fold(f64::INFINITY, f64::min);
            let hi = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            bars.push((x0, lo, hi));
            let mean = v.iter().sum::<f64>() / v.len() as f64;
            p.line(
                Line::new(
                    vec![(x0 - 0.3 * width, mean), (x0 + 0.3 * width, mean)],
                    grp.color,
                )
                .width(4),
            );
        }
        p.push(Element::ErrorBars {
            bars,
            color: grp.color,
        });
        p.push(Element::Dots {
            points: dots,
            color: grp.color,
            alpha: 0.75,
            radius: 4,
            label: Some(grp.label.clone()),
        });
    }
    p
}

/// The width of each of `n` groups' columns at a task of a strip panel.
fn column_width(n: usize) -> f64 {
    0.7 / n as f64
}

/// The abscissa of group `gi` of `n` at the task in place `ti` of a strip panel.
fn column(ti: usize, gi: usize, n: usize) -> f64 {
    ti as f64 + 1.0 + (gi as f64 - (n as f64 - 1.0) / 2.0) * column_width(n)
}

/// Marks `value` of group `gi` of `groups` at the task in place `ti` with a black downward
/// triangle left of its column, as the published figures mark their example networks.
pub fn mark(p: &mut Panel, groups: &[Group], gi: usize, ti: usize, value: f64) {
    let x = column(ti, gi, groups.len()) - 0.25 * column_width(groups.len());
    p.push(Element::Triangles {
        points: vec![(x, value)],
        color: RGBColor(20, 20, 20),
    });
}

/// Adds the legend of the groups to `p` (upper right, kept clear of the data).
pub fn with_legend(mut p: Panel, cols: usize) -> Panel {
    p.legend(LegendPos::UpperRight, cols).keep_legend_clear();
    p
}

/// A log axis covering `values` of `m` over all groups (a decade margin at most).
pub fn log_axis(label: &str, grid: &Grid, ms: &[Measure], groups: &[Group]) -> Axis {
    let (lo, hi) = range(grid, ms, groups);
    let (lo, hi) = if lo.is_finite() && lo > 0.0 {
        (lo / 2.0, hi * 2.0)
    } else {
        (0.01, 10.0)
    };
    Axis::log10(label, lo, hi)
}

/// A linear axis from 0 covering the values.
pub fn lin_axis(label: &str, grid: &Grid, ms: &[Measure], groups: &[Group]) -> Axis {
    let (_, hi) = range(grid, ms, groups);
    let hi = if hi.is_finite() && hi > 0.0 {
        hi * 1.15
    } else {
        1.0
    };
    Axis::linear(label, 0.0, hi)
}

/// The dissimilarity axis of Figs. 4C and 16D: from 0 to above the data (at least
/// pi/4 + 0.1), ticks named 0, π/8, π/4, ... as published (those above the data dropped).
pub fn dissim_axis(label: &str, grid: &Grid, groups: &[Group]) -> Axis {
    let pi = std::f64::consts::PI;
    let hi = lin_axis("", grid, &[Measure::Dissim], groups)
        .max
        .max(pi / 4.0 + 0.1);
    let names = ["0", "π/8", "π/4", "3π/8", "π/2"].map(String::from);
    let ticks: Vec<f64> = (0..names.len()).map(|k| k as f64 * pi / 8.0).collect();
    Axis::linear(label, 0.0, hi).named_ticks(&ticks, &names)
}

fn range(grid: &Grid, ms: &[Measure], groups: &[Group]) -> (f64, f64) {
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    for &m in ms {
        for g in groups {
            for &t in &grid.plan.tasks {
                for v in values(grid, m, t, g.scale, g.g) {
                    if v.is_finite() && v > 0.0 {
                        lo = lo.min(v);
                    }
                    hi = hi.max(v);
                }
            }
        }
    }
    (lo, hi)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_and_marks_sit_beside_their_group() {
        // two groups: 0.35 wide each, centred 0.175 either side of the task
        assert!((column(0, 0, 2) - 0.825).abs() < 1e-12);
        assert!((column(2, 1, 2) - 3.175).abs() < 1e-12);
        // four groups at the second task: 1.7375, 1.9125, 2.0875, 2.2625
        assert!((column(1, 3, 4) - 2.2625).abs() < 1e-12);
        let mut p = Panel::new("", Axis::linear("", 0.0, 3.0), Axis::linear("", 0.0, 1.0));
        mark(&mut p, &chaotic(), 1, 0, 0.42);
        match p.elements.as_slice() {
            [Element::Triangles { points, .. }] => {
                // a quarter of the column's width left of it
                assert_eq!(points.len(), 1);
                assert!((points[0].0 - (1.175 - 0.0875)).abs() < 1e-12, "{points:?}");
                assert_eq!(points[0].1, 0.42);
            }
            e => panic!("{e:?}"),
        }
    }
}
