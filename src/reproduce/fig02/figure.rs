//! Drawing Fig. 2 as published: one row per network (w_out small = aligned, w_out large =
//! oblique), each with a 3-D view of the noise-free trajectories of both contexts on
//! [PC1, PC2, w_out,perp] with the scaled `w_out` arrow, and the "Fitted output" panels of
//! the two contexts: the output plane (z1 against z2) with the target circle and the
//! readouts from 2 PCs (solid) and 8 PCs (dotted).

use super::compute::{CleanTrace, CyclingRun, FIT_PCS};
use super::data::context;
use crate::plot::common::lighten;
use crate::plot::panel::{footer_height, Axis, Dash, Element, LegendPos, Line, Panel};
use crate::plot::style::colors;
use crate::plot::view3d::{Arrow3, Curve3, FreeText, MixedFigure, View3d};
use oblique_validate::rnn::init::OutputScale;
use plotters::style::RGBColor;

/// Context colours of the published figures (A purple, B green).
pub const CONTEXT: [RGBColor; 2] = [RGBColor(94, 50, 110), RGBColor(70, 150, 20)];
/// Colour of the `w_out` arrow.
const ARROW: RGBColor = RGBColor(170, 10, 10);
/// Half-width of the output-plane axes.
const PLANE: f64 = 1.55;
const FONT: f64 = 26.0;

fn row_label(s: OutputScale) -> &'static str {
    match s {
        OutputScale::Small => "w_{out} small",
        OutputScale::Large => "w_{out} large",
    }
}

/// The factor as a short number ("500", "0.2").
fn factor_text(f: f64) -> String {
    if f >= 1.0 {
        format!("{f:.0}")
    } else {
        format!("{f}")
    }
}

/// The 3-D view of one network.
pub fn view(r: &CyclingRun, axis_names: bool) -> View3d {
    let mut v = View3d::new("");
    if axis_names {
        v = v.axes("PC 1", "PC 2", "w_{out,\u{22a5}}");
    }
    v.title = Some(format!(
        "R^{{2}} = {:.3} (2 PCs), {:.3} (8 PCs)",
        r.r2.get(1).copied().unwrap_or(f64::NAN),
        r.r2.get(7).copied().unwrap_or(f64::NAN)
    ));
    for c in &r.clean {
        let color = CONTEXT[c.context % 2];
        v.curves
            .push(Curve3::new(c.xyz.clone(), color).width(4).heads(2));
    }
    let f = r.w_factor;
    v.arrows.push(Arrow3 {
        from: [0.0; 3],
        to: [f * r.w_arrow[0], f * r.w_arrow[1], f * r.w_arrow[2]],
        color: ARROW,
        label: Some(format!("{} w_{{out}}", factor_text(f))),
    });
    v
}

/// Direction marks along a planar curve: short arrows ending at two points.
fn marks(p: &mut Panel, pts: &[(f64, f64)], color: RGBColor) {
    let n = pts.len();
    if n < 8 {
        return;
    }
    for q in [n / 4, 3 * n / 4] {
        p.push(Element::Arrow {
            from: pts[q - 3],
            to: pts[q],
            color,
        });
    }
}

/// The output-plane panel of one context.
pub fn plane(c: &CleanTrace, bottom: bool, legend: bool) -> Panel {
    let ticks = [-1.0, 0.0, 1.0];
    let mut x = Axis::linear("", -PLANE, PLANE).ticks(&ticks).hide_labels();
    if bottom {
        x.label = format!("Cxt {}", context(c.context));
    }
    let y = Axis::linear("", -PLANE, PLANE).ticks(&ticks).hide_labels();
    let mut p = Panel::new("", x, y);
    let color = CONTEXT[c.context % 2];
    p.push(Element::Band {
        x: vec![-PLANE, PLANE],
        lo: vec![-PLANE; 2],
        hi: vec![PLANE; 2],
        color,
        alpha: 0.18,
        label: None,
    });
    let target: Vec<(f64, f64)> = c.target.iter().map(|z| (z[0], z[1])).collect();
    p.line(Line::new(target, colors::GREY).width(2));
    for (k, fit) in FIT_PCS.iter().zip([&c.z2, &c.z8]) {
        let pts: Vec<(f64, f64)> = fit.iter().map(|z| (z[0], z[1])).collect();
        let (shade, dash) = if *k == FIT_PCS[0] {
            (lighten(color, 0.35), Dash::Solid)
        } else {
            (color, Dash::Dotted)
        };
        p.line(Line::new(pts.clone(), shade).width(5).dash(dash));
        marks(&mut p, &pts, shade);
    }
    if legend {
        p.line(
            Line::new(vec![], colors::GREY)
                .width(5)
                .label("D_{fit} = 2"),
        );
        p.line(
            Line::new(vec![], colors::GREY)
                .width(5)
                .dash(Dash::Dotted)
                .label("D_{fit} = 8"),
        );
        p.legend(LegendPos::LowerRight, 1);
    }
    p
}

/// Fig. 2: one row per network.
pub fn figure(runs: &[CyclingRun], footer: &str) -> MixedFigure {
    let size = (2200u32, 1500u32);
    let mut fig = MixedFigure::new(size, FONT);
    fig.base.footer = Some(footer.to_string());
    let top = 80u32;
    let rows = runs.len().max(1) as u32;
    let rh = (size.1 - footer_height(FONT) - top) / rows;
    let (label_w, view_w, plane_w) = (90u32, 860u32, 620u32);
    let x_plane = label_w + view_w + 20;
    fig.texts.push(FreeText::centred(
        (x_plane + plane_w, top / 2),
        "Fitted output",
    ));
    for (i, r) in runs.iter().enumerate() {
        let y = top + i as u32 * rh;
        let last = i + 1 == runs.len();
        fig.texts
            .push(FreeText::centred((label_w / 2, y + rh / 2), row_label(r.scale)).rotated());
        fig.views.push(((label_w, y, view_w, rh), view(r, last)));
        // square axes: the panel's margins (no tick labels) are 2.2 + 1.6 font sizes
        // across, 0.8 above and 0.6 (+ 1.4 with the x label) below
        let side = plane_w as f64 - 3.8 * FONT;
        let h = (side + (0.8 + 0.6 + if last { 1.4 } else { 0.0 }) * FONT) as u32;
        let pad = rh.saturating_sub((side + 2.8 * FONT) as u32) / 2;
        for c in &r.clean {
            let x = x_plane + c.context as u32 * plane_w;
            let legend = last && c.context == 1;
            let cell = (x, y + pad, plane_w, h.min(rh));
            fig.base.cells.push((cell, plane(c, last, legend)));
        }
    }
    fig
}
