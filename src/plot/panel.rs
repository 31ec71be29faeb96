//! A small declarative plotting layer on top of plotters for the reproduced figures.
//!
//! A [`Panel`] is a list of [`Element`]s (lines, bands, dots, histograms, reference lines,
//! arrows, text) with two [`Axis`] specifications. [`draw_panel`] maps the data to pixels
//! itself, clips every line to the axes, draws dashes itself (so PNG and SVG look the
//! same), draws left/bottom spines with outward ticks in the style of the published
//! figures, a legend and the panel letter. Logarithmic axes take the data untransformed.

use super::rich_text::{self, Align};
use super::style::{plot_err, FONT};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Axis scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// linear
    Linear,
    /// base-10 logarithm (ticks at powers of ten, or 2-9 multiples on short ranges)
    Log10,
    /// base-2 logarithm (for network sizes 64, 128, ...)
    Log2,
}

/// One axis: label (rich text), range, scale and ticks.
#[derive(Debug, Clone)]
pub struct Axis {
    /// rich-text label (`_{}` subscripts, `^{}` superscripts); empty for none
    pub label: String,
    /// lower end (data units)
    pub min: f64,
    /// upper end (data units)
    pub max: f64,
    /// scale
    pub scale: Scale,
    /// explicit ticks (data units); `None` chooses them
    pub ticks: Option<Vec<f64>>,
    /// whether tick labels are printed (false for shared axes)
    pub tick_labels: bool,
}

impl Axis {
    /// A linear axis.
    pub fn linear(label: &str, min: f64, max: f64) -> Self {
        Self {
            label: label.to_string(),
            min,
            max,
            scale: Scale::Linear,
            ticks: None,
            tick_labels: true,
        }
    }
    /// A base-10 logarithmic axis; `min` and `max` must be positive.
    pub fn log10(label: &str, min: f64, max: f64) -> Self {
        Self {
            scale: Scale::Log10,
            ..Self::linear(label, min, max)
        }
    }
    /// A base-2 logarithmic axis; `min` and `max` must be positive.
    pub fn log2(label: &str, min: f64, max: f64) -> Self {
        Self {
            scale: Scale::Log2,
            ..Self::linear(label, min, max)
        }
    }
    /// Sets explicit ticks.
    pub fn ticks(mut self, ticks: &[f64]) -> Self {
        self.ticks = Some(ticks.to_vec());
        self
    }
    /// Hides the tick labels (and the axis label), for axes shared with the panel below.
    pub fn hide_labels(mut self) -> Self {
        self.tick_labels = false;
        self.label.clear();
        self
    }
    fn t(&self, v: f64) -> f64 {
        match self.scale {
            Scale::Linear => v,
            Scale::Log10 => v.max(1e-300).log10(),
            Scale::Log2 => v.max(1e-300).log2(),
        }
    }
    fn tmin(&self) -> f64 {
        self.t(self.min)
    }
    fn tmax(&self) -> f64 {
        self.t(self.max)
    }
    /// The ticks (data units) and their rich-text labels.
    pub fn tick_marks(&self) -> Vec<(f64, String)> {
        let (lo, hi) = (self.min.min(self.max), self.min.max(self.max));
        let inside = |v: f64| v >= lo - 1e-9 * (hi - lo).abs() && v <= hi + 1e-9 * (hi - lo).abs();
        match (&self.ticks, self.scale) {
            (Some(t), Scale::Linear) => {
                let step = min_gap(t);
                t.iter()
                    .filter(|v| inside(**v))
                    .map(|&v| (v, fmt_linear(v, step)))
                    .collect()
            }
            (Some(t), _) => t
                .iter()
                .filter(|v| inside(**v))
                .map(|&v| (v, fmt_log(v)))
                .collect(),
            (None, Scale::Linear) => {
                let (ticks, step) = nice_ticks(lo, hi, 5);
                ticks
                    .into_iter()
                    .map(|v| (v, fmt_linear(v, step)))
                    .collect()
            }
            (None, Scale::Log10) => log10_ticks(lo, hi),
            (None, Scale::Log2) => {
                let (a, b) = (lo.log2().ceil() as i32, hi.log2().floor() as i32);
                (a..=b)
                    .map(|k| 2f64.powi(k))
                    .map(|v| (v, fmt_log(v)))
                    .collect()
            }
        }
    }
}

fn min_gap(t: &[f64]) -> f64 {
    let mut g = f64::INFINITY;
    for w in t.windows(2) {
        g = g.min((w[1] - w[0]).abs());
    }
    if g.is_finite() && g > 0.0 {
        g
    } else {
        1.0
    }
}

/// "Nice" linear ticks (steps 1, 2, 2.5, 5 times a power of ten) covering `[lo, hi]`.
pub fn nice_ticks(lo: f64, hi: f64, target: usize) -> (Vec<f64>, f64) {
    let span = (hi - lo).abs().max(1e-12);
    let raw = span / target.max(1) as f64;
    let p = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * p)
        .find(|s| *s >= raw * 0.999)
        .unwrap_or(10.0 * p);
    let first = (lo / step).ceil() as i64;
    let last = (hi / step + 1e-9).floor() as i64;
    let ticks = (first..=last).map(|k| k as f64 * step).collect();
    (ticks, step)
}

/// Formats a linear tick with as many decimals as the tick spacing needs, with a true
/// minus sign.
pub fn fmt_linear(v: f64, step: f64) -> String {
    let mut dec = (-step.log10().floor()).max(0.0) as usize;
    if ((step / 10f64.powi(-(dec as i32))) - (step / 10f64.powi(-(dec as i32))).round()).abs()
        > 1e-6
    {
        dec += 1;
    }
    let v = if v.abs() < step * 1e-9 { 0.0 } else { v };
    let s = format!("{v:.dec$}");
    s.replace('-', "\u{2212}")
}

fn fmt_log(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 && (1.0..1e5).contains(&v) {
        return format!("{}", v.round() as i64);
    }
    let k = v.log10().floor();
    let m = v / 10f64.powf(k);
    let exp = format!("{}", k as i64).replace('-', "\u{2212}");
    if (m - 1.0).abs() < 1e-9 {
        format!("10^{{{exp}}}")
    } else {
        format!("{}\u{d7}10^{{{exp}}}", (m * 10.0).round() / 10.0)
    }
}

fn log10_ticks(lo: f64, hi: f64) -> Vec<(f64, String)> {
    let (a, b) = (lo.log10(), hi.log10());
    let powers: Vec<f64> = ((a - 1e-9).ceil() as i32..=(b + 1e-9).floor() as i32)
        .map(|k| 10f64.powi(k))
        .collect();
    let mut out: Vec<f64> = powers.clone();
    if powers.len() < 2 {
        // short range: add 2-9 multiples, thinned to at most six ticks
        let mut cand = Vec::new();
        for k in (a.floor() as i32)..=(b.ceil() as i32) {
            for m in [1.0, 2.0, 3.0, 4.0, 6.0] {
                let v = m * 10f64.powi(k);
                if v >= lo * (1.0 - 1e-9) && v <= hi * (1.0 + 1e-9) {
                    cand.push(v);
                }
            }
        }
        out = cand;
    }
    out.into_iter().map(|v| (v, fmt_log(v))).collect()
}

/// Line dash pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(clippy::enum_variant_names)] // DashDot is the usual name of the style
pub enum Dash {
    /// solid
    Solid,
    /// long dashes (theory curves)
    Dashed,
    /// dots
    Dotted,
    /// dash-dot
    DashDot,
}

impl Dash {
    /// On/off lengths in units of the line width.
    fn pattern(self) -> &'static [f64] {
        match self {
            Dash::Solid => &[],
            Dash::Dashed => &[3.7, 1.6],
            Dash::Dotted => &[1.0, 1.65],
            Dash::DashDot => &[6.4, 1.6, 1.0, 1.6],
        }
    }
}

/// A polyline.
#[derive(Debug, Clone)]
pub struct Line {
    /// points in data units
    pub points: Vec<(f64, f64)>,
    /// colour
    pub color: RGBColor,
    /// opacity in [0, 1]
    pub alpha: f64,
    /// stroke width in pixels
    pub width: u32,
    /// dash pattern
    pub dash: Dash,
    /// legend entry
    pub label: Option<String>,
}

impl Line {
    /// A solid line of width 3.
    pub fn new(points: Vec<(f64, f64)>, color: RGBColor) -> Self {
        Self {
            points,
            color,
            alpha: 1.0,
            width: 3,
            dash: Dash::Solid,
            label: None,
        }
    }
    /// From parallel x and y slices.
    pub fn xy(x: &[f64], y: &[f64], color: RGBColor) -> Self {
        Self::new(x.iter().copied().zip(y.iter().copied()).collect(), color)
    }
    /// Sets the dash pattern.
    pub fn dash(mut self, dash: Dash) -> Self {
        self.dash = dash;
        self
    }
    /// Sets the width.
    pub fn width(mut self, w: u32) -> Self {
        self.width = w;
        self
    }
    /// Sets the opacity.
    pub fn alpha(mut self, a: f64) -> Self {
        self.alpha = a;
        self
    }
    /// Sets the legend entry.
    pub fn label(mut self, l: &str) -> Self {
        self.label = Some(l.to_string());
        self
    }
}

/// Something drawn inside a panel.
#[derive(Debug, Clone)]
pub enum Element {
    /// a polyline
    Line(Line),
    /// a shaded band between `lo` and `hi` over `x`
    Band {
        /// abscissae
        x: Vec<f64>,
        /// lower edge
        lo: Vec<f64>,
        /// upper edge
        hi: Vec<f64>,
        /// colour
        color: RGBColor,
        /// opacity
        alpha: f64,
        /// legend entry
        label: Option<String>,
    },
    /// filled circles
    Dots {
        /// centres
        points: Vec<(f64, f64)>,
        /// colour
        color: RGBColor,
        /// opacity
        alpha: f64,
        /// radius in pixels
        radius: u32,
        /// legend entry
        label: Option<String>,
    },
    /// a histogram given by bin edges and counts
    Bars {
        /// bin edges (len = counts + 1)
        edges: Vec<f64>,
        /// counts
        counts: Vec<f64>,
        /// colour
        color: RGBColor,
        /// opacity
        alpha: f64,
        /// legend entry
        label: Option<String>,
    },
    /// a horizontal reference line across the panel
    HLine {
        /// ordinate
        y: f64,
        /// style
        line: Line,
    },
    /// a vertical reference line across the panel
    VLine {
        /// abscissa
        x: f64,
        /// style
        line: Line,
    },
    /// vertical error bars `(x, lo, hi)`
    ErrorBars {
        /// `(x, lo, hi)`
        bars: Vec<(f64, f64, f64)>,
        /// colour
        color: RGBColor,
    },
    /// an arrow from `from` to `to` (data units)
    Arrow {
        /// tail
        from: (f64, f64),
        /// head
        to: (f64, f64),
        /// colour
        color: RGBColor,
    },
    /// rich text at a data point
    Text {
        /// anchor (data units); the text's vertical centre
        at: (f64, f64),
        /// rich text
        text: String,
        /// colour
        color: RGBColor,
        /// alignment relative to the anchor
        align: Align,
        /// font size relative to the panel's base size
        scale: f64,
    },
    /// rich text in a grey box at a position given in axes fractions (0..1)
    BoxLabel {
        /// position of the box's upper-left corner in axes fractions
        frac: (f64, f64),
        /// rich text
        text: String,
    },
    /// small coloured squares on the x axis (marks of special abscissae)
    AxisMarks {
        /// abscissae and colours
        marks: Vec<(f64, RGBColor)>,
    },
}

/// Where the legend goes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LegendPos {
    /// no legend
    None,
    /// upper right corner
    UpperRight,
    /// upper left corner
    UpperLeft,
    /// lower right corner
    LowerRight,
    /// lower left corner
    LowerLeft,
    /// centre right
    CenterRight,
    /// explicit upper-left corner in axes fractions
    At(f64, f64),
}

/// One panel of a figure.
#[derive(Debug, Clone)]
pub struct Panel {
    /// panel letter ("A", "B", ...)
    pub letter: Option<String>,
    /// title above the panel (rich text)
    pub title: Option<String>,
    /// x axis
    pub x: Axis,
    /// y axis
    pub y: Axis,
    /// contents, drawn in order
    pub elements: Vec<Element>,
    /// legend position
    pub legend: LegendPos,
    /// legend columns
    pub legend_cols: usize,
}

impl Panel {
    /// An empty panel.
    pub fn new(letter: &str, x: Axis, y: Axis) -> Self {
        Self {
            letter: if letter.is_empty() {
                None
            } else {
                Some(letter.to_string())
            },
            title: None,
            x,
            y,
            elements: Vec::new(),
            legend: LegendPos::None,
            legend_cols: 1,
        }
    }
    /// Adds an element.
    pub fn push(&mut self, e: Element) -> &mut Self {
        self.elements.push(e);
        self
    }
    /// Adds a line.
    pub fn line(&mut self, l: Line) -> &mut Self {
        self.push(Element::Line(l))
    }
    /// Sets the legend position and number of columns.
    pub fn legend(&mut self, pos: LegendPos, cols: usize) -> &mut Self {
        self.legend = pos;
        self.legend_cols = cols.max(1);
        self
    }
    /// Sets the title.
    pub fn title(&mut self, t: &str) -> &mut Self {
        self.title = Some(t.to_string());
        self
    }
}

/// Colour used for spines, ticks and tick labels.
pub const AXIS_GREY: RGBColor = RGBColor(130, 130, 130);
/// Colour used for text.
pub const TEXT: RGBColor = RGBColor(40, 40, 40);

/// Pixel geometry of a panel's axes inside its drawing area.
#[derive(Debug, Clone, Copy)]
struct Frame {
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
    tx: (f64, f64),
    ty: (f64, f64),
}

impl Frame {
    fn px(&self, tx: f64, ty: f64) -> (f64, f64) {
        let fx = (tx - self.tx.0) / (self.tx.1 - self.tx.0);
        let fy = (ty - self.ty.0) / (self.ty.1 - self.ty.0);
        (
            self.left + fx * (self.right - self.left),
            self.bottom - fy * (self.bottom - self.top),
        )
    }
}

fn ipt(p: (f64, f64)) -> (i32, i32) {
    (p.0.round() as i32, p.1.round() as i32)
}

/// Clips the segment a-b to the box (Liang-Barsky); None when outside.
fn clip(
    a: (f64, f64),
    b: (f64, f64),
    x: (f64, f64),
    y: (f64, f64),
) -> Option<((f64, f64), (f64, f64))> {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let mut t0: f64 = 0.0;
    let mut t1: f64 = 1.0;
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
        } else {
            let r = q / p;
            if p < 0.0 {
                t0 = t0.max(r);
            } else {
                t1 = t1.min(r);
            }
        }
    }
    if t0 > t1 {
        return None;
    }
    Some((
        (a.0 + t0 * dx, a.1 + t0 * dy),
        (a.0 + t1 * dx, a.1 + t1 * dy),
    ))
}

/// Pixel polylines of a data polyline after transformation and clipping.
fn pixel_runs(panel: &Panel, f: &Frame, points: &[(f64, f64)]) -> Vec<Vec<(f64, f64)>> {
    let bx = (f.tx.0.min(f.tx.1), f.tx.0.max(f.tx.1));
    let by = (f.ty.0.min(f.ty.1), f.ty.0.max(f.ty.1));
    let mut runs: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut cur: Vec<(f64, f64)> = Vec::new();
    let tp: Vec<Option<(f64, f64)>> = points
        .iter()
        .map(|&(x, y)| {
            let p = (panel.x.t(x), panel.y.t(y));
            (p.0.is_finite() && p.1.is_finite()).then_some(p)
        })
        .collect();
    for w in tp.windows(2) {
        match (w[0], w[1]) {
            (Some(a), Some(b)) => match clip(a, b, bx, by) {
                Some((ca, cb)) => {
                    let (pa, pb) = (f.px(ca.0, ca.1), f.px(cb.0, cb.1));
                    if cur.is_empty() {
                        cur.push(pa);
                    } else if let Some(last) = cur.last() {
                        if (last.0 - pa.0).abs() > 0.5 || (last.1 - pa.1).abs() > 0.5 {
                            runs.push(std::mem::take(&mut cur));
                            cur.push(pa);
                        }
                    }
                    cur.push(pb);
                    if cb != b {
                        runs.push(std::mem::take(&mut cur));
                    }
                }
                None => {
                    if !cur.is_empty() {
                        runs.push(std::mem::take(&mut cur));
                    }
                }
            },
            _ => {
                if !cur.is_empty() {
                    runs.push(std::mem::take(&mut cur));
                }
            }
        }
    }
    if !cur.is_empty() {
        runs.push(cur);
    }
    runs
}

/// Splits a pixel polyline into dashes.
fn dashes(run: &[(f64, f64)], pattern: &[f64], width: f64) -> Vec<Vec<(f64, f64)>> {
    if pattern.is_empty() {
        return vec![run.to_vec()];
    }
    let pat: Vec<f64> = pattern.iter().map(|p| p * width.max(1.5)).collect();
    let mut out = Vec::new();
    let mut idx = 0;
    let mut left = pat[0];
    let mut on = true;
    let mut cur = vec![run[0]];
    for w in run.windows(2) {
        let (mut a, b) = (w[0], w[1]);
        let mut seg = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
        while seg > left {
            let f = left / seg;
            let p = (a.0 + f * (b.0 - a.0), a.1 + f * (b.1 - a.1));
            if on {
                cur.push(p);
                out.push(std::mem::take(&mut cur));
            } else {
                cur = vec![p];
            }
            on = !on;
            seg -= left;
            a = p;
            idx = (idx + 1) % pat.len();
            left = pat[idx];
        }
        left -= seg;
        if on {
            cur.push(b);
        }
    }
    if on && cur.len() > 1 {
        out.push(cur);
    }
    out
}

fn draw_line<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    panel: &Panel,
    f: &Frame,
    l: &Line,
) -> anyhow::Result<()>
where
    DB::ErrorType: 'static,
{
    let style = ShapeStyle::from(l.color.mix(l.alpha)).stroke_width(l.width);
    for run in pixel_runs(panel, f, &l.points) {
        if run.len() < 2 {
            continue;
        }
        for piece in dashes(&run, l.dash.pattern(), l.width as f64) {
            for part in split_sharp(&piece) {
                let pts: Vec<(i32, i32)> = part.iter().copied().map(ipt).collect();
                area.draw(&PathElement::new(pts, style)).map_err(plot_err)?;
            }
        }
    }
    Ok(())
}

/// Splits a pixel polyline at vertices where it turns by more than 60 degrees. The bitmap
/// backend joins thick segments with unlimited miters, which turn the sharp corners of
/// noisy curves into long spikes; separate pieces have no joins there.
fn split_sharp(run: &[(f64, f64)]) -> Vec<&[(f64, f64)]> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..run.len().saturating_sub(1) {
        let (a, b, c) = (run[i - 1], run[i], run[i + 1]);
        let (u, v) = ((b.0 - a.0, b.1 - a.1), (c.0 - b.0, c.1 - b.1));
        let nu = (u.0 * u.0 + u.1 * u.1).sqrt();
        let nv = (v.0 * v.0 + v.1 * v.1).sqrt();
        if nu > 0.0 && nv > 0.0 && (u.0 * v.0 + u.1 * v.1) / (nu * nv) < 0.5 {
            out.push(&run[start..=i]);
            start = i;
        }
    }
    out.push(&run[start..]);
    out
}

/// The left margin (pixels) the panel needs for its y tick labels and y label.
pub fn left_margin<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    panel: &Panel,
    fs: f64,
) -> f64 {
    let ytick_w = if panel.y.tick_labels {
        panel
            .y
            .tick_marks()
            .iter()
            .map(|(_, s)| rich_text::width(area, s, fs))
            .max()
            .unwrap_or(0) as f64
    } else {
        0.0
    };
    1.3 * fs
        + if panel.y.label.is_empty() {
            0.0
        } else {
            1.4 * fs
        }
        + ytick_w
        + 0.9 * fs
}

/// Draws `panel` into `area` with base font size `fs` (pixels).
pub fn draw_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    panel: &Panel,
    fs: f64,
) -> anyhow::Result<()>
where
    DB::ErrorType: 'static,
{
    let left = left_margin(area, panel, fs);
    draw_panel_at(area, panel, fs, left)
}

/// Draws `panel` with the given left margin (so panels stacked in a column align).
pub fn draw_panel_at<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    panel: &Panel,
    fs: f64,
    left: f64,
) -> anyhow::Result<()>
where
    DB::ErrorType: 'static,
{
    let (w, h) = area.dim_in_pixel();
    let (w, h) = (w as f64, h as f64);
    let xticks = panel.x.tick_marks();
    let yticks = panel.y.tick_marks();
    let bottom_space = if panel.x.tick_labels {
        1.6 * fs
    } else {
        0.6 * fs
    } + if panel.x.label.is_empty() {
        0.0
    } else {
        1.4 * fs
    };
    let top = if panel.title.is_some() {
        2.0 * fs
    } else {
        0.8 * fs
    };
    let f = Frame {
        left,
        right: w - 1.6 * fs,
        top,
        bottom: h - bottom_space,
        tx: (panel.x.tmin(), panel.x.tmax()),
        ty: (panel.y.tmin(), panel.y.tmax()),
    };
    let text_color = TEXT.to_rgba();
    let grey = AXIS_GREY;

    // contents
    for e in &panel.elements {
        draw_element(area, panel, &f, e, fs)?;
    }

    // spines and ticks
    let spine = ShapeStyle::from(grey).stroke_width(2);
    area.draw(&PathElement::new(
        vec![ipt((f.left, f.top)), ipt((f.left, f.bottom))],
        spine,
    ))
    .map_err(plot_err)?;
    area.draw(&PathElement::new(
        vec![ipt((f.left, f.bottom)), ipt((f.right, f.bottom))],
        spine,
    ))
    .map_err(plot_err)?;
    let tick = 0.35 * fs;
    for (v, s) in &xticks {
        let (px, _) = f.px(panel.x.t(*v), f.ty.0);
        area.draw(&PathElement::new(
            vec![ipt((px, f.bottom)), ipt((px, f.bottom + tick))],
            spine,
        ))
        .map_err(plot_err)?;
        if panel.x.tick_labels {
            rich_text::draw(
                area,
                s,
                ipt((px, f.bottom + tick + 0.75 * fs)),
                fs,
                text_color,
                Align::Center,
                false,
            )?;
        }
    }
    for (v, s) in &yticks {
        let (_, py) = f.px(f.tx.0, panel.y.t(*v));
        area.draw(&PathElement::new(
            vec![ipt((f.left - tick, py)), ipt((f.left, py))],
            spine,
        ))
        .map_err(plot_err)?;
        if panel.y.tick_labels {
            rich_text::draw(
                area,
                s,
                ipt((f.left - tick - 0.3 * fs, py)),
                fs,
                text_color,
                Align::Right,
                false,
            )?;
        }
    }
    if !panel.x.label.is_empty() {
        let y = f.bottom
            + tick
            + if panel.x.tick_labels {
                2.1 * fs
            } else {
                1.0 * fs
            };
        rich_text::draw(
            area,
            &panel.x.label,
            ipt(((f.left + f.right) / 2.0, y)),
            fs * 1.05,
            text_color,
            Align::Center,
            false,
        )?;
    }
    if !panel.y.label.is_empty() {
        rich_text::draw(
            area,
            &panel.y.label,
            ipt((1.3 * fs + 0.75 * fs, (f.top + f.bottom) / 2.0)),
            fs * 1.05,
            text_color,
            Align::Center,
            true,
        )?;
    }
    if let Some(t) = &panel.title {
        rich_text::draw(
            area,
            t,
            ipt(((f.left + f.right) / 2.0, 0.9 * fs)),
            fs * 1.05,
            text_color,
            Align::Center,
            false,
        )?;
    }
    if let Some(letter) = &panel.letter {
        let style = TextStyle::from((FONT, fs * 1.2).into_font())
            .color(&TEXT)
            .pos(Pos::new(HPos::Left, VPos::Top));
        area.draw_text(letter, &style, (2, 2)).map_err(plot_err)?;
    }
    draw_legend(area, panel, &f, fs)
}

fn draw_element<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    panel: &Panel,
    f: &Frame,
    e: &Element,
    fs: f64,
) -> anyhow::Result<()>
where
    DB::ErrorType: 'static,
{
    let (x0, x1) = (panel.x.min, panel.x.max);
    let (y0, y1) = (panel.y.min, panel.y.max);
    let inside = |tx: f64, ty: f64| {
        tx >= f.tx.0.min(f.tx.1)
            && tx <= f.tx.0.max(f.tx.1)
            && ty >= f.ty.0.min(f.ty.1)
            && ty <= f.ty.0.max(f.ty.1)
    };
    let clampx = |tx: f64| tx.clamp(f.tx.0.min(f.tx.1), f.tx.0.max(f.tx.1));
    let clampy = |ty: f64| ty.clamp(f.ty.0.min(f.ty.1), f.ty.0.max(f.ty.1));
    match e {
        Element::Line(l) => draw_line(area, panel, f, l)?,
        Element::HLine { y, line } => {
            let mut l = line.clone();
            l.points = vec![(x0, *y), (x1, *y)];
            draw_line(area, panel, f, &l)?;
        }
        Element::VLine { x, line } => {
            let mut l = line.clone();
            l.points = vec![(*x, y0), (*x, y1)];
            draw_line(area, panel, f, &l)?;
        }
        Element::Band {
            x,
            lo,
            hi,
            color,
            alpha,
            ..
        } => {
            let mut pts = Vec::with_capacity(2 * x.len());
            for i in 0..x.len() {
                pts.push(ipt(f.px(clampx(panel.x.t(x[i])), clampy(panel.y.t(lo[i])))));
            }
            for i in (0..x.len()).rev() {
                pts.push(ipt(f.px(clampx(panel.x.t(x[i])), clampy(panel.y.t(hi[i])))));
            }
            if pts.len() >= 3 {
                area.draw(&Polygon::new(pts, color.mix(*alpha).filled()))
                    .map_err(plot_err)?;
            }
        }
        Element::Dots {
            points,
            color,
            alpha,
            radius,
            ..
        } => {
            let style = color.mix(*alpha).filled();
            for &(x, y) in points {
                let (tx, ty) = (panel.x.t(x), panel.y.t(y));
                if tx.is_finite() && ty.is_finite() && inside(tx, ty) {
                    let p = ipt(f.px(tx, ty));
                    if *radius <= 1 {
                        area.draw(&Rectangle::new([p, (p.0 + 1, p.1 + 1)], style))
                            .map_err(plot_err)?;
                    } else {
                        area.draw(&Circle::new(p, *radius, style))
                            .map_err(plot_err)?;
                    }
                }
            }
        }
        Element::Bars {
            edges,
            counts,
            color,
            alpha,
            ..
        } => {
            let style = color.mix(*alpha).filled();
            for (i, c) in counts.iter().enumerate() {
                if *c <= 0.0 || i + 1 >= edges.len() {
                    continue;
                }
                let a = f.px(clampx(panel.x.t(edges[i])), clampy(panel.y.t(0f64.max(y0))));
                let b = f.px(clampx(panel.x.t(edges[i + 1])), clampy(panel.y.t(*c)));
                area.draw(&Rectangle::new([ipt(a), ipt(b)], style))
                    .map_err(plot_err)?;
            }
        }
        Element::ErrorBars { bars, color } => {
            let style = ShapeStyle::from(*color).stroke_width(2);
            for &(x, lo, hi) in bars {
                let l = Line {
                    points: vec![(x, lo), (x, hi)],
                    color: *color,
                    alpha: 1.0,
                    width: 2,
                    dash: Dash::Solid,
                    label: None,
                };
                draw_line(area, panel, f, &l)?;
                for yv in [lo, hi] {
                    let (tx, ty) = (panel.x.t(x), panel.y.t(yv));
                    if inside(tx, ty) {
                        let p = f.px(tx, ty);
                        area.draw(&PathElement::new(
                            vec![ipt((p.0 - 0.3 * fs, p.1)), ipt((p.0 + 0.3 * fs, p.1))],
                            style,
                        ))
                        .map_err(plot_err)?;
                    }
                }
            }
        }
        Element::Arrow { from, to, color } => {
            let a = f.px(panel.x.t(from.0), panel.y.t(from.1));
            let b = f.px(panel.x.t(to.0), panel.y.t(to.1));
            let (dx, dy) = (b.0 - a.0, b.1 - a.1);
            let len = (dx * dx + dy * dy).sqrt().max(1e-9);
            let (ux, uy) = (dx / len, dy / len);
            let head = 0.7 * fs;
            let base = (b.0 - ux * head, b.1 - uy * head);
            area.draw(&PathElement::new(
                vec![ipt(a), ipt(base)],
                ShapeStyle::from(*color).stroke_width(4),
            ))
            .map_err(plot_err)?;
            let (nx, ny) = (-uy * head * 0.45, ux * head * 0.45);
            area.draw(&Polygon::new(
                vec![
                    ipt(b),
                    ipt((base.0 + nx, base.1 + ny)),
                    ipt((base.0 - nx, base.1 - ny)),
                ],
                color.filled(),
            ))
            .map_err(plot_err)?;
        }
        Element::Text {
            at,
            text,
            color,
            align,
            scale,
        } => {
            let p = f.px(panel.x.t(at.0), panel.y.t(at.1));
            // keep annotations inside the axes
            let p = (p.0, p.1.clamp(f.top + 0.6 * fs, f.bottom - 0.6 * fs));
            rich_text::draw(
                area,
                text,
                ipt(p),
                fs * scale,
                color.to_rgba(),
                *align,
                false,
            )?;
        }
        Element::BoxLabel { frac, text } => {
            let x = f.left + frac.0 * (f.right - f.left);
            let y = f.top + frac.1 * (f.bottom - f.top);
            let tw = rich_text::width(area, text, fs) as f64;
            area.draw(&Rectangle::new(
                [ipt((x, y)), ipt((x + tw + 0.6 * fs, y + 1.5 * fs))],
                RGBColor(230, 230, 230).filled(),
            ))
            .map_err(plot_err)?;
            rich_text::draw(
                area,
                text,
                ipt((x + 0.3 * fs, y + 0.75 * fs)),
                fs,
                TEXT.to_rgba(),
                Align::Left,
                false,
            )?;
        }
        Element::AxisMarks { marks } => {
            for (x, c) in marks {
                let tx = panel.x.t(*x);
                if tx >= f.tx.0.min(f.tx.1) && tx <= f.tx.0.max(f.tx.1) {
                    let (px, _) = f.px(tx, f.ty.0);
                    let s = 0.3 * fs;
                    area.draw(&Rectangle::new(
                        [ipt((px - s, f.bottom - s)), ipt((px + s, f.bottom + s))],
                        c.filled(),
                    ))
                    .map_err(plot_err)?;
                }
            }
        }
    }
    Ok(())
}

enum Swatch {
    Line(Line),
    Patch(RGBColor, f64),
    Dot(RGBColor),
}

fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    panel: &Panel,
    f: &Frame,
    fs: f64,
) -> anyhow::Result<()>
where
    DB::ErrorType: 'static,
{
    if panel.legend == LegendPos::None {
        return Ok(());
    }
    let mut entries: Vec<(String, Swatch)> = Vec::new();
    for e in &panel.elements {
        match e {
            Element::Line(l) | Element::HLine { line: l, .. } | Element::VLine { line: l, .. } => {
                if let Some(lab) = &l.label {
                    entries.push((lab.clone(), Swatch::Line(l.clone())));
                }
            }
            Element::Band {
                label: Some(lab),
                color,
                alpha,
                ..
            }
            | Element::Bars {
                label: Some(lab),
                color,
                alpha,
                ..
            } => {
                entries.push((lab.clone(), Swatch::Patch(*color, *alpha)));
            }
            Element::Dots {
                label: Some(lab),
                color,
                ..
            } => {
                entries.push((lab.clone(), Swatch::Dot(*color)));
            }
            _ => {}
        }
    }
    if entries.is_empty() {
        return Ok(());
    }
    let cols = panel.legend_cols.max(1);
    let rows = entries.len().div_ceil(cols);
    let sw = 2.0 * fs;
    let gap = 0.4 * fs;
    let row_h = 1.35 * fs;
    let mut col_w = vec![0.0f64; cols];
    for (i, (lab, _)) in entries.iter().enumerate() {
        let c = i / rows;
        col_w[c] = col_w[c].max(sw + gap + rich_text::width(area, lab, fs) as f64 + 0.8 * fs);
    }
    let total_w: f64 = col_w.iter().sum();
    let total_h = rows as f64 * row_h;
    let pad = 0.4 * fs;
    let (x, y) = match panel.legend {
        LegendPos::UpperRight => (f.right - total_w - pad, f.top + pad),
        LegendPos::UpperLeft => (f.left + 2.0 * pad, f.top + pad),
        LegendPos::LowerRight => (f.right - total_w - pad, f.bottom - total_h - 2.0 * pad),
        LegendPos::LowerLeft => (f.left + 2.0 * pad, f.bottom - total_h - 2.0 * pad),
        LegendPos::CenterRight => (f.right - total_w - pad, (f.top + f.bottom - total_h) / 2.0),
        LegendPos::At(fx, fy) => (
            f.left + fx * (f.right - f.left),
            f.top + fy * (f.bottom - f.top),
        ),
        LegendPos::None => unreachable!("handled above"),
    };
    area.draw(&Rectangle::new(
        [
            ipt((x - pad, y - pad * 0.5)),
            ipt((x + total_w, y + total_h + pad * 0.5)),
        ],
        WHITE.mix(0.8).filled(),
    ))
    .map_err(plot_err)?;
    for (i, (lab, sw_kind)) in entries.iter().enumerate() {
        let c = i / rows;
        let r = i % rows;
        let cx = x + col_w[..c].iter().sum::<f64>();
        let cy = y + (r as f64 + 0.5) * row_h;
        match sw_kind {
            Swatch::Line(l) => {
                let run = vec![(cx, cy), (cx + sw, cy)];
                for piece in dashes(&run, l.dash.pattern(), l.width as f64) {
                    let pts: Vec<(i32, i32)> = piece.into_iter().map(ipt).collect();
                    area.draw(&PathElement::new(
                        pts,
                        ShapeStyle::from(l.color.mix(l.alpha.max(0.35)))
                            .stroke_width(l.width.max(3)),
                    ))
                    .map_err(plot_err)?;
                }
            }
            Swatch::Patch(col, a) => {
                area.draw(&Rectangle::new(
                    [ipt((cx, cy - 0.4 * fs)), ipt((cx + sw, cy + 0.4 * fs))],
                    col.mix(a.max(0.35)).filled(),
                ))
                .map_err(plot_err)?;
            }
            Swatch::Dot(col) => {
                area.draw(&Circle::new(
                    ipt((cx + sw / 2.0, cy)),
                    (0.3 * fs) as u32,
                    col.filled(),
                ))
                .map_err(plot_err)?;
            }
        }
        rich_text::draw(
            area,
            lab,
            ipt((cx + sw + gap, cy)),
            fs,
            TEXT.to_rgba(),
            Align::Left,
            false,
        )?;
    }
    Ok(())
}

/// A figure made of panels at given pixel rectangles.
#[derive(Debug, Clone)]
pub struct PanelFigure {
    /// pixel size
    pub size: (u32, u32),
    /// base font size in pixels
    pub font: f64,
    /// `(x, y, w, h)` in pixels and the panel drawn there
    pub cells: Vec<((u32, u32, u32, u32), Panel)>,
    /// free text lines drawn at the bottom left (e.g. "quick mode")
    pub footer: Option<String>,
}

impl PanelFigure {
    /// Lays out `panels` (row-major, `None` for an empty cell) on a grid whose columns have
    /// the given relative widths.
    pub fn grid(
        size: (u32, u32),
        font: f64,
        col_widths: &[f64],
        rows: usize,
        panels: Vec<Option<Panel>>,
    ) -> Self {
        let total: f64 = col_widths.iter().sum();
        let cols = col_widths.len();
        let foot = (1.6 * font) as u32;
        let h_avail = size.1 - foot;
        let mut cells = Vec::new();
        for (i, p) in panels.into_iter().enumerate() {
            let (r, c) = (i / cols, i % cols);
            if r >= rows {
                break;
            }
            if let Some(p) = p {
                let x0: f64 = col_widths[..c].iter().sum::<f64>() / total * size.0 as f64;
                let w = col_widths[c] / total * size.0 as f64;
                let y0 = r as f64 * h_avail as f64 / rows as f64;
                let h = h_avail as f64 / rows as f64;
                cells.push(((x0 as u32, y0 as u32, w as u32, h as u32), p));
            }
        }
        Self {
            size,
            font,
            cells,
            footer: None,
        }
    }
}

impl super::style::Figure for PanelFigure {
    fn size(&self) -> (u32, u32) {
        self.size
    }
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> anyhow::Result<()>
    where
        DB::ErrorType: 'static,
    {
        // panels stacked at the same x share the largest left margin, so their axes align
        let mut lefts: Vec<(u32, f64)> = Vec::new();
        for ((x, _, _, _), p) in &self.cells {
            let need = left_margin(root, p, self.font);
            match lefts.iter_mut().find(|(x0, _)| x0 == x) {
                Some(e) => e.1 = e.1.max(need),
                None => lefts.push((*x, need)),
            }
        }
        for ((x, y, w, h), p) in &self.cells {
            let sub = root.clone().shrink((*x, *y), (*w, *h));
            let left = lefts
                .iter()
                .find(|(x0, _)| x0 == x)
                .map(|e| e.1)
                .unwrap_or(0.0);
            draw_panel_at(&sub, p, self.font, left)?;
        }
        if let Some(t) = &self.footer {
            // plain text (no sub/superscript markup), wrapped onto at most two lines
            let size = self.font * 0.62;
            let style = TextStyle::from((FONT, size).into_font())
                .color(&AXIS_GREY)
                .pos(Pos::new(HPos::Left, VPos::Center));
            let max_w = self.size.0 as f64 - 16.0;
            let width = |s: &str| {
                root.estimate_text_size(s, &style)
                    .map(|(w, _)| w as f64)
                    .unwrap_or(0.0)
            };
            let mut lines = vec![String::new()];
            for word in t.split(' ') {
                let cur = lines.last_mut().expect("one line at least");
                let cand = if cur.is_empty() {
                    word.to_string()
                } else {
                    format!("{cur} {word}")
                };
                if width(&cand) > max_w && !cur.is_empty() && lines.len() < 2 {
                    lines.push(word.to_string());
                } else {
                    *lines.last_mut().expect("one line at least") = cand;
                }
            }
            let n = lines.len() as f64;
            for (i, l) in lines.iter().enumerate() {
                let y = self.size.1 as f64 - (n - i as f64) * 1.15 * size - 0.2 * size;
                root.draw_text(l, &style, (8, y as i32)).map_err(plot_err)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_ticks_cover_the_range() {
        let (t, s) = nice_ticks(0.0, 5000.0, 5);
        assert_eq!(s, 1000.0);
        assert_eq!(t, vec![0.0, 1000.0, 2000.0, 3000.0, 4000.0, 5000.0]);
        let (t, s) = nice_ticks(-1.95, 1.95, 4);
        assert_eq!(s, 1.0);
        assert_eq!(t, vec![-1.0, 0.0, 1.0]);
        assert_eq!(fmt_linear(-1.0, 1.0), "\u{2212}1");
        assert_eq!(fmt_linear(0.25, 0.25), "0.25");
        assert_eq!(fmt_linear(0.5, 0.5), "0.5");
    }

    #[test]
    fn log_ticks_and_labels() {
        let a = Axis::log10("", 0.1, 2.0);
        let t: Vec<String> = a.tick_marks().into_iter().map(|x| x.1).collect();
        assert_eq!(t, vec!["10^{\u{2212}1}", "1"]);
        let a = Axis::log10("", 0.3, 0.9);
        let t: Vec<f64> = a.tick_marks().into_iter().map(|x| x.0).collect();
        assert_eq!(t.len(), 3, "{t:?}");
        for (got, want) in t.iter().zip([0.3, 0.4, 0.6]) {
            assert!((got - want).abs() < 1e-12, "{t:?}");
        }
    }

    #[test]
    fn clipping_and_dashes() {
        let c = clip((-1.0, 0.5), (2.0, 0.5), (0.0, 1.0), (0.0, 1.0)).unwrap();
        assert_eq!(c, ((0.0, 0.5), (1.0, 0.5)));
        assert!(clip((2.0, 2.0), (3.0, 3.0), (0.0, 1.0), (0.0, 1.0)).is_none());
        // a 100 px line with 10 px on / 10 px off dashes gives 5 dashes
        let d = dashes(&[(0.0, 0.0), (100.0, 0.0)], &[1.0, 1.0], 10.0);
        assert_eq!(d.len(), 5);
    }
}

#[cfg(test)]
mod clip_tests {
    use super::*;

    #[test]
    fn lines_leaving_the_axes_are_clipped() {
        let mut p = Panel::new("", Axis::linear("", 0.0, 10.0), Axis::linear("", 0.0, 1.0));
        p.line(Line::new(
            vec![(0.0, 0.5), (1.0, -0.5), (2.0, 0.5), (3.0, 2.0), (4.0, 0.5)],
            BLACK,
        ));
        let f = Frame {
            left: 0.0,
            right: 100.0,
            top: 0.0,
            bottom: 100.0,
            tx: (0.0, 10.0),
            ty: (0.0, 1.0),
        };
        let Element::Line(l) = &p.elements[0] else {
            unreachable!()
        };
        let runs = pixel_runs(&p, &f, &l.points);
        for r in &runs {
            for (x, y) in r {
                assert!((-1e-9..=100.0 + 1e-9).contains(y), "{runs:?}");
                assert!((-1e-9..=100.0 + 1e-9).contains(x), "{runs:?}");
            }
        }
        assert_eq!(runs.len(), 3, "{runs:?}");
        // a zig-zag splits at its sharp corners, a gentle bend does not
        let zig = [(0.0, 0.0), (10.0, 0.0), (0.0, 1.0), (10.0, 1.0)];
        assert_eq!(split_sharp(&zig).len(), 3);
        let bend = [(0.0, 0.0), (10.0, 0.0), (20.0, 1.0)];
        assert_eq!(split_sharp(&bend).len(), 1);
    }
}
