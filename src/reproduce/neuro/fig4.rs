//! Fig. 4: A-B three cycling networks per regime (aligned = small output, oblique = large
//! output, g = 1.5), each drawn as its noise-free evaluation trajectories of both contexts
//! on its own PC1-3 (the records' sketches); C the dissimilarity between networks trained
//! from different seeds.

use super::figure::best_trained;
use super::grid::Grid;
use super::job::Record;
use super::published::Measure;
use super::strip::{chaotic, dissim_axis, strip, task_axis, with_legend};
use crate::plot::panel::{footer_height, PanelFigure};
use crate::plot::rich_text::Align;
use crate::plot::view3d::{Curve3, FreeText, MixedFigure, View3d};
use crate::reproduce::fig02::figure::CONTEXT;
use oblique_validate::rnn::init::OutputScale;
use oblique_validate::rnn::tasks::TaskKind;
use serde::Serialize;

const FONT: f64 = 22.0;
/// Networks drawn per regime.
pub const SHOWN: usize = 3;

/// The cycling networks of `scale` at g = 1.5 that carry a sketch: the [`SHOWN`] best
/// trained (lowest final training loss; at the reduced sizes some networks still sit near
/// the zero-output plateau), in sample order.
fn sketched(grid: &Grid, scale: OutputScale) -> Vec<&Record> {
    let drawn = grid
        .group(TaskKind::Cycling, scale, 1.5)
        .into_iter()
        .filter(|r| r.sketch.as_ref().is_some_and(|s| s.trials.len() >= 2))
        .collect();
    best_trained(drawn, SHOWN)
}

/// One row of `fig4_trajectories.csv`: a state of a sketched network.
#[derive(Serialize)]
pub struct SketchRow {
    output_scale: &'static str,
    sample: usize,
    context: &'static str,
    t: f64,
    pc1: f32,
    pc2: f32,
    pc3: f32,
}

/// The data behind panels A-B.
pub fn sketch_rows(grid: &Grid) -> Vec<SketchRow> {
    let mut out = Vec::new();
    for scale in [OutputScale::Small, OutputScale::Large] {
        for r in sketched(grid, scale) {
            let Some(s) = &r.sketch else { continue };
            for (c, trial) in s.trials.iter().enumerate().take(2) {
                for (i, p) in trial.iter().enumerate() {
                    out.push(SketchRow {
                        output_scale: scale.name(),
                        sample: r.job.sample,
                        context: ["A", "B"][c],
                        t: s.t0 + i as f64 * s.dt,
                        pc1: p[0],
                        pc2: p[1],
                        pc3: p[2],
                    });
                }
            }
        }
    }
    out
}

fn view(r: &Record, names: bool) -> View3d {
    let mut v = View3d::new("");
    v.equal = false;
    if names {
        v = v.axes("PC 1", "PC 2", "PC 3");
    }
    if let Some(s) = &r.sketch {
        for (c, trial) in s.trials.iter().enumerate().take(2) {
            let pts = trial
                .iter()
                .map(|p| [p[0] as f64, p[1] as f64, p[2] as f64])
                .collect();
            v.curves
                .push(Curve3::new(pts, CONTEXT[c]).width(3).alpha(0.85).heads(3));
        }
    }
    v
}

/// Panel C: the dissimilarity of every pair of networks of a scenario.
fn panel_c(grid: &Grid) -> crate::plot::panel::Panel {
    let g = chaotic();
    let y = dissim_axis("Dissimilarity (rad)", grid, &g);
    with_legend(
        strip("C", grid, Measure::Dissim, &g, y, task_axis(grid, true)),
        1,
    )
}

/// Fig. 4: A-B (when the grid has sketched cycling networks) and C.
pub fn figure(grid: &Grid) -> MixedFigure {
    let groups = [
        ("A", "Aligned", sketched(grid, OutputScale::Small)),
        ("B", "Oblique", sketched(grid, OutputScale::Large)),
    ];
    if groups.iter().all(|g| g.2.is_empty()) {
        let mut f = MixedFigure::new((1300, 800), FONT);
        f.base = PanelFigure::grid((1300, 800), FONT, &[1.0], 1, vec![Some(panel_c(grid))]);
        f.base.footer = Some(grid.plan.describe());
        return f;
    }
    let size = (2500u32, 900u32);
    let mut f = MixedFigure::new(size, FONT);
    f.base.footer = Some(grid.plan.describe());
    let h = size.1 - footer_height(FONT);
    let (gw, top) = (780u32, 50u32);
    let (vw, vh) = (gw / 2, (h - top) / 2);
    // the published arrangement: A two above one, B one above two
    let slots = [
        [(0, 0), (vw, 0), (vw / 2, vh)],
        [(vw / 2, 0), (0, vh), (vw, vh)],
    ];
    for (gi, (letter, title, recs)) in groups.iter().enumerate() {
        let x0 = gi as u32 * gw;
        f.texts.push(FreeText {
            at: (x0 as i32 + 6, (0.6 * FONT) as i32),
            scale: 1.2,
            align: Align::Left,
            ..FreeText::centred((0, 0), letter)
        });
        f.texts
            .push(FreeText::centred((x0 + gw / 2, (0.7 * FONT) as u32), title));
        for (k, r) in recs.iter().enumerate() {
            let (dx, dy) = slots[gi][k];
            let names = gi == 0 && k == 2;
            f.views.push(((x0 + dx, top + dy, vw, vh), view(r, names)));
        }
    }
    f.base
        .cells
        .push(((2 * gw + 20, 0, size.0 - 2 * gw - 20, h), panel_c(grid)));
    f
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reproduce::neuro::job::run_all;
    use crate::reproduce::neuro::plan::Plan;

    /// Two tiny cycling networks (one per regime): the CSV rows behind A-B have the
    /// header, the times and the points of the records' sketches, and the figure draws.
    #[test]
    fn sketches_of_a_tiny_cycling_grid_are_written_and_drawn() {
        let plan = Plan::tiny(TaskKind::Cycling, 1, 10, 5);
        let records = run_all(&plan, &plan.jobs());
        assert_eq!(records.len(), 2);
        let grid = Grid {
            plan,
            records,
            dissim: Vec::new(),
            seconds: 0.0,
            cpu_seconds: 0.0,
            fig2_noise: None,
        };
        let rows = sketch_rows(&grid);
        let per = |r: &Record| {
            r.sketch
                .as_ref()
                .unwrap()
                .trials
                .iter()
                .map(Vec::len)
                .sum::<usize>()
        };
        assert_eq!(rows.len(), grid.records.iter().map(per).sum::<usize>());
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sketch.csv");
        crate::io::output::write_csv(&path, &rows).unwrap();
        let mut rdr = csv::Reader::from_path(&path).unwrap();
        let head: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
        assert_eq!(head.join(","), "output_scale,sample,context,t,pc1,pc2,pc3");
        let recs: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
        let first = &grid.records[0].sketch.as_ref().unwrap().trials[0];
        for (i, r) in recs.iter().take(first.len()).enumerate() {
            assert_eq!((&r[0], &r[2]), ("small", "A"));
            let t: f64 = r[3].parse().unwrap();
            assert!((t - (10.0 + 0.4 * i as f64)).abs() < 1e-9, "{r:?}");
            let pc1: f32 = r[4].parse().unwrap();
            assert_eq!(pc1, first[i][0]);
        }
        for r in &recs {
            assert!(
                (4..7).all(|i| r[i].parse::<f64>().unwrap().is_finite()),
                "{r:?}"
            );
        }
        let fig = figure(&grid);
        assert_eq!(fig.views.len(), 2);
        // of five networks of a regime, the three best trained, in sample order
        let mut grid = grid;
        let small = grid.records[0].clone();
        grid.records = [0.3, 0.1, 0.4, 0.2, 0.5]
            .iter()
            .enumerate()
            .map(|(i, &loss)| {
                let mut r = small.clone();
                r.job.sample = i;
                r.final_loss = loss;
                r
            })
            .collect();
        let shown: Vec<usize> = sketched(&grid, OutputScale::Small)
            .iter()
            .map(|r| r.job.sample)
            .collect();
        assert_eq!(shown, vec![0, 1, 3]);
        crate::plot::style::save_png_svg(&fig, &dir.path().join("fig4")).unwrap();
        assert!(dir.path().join("fig4.png").is_file());
    }
}
