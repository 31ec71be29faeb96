//! `oblique regime --run RUN_DIR`: every regime measure of a network trained by
//! `oblique train task` (methods 3.1-3.4, 3.7, 3.8), its CSV reports, `.npy` arrays and text.

use std::io::{self, Write};
use std::path::Path;

use super::recording::sibling;
use super::{opt, write_pcs};
use crate::io::output::write_csv;
use crate::io::run_dir::RunDir;
use crate::task_run::read_network;
use anyhow::Context;
use oblique_validate::regime::{
    network_measures, noise_compression, perturbation, NetworkMeasureParams, NetworkMeasures,
    NoiseCompression,
};
use oblique_validate::rnn::presets::Preset;
use oblique_validate::rnn::train::{eval_batch, Precision};

/// What `--run` prints with `--json`.
#[derive(serde::Serialize)]
pub struct RunReport {
    run: String,
    task: &'static str,
    output_scale: &'static str,
    g: f64,
    seed: u64,
    #[serde(flatten)]
    measures: NetworkMeasures,
    /// the noise-compression variances (for `--arrays`)
    #[serde(skip)]
    noise: NoiseCompression,
}

#[derive(serde::Serialize)]
struct SummaryRow<'a> {
    run: &'a str,
    task: &'a str,
    n: usize,
    corr: f64,
    corr_data: f64,
    state_norm: f64,
    w_out_norm: f64,
    w_norm: f64,
    participation_ratio: f64,
    d_x: Option<usize>,
    d_fit: Option<usize>,
    d_fit_test: Option<usize>,
    noise_ratio: Option<f64>,
    noise_ratio_pc: Option<f64>,
    susceptibility: Option<f64>,
}

#[derive(serde::Serialize)]
struct LossRow {
    direction: &'static str,
    amplitude: f64,
    mean: f64,
    sd: f64,
}

/// Options of the run mode.
pub struct RunOptions<'a> {
    /// the run directory
    pub run: &'a Path,
    /// seed of the noise and the directions
    pub seed: u64,
    /// leave out the perturbation measure
    pub skip_perturbation: bool,
}

/// Loads the run and computes every measure (with a progress bar).
pub fn measure(o: &RunOptions) -> anyhow::Result<RunReport> {
    let dir = RunDir::open(o.run)?;
    let s = dir.summary()?;
    let incomplete = |what: &str| {
        anyhow::anyhow!(
            "run directory {} is incomplete: summary.json {what}",
            o.run.display()
        )
    };
    if s.get("status").and_then(|v| v.as_str()) != Some("complete") {
        return Err(incomplete(
            "does not say status \"complete\" (training did not finish)",
        ));
    }
    let preset: Preset = serde_json::from_value(s["config"]["preset"].clone())
        .map_err(|e| incomplete(&format!("has no valid config.preset ({e})")))?;
    let precision: Precision =
        serde_json::from_value(s["config"]["precision"].clone()).unwrap_or(Precision::F32);
    let net = read_network(&dir, false)?;
    if net.n != preset.n {
        return Err(incomplete("and w.npy disagree on N"));
    }
    let eval = eval_batch(&preset, None);
    let params = NetworkMeasureParams::paper(preset.task, preset.noise.sigma_hid, o.seed);
    let bar = crate::io::progress::bar(3, "regime: noise-free states");
    let base = NetworkMeasureParams {
        noise_compression: None,
        perturbation: None,
        ..params
    };
    let mut m = network_measures(&net, &eval, &base)?;
    bar.inc(1);
    bar.set_message("regime: noise compression");
    let nc_params = params
        .noise_compression
        .context("noise compression set-up")?;
    let nc = noise_compression(&net, &eval, &nc_params, o.seed)?;
    m.noise_ratio = Some(nc.ratio_output_random);
    m.noise_ratio_pc = Some(nc.ratio_pc_random);
    bar.inc(1);
    if !o.skip_perturbation {
        bar.set_message("regime: perturbations");
        let mut pp = params.perturbation.context("perturbation set-up")?;
        pp.precision = precision;
        let pert = perturbation(&net, &eval, &pp, o.seed)?;
        m.susceptibility = Some(pert.relative_susceptibility);
        m.perturbation = Some(pert);
    }
    bar.inc(1);
    bar.finish_and_clear();
    Ok(RunReport {
        run: o.run.display().to_string(),
        task: preset.task.name(),
        output_scale: preset.output_scale.name(),
        g: preset.g,
        seed: o.seed,
        measures: m,
        noise: nc,
    })
}

/// Writes the summary CSV to `path`, `FILE_pcs.csv` and `FILE_perturbation.csv`.
pub fn write_reports(path: &Path, rep: &RunReport) -> anyhow::Result<()> {
    let m = &rep.measures;
    write_csv(
        path,
        &[SummaryRow {
            run: &rep.run,
            task: rep.task,
            n: m.n,
            corr: m.corr,
            corr_data: m.corr_data,
            state_norm: m.state_norm,
            w_out_norm: m.w_out_norm,
            w_norm: m.w_norm,
            participation_ratio: m.participation_ratio,
            d_x: m.d_x,
            d_fit: m.d_fit,
            d_fit_test: m.d_fit_test,
            noise_ratio: m.noise_ratio,
            noise_ratio_pc: m.noise_ratio_pc,
            susceptibility: m.susceptibility,
        }],
    )?;
    write_pcs(
        path,
        &m.cumulative_variance,
        &m.fit_r2,
        Some(&m.fit_r2_test),
        None,
    )?;
    if let Some(p) = &m.perturbation {
        let rows: Vec<LossRow> = p
            .directions
            .iter()
            .flat_map(|d| {
                p.amplitudes.iter().enumerate().map(move |(i, &a)| LossRow {
                    direction: d.kind.name(),
                    amplitude: a,
                    mean: d.mean[i],
                    sd: d.sd[i],
                })
            })
            .collect();
        write_csv(&sibling(path, "perturbation"), &rows)?;
    }
    Ok(())
}

/// `.npy` arrays for checks in numpy: the perturbation directions and losses, and the
/// noise-compression variances.
pub fn write_arrays(path: &Path, rep: &RunReport) -> anyhow::Result<()> {
    let (m, nc) = (&rep.measures, &rep.noise);
    let out = RunDir::create(path, false).context("--arrays")?;
    out.write_f64("noise_var_random", &[nc.var_random.len()], &nc.var_random)?;
    out.write_f64("noise_var_output", &[nc.var_output.len()], &nc.var_output)?;
    out.write_f64("noise_var_pc", &[nc.var_pc.len()], &nc.var_pc)?;
    if let Some(p) = &m.perturbation {
        let (nd, nt, na) = (p.directions.len(), p.steps.len(), p.amplitudes.len());
        let dirs: Vec<f64> = p
            .directions
            .iter()
            .flat_map(|d| d.directions.clone())
            .collect();
        let trials = dirs.len() / (nd * m.n).max(1);
        out.write_f64("perturbation_directions", &[nd, trials, m.n], &dirs)?;
        let loss: Vec<f64> = p
            .directions
            .iter()
            .flat_map(|d| d.loss.iter().flatten().copied().collect::<Vec<_>>())
            .collect();
        out.write_f64("perturbation_loss", &[nd, nt, na], &loss)?;
        let steps: Vec<f64> = p.steps.iter().map(|&k| k as f64).collect();
        out.write_f64("perturbation_steps", &[nt], &steps)?;
        out.write_f64("perturbation_amplitudes", &[na], &p.amplitudes)?;
        out.write_f64("perturbation_t_max", &[1], &[p.t_max])?;
    }
    Ok(())
}

/// The text of `oblique regime --run`.
pub fn write_text(w: &mut dyn Write, rep: &RunReport) -> io::Result<()> {
    let m = &rep.measures;
    writeln!(
        w,
        "{} ({} output, g = {}, N = {}): {}",
        rep.task, rep.output_scale, rep.g, m.n, rep.run
    )?;
    writeln!(w, "correlation gen_corr (RNN)   {:.4}", m.corr)?;
    writeln!(w, "correlation rho_data         {:.4}", m.corr_data)?;
    writeln!(w, "state norm |x|               {:.3}", m.state_norm)?;
    writeln!(w, "|W_out| per output           {:.4}", m.w_out_norm)?;
    writeln!(
        w,
        "participation ratio          {:.3}",
        m.participation_ratio
    )?;
    writeln!(w, "D_x (90% of variance)        {}", opt(m.d_x))?;
    writeln!(w, "D_fit (R^2 > 0.9, all)       {}", opt(m.d_fit))?;
    writeln!(w, "D_fit (held-out trials)      {}", opt(m.d_fit_test))?;
    let f = |v: Option<f64>| opt(v.map(|v| format!("{v:.4}")));
    writeln!(w, "noise var output / random    {}", f(m.noise_ratio))?;
    writeln!(w, "noise var PC / random        {}", f(m.noise_ratio_pc))?;
    writeln!(w, "susceptibility AUC w_out/pc  {}", f(m.susceptibility))?;
    Ok(())
}
