//! Drawing Fig. 9 (outputs, four neurons' states and the 3-D trajectory of each solution)
//! and Fig. 23 (loss curves with the oblique network's noise-free loss, `|dW|`, spectra
//! with the circle of radius g).

use super::compute::{SineRun, SHOWN_NEURONS};
use super::setup::name;
use crate::plot::common::range_of;
use crate::plot::panel::{footer_height, Axis, Dash, Element, LegendPos, Line, Panel, PanelFigure};
use crate::plot::style::colors;
use crate::plot::view3d::{Arrow3, Curve3, MixedFigure, View3d};
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

/// The trajectory of one solution in 3-D on [PC1, PC2, w_out,perp] (equal axes), with the
/// `w_out` arrow scaled as published (N w_out for small output, sqrt(N) w_out for large):
/// the training window (t < 21) dark, the extrapolation light.
fn view(r: &SineRun, axis_names: bool) -> View3d {
    let mut v = View3d::new("");
    if axis_names {
        v = v.axes("PC 1", "PC 2", "w_{out,\u{22a5}}");
    }
    let c = color(r.scenario);
    let k_train = ((21.0 / DT) as usize).min(r.proj.len());
    v.curves.push(
        Curve3::new(r.proj[k_train..].to_vec(), c)
            .alpha(0.4)
            .width(3),
    );
    v.curves
        .push(Curve3::new(r.proj[..k_train].to_vec(), c).width(4).heads(1));
    let scale = if r.scenario == SineScenario::Aligned {
        "N"
    } else {
        "\u{221a}N"
    };
    v.arrows.push(Arrow3 {
        from: [0.0; 3],
        to: r.w_arrow,
        color: RGBColor(0, 0, 0),
        label: Some(format!("{scale} w_{{out}}")),
    });
    v
}

/// Fig. 9: per solution (a column each, as the published rows), the outputs, four neurons'
/// states, and the trajectory in 3-D on [PC1, PC2, w_out,perp] with the scaled `w_out`.
pub fn fig9(runs: &[SineRun], footer: &str) -> MixedFigure {
    let mut panels = Vec::new();
    let letters = ["A", "B", "C", "D"];
    for (i, r) in runs.iter().enumerate() {
        panels.push(Some(output_panel(r, letters[i % 4])));
    }
    for r in runs {
        panels.push(Some(neuron_panel(r)));
    }
    let cols = runs.len().max(1) as u32;
    let w = 600u32;
    let size = (w * cols, 1600u32);
    let base = PanelFigure::grid(size, FONT_PX, &vec![1.0; cols as usize], 3, panels);
    let mut fig = MixedFigure::new(size, FONT_PX);
    fig.base = base;
    fig.base.footer = Some(footer.to_string());
    let row = (size.1 - footer_height(FONT_PX)) / 3;
    for (i, r) in runs.iter().enumerate() {
        let cell = (i as u32 * w, 2 * row, w, row);
        fig.views.push((cell, view(r, i == 0)));
    }
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

/// The half width of every spectrum panel: 5% beyond the largest |Re| or |Im| of any
/// run's eigenvalues, at least 1.68, so that the four panels share their axes, as published.
fn spectrum_limit(runs: &[SineRun]) -> f64 {
    runs.iter()
        .flat_map(|r| &r.eig)
        .fold(1.6f64, |m, e| m.max(e.0.abs()).max(e.1.abs()))
        * 1.05
}

fn spectrum_panel(r: &SineRun, letter: &str, lim: f64) -> Panel {
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
    let lim = spectrum_limit(runs);
    for (i, r) in runs.iter().enumerate() {
        panels.push(Some(spectrum_panel(r, if i == 0 { "C" } else { "" }, lim)));
    }
    let mut fig = PanelFigure::grid((2200, 1100), FONT_PX, &[1.0, 1.0, 1.0, 1.0], 2, panels);
    fig.footer = Some(footer.to_string());
    fig
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_spectra_share_one_limit_beyond_every_eigenvalue() {
        let mut a = SineRun::blank(SineScenario::Aligned, 1);
        let mut b = SineRun::blank(SineScenario::Oblique, 1);
        a.eig = vec![(1.7, 1.1), (-0.5, -1.2)];
        b.eig = vec![(-2.4, 0.0), (2.2, -1.3)];
        // 5% beyond |Re| = 2.4 of the oblique run, in both panels
        assert!((spectrum_limit(&[a.clone(), b.clone()]) - 2.52).abs() < 1e-12);
        let f = fig23(&[a, b], "");
        let spectra: Vec<_> = f.cells.iter().filter(|c| c.1.title.is_some()).collect();
        assert_eq!(spectra.len(), 2);
        for c in spectra {
            assert_eq!((c.1.x.min, c.1.x.max), (-2.52, 2.52));
            assert_eq!((c.1.y.min, c.1.y.max), (-2.52, 2.52));
        }
        // no eigenvalue beyond 1.6: the unit-circle view, 1.68
        assert!((spectrum_limit(&[SineRun::blank(SineScenario::Lazy, 1)]) - 1.68).abs() < 1e-12);
    }

    #[test]
    fn the_view_splits_at_the_training_window_and_scales_the_arrow_as_published() {
        // t < 21 is the first 105 samples at dt = 0.2: drawn dark, after the light rest
        let v = view(&SineRun::blank(SineScenario::Aligned, 300), true);
        assert_eq!(
            (v.curves[0].points.len(), v.curves[1].points.len()),
            (195, 105)
        );
        assert_eq!(v.curves[0].points[0], [105.0, 0.0, 0.0]);
        assert!(v.curves[0].alpha < 1.0 && v.curves[1].alpha == 1.0);
        assert_eq!(v.arrows[0].to, [1.0, 2.0, 3.0]);
        assert_eq!(v.arrows[0].label.as_deref(), Some("N w_{out}"));
        assert_eq!(v.axes[2], "w_{out,\u{22a5}}");
        // a run shorter than the window is all dark; large output: sqrt(N)
        let v = view(&SineRun::blank(SineScenario::Oblique, 50), false);
        assert!(v.curves[0].points.is_empty() && v.curves[1].points.len() == 50);
        assert_eq!(v.arrows[0].label.as_deref(), Some("\u{221a}N w_{out}"));
        assert_eq!(v.axes[0], "");
    }
}
