//! The figures: Fig. 3 (correlation, norms, PCA and fit curves, dimensions), Fig. 6 right
//! (noise compression) and Fig. 16 (all four initialisations), and the example networks
//! that Figs. 3 and 5 show (Fig. 5 itself: [`super::fig5`]).

use super::grid::Grid;
use super::job::Record;
use super::published::Measure;
use super::strip::{
    all_four, chaotic, dissim_axis, lin_axis, log_axis, mark, strip, task_axis, with_legend,
    LARGE_CHAOTIC, SMALL_CHAOTIC,
};
use crate::plot::panel::{Axis, Dash, Element, Line, Panel, PanelFigure};
use crate::plot::rich_text::Align;
use crate::plot::style::colors;
use oblique_validate::rnn::init::OutputScale;
use oblique_validate::rnn::tasks::TaskKind;
use plotters::style::BLACK;

const FONT: f64 = 22.0;

fn footer(grid: &Grid) -> Option<String> {
    Some(grid.plan.describe())
}

/// The network shown in Fig. 3B: of the first task's networks of `scale` at g = 1.5, the
/// best trained one (the lowest final training loss; ties by sample). The published panel
/// shows sample 2 of fully trained networks; at the reduced sizes a sample may still sit near
/// the zero-output plateau, and its curves would not show the trained regime.
pub fn example(grid: &Grid, scale: OutputScale) -> Option<&Record> {
    best_trained(first_task_chaotic(grid, scale)?, 1).pop()
}

/// The `k` best-trained of `records` (lowest final training loss, the first of ties), in
/// the order given (Fig. 3B's example, Fig. 4A-B's sketched networks).
pub fn best_trained(records: Vec<&Record>, k: usize) -> Vec<&Record> {
    let keyed: Vec<(f64, usize)> = records.iter().map(|r| r.final_loss).zip(0..).collect();
    let keep = lowest_items(&keyed, k);
    keep.into_iter().map(|i| records[i]).collect()
}

/// The items of the `k` lowest values in `(value, item)` pairs (the first of ties), in the
/// order given.
fn lowest_items(v: &[(f64, usize)], k: usize) -> Vec<usize> {
    let mut pos: Vec<usize> = (0..v.len()).collect();
    pos.sort_by(|&a, &b| v[a].0.total_cmp(&v[b].0));
    pos.truncate(k);
    pos.sort_unstable();
    pos.into_iter().map(|p| v[p].1).collect()
}

/// The first task's networks of `scale` at g = 1.5, in sample order (`None` without tasks).
fn first_task_chaotic(grid: &Grid, scale: OutputScale) -> Option<Vec<&Record>> {
    Some(grid.group(*grid.plan.tasks.first()?, scale, 1.5))
}

/// The network shown in Fig. 5 middle: of the first task's networks at g = 1.5 with a
/// perturbation measure, the one whose relative susceptibility is the median (the lower
/// of the two middle ones for an even count; ties by sample), so that the panel shows a
/// typical network of its regime rather than whichever seed drew sample 2.
pub fn typical(grid: &Grid, scale: OutputScale) -> Option<&Record> {
    let g = first_task_chaotic(grid, scale)?;
    let keyed = g
        .iter()
        .enumerate()
        .filter_map(|(i, r)| Some((r.robust.pert.as_ref()?.relative_susceptibility, i)));
    Some(g[median_item(keyed.collect())?])
}

/// The item of the median value in `(value, item)` pairs: the lower of the two middle ones
/// for an even count, ties in the order given (a stable sort); `None` when empty.
fn median_item(mut v: Vec<(f64, usize)>) -> Option<usize> {
    v.sort_by(|a, b| a.0.total_cmp(&b.0));
    let i = v.len().checked_sub(1)? / 2;
    Some(v[i].1)
}

/// A curve of a network against the number of PCs and its 90% dimension.
type Pick = fn(&Record) -> (&[f64], Option<usize>);

/// Fig. 3B: `pick`'s curve against the number of PCs for the example network of each
/// regime, with a dotted drop line at its 90% dimension and, as published, the dimension's
/// name (`dim`) beside the rightmost drop line.
fn curve_panel(
    letter: &str,
    grid: &Grid,
    (ylabel, dim): (&str, &str),
    pick: Pick,
    show_x: bool,
) -> Panel {
    let x = Axis::linear("Number of PCs", -0.5, 11.5).ticks(&[0.0, 5.0, 10.0]);
    let x = if show_x { x } else { x.hide_labels() };
    let mut p = Panel::new(
        letter,
        x,
        Axis::linear(ylabel, 0.0, 1.05).ticks(&[0.0, 1.0]),
    );
    p.push(Element::HLine {
        y: 0.9,
        line: Line::new(vec![], colors::GREY).dash(Dash::Dashed),
    });
    let mut rightmost: Option<usize> = None;
    for (scale, color) in [
        (OutputScale::Small, SMALL_CHAOTIC),
        (OutputScale::Large, LARGE_CHAOTIC),
    ] {
        let Some(r) = example(grid, scale) else {
            continue;
        };
        let (v, d) = pick(r);
        let mut pts = vec![(0.0, 0.0)];
        pts.extend(
            v.iter()
                .take(11)
                .enumerate()
                .map(|(k, &y)| ((k + 1) as f64, y.max(0.0))),
        );
        p.push(Element::Dots {
            points: pts.clone(),
            color,
            alpha: 1.0,
            radius: 3,
            label: None,
        });
        if let Some(&(x, y)) = d.and_then(|d| pts.get(d)) {
            p.line(Line::new(vec![(x, 0.0), (x, y)], color).dash(Dash::Dotted));
            rightmost = rightmost.max(d);
        }
        p.line(Line::new(pts, color));
    }
    if let Some(d) = rightmost {
        p.push(Element::Text {
            at: (d as f64 + 0.3, 0.3),
            text: dim.into(),
            color: BLACK,
            align: Align::Left,
            scale: 1.0,
        });
    }
    p
}

/// Fig. 3: A correlation, |w_out| and |x|; B variance explained and R^2 against the number
/// of PCs for one cycling network per regime; C D_x and D_fit.
pub fn fig3(grid: &Grid) -> PanelFigure {
    let g = chaotic();
    let tx = |show| task_axis(grid, show);
    let a1 = with_legend(
        strip(
            "A",
            grid,
            Measure::Corr,
            &g,
            log_axis("Corr ρ", grid, &[Measure::Corr], &g),
            tx(false),
        ),
        1,
    );
    let a2 = w_out_strip("", grid, &g, tx(false));
    let a3 = strip(
        "",
        grid,
        Measure::X,
        &g,
        log_axis("|x|", grid, &[Measure::X], &g),
        tx(true),
    );
    let b1 = curve_panel(
        "B",
        grid,
        ("var(x)", "D_{x,90}"),
        |r| (&r.state.cevr, r.state.d_x),
        false,
    );
    let b2 = curve_panel(
        "",
        grid,
        ("R^{2}", "D_{fit,90}"),
        |r| (&r.state.r2_all, r.state.d_fit),
        true,
    );
    let dims = [Measure::Dx, Measure::Dfit];
    let c1 = strip(
        "C",
        grid,
        Measure::Dx,
        &g,
        lin_axis("D_{x,90}", grid, &dims, &g),
        tx(false),
    );
    let c2 = strip(
        "",
        grid,
        Measure::Dfit,
        &g,
        lin_axis("D_{fit,90}", grid, &dims, &g),
        tx(true),
    );
    let size = (1800u32, 1500u32);
    let h = size.1 - crate::plot::panel::footer_height(FONT);
    let (wl, wr) = (size.0 * 52 / 100, size.0 * 48 / 100);
    let mut cells = Vec::new();
    for (i, p) in [a1, a2, a3].into_iter().enumerate() {
        cells.push(((0, i as u32 * h / 3, wl, h / 3), p));
    }
    for (i, p) in [b1, b2, c1, c2].into_iter().enumerate() {
        cells.push(((wl, i as u32 * h / 4, wr, h / 4), p));
    }
    PanelFigure {
        size,
        font: FONT,
        cells,
        footer: footer(grid),
    }
}

/// Fig. 6 right: output / random noise variance of every network, the Fig. 2 pair marked at
/// cycling when it ran in the same run ([`Grid::fig2_noise`]). `None` without the data.
pub fn fig6(grid: &Grid) -> Option<PanelFigure> {
    let g = chaotic();
    if grid.records.iter().all(|r| r.robust.noise_ratio.is_none()) {
        return None;
    }
    let mut p = strip(
        "",
        grid,
        Measure::Noise,
        &g,
        log_axis("Var. output / random", grid, &[Measure::Noise], &g),
        task_axis(grid, true),
    );
    let cycling = grid.plan.tasks.iter().position(|&t| t == TaskKind::Cycling);
    if let (Some(ti), Some(pair)) = (cycling, grid.fig2_noise) {
        for (gi, v) in pair.into_iter().enumerate() {
            mark(&mut p, &g, gi, ti, v);
        }
    }
    let mut p = with_legend(p, 1);
    p.push(Element::HLine {
        y: 1.0,
        line: Line::new(vec![], colors::GREY).dash(Dash::Dashed),
    });
    let mut f = PanelFigure::grid((1300, 800), FONT, &[1.0], 1, vec![Some(p)]);
    f.footer = footer(grid);
    Some(f)
}

/// The |w_out| strip with the initial norms drawn dashed: 1/sqrt(N) (small) and 1 (large).
fn w_out_strip(letter: &str, grid: &Grid, groups: &[super::strip::Group], x: Axis) -> Panel {
    let n = grid.plan.n as f64;
    let mut y = log_axis("|w_{out}|", grid, &[Measure::WOut], groups);
    y.min = y.min.min(0.8 / n.sqrt());
    let mut p = strip(letter, grid, Measure::WOut, groups, y, x);
    for (y, c) in [(1.0 / n.sqrt(), SMALL_CHAOTIC), (1.0, LARGE_CHAOTIC)] {
        p.push(Element::HLine {
            y,
            line: Line::new(vec![], c).dash(Dash::Dashed),
        });
    }
    p
}

/// Fig. 16: all four initialisations (A correlation, B |w_out|, C |x|, D dissimilarity,
/// E D_x, F D_fit on held-out trials, G relative susceptibility, H noise compression).
pub fn fig16(grid: &Grid) -> PanelFigure {
    let g = all_four();
    let tx = |show| task_axis(grid, show);
    let b = w_out_strip("B", grid, &g, tx(false));
    let dims = [Measure::Dx, Measure::DfitTest];
    let mut h = strip(
        "H",
        grid,
        Measure::Noise,
        &g,
        log_axis("Noise suppr.", grid, &[Measure::Noise], &g),
        tx(true),
    );
    h.push(Element::HLine {
        y: 1.0,
        line: Line::new(vec![], colors::GREY).dash(Dash::Dashed),
    });
    let panels = vec![
        Some(with_legend(
            strip(
                "A",
                grid,
                Measure::Corr,
                &g,
                log_axis("Corr ρ", grid, &[Measure::Corr], &g),
                tx(false),
            ),
            2,
        )),
        Some(strip(
            "E",
            grid,
            Measure::Dx,
            &g,
            lin_axis("Dim. activity", grid, &dims, &g),
            tx(false),
        )),
        Some(b),
        Some(strip(
            "F",
            grid,
            Measure::DfitTest,
            &g,
            lin_axis("Dim. fit", grid, &dims, &g),
            tx(false),
        )),
        Some(strip(
            "C",
            grid,
            Measure::X,
            &g,
            log_axis("States |x|", grid, &[Measure::X], &g),
            tx(false),
        )),
        Some(strip(
            "G",
            grid,
            Measure::Susc,
            &g,
            lin_axis("Pert. suscept.", grid, &[Measure::Susc], &g),
            tx(false),
        )),
        Some(strip(
            "D",
            grid,
            Measure::Dissim,
            &g,
            dissim_axis("Diss. btw. learners", grid, &g),
            tx(true),
        )),
        Some(h),
    ];
    let mut f = PanelFigure::grid((2000, 2000), FONT, &[1.0, 1.0], 4, panels);
    f.footer = footer(grid);
    f
}

#[cfg(test)]
#[path = "figure_tests.rs"]
mod tests;
