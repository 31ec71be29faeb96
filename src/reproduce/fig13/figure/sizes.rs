//! Panels D-F of Figs. 13 and 28, one column per snapshot: L_var (linear), |kappa_bar| and
//! rho (log-log) against N, trained (mean with its noise) against the stationary and
//! finite-time theory, with the scalings N^0, N^-1/4 and N^-1/2 for orientation.

use super::{Predicted, SizePoint, Snapshot, Stat, KAPPA, LVAR, RHO};
use crate::plot::common::{darken, lighten};
use crate::plot::panel::{Axis, Dash, Element, LegendPos, Line, Panel};
use plotters::style::RGBColor;

/// Shared y ranges of the right-hand panels.
pub(super) struct Ranges {
    pub l_var: f64,
    pub kappa: (f64, f64),
    pub rho: (f64, f64),
    pub guides_on_first_only: bool,
}

/// A log range around the positive values, at least a factor 4 wide.
pub(super) fn log_range(v: &[f64]) -> (f64, f64) {
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

/// One snapshot's column: sizes, x axis and whether it carries the y labels.
struct Column<'a> {
    s: &'a Snapshot,
    ns: Vec<f64>,
    x: Axis,
    with_y: bool,
}

impl Column<'_> {
    fn trained(&self, f: &dyn Fn(&SizePoint) -> Stat) -> (Vec<f64>, Vec<f64>) {
        let m = self.s.points.iter().map(|p| f(p).mean).collect();
        (m, self.s.points.iter().map(|p| f(p).sd).collect())
    }
    /// The stationary theory (`finite = false`) or the finite-time theory.
    fn theory(&self, f: &dyn Fn(&Predicted) -> f64, finite: bool) -> Vec<f64> {
        let pick = |p: &SizePoint| if finite { p.finite_time } else { p.predicted };
        self.s
            .points
            .iter()
            .map(|p| pick(p).as_ref().map(f).unwrap_or(f64::NAN))
            .collect()
    }
    fn y(&self, a: Axis) -> Axis {
        if self.with_y {
            a
        } else {
            Axis {
                tick_labels: false,
                label: String::new(),
                ..a
            }
        }
    }
    /// A line with a marker at every size.
    fn line_dots(&self, p: &mut Panel, v: &[f64], line: Line, radius: u32) {
        let color = line.color;
        p.line(line);
        p.push(Element::Dots {
            points: self.ns.iter().copied().zip(v.iter().copied()).collect(),
            color,
            alpha: 1.0,
            radius,
            label: None,
        });
    }
    /// The finite-time theory: a dark dotted line with small markers (named in a legend
    /// when `named`).
    fn finite_time(&self, p: &mut Panel, v: &[f64], col: RGBColor, named: bool) {
        if v.iter().any(|x| x.is_finite()) {
            let line = Line::xy(&self.ns, v, darken(col, 0.35))
                .dash(Dash::Dotted)
                .width(3);
            let line = if named {
                line.label("theory (finite time)")
            } else {
                line
            };
            self.line_dots(p, v, line, 3);
        }
    }
}

/// Guides c N^p anchored at the first predicted (else trained) value, named (once, in E) in a legend
/// at the lower left (the data fall to the right) when `named`.
fn guides(p: &mut Panel, ns: &[f64], anchor: f64, named: bool) {
    let (n0, n1) = (ns[0], *ns.last().unwrap_or(&ns[0]));
    for (pow, dash, name) in [
        (0.0, Dash::DashDot, "N^{0}"),
        (-0.25, Dash::Dashed, "N^{\u{2212}1/4}"),
        (-0.5, Dash::Dotted, "N^{\u{2212}1/2}"),
    ] {
        let f = |n: f64| anchor * (n / n0).powf(pow);
        let line = Line::new(vec![(n0, f(n0)), (n1, f(n1))], RGBColor(195, 195, 195))
            .dash(dash)
            .width(3);
        p.line(if named { line.label(name) } else { line });
    }
    if named {
        p.legend(LegendPos::LowerLeft, 1).keep_legend_clear();
    }
}

/// The room of the guides' legend, for the panels beside the one that draws it.
fn guides_room(p: &mut Panel) {
    p.reserve_legend_room(LegendPos::LowerLeft, 3);
}

/// D: L_var against N, linear; the first column holds the legend of the line styles.
fn lvar_panel(c: &Column, letter: &str, top: f64, title: Option<String>) -> Panel {
    let (lv, sd) = c.trained(&|p| p.l_var);
    let y = c.y(Axis::linear("L_{var}", 0.0, top));
    let mut d = Panel::new(letter, c.x.clone().hide_labels(), y);
    if let Some(t) = title {
        d.title(&t);
    }
    d.push(Element::Band {
        x: c.ns.clone(),
        lo: lv.iter().zip(&sd).map(|(m, s)| m - s).collect(),
        hi: lv.iter().zip(&sd).map(|(m, s)| m + s).collect(),
        color: LVAR,
        alpha: 0.18,
        label: None,
    });
    c.line_dots(&mut d, &lv, Line::xy(&c.ns, &lv, LVAR).label("trained"), 5);
    let lvt = c.theory(&|p| p.l_var, false);
    let theory = Line::xy(&c.ns, &lvt, lighten(LVAR, 0.45)).dash(Dash::Dashed);
    c.line_dots(&mut d, &lvt, theory.label("theory (stationary)"), 5);
    c.finite_time(&mut d, &c.theory(&|p| p.l_var, true), LVAR, true);
    // one legend (first column) for the line styles of D-F, above the data; the other
    // columns keep the same room, so the row shares one y scale
    if c.with_y {
        d.legend(LegendPos::UpperLeft, 1).keep_legend_clear();
    } else {
        let rows = d.legend_rows();
        d.reserve_legend_room(LegendPos::UpperLeft, rows);
    }
    d
}

/// What a log-log panel shows.
struct Quantity<'a> {
    letter: &'a str,
    name: &'a str,
    color: RGBColor,
    trained: &'a dyn Fn(&SizePoint) -> Stat,
    theory: &'a dyn Fn(&Predicted) -> f64,
    range: (f64, f64),
}

/// E or F: a quantity against N on log-log axes, with the scaling guides.
fn loglog_panel(c: &Column, q: &Quantity, x_labels: bool, named_guides: bool) -> Panel {
    let (m, sd) = c.trained(q.trained);
    let t = c.theory(q.theory, false);
    let x = if x_labels {
        c.x.clone()
    } else {
        c.x.clone().hide_labels()
    };
    let y = c.y(Axis::log10(q.name, q.range.0, q.range.1));
    let mut p = Panel::new(q.letter, x, y);
    let first = t.first().copied().filter(|v| v.is_finite());
    let anchor = first.or(m.first().copied()).unwrap_or(1.0);
    guides(&mut p, &c.ns, anchor, named_guides);
    p.push(Element::ErrorBars {
        bars: (0..c.ns.len())
            .map(|i| (c.ns[i], m[i] - sd[i], m[i] + sd[i]))
            .collect(),
        color: q.color,
    });
    c.line_dots(&mut p, &m, Line::xy(&c.ns, &m, q.color), 5);
    let tc = lighten(q.color, 0.45);
    c.line_dots(&mut p, &t, Line::xy(&c.ns, &t, tc).dash(Dash::Dashed), 5);
    // the line styles are named once, in D's legend
    c.finite_time(&mut p, &c.theory(q.theory, true), q.color, false);
    p
}

/// Panels D-F of one snapshot (`letters` empty but for the first column).
pub(super) fn size_panels(
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
    let x = Axis::log2("Network size N", nlo / 1.15, nhi * 1.15).ticks(&ns);
    let c = Column { s, ns, x, with_y };
    let named = with_y || !ranges.guides_on_first_only;

    let kappa = Quantity {
        letter: letters[1],
        name: "\u{2016}~{\u{3ba}}\u{2016}",
        color: KAPPA,
        trained: &|p: &SizePoint| p.kappa_norm,
        theory: &|p: &Predicted| p.kappa_norm,
        range: ranges.kappa,
    };
    let rho = Quantity {
        letter: letters[2],
        name: "\u{3c1}",
        color: RHO,
        trained: &|p: &SizePoint| p.rho,
        theory: &|p: &Predicted| p.rho,
        range: ranges.rho,
    };
    let mut e = loglog_panel(&c, &kappa, false, named);
    if !named {
        guides_room(&mut e);
    }
    vec![
        lvar_panel(&c, letters[0], ranges.l_var, title),
        e,
        loglog_panel(&c, &rho, true, false),
    ]
}
