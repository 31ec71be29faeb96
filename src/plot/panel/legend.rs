//! The legend of a panel, drawn by plotters' `configure_series_labels`: one labelled (empty)
//! series per entry whose legend key is a swatch drawn like the element (dashed lines
//! dashed) followed by the entry's rich text. plotters' series labels form one column, so a
//! legend of several columns is one `configure_series_labels` box per column, side by side;
//! [`layout`] places the boxes and keeps them off the y axis.

use super::draw::{axes_box, Chart};
use super::{Dash, Element, LegendPos, Line, Panel, TEXT};
use crate::plot::rich_text::{self, RichText};
use crate::plot::style::{plot_err, FONT};
use plotters::coord::Shift;
use plotters::element::{DashedPathElement, DottedPathElement, Drawable, PointCollection};
use plotters::prelude::*;
use plotters_backend::DrawingErrorKind;
use std::borrow::Borrow;

/// Padding between the legend and the axes, in units of the font size.
pub(super) const PAD: f64 = 0.4;
/// Width of a legend key (swatch and gap before the text), in units of the font size.
const KEY: f64 = 2.6;
/// Margin inside a legend box, in units of the font size.
const MARGIN: f64 = 0.3;
/// plotters' line height of series labels, in units of the font size.
const ROW: f64 = 1.25;

/// What a legend key looks like.
#[derive(Debug, Clone)]
pub(super) enum Swatch {
    Line(Line),
    Patch(RGBColor, f64),
    Dot(RGBColor),
}

/// The labelled elements of a panel, in drawing order.
pub(super) fn entries(panel: &Panel) -> Vec<(String, Swatch)> {
    let mut out = Vec::new();
    for e in &panel.elements {
        let entry = match e {
            Element::Line(l) | Element::HLine { line: l, .. } | Element::VLine { line: l, .. } => {
                l.label.clone().map(|s| (s, Swatch::Line(l.clone())))
            }
            Element::Band {
                label: Some(s),
                color,
                alpha,
                ..
            }
            | Element::Bars {
                label: Some(s),
                color,
                alpha,
                ..
            } => Some((s.clone(), Swatch::Patch(*color, *alpha))),
            Element::Dots {
                label: Some(s),
                color,
                ..
            } => Some((s.clone(), Swatch::Dot(*color))),
            _ => None,
        };
        out.extend(entry);
    }
    out
}

/// The legend's height in pixels (None without a legend).
pub(super) fn height(panel: &Panel, fs: f64) -> Option<f64> {
    let n = entries(panel).len();
    if panel.legend == LegendPos::None || n == 0 {
        return None;
    }
    Some(rows_height(n.div_ceil(panel.legend_cols.max(1)), fs))
}

/// The height in pixels of a legend of `rows` rows.
pub(super) fn rows_height(rows: usize, fs: f64) -> f64 {
    (rows as f64 * ROW + 2.0 * MARGIN) * fs
}

/// Where the legend boxes go, relative to the plotting area.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Layout {
    /// upper-left corner of the first column's box
    pub x: f64,
    /// its top
    pub y: f64,
    /// width of each column's box
    pub col_w: Vec<f64>,
    /// height of the tallest box
    pub h: f64,
    /// entries per column
    pub rows: usize,
}

/// Places the legend in a plotting area of `(w, h)` pixels; `text_w` measures a label's
/// plain text at the base font size `fs`.
pub(super) fn layout(
    panel: &Panel,
    labels: &[String],
    (w, h): (f64, f64),
    fs: f64,
    text_w: &dyn Fn(&str) -> f64,
) -> Option<Layout> {
    let bh = height(panel, fs)?;
    let cols = panel.legend_cols.max(1);
    let rows = labels.len().div_ceil(cols);
    let mut col_w = vec![0.0f64; labels.len().div_ceil(rows)];
    for (i, lab) in labels.iter().enumerate() {
        let c = &mut col_w[i / rows];
        *c = c.max(text_w(&rich_text::plain(lab)) + (KEY + 2.0 * MARGIN) * fs);
    }
    let total: f64 = col_w.iter().sum();
    let pad = PAD * fs;
    let (x, y) = match panel.legend {
        LegendPos::UpperRight => (w - total - pad, pad),
        LegendPos::UpperLeft => (2.0 * pad, pad),
        LegendPos::LowerRight => (w - total - pad, h - bh - pad),
        LegendPos::LowerLeft => (2.0 * pad, h - bh - pad),
        LegendPos::CenterRight => (w - total - pad, (h - bh) / 2.0),
        LegendPos::At(fx, fy) => (fx * w, fy * h),
        LegendPos::None => return None,
    };
    // a legend wider than the axes starts at the y axis, never over it
    Some(Layout {
        x: x.max(2.0 * pad),
        y,
        col_w,
        h: bh,
        rows,
    })
}

/// The key of a legend entry: its swatch and its rich-text label, as one plotters element
/// anchored at the entry's left end.
#[derive(Debug, Clone)]
struct Key {
    at: (i32, i32),
    swatch: Swatch,
    label: String,
    fs: f64,
}

impl<'a> PointCollection<'a, (i32, i32)> for &'a Key {
    type Point = &'a (i32, i32);
    type IntoIter = std::iter::Once<&'a (i32, i32)>;
    fn point_iter(self) -> Self::IntoIter {
        std::iter::once(&self.at)
    }
}

/// Draws an element given in backend pixels.
fn put<DB: DrawingBackend, E>(
    e: &E,
    backend: &mut DB,
    ps: (u32, u32),
) -> Result<(), DrawingErrorKind<DB::ErrorType>>
where
    E: Drawable<DB>,
    for<'b> &'b E: PointCollection<'b, (i32, i32)>,
{
    let pts: Vec<(i32, i32)> = e.point_iter().into_iter().map(|p| *p.borrow()).collect();
    e.draw(pts.into_iter(), backend, ps)
}

impl<DB: DrawingBackend> Drawable<DB> for Key {
    fn draw<I: Iterator<Item = (i32, i32)>>(
        &self,
        mut points: I,
        backend: &mut DB,
        ps: (u32, u32),
    ) -> Result<(), DrawingErrorKind<DB::ErrorType>> {
        let Some((x, y)) = points.next() else {
            return Ok(());
        };
        let fs = self.fs;
        let sw = (2.0 * fs).round() as i32;
        match &self.swatch {
            Swatch::Line(l) => {
                let w = l.width.max(3);
                let style = ShapeStyle::from(l.color.mix(l.alpha.max(0.35))).stroke_width(w);
                let ends = vec![(x, y), (x + sw, y)];
                let (pat, wf) = (l.dash.pattern(), w as f64);
                match l.dash {
                    Dash::Solid => put(&PathElement::new(ends, style), backend, ps)?,
                    Dash::Dashed | Dash::Dotted => {
                        let dash = DashedPathElement::new(ends, pat[0] * wf, pat[1] * wf, style);
                        put(&dash, backend, ps)?
                    }
                    Dash::DashDot => {
                        // long dashes, and a dot in the middle of each gap
                        let gap = pat[1] + pat[2] + pat[3];
                        let dash =
                            DashedPathElement::new(ends.clone(), pat[0] * wf, gap * wf, style);
                        put(&dash, backend, ps)?;
                        let r = (wf / 2.0).round().max(1.0) as u32;
                        let shift = (pat[0] + pat[1] + pat[2] / 2.0) * wf;
                        let dots =
                            DottedPathElement::new(ends, shift, (pat[0] + gap) * wf, move |c| {
                                Circle::new(c, r, style.filled())
                            });
                        put(&dots, backend, ps)?;
                    }
                }
            }
            Swatch::Patch(c, a) => {
                let hh = (0.4 * fs).round() as i32;
                let patch =
                    Rectangle::new([(x, y - hh), (x + sw, y + hh)], c.mix(a.max(0.35)).filled());
                put(&patch, backend, ps)?;
            }
            Swatch::Dot(c) => {
                put(
                    &Circle::new((x + sw / 2, y), (0.3 * fs) as u32, c.filled()),
                    backend,
                    ps,
                )?;
            }
        }
        let at = (x + (KEY * fs).round() as i32, y);
        put(
            &RichText::new(&self.label, at, fs, TEXT.to_rgba()),
            backend,
            ps,
        )
    }
}

/// Draws the legend of `panel` on its chart; `column_chart` builds a fresh chart on the
/// same axes for each further column (plotters keeps one series-label list per chart).
pub(super) fn draw<'a, DB: DrawingBackend + 'a>(
    area: &'a DrawingArea<DB, Shift>,
    panel: &Panel,
    fs: f64,
    chart: &Chart<'a, DB>,
    column_chart: impl Fn() -> anyhow::Result<Chart<'a, DB>>,
) -> anyhow::Result<()>
where
    DB::ErrorType: 'static,
{
    let items = entries(panel);
    let labels: Vec<String> = items.iter().map(|e| e.0.clone()).collect();
    let (l, t, r, b) = axes_box(area, chart);
    let font = TextStyle::from((FONT, fs).into_font());
    let text_w = |s: &str| {
        area.estimate_text_size(s, &font)
            .map(|(w, _)| w as f64)
            .unwrap_or(0.0)
    };
    let Some(lay) = layout(panel, &labels, (r - l, b - t), fs, &text_w) else {
        return Ok(());
    };
    let mut x = lay.x;
    for (c, group) in items.chunks(lay.rows).enumerate() {
        let mut col = column_chart()?;
        for (label, swatch) in group {
            let (plain, swatch, label) = (rich_text::plain(label), swatch.clone(), label.clone());
            col.draw_series(std::iter::empty::<Circle<(f64, f64), u32>>())
                .map_err(plot_err)?
                .label(plain)
                .legend(move |at| Key {
                    at,
                    swatch: swatch.clone(),
                    label: label.clone(),
                    fs,
                });
        }
        col.configure_series_labels()
            .position(SeriesLabelPosition::Coordinate(
                x.round() as i32,
                lay.y.round() as i32,
            ))
            .margin((MARGIN * fs).round() as u32)
            .legend_area_size((KEY * fs).round() as u32)
            .label_font(font.clone().color(&TRANSPARENT))
            .background_style(WHITE.mix(0.8))
            .border_style(TRANSPARENT)
            .draw()
            .map_err(plot_err)?;
        x += lay.col_w[c];
    }
    Ok(())
}
