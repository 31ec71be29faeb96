//! Fig. 10 layout: learning curves of the linear network (theory notes, section 5).
//!
//! Left column the fast (bias) phase, right column the slow (variance) phase; rows: losses
//! (L, L_bias, L_var), coefficients (M11, M12, M21, M22), |dx_bar|. The closed-form theory
//! is drawn dashed; any number of overlays (the integrated exact flow, or simulations for
//! the real Fig. 10) are drawn underneath, the first solid and lighter, the others dotted. As in the published figure the
//! fast phase's learning time runs from -fast_steps to 0.

use crate::plot::style::{colors, plot_err, Figure, FONT};
use oblique_theory::linear::{LearningCurves, TwoPhaseCurves};
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;

/// One set of solid curves drawn under the theory (e.g. "Exact flow" or "Sim.").
#[derive(Debug, Clone)]
pub struct Overlay {
    /// The curves, sampled at any times.
    pub curves: TwoPhaseCurves,
    /// Legend label.
    pub label: String,
}

/// The Fig. 10 figure: dashed theory and solid overlays.
#[derive(Debug, Clone)]
pub struct LinearFigure {
    /// Closed-form curves (dashed).
    pub theory: TwoPhaseCurves,
    /// Solid curves under the theory.
    pub overlays: Vec<Overlay>,
    /// Title of the left column.
    pub fast_title: String,
    /// Title of the right column.
    pub slow_title: String,
}

impl LinearFigure {
    /// Theory plus overlays with the default column titles for base learning rate `lr`.
    pub fn new(theory: TwoPhaseCurves, overlays: Vec<Overlay>, lr: f64) -> Self {
        LinearFigure {
            theory,
            overlays,
            fast_title: format!("Fast learning, eta = {lr}/N"),
            slow_title: format!("Slow later learning, eta = {lr}"),
        }
    }
}

/// Lightened version of a colour for the solid overlays.
fn light(c: RGBColor) -> RGBColor {
    let f = |v: u8| (v as f64 + 0.55 * (255.0 - v as f64)) as u8;
    RGBColor(f(c.0), f(c.1), f(c.2))
}

type Pick = fn(&LearningCurves) -> &Vec<f64>;

/// The quantities of one row: (legend name, colour, accessor).
fn row_series(row: usize) -> Vec<(&'static str, RGBColor, Pick)> {
    match row {
        0 => vec![
            ("L", colors::BLUE, |c| &c.l),
            ("L_bias", colors::ORANGE, |c| &c.l_bias),
            ("L_var", colors::GREEN, |c| &c.l_var),
        ],
        1 => vec![
            ("M11", colors::BLUE, |c| &c.m11),
            ("M12", colors::ORANGE, |c| &c.m12),
            ("M21", colors::GREEN, |c| &c.m21),
            ("M22", colors::RED, |c| &c.m22),
        ],
        _ => vec![("|dx_bar|", colors::BLUE, |c| &c.dx_norm)],
    }
}

const ROW_NAMES: [&str; 3] = ["Loss", "Coefficients", "|dx_bar|"];

/// Type of a panel's chart.
type Chart<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// One panel's data: a phase of the theory and of the overlays, shifted in time.
struct Cell {
    row: usize,
    fast: bool,
    shift: f64,
    theory: LearningCurves,
    overlays: Vec<LearningCurves>,
    series: Vec<(&'static str, RGBColor, Pick)>,
}

impl Cell {
    /// The data's range `(x0, x1, y0, y1)`, with zero in the y range.
    fn bounds(&self) -> (f64, f64, f64, f64) {
        let (shift, series) = (self.shift, &self.series);
        let (theory, overlays) = (&self.theory, &self.overlays);
        let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
        for c in std::iter::once(theory).chain(overlays.iter()) {
            for &t in &c.tau {
                x0 = x0.min(t - shift);
                x1 = x1.max(t - shift);
            }
            for (_, _, pick) in series.iter() {
                for &v in pick(c).iter().filter(|v| v.is_finite()) {
                    y0 = y0.min(v);
                    y1 = y1.max(v);
                }
            }
        }
        if x0 >= x1 {
            x1 = x0 + 1.0;
        }
        y0 = y0.min(0.0);
        if y1 - y0 < 1e-12 {
            y1 = y0 + 1.0;
        }
        (x0, x1, y0, y1)
    }

    /// The overlays, the first solid and light, the others dotted.
    fn draw_overlays<DB: DrawingBackend>(&self, chart: &mut Chart<'_, DB>) -> anyhow::Result<()>
    where
        DB::ErrorType: 'static,
    {
        let (shift, series, overlays) = (self.shift, &self.series, &self.overlays);
        for (k, c) in overlays.iter().enumerate() {
            for (_, color, pick) in series.iter() {
                let pts: Vec<(f64, f64)> = c
                    .tau
                    .iter()
                    .zip(pick(c).iter())
                    .filter(|(_, v)| v.is_finite())
                    .map(|(&t, &v)| (t - shift, v))
                    .collect();
                if k == 0 {
                    chart
                        .draw_series(LineSeries::new(pts, light(*color).stroke_width(3)))
                        .map_err(plot_err)?;
                } else {
                    // further overlays dotted, in the full colour, over the first
                    chart
                        .draw_series(DashedLineSeries::new(pts, 2, 4, color.stroke_width(2)))
                        .map_err(plot_err)?;
                }
            }
        }
        Ok(())
    }

    /// The theory, dashed; its colours name the quantities in the right column's legend.
    fn draw_theory<DB: DrawingBackend>(&self, chart: &mut Chart<'_, DB>) -> anyhow::Result<()>
    where
        DB::ErrorType: 'static,
    {
        let (shift, series, theory) = (self.shift, &self.series, &self.theory);
        let (fast, row) = (self.fast, self.row);
        for (name, color, pick) in series.iter() {
            let pts: Vec<(f64, f64)> = theory
                .tau
                .iter()
                .zip(pick(theory).iter())
                .map(|(&t, &v)| (t - shift, v))
                .collect();
            let s = chart
                .draw_series(DashedLineSeries::new(pts, 8, 5, color.stroke_width(2)))
                .map_err(plot_err)?;
            if !fast && row != 2 {
                let col = *color;
                s.label(*name).legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 18, y)], col.stroke_width(3))
                });
            }
        }
        Ok(())
    }
}

impl LinearFigure {
    /// Legend entries for the line styles: theory dashed, overlays solid and light.
    fn style_legend<DB: DrawingBackend>(&self, chart: &mut Chart<'_, DB>) -> anyhow::Result<()>
    where
        DB::ErrorType: 'static,
    {
        // Line styles: theory dashed, overlays solid and light.
        let grey = RGBColor(90, 90, 90);
        chart
            .draw_series(std::iter::empty::<PathElement<(f64, f64)>>())
            .map_err(plot_err)?
            .label("theory (dashed)")
            .legend(move |(x, y)| {
                plotters::element::DashedPathElement::new(
                    vec![(x, y), (x + 18, y)],
                    5,
                    3,
                    grey.stroke_width(2),
                )
            });
        for (k, o) in self.overlays.iter().enumerate() {
            let series = chart
                .draw_series(std::iter::empty::<PathElement<(f64, f64)>>())
                .map_err(plot_err)?;
            if k == 0 {
                series
                    .label(format!("{} (solid)", o.label))
                    .legend(move |(x, y)| {
                        PathElement::new(vec![(x, y), (x + 18, y)], light(grey).stroke_width(3))
                    });
            } else {
                series
                    .label(format!("{} (dotted)", o.label))
                    .legend(move |(x, y)| {
                        plotters::element::DashedPathElement::new(
                            vec![(x, y), (x + 18, y)],
                            2,
                            3,
                            grey.stroke_width(2),
                        )
                    });
            }
        }
        Ok(())
    }

    /// The chart of one panel with its axes, ticks and labels drawn.
    fn chart<'a, DB: DrawingBackend>(
        &self,
        area: &'a DrawingArea<DB, Shift>,
        row: usize,
        fast: bool,
        (x0, x1, y0, y1): (f64, f64, f64, f64),
    ) -> anyhow::Result<Chart<'a, DB>>
    where
        DB::ErrorType: 'static,
    {
        let pad = 0.06 * (y1 - y0);
        let mut chart = ChartBuilder::on(area);
        // the right margin leaves room for half of the last tick label ("5000")
        chart
            .margin(8)
            .margin_right(26)
            .x_label_area_size(if row == 2 { 40 } else { 22 })
            .y_label_area_size(if fast { 62 } else { 48 });
        if row == 0 {
            chart.caption(
                if fast {
                    &self.fast_title
                } else {
                    &self.slow_title
                },
                (FONT, 20),
            );
        }
        let mut chart = chart
            .build_cartesian_2d(x0..x1, (y0 - pad)..(y1 + pad))
            .map_err(plot_err)?;
        let mut mesh = chart.configure_mesh();
        mesh.disable_mesh()
            .label_style((FONT, 13))
            .axis_desc_style((FONT, 15))
            .x_labels(6)
            .y_labels(5)
            .x_label_formatter(&|v| format!("{v:.0}"));
        if row == 2 {
            mesh.x_desc("Learning time tau");
        }
        if fast {
            mesh.y_desc(ROW_NAMES[row]);
        }
        mesh.draw().map_err(plot_err)?;

        Ok(chart)
    }

    fn panel<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        row: usize,
        fast: bool,
    ) -> anyhow::Result<()>
    where
        DB::ErrorType: 'static,
    {
        let phase = |c: &TwoPhaseCurves| if fast { c.fast.clone() } else { c.slow.clone() };
        let theory = phase(&self.theory);
        // The fast phase is shown at tau - fast_steps (ending at 0), as in the paper.
        let shift = if fast {
            theory.tau.last().copied().unwrap_or(0.0)
        } else {
            0.0
        };
        let cell = Cell {
            row,
            fast,
            shift,
            theory,
            overlays: self.overlays.iter().map(|o| phase(&o.curves)).collect(),
            series: row_series(row),
        };
        let (x0, x1, y0, y1) = cell.bounds();
        let mut chart = self.chart(area, row, fast, (x0, x1, y0, y1))?;
        cell.draw_overlays(&mut chart)?;
        cell.draw_theory(&mut chart)?;
        if !fast && row == 0 {
            self.style_legend(&mut chart)?;
        }
        if !fast && row < 2 {
            chart
                .configure_series_labels()
                .position(if row == 0 {
                    SeriesLabelPosition::UpperRight
                } else {
                    SeriesLabelPosition::LowerLeft
                })
                .label_font((FONT, 13))
                .background_style(WHITE.mix(0.8))
                .border_style(BLACK.mix(0.3))
                .draw()
                .map_err(plot_err)?;
        }
        Ok(())
    }
}

impl Figure for LinearFigure {
    fn size(&self) -> (u32, u32) {
        (1200, 820)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> anyhow::Result<()>
    where
        DB::ErrorType: 'static,
    {
        let panels = root.split_evenly((3, 2));
        for (i, area) in panels.iter().enumerate() {
            self.panel(area, i / 2, i % 2 == 0)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plot::style::save_png_svg;
    use oblique_theory::linear::{closed_form, LinearTask, Schedule};

    #[test]
    fn draws_theory_with_an_overlay() {
        let task = LinearTask {
            n: 64,
            rho_sqrt_n: -0.5,
            sigma: 1.0,
            target: 1.0,
        };
        let sch = Schedule {
            lr: 0.002,
            fast_steps: 100,
            slow_steps: 200,
            samples: 11,
        };
        let th = closed_form(&task, &sch).unwrap();
        let fig = LinearFigure::new(
            th.clone(),
            vec![Overlay {
                curves: th,
                label: "flow".into(),
            }],
            0.002,
        );
        let dir = tempfile::tempdir().unwrap();
        let stem = dir.path().join("fig10");
        save_png_svg(&fig, &stem).unwrap();
        let svg = std::fs::read_to_string(stem.with_extension("svg")).unwrap();
        assert!(svg.contains("Fast learning") && svg.contains("flow (solid)"));
        assert!(std::fs::metadata(stem.with_extension("png")).unwrap().len() > 10_000);
    }
}
