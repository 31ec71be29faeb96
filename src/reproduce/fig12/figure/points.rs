//! Panels E-J of Fig. 12: for each simulated lambda+, the cloud of kappa states (E-G) and
//! the histograms of the output against the theory's Gaussians (H-J).

use super::{Fig12Point, POINT_COLORS};
use crate::plot::common::{darken, lighten};
use crate::plot::panel::{Axis, Dash, Element, LegendPos, Line, Panel};
use crate::plot::rich_text::Align;
use crate::plot::style::colors;
use plotters::style::RGBColor;

pub(super) fn cloud_panel(
    letter: &str,
    p: &Fig12Point,
    idx: usize,
    last: bool,
    first: bool,
) -> Panel {
    let r = 1.95;
    let x = Axis::linear("\u{3ba}_{1}", -r, r).ticks(&[-1.0, 0.0, 1.0]);
    let mut panel = Panel::new(
        letter,
        if last { x } else { x.hide_labels() },
        Axis::linear("\u{3ba}_{2}", -r, r).ticks(&[-1.0, 0.0, 1.0]),
    );
    let grey = colors::GREY;
    panel.push(Element::HLine {
        y: 0.0,
        line: Line::new(vec![], grey).width(2),
    });
    panel.push(Element::VLine {
        x: 0.0,
        line: Line::new(vec![], grey).width(2),
    });
    let col = POINT_COLORS[idx % 3];
    panel.push(Element::Dots {
        points: p.cloud_minus.clone(),
        color: lighten(col, 0.35),
        alpha: 0.35,
        radius: 1,
        label: None,
    });
    panel.push(Element::Dots {
        points: p.cloud_plus.clone(),
        color: darken(col, 0.25),
        alpha: 0.35,
        radius: 1,
        label: None,
    });
    panel.push(Element::Arrow {
        from: (0.0, 0.0),
        to: (1.0, 0.0),
        color: colors::RED,
    });
    if first {
        panel.push(Element::Text {
            at: (0.55, -0.35),
            text: "v_{out}".into(),
            color: colors::RED,
            align: Align::Left,
            scale: 1.0,
        });
    }
    panel.push(Element::BoxLabel {
        frac: (0.04, 0.04),
        text: format!("\u{3bb}_{{+}} = {}", p.lambda_plus),
    });
    if let Some(t) = &p.theory {
        // theory: the two fixed points +-kappa_bar, direction from rho
        let (k1, k2) = (
            t.kappa_norm * t.rho,
            t.kappa_norm * (1.0 - t.rho * t.rho).max(0.0).sqrt(),
        );
        panel.push(Element::Dots {
            points: vec![(k1, k2), (-k1, -k2)],
            color: RGBColor(20, 20, 20),
            alpha: 1.0,
            radius: 5,
            label: if first {
                Some("theory \u{b1}~{\u{3ba}}".into())
            } else {
                None
            },
        });
        if first {
            panel.legend(LegendPos::LowerRight, 1);
        }
    }
    panel
}

pub(super) fn hist_panel(
    letter: &str,
    p: &Fig12Point,
    idx: usize,
    target: f64,
    last: bool,
    first: bool,
) -> Panel {
    let bw = if p.edges.len() > 1 {
        p.edges[1] - p.edges[0]
    } else {
        0.1
    };
    let theory_peak = p
        .theory
        .map(|t| p.samples as f64 * bw / (t.l_var.sqrt() * (2.0 * std::f64::consts::PI).sqrt()))
        .unwrap_or(0.0);
    let top = p
        .counts_plus
        .iter()
        .chain(&p.counts_minus)
        .fold(theory_peak, |a, b| a.max(*b))
        .max(1.0)
        * 1.2;
    let (lo, hi) = (
        p.edges.first().copied().unwrap_or(-4.0),
        p.edges.last().copied().unwrap_or(4.0),
    );
    let x = Axis::linear("Output z", lo, hi);
    let mut panel = Panel::new(
        letter,
        if last { x } else { x.hide_labels() },
        Axis::linear("Counts", 0.0, top),
    );
    let col = POINT_COLORS[idx % 3];
    let (light, dark) = (lighten(col, 0.35), darken(col, 0.25));
    panel.push(Element::Bars {
        edges: p.edges.clone(),
        counts: p.counts_minus.clone(),
        color: light,
        alpha: 0.75,
        label: if first {
            Some("\u{2212}z trials".into())
        } else {
            None
        },
    });
    panel.push(Element::Bars {
        edges: p.edges.clone(),
        counts: p.counts_plus.clone(),
        color: dark,
        alpha: 0.7,
        label: if first {
            Some("+z trials".into())
        } else {
            None
        },
    });
    for (m, c) in [(p.z_mean.1, light), (p.z_mean.0, dark)] {
        panel.push(Element::VLine {
            x: m,
            line: Line::new(vec![], darken(c, 0.2)).width(3),
        });
    }
    for s in [-1.0, 1.0] {
        panel.push(Element::VLine {
            x: s * target,
            line: Line::new(vec![], RGBColor(170, 150, 175))
                .dash(Dash::Dashed)
                .width(3),
        });
    }
    theory_curves(&mut panel, p, (lo, hi), bw, first);
    if first {
        // two columns above the histograms, clear of the data and of the y axis
        panel.legend(LegendPos::UpperLeft, 2).keep_legend_clear();
    }
    panel
}

/// The theory's Gaussians of the output (Eq. 53, and the Euler-map theory when present),
/// scaled to the histograms' counts over `x`, dashed.
fn theory_curves(panel: &mut Panel, p: &Fig12Point, (lo, hi): (f64, f64), bw: f64, first: bool) {
    let Some(t) = &p.theory else {
        return;
    };
    let mut curves = vec![(t.z_mean, t.l_var, RGBColor(30, 30, 30), "theory (Eq. 53)")];
    if let Some(e) = t.euler {
        curves.push((e.z_mean, e.l_var, RGBColor(200, 60, 40), "Euler-map theory"));
    }
    for (z_mean, l_var, color, label) in curves {
        let sd = l_var.sqrt();
        for sign in [1.0, -1.0] {
            let mu = sign * z_mean;
            let pts: Vec<(f64, f64)> = (0..=200)
                .map(|i| {
                    let z = lo + (hi - lo) * i as f64 / 200.0;
                    let dens = (-(z - mu).powi(2) / (2.0 * sd * sd)).exp()
                        / (sd * (2.0 * std::f64::consts::PI).sqrt());
                    (z, dens * bw * p.samples as f64)
                })
                .collect();
            let mut l = Line::new(pts, color).dash(Dash::Dashed).width(2);
            if first && sign > 0.0 {
                l = l.label(label);
            }
            panel.line(l);
        }
    }
}
