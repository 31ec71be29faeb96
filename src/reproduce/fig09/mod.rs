//! Fig. 9 and Fig. 23: the sine task's four solutions, aligned (small output), marginal
//! (large output, decaying initial dynamics), lazy (large output, chaotic, no noise) and
//! oblique (large output, chaotic, trained with noise) (paper-methods 5): outputs, the
//! trajectory on [PC1, PC2, w_out orthogonal part], loss and `|dW|` during training, and
//! the trained spectra with the circle of radius g.

pub mod compute;
pub mod figure;
pub mod rows;
pub mod setup;

use crate::reproduce::config::{save_csv, save_figure, Config};
use crate::reproduce::report::Section;
use compute::SineRun;
use serde::Serialize;
use setup::{name, Setup, Size};

#[derive(Serialize)]
struct CurveRow {
    scenario: &'static str,
    step: usize,
    loss: f64,
    l_bias: f64,
    l_var: f64,
    dw_norm: f64,
    corr: Option<f64>,
}

#[derive(Serialize)]
struct TraceRow {
    scenario: &'static str,
    t: f64,
    z_initial: f64,
    z_trained: f64,
    z_noisy_trial: f64,
    pc1: f64,
    pc2: f64,
    w_out_perp: f64,
}

#[derive(Serialize)]
struct EigRow {
    scenario: &'static str,
    re: f64,
    im: f64,
}

/// Runs Fig. 9 and Fig. 23 at the size of `cfg` (quick or default).
pub fn run(cfg: &Config) -> anyhow::Result<Section> {
    run_sized(cfg, Size::of(cfg))
}

/// Runs Fig. 9 and Fig. 23 at `size`.
pub fn run_sized(cfg: &Config, size: Size) -> anyhow::Result<Section> {
    let s = Setup::new(size);
    let mut sec = cfg.section(
        "fig9",
        "Fig. 9 and Fig. 23: four solutions of the sine task",
    );
    sec.setup = s.describe();
    let mut runs: Vec<SineRun> = Vec::new();
    for (r, sc) in compute::train_all(&s, cfg.sub_seed(900))
        .into_iter()
        .zip(setup::SCENARIOS)
    {
        match r {
            Ok(r) => runs.push(r),
            Err(e) => sec.missing.push(format!("{} network: {e:#}", name(sc))),
        }
    }
    sec.rows = rows::rows(&s, &runs);
    sec.notes = rows::notes(&s);
    sec.extra_markdown = Some(rows::measured_table(&rows::measured(&runs)));
    if runs.is_empty() {
        return Ok(sec);
    }
    write_csvs(cfg, &mut sec, &runs)?;
    let footer = format!("{} size: {}", size.name(), s.describe());
    save_figure(cfg, &mut sec, &figure::fig9(&runs, &footer), "fig9")?;
    save_figure(cfg, &mut sec, &figure::fig23(&runs, &footer), "fig23")?;
    Ok(sec)
}

fn write_csvs(cfg: &Config, sec: &mut Section, runs: &[SineRun]) -> anyhow::Result<()> {
    let mut curves = Vec::new();
    let mut traces = Vec::new();
    let mut eig = Vec::new();
    for r in runs {
        let sc = name(r.scenario);
        for c in &r.curve {
            curves.push(CurveRow {
                scenario: sc,
                step: c.step,
                loss: c.loss,
                l_bias: c.l_bias,
                l_var: c.l_var,
                dw_norm: c.dw_norm,
                corr: c.corr.is_finite().then_some(c.corr),
            });
        }
        for (k, p) in r.proj.iter().enumerate() {
            traces.push(TraceRow {
                scenario: sc,
                t: k as f64 * oblique_validate::rnn::tasks::DT,
                z_initial: r.z_initial[k],
                z_trained: r.z_clean[k],
                z_noisy_trial: r.z_noisy[k],
                pc1: p[0],
                pc2: p[1],
                w_out_perp: p[2],
            });
        }
        for &(re, im) in &r.eig {
            eig.push(EigRow {
                scenario: sc,
                re,
                im,
            });
        }
    }
    save_csv(cfg, sec, "fig23_training.csv", &curves)?;
    save_csv(cfg, sec, "fig9_trajectories.csv", &traces)?;
    save_csv(cfg, sec, "fig23_eigenvalues.csv", &eig)?;
    Ok(())
}
