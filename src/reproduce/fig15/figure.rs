//! Drawing Fig. 15: outputs of the linearised solution and of the trained network, the
//! training losses and the norms against N.

use super::compute::{LazyPoint, Summary};
use crate::plot::common::range_of;
use crate::plot::panel::{Axis, Dash, Element, LegendPos, Line, Panel, PanelFigure};
use crate::plot::style::colors;
use oblique_validate::rnn::tasks::DT;
use plotters::style::RGBColor;

fn shade(i: usize, m: usize) -> RGBColor {
    let f = if m > 1 {
        i as f64 / (m - 1) as f64
    } else {
        0.0
    };
    RGBColor(
        (30.0 + 180.0 * f) as u8,
        (60.0 + 80.0 * (1.0 - f)) as u8,
        (160.0 - 120.0 * f) as u8,
    )
}

fn output_panel(
    pts: &[&LazyPoint],
    letter: &str,
    title: &str,
    get: fn(&LazyPoint) -> &Vec<f64>,
) -> Panel {
    let refs: Vec<&[f64]> = pts.iter().map(|p| get(p).as_slice()).collect();
    let (lo, hi) = range_of(&refs, 0.05);
    let t_end = pts
        .first()
        .map(|p| p.z_lin.len() as f64 * DT)
        .unwrap_or(1.0);
    let mut p = Panel::new(
        letter,
        Axis::linear("time", 0.0, t_end),
        Axis::linear("output z", lo.max(-4.0), hi.min(4.0)),
    );
    p.title(title);
    for (i, q) in pts.iter().enumerate() {
        let t: Vec<f64> = (0..get(q).len()).map(|k| k as f64 * DT).collect();
        p.line(
            Line::xy(&t, get(q), shade(i, pts.len()))
                .width(2)
                .label(&format!("N = {}", q.n)),
        );
    }
    p.push(crate::reproduce::fig09::figure::target_dots(None));
    p.legend(LegendPos::LowerLeft, 2).keep_legend_clear();
    p
}

/// A curve of a log panel: its label, its value per network size and its colour.
type LogSeries = (&'static str, fn(&Summary) -> Option<f64>, RGBColor);

fn log_panel(sums: &[Summary], letter: &str, ylabel: &str, series: &[LogSeries]) -> Panel {
    let all: Vec<f64> = series
        .iter()
        .flat_map(|s| sums.iter().filter_map(s.1))
        .filter(|v| *v > 0.0)
        .collect();
    let lo = all.iter().copied().fold(f64::INFINITY, f64::min) / 1.5;
    let hi = all.iter().copied().fold(0.0, f64::max) * 1.5;
    let (nlo, nhi) = (
        sums.first().map(|x| x.n as f64).unwrap_or(1.0) / 1.3,
        sums.last().map(|x| x.n as f64).unwrap_or(2.0) * 1.3,
    );
    let mut p = Panel::new(
        letter,
        Axis::log2("N", nlo, nhi),
        Axis::log10(ylabel, lo.clamp(1e-12, 1e12), hi.clamp(1e-11, 1e13)),
    );
    for (label, f, c) in series {
        let pts: Vec<(f64, f64)> = sums
            .iter()
            .filter_map(|x| f(x).map(|v| (x.n as f64, v)))
            .collect();
        p.line(Line::new(pts.clone(), *c).width(2).label(label));
        p.push(Element::Dots {
            points: pts,
            color: *c,
            alpha: 1.0,
            radius: 4,
            label: None,
        });
    }
    p.legend(LegendPos::UpperRight, 1).keep_legend_clear();
    p
}

/// The four panels of Fig. 15.
pub fn figure(pts: &[LazyPoint], sums: &[Summary], footer: &str) -> PanelFigure {
    let first: Vec<&LazyPoint> = pts.iter().filter(|p| p.sample == 0).collect();
    let trained: Vec<&LazyPoint> = first
        .iter()
        .copied()
        .filter(|p| p.trained.is_some())
        .collect();
    let a = output_panel(&first, "A", "W_{0} + dW_{lin} (nonlinear network)", |p| {
        &p.z_lin
    });
    let b = output_panel(&trained, "B", "trained (Adam)", |p| {
        &p.trained.as_ref().expect("filtered").z_gd
    });
    let mut c = log_panel(
        sums,
        "C",
        "training loss",
        &[
            (
                "W_{0} + dW_{lin} (mean)",
                |x| Some(x.loss_lin),
                colors::BLUE,
            ),
            (
                "trained",
                |x| x.first.as_ref().map(|f| f.1.loss_gd),
                colors::ORANGE,
            ),
        ],
    );
    c.title("loss on the 21 targets");
    let mut d = log_panel(
        sums,
        "D",
        "\u{2016}\u{0394}W\u{2016}",
        &[
            (
                "linearised (geometric mean)",
                |x| Some(x.dw_lin),
                colors::BLUE,
            ),
            (
                "trained",
                |x| x.first.as_ref().map(|f| f.1.dw_gd),
                colors::ORANGE,
            ),
            (
                "difference",
                |x| x.first.as_ref().map(|f| f.1.dw_diff),
                colors::GREEN,
            ),
        ],
    );
    if let Some(x0) = sums.first() {
        let guide: Vec<(f64, f64)> = sums
            .iter()
            .map(|x| (x.n as f64, x0.dw_lin * (x0.n as f64 / x.n as f64).sqrt()))
            .collect();
        d.line(
            Line::new(guide, colors::GREY)
                .dash(Dash::Dashed)
                .width(2)
                .label("\u{221d} N^{\u{2212}1/2}"),
        );
    }
    let mut fig = PanelFigure::grid(
        (1800, 1200),
        22.0,
        &[1.0, 1.0],
        2,
        vec![Some(a), Some(b), Some(c), Some(d)],
    );
    fig.footer = Some(footer.to_string());
    fig
}
