//! Fig. 10 of the eLife article: learning of a noisy linear network with large output
//! weights, fast bias phase (left, learning rate eta0/N, time shifted to end at 0) and slow
//! variance phase (right, eta0). Rows: A losses, B coefficients M of dW in the
//! (w_out, w_in) basis, C |delta x_bar|. Simulation solid and light, the paper's theory
//! dashed and dark, the SGD moment theory (Euler map at the simulation's dt, finite batch) dotted and darker.

use crate::plot::common::{darken, lighten, quantile_top, range_of, FONT_PX, SIZE};
use crate::plot::panel::{Axis, Dash, Element, LegendPos, Line, Panel, PanelFigure};
use crate::plot::style::colors;
use crate::reproduce::curves::Curves;
use plotters::style::RGBColor;

/// Everything Fig. 10 shows.
#[derive(Debug, Clone)]
pub struct Fig10Data {
    /// number of fast-phase steps (the fast column's time axis runs from -fast_steps to 0)
    pub fast_steps: usize,
    /// theory, fast phase
    pub theory_fast: Curves,
    /// theory, slow phase
    pub theory_slow: Curves,
    /// the SGD moment theory (Euler map at the simulation's dt, the training's batch), fast phase (None when not available)
    pub sgd_fast: Option<Curves>,
    /// the SGD moment theory, slow phase
    pub sgd_slow: Option<Curves>,
    /// simulation, fast phase (None when not available)
    pub sim_fast: Option<Curves>,
    /// simulation, slow phase
    pub sim_slow: Option<Curves>,
    /// footer text (set-up, quick mode)
    pub footer: String,
}

const M_COLORS: [RGBColor; 4] = [colors::BLUE, colors::ORANGE, colors::GREEN, colors::RED];
const M_NAMES: [&str; 4] = ["M_{11}", "M_{12}", "M_{21}", "M_{22}"];

fn shift(c: &Curves, by: f64) -> Vec<f64> {
    c.tau.iter().map(|t| t - by).collect()
}

fn sim_line(x: &[f64], y: &[f64], c: RGBColor) -> Line {
    Line::xy(x, y, lighten(c, 0.35)).alpha(0.75).width(2)
}

fn theory_line(x: &[f64], y: &[f64], c: RGBColor) -> Line {
    Line::xy(x, y, darken(c, 0.2)).dash(Dash::Dashed).width(3)
}

fn euler_line(x: &[f64], y: &[f64], c: RGBColor) -> Line {
    Line::xy(x, y, darken(c, 0.45)).dash(Dash::Dotted).width(3)
}

/// One column (learning phase): the theory, the simulation and the SGD moment theory, each
/// with its learning times, and the x axis.
struct Phase<'a> {
    col: usize,
    theory: &'a Curves,
    x_th: Vec<f64>,
    sim: Option<(&'a Curves, Vec<f64>)>,
    euler: Option<(&'a Curves, Vec<f64>)>,
    x: Axis,
}

impl Phase<'_> {
    /// Simulation, theory and SGD theory of the quantity `pick` (one curve per entry).
    fn lines(&self, p: &mut Panel, pick: impl Fn(&Curves) -> Vec<&[f64]>, colors: &[RGBColor]) {
        if let Some((s, x)) = &self.sim {
            for (v, c) in pick(s).into_iter().zip(colors) {
                p.line(sim_line(x, v, *c));
            }
        }
        for (v, c) in pick(self.theory).into_iter().zip(colors) {
            if !v.is_empty() {
                p.line(theory_line(&self.x_th, v, *c));
            }
        }
        if let Some((e, x)) = &self.euler {
            for (v, c) in pick(e).into_iter().zip(colors) {
                p.line(euler_line(x, v, *c));
            }
        }
    }
    /// The panel letter (left column only) and the y label (left column only).
    fn letter<'b>(&self, letter: &'b str) -> &'b str {
        if self.col == 0 {
            letter
        } else {
            ""
        }
    }
    fn ylabel<'b>(&self, label: &'b str) -> &'b str {
        self.letter(label)
    }
}

const LOSS_COLORS: [RGBColor; 3] = [colors::BLUE, colors::ORANGE, colors::GREEN];

/// A: the losses, with the legend of line styles and losses in the right column.
fn loss_panel(ph: &Phase, top: f64) -> Panel {
    let y = Axis::linear(ph.ylabel("Loss"), 0.0, top);
    let mut p = Panel::new(ph.letter("A"), ph.x.clone().hide_labels(), y);
    p.title(if ph.col == 0 {
        "Fast learning, \u{3b7} = \u{3b7}_{0}/N"
    } else {
        "Slow later learning, \u{3b7} = \u{3b7}_{0}"
    });
    ph.lines(&mut p, |c| vec![&c.l, &c.l_bias, &c.l_var], &LOSS_COLORS);
    if ph.col == 1 {
        p.line(Line::new(vec![], colors::GREY).label("Sim."));
        let theory = Line::new(vec![], colors::GREY).dash(Dash::Dashed);
        p.line(theory.label("Theory"));
        if ph.euler.is_some() {
            let sgd = Line::new(vec![], darken(colors::GREY, 0.3)).dash(Dash::Dotted);
            p.line(sgd.label("SGD theory"));
        }
        for (k, name) in ["L", "L_{bias}", "L_{var}"].iter().enumerate() {
            p.line(Line::new(vec![], lighten(LOSS_COLORS[k], 0.2)).label(name));
        }
        p.legend(LegendPos::UpperRight, 2);
    }
    p
}

/// B: the coefficients. The fast phase gets its own (zoomed) range: M12 = b/sqrt(N) is
/// small.
fn coeff_panel(ph: &Phase) -> Panel {
    let mut data: Vec<&[f64]> = ph.theory.m.iter().map(|v| v.as_slice()).collect();
    if let Some((s, _)) = &ph.sim {
        data.extend(s.m.iter().map(|v| v.as_slice()));
    }
    let (lo, hi) = range_of(&data, 0.08);
    let label = if ph.col == 0 {
        "Coeffs (fast phase, zoomed)"
    } else {
        "Coeffs"
    };
    let y = Axis::linear(label, lo.min(-0.02), hi.max(0.02));
    let mut p = Panel::new(ph.letter("B"), ph.x.clone().hide_labels(), y);
    p.push(Element::HLine {
        y: 0.0,
        line: Line::new(vec![], colors::GREY).width(2),
    });
    ph.lines(
        &mut p,
        |c| c.m.iter().map(|v| v.as_slice()).collect(),
        &M_COLORS,
    );
    if ph.col == 1 {
        for k in 0..4 {
            p.line(Line::new(vec![], lighten(M_COLORS[k], 0.2)).label(M_NAMES[k]));
        }
        p.legend(LegendPos::CenterRight, 2);
    }
    p
}

/// C: |delta x_bar|.
fn dx_panel(ph: &Phase, top: f64) -> Panel {
    let y = Axis::linear(ph.ylabel("\u{2016}\u{394}~{x}\u{2016}"), 0.0, top);
    let mut p = Panel::new(ph.letter("C"), ph.x.clone(), y);
    ph.lines(&mut p, |c| vec![&c.dx_norm], &[colors::BLUE]);
    p
}

impl Fig10Data {
    /// The two phases: fast (time shifted to end at 0) and slow.
    fn phases(&self) -> [Phase<'_>; 2] {
        let fast = self.fast_steps as f64;
        let slow_end = self.theory_slow.tau.last().copied().unwrap_or(1.0);
        let label = "Learning time \u{3c4}";
        let keep = |c: &Curves| c.tau.clone();
        [
            Phase {
                col: 0,
                theory: &self.theory_fast,
                x_th: shift(&self.theory_fast, fast),
                sim: self.sim_fast.as_ref().map(|s| (s, shift(s, fast))),
                euler: self.sgd_fast.as_ref().map(|e| (e, shift(e, fast))),
                x: Axis::linear(label, -fast, 0.0),
            },
            Phase {
                col: 1,
                theory: &self.theory_slow,
                x_th: keep(&self.theory_slow),
                sim: self.sim_slow.as_ref().map(|s| (s, keep(s))),
                euler: self.sgd_slow.as_ref().map(|e| (e, keep(e))),
                x: Axis::linear(label, 0.0, slow_end),
            },
        ]
    }

    /// The figure.
    pub fn figure(&self) -> PanelFigure {
        let (tf, ts) = (&self.theory_fast, &self.theory_slow);
        // A: common y range from the robust top of both phases
        let mut loss_data: Vec<&[f64]> = vec![&tf.l, &ts.l, &tf.l_var, &ts.l_var];
        if let Some(s) = &self.sim_fast {
            loss_data.push(&s.l);
        }
        let loss_top = quantile_top(&loss_data, 0.995, 0.1);
        let mut dx: Vec<&[f64]> = vec![&tf.dx_norm, &ts.dx_norm];
        if let Some(s) = &self.sim_slow {
            dx.push(&s.dx_norm);
        }
        let dx_top = quantile_top(&dx, 0.999, 0.12);
        let phases = self.phases();
        let mut panels = Vec::new();
        panels.extend(phases.iter().map(|ph| Some(loss_panel(ph, loss_top))));
        panels.extend(phases.iter().map(|ph| Some(coeff_panel(ph))));
        panels.extend(phases.iter().map(|ph| Some(dx_panel(ph, dx_top))));
        let mut fig = PanelFigure::grid(SIZE, FONT_PX, &[1.0, 1.25], 3, panels);
        fig.footer = Some(self.footer.clone());
        fig
    }
}
