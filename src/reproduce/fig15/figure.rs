//! Drawing Fig. 15: outputs of the linearised solution and of the trained network, the
//! training losses and the norms against N.

use super::compute::LazyPoint;
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
    pts: &[LazyPoint],
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
    let dots: Vec<(f64, f64)> = (0..21)
        .map(|i| (i as f64, (0.2 * std::f64::consts::PI * i as f64).sin()))
        .collect();
    p.push(Element::Dots {
        points: dots,
        color: RGBColor(120, 60, 160),
        alpha: 1.0,
        radius: 4,
        label: None,
    });
    p.legend(LegendPos::LowerLeft, 2);
    p
}

fn log_panel(
    pts: &[LazyPoint],
    letter: &str,
    ylabel: &str,
    series: &[(&str, fn(&LazyPoint) -> f64, RGBColor)],
) -> Panel {
    let ns: Vec<f64> = pts.iter().map(|p| p.n as f64).collect();
    let all: Vec<f64> = series
        .iter()
        .flat_map(|s| pts.iter().map(s.1))
        .filter(|v| *v > 0.0)
        .collect();
    let lo = all.iter().copied().fold(f64::INFINITY, f64::min) / 1.5;
    let hi = all.iter().copied().fold(0.0, f64::max) * 1.5;
    let (nlo, nhi) = (
        ns.first().copied().unwrap_or(1.0) / 1.3,
        ns.last().copied().unwrap_or(2.0) * 1.3,
    );
    let mut p = Panel::new(
        letter,
        Axis::log2("N", nlo, nhi),
        Axis::log10(ylabel, lo.max(1e-12), hi.max(1e-11)),
    );
    for (label, f, c) in series {
        let y: Vec<f64> = pts.iter().map(f).collect();
        p.line(Line::xy(&ns, &y, *c).width(2).label(label));
        p.push(Element::Dots {
            points: ns.iter().copied().zip(y).collect(),
            color: *c,
            alpha: 1.0,
            radius: 4,
            label: None,
        });
    }
    p.legend(LegendPos::UpperRight, 1);
    p
}

/// The four panels of Fig. 15.
pub fn figure(pts: &[LazyPoint], footer: &str) -> PanelFigure {
    let a = output_panel(pts, "A", "W0 + dW_lin (nonlinear network)", |p| &p.z_lin);
    let b = output_panel(pts, "B", "trained (Adam)", |p| &p.z_gd);
    let mut c = log_panel(
        pts,
        "C",
        "training loss",
        &[
            ("W0 + dW_lin", |p| p.loss_lin, colors::BLUE),
            ("trained", |p| p.loss_gd, colors::ORANGE),
        ],
    );
    c.title("loss on the 21 targets");
    let mut d = log_panel(
        pts,
        "D",
        "\u{2016}\u{0394}W\u{2016}",
        &[
            ("linearised", |p| p.dw_lin, colors::BLUE),
            ("trained", |p| p.dw_gd, colors::ORANGE),
            ("difference", |p| p.dw_diff, colors::GREEN),
        ],
    );
    let ns: Vec<f64> = pts.iter().map(|p| p.n as f64).collect();
    if let (Some(first), Some(&n0)) = (pts.first(), ns.first()) {
        let guide: Vec<(f64, f64)> = ns
            .iter()
            .map(|&n| (n, first.dw_lin * (n0 / n).sqrt()))
            .collect();
        d.line(
            Line::new(guide, colors::GREY)
                .dash(Dash::Dashed)
                .width(2)
                .label("1/sqrt(N)"),
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
