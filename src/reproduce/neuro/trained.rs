//! How far the grid's networks trained: each scenario's final training loss as a fraction of
//! the loss of a zero output, for the report's Fig. 16 section (all four scenarios), so that
//! a value far from the published one can be read against the state of training it comes
//! from (issue 12, item 3: "an explanation wherever ours and the published values part").

use super::grid::Grid;
use super::job::Record;
use super::learned::{zero_output_loss, LEARNED_FRACTION};
use oblique_validate::rnn::init::OutputScale;
use oblique_validate::rnn::tasks::TaskKind;
use oblique_validate::rnn::train::eval_batch;

/// A scenario whose mean fraction is above this is named partly trained in the note.
pub const PARTLY: f64 = 0.4;

/// The gains of the grid's scenarios, Figs. 3-6 first.
const GAINS: [f64; 2] = [1.5, 0.7];

/// The final training loss of `r` (the mean of its last block of steps) as a fraction of
/// the loss of a zero output on its task's evaluation batch: 1 untrained, 0 the target
/// exactly. `None` when the task has no masked target.
pub fn fraction(grid: &Grid, r: &Record) -> Option<f64> {
    let zero = zero_output_loss(&eval_batch(&grid.plan.preset(&r.job), None));
    (zero > 0.0).then(|| r.final_loss / zero)
}

/// Mean, least and largest fraction of a group of networks (`None` when empty).
fn summary(v: &[f64]) -> Option<(f64, f64, f64)> {
    let lo = v.iter().copied().reduce(f64::min)?;
    let hi = v.iter().copied().reduce(f64::max)?;
    Some((v.iter().sum::<f64>() / v.len() as f64, lo, hi))
}

/// `0.21 (0.10-0.52)`, or the single value for one network.
fn cell(v: &[f64]) -> String {
    let short = |x: f64| format!("{x:.2}");
    match summary(v) {
        None => "-".into(),
        Some((m, _, _)) if v.len() == 1 => short(m),
        Some((m, lo, hi)) => format!("{} ({}-{})", short(m), short(lo), short(hi)),
    }
}

/// The fractions of the networks of one group, in sample order.
fn fractions(grid: &Grid, task: TaskKind, scale: OutputScale, g: f64) -> Vec<f64> {
    (grid.group(task, scale, g).into_iter())
        .filter_map(|r| fraction(grid, r))
        .collect()
}

/// The mean fraction of the networks of one group (`None` without networks).
pub fn group_mean(grid: &Grid, task: TaskKind, scale: OutputScale, g: f64) -> Option<f64> {
    summary(&fractions(grid, task, scale, g)).map(|(m, _, _)| m)
}

/// The note of a claim that compares groups of which some are still near a zero output
/// (mean fraction above the plateau extension's line, [`LEARNED_FRACTION`]), e.g. `rests on
/// networks still near a zero output: large output at 0.95 of its loss (the training table
/// of the Fig. 16 section)`; `None` when every group trained past the line.
pub fn untrained_note(
    grid: &Grid,
    task: TaskKind,
    g: f64,
    scales: &[OutputScale],
) -> Option<String> {
    let near: Vec<String> = scales
        .iter()
        .filter_map(|&s| {
            let m = group_mean(grid, task, s, g)?;
            (m > LEARNED_FRACTION).then(|| format!("{} output at {m:.2}", s.name()))
        })
        .collect();
    (!near.is_empty()).then(|| {
        format!(
            "rests on networks still near a zero output: {} of its loss (the training table of \
             the Fig. 16 section)",
            near.join(" and ")
        )
    })
}

/// The paragraph and table of the Fig. 16 section (`None` for a grid without networks).
pub fn paragraph(grid: &Grid) -> Option<String> {
    let scenarios: Vec<(OutputScale, f64)> = GAINS
        .iter()
        .flat_map(|&g| [(OutputScale::Small, g), (OutputScale::Large, g)])
        .filter(|&(s, g)| {
            grid.records
                .iter()
                .any(|r| r.job.scale == s && r.job.g == g)
        })
        .collect();
    if scenarios.is_empty() {
        return None;
    }
    let head: Vec<String> = scenarios
        .iter()
        .map(|(s, g)| format!("{} output, g = {g}", s.name()))
        .collect();
    let mut table = format!(
        "| task | {} |\n| --- |{}\n",
        head.join(" | "),
        " ---: |".repeat(head.len())
    );
    let mut partly = Vec::new();
    for &task in &grid.plan.tasks {
        let cells: Vec<String> = scenarios
            .iter()
            .map(|&(s, g)| {
                let v = fractions(grid, task, s, g);
                if summary(&v).is_some_and(|(m, _, _)| m > PARTLY) {
                    partly.push(format!("{} {} output g = {g}", task.name(), s.name()));
                }
                cell(&v)
            })
            .collect();
        table += &format!("| {} | {} |\n", task.name(), cells.join(" | "));
    }
    let partly = if partly.is_empty() {
        format!("No scenario's mean is above {PARTLY}.")
    } else {
        format!(
            "Above {} (partly trained: their measures are of networks between the initial and \
             a trained state, not of the trained networks the study measured): {}.",
            PARTLY,
            partly.join(", ")
        )
    };
    Some(format!(
        "How far each scenario trained: the final training loss (mean over the last tenth of \
         the scheduled steps) as a fraction of the loss of a zero output on the task's \
         evaluation batch (1: untrained; mean and range over the networks). {partly}\n\n\
         {table}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reproduce::neuro::job::run_all;
    use crate::reproduce::neuro::plan::Plan;

    /// Flip-flop targets are +-1 wherever the mask is on, so a zero output's loss is 1
    /// exactly and the fraction is the training loss itself; a small-output network after
    /// 2 steps has an output near zero, so its fraction is near 1 (its noise and its small
    /// output add a few percent) and the note names its scenario partly trained.
    #[test]
    fn an_untrained_small_output_network_sits_at_one() {
        let plan = Plan::tiny(TaskKind::Flipflop, 1, 2, 3);
        let records = run_all(&plan, &plan.jobs());
        let grid = crate::reproduce::neuro::grid::assemble(plan, records, 0.0).unwrap();
        let job = grid.records[0].job;
        let zero = zero_output_loss(&eval_batch(&grid.plan.preset(&job), None));
        assert!((zero - 1.0).abs() < 1e-12, "{zero}");
        let small = grid.group(TaskKind::Flipflop, OutputScale::Small, 1.5)[0];
        let f = fraction(&grid, small).unwrap();
        assert!((f - 1.0).abs() < 0.1, "{f}");
        let p = paragraph(&grid).unwrap();
        assert!(
            p.contains("| task | small output, g = 1.5 | large output, g = 1.5 |\n"),
            "{p}"
        );
        assert!(p.contains(&format!("| flipflop | {f:.2} | ")), "{p}");
        assert!(p.contains("): flipflop small output g = 1.5"), "{p}");
        let note = untrained_note(&grid, TaskKind::Flipflop, 1.5, &[OutputScale::Small]);
        assert_eq!(
            note.unwrap(),
            format!(
                "rests on networks still near a zero output: small output at {f:.2} of its loss \
                 (the training table of the Fig. 16 section)"
            )
        );
        assert_eq!(
            untrained_note(&grid, TaskKind::Flipflop, 0.7, &[OutputScale::Small]),
            None
        );
    }

    #[test]
    fn a_cell_is_the_mean_and_the_range() {
        assert_eq!(summary(&[0.3, 0.1, 0.5]), Some((0.3, 0.1, 0.5)));
        assert_eq!(cell(&[0.3, 0.1, 0.5]), "0.30 (0.10-0.50)");
        assert_eq!(cell(&[0.256]), "0.26");
        assert_eq!(cell(&[]), "-");
    }
}
