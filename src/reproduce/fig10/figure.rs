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

impl Fig10Data {
    /// The figure.
    pub fn figure(&self) -> PanelFigure {
        let fast = self.fast_steps as f64;
        let slow_end = self.theory_slow.tau.last().copied().unwrap_or(1.0);
        let xf = |hide: bool| {
            let a = Axis::linear("Learning time \u{3c4}", -fast, 0.0);
            if hide {
                a.hide_labels()
            } else {
                a
            }
        };
        let xs = |hide: bool| {
            let a = Axis::linear("Learning time \u{3c4}", 0.0, slow_end);
            if hide {
                a.hide_labels()
            } else {
                a
            }
        };
        let (tf, ts) = (&self.theory_fast, &self.theory_slow);
        let tfx = shift(tf, fast);
        let sfx = self.sim_fast.as_ref().map(|s| shift(s, fast));
        // the SGD moment theory per column, with its x values
        let eul: [Option<(&Curves, Vec<f64>)>; 2] = [
            self.sgd_fast.as_ref().map(|e| (e, shift(e, fast))),
            self.sgd_slow.as_ref().map(|e| (e, e.tau.clone())),
        ];

        // A: losses; common y range from the robust top of both phases
        let mut loss_data: Vec<&[f64]> = vec![&tf.l, &ts.l, &tf.l_var, &ts.l_var];
        if let Some(s) = &self.sim_fast {
            loss_data.push(&s.l);
        }
        let loss_top = quantile_top(&loss_data, 0.995, 0.1);
        let loss_colors = [colors::BLUE, colors::ORANGE, colors::GREEN];
        let mut panels = Vec::new();
        for (col, (theory, sim, x_th, x_sim)) in [
            (tf, self.sim_fast.as_ref(), tfx.clone(), sfx.clone()),
            (
                ts,
                self.sim_slow.as_ref(),
                ts.tau.clone(),
                self.sim_slow.as_ref().map(|s| s.tau.clone()),
            ),
        ]
        .into_iter()
        .enumerate()
        {
            let mut p = Panel::new(
                if col == 0 { "A" } else { "" },
                if col == 0 { xf(true) } else { xs(true) },
                Axis::linear(if col == 0 { "Loss" } else { "" }, 0.0, loss_top),
            );
            p.title(if col == 0 {
                "Fast learning, \u{3b7} = \u{3b7}_{0}/N"
            } else {
                "Slow later learning, \u{3b7} = \u{3b7}_{0}"
            });
            if let (Some(s), Some(xs_)) = (sim, &x_sim) {
                for (k, v) in [&s.l, &s.l_bias, &s.l_var].into_iter().enumerate() {
                    p.line(sim_line(xs_, v, loss_colors[k]));
                }
            }
            for (k, v) in [&theory.l, &theory.l_bias, &theory.l_var]
                .into_iter()
                .enumerate()
            {
                p.line(theory_line(&x_th, v, loss_colors[k]));
            }
            if let Some((e, x)) = &eul[col] {
                for (k, v) in [&e.l, &e.l_bias, &e.l_var].into_iter().enumerate() {
                    p.line(euler_line(x, v, loss_colors[k]));
                }
            }
            if col == 1 {
                p.line(Line::new(vec![], colors::GREY).label("Sim."));
                p.line(
                    Line::new(vec![], colors::GREY)
                        .dash(Dash::Dashed)
                        .label("Theory"),
                );
                if eul[1].is_some() {
                    p.line(
                        Line::new(vec![], darken(colors::GREY, 0.3))
                            .dash(Dash::Dotted)
                            .label("SGD theory"),
                    );
                }
                for (k, name) in ["L", "L_{bias}", "L_{var}"].iter().enumerate() {
                    p.line(Line::new(vec![], lighten(loss_colors[k], 0.2)).label(name));
                }
                p.legend(LegendPos::UpperRight, 2);
            }
            panels.push(Some(p));
        }

        // B: coefficients. The fast phase gets its own (zoomed) range: M12 = b/sqrt(N) is small.
        for (col, (theory, sim, x_th, x_sim)) in [
            (tf, self.sim_fast.as_ref(), tfx.clone(), sfx.clone()),
            (
                ts,
                self.sim_slow.as_ref(),
                ts.tau.clone(),
                self.sim_slow.as_ref().map(|s| s.tau.clone()),
            ),
        ]
        .into_iter()
        .enumerate()
        {
            let mut data: Vec<&[f64]> = theory.m.iter().map(|v| v.as_slice()).collect();
            if let Some(s) = sim {
                data.extend(s.m.iter().map(|v| v.as_slice()));
            }
            let (lo, hi) = range_of(&data, 0.08);
            let mut p = Panel::new(
                if col == 0 { "B" } else { "" },
                if col == 0 { xf(true) } else { xs(true) },
                Axis::linear(
                    if col == 0 {
                        "Coeffs (fast phase, zoomed)"
                    } else {
                        "Coeffs"
                    },
                    lo.min(-0.02),
                    hi.max(0.02),
                ),
            );
            p.push(Element::HLine {
                y: 0.0,
                line: Line::new(vec![], colors::GREY).width(2),
            });
            if let (Some(s), Some(xs_)) = (sim, &x_sim) {
                for (m, c) in s.m.iter().zip(M_COLORS) {
                    p.line(sim_line(xs_, m, c));
                }
            }
            for (m, c) in theory.m.iter().zip(M_COLORS) {
                if !m.is_empty() {
                    p.line(theory_line(&x_th, m, c));
                }
            }
            if let Some((e, x)) = &eul[col] {
                for (v, c) in e.m.iter().zip(M_COLORS) {
                    p.line(euler_line(x, v, c));
                }
            }
            if col == 1 {
                for k in 0..4 {
                    p.line(Line::new(vec![], lighten(M_COLORS[k], 0.2)).label(M_NAMES[k]));
                }
                p.legend(LegendPos::CenterRight, 2);
            }
            panels.push(Some(p));
        }

        // C: |delta x_bar|
        let mut dx: Vec<&[f64]> = vec![&tf.dx_norm, &ts.dx_norm];
        if let Some(s) = &self.sim_slow {
            dx.push(&s.dx_norm);
        }
        let dx_top = quantile_top(&dx, 0.999, 0.12);
        for (col, (theory, sim, x_th, x_sim)) in [
            (tf, self.sim_fast.as_ref(), tfx, sfx),
            (
                ts,
                self.sim_slow.as_ref(),
                ts.tau.clone(),
                self.sim_slow.as_ref().map(|s| s.tau.clone()),
            ),
        ]
        .into_iter()
        .enumerate()
        {
            let mut p = Panel::new(
                if col == 0 { "C" } else { "" },
                if col == 0 { xf(false) } else { xs(false) },
                Axis::linear(
                    if col == 0 {
                        "\u{2016}\u{394}~{x}\u{2016}"
                    } else {
                        ""
                    },
                    0.0,
                    dx_top,
                ),
            );
            if let (Some(s), Some(xs_)) = (sim, &x_sim) {
                p.line(sim_line(xs_, &s.dx_norm, colors::BLUE));
            }
            p.line(theory_line(&x_th, &theory.dx_norm, colors::BLUE));
            if let Some((e, x)) = &eul[col] {
                p.line(euler_line(x, &e.dx_norm, colors::BLUE));
            }
            panels.push(Some(p));
        }
        let mut fig = PanelFigure::grid(SIZE, FONT_PX, &[1.0, 1.25], 3, panels);
        fig.footer = Some(self.footer.clone());
        fig
    }
}
