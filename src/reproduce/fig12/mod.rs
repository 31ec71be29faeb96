//! Fig. 12: the mean-field mechanism (erf, g = 0, sigma = 1, z = 1). Theory curves of
//! |kappa_bar|, rho and L_var against lambda+ (theory notes, section 3) and fixed-M
//! simulations at N = 256, lambda- = -5, lambda+ = 1.7, 1.9, 2.6.

pub mod figure;
pub mod rows;
pub mod setup;
mod sims;
mod tables;
mod theory;

pub use setup::{Measured, Setup};

use crate::reproduce::config::{save_csv, save_figure, Config};
use crate::reproduce::report::Section;
use figure::{Fig12Data, Fig12Point, PointTheory};
use rayon::prelude::*;
use sims::simulate;
use tables::PointRow;
use theory::{theory_curves, theory_point};

/// What was computed at one simulated lambda+: the theory (with the fixed point
/// kappa_bar), the simulation at the set-up's step (if the theory gave a point to start
/// from) and the simulation at the finer check step (if any).
struct PointRun {
    lambda_plus: f64,
    theory: anyhow::Result<(PointTheory, [f64; 2])>,
    sim: Option<anyhow::Result<(Fig12Point, Measured)>>,
    fine: Option<anyhow::Result<Measured>>,
}

/// Computes the theory and runs the simulations at every lambda+ of the set-up, in
/// parallel, with a progress bar.
fn simulate_points(cfg: &Config, s: &Setup) -> Vec<PointRun> {
    let pb = crate::reproduce::progress::bar(s.lambda_plus.len() as u64, "fig12: simulating");
    let runs = s
        .lambda_plus
        .par_iter()
        .enumerate()
        .map(|(i, &lp)| {
            let th = theory_point(s, lp);
            let seed = cfg.sub_seed(1200 + i as u64);
            let sim = th
                .as_ref()
                .ok()
                .map(|(t, kb)| simulate(s, lp, t, *kb, seed));
            let fine = match (&th, s.fine_dt) {
                (Ok((t, kb)), Some(dt)) => {
                    Some(simulate(&Setup { dt, ..s.clone() }, lp, t, *kb, seed).map(|x| x.1))
                }
                _ => None,
            };
            pb.inc(1);
            PointRun {
                lambda_plus: lp,
                theory: th,
                sim,
                fine,
            }
        })
        .collect();
    pb.finish_and_clear();
    runs
}

/// The report rows and the table row of one simulated point; what failed goes to the
/// section's missing pieces. Returns the table row and the drawn point (if simulated).
fn record_point(
    s: &Setup,
    quick: bool,
    run: PointRun,
    sec: &mut Section,
) -> (PointRow, Option<Fig12Point>) {
    let lp = run.lambda_plus;
    let th = match run.theory {
        Ok(t) => Some(t.0),
        Err(e) => {
            sec.missing.push(format!("theory at lambda+ = {lp}: {e:#}"));
            None
        }
    };
    let sim = match run.sim {
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
    let fine_meas = match run.fine {
        Some(Ok(m)) => Some(m),
        Some(Err(e)) => {
            sec.missing
                .push(format!("fine-dt simulation at lambda+ = {lp}: {e:#}"));
            None
        }
        None => None,
    };
    sec.rows
        .extend(rows::point_rows(s, lp, th, meas, fine_meas, quick));
    let row = PointRow::new(s, lp, th, meas, fine_meas);
    (row, sim.map(|(p, _)| p))
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
    for run in simulate_points(cfg, &s) {
        let (row, point) = record_point(&s, cfg.quick, run, &mut sec);
        table.push(row);
        points.extend(point);
    }
    sec.notes.extend(rows::notes(&s));
    if !table.is_empty() {
        save_csv(cfg, &mut sec, "fig12_points.csv", &table)?;
    }
    if let Some(t) = &theory {
        save_csv(
            cfg,
            &mut sec,
            "fig12_theory.csv",
            &tables::curve_rows(&s, t),
        )?;
    }
    if !points.is_empty() {
        save_csv(
            cfg,
            &mut sec,
            "fig12_clouds.csv",
            &tables::cloud_rows(&points),
        )?;
        save_csv(
            cfg,
            &mut sec,
            "fig12_histograms.csv",
            &tables::hist_rows(&points),
        )?;
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
