//! Drawing of the FLR figures (data computed in `super`).

use crate::plot::style::{colors, plot_err, Figure, FONT};
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

/// Short tick labels: plain decimals in [0.01, 1000), otherwise `1e-3` style.
fn fmt_num(v: f64) -> String {
    let a = v.abs();
    if v == 0.0 {
        "0".into()
    } else if (0.01..1000.0).contains(&a) {
        let s = format!("{v:.3}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        format!("{v:.0e}")
    }
}

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

fn draw_scatter<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    s: &Scatter,
) -> anyhow::Result<()>
where
    DB::ErrorType: 'static,
{
    let pos: Vec<&(f64, f64, usize)> = s.points.iter().filter(|p| p.0 > 0.0 && p.1 > 0.0).collect();
    let (lo, hi) = bounds(pos.iter().flat_map(|p| [p.0, p.1]), true);
    let mut chart = ChartBuilder::on(area)
        .caption(&s.title, (FONT, 15))
        .margin(12)
        .x_label_area_size(42)
        .y_label_area_size(62)
        .build_cartesian_2d((lo..hi).log_scale(), (lo..hi).log_scale())
        .map_err(plot_err)?;
    chart
        .configure_mesh()
        .x_desc(s.x_desc.as_str())
        .y_desc(s.y_desc.as_str())
        .label_style((FONT, 12))
        .x_label_formatter(&|v| format!("{v:.0e}"))
        .y_label_formatter(&|v| format!("{v:.0e}"))
        .draw()
        .map_err(plot_err)?;
    chart
        .draw_series(LineSeries::new([(lo, lo), (hi, hi)], BLACK.stroke_width(1)))
        .map_err(plot_err)?
        .label("measured = predicted")
        .legend(|(x, y)| PathElement::new([(x, y), (x + 16, y)], BLACK));
    for (k, name) in s.series.iter().enumerate() {
        let c = PALETTE[k % PALETTE.len()];
        chart
            .draw_series(
                pos.iter()
                    .filter(|p| p.2 == k)
                    .map(|p| Circle::new((p.0, p.1), 3, c.mix(0.75).filled())),
            )
            .map_err(plot_err)?
            .label(name.as_str())
            .legend(move |(x, y)| Circle::new((x + 8, y), 3, c.filled()));
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .label_font((FONT, 12))
        .draw()
        .map_err(plot_err)?;
    Ok(())
}

macro_rules! curves_body {
    ($chart:ident, $c:ident, $ylo:ident, $yhi:ident) => {{
        $chart
            .configure_mesh()
            .x_desc($c.x_desc.as_str())
            .y_desc($c.y_desc.as_str())
            .label_style((FONT, 12))
            .x_labels(8)
            .y_labels(8)
            .x_label_formatter(&|v| fmt_num(*v))
            .y_label_formatter(&|v| fmt_num(*v))
            .draw()
            .map_err(plot_err)?;
        for (label, ci, dashed, pts) in &$c.lines {
            let col = PALETTE[*ci % PALETTE.len()];
            let style = col.stroke_width(2);
            if *dashed {
                $chart
                    .draw_series(DashedLineSeries::new(pts.iter().copied(), 6, 4, style))
                    .map_err(plot_err)?
                    .label(label.as_str())
                    .legend(move |(x, y)| PathElement::new([(x, y), (x + 16, y)], col));
            } else {
                $chart
                    .draw_series(LineSeries::new(pts.iter().copied(), style))
                    .map_err(plot_err)?
                    .label(label.as_str())
                    .legend(move |(x, y)| PathElement::new([(x, y), (x + 16, y)], col));
            }
        }
        for (label, ci, pts) in &$c.dots {
            let col = PALETTE[*ci % PALETTE.len()];
            $chart
                .draw_series(pts.iter().filter(|p| p.2 > 0.0).map(|p| {
                    PathElement::new(
                        vec![(p.0, (p.1 - p.2).max($ylo)), (p.0, (p.1 + p.2).min($yhi))],
                        col.stroke_width(1),
                    )
                }))
                .map_err(plot_err)?;
            $chart
                .draw_series(pts.iter().map(|p| Circle::new((p.0, p.1), 4, col.filled())))
                .map_err(plot_err)?
                .label(label.as_str())
                .legend(move |(x, y)| Circle::new((x + 8, y), 4, col.filled()));
        }
        if let Some(y) = $c.hline {
            let (x0, x1) = ($chart.x_range().start, $chart.x_range().end);
            $chart
                .draw_series(DashedLineSeries::new(
                    [(x0, y), (x1, y)],
                    4,
                    4,
                    BLACK.stroke_width(1),
                ))
                .map_err(plot_err)?;
        }
        if let Some((x, label)) = &$c.vline {
            let col = colors::RED;
            $chart
                .draw_series(DashedLineSeries::new(
                    [(*x, $ylo), (*x, $yhi)],
                    5,
                    4,
                    col.stroke_width(1),
                ))
                .map_err(plot_err)?
                .label(label.as_str())
                .legend(move |(x, y)| PathElement::new([(x, y), (x + 16, y)], col));
        }
        $chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK)
            .label_font((FONT, 12))
            .draw()
            .map_err(plot_err)?;
    }};
}

fn draw_curves<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, c: &Curves) -> anyhow::Result<()>
where
    DB::ErrorType: 'static,
{
    let xs = c
        .lines
        .iter()
        .flat_map(|l| l.3.iter().map(|p| p.0))
        .chain(c.dots.iter().flat_map(|d| d.2.iter().map(|p| p.0)))
        .chain(c.vline.iter().map(|v| v.0));
    let (xlo, xhi) = bounds(xs, c.log_x);
    let ys = c
        .lines
        .iter()
        .flat_map(|l| l.3.iter().map(|p| p.1))
        .chain(
            c.dots
                .iter()
                .flat_map(|d| d.2.iter().flat_map(|p| [p.1 - p.2, p.1 + p.2])),
        )
        .chain(c.hline.iter().copied());
    let (ylo, yhi) = bounds(ys, c.log_y);
    let mut b = ChartBuilder::on(area);
    b.caption(&c.title, (FONT, 15))
        .margin(12)
        .x_label_area_size(42)
        .y_label_area_size(66);
    match (c.log_x, c.log_y) {
        (false, false) => {
            let mut chart = b.build_cartesian_2d(xlo..xhi, ylo..yhi).map_err(plot_err)?;
            curves_body!(chart, c, ylo, yhi);
        }
        (true, false) => {
            let mut chart = b
                .build_cartesian_2d((xlo..xhi).log_scale(), ylo..yhi)
                .map_err(plot_err)?;
            curves_body!(chart, c, ylo, yhi);
        }
        (false, true) => {
            let mut chart = b
                .build_cartesian_2d(xlo..xhi, (ylo..yhi).log_scale())
                .map_err(plot_err)?;
            curves_body!(chart, c, ylo, yhi);
        }
        (true, true) => {
            let mut chart = b
                .build_cartesian_2d((xlo..xhi).log_scale(), (ylo..yhi).log_scale())
                .map_err(plot_err)?;
            curves_body!(chart, c, ylo, yhi);
        }
    }
    Ok(())
}

impl Figure for Panels {
    fn size(&self) -> (u32, u32) {
        (self.width, self.height)
    }
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> anyhow::Result<()>
    where
        DB::ErrorType: 'static,
    {
        let k = self.scatters.len() + self.curves.len();
        let areas = root.split_evenly((1, k.max(1)));
        let mut i = 0;
        for s in &self.scatters {
            draw_scatter(&areas[i], s)?;
            i += 1;
        }
        for c in &self.curves {
            draw_curves(&areas[i], c)?;
            i += 1;
        }
        Ok(())
    }
}
