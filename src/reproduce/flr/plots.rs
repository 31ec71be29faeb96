//! Drawing of the FLR figures (data computed in `super`): the plot specifications below
//! become [`Panel`]s of the shared panel layer, so the FLR figures share the published
//! style of the others (spines, ticks, rich-text labels, dashed legend keys).

use crate::plot::panel::{Axis, Dash, Element, LegendPos, Line, Panel, PanelFigure};
use crate::plot::style::{colors, Figure};
use plotters::coord::Shift;
use plotters::prelude::*;

/// Colours by rule index.
pub const RULE_COLORS: [RGBColor; 3] = [colors::BLUE, colors::ORANGE, colors::GREEN];

/// A line: (label, colour index, dashed, points).
pub type LineSpec = (String, usize, bool, Vec<(f64, f64)>);
/// Dots with error bars: (label, colour index, (x, y, s.e.)).
pub type DotSpec = (String, usize, Vec<(f64, f64, f64)>);

/// One scatter panel: (predicted, measured, series index) on log-log axes.
pub struct Scatter {
    pub title: String,
    pub x_desc: String,
    pub y_desc: String,
    pub series: Vec<String>,
    pub points: Vec<(f64, f64, usize)>,
}

/// A curve-plus-points panel: theory lines and simulated points with error bars.
pub struct Curves {
    pub title: String,
    pub x_desc: String,
    pub y_desc: String,
    pub log_x: bool,
    pub log_y: bool,
    /// (label, colour index, dashed, points)
    pub lines: Vec<LineSpec>,
    /// (label, colour index, (x, y, s.e.))
    pub dots: Vec<DotSpec>,
    /// vertical marker (x, label)
    pub vline: Option<(f64, String)>,
    /// horizontal reference (y)
    pub hline: Option<f64>,
}

/// Panels side by side.
pub struct Panels {
    pub width: u32,
    pub height: u32,
    pub scatters: Vec<Scatter>,
    pub curves: Vec<Curves>,
}

const PALETTE: [RGBColor; 5] = [
    colors::BLUE,
    colors::ORANGE,
    colors::GREEN,
    colors::RED,
    colors::PURPLE,
];

/// Base font size of the FLR figures (pixels).
const FONT_PX: f64 = 15.0;

fn bounds(v: impl Iterator<Item = f64>, log: bool) -> (f64, f64) {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for x in v.filter(|x| x.is_finite() && (!log || *x > 0.0)) {
        lo = lo.min(x);
        hi = hi.max(x);
    }
    if !lo.is_finite() {
        return (1e-3, 1.0);
    }
    if log {
        (lo / 1.5, hi * 1.5)
    } else {
        let pad = 0.08 * (hi - lo).max(1e-12);
        (lo - pad, hi + pad)
    }
}

fn axis(label: &str, (lo, hi): (f64, f64), log: bool) -> Axis {
    if log {
        Axis::log10(label, lo, hi)
    } else {
        Axis::linear(label, lo, hi)
    }
}

/// A scatter of measured against predicted on log-log axes, with the diagonal.
fn scatter_panel(s: &Scatter) -> Panel {
    let pos: Vec<&(f64, f64, usize)> = s.points.iter().filter(|p| p.0 > 0.0 && p.1 > 0.0).collect();
    let (lo, hi) = bounds(pos.iter().flat_map(|p| [p.0, p.1]), true);
    let mut p = Panel::new(
        "",
        axis(&s.x_desc, (lo, hi), true),
        axis(&s.y_desc, (lo, hi), true),
    );
    p.title(&s.title);
    p.line(
        Line::new(vec![(lo, lo), (hi, hi)], BLACK)
            .width(1)
            .label("measured = predicted"),
    );
    for (k, name) in s.series.iter().enumerate() {
        p.push(Element::Dots {
            points: pos
                .iter()
                .filter(|q| q.2 == k)
                .map(|q| (q.0, q.1))
                .collect(),
            color: PALETTE[k % PALETTE.len()],
            alpha: 0.75,
            radius: 3,
            label: Some(name.clone()),
        });
    }
    p.legend(LegendPos::UpperLeft, 1).keep_legend_clear();
    p
}

/// Theory lines (dashed or solid) and simulated points with error bars.
fn curves_panel(c: &Curves) -> Panel {
    let xs = c.lines.iter().flat_map(|l| l.3.iter().map(|p| p.0));
    let xs = xs.chain(c.dots.iter().flat_map(|d| d.2.iter().map(|p| p.0)));
    let x = bounds(xs.chain(c.vline.iter().map(|v| v.0)), c.log_x);
    let ys = c.lines.iter().flat_map(|l| l.3.iter().map(|p| p.1));
    let ys = ys.chain(
        c.dots
            .iter()
            .flat_map(|d| d.2.iter().flat_map(|p| [p.1 - p.2, p.1 + p.2])),
    );
    let ys: Vec<f64> = ys.chain(c.hline.iter().copied()).collect();
    let (ylo, yhi) = bounds(ys.iter().copied(), c.log_y);
    // a log axis over less than a decade has one tick or none: use a linear one there
    let log_y = c.log_y && yhi / ylo >= 10.0;
    let y = if log_y == c.log_y {
        (ylo, yhi)
    } else {
        bounds(ys.into_iter(), false)
    };
    let mut p = Panel::new("", axis(&c.x_desc, x, c.log_x), axis(&c.y_desc, y, log_y));
    p.title(&c.title);
    for (label, ci, dashed, pts) in &c.lines {
        let dash = if *dashed { Dash::Dashed } else { Dash::Solid };
        let col = PALETTE[*ci % PALETTE.len()];
        p.line(Line::new(pts.clone(), col).width(2).dash(dash).label(label));
    }
    for (label, ci, pts) in &c.dots {
        let col = PALETTE[*ci % PALETTE.len()];
        let bars = pts
            .iter()
            .filter(|q| q.2 > 0.0)
            .map(|q| (q.0, q.1 - q.2, q.1 + q.2));
        p.push(Element::ErrorBars {
            bars: bars.collect(),
            color: col,
        });
        p.push(Element::Dots {
            points: pts.iter().map(|q| (q.0, q.1)).collect(),
            color: col,
            alpha: 1.0,
            radius: 4,
            label: Some(label.clone()),
        });
    }
    if let Some(h) = c.hline {
        let line = Line::new(vec![], BLACK).width(1).dash(Dash::Dashed);
        p.push(Element::HLine { y: h, line });
    }
    if let Some((v, label)) = &c.vline {
        let line = Line::new(vec![], colors::RED)
            .width(1)
            .dash(Dash::Dashed)
            .label(label);
        p.push(Element::VLine { x: *v, line });
    }
    p.legend(LegendPos::UpperLeft, 1).keep_legend_clear();
    p
}

impl Panels {
    /// The panels side by side, scatters first.
    pub fn figure(&self) -> PanelFigure {
        let panels: Vec<Option<Panel>> = self
            .scatters
            .iter()
            .map(scatter_panel)
            .chain(self.curves.iter().map(curves_panel))
            .map(Some)
            .collect();
        let cols = vec![1.0; panels.len().max(1)];
        PanelFigure::grid((self.width, self.height), FONT_PX, &cols, 1, panels)
    }
}

impl Figure for Panels {
    fn size(&self) -> (u32, u32) {
        (self.width, self.height)
    }
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> anyhow::Result<()>
    where
        DB::ErrorType: 'static,
    {
        self.figure().draw(root)
    }
}
