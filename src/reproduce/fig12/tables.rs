//! The CSV tables behind the Fig. 12 panels: one row per simulated point, the theory
//! curves, the latent clouds and the output histograms.

use super::figure::{Fig12Point, Fig12Theory, PointTheory};
use super::setup::{Measured, Setup};
use serde::Serialize;

/// One simulated lambda+: theory, simulation and the fine-dt check (`fig12_points.csv`).
#[derive(Serialize)]
pub struct PointRow {
    lambda_plus: f64,
    theory_kappa_norm: Option<f64>,
    sim_kappa_norm: Option<f64>,
    theory_rho: Option<f64>,
    sim_rho: Option<f64>,
    theory_l_var: Option<f64>,
    sim_l_var: Option<f64>,
    sim_l_bias: Option<f64>,
    fine_dt: Option<f64>,
    sim_l_var_fine_dt: Option<f64>,
    sim_kappa_norm_fine_dt: Option<f64>,
    euler_theory_l_var: Option<f64>,
    euler_theory_kappa_norm: Option<f64>,
    euler_theory_l_var_fine_dt: Option<f64>,
    euler_theory_kappa_norm_fine_dt: Option<f64>,
}

impl PointRow {
    /// The row of one simulated lambda+ from its theory and measurements.
    pub fn new(
        s: &Setup,
        lp: f64,
        th: Option<PointTheory>,
        meas: Option<Measured>,
        fine_meas: Option<Measured>,
    ) -> Self {
        Self {
            lambda_plus: lp,
            theory_kappa_norm: th.map(|t| t.kappa_norm),
            sim_kappa_norm: meas.map(|m| m.kappa_norm),
            theory_rho: th.map(|t| t.rho),
            sim_rho: meas.map(|m| m.rho),
            theory_l_var: th.map(|t| t.l_var),
            sim_l_var: meas.map(|m| m.l_var),
            sim_l_bias: meas.map(|m| m.l_bias),
            fine_dt: s.fine_dt,
            sim_l_var_fine_dt: fine_meas.map(|m| m.l_var),
            sim_kappa_norm_fine_dt: fine_meas.map(|m| m.kappa_norm),
            euler_theory_l_var: th.and_then(|t| t.euler).map(|e| e.l_var),
            euler_theory_kappa_norm: th.and_then(|t| t.euler).map(|e| e.kappa_norm),
            euler_theory_l_var_fine_dt: th.and_then(|t| t.euler_fine).map(|e| e.l_var),
            euler_theory_kappa_norm_fine_dt: th.and_then(|t| t.euler_fine).map(|e| e.kappa_norm),
        }
    }
}

/// One sample of a theory curve of panels A-D (`fig12_theory.csv`).
#[derive(Serialize)]
pub struct CurveRow {
    panel: &'static str,
    series: String,
    lambda_plus: f64,
    value: Option<f64>,
}

/// One latent sample (kappa1, kappa2) of panels E-G (`fig12_clouds.csv`).
#[derive(Serialize)]
pub struct CloudRow {
    lambda_plus: f64,
    condition: &'static str,
    kappa1: f64,
    kappa2: f64,
}

/// One histogram bin of the output z of panels H-J (`fig12_histograms.csv`).
#[derive(Serialize)]
pub struct HistRow {
    lambda_plus: f64,
    z_lo: f64,
    z_hi: f64,
    count_plus: f64,
    count_minus: f64,
}

fn finite(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}

/// The theory curves as rows, lambda+ by lambda+ (panels A, B, C, D in that order).
pub fn curve_rows(s: &Setup, t: &Fig12Theory) -> Vec<CurveRow> {
    let mut rows = Vec::new();
    for (i, lp) in t.lambda_plus.iter().enumerate() {
        rows.push(CurveRow {
            panel: "A",
            series: "kappa_norm".into(),
            lambda_plus: *lp,
            value: finite(t.kappa[i]),
        });
        for (n, v) in &t.rho {
            rows.push(CurveRow {
                panel: "B",
                series: format!("rho N={n}"),
                lambda_plus: *lp,
                value: finite(v[i]),
            });
        }
        for (n, v, _) in &t.lvar_by_n {
            rows.push(CurveRow {
                panel: "C",
                series: format!("L_var N={n} lambda-={}", s.lambda_minus),
                lambda_plus: *lp,
                value: finite(v[i]),
            });
        }
        for (lm, v, _) in &t.lvar_by_lm {
            rows.push(CurveRow {
                panel: "D",
                series: format!("L_var N={} lambda-={lm}", s.n),
                lambda_plus: *lp,
                value: finite(v[i]),
            });
        }
    }
    rows
}

/// The latent clouds of every simulated point, the + condition before the - one.
pub fn cloud_rows(points: &[Fig12Point]) -> Vec<CloudRow> {
    let mut clouds = Vec::new();
    for p in points {
        for (cond, cl) in [("plus", &p.cloud_plus), ("minus", &p.cloud_minus)] {
            for &(a, b) in cl {
                clouds.push(CloudRow {
                    lambda_plus: p.lambda_plus,
                    condition: cond,
                    kappa1: a,
                    kappa2: b,
                });
            }
        }
    }
    clouds
}

/// The output histograms of every simulated point, one row per bin.
pub fn hist_rows(points: &[Fig12Point]) -> Vec<HistRow> {
    let mut hist = Vec::new();
    for p in points {
        for i in 0..p.counts_plus.len() {
            hist.push(HistRow {
                lambda_plus: p.lambda_plus,
                z_lo: p.edges[i],
                z_hi: p.edges[i + 1],
                count_plus: p.counts_plus[i],
                count_minus: p.counts_minus[i],
            });
        }
    }
    hist
}
