//! Fig. 2: the cycling example, one aligned (small output) and one oblique (large output)
//! network with only `W` trained (paper-methods 4.3): the trajectories on PC1, PC2 and the
//! part of `w_out` orthogonal to them, and the output reconstructed from 2 and 8 PCs, with
//! the published `R^2` of those fits.

pub mod compute;
pub mod figure;

use crate::reproduce::config::{save_csv, save_figure, Config};
use crate::reproduce::fig09::setup::Size;
use crate::reproduce::report::{Check, Row, Section};
use compute::{CyclingRun, Setup};
use oblique_validate::rnn::init::OutputScale;
use rayon::prelude::*;
use serde::Serialize;

/// Printed `R^2` of the published networks (paper-methods 4.3): (k, aligned, oblique).
pub const PUBLISHED_R2: [(usize, f64, f64); 2] = [(2, 0.9805, 0.4708), (8, 0.99967, 0.9519)];

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

fn name(s: OutputScale) -> &'static str {
    match s {
        OutputScale::Small => "aligned",
        OutputScale::Large => "oblique",
    }
}

/// Runs Fig. 2 at the size of `cfg`.
pub fn run(cfg: &Config) -> anyhow::Result<Section> {
    run_sized(cfg, Size::of(cfg))
}

/// Runs Fig. 2 at `size`.
pub fn run_sized(cfg: &Config, size: Size) -> anyhow::Result<Section> {
    let s = Setup::new(size);
    let mut sec = cfg.section(
        "fig2",
        "Fig. 2: cycling example, aligned and oblique networks",
    );
    sec.setup = s.describe();
    let pb = crate::reproduce::progress::bar(2, "fig2: training the cycling networks");
    let results: Vec<anyhow::Result<CyclingRun>> = [OutputScale::Small, OutputScale::Large]
        .par_iter()
        .map(|&sc| {
            let r = compute::run_one(&s, sc, cfg.sub_seed(200));
            pb.inc(1);
            r
        })
        .collect();
    pb.finish_and_clear();
    let mut runs = Vec::new();
    for (r, sc) in results
        .into_iter()
        .zip([OutputScale::Small, OutputScale::Large])
    {
        match r {
            Ok(r) => runs.push(r),
            Err(e) => sec.missing.push(format!("{} network: {e:#}", name(sc))),
        }
    }
    sec.rows = rows(&s, &runs);
    sec.notes.push(format!(
        "Published: N = 256 and 5000 steps; this run ({} size) has N = {} and {} steps. The \
         R^2 of the fits is measured as in the published notebook: the noisy analysis run, PCA on \
         t >= 10, RidgeCV on the first 24 trials, R^2 pooled over both outputs on all trials. The \
         noise-compression ratio is the Fig. 6 left measure of the regime module (32 noisy \
         trials as 2 conditions x 16 repeats, t in [10, 71), methods 3.7).",
        size.name(),
        s.n,
        s.steps
    ));
    if runs.is_empty() {
        return Ok(sec);
    }
    let mut r2 = Vec::new();
    let mut fits = Vec::new();
    for r in &runs {
        for (i, v) in r.r2.iter().enumerate() {
            r2.push(R2Row {
                network: name(r.scale),
                k: i + 1,
                r2: *v,
            });
        }
        for f in &r.fits {
            for (k, z) in f.z.iter().enumerate() {
                fits.push(FitRow {
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
    }
    save_csv(cfg, &mut sec, "fig2_r2.csv", &r2)?;
    save_csv(cfg, &mut sec, "fig2_fits.csv", &fits)?;
    let footer = format!("{} size: {}", size.name(), s.describe());
    save_figure(cfg, &mut sec, &figure::figure(&runs, &footer), "fig2")?;
    Ok(sec)
}

fn rows(s: &Setup, runs: &[CyclingRun]) -> Vec<Row> {
    let get = |sc: OutputScale, k: usize| {
        runs.iter()
            .find(|r| r.scale == sc)
            .and_then(|r| r.r2.get(k - 1).copied())
    };
    let quick = s.size == Size::Quick;
    let paper = s.size == Size::Paper;
    let mut rows = Vec::new();
    for (k, aligned, oblique) in PUBLISHED_R2 {
        for (sc, published) in [(OutputScale::Small, aligned), (OutputScale::Large, oblique)] {
            rows.push(
                Row::new(
                    &format!("R^2 of z from {k} PCs"),
                    name(sc),
                    Some(published),
                    get(sc, k),
                    if paper {
                        Check::Factor(1.5)
                    } else {
                        Check::Info
                    },
                )
                .note("printed in the published notebook (N = 256, 5000 steps)"),
            );
        }
    }
    let claim = |c: Check| if quick { Check::Info } else { c };
    rows.push(
        Row::new(
            "R^2 of z from 2 PCs",
            "aligned",
            Some(0.9805),
            get(OutputScale::Small, 2),
            claim(Check::AtLeast(0.9)),
        )
        .note("claim: two PCs carry the output of the aligned network; target >= 0.9"),
    );
    rows.push(
        Row::new(
            "R^2 of z from 2 PCs",
            "oblique",
            Some(0.4708),
            get(OutputScale::Large, 2),
            claim(Check::Below(0.8)),
        )
        .note(
            "claim: the leading PCs of the oblique network do not carry its output; target < 0.8",
        ),
    );
    for (sc, published, bound) in [
        (OutputScale::Small, 13.6, Check::Above(1.0)),
        (OutputScale::Large, 0.47, Check::Below(1.0)),
    ] {
        let sim = runs.iter().find(|r| r.scale == sc).map(|r| r.noise_ratio);
        rows.push(
            Row::new(
                "noise compression Var(output) / Var(random)",
                name(sc),
                Some(published),
                sim,
                if paper {
                    Check::Factor(1.5)
                } else {
                    claim(bound)
                },
            )
            .note(if sc == OutputScale::Small {
                "Fig. 6 left triangle (about 13.6); claim: noise is not compressed along the output, target > 1"
            } else {
                "Fig. 6 left triangle (about 0.47); claim: noise is compressed along the output, target < 1"
            }),
        );
    }
    rows
}
