//! Figs. 13 and 28 of the eLife article (same layout): training of the rank-two M.
//! Left: one example network, A losses, B the entries of M with lambda+min, C |kappa_bar|
//! and rho over learning time. Right, one column per snapshot time: D L_var, E |kappa_bar|
//! and F rho against N (log-log), trained against the theory's optimum at the trained
//! lambda-, with the scalings N^0, N^-1/4 and N^-1/2 for orientation.

use crate::plot::common::{quantile_top, range_of, FONT_PX, SIZE};
use crate::plot::panel::{footer_height, Axis, Dash, Element, LegendPos, Line, Panel, PanelFigure};
use crate::plot::style::colors;
use crate::reproduce::curves::Curves;
use crate::reproduce::neuro::values::mean_sd;
use plotters::style::RGBColor;

mod sizes;
use sizes::{log_range, size_panels, Ranges};

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

/// The mean of the networks' points of one size (at least one): each trained value's
/// mean with their standard deviation as its band, the mean eigenvalues, and each theory's
/// mean prediction (none unless every network has one).
pub fn mean_point(pts: &[SizePoint]) -> SizePoint {
    let k = pts.len() as f64;
    let mean = |f: &dyn Fn(&SizePoint) -> f64| pts.iter().map(f).sum::<f64>() / k;
    let stat = |f: &dyn Fn(&SizePoint) -> f64| {
        let v: Vec<f64> = pts.iter().map(f).collect();
        let (mean, sd) = mean_sd(&v).expect("at least one network");
        Stat { mean, sd }
    };
    let theory = |f: &dyn Fn(&SizePoint) -> Option<Predicted>| {
        let all: Option<Vec<Predicted>> = pts.iter().map(f).collect();
        all.map(|v| {
            let avg = |g: fn(&Predicted) -> f64| v.iter().map(g).sum::<f64>() / k;
            Predicted {
                lambda_plus: avg(|p| p.lambda_plus),
                kappa_norm: avg(|p| p.kappa_norm),
                rho: avg(|p| p.rho),
                l_var: avg(|p| p.l_var),
            }
        })
    };
    SizePoint {
        n: pts[0].n,
        l_var: stat(&|p| p.l_var.mean),
        kappa_norm: stat(&|p| p.kappa_norm.mean),
        rho: stat(&|p| p.rho.mean),
        eigenvalues: (mean(&|p| p.eigenvalues.0), mean(&|p| p.eigenvalues.1)),
        predicted: theory(&|p| p.predicted),
        finite_time: theory(&|p| p.finite_time),
    }
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
    // above the coefficients, which cross the lower half as they learn
    b.legend(LegendPos::UpperLeft, 3).keep_legend_clear();

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

impl Fig13Data {
    /// The figure.
    pub fn figure(&self) -> PanelFigure {
        let (w, h) = SIZE;
        let hh = h - footer_height(FONT_PX);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn point(kappa: f64, lm: f64, predicted: Option<f64>) -> SizePoint {
        let st = |mean| Stat { mean, sd: 0.5 };
        let theory = |k: f64| Predicted {
            lambda_plus: 2.0,
            kappa_norm: k,
            rho: k / 10.0,
            l_var: 0.6,
        };
        SizePoint {
            n: 128,
            l_var: st(0.6),
            kappa_norm: st(kappa),
            rho: st(kappa / 10.0),
            eigenvalues: (2.0, lm),
            predicted: predicted.map(theory),
            finite_time: Some(theory(kappa + 0.1)),
        }
    }

    #[test]
    fn the_mean_point_averages_networks_and_their_theories() {
        let m = mean_point(&[point(0.7, -2.0, Some(0.7)), point(0.9, -4.0, None)]);
        assert!((m.kappa_norm.mean - 0.8).abs() < 1e-12);
        // the band is the spread over networks, not the per-step one
        assert!((m.kappa_norm.sd - 0.1).abs() < 1e-12);
        assert!((m.rho.mean - 0.08).abs() < 1e-12 && (m.rho.sd - 0.01).abs() < 1e-12);
        assert_eq!((m.l_var.mean, m.l_var.sd), (0.6, 0.0));
        assert_eq!(m.eigenvalues, (2.0, -3.0));
        // a theory only where every network has it
        assert!(m.predicted.is_none());
        let ft = m.finite_time.unwrap();
        assert!((ft.kappa_norm - 0.9).abs() < 1e-12 && (ft.rho - 0.09).abs() < 1e-12);
    }
}
