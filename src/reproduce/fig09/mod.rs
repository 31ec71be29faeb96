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
use compute::{SineRun, SHOWN_NEURONS};
use oblique_validate::rnn::presets::SineScenario;
use serde::Serialize;
use setup::{name, Setup, Size};

/// One training step (f32, like the trace rows: the figures' precision, half the file).
#[derive(Serialize)]
struct CurveRow {
    scenario: &'static str,
    step: usize,
    loss: f32,
    l_bias: f32,
    l_var: f32,
    dw_norm: f32,
    corr: Option<f32>,
    /// the oblique network's loss without noise, after this step (every few steps)
    loss_noise_free: Option<f32>,
}

#[derive(Serialize)]
struct TraceRow {
    scenario: &'static str,
    t: f64,
    z_initial: f32,
    z_trained: f32,
    z_noisy_trial: f32,
    pc1: f32,
    pc2: f32,
    w_out_perp: f32,
}

/// One step of the drawn neurons (f32: the figure's precision), the series the figure
/// draws only: the noise-free trained run (the noisy trial for the oblique solution) and, for
/// the lazy solution, the initial network's run.
#[derive(Serialize)]
struct NeuronRow {
    scenario: &'static str,
    t: f64,
    x1: Option<f32>,
    x2: Option<f32>,
    x3: Option<f32>,
    x4: Option<f32>,
    x1_initial: Option<f32>,
    x2_initial: Option<f32>,
    x3_initial: Option<f32>,
    x4_initial: Option<f32>,
    x1_noisy_trial: Option<f32>,
    x2_noisy_trial: Option<f32>,
    x3_noisy_trial: Option<f32>,
    x4_noisy_trial: Option<f32>,
}

impl NeuronRow {
    fn new(sc: SineScenario, k: usize, n: &compute::Neurons) -> Self {
        let pick = |v: &[[f64; SHOWN_NEURONS]], on: bool| v[k].map(|x| on.then_some(x as f32));
        let oblique = sc == SineScenario::Oblique;
        let [x1, x2, x3, x4] = pick(&n.trained, !oblique);
        let [x1_initial, x2_initial, x3_initial, x4_initial] =
            pick(&n.initial, sc == SineScenario::Lazy);
        let [x1_noisy_trial, x2_noisy_trial, x3_noisy_trial, x4_noisy_trial] =
            pick(&n.noisy, oblique);
        NeuronRow {
            scenario: name(sc),
            t: k as f64 * oblique_validate::rnn::tasks::DT,
            x1,
            x2,
            x3,
            x4,
            x1_initial,
            x2_initial,
            x3_initial,
            x4_initial,
            x1_noisy_trial,
            x2_noisy_trial,
            x3_noisy_trial,
            x4_noisy_trial,
        }
    }
}

#[derive(Serialize)]
struct EigRow {
    scenario: &'static str,
    re: f64,
    im: f64,
}

/// Runs Fig. 9 and Fig. 23 at the size of `cfg` (quick or default).
pub fn run(cfg: &Config) -> anyhow::Result<Section> {
    run_sized(cfg, cfg.size())
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
    sec.notes = rows::notes(&s, &runs);
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
    let mut neurons = Vec::new();
    let mut eig = Vec::new();
    for r in runs {
        let sc = name(r.scenario);
        let probe: std::collections::HashMap<usize, f64> = r.probe.iter().copied().collect();
        for c in &r.curve {
            curves.push(CurveRow {
                scenario: sc,
                step: c.step,
                loss: c.loss as f32,
                l_bias: c.l_bias as f32,
                l_var: c.l_var as f32,
                dw_norm: c.dw_norm as f32,
                corr: c.corr.is_finite().then_some(c.corr as f32),
                loss_noise_free: probe.get(&(c.step + 1)).map(|&l| l as f32),
            });
        }
        for (k, p) in r.proj.iter().enumerate() {
            traces.push(TraceRow {
                scenario: sc,
                t: k as f64 * oblique_validate::rnn::tasks::DT,
                z_initial: r.z_initial[k] as f32,
                z_trained: r.z_clean[k] as f32,
                z_noisy_trial: r.z_noisy[k] as f32,
                pc1: p[0] as f32,
                pc2: p[1] as f32,
                w_out_perp: p[2] as f32,
            });
        }
        neurons.extend(
            (0..r.neurons.trained.len()).map(|k| NeuronRow::new(r.scenario, k, &r.neurons)),
        );
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
    save_csv(cfg, sec, "fig9_neurons.csv", &neurons)?;
    save_csv(cfg, sec, "fig23_eigenvalues.csv", &eig)?;
    Ok(())
}
