//! Fig. 12 of the eLife article: the mean-field mechanism for erf with noise.
//! A |kappa_bar|(lambda+), B rho(lambda+) for several N, C L_var(lambda+) for several N at
//! lambda- = -5 with the minima, D L_var for several lambda- at N = 256; E-G latent clouds
//! of simulations at three lambda+ (trials conditioned on the target sign), H-J their output
//! histograms with the theory's Gaussian (dashed) on top.

use crate::plot::common::{FONT_PX, SIZE};
use crate::plot::panel::{footer_height, Axis, Dash, Element, LegendPos, Line, Panel, PanelFigure};
use crate::plot::style::colors;
use plotters::style::RGBColor;

mod points;
use points::{cloud_panel, hist_panel};

/// Theory curves of panels A-D.
#[derive(Debug, Clone)]
pub struct Fig12Theory {
    /// lambda+min (dotted vertical line)
    pub lambda_plus_min: f64,
    /// the lambda+ grid
    pub lambda_plus: Vec<f64>,
    /// |kappa_bar| on the grid (independent of N; NaN below lambda+min)
    pub kappa: Vec<f64>,
    /// rho on the grid for each N (NaN where rho > 1 or no fixed point)
    pub rho: Vec<(usize, Vec<f64>)>,
    /// L_var on the grid at the simulations' lambda- for each N, with the minimum (lambda+*, L_var*)
    pub lvar_by_n: Vec<LvarCurve<usize>>,
    /// L_var on the grid at the simulations' N for each lambda-, with the minimum
    pub lvar_by_lm: Vec<LvarCurve<f64>>,
}

/// One L_var curve: its parameter (N or lambda-), the values on the grid, and the minimum
/// `(lambda+*, L_var*)` if there is one.
pub type LvarCurve<P> = (P, Vec<f64>, Option<(f64, f64)>);

/// The theory's prediction at one simulated point.
#[derive(Debug, Clone, Copy)]
pub struct PointTheory {
    /// |kappa_bar|
    pub kappa_norm: f64,
    /// rho
    pub rho: f64,
    /// L_var
    pub l_var: f64,
    /// mean output of the + trials (bias zero: +z)
    pub z_mean: f64,
    /// the theory of the simulated Euler map at the simulation's step
    pub euler: Option<EulerPoint>,
    /// the same at the finer check step
    pub euler_fine: Option<EulerPoint>,
}

/// The Euler-map theory at one point (`rank_two::euler_statistics`: the Euler-Maruyama map
/// with the finite-N noise of U^T phi/N, theory/notes/rank-two.md sections 7-8).
#[derive(Debug, Clone, Copy)]
pub struct EulerPoint {
    /// Euler step
    pub dt: f64,
    /// |kappa_bar| with the orthogonal variance sigma^2/(1 - dt/2)
    pub kappa_norm: f64,
    /// L_var of the map
    pub l_var: f64,
    /// mean output of the + trials
    pub z_mean: f64,
}

/// One simulated lambda+ (panels E-J).
#[derive(Debug, Clone)]
pub struct Fig12Point {
    /// lambda+
    pub lambda_plus: f64,
    /// latent samples (kappa1, kappa2) of trials started at +kappa_bar (subsampled)
    pub cloud_plus: Vec<(f64, f64)>,
    /// latent samples of trials started at -kappa_bar (subsampled)
    pub cloud_minus: Vec<(f64, f64)>,
    /// histogram bin edges of the output z
    pub edges: Vec<f64>,
    /// counts of z for + trials
    pub counts_plus: Vec<f64>,
    /// counts of z for - trials
    pub counts_minus: Vec<f64>,
    /// measured mean output of + and - trials
    pub z_mean: (f64, f64),
    /// total number of z samples per condition (for the theory's density)
    pub samples: usize,
    /// the theory at this point, if a stable fixed point exists
    pub theory: Option<PointTheory>,
}

/// Everything Fig. 12 shows.
#[derive(Debug, Clone)]
pub struct Fig12Data {
    /// panels A-D (None when the theory is unavailable)
    pub theory: Option<Fig12Theory>,
    /// panels E-J (empty when the simulation is unavailable)
    pub points: Vec<Fig12Point>,
    /// the target z (dashed lines in H-J)
    pub target: f64,
    /// footer text
    pub footer: String,
}

/// Colours of the three simulated lambda+ (blue, orange, green as published).
pub const POINT_COLORS: [RGBColor; 3] = [
    RGBColor(60, 110, 180),
    colors::ORANGE,
    RGBColor(90, 170, 40),
];
const N_DASH: [Dash; 3] = [Dash::DashDot, Dash::Solid, Dash::Dashed];
const LM_COLORS: [RGBColor; 3] = [colors::YELLOW, colors::TEAL, colors::PURPLE];

fn xs_lp(t: &Fig12Theory, hide: bool) -> Axis {
    let a = Axis::linear(
        "\u{3bb}_{+}",
        1.45,
        t.lambda_plus.last().copied().unwrap_or(2.65).max(2.65),
    );
    if hide {
        a.hide_labels()
    } else {
        a
    }
}

fn lpmin_line(p: &mut Panel, t: &Fig12Theory) {
    p.push(Element::VLine {
        x: t.lambda_plus_min,
        line: Line::new(vec![], colors::GREY).dash(Dash::Dotted).width(3),
    });
}

fn theory_panels(t: &Fig12Theory, lps: &[f64]) -> Vec<Panel> {
    let lp = &t.lambda_plus;
    let mut a = Panel::new(
        "A",
        xs_lp(t, true),
        Axis::linear("\u{2016}~{\u{3ba}}\u{2016}", 0.0, 1.8),
    );
    lpmin_line(&mut a, t);
    a.line(Line::xy(lp, &t.kappa, colors::GREY).width(3));

    let mut b = Panel::new("B", xs_lp(t, true), Axis::linear("\u{3c1}", 0.0, 1.0));
    lpmin_line(&mut b, t);
    for (i, (n, r)) in t.rho.iter().enumerate() {
        b.line(
            Line::xy(lp, r, colors::GREY)
                .dash(N_DASH[i % 3])
                .label(&format!("N = {n}")),
        );
    }
    b.legend(LegendPos::UpperRight, 1);

    let mut c = Panel::new("C", xs_lp(t, true), Axis::linear("L_{var}", 0.0, 1.0));
    lpmin_line(&mut c, t);
    for (i, (n, v, opt)) in t.lvar_by_n.iter().enumerate() {
        c.line(
            Line::xy(lp, v, colors::PURPLE)
                .dash(N_DASH[i % 3])
                .label(&format!("N = {n}")),
        );
        if let Some((x, y)) = opt {
            c.push(Element::Dots {
                points: vec![(*x, *y)],
                color: colors::PURPLE,
                alpha: 1.0,
                radius: 8,
                label: None,
            });
        }
    }
    c.legend(LegendPos::UpperRight, 1);

    let mut d = Panel::new(
        "D",
        xs_lp(t, false),
        Axis::linear("L_{var}", 0.0, 1.3).ticks(&[0.0, 0.5, 1.0]),
    );
    lpmin_line(&mut d, t);
    for (i, (lm, v, opt)) in t.lvar_by_lm.iter().enumerate() {
        let col = LM_COLORS[i % 3];
        d.line(Line::xy(lp, v, col).label(&format!("\u{3bb}_{{\u{2212}}} = {}", fmt_lm(*lm))));
        if let Some((x, y)) = opt {
            d.push(Element::Dots {
                points: vec![(*x, *y)],
                color: col,
                alpha: 1.0,
                radius: 8,
                label: None,
            });
        }
    }
    d.push(Element::AxisMarks {
        marks: lps
            .iter()
            .enumerate()
            .map(|(i, x)| (*x, POINT_COLORS[i % 3]))
            .collect(),
    });
    d.legend(LegendPos::UpperRight, 2);
    vec![a, b, c, d]
}

fn fmt_lm(x: f64) -> String {
    format!("{x}").replace('-', "\u{2212}")
}

impl Fig12Data {
    /// The simulated lambda+ values (for the marks in panel D).
    fn lps(&self) -> Vec<f64> {
        self.points.iter().map(|p| p.lambda_plus).collect()
    }

    /// The figure. Column widths 1 : 0.85 : 1.1; the theory column has four rows, the
    /// simulation columns three.
    pub fn figure(&self) -> PanelFigure {
        let (w, h) = SIZE;
        let hh = h - footer_height(FONT_PX);
        let widths = [0.36, 0.29, 0.35];
        let x0 = [0.0, widths[0], widths[0] + widths[1]].map(|f| (f * w as f64) as u32);
        let ww = widths.map(|f| (f * w as f64) as u32);
        let mut cells = Vec::new();
        if let Some(t) = &self.theory {
            for (i, p) in theory_panels(t, &self.lps()).into_iter().enumerate() {
                cells.push(((x0[0], i as u32 * hh / 4, ww[0], hh / 4), p));
            }
        }
        let n = self.points.len();
        for (i, p) in self.points.iter().enumerate() {
            let y = i as u32 * hh / 3;
            let last = i + 1 == n;
            let le = ["E", "F", "G"].get(i).copied().unwrap_or("");
            let lh = ["H", "I", "J"].get(i).copied().unwrap_or("");
            cells.push((
                (x0[1], y, ww[1], hh / 3),
                cloud_panel(le, p, i, last, i == 0),
            ));
            cells.push((
                (x0[2], y, ww[2], hh / 3),
                hist_panel(lh, p, i, self.target, last, i == 0),
            ));
        }
        PanelFigure {
            size: SIZE,
            font: FONT_PX,
            cells,
            footer: Some(self.footer.clone()),
        }
    }
}
