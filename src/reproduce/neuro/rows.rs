//! The report rows of Figs. 3-6 and 16: the published value next to ours (mean over the
//! networks, their standard deviation as the band) and every claim of the study as a
//! target row (issue 12, item 3).

use super::grid::Grid;
use super::missed;
use super::plan::{task_label, Size};
use super::published::{dfit_claim, value, Measure};
use super::trained;
use super::values::{mean_sd, values};
use crate::reproduce::report::{Check, Row, Verdict};
use oblique_validate::rnn::init::OutputScale;
use oblique_validate::rnn::tasks::TaskKind;

/// Which figure's rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fig {
    /// correlation, norms, dimensions
    Fig3,
    /// dissimilarity between learners
    Fig4,
    /// perturbation susceptibility
    Fig5,
    /// noise compression
    Fig6,
    /// all four initialisations
    Fig16,
}

fn name(m: Measure) -> &'static str {
    match m {
        Measure::Corr => "rho",
        Measure::WOut => "|w_out|",
        Measure::X => "|x|",
        Measure::Dx => "D_x,90",
        Measure::Dfit => "D_fit,90 (R^2 all trials)",
        Measure::DfitTest => "D_fit,90 (R^2 held-out trials)",
        Measure::Dissim => "dissimilarity (rad)",
        Measure::Noise => "var. output / random",
        Measure::Susc => "rel. susceptibility",
    }
}

fn scenario(scale: OutputScale, g: f64) -> String {
    format!("{} output, g = {g}", scale.name())
}

/// Published value against our mean; within a factor 1.5 at the paper's size, shown
/// without a target at the reduced sizes (the values depend on N and on training length).
fn value_row(grid: &Grid, m: Measure, task: TaskKind, scale: OutputScale, g: f64) -> Row {
    let ours = mean_sd(&values(grid, m, task, scale, g));
    let published = value(m, task, scale, g);
    let paper = grid.plan.size == Size::Paper;
    let check = if paper && published.is_some() {
        Check::Factor(1.5)
    } else {
        Check::Info
    };
    let mut r = Row::new(
        &format!("{} ({})", name(m), scenario(scale, g)),
        task_label(task),
        published,
        ours.map(|o| o.0),
        check,
    )
    .band(ours.map(|o| o.1));
    if !paper && published.is_some() {
        r = r.note(&format!(
            "published at N = 512; ours at N = {} (compared at --paper size)",
            grid.plan.n_of(task, g)
        ));
    }
    r
}

/// A claim about the ratio of the group means `scale_num / scale_den`.
fn ratio_claim(
    grid: &Grid,
    m: Measure,
    task: TaskKind,
    g: f64,
    large_over_small: bool,
    check: Check,
) -> Row {
    let (num, den) = if large_over_small {
        (OutputScale::Large, OutputScale::Small)
    } else {
        (OutputScale::Small, OutputScale::Large)
    };
    let mean = |s| mean_sd(&values(grid, m, task, s, g)).map(|x| x.0);
    let ratio = match (mean(num), mean(den)) {
        (Some(a), Some(b)) if b != 0.0 => Some(a / b),
        _ => None,
    };
    let published = match (value(m, task, num, g), value(m, task, den, g)) {
        (Some(a), Some(b)) => Some(a / b),
        _ => None,
    };
    let row = Row::new(
        &format!("{} {} / {} (g = {g})", name(m), num.name(), den.name()),
        task_label(task),
        published,
        ratio,
        check,
    );
    claim(grid, row, (m, task, g), &[num, den])
}

/// A claim about one group mean.
fn bound_claim(
    grid: &Grid,
    m: Measure,
    task: TaskKind,
    scale: OutputScale,
    g: f64,
    check: Check,
) -> Row {
    let ours = mean_sd(&values(grid, m, task, scale, g));
    let row = Row::new(
        &format!("{} ({}), claim", name(m), scenario(scale, g)),
        task_label(task),
        value(m, task, scale, g),
        ours.map(|o| o.0),
        check,
    )
    .band(ours.map(|o| o.1));
    claim(grid, row, (m, task, g), &[scale])
}

/// At the quick size a claim is shown without a target; one that misses its target says
/// which group means of measure `m` it compares (`scales`) and at which set-up.
fn claim(
    grid: &Grid,
    r: Row,
    (m, task, g): (Measure, TaskKind, f64),
    scales: &[OutputScale],
) -> Row {
    if grid.plan.size == Size::Quick {
        let mut r = r;
        r.check = Check::Info;
        r.note("claim not checked at the quick size (N = 32, 60 steps)")
    } else {
        let missed = (r.verdict() == Verdict::Fail).then(|| missed::note(grid, m, task, g, scales));
        let near = trained::untrained_note(grid, task, g, scales);
        let note: Vec<String> = missed.into_iter().chain(near).collect();
        if note.is_empty() {
            r
        } else {
            r.note(&note.join("; "))
        }
    }
}

/// The rows of one figure.
pub fn rows(grid: &Grid, fig: Fig) -> Vec<Row> {
    let mut out = Vec::new();
    for &task in &grid.plan.tasks {
        match fig {
            Fig::Fig3 => fig3_rows(grid, task, &mut out),
            Fig::Fig4 => {
                values_rows(grid, task, Measure::Dissim, 1.5, &mut out);
                out.push(ratio_claim(
                    grid,
                    Measure::Dissim,
                    task,
                    1.5,
                    true,
                    Check::Above(1.0),
                ));
            }
            Fig::Fig5 => {
                values_rows(grid, task, Measure::Susc, 1.5, &mut out);
                out.push(ratio_claim(
                    grid,
                    Measure::Susc,
                    task,
                    1.5,
                    true,
                    Check::Below(1.0),
                ));
            }
            Fig::Fig6 => fig6_rows(grid, task, &mut out),
            Fig::Fig16 => fig16_rows(grid, task, &mut out),
        }
    }
    out
}

/// The value rows of `m` in both output scales at gain `g`; a value the published figure
/// does not give is in the CSV and the figure only.
fn values_rows(grid: &Grid, task: TaskKind, m: Measure, g: f64, out: &mut Vec<Row>) {
    for s in [OutputScale::Small, OutputScale::Large] {
        if value(m, task, s, g).is_some() {
            out.push(value_row(grid, m, task, s, g));
        }
    }
}

/// Fig. 3: correlation (claim: small / large >= 3), norms, dimensions (claim: D_fit larger
/// for large output where the paper shows it).
fn fig3_rows(grid: &Grid, task: TaskKind, out: &mut Vec<Row>) {
    values_rows(grid, task, Measure::Corr, 1.5, out);
    out.push(ratio_claim(
        grid,
        Measure::Corr,
        task,
        1.5,
        false,
        Check::AtLeast(3.0),
    ));
    for m in [Measure::WOut, Measure::X, Measure::Dx, Measure::Dfit] {
        values_rows(grid, task, m, 1.5, out);
    }
    if dfit_claim(task) {
        out.push(ratio_claim(
            grid,
            Measure::Dfit,
            task,
            1.5,
            true,
            Check::Above(1.0),
        ));
    }
}

/// Fig. 6: the noise ratio, below 1 for large and above 1 for small output.
fn fig6_rows(grid: &Grid, task: TaskKind, out: &mut Vec<Row>) {
    values_rows(grid, task, Measure::Noise, 1.5, out);
    for (scale, check) in [
        (OutputScale::Large, Check::Below(1.0)),
        (OutputScale::Small, Check::Above(1.0)),
    ] {
        out.push(bound_claim(grid, Measure::Noise, task, scale, 1.5, check));
    }
}

/// Fig. 16: every measure at g = 0.7, with the correlation and susceptibility claims.
fn fig16_rows(grid: &Grid, task: TaskKind, out: &mut Vec<Row>) {
    values_rows(grid, task, Measure::Corr, 0.7, out);
    out.push(ratio_claim(
        grid,
        Measure::Corr,
        task,
        0.7,
        false,
        Check::AtLeast(3.0),
    ));
    for m in [
        Measure::WOut,
        Measure::X,
        Measure::Dx,
        Measure::DfitTest,
        Measure::Dissim,
        Measure::Noise,
        Measure::Susc,
    ] {
        values_rows(grid, task, m, 0.7, out);
    }
    out.push(ratio_claim(
        grid,
        Measure::Susc,
        task,
        0.7,
        true,
        Check::Below(1.0),
    ));
}
