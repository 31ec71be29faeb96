//! 3-D views for the reproduced figures: trajectories on three axes, with direction marks,
//! and arrows (e.g. a scaled readout vector), drawn with plotters' 3-D charts
//! (`ChartBuilder::build_cartesian_3d` and `with_projection` for the view angles).
//!
//! A [`View3d`] holds its data in data coordinates `[a, b, c]`; the third coordinate is
//! drawn vertically, the first two span the floor (at the default angles the first along the
//! lower-right edge of the box, the second along the lower-left edge, as in the published
//! views). The style is the
//! published one: the three back panes in light grey, the axis names beside the front
//! edges, no tick labels. [`MixedFigure`] places views next to ordinary 2-D panels.

mod draw;
mod figure;
#[cfg(test)]
mod tests;

pub use draw::draw_view;
pub use figure::{FreeText, MixedFigure};

use plotters::style::RGBColor;

/// A polyline in 3-D with optional direction marks (arrowheads) along it.
#[derive(Debug, Clone)]
pub struct Curve3 {
    /// points `[a, b, c]` in data units
    pub points: Vec<[f64; 3]>,
    /// colour
    pub color: RGBColor,
    /// opacity in [0, 1]
    pub alpha: f64,
    /// stroke width in pixels
    pub width: u32,
    /// number of arrowheads spread along the curve (0: none)
    pub heads: usize,
}

impl Curve3 {
    /// A solid curve of width 3 without arrowheads.
    pub fn new(points: Vec<[f64; 3]>, color: RGBColor) -> Self {
        Self {
            points,
            color,
            alpha: 1.0,
            width: 3,
            heads: 0,
        }
    }
    /// Sets the number of arrowheads.
    pub fn heads(mut self, n: usize) -> Self {
        self.heads = n;
        self
    }
    /// Sets the opacity.
    pub fn alpha(mut self, a: f64) -> Self {
        self.alpha = a;
        self
    }
    /// Sets the width.
    pub fn width(mut self, w: u32) -> Self {
        self.width = w;
        self
    }
}

/// An arrow from `from` to `to` with an optional rich-text label at its head.
#[derive(Debug, Clone)]
pub struct Arrow3 {
    /// tail (data units)
    pub from: [f64; 3],
    /// head (data units)
    pub to: [f64; 3],
    /// colour
    pub color: RGBColor,
    /// label beside the head (rich text)
    pub label: Option<String>,
}

/// One 3-D panel.
#[derive(Debug, Clone)]
pub struct View3d {
    /// panel letter
    pub letter: Option<String>,
    /// title above the view (rich text)
    pub title: Option<String>,
    /// names of the three data axes (rich text; empty: none)
    pub axes: [String; 3],
    /// the curves, drawn in order
    pub curves: Vec<Curve3>,
    /// the arrows, drawn after the curves
    pub arrows: Vec<Arrow3>,
    /// rotation about the vertical axis (radians; plotters' `yaw`)
    pub yaw: f64,
    /// tilt of the floor towards the viewer (radians; plotters' `pitch`)
    pub pitch: f64,
    /// one scale for the three axes (a flat trajectory stays flat); else each axis spans
    /// its own data range
    pub equal: bool,
}

impl View3d {
    /// An empty view with the default angles and equal axes.
    pub fn new(letter: &str) -> Self {
        Self {
            letter: (!letter.is_empty()).then(|| letter.to_string()),
            title: None,
            axes: [String::new(), String::new(), String::new()],
            curves: Vec::new(),
            arrows: Vec::new(),
            yaw: DEFAULT_YAW,
            pitch: DEFAULT_PITCH,
            equal: true,
        }
    }
    /// Sets the axis names.
    pub fn axes(mut self, a: &str, b: &str, c: &str) -> Self {
        self.axes = [a.to_string(), b.to_string(), c.to_string()];
        self
    }
    /// The data ranges `[lo, hi]` of the three axes: every curve and arrow point, padded
    /// by 5% of the span; with [`View3d::equal`] all three get the largest span, centred on
    /// their own midpoints. A degenerate axis gets a unit span.
    pub fn ranges(&self) -> [(f64, f64); 3] {
        let mut lo = [f64::INFINITY; 3];
        let mut hi = [f64::NEG_INFINITY; 3];
        let pts = self.curves.iter().flat_map(|c| c.points.iter());
        let ends = self.arrows.iter().flat_map(|a| [&a.from, &a.to]);
        for p in pts.chain(ends) {
            for d in 0..3 {
                if p[d].is_finite() {
                    lo[d] = lo[d].min(p[d]);
                    hi[d] = hi[d].max(p[d]);
                }
            }
        }
        let mut span = [0.0f64; 3];
        for d in 0..3 {
            if !lo[d].is_finite() {
                (lo[d], hi[d]) = (-0.5, 0.5);
            }
            span[d] = (hi[d] - lo[d]).max(1e-12);
        }
        let big = span.iter().copied().fold(0.0, f64::max);
        let mut out = [(0.0, 0.0); 3];
        for d in 0..3 {
            let half = 0.5 * if self.equal { big } else { span[d] } * 1.1;
            let mid = 0.5 * (lo[d] + hi[d]);
            out[d] = (mid - half, mid + half);
        }
        out
    }
}

/// Default yaw: the first axis along the lower-right edge, the second along the lower-left.
pub const DEFAULT_YAW: f64 = 0.8 - std::f64::consts::FRAC_PI_2;
/// Default pitch: the floor seen from about 25 degrees above.
pub const DEFAULT_PITCH: f64 = 0.45;

/// The "nice" factor (1, 2 or 5 times a power of ten) closest below `target / length`: the
/// scale that draws a vector of norm `length` at about `target` (e.g. "500 w_out").
/// `None` when either is not positive and finite.
pub fn nice_factor(target: f64, length: f64) -> Option<f64> {
    if !(target > 0.0 && length > 0.0 && target.is_finite() && length.is_finite()) {
        return None;
    }
    let raw = target / length;
    let decade = 10f64.powf(raw.log10().floor());
    let m = raw / decade;
    let step = if m >= 5.0 {
        5.0
    } else if m >= 2.0 {
        2.0
    } else {
        1.0
    };
    Some(step * decade)
}
