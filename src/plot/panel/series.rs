//! Each [`Element`] as plotters series on a panel's chart: `LineSeries` and
//! `DashedLineSeries` for lines (cut at the axes first, see [`clip_runs`]), `Polygon` for
//! bands and polygons, `Circle`s, `Rectangle`s for histograms, and composed elements anchored at data
//! points (`EmptyElement + PathElement` or `+ Polygon`) for error-bar caps, arrows, axis marks
//! and triangle marks.

use super::coord::clip_runs;
use super::draw::{axes_box, Chart};
use super::{Dash, Element, Line, Panel, TEXT};
use crate::plot::rich_text::{self, Align};
use crate::plot::style::plot_err;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Draws one element.
pub(super) fn draw_element<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    area: &DrawingArea<DB, Shift>,
    panel: &Panel,
    e: &Element,
    fs: f64,
) -> anyhow::Result<()>
where
    DB::ErrorType: 'static,
{
    let (x0, x1, y0, y1) = (panel.x.min, panel.x.max, panel.y.min, panel.y.max);
    match e {
        Element::Line(l) => draw_line(chart, panel, l)?,
        Element::HLine { y, line } => draw_line(chart, panel, &with(line, [(x0, *y), (x1, *y)]))?,
        Element::VLine { x, line } => draw_line(chart, panel, &with(line, [(*x, y0), (*x, y1)]))?,
        Element::Band {
            x,
            lo,
            hi,
            color,
            alpha,
            ..
        } => band(chart, x, lo, hi, color.mix(*alpha).filled())?,
        Element::Polygon {
            points,
            color,
            alpha,
        } => fill(chart, points.clone(), color.mix(*alpha).filled())?,
        Element::Dots {
            points,
            color,
            alpha,
            radius,
            ..
        } => dots(chart, panel, points, color.mix(*alpha).filled(), *radius)?,
        Element::Bars {
            edges,
            counts,
            color,
            alpha,
            ..
        } => bars(chart, edges, counts, color.mix(*alpha).filled(), y0)?,
        Element::ErrorBars { bars, color } => error_bars(chart, panel, bars, *color, fs)?,
        Element::Arrow { from, to, color } => arrow(chart, *from, *to, *color, fs)?,
        Element::Text {
            at,
            text,
            color,
            align,
            scale,
        } => text_at(area, chart, (*at, text), (*color, *align), (fs, *scale))?,
        Element::BoxLabel { frac, text } => box_label(area, chart, *frac, text, fs)?,
        Element::Triangles { points, color } => triangles(chart, panel, points, *color, fs)?,
        Element::AxisMarks { marks } => axis_marks(chart, panel, marks, fs)?,
    }
    Ok(())
}

/// A histogram: one rectangle per non-empty bin, from `max(0, y0)` up to its count.
fn bars<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    edges: &[f64],
    counts: &[f64],
    style: ShapeStyle,
    y0: f64,
) -> anyhow::Result<()>
where
    DB::ErrorType: 'static,
{
    let base = 0f64.max(y0);
    let bars = counts
        .iter()
        .zip(edges.windows(2))
        .filter(|(c, _)| **c > 0.0)
        .map(|(c, e)| Rectangle::new([(e[0], base), (e[1], *c)], style));
    chart.draw_series(bars).map_err(plot_err)?;
    Ok(())
}

/// Rich text anchored at a data point at `scale` times the font size `fs`, its vertical
/// centre kept 0.6 `fs` inside the axes.
fn text_at<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &Chart<'_, DB>,
    (at, text): ((f64, f64), &str),
    (color, align): (RGBColor, Align),
    (fs, scale): (f64, f64),
) -> anyhow::Result<()>
where
    DB::ErrorType: 'static,
{
    let (_, top, _, bottom) = axes_box(area, chart);
    let p = area_px(area, chart, at);
    let y =
        p.1.clamp(top + 0.6 * fs, (bottom - 0.6 * fs).max(top + 0.6 * fs));
    let at = (p.0.round() as i32, y.round() as i32);
    rich_text::draw(area, text, at, fs * scale, color.to_rgba(), align, false)
}

/// Small squares on the x axis at the marks' abscissae inside the axes.
fn axis_marks<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    panel: &Panel,
    marks: &[(f64, RGBColor)],
    fs: f64,
) -> anyhow::Result<()>
where
    DB::ErrorType: 'static,
{
    let (y0, s) = (panel.y.min, (0.3 * fs).round() as i32);
    let squares = marks
        .iter()
        .filter(|(x, _)| inside(panel, (*x, y0)))
        .map(|(x, c)| EmptyElement::at((*x, y0)) + Rectangle::new([(-s, -s), (s, s)], c.filled()));
    chart.draw_series(squares).map_err(plot_err)?;
    Ok(())
}

/// A band between `lo` and `hi` over `x` as one polygon (plotters clamps its edges onto
/// the axes' border); non-finite corners are left out.
fn band<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    x: &[f64],
    lo: &[f64],
    hi: &[f64],
    style: ShapeStyle,
) -> anyhow::Result<()>
where
    DB::ErrorType: 'static,
{
    let lower = x.iter().zip(lo).map(|(a, b)| (*a, *b));
    let upper = x.iter().zip(hi).map(|(a, b)| (*a, *b)).rev();
    fill(chart, lower.chain(upper).collect(), style)
}

/// A filled polygon through the finite ones of `pts` (plotters clamps its edges onto the
/// axes' border); nothing for fewer than three.
fn fill<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    mut pts: Vec<(f64, f64)>,
    style: ShapeStyle,
) -> anyhow::Result<()>
where
    DB::ErrorType: 'static,
{
    pts.retain(|p| p.0.is_finite() && p.1.is_finite());
    if pts.len() >= 3 {
        let poly = Polygon::new(pts, style);
        chart.draw_series(std::iter::once(poly)).map_err(plot_err)?;
    }
    Ok(())
}

/// Filled downward triangles, 0.7 font sizes wide, centred at the points inside the axes.
fn triangles<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    panel: &Panel,
    points: &[(f64, f64)],
    color: RGBColor,
    fs: f64,
) -> anyhow::Result<()>
where
    DB::ErrorType: 'static,
{
    let s = (0.35 * fs).round() as i32;
    let down = |p: (f64, f64)| {
        EmptyElement::at(p) + Polygon::new(vec![(-s, -s), (s, -s), (0, s)], color.filled())
    };
    let inside = points.iter().copied().filter(|p| inside(panel, *p));
    chart.draw_series(inside.map(down)).map_err(plot_err)?;
    Ok(())
}

/// Filled circles at the points inside the axes (single pixels for radius 1).
fn dots<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    panel: &Panel,
    points: &[(f64, f64)],
    style: ShapeStyle,
    radius: u32,
) -> anyhow::Result<()>
where
    DB::ErrorType: 'static,
{
    let inside = points.iter().copied().filter(|p| inside(panel, *p));
    if radius <= 1 {
        let px = inside.map(|p| Pixel::new(p, style.color));
        chart.draw_series(px).map_err(plot_err)?;
    } else {
        let circles = inside.map(|p| Circle::new(p, radius, style));
        chart.draw_series(circles).map_err(plot_err)?;
    }
    Ok(())
}

fn with(line: &Line, points: [(f64, f64); 2]) -> Line {
    Line {
        points: points.to_vec(),
        ..line.clone()
    }
}

fn inside(panel: &Panel, p: (f64, f64)) -> bool {
    let (x, y) = (
        super::coord::AxisCoord::new(&panel.x),
        super::coord::AxisCoord::new(&panel.y),
    );
    x.contains(p.0) && y.contains(p.1)
}

/// A data point in pixels of `area`.
fn area_px<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &Chart<'_, DB>,
    p: (f64, f64),
) -> (f64, f64) {
    let (px, py) = chart.backend_coord(&p);
    let (bx, by) = area.get_base_pixel();
    ((px - bx) as f64, (py - by) as f64)
}

/// A line, cut at the axes: solid pieces as `LineSeries`, dashes as `DashedLineSeries`
/// (dash and gap in units of the width), dash-dot as long dashes with a dot between them.
fn draw_line<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    panel: &Panel,
    l: &Line,
) -> anyhow::Result<()>
where
    DB::ErrorType: 'static,
{
    let style = ShapeStyle::from(l.color.mix(l.alpha)).stroke_width(l.width);
    let w = (l.width as f64).max(1.5);
    for run in clip_runs(&panel.x, &panel.y, &l.points) {
        match l.dash {
            Dash::Solid => {
                let px: Vec<(f64, f64)> = run
                    .iter()
                    .map(|p| {
                        let (a, b) = chart.backend_coord(p);
                        (a as f64, b as f64)
                    })
                    .collect();
                for (a, b) in split_sharp(&px) {
                    let piece = run[a..=b].iter().copied();
                    chart
                        .draw_series(LineSeries::new(piece, style))
                        .map_err(plot_err)?;
                }
            }
            Dash::Dashed | Dash::Dotted => {
                let pat = l.dash.pattern();
                let series = DashedLineSeries::new(run, pat[0] * w, pat[1] * w, style);
                chart.draw_series(series).map_err(plot_err)?;
            }
            Dash::DashDot => {
                let pat = l.dash.pattern();
                let gap = pat[1] + pat[2] + pat[3];
                let dashes = DashedLineSeries::new(run.clone(), pat[0] * w, gap * w, style);
                chart.draw_series(dashes).map_err(plot_err)?;
                let r = (w / 2.0).round().max(1.0) as u32;
                let dot = style.filled();
                let shift = (pat[0] + pat[1] + pat[2] / 2.0) * w;
                let dots = DottedLineSeries::new(run, shift, (pat[0] + gap) * w, move |c| {
                    Circle::new(c, r, dot)
                });
                chart.draw_series(dots).map_err(plot_err)?;
            }
        }
    }
    Ok(())
}

/// Splits a pixel polyline at vertices where it turns by more than 60 degrees, as index
/// ranges `(first, last)`. The bitmap backend joins thick segments with unlimited miters,
/// which turn the sharp corners of noisy curves into long spikes; separate pieces have no
/// joins there.
pub(super) fn split_sharp(run: &[(f64, f64)]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..run.len().saturating_sub(1) {
        let (a, b, c) = (run[i - 1], run[i], run[i + 1]);
        let (u, v) = ((b.0 - a.0, b.1 - a.1), (c.0 - b.0, c.1 - b.1));
        let nu = (u.0 * u.0 + u.1 * u.1).sqrt();
        let nv = (v.0 * v.0 + v.1 * v.1).sqrt();
        if nu > 0.0 && nv > 0.0 && (u.0 * v.0 + u.1 * v.1) / (nu * nv) < 0.5 {
            out.push((start, i));
            start = i;
        }
    }
    out.push((start, run.len().saturating_sub(1)));
    out
}

fn error_bars<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    panel: &Panel,
    bars: &[(f64, f64, f64)],
    color: RGBColor,
    fs: f64,
) -> anyhow::Result<()>
where
    DB::ErrorType: 'static,
{
    let c = (0.3 * fs).round() as i32;
    let style = ShapeStyle::from(color).stroke_width(2);
    for &(x, lo, hi) in bars {
        draw_line(
            chart,
            panel,
            &Line::new(vec![(x, lo), (x, hi)], color).width(2),
        )?;
        let caps = [lo, hi]
            .into_iter()
            .filter(|y| inside(panel, (x, *y)))
            .map(|y| EmptyElement::at((x, y)) + PathElement::new(vec![(-c, 0), (c, 0)], style));
        chart.draw_series(caps).map_err(plot_err)?;
    }
    Ok(())
}

/// An arrow from `from` to `to`: a thick shaft and a filled head, in pixels from the tip.
fn arrow<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    from: (f64, f64),
    to: (f64, f64),
    color: RGBColor,
    fs: f64,
) -> anyhow::Result<()>
where
    DB::ErrorType: 'static,
{
    let (a, b) = (chart.backend_coord(&from), chart.backend_coord(&to));
    let (dx, dy) = ((a.0 - b.0) as f64, (a.1 - b.1) as f64);
    let len = (dx * dx + dy * dy).sqrt().max(1e-9);
    let (ux, uy) = (dx / len, dy / len);
    let head = 0.7 * fs;
    let base = (ux * head, uy * head);
    let (nx, ny) = (-uy * head * 0.45, ux * head * 0.45);
    let r = |p: (f64, f64)| (p.0.round() as i32, p.1.round() as i32);
    let shaft = PathElement::new(
        vec![r((dx, dy)), r(base)],
        ShapeStyle::from(color).stroke_width(4),
    );
    let tip = Polygon::new(
        vec![
            (0, 0),
            r((base.0 + nx, base.1 + ny)),
            r((base.0 - nx, base.1 - ny)),
        ],
        color.filled(),
    );
    let el = EmptyElement::at(to) + shaft + tip;
    chart.draw_series(std::iter::once(el)).map_err(plot_err)?;
    Ok(())
}

/// Rich text in a grey box whose upper-left corner sits at `frac` of the axes.
fn box_label<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &Chart<'_, DB>,
    frac: (f64, f64),
    text: &str,
    fs: f64,
) -> anyhow::Result<()>
where
    DB::ErrorType: 'static,
{
    let (l, t, r, b) = axes_box(area, chart);
    let (x, y) = (l + frac.0 * (r - l), t + frac.1 * (b - t));
    let tw = rich_text::width(area, text, fs) as f64;
    let ipt = |x: f64, y: f64| (x.round() as i32, y.round() as i32);
    let rect = Rectangle::new(
        [ipt(x, y), ipt(x + tw + 0.6 * fs, y + 1.5 * fs)],
        RGBColor(230, 230, 230).filled(),
    );
    area.draw(&rect).map_err(plot_err)?;
    let at = ipt(x + 0.3 * fs, y + 0.75 * fs);
    rich_text::draw(area, text, at, fs, TEXT.to_rgba(), Align::Left, false)
}
