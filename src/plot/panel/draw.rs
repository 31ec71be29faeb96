//! Drawing one panel: a plotters chart (`ChartBuilder` on the panel's area, a cartesian
//! system of two [`AxisCoord`]s), its ticks by `configure_mesh` in the published style
//! (left and bottom grey spines, outward ticks, no grid), the elements as series, the legend,
//! and the thin layer plotters has no notion of: rich-text axis labels, title, panel letter.

use super::coord::AxisCoord;
use super::{legend, series, LegendPos, Panel, AXIS_GREY, TEXT};
use crate::plot::rich_text::{self, Align};
use crate::plot::style::{plot_err, FONT};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// A panel's chart.
pub(super) type Chart<'a, DB> = ChartContext<'a, DB, Cartesian2d<AxisCoord, AxisCoord>>;

/// Space around the axes in pixels: `left` and `bottom` hold the tick and axis labels.
#[derive(Debug, Clone, Copy)]
pub(super) struct Margins {
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
}

impl Margins {
    /// The margins of `panel` at base font size `fs` with the given left margin.
    pub fn of(panel: &Panel, fs: f64, left: f64) -> Self {
        let ticks = if panel.x.tick_labels { 1.6 } else { 0.6 };
        let label = if panel.x.label.is_empty() { 0.0 } else { 1.4 };
        Self {
            left,
            right: 1.6 * fs,
            top: if panel.title.is_some() { 2.0 } else { 0.8 } * fs,
            bottom: (ticks + label) * fs,
        }
    }
}

/// The chart of `panel` on `area` (nothing drawn yet).
pub(super) fn build_chart<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    panel: &Panel,
    m: Margins,
) -> anyhow::Result<Chart<'a, DB>>
where
    DB::ErrorType: 'static,
{
    ChartBuilder::on(area)
        .margin(0)
        .margin_top(m.top.round() as u32)
        .margin_right(m.right.round() as u32)
        .x_label_area_size(m.bottom.round() as u32)
        .y_label_area_size(m.left.round() as u32)
        .build_cartesian_2d(AxisCoord::new(&panel.x), AxisCoord::new(&panel.y))
        .map_err(plot_err)
}

/// The left margin (pixels) the panel needs for its y tick labels and y label.
pub fn left_margin<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    panel: &Panel,
    fs: f64,
) -> f64 {
    let style = TextStyle::from((FONT, fs).into_font());
    let ytick_w = if panel.y.tick_labels {
        panel
            .y
            .tick_marks()
            .iter()
            .map(|(_, s)| {
                area.estimate_text_size(&rich_text::plain(s), &style)
                    .map(|(w, _)| w)
                    .unwrap_or(0)
            })
            .max()
            .unwrap_or(0) as f64
    } else {
        0.0
    };
    let label = if panel.y.label.is_empty() { 0.0 } else { 1.4 };
    (1.3 + label + 0.9) * fs + ytick_w
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
    let m = Margins::of(panel, fs, left);
    let axes_h = area.dim_in_pixel().1 as f64 - m.top - m.bottom;
    let cleared = with_legend_room(panel, fs, axes_h);
    let panel = cleared.as_ref().unwrap_or(panel);
    let mut chart = build_chart(area, panel, m)?;
    for e in &panel.elements {
        series::draw_element(&mut chart, area, panel, e, fs)?;
    }
    // ticks, tick labels and spines over the contents, as in the published figures
    let tick = (0.35 * fs).round() as i32;
    chart
        .configure_mesh()
        .disable_mesh()
        .axis_style(ShapeStyle::from(AXIS_GREY).stroke_width(2))
        .set_all_tick_mark_size(tick)
        .label_style(TextStyle::from((FONT, fs).into_font()).color(&TEXT))
        .draw()
        .map_err(plot_err)?;
    labels(area, &chart, panel, fs, tick as f64)?;
    legend::draw(area, panel, fs, &chart, || build_chart(area, panel, m))
}

/// The plotting area's pixel box `(left, top, right, bottom)` relative to `area`.
pub(super) fn axes_box<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &Chart<'_, DB>,
) -> (f64, f64, f64, f64) {
    let (xr, yr) = chart.plotting_area().get_pixel_range();
    let (bx, by) = area.get_base_pixel();
    (
        (xr.start - bx) as f64,
        (yr.start - by) as f64,
        (xr.end - bx) as f64,
        (yr.end - by) as f64,
    )
}

/// Axis labels, title and panel letter.
fn labels<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &Chart<'_, DB>,
    panel: &Panel,
    fs: f64,
    tick: f64,
) -> anyhow::Result<()>
where
    DB::ErrorType: 'static,
{
    let (l, t, r, b) = axes_box(area, chart);
    let color = TEXT.to_rgba();
    let ipt = |x: f64, y: f64| (x.round() as i32, y.round() as i32);
    if !panel.x.label.is_empty() {
        let gap = if panel.x.tick_labels { 2.1 } else { 1.0 } * fs;
        let at = ipt((l + r) / 2.0, b + tick + gap);
        rich_text::draw(
            area,
            &panel.x.label,
            at,
            fs * 1.05,
            color,
            Align::Center,
            false,
        )?;
    }
    if !panel.y.label.is_empty() {
        let at = ipt(2.05 * fs, (t + b) / 2.0);
        rich_text::draw(
            area,
            &panel.y.label,
            at,
            fs * 1.05,
            color,
            Align::Center,
            true,
        )?;
    }
    if let Some(title) = &panel.title {
        let at = ipt((l + r) / 2.0, 0.9 * fs);
        rich_text::draw(area, title, at, fs * 1.05, color, Align::Center, false)?;
    }
    if let Some(letter) = &panel.letter {
        draw_letter(area, letter, fs)?;
    }
    Ok(())
}

/// A panel letter at the top left of `area`, 1.2 times the base size `fs`.
pub fn draw_letter<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    letter: &str,
    fs: f64,
) -> anyhow::Result<()>
where
    DB::ErrorType: 'static,
{
    let style = TextStyle::from((FONT, fs * 1.2).into_font())
        .color(&TEXT)
        .pos(Pos::new(HPos::Left, VPos::Top));
    area.draw_text(letter, &style, (2, 2)).map_err(plot_err)
}

/// The panel with its y range widened so that its legend (in an upper or lower corner)
/// sits beside the data, when it asks for that ([`Panel::keep_legend_clear`], or
/// [`Panel::reserve_legend_room`] for a neighbour's legend); `axes_h` is
/// the axes' height in pixels. The ticks stay those of the data's range.
pub(super) fn with_legend_room(panel: &Panel, fs: f64, axes_h: f64) -> Option<Panel> {
    use LegendPos::{LowerLeft, LowerRight, UpperLeft, UpperRight};
    let (pos, legend_h) = match panel.legend_room {
        _ if panel.legend_clear => (panel.legend, legend::height(panel, fs)?),
        Some((pos, rows)) if rows > 0 => (pos, legend::rows_height(rows, fs)),
        _ => return None,
    };
    let upper = matches!(pos, UpperLeft | UpperRight);
    if !(upper || matches!(pos, LowerLeft | LowerRight)) {
        return None;
    }
    let legend_h = legend_h + legend::PAD * fs;
    if axes_h <= 2.0 * legend_h {
        return None;
    }
    let mut p = panel.clone();
    let factor = axes_h / (axes_h - legend_h);
    if upper {
        p.y.extend_top(factor);
    } else {
        p.y.extend_bottom(factor);
    }
    p.y.ticks =
        p.y.ticks
            .clone()
            .or_else(|| Some(panel.y.tick_marks().iter().map(|t| t.0).collect()));
    Some(p)
}
