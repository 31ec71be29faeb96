//! The figure of `oblique regime --plot`: variance explained and R^2 against the number of
//! PCs (as Fig. 3B of the study) and, with subsampling, `rho sqrt(N_sub)` and `R^2`
//! against the number of neurons on log-log axes (as Fig. 8).

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::plot::style::{colors, plot_err, save_png_svg, Figure, FONT};
use oblique_validate::regime::{RegimeReport, SubsampleRow};

/// `FILE.png` (and `FILE.svg`) from a report.
pub fn draw(png: &Path, report: &RegimeReport) -> anyhow::Result<()> {
    save_png_svg(&RegimeFigure { report }, &png.with_extension(""))
}

struct RegimeFigure<'a> {
    report: &'a RegimeReport,
}

impl Figure for RegimeFigure<'_> {
    fn size(&self) -> (u32, u32) {
        if self.report.subsample.is_some() {
            (1100, 450)
        } else {
            (560, 450)
        }
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> anyhow::Result<()>
    where
        DB::ErrorType: 'static,
    {
        root.fill(&WHITE).map_err(plot_err)?;
        match &self.report.subsample {
            Some(rows) => {
                let (left, right) = root.split_horizontally(560);
                pcs_panel(&left, self.report)?;
                scaling_panel(&right, rows)
            }
            None => pcs_panel(root, self.report),
        }
    }
}

fn pcs_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    rep: &RegimeReport,
) -> anyhow::Result<()>
where
    DB::ErrorType: 'static,
{
    let kmax = rep.fit_r2.len().max(1);
    let ymin = rep.fit_r2.iter().copied().fold(0.0f64, f64::min);
    let mut chart = ChartBuilder::on(area)
        .caption("Variance explained and fit against PCs", (FONT, 18))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(50)
        .build_cartesian_2d(0f64..kmax as f64, ymin..1.02f64)
        .map_err(plot_err)?;
    chart
        .configure_mesh()
        .x_desc("number of PCs k")
        .y_desc("fraction")
        .label_style((FONT, 13))
        .draw()
        .map_err(plot_err)?;
    let curve = |v: &[f64]| {
        std::iter::once((0.0, 0.0))
            .chain(v.iter().enumerate().map(|(k, &y)| ((k + 1) as f64, y)))
            .collect::<Vec<_>>()
    };
    let lines = [
        (
            curve(&rep.cumulative_variance),
            colors::BLUE,
            "variance explained",
        ),
        (
            curve(&rep.fit_r2),
            colors::ORANGE,
            "R^2 of the fit on k PCs",
        ),
    ];
    for (pts, color, label) in lines {
        chart
            .draw_series(LineSeries::new(pts, color.stroke_width(2)))
            .map_err(plot_err)?
            .label(label)
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 18, y)], color.stroke_width(2)));
    }
    for (level, color) in [(0.9, colors::BLUE), (0.9 * rep.r2, colors::ORANGE)] {
        chart
            .draw_series(LineSeries::new(
                [(0.0, level), (kmax as f64, level)],
                color.mix(0.5).stroke_width(1),
            ))
            .map_err(plot_err)?;
    }
    legend(&mut chart, SeriesLabelPosition::LowerRight)
}

/// A curve of the subsample panel: its label, colour and (mean, SD) per row.
type Series = (&'static str, RGBColor, fn(&SubsampleRow) -> (f64, f64));

fn scaling_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    rows: &[SubsampleRow],
) -> anyhow::Result<()>
where
    DB::ErrorType: 'static,
{
    let nmin = rows.first().map_or(1, |r| r.n_sub).max(1) as f64;
    let nmax = rows.last().map_or(2, |r| r.n_sub).max(2) as f64;
    let values = rows.iter().flat_map(|r| {
        [
            r.corr_sqrt_n.mean - r.corr_sqrt_n.sd,
            r.corr_sqrt_n.mean + r.corr_sqrt_n.sd,
            r.r2.mean,
        ]
    });
    let lo = values.clone().filter(|v| *v > 0.0).fold(0.5f64, f64::min) * 0.8;
    let hi = values.fold(nmax.sqrt() / 2.0, f64::max) * 1.25;
    let mut chart = ChartBuilder::on(area)
        .caption("Correlation against neurons", (FONT, 18))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(50)
        .build_cartesian_2d((nmin * 0.9..nmax * 1.1).log_scale(), (lo..hi).log_scale())
        .map_err(plot_err)?;
    chart
        .configure_mesh()
        .x_desc("number of neurons N_sub")
        .y_desc("value")
        .label_style((FONT, 13))
        .draw()
        .map_err(plot_err)?;
    for (p, label) in [(0.0, "N^0 / 2"), (0.25, "N^1/4 / 2"), (0.5, "N^1/2 / 2")] {
        let pts: Vec<(f64, f64)> = [nmin, nmax].iter().map(|&n| (n, n.powf(p) / 2.0)).collect();
        chart
            .draw_series(LineSeries::new(pts, colors::GREY.stroke_width(1)))
            .map_err(plot_err)?
            .label(label)
            .legend(|(x, y)| PathElement::new([(x, y), (x + 18, y)], colors::GREY));
    }
    let series: [Series; 2] = [
        ("rho sqrt(N_sub)", colors::BLUE, |r| {
            (r.corr_sqrt_n.mean, r.corr_sqrt_n.sd)
        }),
        ("R^2", colors::ORANGE, |r| (r.r2.mean, r.r2.sd)),
    ];
    for (label, color, get) in series {
        let pts: Vec<(f64, f64)> = rows.iter().map(|r| (r.n_sub as f64, get(r).0)).collect();
        chart
            .draw_series(LineSeries::new(pts.clone(), color.stroke_width(2)))
            .map_err(plot_err)?
            .label(label)
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 18, y)], color.stroke_width(2)));
        chart
            .draw_series(rows.iter().map(|r| {
                let (m, s) = get(r);
                let n = r.n_sub as f64;
                PathElement::new([(n, (m - s).max(lo)), (n, (m + s).max(lo))], color)
            }))
            .map_err(plot_err)?;
    }
    legend(&mut chart, SeriesLabelPosition::UpperLeft)
}

/// The panel's legend at `pos`: 13-point labels on a light box with a black border.
fn legend<'a, DB: DrawingBackend + 'a, CT: plotters::coord::CoordTranslate>(
    chart: &mut ChartContext<'a, DB, CT>,
    pos: SeriesLabelPosition,
) -> anyhow::Result<()>
where
    DB::ErrorType: 'static,
{
    chart
        .configure_series_labels()
        .position(pos)
        .label_font((FONT, 13))
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK)
        .draw()
        .map_err(plot_err)
}
