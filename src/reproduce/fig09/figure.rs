//! Drawing Fig. 9 (outputs, four neurons' states and the two projections of each solution)
//! and Fig. 23 (loss curves with the oblique network's noise-free loss, `|dW|`, spectra
//! with the circle of radius g).

use super::compute::{SineRun, SHOWN_NEURONS};
use super::setup::name;
use crate::plot::common::range_of;
use crate::plot::panel::{Axis, Dash, Element, LegendPos, Line, Panel, PanelFigure};
use crate::plot::style::colors;
use oblique_validate::rnn::presets::SineScenario;
use oblique_validate::rnn::tasks::DT;
use plotters::style::RGBColor;

const FONT_PX: f64 = 22.0;

/// The colour of a solution (as in the published figure).
pub fn color(s: SineScenario) -> RGBColor {
    match s {
        SineScenario::Aligned => RGBColor(20, 50, 110),
        SineScenario::Marginal => RGBColor(210, 80, 10),
        SineScenario::Lazy => RGBColor(40, 90, 20),
        SineScenario::Oblique => RGBColor(170, 10, 10),
    }
}

/// The 21 targets of the sine task, `sin(2 pi 0.1 t)` at `t = 0, 1, ..., 20`, as dots.
pub fn target_dots(label: Option<&str>) -> Element {
    let points = (0..21)
        .map(|i| (i as f64, (0.2 * std::f64::consts::PI * i as f64).sin()))
        .collect();
    Element::Dots {
        points,
        color: RGBColor(120, 60, 160),
        alpha: 1.0,
        radius: 4,
        label: label.map(str::to_string),
    }
}

fn times(n: usize) -> Vec<f64> {
    (0..n).map(|k| k as f64 * DT).collect()
}

fn output_panel(r: &SineRun, letter: &str) -> Panel {
    let t = times(r.z_clean.len());
    let (lo, hi) = range_of(&[&r.z_clean, &r.z_noisy], 0.05);
    let (lo, hi) = (lo.min(-1.3), hi.max(1.3));
    let mut p = Panel::new(
        letter,
        Axis::linear("time", 0.0, t.last().copied().unwrap_or(1.0)),
        Axis::linear("output z", lo, hi),
    );
    p.title(name(r.scenario));
    let c = color(r.scenario);
    p.line(
        Line::xy(&t, &r.z_initial, colors::GREY)
            .dash(Dash::Dashed)
            .width(2)
            .label("initial"),
    );
    p.line(
        Line::xy(&t, &r.z_noisy, c)
            .alpha(0.35)
            .width(2)
            .label("noisy trial"),
    );
    p.line(Line::xy(&t, &r.z_clean, c).label("trained"));
    p.push(target_dots(Some("target")));
    p.push(Element::VLine {
        x: 21.0,
        line: Line::new(vec![], colors::GREY).dash(Dash::Dotted).width(1),
    });
    if r.scenario == SineScenario::Aligned {
        p.legend(LegendPos::LowerLeft, 2).keep_legend_clear();
    }
    p
}

/// The first neurons' states `x_i(t)`, as published: the trained network's noise-free run
/// (solid), for the lazy solution also the initial network's (dashed: training moves them
/// little), for the oblique one the noisy trial whose output is drawn above.
fn neuron_panel(r: &SineRun) -> Panel {
    let t = times(r.neurons.trained.len());
    let shown = if r.scenario == SineScenario::Oblique {
        &r.neurons.noisy
    } else {
        &r.neurons.trained
    };
    let series = |v: &[[f64; SHOWN_NEURONS]], i: usize| v.iter().map(|x| x[i]).collect::<Vec<_>>();
    let lazy = r.scenario == SineScenario::Lazy;
    let mut all: Vec<Vec<f64>> = (0..SHOWN_NEURONS).map(|i| series(shown, i)).collect();
    if lazy {
        all.extend((0..SHOWN_NEURONS).map(|i| series(&r.neurons.initial, i)));
    }
    let refs: Vec<&[f64]> = all.iter().map(Vec::as_slice).collect();
    let (lo, hi) = range_of(&refs, 0.05);
    let mut p = Panel::new(
        "",
        Axis::linear("time", 0.0, t.last().copied().unwrap_or(1.0)),
        Axis::linear("x_i", lo, hi),
    );
    let c = color(r.scenario);
    for (i, y) in all.iter().enumerate() {
        let line = Line::xy(&t, y, c).width(2);
        p.line(if i < SHOWN_NEURONS {
            line.alpha(0.75)
        } else {
            line.alpha(0.45).dash(Dash::Dashed)
        });
    }
    p
}

fn projection_panel(r: &SineRun, letter: &str, second: usize) -> Panel {
    let a: Vec<f64> = r.proj.iter().map(|p| p[0]).collect();
    let b: Vec<f64> = r.proj.iter().map(|p| p[second]).collect();
    let arrow = [r.w_arrow[0], r.w_arrow[second]];
    let (xl, xh) = range_of(&[&a, &[0.0, arrow[0]]], 0.08);
    let (yl, yh) = range_of(&[&b, &[0.0, arrow[1]]], 0.08);
    let ylabel = if second == 1 {
        "PC2"
    } else {
        "w_{out,\u{22a5}}"
    };
    let mut p = Panel::new(
        letter,
        Axis::linear("PC1", xl, xh),
        Axis::linear(ylabel, yl, yh),
    );
    let c = color(r.scenario);
    // the training window darker than the extrapolation
    let k_train = (21.0 / DT) as usize;
    let pts: Vec<(f64, f64)> = a.iter().copied().zip(b.iter().copied()).collect();
    p.line(
        Line::new(pts[k_train.min(pts.len())..].to_vec(), c)
            .alpha(0.4)
            .width(2),
    );
    p.line(Line::new(pts[..k_train.min(pts.len())].to_vec(), c).width(2));
    p.push(Element::Arrow {
        from: (0.0, 0.0),
        to: (arrow[0], arrow[1]),
        color: RGBColor(0, 0, 0),
    });
    p
}

/// Fig. 9: per solution, the outputs, four neurons' states, and the trajectory in [PC1, PC2]
/// and [PC1, w_out,perp].
pub fn fig9(runs: &[SineRun], footer: &str) -> PanelFigure {
    let mut panels = Vec::new();
    let letters = ["A", "B", "C", "D"];
    for (i, r) in runs.iter().enumerate() {
        panels.push(Some(output_panel(r, letters[i % 4])));
    }
    for r in runs {
        panels.push(Some(neuron_panel(r)));
    }
    for r in runs {
        panels.push(Some(projection_panel(r, "", 1)));
    }
    for r in runs {
        panels.push(Some(projection_panel(r, "", 2)));
    }
    let cols = runs.len().max(1);
    let mut fig = PanelFigure::grid(
        (600 * cols as u32, 1950),
        FONT_PX,
        &vec![1.0; cols],
        4,
        panels,
    );
    fig.footer = Some(footer.to_string());
    fig
}

fn curve_panel(
    runs: &[SineRun],
    letter: &str,
    ylabel: &str,
    f: fn(&oblique_validate::rnn::record::StepRecord) -> f64,
) -> Panel {
    let series: Vec<Vec<f64>> = runs
        .iter()
        .map(|r| r.curve.iter().map(f).collect())
        .collect();
    let refs: Vec<&[f64]> = series.iter().map(|v| v.as_slice()).collect();
    let (_, hi) = range_of(&refs, 0.05);
    let steps = runs.iter().map(|r| r.curve.len()).max().unwrap_or(1) as f64;
    let mut p = Panel::new(
        letter,
        Axis::linear("training steps", 0.0, steps),
        Axis::linear(ylabel, 0.0, hi),
    );
    for (r, y) in runs.iter().zip(&series) {
        let x: Vec<f64> = (0..y.len()).map(|i| i as f64).collect();
        p.line(
            Line::xy(&x, y, color(r.scenario))
                .width(2)
                .label(name(r.scenario)),
        );
    }
    p
}

fn spectrum_panel(r: &SineRun, letter: &str) -> Panel {
    let lim = r
        .eig
        .iter()
        .fold(1.6f64, |m, e| m.max(e.0.abs()).max(e.1.abs()))
        * 1.05;
    let mut p = Panel::new(
        letter,
        Axis::linear("Re \u{03bb}", -lim, lim),
        Axis::linear("Im \u{03bb}", -lim, lim),
    );
    p.title(name(r.scenario));
    let circle: Vec<(f64, f64)> = (0..=200)
        .map(|i| {
            let a = 2.0 * std::f64::consts::PI * i as f64 / 200.0;
            (r.g * a.cos(), r.g * a.sin())
        })
        .collect();
    p.line(Line::new(circle, colors::GREY).width(2));
    p.push(Element::VLine {
        x: 1.0,
        line: Line::new(vec![], colors::GREY).dash(Dash::Dashed).width(2),
    });
    p.push(Element::Dots {
        points: r.eig.clone(),
        color: color(r.scenario),
        alpha: 0.9,
        radius: 3,
        label: None,
    });
    p
}

/// Fig. 23: loss and `|dW|` during training, and the trained spectra.
pub fn fig23(runs: &[SineRun], footer: &str) -> PanelFigure {
    let mut loss = curve_panel(runs, "A", "loss", |r| r.loss);
    for r in runs.iter().filter(|r| !r.probe.is_empty()) {
        let pts = r.probe.iter().map(|&(k, l)| (k as f64, l)).collect();
        loss.line(
            Line::new(pts, color(r.scenario))
                .alpha(0.45)
                .width(2)
                .label("oblique, no noise"),
        );
    }
    loss.legend(LegendPos::UpperRight, 2);
    let dw = curve_panel(runs, "B", "\u{2016}\u{0394}W\u{2016}", |r| r.dw_norm);
    let mut panels = vec![Some(loss), Some(dw), None, None];
    for (i, r) in runs.iter().enumerate() {
        panels.push(Some(spectrum_panel(r, if i == 0 { "C" } else { "" })));
    }
    let mut fig = PanelFigure::grid((2200, 1100), FONT_PX, &[1.0, 1.0, 1.0, 1.0], 2, panels);
    fig.footer = Some(footer.to_string());
    fig
}
