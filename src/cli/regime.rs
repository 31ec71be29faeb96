//! `oblique regime`: is a recording aligned or oblique? The measures, reports and text are
//! the library's (`oblique::commands::regime`).

use std::path::Path;
use std::path::PathBuf;

use crate::cli::values;
use anyhow::Context;
use oblique::commands::regime::network::{self, RunOptions};
use oblique::commands::regime::recording::{self, Recording};
use oblique::io::output::print_json;

/// Measures how far the activity of a recording and its behavioural output are aligned
/// (Schuessler et al. 2024, Figs. 7, 8, 22), exactly as the authors' data analysis does:
///
///   X (samples x neurons) is centred over samples, Y (samples x outputs) is centred, and
///   a ridge regression Y ~ X is fitted with the penalty alpha chosen among
///   logspace(-3, 6, 20) by efficient leave-one-out cross-validation (scikit-learn's
///   RidgeCV with cv=None). Then:
///
///   r2                 R^2 of that fit on the same data, averaged over outputs
///   corr               |X w^T|_F / (|X|_F |w|_F) with the fitted weights w, or with
///                      --weights (e.g. the decoder of a BCI experiment)
///   participation_ratio (sum lambda)^2 / sum lambda^2 of the covariance of X
///   d_x                the first k whose top-k PCs explain more than 90% of the variance
///   d_fit              the first k whose top-k PCs give R^2 > 0.9 R^2_full (alpha re-chosen)
///   d_fit_rel          d_fit / d_x
///
///   Small corr (about 1/sqrt(N)) and d_fit_rel of 1 or more point to oblique dynamics
///   (the output reads weak directions of the activity, so it needs as many PCs as the
///   activity or more); corr of order 1 and d_fit_rel well below 1 to aligned dynamics
///   (the output lives in the leading PCs; paper-methods 4.2: D_fit 3.4 vs D_x 4.4
///   aligned, 8.2 vs 4.8 oblique, cycling).
///
/// With --run RUN_DIR (a directory written by `oblique train task`) it measures the trained
/// network instead (methods 3.1-3.4, 3.7, 3.8), on the noise-free run of the task's
/// evaluation batch: gen_corr (RNN variant) and rho_data, norms, participation ratio, D_x,
/// D_fit (R^2 > 0.9 on all trials and on the held-out quarter), the noise compression
/// (variance of the trial-to-trial fluctuations along W_out over random directions, 4
/// conditions x 16 repeats at the training noise) and the susceptibility (loss AUC after
/// kicks along W_out over kicks along the top-2 PCs; the slow part: 840 re-runs of the
/// batch, --skip-perturbation leaves it out). -o FILE.csv writes the summary, FILE_pcs.csv
/// and FILE_perturbation.csv (loss against amplitude, mean and sd over the 10 times);
/// --arrays DIR the variances and the perturbation directions and losses as .npy.
///
/// --subsample R repeats the fit on R random neuron subsets of each size floor(N f),
/// f = 0.1, 0.2, ..., 1 (Fig. 8): corr * sqrt(N_sub) flat in N_sub means oblique, growing
/// as N_sub^(1/2) aligned. Subsets are seeded (--seed); results do not depend on threads.
///
/// Files: .npy (float32 or float64, C or Fortran order; a 1-D array is one column) or
/// .csv/.tsv (numbers, optional header line). -o FILE.csv writes the summary; beside it
/// FILE_pcs.csv (cumulative variance and R^2 against the number of PCs) and, with
/// --subsample, FILE_subsample.csv.
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
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
    #[arg(long, value_name = "K", default_value_t = 0, allow_negative_numbers = true,
          value_parser = values::count0)]
    pub delay: usize,
    /// Neuron subsampling (Fig. 8) with REPEATS random subsets per size (published: 20)
    #[arg(long, value_name = "REPEATS", allow_negative_numbers = true,
          value_parser = values::repeats)]
    pub subsample: Option<u32>,
    /// Seed of the neuron subsets (with --run: of the noise and the directions)
    #[arg(long, default_value_t = 0, allow_negative_numbers = true, value_parser = values::seed)]
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

/// Runs `oblique regime`.
pub fn run(a: Args) -> anyhow::Result<()> {
    if let Some(dir) = &a.run {
        return run_network(&a, dir);
    }
    if let Some(p) = &a.plot {
        if !p.extension().is_some_and(|e| e.eq_ignore_ascii_case("png")) {
            anyhow::bail!("--plot: '{}' must end in .png", p.display());
        }
    }
    let (states, output) = match (&a.states, &a.output) {
        (Some(s), Some(o)) => (s, o),
        _ => anyhow::bail!("--states and --output are both needed (or --run RUN_DIR)"),
    };
    let rec = Recording {
        states,
        output,
        weights: a.weights.as_deref(),
        delay: a.delay,
        subsample: a.subsample,
        seed: a.seed,
    };
    let rep = recording::measure(&rec)?;
    if let Some(path) = &a.report {
        recording::write_reports(path, &rec, &rep)?;
    }
    if let Some(path) = &a.plot {
        oblique::command_figures::regime::draw(path, &rep)
            .with_context(|| format!("--plot: cannot draw {}", path.display()))?;
    }
    if a.json {
        print_json(&rep)
    } else {
        Ok(recording::write_text(&mut std::io::stdout().lock(), &rep)?)
    }
}

/// `--run RUN_DIR`: the measures of a trained network.
fn run_network(a: &Args, dir: &Path) -> anyhow::Result<()> {
    let rep = network::measure(&RunOptions {
        run: dir,
        seed: a.seed,
        skip_perturbation: a.skip_perturbation,
    })?;
    if let Some(path) = &a.report {
        network::write_reports(path, &rep)?;
    }
    if let Some(path) = &a.arrays {
        network::write_arrays(path, &rep)?;
    }
    if a.json {
        print_json(&rep)
    } else {
        Ok(network::write_text(&mut std::io::stdout().lock(), &rep)?)
    }
}
