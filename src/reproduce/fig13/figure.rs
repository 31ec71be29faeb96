//! Figs. 13 and 28 of the eLife article (same layout): training of the rank-two M.
//! Left: one example network, A losses, B the entries of M with lambda+min, C |kappa_bar|
//! and rho over learning time. Right, one column per snapshot time: D L_var, E |kappa_bar|
//! and F rho against N (log-log), trained against the theory's optimum at the trained
//! lambda-, with the scalings N^0, N^-1/4 and N^-1/2 for orientation.

use crate::plot::common::{darken, lighten, quantile_top, range_of, FONT_PX, SIZE};
use crate::plot::panel::{Axis, Dash, Element, LegendPos, Line, Panel, PanelFigure};
use crate::plot::rich_text::Align;
use crate::plot::style::colors;
use crate::reproduce::curves::Curves;
use plotters::style::RGBColor;

/// A measured quantity: mean and its noise (standard deviation over the averaging window).
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct Stat {
    /// mean
    pub mean: f64,
    /// standard deviation
    pub sd: f64,
}

/// The theory's optimum at a trained lambda-.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct Predicted {
    /// lambda+ minimising L_var
    pub lambda_plus: f64,
    /// |kappa_bar| there
    pub kappa_norm: f64,
    /// rho there
    pub rho: f64,
    /// L_var there
    pub l_var: f64,
}

/// Trained and predicted values for one N at one snapshot.
#[derive(Debug, Clone)]
pub struct SizePoint {
    /// network size
    pub n: usize,
    /// trained L_var
    pub l_var: Stat,
    /// trained |kappa_bar|
    pub kappa_norm: Stat,
    /// trained rho
    pub rho: Stat,
    /// trained eigenvalues (lambda+, lambda-) of M (real parts)
    pub eigenvalues: (f64, f64),
    /// the prediction (None when the optimum does not exist, e.g. lambda- too large)
    pub predicted: Option<Predicted>,
    /// the finite-time theory of the pulse task (`oblique_theory::finite_time`)
    pub finite_time: Option<Predicted>,
}

/// All sizes at one learning time.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// learning step
    pub tau: usize,
    /// one entry per N
    pub points: Vec<SizePoint>,
}

/// Everything Fig. 13 (or 28) shows.
#[derive(Debug, Clone)]
pub struct Fig13Data {
    /// the network size of panels A-C
    pub example_n: usize,
    /// learning curves of the example network
    pub example: Option<Curves>,
    /// lambda+min of the noise level (dashed line in B)
    pub lambda_plus_min: f64,
    /// snapshots (one column each)
    pub snapshots: Vec<Snapshot>,
    /// footer text
    pub footer: String,
}

const M_COLORS: [RGBColor; 4] = [
    RGBColor(70, 110, 170),
    RGBColor(225, 130, 60),
    RGBColor(110, 180, 70),
    RGBColor(190, 50, 50),
];
const M_NAMES: [&str; 4] = ["M_{11}", "M_{12}", "M_{21}", "M_{22}"];
const LVAR: RGBColor = RGBColor(80, 40, 100);
const KAPPA: RGBColor = RGBColor(25, 60, 120);
const RHO: RGBColor = RGBColor(200, 80, 10);

fn example_panels(d: &Fig13Data) -> Vec<Panel> {
    let empty = Curves::default();
    let c = d.example.as_ref().unwrap_or(&empty);
    let tmax = c.tau.last().copied().unwrap_or(1.0);
    let x = |hide: bool| {
        let a = Axis::linear("Learning time \u{3c4}", 0.0, tmax);
        if hide {
            a.hide_labels()
        } else {
            a
        }
    };
    let top = quantile_top(&[&c.l, &c.l_var], 0.99, 0.1);
    let mut a = Panel::new("A", x(true), Axis::linear("Loss", 0.0, top));
    a.line(
        Line::xy(&c.tau, &c.l, RGBColor(175, 175, 175))
            .width(2)
            .label("L"),
    );
    a.line(
        Line::xy(&c.tau, &c.l_bias, RGBColor(200, 160, 0))
            .width(2)
            .label("L_{bias}"),
    );
    a.line(Line::xy(&c.tau, &c.l_var, LVAR).width(2).label("L_{var}"));
    a.title(&format!("Example network, N = {}", d.example_n));
    a.legend(LegendPos::UpperRight, 1);

    let mdata: Vec<&[f64]> = c.m.iter().map(|v| v.as_slice()).collect();
    let (lo, hi) = range_of(&mdata, 0.1);
    let (lo, hi) = (lo.min(-0.2), hi.max(d.lambda_plus_min * 1.1));
    let mut b = Panel::new("B", x(true), Axis::linear("Coeffs", lo, hi));
    for k in 0..4 {
        b.line(Line::xy(&c.tau, &c.m[k], M_COLORS[k]).label(M_NAMES[k]));
    }
    b.push(Element::HLine {
        y: d.lambda_plus_min,
        line: Line::new(vec![], colors::GREY)
            .dash(Dash::Dashed)
            .label("\u{3bb}_{+,min}"),
    });
    b.legend(LegendPos::LowerLeft, 3);

    let ctop = quantile_top(&[&c.kappa_norm, &c.rho], 0.995, 0.1);
    let mut cc = Panel::new("C", x(false), Axis::linear("Norm, corr", 0.0, ctop));
    cc.line(
        Line::xy(&c.tau, &c.kappa_norm, KAPPA)
            .width(2)
            .label("\u{2016}~{\u{3ba}}\u{2016}"),
    );
    cc.line(Line::xy(&c.tau, &c.rho, RHO).width(2).label("\u{3c1}"));
    cc.legend(LegendPos::CenterRight, 1);
    vec![a, b, cc]
}

/// Guides c N^p anchored at the first predicted (else trained) value.
fn guides(p: &mut Panel, ns: &[f64], anchor: f64, label_side: bool) {
    let (n0, n1) = (ns[0], *ns.last().unwrap_or(&ns[0]));
    for (pow, dash, name) in [
        (0.0, Dash::DashDot, "N^{0}"),
        (-0.25, Dash::Dashed, "N^{\u{2212}1/4}"),
        (-0.5, Dash::Dotted, "N^{\u{2212}1/2}"),
    ] {
        let f = |n: f64| anchor * (n / n0).powf(pow);
        p.line(
            Line::new(vec![(n0, f(n0)), (n1, f(n1))], RGBColor(195, 195, 195))
                .dash(dash)
                .width(3),
        );
        if label_side {
            p.push(Element::Text {
                at: (n1, f(n1) * if pow == 0.0 { 1.12 } else { 0.86 }),
                text: name.into(),
                color: RGBColor(90, 90, 90),
                align: Align::Right,
                scale: 0.9,
            });
        }
    }
}

fn size_panels(
    s: &Snapshot,
    letters: [&str; 3],
    with_y: bool,
    ranges: &Ranges,
    title: Option<String>,
) -> Vec<Panel> {
    let ns: Vec<f64> = s.points.iter().map(|p| p.n as f64).collect();
    let (nlo, nhi) = (
        ns.first().copied().unwrap_or(64.0),
        ns.last().copied().unwrap_or(1024.0),
    );
    let xa = Axis::log2("Network size N", nlo / 1.15, nhi * 1.15).ticks(&ns);
    let ylab = |s: &str| if with_y { s.to_string() } else { String::new() };
    let mk_y = |a: Axis| {
        if with_y {
            a
        } else {
            Axis {
                tick_labels: false,
                ..a
            }
        }
    };

    let mut panels = Vec::new();
    let tr = |f: &dyn Fn(&SizePoint) -> Stat| -> (Vec<f64>, Vec<f64>) {
        (
            s.points.iter().map(|p| f(p).mean).collect(),
            s.points.iter().map(|p| f(p).sd).collect(),
        )
    };
    let th = |f: &dyn Fn(&Predicted) -> f64| -> Vec<f64> {
        s.points
            .iter()
            .map(|p| p.predicted.as_ref().map(f).unwrap_or(f64::NAN))
            .collect()
    };
    let ft = |f: &dyn Fn(&Predicted) -> f64| -> Vec<f64> {
        s.points
            .iter()
            .map(|p| p.finite_time.as_ref().map(f).unwrap_or(f64::NAN))
            .collect()
    };
    // D: L_var, linear
    let (lv, lv_sd) = tr(&|p| p.l_var);
    let mut d = Panel::new(
        letters[0],
        xa.clone().hide_labels(),
        mk_y(Axis::linear(&ylab("L_{var}"), 0.0, ranges.l_var)),
    );
    if let Some(t) = title {
        d.title(&t);
    }
    d.push(Element::Band {
        x: ns.clone(),
        lo: lv.iter().zip(&lv_sd).map(|(m, s)| m - s).collect(),
        hi: lv.iter().zip(&lv_sd).map(|(m, s)| m + s).collect(),
        color: LVAR,
        alpha: 0.18,
        label: None,
    });
    d.line(Line::xy(&ns, &lv, LVAR).label("trained"));
    d.push(Element::Dots {
        points: ns.iter().copied().zip(lv.iter().copied()).collect(),
        color: LVAR,
        alpha: 1.0,
        radius: 5,
        label: None,
    });
    let lvt = th(&|p| p.l_var);
    d.line(
        Line::xy(&ns, &lvt, lighten(LVAR, 0.45))
            .dash(Dash::Dashed)
            .label("theory (stationary)"),
    );
    d.push(Element::Dots {
        points: ns.iter().copied().zip(lvt.iter().copied()).collect(),
        color: lighten(LVAR, 0.45),
        alpha: 1.0,
        radius: 5,
        label: None,
    });
    finite_time_line(&mut d, &ns, &ft(&|p| p.l_var), LVAR);
    // one legend (first column) for the line styles of D-F, where the data leave room for it
    let top = lv
        .iter()
        .zip(&lv_sd)
        .map(|(m, s)| m + s)
        .chain(lvt.iter().copied())
        .filter(|v| v.is_finite())
        .fold(0.0f64, f64::max);
    if with_y {
        d.legend(
            if top < 0.5 * ranges.l_var {
                LegendPos::UpperRight
            } else {
                LegendPos::LowerLeft
            },
            1,
        );
    }
    panels.push(d);

    // E, F: log-log
    for (k, (letter, name, col, get, getp, yr)) in [
        (
            letters[1],
            "\u{2016}~{\u{3ba}}\u{2016}",
            KAPPA,
            (&|p: &SizePoint| p.kappa_norm) as &dyn Fn(&SizePoint) -> Stat,
            (&|p: &Predicted| p.kappa_norm) as &dyn Fn(&Predicted) -> f64,
            ranges.kappa,
        ),
        (
            letters[2],
            "\u{3c1}",
            RHO,
            &|p: &SizePoint| p.rho,
            &|p: &Predicted| p.rho,
            ranges.rho,
        ),
    ]
    .into_iter()
    .enumerate()
    {
        let (m, sd) = tr(get);
        let t = th(getp);
        let x = if k == 1 {
            xa.clone()
        } else {
            xa.clone().hide_labels()
        };
        let mut p = Panel::new(letter, x, mk_y(Axis::log10(&ylab(name), yr.0, yr.1)));
        let anchor = t
            .first()
            .copied()
            .filter(|v| v.is_finite())
            .or(m.first().copied())
            .unwrap_or(1.0);
        guides(&mut p, &ns, anchor, with_y || !ranges.guides_on_first_only);
        p.push(Element::ErrorBars {
            bars: ns
                .iter()
                .enumerate()
                .map(|(i, n)| (*n, m[i] - sd[i], m[i] + sd[i]))
                .collect(),
            color: col,
        });
        p.line(Line::xy(&ns, &m, col).label("trained"));
        p.push(Element::Dots {
            points: ns.iter().copied().zip(m.iter().copied()).collect(),
            color: col,
            alpha: 1.0,
            radius: 5,
            label: None,
        });
        let tc = lighten(col, 0.45);
        p.line(
            Line::xy(&ns, &t, tc)
                .dash(Dash::Dashed)
                .label("theory (stationary)"),
        );
        p.push(Element::Dots {
            points: ns.iter().copied().zip(t.iter().copied()).collect(),
            color: tc,
            alpha: 1.0,
            radius: 5,
            label: None,
        });
        finite_time_line(&mut p, &ns, &ft(getp), col);
        panels.push(p);
    }
    panels
}

/// The finite-time theory: a dark dotted line with open markers.
fn finite_time_line(p: &mut Panel, ns: &[f64], v: &[f64], col: RGBColor) {
    if v.iter().all(|x| !x.is_finite()) {
        return;
    }
    let c = darken(col, 0.35);
    p.line(
        Line::xy(ns, v, c)
            .dash(Dash::Dotted)
            .width(3)
            .label("theory (finite time)"),
    );
    p.push(Element::Dots {
        points: ns.iter().copied().zip(v.iter().copied()).collect(),
        color: c,
        alpha: 1.0,
        radius: 3,
        label: None,
    });
}

/// Shared y ranges of the right-hand panels.
struct Ranges {
    l_var: f64,
    kappa: (f64, f64),
    rho: (f64, f64),
    guides_on_first_only: bool,
}

fn log_range(v: &[f64]) -> (f64, f64) {
    let pos: Vec<f64> = v
        .iter()
        .copied()
        .filter(|x| x.is_finite() && *x > 0.0)
        .collect();
    if pos.is_empty() {
        return (0.1, 1.0);
    }
    let lo = pos.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = pos.iter().copied().fold(0.0, f64::max);
    // at least a factor 4 around the data, so the scaling guides are distinguishable
    let (lo, hi) = (lo / 1.6, hi * 1.6);
    if hi / lo < 4.0 {
        let c = (lo * hi).sqrt();
        (c / 2.0, c * 2.0)
    } else {
        (lo, hi)
    }
}

impl Fig13Data {
    /// The figure.
    pub fn figure(&self) -> PanelFigure {
        let (w, h) = SIZE;
        let foot = (1.6 * FONT_PX) as u32;
        let hh = h - foot;
        let mut cells = Vec::new();
        let left_w = (w as f64 * 0.46) as u32;
        for (i, p) in example_panels(self).into_iter().enumerate() {
            cells.push(((0, i as u32 * hh / 3, left_w, hh / 3), p));
        }
        let mut all_lv = Vec::new();
        let mut all_k = Vec::new();
        let mut all_r = Vec::new();
        for s in &self.snapshots {
            for p in &s.points {
                all_lv.push(p.l_var.mean + p.l_var.sd);
                all_k.extend([
                    p.kappa_norm.mean,
                    p.kappa_norm.mean + p.kappa_norm.sd,
                    p.kappa_norm.mean - p.kappa_norm.sd,
                ]);
                all_r.extend([p.rho.mean, p.rho.mean + p.rho.sd, p.rho.mean - p.rho.sd]);
                for t in p.predicted.iter().chain(&p.finite_time) {
                    all_lv.push(t.l_var);
                    all_k.push(t.kappa_norm);
                    all_r.push(t.rho);
                }
            }
        }
        let ranges = Ranges {
            l_var: range_of(&[&all_lv], 0.0).1.max(0.1) * 1.35,
            kappa: log_range(&all_k),
            rho: log_range(&all_r),
            guides_on_first_only: true,
        };
        let ncol = self.snapshots.len().max(1) as u32;
        let col_w = (w - left_w) / ncol;
        for (j, s) in self.snapshots.iter().enumerate() {
            let letters = if j == 0 {
                ["D", "E", "F"]
            } else {
                ["", "", ""]
            };
            let title = (self.snapshots.len() > 1).then(|| format!("\u{3c4} = {}", s.tau));
            let x = left_w + j as u32 * col_w;
            for (i, p) in size_panels(s, letters, j == 0, &ranges, title)
                .into_iter()
                .enumerate()
            {
                cells.push(((x, i as u32 * hh / 3, col_w, hh / 3), p));
            }
        }
        PanelFigure {
            size: SIZE,
            font: FONT_PX,
            cells,
            footer: Some(self.footer.clone()),
        }
    }
}
