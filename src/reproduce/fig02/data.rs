//! The CSVs behind Fig. 2: the R^2 curve, the noisy trials with their fits (time series),
//! the noise-free trajectories in 3-D with the fits in the output plane, and the arrow.

use super::compute::CyclingRun;
use crate::reproduce::config::{save_csv, Config};
use crate::reproduce::report::Section;
use oblique_validate::rnn::init::OutputScale;
use serde::Serialize;

/// The network's name in the CSVs and the report.
pub fn name(s: OutputScale) -> &'static str {
    match s {
        OutputScale::Small => "aligned",
        OutputScale::Large => "oblique",
    }
}

#[derive(Serialize)]
struct R2Row {
    network: &'static str,
    k: usize,
    r2: f64,
}

#[derive(Serialize)]
struct FitRow {
    network: &'static str,
    trial: usize,
    t: f64,
    z1: f64,
    z2: f64,
    z1_fit_2pcs: f64,
    z2_fit_2pcs: f64,
    z1_fit_8pcs: f64,
    z2_fit_8pcs: f64,
}

/// A noise-free state of the 3-D panels and its outputs in the output-plane panels.
#[derive(Serialize)]
struct TrajRow {
    network: &'static str,
    context: &'static str,
    t: f64,
    pc1: f64,
    pc2: f64,
    w_out_perp: f64,
    z1_target: f64,
    z2_target: f64,
    z1: f64,
    z2: f64,
    z1_fit_2pcs: f64,
    z2_fit_2pcs: f64,
    z1_fit_8pcs: f64,
    z2_fit_8pcs: f64,
}

/// `w_out,1` in the 3-D basis; the figure draws `factor` times it.
#[derive(Serialize)]
struct ArrowRow {
    network: &'static str,
    factor: f64,
    pc1: f64,
    pc2: f64,
    w_out_perp: f64,
}

/// The context's name (trial 0 = A, 1 = B).
pub fn context(c: usize) -> &'static str {
    ["A", "B"].get(c).copied().unwrap_or("?")
}

fn traj_rows(r: &CyclingRun) -> Vec<TrajRow> {
    let mut out = Vec::new();
    for c in &r.clean {
        for i in 0..c.t.len() {
            out.push(TrajRow {
                network: name(r.scale),
                context: context(c.context),
                t: c.t[i],
                pc1: c.xyz[i][0],
                pc2: c.xyz[i][1],
                w_out_perp: c.xyz[i][2],
                z1_target: c.target[i][0],
                z2_target: c.target[i][1],
                z1: c.z[i][0],
                z2: c.z[i][1],
                z1_fit_2pcs: c.z2[i][0],
                z2_fit_2pcs: c.z2[i][1],
                z1_fit_8pcs: c.z8[i][0],
                z2_fit_8pcs: c.z8[i][1],
            });
        }
    }
    out
}

fn fit_rows(r: &CyclingRun) -> Vec<FitRow> {
    let mut out = Vec::new();
    for f in &r.fits {
        for (k, z) in f.z.iter().enumerate() {
            out.push(FitRow {
                network: name(r.scale),
                trial: f.trial,
                t: k as f64 * oblique_validate::rnn::tasks::DT,
                z1: z[0],
                z2: z[1],
                z1_fit_2pcs: f.z2[k][0],
                z2_fit_2pcs: f.z2[k][1],
                z1_fit_8pcs: f.z8[k][0],
                z2_fit_8pcs: f.z8[k][1],
            });
        }
    }
    out
}

/// Writes the four CSVs of Fig. 2.
pub fn save(cfg: &Config, sec: &mut Section, runs: &[CyclingRun]) -> anyhow::Result<()> {
    let r2: Vec<R2Row> = runs
        .iter()
        .flat_map(|r| {
            r.r2.iter().enumerate().map(|(i, v)| R2Row {
                network: name(r.scale),
                k: i + 1,
                r2: *v,
            })
        })
        .collect();
    let fits: Vec<FitRow> = runs.iter().flat_map(fit_rows).collect();
    let traj: Vec<TrajRow> = runs.iter().flat_map(traj_rows).collect();
    let arrows: Vec<ArrowRow> = runs
        .iter()
        .map(|r| ArrowRow {
            network: name(r.scale),
            factor: r.w_factor,
            pc1: r.w_arrow[0],
            pc2: r.w_arrow[1],
            w_out_perp: r.w_arrow[2],
        })
        .collect();
    save_csv(cfg, sec, "fig2_r2.csv", &r2)?;
    save_csv(cfg, sec, "fig2_fits.csv", &fits)?;
    save_csv(cfg, sec, "fig2_trajectories.csv", &traj)?;
    save_csv(cfg, sec, "fig2_arrow.csv", &arrows)
}
