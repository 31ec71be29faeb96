//! `oblique regime --states X --output Y`: every regime measure of a recording (methods
//! 3.5, 3.9 of the published study), its CSV reports and its text.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use oblique_validate::regime::{
    analyse_recording, RecordingOptions, RegimeReport, SubsampleOptions,
};

use super::{opt, write_pcs};
use crate::io::matrix::read_matrix;
use crate::io::output::write_csv;

/// The files and options of a recording.
pub struct Recording<'a> {
    /// activity, samples x neurons
    pub states: &'a Path,
    /// behavioural output, samples x outputs
    pub output: &'a Path,
    /// fixed readout weights
    pub weights: Option<&'a Path>,
    /// output sample t pairs with activity sample t - delay
    pub delay: usize,
    /// neuron subsampling with this many subsets per size
    pub subsample: Option<u32>,
    /// seed of the subsets
    pub seed: u64,
}

/// One row of the summary CSV.
#[derive(serde::Serialize)]
struct SummaryRow<'a> {
    states: &'a str,
    output: &'a str,
    n_samples: usize,
    n_neurons: usize,
    n_outputs: usize,
    delay: usize,
    r2: f64,
    alpha: f64,
    corr: f64,
    corr_fit: f64,
    weights_given: bool,
    participation_ratio: f64,
    d_x: Option<usize>,
    d_fit: Option<usize>,
    d_fit_rel: Option<f64>,
}

/// One row per subset size.
#[derive(serde::Serialize)]
struct SubsampleCsvRow {
    n_sub: usize,
    corr_sqrt_n_mean: f64,
    corr_sqrt_n_sd: f64,
    corr_mean: f64,
    corr_sd: f64,
    r2_mean: f64,
    r2_sd: f64,
    alpha_mean: f64,
    alpha_sd: f64,
    pr_mean: f64,
    pr_sd: f64,
}

fn load(flag: &str, path: &Path) -> anyhow::Result<nalgebra::DMatrix<f64>> {
    read_matrix(path).with_context(|| format!("{flag}: cannot load a matrix"))
}

/// `FILE_<suffix>.csv` beside `path`.
pub fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!("{stem}_{suffix}.csv"))
}

/// Reads the files and computes every measure.
pub fn measure(a: &Recording) -> anyhow::Result<RegimeReport> {
    let x = load("--states", a.states)?;
    let y = load("--output", a.output)?;
    let weights = match a.weights {
        Some(p) => Some(load("--weights", p)?),
        None => None,
    };
    let opts = RecordingOptions {
        weights,
        delay: a.delay,
        subsample: a.subsample.map(|r| SubsampleOptions {
            repeats: r as usize,
            ..SubsampleOptions::published(a.seed)
        }),
        states_name: format!("--states '{}'", a.states.display()),
        output_name: format!("--output '{}'", a.output.display()),
        weights_name: format!(
            "--weights '{}'",
            a.weights.unwrap_or(Path::new("")).display()
        ),
        ..RecordingOptions::default()
    };
    Ok(analyse_recording(&x, &y, &opts)?)
}

/// Writes the summary CSV to `path`, `FILE_pcs.csv` and (with subsampling) `FILE_subsample.csv`.
pub fn write_reports(path: &Path, a: &Recording, rep: &RegimeReport) -> anyhow::Result<()> {
    let (states, output) = (
        a.states.display().to_string(),
        a.output.display().to_string(),
    );
    write_csv(
        path,
        &[SummaryRow {
            states: &states,
            output: &output,
            n_samples: rep.n_samples,
            n_neurons: rep.n_neurons,
            n_outputs: rep.n_outputs,
            delay: rep.delay,
            r2: rep.r2,
            alpha: rep.alpha,
            corr: rep.corr,
            corr_fit: rep.corr_fit,
            weights_given: rep.weights_given,
            participation_ratio: rep.participation_ratio,
            d_x: rep.d_x,
            d_fit: rep.d_fit,
            d_fit_rel: rep.d_fit_rel,
        }],
    )?;
    write_pcs(
        path,
        &rep.cumulative_variance,
        &rep.fit_r2,
        None,
        Some(&rep.fit_alpha),
    )?;
    if let Some(sub) = &rep.subsample {
        let rows: Vec<SubsampleCsvRow> = sub
            .iter()
            .map(|s| SubsampleCsvRow {
                n_sub: s.n_sub,
                corr_sqrt_n_mean: s.corr_sqrt_n.mean,
                corr_sqrt_n_sd: s.corr_sqrt_n.sd,
                corr_mean: s.corr.mean,
                corr_sd: s.corr.sd,
                r2_mean: s.r2.mean,
                r2_sd: s.r2.sd,
                alpha_mean: s.alpha.mean,
                alpha_sd: s.alpha.sd,
                pr_mean: s.participation_ratio.mean,
                pr_sd: s.participation_ratio.sd,
            })
            .collect();
        write_csv(&sibling(path, "subsample"), &rows)?;
    }
    Ok(())
}

/// The text of `oblique regime`.
pub fn write_text(w: &mut dyn Write, rep: &RegimeReport) -> io::Result<()> {
    writeln!(
        w,
        "{} samples, {} neurons, {} outputs (delay {})",
        rep.n_samples, rep.n_neurons, rep.n_outputs, rep.delay
    )?;
    writeln!(
        w,
        "R^2 (full fit, same data)  {:.4}   alpha {:.3e}",
        rep.r2, rep.alpha
    )?;
    let source = if rep.weights_given {
        "given weights"
    } else {
        "fitted weights"
    };
    writeln!(w, "correlation rho_data       {:.4}   ({source})", rep.corr)?;
    writeln!(
        w,
        "participation ratio        {:.3}",
        rep.participation_ratio
    )?;
    writeln!(w, "D_x (90% of variance)      {}", opt(rep.d_x))?;
    writeln!(w, "D_fit (90% of full R^2)    {}", opt(rep.d_fit))?;
    writeln!(
        w,
        "D_fit / D_x                {}",
        opt(rep.d_fit_rel.map(|v| format!("{v:.3}")))
    )?;
    if let Some(sub) = &rep.subsample {
        writeln!(
            w,
            "\n{:>6} {:>16} {:>16}",
            "N_sub", "rho sqrt(N_sub)", "R^2"
        )?;
        for s in sub {
            writeln!(
                w,
                "{:>6} {:>9.4} ± {:<6.4} {:>7.4} ± {:<6.4}",
                s.n_sub, s.corr_sqrt_n.mean, s.corr_sqrt_n.sd, s.r2.mean, s.r2.sd
            )?;
        }
    }
    Ok(())
}
