//! `oblique sweep`: the closed-form mean-field landscape over a (lambda+, lambda-, N) grid,
//! written as CSV (one row per point) and optionally drawn like Fig. 12A-D.

use crate::command_figures::landscape::LandscapeFigure;
pub use crate::commands::values::{AxisRange, MAX_RANGE_POINTS};
use crate::io::output;
use crate::plot::style::save_png_svg;
use indicatif::ProgressBar;
use oblique_theory::format::num;
use oblique_theory::nonlinearity::Builtin;
use oblique_theory::rank_two::{lambda_plus_min, NoiseLevel};
use oblique_theory::sweep::{PointResult, Sweep, SweepGrid};
use std::fmt::Write as _;
use std::path::Path;

/// The model of every point of the sweep.
#[derive(Debug, Clone, Copy)]
pub struct SweepModel {
    /// sigma
    pub noise: NoiseLevel,
    /// z
    pub target: f64,
    /// phi
    pub nonlinearity: Builtin,
}

/// How many points of each status the sweep found.
#[derive(Debug, Clone, Copy, Default)]
pub struct SweepCounts {
    /// all points
    pub total: usize,
    /// ok, no_fixed_point, rho_above_one, unstable
    pub by_status: [usize; 4],
}

impl SweepCounts {
    /// The summary line printed after the CSV is written.
    pub fn summary(&self, output: &Path) -> String {
        let c = self.by_status;
        format!(
            "wrote {}: {} points (ok {}, no_fixed_point {}, rho_above_one {}, unstable {})",
            output.display(),
            self.total,
            c[0],
            c[1],
            c[2],
            c[3]
        )
    }
}

/// A progress bar on stderr for `len` steps, hidden when short or not a terminal.
fn progress(len: u64, what: &str, show: bool) -> ProgressBar {
    if !show {
        return ProgressBar::hidden();
    }
    crate::io::progress::bar(len, what)
}

fn fmt_opt(buf: &mut String, v: Option<f64>) {
    if let Some(x) = v {
        let _ = write!(buf, "{x}");
    }
}

/// Evaluates every point of the grid, in blocks of rows so that the bar moves.
fn evaluate(sweep: &Sweep, show: bool) -> Vec<PointResult> {
    let grid = sweep.grid();
    let total = grid.len();
    let np = grid.lambda_plus.len();
    let mut points = vec![PointResult::NoFixedPoint; total];
    let rows_per_block = (grid.rows() / 50).max(1);
    let bar = progress(total as u64, "computing", show);
    for (b, block) in points.chunks_mut(rows_per_block * np).enumerate() {
        sweep.evaluate_rows(b * rows_per_block, block);
        bar.inc(block.len() as u64);
    }
    bar.finish_and_clear();
    points
}

/// Refuses a grid with a fixed point whose values overflow (`|lambda+|` near `1e300`), so
/// that no row of the CSV says `ok` beside `inf` or `NaN`.
fn check_finite(grid: &SweepGrid, points: &[PointResult]) -> anyhow::Result<()> {
    let bad = points.iter().position(|p| {
        [p.kappa_norm(), p.rho(), p.l_var()]
            .iter()
            .any(|v| v.is_some_and(|v| !v.is_finite()))
    });
    if let Some(i) = bad {
        let (n, lm, lp) = grid.coordinates(i);
        anyhow::bail!(
            "--lambda-plus, --lambda-minus: the mean field overflows floating point at \
             lambda+ = {}, lambda- = {}, N = {n}; narrow the ranges",
            num(lp),
            num(lm)
        );
    }
    Ok(())
}

/// Writes the CSV `n,lambda_plus,lambda_minus,status,kappa_norm,rho,l_var` (cells without a
/// value empty, never NaN).
fn write_points(
    path: &Path,
    grid: &SweepGrid,
    points: &[PointResult],
    show: bool,
) -> anyhow::Result<()> {
    let bar = progress(points.len() as u64, "writing", show);
    output::write_atomic(path, |w| {
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
    Ok(())
}

/// Sweeps the grid, writes the CSV to `output` and, with `plot`, draws the L_var(lambda+)
/// curves to that PNG and an SVG beside it.
pub fn run(
    model: SweepModel,
    lambda_plus: &AxisRange,
    lambda_minus: &AxisRange,
    n: &[usize],
    output: &Path,
    plot: Option<&Path>,
) -> anyhow::Result<SweepCounts> {
    lambda_plus.check("--lambda-plus")?;
    lambda_minus.check("--lambda-minus")?;
    let grid = SweepGrid {
        lambda_plus: lambda_plus.values(),
        lambda_minus: lambda_minus.values(),
        n: n.to_vec(),
    };
    let total = grid.len();
    let show = total >= 200_000;
    let sweep = Sweep::new(model.noise, model.nonlinearity.into(), model.target, grid)?;
    let points = evaluate(&sweep, show);
    check_finite(sweep.grid(), &points)?;
    write_points(output, sweep.grid(), &points, show)?;
    let mut counts = SweepCounts {
        total,
        ..SweepCounts::default()
    };
    for p in &points {
        counts.by_status[match p {
            PointResult::Ok { .. } => 0,
            PointResult::NoFixedPoint => 1,
            PointResult::RhoAboveOne { .. } => 2,
            PointResult::Unstable { .. } => 3,
        }] += 1;
    }
    if let Some(png) = plot {
        let lmin = lambda_plus_min(model.nonlinearity.into(), model.noise);
        let fig = LandscapeFigure::from_sweep(sweep.grid(), &points, lmin);
        save_png_svg(&fig, &png.with_extension(""))?;
    }
    Ok(counts)
}
