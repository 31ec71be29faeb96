//! `oblique regime`: is a recording aligned or oblique? Every regime measure of an activity
//! matrix and a behavioural output (methods 3.5, 3.9 of the published study).

use std::path::{Path, PathBuf};

use anyhow::Context;
use oblique_validate::regime::{
    analyse_recording, RecordingOptions, RegimeReport, SubsampleOptions,
};

use oblique::io::matrix::read_matrix;
use oblique::io::output::{print_json, write_csv};

mod run;

/// Long help of `oblique regime`.
const DETAILS: &str = "\
Measures how far the activity of a recording and its behavioural output are aligned
(Schuessler et al. 2024, Figs. 7, 8, 22), exactly as the authors' data analysis does:

  X (samples x neurons) is centred over samples, Y (samples x outputs) is centred, and
  a ridge regression Y ~ X is fitted with the penalty alpha chosen among
  logspace(-3, 6, 20) by efficient leave-one-out cross-validation (scikit-learn's
  RidgeCV with cv=None). Then:

  r2                 R^2 of that fit on the same data, averaged over outputs
  corr               |X w^T|_F / (|X|_F |w|_F) with the fitted weights w, or with
                     --weights (e.g. the decoder of a BCI experiment)
  participation_ratio (sum lambda)^2 / sum lambda^2 of the covariance of X
  d_x                the first k whose top-k PCs explain more than 90% of the variance
  d_fit              the first k whose top-k PCs give R^2 > 0.9 R^2_full (alpha re-chosen)
  d_fit_rel          d_fit / d_x

  Small corr (about 1/sqrt(N)) and d_fit_rel of 1 or more point to oblique dynamics
  (the output reads weak directions of the activity, so it needs as many PCs as the
  activity or more); corr of order 1 and d_fit_rel well below 1 to aligned dynamics
  (the output lives in the leading PCs; paper-methods 4.2: D_fit 3.4 vs D_x 4.4
  aligned, 8.2 vs 4.8 oblique, cycling).

With --run RUN_DIR (a directory written by `oblique train task`) it measures the trained
network instead (methods 3.1-3.4, 3.7, 3.8), on the noise-free run of the task's
evaluation batch: gen_corr (RNN variant) and rho_data, norms, participation ratio, D_x,
D_fit (R^2 > 0.9 on all trials and on the held-out quarter), the noise compression
(variance of the trial-to-trial fluctuations along W_out over random directions, 4
conditions x 16 repeats at the training noise) and the susceptibility (loss AUC after
kicks along W_out over kicks along the top-2 PCs; the slow part: 840 re-runs of the
batch, --skip-perturbation leaves it out). -o FILE.csv writes the summary, FILE_pcs.csv
and FILE_perturbation.csv (loss against amplitude, mean and sd over the 10 times);
--arrays DIR the variances and the perturbation directions and losses as .npy.

--subsample R repeats the fit on R random neuron subsets of each size floor(N f),
f = 0.1, 0.2, ..., 1 (Fig. 8): corr * sqrt(N_sub) flat in N_sub means oblique, growing
as N_sub^(1/2) aligned. Subsets are seeded (--seed); results do not depend on threads.

Files: .npy (float32 or float64, C or Fortran order; a 1-D array is one column) or
.csv/.tsv (numbers, optional header line). -o FILE.csv writes the summary; beside it
FILE_pcs.csv (cumulative variance and R^2 against the number of PCs) and, with
--subsample, FILE_subsample.csv.";

/// Arguments of `oblique regime`.
#[derive(clap::Args, Debug)]
#[command(after_long_help = DETAILS)]
pub struct Args {
    /// Activity, samples x neurons (.npy or .csv)
    #[arg(long, value_name = "FILE", required_unless_present = "run")]
    pub states: Option<PathBuf>,
    /// Behavioural output, samples x outputs (.npy or .csv)
    #[arg(long, value_name = "FILE", required_unless_present = "run")]
    pub output: Option<PathBuf>,
    /// A run directory of `oblique train task`: measure the trained network instead
    #[arg(long, value_name = "RUN_DIR",
          conflicts_with_all = ["states", "output", "weights", "delay", "subsample", "plot"])]
    pub run: Option<PathBuf>,
    /// With --run: leave out the perturbation measure (the slow part)
    #[arg(long, requires = "run")]
    pub skip_perturbation: bool,
    /// With --run: write the noise variances and perturbation directions/losses as .npy here
    #[arg(long, value_name = "DIR", requires = "run")]
    pub arrays: Option<PathBuf>,
    /// Fixed readout weights, outputs x neurons (or transposed): used for the correlation
    #[arg(long, value_name = "FILE")]
    pub weights: Option<PathBuf>,
    /// Pair output sample t with activity sample t - K (activity leads the output)
    #[arg(long, value_name = "K", default_value_t = 0)]
    pub delay: usize,
    /// Neuron subsampling (Fig. 8) with REPEATS random subsets per size (published: 20)
    #[arg(long, value_name = "REPEATS",
          value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub subsample: Option<u32>,
    /// Seed of the neuron subsets (with --run: of the noise and the directions)
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Print the measures as JSON on stdout
    #[arg(long)]
    pub json: bool,
    /// Write the summary as CSV (and FILE_pcs.csv, FILE_subsample.csv beside it)
    #[arg(short = 'o', long = "report", value_name = "FILE.csv")]
    pub report: Option<PathBuf>,
    /// Draw variance explained and R^2 against the number of PCs (and, with --subsample,
    /// the scaling plot) as PNG
    #[arg(long, value_name = "FILE.png")]
    pub plot: Option<PathBuf>,
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

/// One row per number of PCs.
#[derive(serde::Serialize)]
struct PcRow {
    k: usize,
    cumulative_variance: f64,
    r2: f64,
    alpha: f64,
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

fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!("{stem}_{suffix}.csv"))
}

/// Reads the files and computes every measure.
pub fn measure(a: &Args) -> anyhow::Result<RegimeReport> {
    if let Some(p) = &a.plot {
        if !p.extension().is_some_and(|e| e.eq_ignore_ascii_case("png")) {
            anyhow::bail!("--plot: '{}' must end in .png", p.display());
        }
    }
    let (states, output) = match (&a.states, &a.output) {
        (Some(s), Some(o)) => (s, o),
        _ => anyhow::bail!("--states and --output are both needed (or --run RUN_DIR)"),
    };
    let x = load("--states", states)?;
    let y = load("--output", output)?;
    let weights = match &a.weights {
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
        states_name: format!("--states '{}'", states.display()),
        output_name: format!("--output '{}'", output.display()),
        weights_name: format!(
            "--weights '{}'",
            a.weights.as_deref().unwrap_or(Path::new("")).display()
        ),
        ..RecordingOptions::default()
    };
    Ok(analyse_recording(&x, &y, &opts)?)
}

/// Runs `oblique regime`.
pub fn run(a: Args) -> anyhow::Result<()> {
    if let Some(dir) = &a.run {
        return run::run(&run::RunOptions {
            run: dir,
            seed: a.seed,
            skip_perturbation: a.skip_perturbation,
            json: a.json,
            report: a.report.as_deref(),
            arrays: a.arrays.as_deref(),
        });
    }
    let rep = measure(&a)?;
    if let Some(path) = &a.report {
        write_reports(path, &a, &rep)?;
    }
    if let Some(path) = &a.plot {
        oblique::command_figures::regime::draw(path, &rep)
            .with_context(|| format!("--plot: cannot draw {}", path.display()))?;
    }
    if a.json {
        print_json(&rep)
    } else {
        print_text(&rep);
        Ok(())
    }
}

fn write_reports(path: &Path, a: &Args, rep: &RegimeReport) -> anyhow::Result<()> {
    let show = |p: &Option<PathBuf>| p.as_deref().unwrap_or(Path::new("")).display().to_string();
    let (states, output) = (show(&a.states), show(&a.output));
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
    let pcs: Vec<PcRow> = (0..rep.fit_r2.len())
        .map(|k| PcRow {
            k: k + 1,
            cumulative_variance: rep.cumulative_variance[k],
            r2: rep.fit_r2[k],
            alpha: rep.fit_alpha[k],
        })
        .collect();
    write_csv(&sibling(path, "pcs"), &pcs)?;
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

fn opt<T: std::fmt::Display>(v: Option<T>) -> String {
    v.map_or("none".into(), |v| v.to_string())
}

fn print_text(rep: &RegimeReport) {
    println!(
        "{} samples, {} neurons, {} outputs (delay {})",
        rep.n_samples, rep.n_neurons, rep.n_outputs, rep.delay
    );
    println!(
        "R^2 (full fit, same data)  {:.4}   alpha {:.3e}",
        rep.r2, rep.alpha
    );
    let source = if rep.weights_given {
        "given weights"
    } else {
        "fitted weights"
    };
    println!("correlation rho_data       {:.4}   ({source})", rep.corr);
    println!("participation ratio        {:.3}", rep.participation_ratio);
    println!("D_x (90% of variance)      {}", opt(rep.d_x));
    println!("D_fit (90% of full R^2)    {}", opt(rep.d_fit));
    println!(
        "D_fit / D_x                {}",
        opt(rep.d_fit_rel.map(|v| format!("{v:.3}")))
    );
    if let Some(sub) = &rep.subsample {
        println!("\n{:>6} {:>16} {:>16}", "N_sub", "rho sqrt(N_sub)", "R^2");
        for s in sub {
            println!(
                "{:>6} {:>9.4} ± {:<6.4} {:>7.4} ± {:<6.4}",
                s.n_sub, s.corr_sqrt_n.mean, s.corr_sqrt_n.sd, s.r2.mean, s.r2.sd
            );
        }
    }
}
