//! Drawing Fig. 2: per network, the trajectories on [PC1, PC2] and [PC1, w_out,perp] and
//! the outputs reconstructed from 2 and 8 PCs.

use super::compute::CyclingRun;
use crate::plot::common::range_of;
use crate::plot::panel::{Axis, Dash, Element, LegendPos, Line, Panel, PanelFigure};
use crate::plot::style::colors;
use oblique_validate::rnn::init::OutputScale;
use oblique_validate::rnn::tasks::DT;
use plotters::style::RGBColor;

fn label(s: OutputScale) -> &'static str {
    match s {
        OutputScale::Small => "aligned (small output)",
        OutputScale::Large => "oblique (large output)",
    }
}

const CONTEXT: [RGBColor; 2] = [RGBColor(20, 50, 110), RGBColor(200, 90, 20)];

fn projection(r: &CyclingRun, letter: &str, second: usize) -> Panel {
    let xs: Vec<f64> = r.proj.iter().flat_map(|t| t.iter().map(|p| p[0])).collect();
    let ys: Vec<f64> = r
        .proj
        .iter()
        .flat_map(|t| t.iter().map(|p| p[second]))
        .collect();
    let (xl, xh) = range_of(&[&xs, &[0.0, r.w_arrow[0]]], 0.08);
    let (yl, yh) = range_of(&[&ys, &[0.0, r.w_arrow[second]]], 0.08);
    let yname = if second == 1 {
        "PC2"
    } else {
        "w_{out,\u{22a5}}"
    };
    let mut p = Panel::new(
        letter,
        Axis::linear("PC1", xl, xh),
        Axis::linear(yname, yl, yh),
    );
    if second == 1 {
        p.title(label(r.scale));
    }
    for (b, t) in r.proj.iter().enumerate() {
        p.line(
            Line::new(t.iter().map(|q| (q[0], q[second])).collect(), CONTEXT[b])
                .width(1)
                .alpha(0.8),
        );
    }
    p.push(Element::Arrow {
        from: (0.0, 0.0),
        to: (r.w_arrow[0], r.w_arrow[second]),
        color: RGBColor(0, 0, 0),
    });
    p
}

fn fits(r: &CyclingRun, letter: &str, k: usize) -> Panel {
    let t_end = 30.0;
    let mut p = Panel::new(
        letter,
        Axis::linear("time", 0.0, t_end),
        Axis::linear("z_1", -1.8, 1.8),
    );
    p.title(&format!(
        "fit from {k} PCs, R^2 = {:.3}",
        r.r2.get(k - 1).copied().unwrap_or(f64::NAN)
    ));
    for f in &r.fits {
        let n = ((t_end / DT) as usize).min(f.z.len());
        let t: Vec<f64> = (0..n).map(|i| i as f64 * DT).collect();
        let z: Vec<f64> = f.z[..n].iter().map(|v| v[0]).collect();
        let fit = if k == 2 { &f.z2 } else { &f.z8 };
        let zf: Vec<f64> = fit[..n].iter().map(|v| v[0]).collect();
        let mut out = Line::xy(&t, &z, colors::GREY).width(3);
        let mut fitted = Line::xy(&t, &zf, CONTEXT[f.trial % 2])
            .dash(Dash::Dashed)
            .width(2);
        if f.trial == 0 {
            out = out.label("output");
            fitted = fitted.label("fit");
        }
        p.line(out);
        p.line(fitted);
    }
    p.legend(LegendPos::LowerLeft, 2);
    p
}

/// Fig. 2: one column per network.
pub fn figure(runs: &[CyclingRun], footer: &str) -> PanelFigure {
    let mut panels = Vec::new();
    for (row, second) in [(0, 1usize), (1, 2)] {
        for (i, r) in runs.iter().enumerate() {
            let letter = if i == 0 { ["A", "B"][row] } else { "" };
            panels.push(Some(projection(r, letter, second)));
        }
    }
    for (row, k) in [(2, 2usize), (3, 8)] {
        for (i, r) in runs.iter().enumerate() {
            let letter = if i == 0 { ["", "", "C", "D"][row] } else { "" };
            panels.push(Some(fits(r, letter, k)));
        }
    }
    let cols = runs.len().max(1);
    let mut fig = PanelFigure::grid((800 * cols as u32, 1900), 22.0, &vec![1.0; cols], 4, panels);
    fig.footer = Some(footer.to_string());
    fig
}
