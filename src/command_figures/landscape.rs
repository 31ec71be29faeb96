//! `oblique sweep --plot`: the mean-field landscape like Fig. 12A-D of the paper:
//! |kappa_bar|(lambda+), rho(lambda+) for each N, and L_var(lambda+) for several N at one
//! lambda- (C) and for several lambda- at one N (D), minima marked.

use crate::plot::style::{colors, plot_err, Figure, FONT};
use oblique_theory::rank_two::num;
use oblique_theory::sweep::{PointResult, SweepGrid};
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;

/// One curve of a panel.
#[derive(Debug, Clone)]
pub struct Curve {
    /// Legend text.
    pub label: String,
    /// Colour.
    pub color: RGBColor,
    /// Dash pattern `(dash, gap)` in pixels; `None` for a solid line.
    pub dash: Option<(u32, u32)>,
    /// `(lambda+, value)` where the value exists.
    pub points: Vec<(f64, f64)>,
    /// Mark this curve's minimum.
    pub mark_minimum: bool,
}

impl Curve {
    /// The point with the smallest value.
    pub fn minimum(&self) -> Option<(f64, f64)> {
        self.points
            .iter()
            .copied()
            .min_by(|a, b| a.1.total_cmp(&b.1))
    }
}

/// One panel.
#[derive(Debug, Clone)]
pub struct Panel {
    /// Panel letter and title.
    pub title: String,
    /// y-axis label.
    pub y_label: String,
    /// y range.
    pub y_range: (f64, f64),
    /// Curves.
    pub curves: Vec<Curve>,
}

/// The four-panel landscape figure.
#[derive(Debug, Clone)]
pub struct LandscapeFigure {
    /// x range (lambda+).
    pub x_range: (f64, f64),
    /// lambda+min, drawn as a dotted vertical line.
    pub lambda_plus_min: f64,
    /// Panels, top to bottom.
    pub panels: Vec<Panel>,
}

const N_STYLES: [(RGBColor, Option<(u32, u32)>); 4] = [
    (colors::PURPLE, Some((10, 4))),
    (colors::PURPLE, None),
    (colors::PURPLE, Some((5, 5))),
    (colors::GREY, Some((2, 4))),
];

fn lambda_minus_color(i: usize) -> RGBColor {
    [colors::YELLOW, colors::TEAL, colors::PURPLE][i % 3]
}

/// Indices of up to `k` axis values nearest to `wanted`, deduplicated, in axis order.
fn nearest_indices(axis: &[f64], wanted: &[f64]) -> Vec<usize> {
    let mut idx: Vec<usize> = wanted
        .iter()
        .map(|w| {
            (0..axis.len())
                .min_by(|&a, &b| (axis[a] - w).abs().total_cmp(&(axis[b] - w).abs()))
                .unwrap_or(0)
        })
        .collect();
    idx.sort_unstable();
    idx.dedup();
    idx
}

/// The range of lambda+ on the grid (one unit around a single value).
fn plus_range(grid: &SweepGrid) -> (f64, f64) {
    let lo = grid
        .lambda_plus
        .iter()
        .copied()
        .fold(f64::INFINITY, f64::min);
    let hi = grid
        .lambda_plus
        .iter()
        .copied()
        .fold(f64::NEG_INFINITY, f64::max);
    if hi > lo {
        (lo, hi)
    } else {
        (lo - 0.5, lo + 0.5)
    }
}

/// The grid's lambda- nearest to the published -1, -2, -5, with the index of their
/// published colour (yellow, teal, purple), each grid value once.
fn minus_indices(grid: &SweepGrid) -> Vec<(usize, usize)> {
    let wanted = [-1.0, -2.0, -5.0];
    let mut m_idx: Vec<(usize, usize)> = Vec::new();
    for (k, w) in wanted.iter().enumerate() {
        let i = nearest_indices(&grid.lambda_minus, &[*w])[0];
        if !m_idx.iter().any(|&(j, _)| j == i) {
            m_idx.push((i, k));
        }
    }
    m_idx
}

/// A sweep's points read as curves against lambda+ (see [`SweepGrid`] for the layout).
struct SweepCurves<'a> {
    grid: &'a SweepGrid,
    points: &'a [PointResult],
}

impl SweepCurves<'_> {
    /// The curve of `f` along lambda+ at the `i_n`-th N and the `i_m`-th lambda-, points
    /// where `f` gives nothing left out.
    fn curve(
        &self,
        i_n: usize,
        i_m: usize,
        f: &dyn Fn(&PointResult) -> Option<f64>,
    ) -> Vec<(f64, f64)> {
        let np = self.grid.lambda_plus.len();
        let nm = self.grid.lambda_minus.len();
        let row = &self.points[(i_n * nm + i_m) * np..(i_n * nm + i_m + 1) * np];
        self.grid
            .lambda_plus
            .iter()
            .zip(row)
            .filter_map(|(&lp, p)| f(p).map(|v| (lp, v)))
            .collect()
    }

    /// Panel A: |kappa_bar| does not depend on N or lambda-; any row, any status.
    fn kappa(&self) -> Curve {
        Curve {
            label: "|κ̄|".into(),
            color: colors::GREY,
            dash: None,
            points: self.curve(0, 0, &|p| p.kappa_norm()),
            mark_minimum: false,
        }
    }

    /// One curve per N (the first [`N_STYLES`] sizes) at the `i_m`-th lambda-: rho in grey
    /// (panel B) or L_var in the sizes' colours with the minimum marked (panel C).
    fn by_n(&self, i_m: usize, l_var: bool) -> Vec<Curve> {
        (0..self.grid.n.len())
            .take(N_STYLES.len())
            .map(|i| Curve {
                label: format!("N = {}", self.grid.n[i]),
                color: if l_var { N_STYLES[i].0 } else { colors::GREY },
                dash: N_STYLES[i].1,
                points: if l_var {
                    self.curve(i, i_m, &|p| p.l_var())
                } else {
                    self.curve(i, i_m, &|p| p.rho())
                },
                mark_minimum: l_var,
            })
            .collect()
    }

    /// Panel D: L_var at the `i_n`-th N for the lambda- nearest -1, -2, -5, in the
    /// published colours (yellow, teal, purple).
    fn by_lambda_minus(&self, i_n: usize) -> Vec<Curve> {
        minus_indices(self.grid)
            .iter()
            .map(|&(i, k)| Curve {
                label: format!("λ- = {}", num(self.grid.lambda_minus[i])),
                color: lambda_minus_color(k),
                dash: None,
                points: self.curve(i_n, i, &|p| p.l_var()),
                mark_minimum: true,
            })
            .collect()
    }
}

/// The tops of the y axes: |kappa_bar| with 10% room; L_var, which diverges at
/// lambda+min, up to 2.5 x the largest marked minimum.
fn y_tops(kappa: &Curve, l_var: &[&Curve]) -> (f64, f64) {
    let top = l_var.iter().filter_map(|c| c.minimum());
    let top = top.map(|m| m.1).fold(0.0f64, f64::max);
    let l_top = if top > 0.0 { 2.5 * top } else { 1.0 };
    let k_top = kappa
        .points
        .iter()
        .map(|p| p.1)
        .fold(0.0f64, f64::max)
        .max(1e-3)
        * 1.1;
    (k_top, l_top)
}

impl LandscapeFigure {
    /// Builds the figure from a sweep's points (see [`SweepGrid`] for the layout).
    /// Panel C uses the lambda- nearest -5, panel D the N nearest 256 and the lambda-
    /// nearest -1, -2, -5 (the published choices), at most four N in B and C.
    pub fn from_sweep(grid: &SweepGrid, points: &[PointResult], lambda_plus_min: f64) -> Self {
        let sweep = SweepCurves { grid, points };
        let i_m5 = nearest_indices(&grid.lambda_minus, &[-5.0])[0];
        let i_n256 = {
            let ns: Vec<f64> = grid.n.iter().map(|&n| n as f64).collect();
            nearest_indices(&ns, &[256.0])[0]
        };
        let kappa = sweep.kappa();
        let rho = sweep.by_n(i_m5, false);
        let by_n = sweep.by_n(i_m5, true);
        let by_m = sweep.by_lambda_minus(i_n256);
        let (k_top, l_top) = y_tops(&kappa, &by_n.iter().chain(&by_m).collect::<Vec<_>>());
        let (lo, hi) = plus_range(grid);
        let lm5 = num(grid.lambda_minus[i_m5]);
        let panel = |title: String, y_label: &str, y_range: (f64, f64), curves: Vec<Curve>| Panel {
            title,
            y_label: y_label.into(),
            y_range,
            curves,
        };
        LandscapeFigure {
            x_range: (lo, hi),
            lambda_plus_min,
            panels: vec![
                panel("A".into(), "|κ̄|", (0.0, k_top), vec![kappa]),
                panel(format!("B   λ- = {lm5}"), "ρ", (0.0, 1.0), rho),
                panel(format!("C   λ- = {lm5}"), "L_var", (0.0, l_top), by_n),
                panel(
                    format!("D   N = {}", grid.n[i_n256]),
                    "L_var",
                    (0.0, l_top),
                    by_m,
                ),
            ],
        }
    }
}

/// One curve (points above the panel left out: L_var diverges at lambda+min), its legend
/// entry drawn like it, and its minimum when marked.
fn draw_curve<'a, DB: DrawingBackend + 'a>(
    chart: &mut ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>,
    c: &Curve,
    y1: f64,
) -> anyhow::Result<()>
where
    DB::ErrorType: 'static,
{
    let clip = |pts: &[(f64, f64)]| -> Vec<(f64, f64)> {
        pts.iter().copied().filter(|&(_, y)| y <= y1).collect()
    };
    let style = c.color.stroke_width(3);
    let pts = clip(&c.points);
    let color = c.color;
    let dash = c.dash;
    let legend = move |(x, y): (i32, i32)| -> DynElement<'static, DB, (i32, i32)> {
        match dash {
            None => PathElement::new(vec![(x, y), (x + 24, y)], color.stroke_width(3)).into_dyn(),
            Some((d, g)) => {
                DashedPathElement::new(vec![(x, y), (x + 24, y)], d, g, color.stroke_width(3))
                    .into_dyn()
            }
        }
    };
    match c.dash {
        None => chart
            .draw_series(LineSeries::new(pts, style))
            .map_err(plot_err)?
            .label(c.label.as_str())
            .legend(legend),
        Some((d, g)) => chart
            .draw_series(DashedLineSeries::new(pts, d, g, style))
            .map_err(plot_err)?
            .label(c.label.as_str())
            .legend(legend),
    };
    if c.mark_minimum {
        if let Some(m) = c.minimum() {
            chart
                .draw_series([Circle::new(m, 6, c.color.filled())])
                .map_err(plot_err)?;
        }
    }
    Ok(())
}

fn draw_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    panel: &Panel,
    x_range: (f64, f64),
    lambda_plus_min: f64,
    last: bool,
) -> anyhow::Result<()>
where
    DB::ErrorType: 'static,
{
    let (y0, y1) = panel.y_range;
    let mut chart = ChartBuilder::on(area)
        .margin(8)
        .caption(&panel.title, (FONT, 18))
        .x_label_area_size(if last { 40 } else { 25 })
        .y_label_area_size(55)
        .build_cartesian_2d(x_range.0..x_range.1, y0..y1)
        .map_err(plot_err)?;
    let mut mesh = chart.configure_mesh();
    mesh.disable_mesh()
        .y_desc(panel.y_label.as_str())
        .label_style((FONT, 14))
        .axis_desc_style((FONT, 16));
    if last {
        mesh.x_desc("λ+");
    }
    mesh.draw().map_err(plot_err)?;
    if lambda_plus_min > x_range.0 && lambda_plus_min < x_range.1 {
        chart
            .draw_series(DashedLineSeries::new(
                [(lambda_plus_min, y0), (lambda_plus_min, y1)],
                2,
                4,
                colors::GREY.stroke_width(2),
            ))
            .map_err(plot_err)?;
    }
    for c in &panel.curves {
        draw_curve(&mut chart, c, y1)?;
    }
    if panel.curves.len() > 1 || panel.curves.iter().any(|c| c.mark_minimum) {
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperRight)
            .background_style(WHITE.mix(0.85))
            .border_style(colors::GREY)
            .label_font((FONT, 14))
            .draw()
            .map_err(plot_err)?;
    }
    Ok(())
}

impl Figure for LandscapeFigure {
    fn size(&self) -> (u32, u32) {
        (720, 260 * self.panels.len() as u32)
    }
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> anyhow::Result<()>
    where
        DB::ErrorType: 'static,
    {
        let areas = root.split_evenly((self.panels.len(), 1));
        let last = self.panels.len().saturating_sub(1);
        for (i, (area, panel)) in areas.iter().zip(&self.panels).enumerate() {
            draw_panel(area, panel, self.x_range, self.lambda_plus_min, i == last)?;
        }
        Ok(())
    }
}
