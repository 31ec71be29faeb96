//! `oblique sweep`: the closed-form mean-field landscape over a (lambda+, lambda-, N) grid.
//! The computation, the CSV and the figure are the library's (`oblique::commands::sweep`).

use crate::cli::model_args::ModelArgs;
use crate::cli::values::{self, Sizes};
use oblique::commands::sweep::{run as sweep, AxisRange, SweepModel};
use oblique::io::output;
use std::path::PathBuf;

/// Sweep the mean-field landscape (|kappa_bar|, rho, L_var) over a grid, in parallel.
///
/// The coupling at each point is the symmetric M at the bias-zero angle (Eq. 52); L_var is
/// Eq. 53 for erf (for tanh the same expression with numerical averages).
///
/// CSV columns: n, lambda_plus, lambda_minus, status, kappa_norm, rho, l_var. status is ok,
/// no_fixed_point (lambda+ <= lambda+min), rho_above_one (|kappa_bar| < target/sqrt(N)) or
/// unstable (lambda- >= lambda+); cells without a value are empty, never NaN. Ranges are
/// start:stop:count (inclusive), lists are comma-separated.
///
/// Example: oblique sweep --lambda-plus 1.61:3.0:1000 --lambda-minus -10:-0.1:100 --n 64,256,2048 -o landscape.csv --plot landscape.png
#[derive(clap::Args, Debug)]
#[command(allow_negative_numbers = true, verbatim_doc_comment)]
pub struct Args {
    /// lambda+ values: a range start:stop:count or a single number.
    #[arg(long, allow_hyphen_values = true, value_name = "START:STOP:COUNT", value_parser = values::range)]
    pub lambda_plus: AxisRange,
    /// lambda- values: a range start:stop:count or a single number.
    #[arg(long, allow_hyphen_values = true, value_name = "START:STOP:COUNT", value_parser = values::range)]
    pub lambda_minus: AxisRange,
    /// Network sizes, comma-separated (each at least 2).
    #[arg(long, value_name = "N,...", value_parser = values::sizes)]
    pub n: Sizes,
    #[command(flatten)]
    pub model: ModelArgs,
    /// Output CSV file (written atomically).
    #[arg(short = 'o', long, value_name = "FILE", value_parser = oblique::io::target::output_file)]
    pub output: PathBuf,
    /// Also draw L_var(lambda+) curves like Fig. 12A-D to this PNG (plus an SVG next to it).
    #[arg(long, value_name = "FILE.png", value_parser = oblique::io::target::output_file)]
    pub plot: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let m = args.model.parse()?;
    let points =
        args.lambda_plus.count as f64 * args.lambda_minus.count as f64 * args.n.0.len() as f64;
    crate::cli::limits::check(oblique_validate::budget::sweep_cost(points))?;
    if let Some(p) = &args.plot {
        if p.extension().and_then(|e| e.to_str()) != Some("png") {
            anyhow::bail!(
                "--plot: '{}' must end in .png (an .svg is written next to it)",
                p.display()
            );
        }
    }
    let model = SweepModel {
        noise: m.noise,
        target: m.target,
        nonlinearity: m.nonlinearity,
    };
    let (lp, lm) = (&args.lambda_plus, &args.lambda_minus);
    let counts = sweep(model, lp, lm, &args.n.0, &args.output, args.plot.as_deref())?;
    // with `-o -` the CSV is on stdout: the summary goes to stderr
    let line = counts.summary(&args.output);
    if output::is_stdout(&args.output) {
        eprintln!("{line}")
    } else {
        println!("{line}")
    }
    if let Some(png) = &args.plot {
        let svg = png.with_extension("svg");
        println!("wrote {} and {}", png.display(), svg.display());
    }
    Ok(())
}
