//! A panel axis as a plotters coordinate: [`AxisCoord`] implements plotters' `Ranged`
//! (linear, or logarithmic in any base, which maps the same way) with the panel's own ticks
//! as key points, so `ChartBuilder::build_cartesian_2d` and `configure_mesh` place data and
//! ticks. plotters clamps points outside the plotting area onto its border instead of
//! clipping lines there, so [`clip_runs`] cuts polylines at the axes' box first.

use super::axis::Axis;
use plotters::coord::ranged1d::{
    KeyPointHint, NoDefaultFormatting, Ranged, ReversibleRanged, ValueFormatter,
};
use std::ops::Range;

/// One axis as a plotters coordinate, carrying its ticks and their labels.
#[derive(Debug, Clone)]
pub struct AxisCoord {
    axis: Axis,
    ticks: Vec<(f64, String)>,
}

impl AxisCoord {
    /// The coordinate of `axis`, with the ticks it chooses.
    pub fn new(axis: &Axis) -> Self {
        Self {
            axis: axis.clone(),
            ticks: axis.tick_marks(),
        }
    }
    /// The position of `v` along the axis as a fraction of its length (0 at `min`, 1 at
    /// `max`), in the axis's scale.
    pub fn fraction(&self, v: f64) -> f64 {
        let (lo, hi) = (self.axis.tmin(), self.axis.tmax());
        (self.axis.t(v) - lo) / (hi - lo)
    }
    /// Whether `v` lies within the axis range (a tolerance of 1e-9 of the range).
    pub fn contains(&self, v: f64) -> bool {
        let f = self.fraction(v);
        f.is_finite() && (-1e-9..=1.0 + 1e-9).contains(&f)
    }
    /// The rich-text label of tick `v`, if `v` is one of the ticks.
    fn label(&self, v: f64) -> String {
        self.ticks
            .iter()
            .find(|(t, _)| *t == v)
            .map(|(_, s)| super::super::rich_text::plain(s))
            .unwrap_or_default()
    }
}

impl Ranged for AxisCoord {
    type FormatOption = NoDefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        let f = self.fraction(*value);
        let px = limit.0 as f64 + f * (limit.1 - limit.0) as f64;
        // NaN maps to the lower end; far-off values saturate (plotters clamps them)
        if px.is_nan() {
            limit.0
        } else {
            px.round().clamp(-1e7, 1e7) as i32
        }
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        // the chosen ticks only; no light mesh points
        if hint.max_num_points() == 0 || hint.weight().allow_light_points() {
            return Vec::new();
        }
        self.ticks.iter().map(|t| t.0).collect()
    }

    fn range(&self) -> Range<f64> {
        self.axis.min..self.axis.max
    }
}

impl ReversibleRanged for AxisCoord {
    fn unmap(&self, input: i32, limit: (i32, i32)) -> Option<f64> {
        if limit.0 == limit.1 {
            return None;
        }
        let f = (input - limit.0) as f64 / (limit.1 - limit.0) as f64;
        let (lo, hi) = (self.axis.tmin(), self.axis.tmax());
        Some(self.axis.untransform(lo + f * (hi - lo)))
    }
}

impl ValueFormatter<f64> for AxisCoord {
    fn format_ext(&self, value: &f64) -> String {
        if self.axis.tick_labels {
            self.label(*value)
        } else {
            String::new()
        }
    }
}

/// Clips the segment a-b to the box (Liang-Barsky); None when outside.
pub fn clip(
    a: (f64, f64),
    b: (f64, f64),
    x: (f64, f64),
    y: (f64, f64),
) -> Option<((f64, f64), (f64, f64))> {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (p, q) in [
        (-dx, a.0 - x.0),
        (dx, x.1 - a.0),
        (-dy, a.1 - y.0),
        (dy, y.1 - a.1),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else if p < 0.0 {
            t0 = t0.max(q / p);
        } else {
            t1 = t1.min(q / p);
        }
    }
    (t0 <= t1).then_some((
        (a.0 + t0 * dx, a.1 + t0 * dy),
        (a.0 + t1 * dx, a.1 + t1 * dy),
    ))
}

/// The parts of a data polyline inside the axes' box, in data units: the polyline is cut
/// (in the axes' own scales, so a straight line on a log axis stays straight) where it
/// leaves the box or meets a non-finite point. Runs have at least two points.
pub fn clip_runs(x: &Axis, y: &Axis, points: &[(f64, f64)]) -> Vec<Vec<(f64, f64)>> {
    let bx = (x.tmin().min(x.tmax()), x.tmin().max(x.tmax()));
    let by = (y.tmin().min(y.tmax()), y.tmin().max(y.tmax()));
    let back = |p: (f64, f64)| (x.untransform(p.0), y.untransform(p.1));
    let tp: Vec<Option<(f64, f64)>> = points
        .iter()
        .map(|&(px, py)| {
            // non-positive values on a log axis sit far below its lower end
            let p = (x.t(px), y.t(py));
            (p.0.is_finite() && p.1.is_finite()).then_some(p)
        })
        .collect();
    let mut runs: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut cur: Vec<(f64, f64)> = Vec::new();
    let close = |cur: &mut Vec<(f64, f64)>, runs: &mut Vec<Vec<(f64, f64)>>| {
        if cur.len() > 1 {
            runs.push(std::mem::take(cur));
        }
        cur.clear();
    };
    for w in tp.windows(2) {
        let (Some(a), Some(b)) = (w[0], w[1]) else {
            close(&mut cur, &mut runs);
            continue;
        };
        let Some((ca, cb)) = clip(a, b, bx, by) else {
            close(&mut cur, &mut runs);
            continue;
        };
        if ca != a || cur.is_empty() {
            close(&mut cur, &mut runs);
            cur.push(back(ca));
        }
        cur.push(back(cb));
        if cb != b {
            close(&mut cur, &mut runs);
        }
    }
    close(&mut cur, &mut runs);
    runs
}
