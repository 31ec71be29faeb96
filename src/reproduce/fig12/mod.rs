//! Fig. 12: the mean-field mechanism (erf, g = 0, sigma = 1, z = 1). Theory curves of
//! |kappa_bar|, rho and L_var against lambda+ (theory notes, section 3) and fixed-M
//! simulations at N = 256, lambda- = -5, lambda+ = 1.7, 1.9, 2.6.

pub mod figure;
pub mod rows;
pub mod setup;
mod sims;

pub use setup::{Measured, Setup};

use crate::reproduce::config::{save_csv, save_figure, Config};
use crate::reproduce::report::Section;
use figure::{EulerPoint, Fig12Data, Fig12Point, Fig12Theory, PointTheory};
use oblique_theory::nonlinearity::Builtin;
use oblique_theory::rank_two::{self, Coupling, NoiseLevel, RankTwoModel};
use rayon::prelude::*;
use serde::Serialize;
use sims::simulate;

fn model(
    s: &Setup,
    n: usize,
    lambda_plus: f64,
    lambda_minus: f64,
) -> anyhow::Result<RankTwoModel<'static>> {
    Ok(RankTwoModel {
        noise: NoiseLevel::new(s.noise)?,
        nonlinearity: Builtin::Erf.into(),
        n,
        target: s.target,
        coupling: Coupling::Eigen {
            lambda_plus,
            lambda_minus,
        },
    })
}

/// The minimum of a sampled curve (for the dots in panels C and D; the curve is sampled
/// finely enough that this is the theory's optimum to the grid spacing).
fn grid_min(x: &[f64], y: &[f64]) -> Option<(f64, f64)> {
    let mut best: Option<(f64, f64)> = None;
    for (a, b) in x.iter().zip(y) {
        if b.is_finite() && best.is_none_or(|(_, v)| *b < v) {
            best = Some((*a, *b));
        }
    }
    // a minimum at the edge of the grid is no interior optimum
    best.filter(|(a, _)| {
        Some(a) != x.last() && y.iter().position(|v| v.is_finite()).map(|i| x[i]) != Some(*a)
    })
}

/// Theory curves for panels A-D (`oblique_theory::rank_two`, Eqs. 43-53). Points without a
/// stable fixed point at the bias-zero angle (lambda+ <= lambda+min, rho > 1) are NaN and
/// leave gaps in the curves.
fn theory_curves(s: &Setup) -> anyhow::Result<Fig12Theory> {
    let lps: Vec<f64> = (0..=600).map(|i| 1.45 + 1.2 * i as f64 / 600.0).collect();
    let noise = NoiseLevel::new(s.noise)?;
    let lambda_plus_min = rank_two::lambda_plus_min(Builtin::Erf.into(), noise);
    let kappa: Vec<f64> = lps
        .iter()
        .map(|&lp| {
            rank_two::amplitude(Builtin::Erf.into(), noise, lp)
                .map(|a| a.kappa_norm)
                .unwrap_or(f64::NAN)
        })
        .collect();
    let curve =
        |n: usize, lm: f64, f: fn(&rank_two::MftSolution) -> f64| -> anyhow::Result<Vec<f64>> {
            let mut out = Vec::with_capacity(lps.len());
            for &lp in &lps {
                out.push(
                    model(s, n, lp, lm)?
                        .solve()
                        .map(|x| f(&x))
                        .unwrap_or(f64::NAN),
                );
            }
            Ok(out)
        };
    let mut rho = Vec::new();
    let mut lvar_by_n = Vec::new();
    for &n in &s.curve_ns {
        rho.push((n, curve(n, s.lambda_minus, |x| x.rho)?));
        let v = curve(n, s.lambda_minus, |x| x.l_var)?;
        let m = grid_min(&lps, &v);
        lvar_by_n.push((n, v, m));
    }
    let mut lvar_by_lm = Vec::new();
    for &lm in &s.curve_lms {
        let v = curve(s.n, lm, |x| x.l_var)?;
        let m = grid_min(&lps, &v);
        lvar_by_lm.push((lm, v, m));
    }
    Ok(Fig12Theory {
        lambda_plus_min,
        lambda_plus: lps,
        kappa,
        rho,
        lvar_by_n,
        lvar_by_lm,
    })
}

/// The theory at one simulated point, with the fixed point kappa_bar (2-vector): the
/// continuous theory (Eqs. 43-53) and the theory of the simulated Euler map at the
/// simulation's step and at the finer check step (`rank_two::euler_statistics`).
fn theory_point(s: &Setup, lp: f64) -> anyhow::Result<(PointTheory, [f64; 2])> {
    let m = model(s, s.n, lp, s.lambda_minus)?;
    let sol = m.solve()?;
    let euler = |dt: f64| -> anyhow::Result<EulerPoint> {
        let e = rank_two::euler_statistics(&m, dt, rank_two::FiniteNTerms::Full)?;
        Ok(EulerPoint {
            dt,
            kappa_norm: e.fixed_point.kappa_norm,
            l_var: e.l_var,
            z_mean: e.fixed_point.z_bar.abs(),
        })
    };
    Ok((
        PointTheory {
            kappa_norm: sol.kappa_norm,
            rho: sol.rho,
            l_var: sol.l_var,
            z_mean: sol.z_bar.abs(),
            euler: Some(euler(s.dt)?),
            euler_fine: s.fine_dt.map(euler).transpose()?,
        },
        [sol.kappa_bar[0], sol.kappa_bar[1]],
    ))
}

#[derive(Serialize)]
struct PointRow {
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

#[derive(Serialize)]
struct CurveRow {
    panel: &'static str,
    series: String,
    lambda_plus: f64,
    value: Option<f64>,
}

#[derive(Serialize)]
struct CloudRow {
    lambda_plus: f64,
    condition: &'static str,
    kappa1: f64,
    kappa2: f64,
}

#[derive(Serialize)]
struct HistRow {
    lambda_plus: f64,
    z_lo: f64,
    z_hi: f64,
    count_plus: f64,
    count_minus: f64,
}

fn finite(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}

/// Runs Fig. 12.
pub fn run(cfg: &Config) -> anyhow::Result<Section> {
    let s = if cfg.quick {
        Setup::quick()
    } else {
        Setup::full()
    };
    let mut sec = cfg.section("fig12", "Fig. 12: mean-field mechanism, erf with noise");
    sec.setup = s.describe();
    let theory = match theory_curves(&s) {
        Ok(t) => Some(t),
        Err(e) => {
            sec.missing
                .push(format!("theory curves (panels A-D): {e:#}"));
            None
        }
    };
    let mut points = Vec::new();
    let mut table = Vec::new();
    let pb = crate::reproduce::progress::bar(s.lambda_plus.len() as u64, "fig12: simulating");
    #[allow(clippy::type_complexity)]
    let sims: Vec<(
        f64,
        anyhow::Result<(PointTheory, [f64; 2])>,
        Option<anyhow::Result<(Fig12Point, Measured)>>,
        Option<anyhow::Result<Measured>>,
    )> = s
        .lambda_plus
        .par_iter()
        .enumerate()
        .map(|(i, &lp)| {
            let th = theory_point(&s, lp);
            let seed = cfg.sub_seed(1200 + i as u64);
            let sim = th
                .as_ref()
                .ok()
                .map(|(t, kb)| simulate(&s, lp, t, *kb, seed));
            let fine = match (&th, s.fine_dt) {
                (Ok((t, kb)), Some(dt)) => {
                    Some(simulate(&Setup { dt, ..s.clone() }, lp, t, *kb, seed).map(|x| x.1))
                }
                _ => None,
            };
            pb.inc(1);
            (lp, th, sim, fine)
        })
        .collect();
    pb.finish_and_clear();
    for (lp, th, sim, fine) in sims {
        let th = match th {
            Ok(t) => Some(t.0),
            Err(e) => {
                sec.missing.push(format!("theory at lambda+ = {lp}: {e:#}"));
                None
            }
        };
        let sim = match sim {
            Some(Ok(x)) => Some(x),
            Some(Err(e)) => {
                sec.missing
                    .push(format!("simulation at lambda+ = {lp}: {e:#}"));
                None
            }
            None => {
                sec.missing.push(format!(
                    "simulation at lambda+ = {lp}: needs the theory's fixed point to start from"
                ));
                None
            }
        };
        let meas = sim.as_ref().map(|x| x.1);
        let fine_meas = match fine {
            Some(Ok(m)) => Some(m),
            Some(Err(e)) => {
                sec.missing
                    .push(format!("fine-dt simulation at lambda+ = {lp}: {e:#}"));
                None
            }
            None => None,
        };
        sec.rows
            .extend(rows::point_rows(&s, lp, th, meas, fine_meas, cfg.quick));
        table.push(PointRow {
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
        });
        if let Some((p, _)) = sim {
            points.push(p);
        }
    }
    sec.notes.extend(rows::notes(&s));
    if !table.is_empty() {
        save_csv(cfg, &mut sec, "fig12_points.csv", &table)?;
    }
    if let Some(t) = &theory {
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
        save_csv(cfg, &mut sec, "fig12_theory.csv", &rows)?;
    }
    if !points.is_empty() {
        let mut clouds = Vec::new();
        let mut hist = Vec::new();
        for p in &points {
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
        save_csv(cfg, &mut sec, "fig12_clouds.csv", &clouds)?;
        save_csv(cfg, &mut sec, "fig12_histograms.csv", &hist)?;
    }
    if theory.is_some() || !points.is_empty() {
        let data = Fig12Data {
            theory,
            points,
            target: s.target,
            footer: format!(
                "{}{}",
                if cfg.quick { "QUICK MODE: " } else { "" },
                s.describe()
            ),
        };
        save_figure(cfg, &mut sec, &data.figure(), "fig12")?;
    }
    Ok(sec)
}
