//! The notes of a grid figure's report section: where the published values come from, how
//! the set-up was chosen, what the figure draws, and where networks lie apart.

use super::apart::{self, Apart};
use super::fig4;
use super::plan::{pairs, Plan, Size};
use super::rows::Fig;
use super::setup_note;
use super::trained;
use super::Grid;
use oblique_validate::rnn::tasks::TaskKind;

/// The notes of `fig`'s section, one paragraph each.
pub fn notes(grid: &Grid, fig: Fig, apart: Apart) -> Vec<String> {
    let targets = if grid.plan.size == Size::Paper {
        "At the paper size every published value is a target: our mean within a factor 1.5 \
         of it (the published values are about 10% precise; the factor leaves room for the \
         spread over the networks)."
            .to_string()
    } else {
        format!(
            "At the {} size (N = {}) the values are shown without a target: the correlation \
             of oblique networks scales like 1/sqrt(N) and training is shorter than published.",
            grid.plan.size.name(),
            grid.plan.n_summary()
        )
    };
    let mut n = vec![format!(
        "Published values are read off the published figures (paper-methods 4.2, about 10% \
         precise; means over 5 networks at N = 512); 'theory' is the published value, \
         'simulation' our mean over the networks and the band their standard deviation. \
         {targets} The claims of the study (ratios and bounds) are targets at every size but \
         quick."
    )];
    if let Some(why) = setup_note::setup_note(&grid.plan) {
        if fig == Fig::Fig3 {
            n.push(why);
        } else {
            n.push(
                "How the default set-up's step counts and learning rates were chosen, and the \
                 claim ratios at other choices, is in the Fig. 3 section."
                    .into(),
            );
        }
    }
    n.push(figure_note(&grid.plan, fig));
    if fig == Fig::Fig16 {
        n.extend(trained::paragraph(grid));
    } else if !grid.records.is_empty() {
        n.push(
            "How far each scenario trained (its final training loss against a zero output's) \
             is tabulated in the Fig. 16 section."
                .into(),
        );
    }
    if apart.any() {
        n.push(apart::paragraph(fig, apart));
    }
    n
}

/// A small count in words ("three"), larger ones in digits.
fn in_words(n: usize) -> String {
    match n {
        0 => "no".into(),
        1 => "one".into(),
        2 => "two".into(),
        3 => "three".into(),
        n => n.to_string(),
    }
}

/// `n thing` or `n things`.
fn counted(n: usize, thing: &str) -> String {
    if n == 1 {
        format!("1 {thing}")
    } else {
        format!("{n} {thing}s")
    }
}

/// What a figure's section draws and how, in words (one paragraph of its notes).
fn figure_note(plan: &Plan, fig: Fig) -> String {
    match fig {
        Fig::Fig3 => "Panel B shows the best-trained network (lowest final training loss) of the \
                      first task per regime (the published panel: sample 2). The violins are \
                      Gaussian kernel densities (Scott's bandwidth, cut at the range, as \
                      matplotlib's), drawn with every network (dots), their range (bar) and \
                      mean (line). A dimension that never reaches 90% within 30 PCs \
                      counts as 31."
            .into(),
        Fig::Fig4 => {
            let shown = in_words(fig4::SHOWN.min(plan.networks_of(TaskKind::Cycling, 1.5)));
            let pairs = pairs_note(plan);
            format!(
                "Panels A-B draw {shown} cycling networks per regime (g = 1.5, the {shown} best \
                 trained: lowest final training loss): each network's noise-free evaluation trajectories of both \
                 contexts (purple A, green B) on its own PC1-3 (PCA at t >= 10; data in \
                 fig4_trajectories.csv); when the grid has no cycling networks only panel C \
                 is drawn. Panel C is the dissimilarity of every pair of networks of a \
                 scenario on the shared evaluation batch. Each mean is over the pairs of a \
                 scenario ({pairs} here; the published means are over 10 \
                 pairs of 5); where the published difference is small (complex sine 0.22 \
                 against 0.16, flip-flop 0.44 against 0.33) a reduced run with 3 pairs of \
                 shortly trained N = 128 networks can order them either way."
            )
        }
        Fig::Fig5 => "Panels A and B show, per regime, the first task's network at g = 1.5 \
                      with the median relative susceptibility (the published figure: cycling \
                      samples 4 and 0); where a large kick leaves a network differs from \
                      network to network (every network's curves are in fig5_perturbation.csv). \
                      Panel A, as published: trial 0 kicked at the fifth of the ten published \
                      perturbation times (cycling: t = 9) with the fourth of the 21 published \
                      amplitudes (3/20 of the largest; cycling: 16.97 at N = 128, 33.94 at the \
                      published N = 512), along w_out,1 and along PC1, the directions of trial 0 in the \
                      measure (fig5_example.csv); the grey mark in B is that amplitude. Black \
                      triangles in C mark the two networks, as published."
            .into(),
        Fig::Fig6 => "The right panel (every network of the five tasks) is drawn here; the \
                      left histograms belong to the Fig. 2 cycling networks and are drawn with \
                      them (reproduce fig2: fig6_left.png, fig6_left_histograms.csv). Black \
                      triangles mark that pair at cycling, as published, when Fig. 2 is \
                      reproduced in the same run (reproduce all)."
            .into(),
        Fig::Fig16 => {
            let k = plan.seeds_decaying;
            format!(
                "Panel F uses R^2 on the 8 held-out trials, as published for Fig. 16. The \
                 claims for the decaying initialisation (g = 0.7) are the correlation ratio and \
                 the susceptibility ratio; the noise ratio of large output weights at g = 0.7 is \
                 about 1 in the published figure, so it is shown without a target. Panel D's \
                 g = 0.7 values rest on {} of {} per scenario (published: 10 pairs of 5).",
                counted(pairs(k), "pair"),
                counted(k, "network")
            )
        }
    }
}

/// The pairs behind Fig. 4's means: `3 pairs of 3 networks`, or per task where the counts
/// differ (`10 pairs of 5 networks for cycling, romo and complex-sine and 3 pairs of 3
/// networks for the other tasks`).
fn pairs_note(plan: &Plan) -> String {
    let of = |k: usize| format!("{} of {}", counted(pairs(k), "pair"), counted(k, "network"));
    let own = plan.own_networks();
    if own.is_empty() {
        return of(plan.seeds_chaotic);
    }
    let rest = own.len() < plan.tasks.len();
    let rest = rest.then(|| format!("{} for the other tasks", of(plan.seeds_chaotic)));
    let odd =
        (plan.own_networks_named().into_iter()).map(|(k, names)| format!("{} for {names}", of(k)));
    odd.chain(rest).collect::<Vec<_>>().join(" and ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fig4_note_counts_the_pairs_of_the_plan() {
        let mut plan = Plan::new(Size::Paper, 1);
        assert!(figure_note(&plan, Fig::Fig4).contains("(10 pairs of 5 networks here;"));
        plan.seeds_chaotic = 3;
        assert!(figure_note(&plan, Fig::Fig4).contains("(3 pairs of 3 networks here;"));
        plan.seeds_chaotic = 2;
        assert!(figure_note(&plan, Fig::Fig4).contains("(1 pair of 2 networks here;"));
        let plan = Plan::new(Size::Default, 1);
        let want = "(10 pairs of 5 networks for cycling and complex-sine and 3 pairs of 3 \
                    networks for the other tasks here;";
        assert!(figure_note(&plan, Fig::Fig4).contains(want));
        assert!(figure_note(&plan, Fig::Fig4).contains("Panels A-B draw three cycling"));
        let cycling = plan.select_tasks(&[TaskKind::Cycling]);
        assert!(
            figure_note(&cycling, Fig::Fig4).contains("(10 pairs of 5 networks for cycling here;")
        );
    }

    #[test]
    fn the_fig16_note_counts_the_decaying_pairs() {
        let want = |k| format!("values rest on {k} per scenario (published: 10 pairs of 5).");
        let plan = Plan::new(Size::Default, 1);
        assert!(figure_note(&plan, Fig::Fig16).contains(&want("1 pair of 2 networks")));
        let plan = Plan::new(Size::Paper, 1);
        assert!(figure_note(&plan, Fig::Fig16).contains(&want("10 pairs of 5 networks")));
    }
}
