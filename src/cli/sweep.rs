//! `oblique sweep`: the closed-form mean-field landscape over a (lambda+, lambda-, N) grid.

use crate::cli::model_args::{Model, ModelArgs};
use indicatif::ProgressBar;
use oblique::command_figures::landscape::LandscapeFigure;
use oblique::io::{output, parse};
use oblique::plot::style::save_png_svg;
use oblique_theory::rank_two::lambda_plus_min;
use oblique_theory::sweep::{PointResult, Sweep, SweepGrid};
use std::fmt::Write as _;
use std::path::PathBuf;

/// Sweep the mean-field landscape (|kappa_bar|, rho, L_var) over a grid, in parallel.
///
/// The coupling at each point is the symmetric M at the bias-zero angle (Eq. 52); L_var is
/// Eq. 53 for erf (for tanh the same expression with numerical averages). The CSV has one
/// row per point, columns n, lambda_plus, lambda_minus, status, kappa_norm, rho, l_var.
/// status is one of ok, no_fixed_point (lambda+ <= lambda+min), rho_above_one
/// (|kappa_bar| < target/sqrt(N)), unstable (lambda- >= lambda+); cells without a value are
/// empty (never NaN).
///
/// Ranges are start:stop:count (inclusive), lists are comma-separated.
///
/// Example: oblique sweep --lambda-plus 1.61:3.0:1000 --lambda-minus -10:-0.1:100 --n 64,256,2048 -o landscape.csv --plot landscape.png
const AFTER_HELP: &str = "CSV columns: n, lambda_plus, lambda_minus, status, kappa_norm, rho, l_var. status is ok,
no_fixed_point (lambda+ <= lambda+min), rho_above_one (|kappa_bar| < target/sqrt(N)) or unstable
(lambda- >= lambda+); cells without a value are empty, never NaN. Ranges are start:stop:count.

Example: oblique sweep --lambda-plus 1.61:3.0:1000 --lambda-minus -10:-0.1:100 --n 64,256,2048 -o landscape.csv --plot landscape.png";

#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment, after_help = AFTER_HELP)]
pub struct Args {
    /// lambda+ values: a range start:stop:count or a single number.
    #[arg(long, allow_hyphen_values = true, value_name = "START:STOP:COUNT")]
    pub lambda_plus: String,
    /// lambda- values: a range start:stop:count or a single number.
    #[arg(long, allow_hyphen_values = true, value_name = "START:STOP:COUNT")]
    pub lambda_minus: String,
    /// Network sizes, comma-separated (each at least 2).
    #[arg(long, allow_hyphen_values = true, value_name = "N,...")]
    pub n: String,
    #[command(flatten)]
    pub model: ModelArgs,
    /// Output CSV file (written atomically).
    #[arg(short = 'o', long, value_name = "FILE", value_parser = oblique::io::target::output_file)]
    pub output: PathBuf,
    /// Also draw L_var(lambda+) curves like Fig. 12A-D to this PNG (plus an SVG next to it).
    #[arg(long, value_name = "FILE.png", value_parser = oblique::io::target::output_file)]
    pub plot: Option<PathBuf>,
}

/// A progress bar on stderr for `len` steps, hidden when short or not a terminal.
fn progress(len: u64, what: &str, show: bool) -> ProgressBar {
    if !show {
        return ProgressBar::hidden();
    }
    oblique::io::progress::bar(len, what)
}

fn fmt_opt(buf: &mut String, v: Option<f64>) {
    if let Some(x) = v {
        let _ = write!(buf, "{x}");
    }
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let Model {
        noise,
        target,
        nonlinearity,
    } = args.model.parse()?;
    let grid = SweepGrid {
        lambda_plus: parse::range("--lambda-plus", &args.lambda_plus)?,
        lambda_minus: parse::range("--lambda-minus", &args.lambda_minus)?,
        n: parse::list_usize("--n", &args.n, 2)?,
    };
    if let Some(p) = &args.plot {
        if p.extension().and_then(|e| e.to_str()) != Some("png") {
            anyhow::bail!(
                "--plot: '{}' must end in .png (an .svg is written next to it)",
                p.display()
            );
        }
    }
    let total = grid.len();
    let show = total >= 200_000;
    let sweep = Sweep::new(noise, nonlinearity.into(), target, grid)?;
    let grid = sweep.grid();
    let np = grid.lambda_plus.len();

    // compute in blocks of rows so that the bar moves
    let mut points = vec![PointResult::NoFixedPoint; total];
    let rows_per_block = (grid.rows() / 50).max(1);
    let bar = progress(total as u64, "computing", show);
    for (b, block) in points.chunks_mut(rows_per_block * np).enumerate() {
        sweep.evaluate_rows(b * rows_per_block, block);
        bar.inc(block.len() as u64);
    }
    bar.finish_and_clear();

    let bar = progress(total as u64, "writing", show);
    output::write_atomic(&args.output, |w| {
        writeln!(w, "n,lambda_plus,lambda_minus,status,kappa_norm,rho,l_var")?;
        let mut line = String::with_capacity(128);
        for (i, p) in points.iter().enumerate() {
            let (n, lm, lp) = grid.coordinates(i);
            line.clear();
            let _ = write!(line, "{n},{lp},{lm},{},", p.status());
            fmt_opt(&mut line, p.kappa_norm());
            line.push(',');
            fmt_opt(&mut line, p.rho());
            line.push(',');
            fmt_opt(&mut line, p.l_var());
            line.push('\n');
            w.write_all(line.as_bytes())?;
            if i % 65_536 == 0 {
                bar.set_position(i as u64);
            }
        }
        Ok(())
    })?;
    bar.finish_and_clear();

    let mut counts = [0usize; 4];
    for p in &points {
        counts[match p {
            PointResult::Ok { .. } => 0,
            PointResult::NoFixedPoint => 1,
            PointResult::RhoAboveOne { .. } => 2,
            PointResult::Unstable { .. } => 3,
        }] += 1;
    }
    // with `-o -` the CSV is on stdout: the summary goes to stderr
    let say = |line: String| {
        if output::is_stdout(&args.output) {
            eprintln!("{line}")
        } else {
            println!("{line}")
        }
    };
    say(format!(
        "wrote {}: {total} points (ok {}, no_fixed_point {}, rho_above_one {}, unstable {})",
        args.output.display(),
        counts[0],
        counts[1],
        counts[2],
        counts[3]
    ));
    if let Some(png) = &args.plot {
        let fig =
            LandscapeFigure::from_sweep(grid, &points, lambda_plus_min(nonlinearity.into(), noise));
        save_png_svg(&fig, &png.with_extension(""))?;
        println!(
            "wrote {} and {}",
            png.display(),
            png.with_extension("svg").display()
        );
    }
    Ok(())
}
