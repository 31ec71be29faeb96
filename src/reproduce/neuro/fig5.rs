//! Fig. 5, panel for panel: left, one trial of the example network of each regime kicked
//! along `w_out,1` and along PC1 (methods 3.8: trial 0, the fifth of the ten published
//! perturbation times, the fourth of the 21 published amplitudes, drawn to t = 45); middle,
//! the loss against the kick's amplitude for the same networks; right, the relative
//! susceptibility of every network, the examples marked by black triangles as published
//! (a grey mark on the amplitude axes at the left column's kick). The CSVs:
//! `fig5_perturbation.csv` (every network's loss curves) and `fig5_example.csv` (the kicked
//! trials).

use super::figure::typical;
use super::grid::Grid;
use super::job::Record;
use super::published::Measure;
use super::robust;
use super::strip::{chaotic, lin_axis, mark, strip, task_axis, with_legend};
use crate::plot::common::lighten;
use crate::plot::panel::{Axis, Dash, Element, LegendPos, Line, Panel, PanelFigure};
use crate::plot::style::colors;
use crate::reproduce::config::{save_csv, save_figure, Config};
use crate::reproduce::report::Section;
use oblique_validate::regime::{kick_example, KickExample, PerturbationParams};
use oblique_validate::rnn::init::OutputScale;
use oblique_validate::rnn::train::eval_batch;
use serde::Serialize;

const FONT: f64 = 22.0;
/// The published example's perturbation time: the fifth of ten (cycling: t_p = 9).
pub const EXAMPLE_TIME_INDEX: usize = 4;
/// The published example's amplitude: the fourth of 21, 3/20 of the largest (33.94 for
/// cycling at N = 512; 16.97 at N = 128, the same size relative to |x|).
pub const EXAMPLE_AMPLITUDE_INDEX: usize = 3;
/// The example is drawn to this time, as published.
pub const EXAMPLE_T_END: f64 = 45.0;

/// One amplitude of one network's loss curves (`fig5_perturbation.csv`).
#[derive(Serialize)]
struct PertRow {
    task: &'static str,
    output_scale: &'static str,
    g: f64,
    sample: usize,
    amplitude: f64,
    loss_w_out: f64,
    sd_w_out: f64,
    loss_pc: f64,
    sd_pc: f64,
}

/// One step of a kicked example trial (`fig5_example.csv`).
#[derive(Serialize)]
struct ExampleRow {
    task: &'static str,
    output_scale: &'static str,
    sample: usize,
    t_kick: f64,
    amplitude: f64,
    t: f64,
    z1_unperturbed: f64,
    z1_kick_w_out: f64,
    z1_kick_pc: f64,
}

/// The kicked trial of network `r` (the published example's time and amplitude, the
/// measure's arithmetic at the plan's size).
pub fn example(grid: &Grid, r: &Record) -> anyhow::Result<KickExample> {
    let net = r.network()?;
    let eval = eval_batch(&grid.plan.preset(&r.job), None);
    let p = PerturbationParams {
        precision: robust::params(r.job.task, grid.plan.size).1.precision,
        ..PerturbationParams::paper(r.job.task)
    };
    let amplitude = p.amplitudes(net.n)[EXAMPLE_AMPLITUDE_INDEX];
    Ok(kick_example(
        &net,
        &eval,
        &p,
        EXAMPLE_TIME_INDEX,
        amplitude,
        EXAMPLE_T_END,
    )?)
}

/// Fig. 5A for network `r`: the unperturbed output `z_1` of trial 0 and the outputs after
/// the kicks along `w_out,1` and PC1, with the kick's time dotted.
fn trace_panel(letter: &str, r: &Record, ex: &KickExample, show_x: bool) -> Panel {
    // as published: the unperturbed output's range, from -1.5 to 5 times its size (a large
    // kick runs off the top)
    let m = ex
        .unperturbed
        .iter()
        .fold(0.0f64, |a, z| a.max(z.abs()))
        .max(0.1);
    let x = Axis::linear("Trial time t", 0.0, ex.t.last().copied().unwrap_or(1.0));
    let mut p = Panel::new(
        letter,
        if show_x { x } else { x.hide_labels() },
        Axis::linear("Output z_{1}", -1.5 * m, 5.0 * m),
    );
    p.push(Element::VLine {
        x: ex.t_kick,
        line: Line::new(vec![], colors::GREY).dash(Dash::Dotted),
    });
    p.line(Line::xy(&ex.t, &ex.unperturbed, lighten(colors::RED, 0.45)).label("Unpert."));
    p.line(
        Line::xy(&ex.t, &ex.along_w_out, colors::RED)
            .dash(Dash::Dashed)
            .label("Pert. w_{out,1}"),
    );
    p.line(
        Line::xy(&ex.t, &ex.along_pc, colors::BLUE)
            .dash(Dash::DashDot)
            .label("Pert. PC_{1}"),
    );
    p.title(&format!(
        "{} output, {} sample {}: kick {:.1} at t = {}",
        r.job.scale.name(),
        r.job.task.name(),
        r.job.sample,
        ex.amplitude,
        ex.t_kick
    ));
    p.legend(LegendPos::UpperRight, 1);
    p
}

/// The loss curves of `r`, with a grey mark on the amplitude axis at the example's kick.
fn pert_panel(letter: &str, r: &Record, kick: Option<f64>, show_x: bool) -> Option<Panel> {
    let pc = r.robust.pert.as_ref()?;
    let amax = pc.amplitudes.last().copied().unwrap_or(1.0);
    let top = pc
        .out_mean
        .iter()
        .chain(&pc.pc_mean)
        .zip(pc.out_sd.iter().chain(&pc.pc_sd))
        .map(|(m, s)| m + s)
        .fold(0.0, f64::max);
    let x = Axis::linear("Pert. amplitude", 0.0, amax);
    let mut p = Panel::new(
        letter,
        if show_x { x } else { x.hide_labels() },
        Axis::linear("Loss", 0.0, (top * 1.1).max(0.1)),
    );
    for (mean, sd, color, dash, label) in [
        (
            &pc.out_mean,
            &pc.out_sd,
            colors::RED,
            Dash::Dashed,
            "w_{out}",
        ),
        (&pc.pc_mean, &pc.pc_sd, colors::BLUE, Dash::DashDot, "PCs"),
    ] {
        p.push(Element::Band {
            x: pc.amplitudes.clone(),
            lo: mean.iter().zip(sd).map(|(m, s)| m - s).collect(),
            hi: mean.iter().zip(sd).map(|(m, s)| m + s).collect(),
            color,
            alpha: 0.2,
            label: None,
        });
        p.line(
            Line::xy(&pc.amplitudes, mean, color)
                .dash(dash)
                .label(label),
        );
    }
    p.title(&format!(
        "{} output, {} sample {}",
        r.job.scale.name(),
        r.job.task.name(),
        r.job.sample
    ));
    if let Some(a) = kick {
        p.push(Element::AxisMarks {
            marks: vec![(a, colors::GREY)],
        });
    }
    p.legend(LegendPos::LowerRight, 1);
    Some(p)
}

/// The example networks (small output first) with their kicked trials, where computed.
type Examples<'a> = Vec<(&'a Record, Option<KickExample>)>;

/// Fig. 5: the kicked trials (A), the loss curves (B) of the example network of each regime,
/// and the relative susceptibility of every network (C). `None` without the loss curves;
/// an example that could not be computed leaves its cell empty.
pub fn figure(grid: &Grid, examples: &Examples) -> Option<PanelFigure> {
    let [(small, ex_small), (large, ex_large)] = examples.as_slice() else {
        return None;
    };
    let kick = |ex: &Option<KickExample>| ex.as_ref().map(|e| e.amplitude);
    let mut right = strip(
        "C",
        grid,
        Measure::Susc,
        &chaotic(),
        lin_axis("Rel. susceptibility", grid, &[Measure::Susc], &chaotic()),
        task_axis(grid, true),
    );
    for (gi, r) in [small, large].into_iter().enumerate() {
        if let Some(p) = &r.robust.pert {
            mark(&mut right, &chaotic(), gi, 0, p.relative_susceptibility);
        }
    }
    let right = with_legend(right, 1);
    let size = (2300u32, 900u32);
    let h = size.1 - crate::plot::panel::footer_height(FONT);
    let w = size.0 * 3 / 10;
    let mut cells = vec![
        (
            (w, 0, w, h / 2),
            pert_panel("B", small, kick(ex_small), false)?,
        ),
        (
            (w, h / 2, w, h / 2),
            pert_panel("", large, kick(ex_large), true)?,
        ),
        ((2 * w, 0, size.0 - 2 * w, h), right),
    ];
    for (y, r, ex, letter, last) in [
        (0, small, ex_small, "A", false),
        (h / 2, large, ex_large, "", true),
    ] {
        if let Some(ex) = ex {
            cells.push(((0, y, w, h / 2), trace_panel(letter, r, ex, last)));
        }
    }
    Some(PanelFigure {
        size,
        font: FONT,
        cells,
        footer: Some(grid.plan.describe()),
    })
}

fn pert_rows(grid: &Grid) -> Vec<PertRow> {
    grid.records
        .iter()
        .filter(|r| r.job.g > 1.0)
        .filter_map(|r| r.robust.pert.as_ref().map(|p| (r, p)))
        .flat_map(|(r, p)| {
            (0..p.amplitudes.len()).map(move |i| PertRow {
                task: r.job.task.name(),
                output_scale: r.job.scale.name(),
                g: r.job.g,
                sample: r.job.sample,
                amplitude: p.amplitudes[i],
                loss_w_out: p.out_mean[i],
                sd_w_out: p.out_sd[i],
                loss_pc: p.pc_mean[i],
                sd_pc: p.pc_sd[i],
            })
        })
        .collect()
}

fn example_rows(examples: &Examples) -> Vec<ExampleRow> {
    let mut out = Vec::new();
    for (r, ex) in examples {
        let Some(ex) = ex else { continue };
        for k in 0..ex.t.len() {
            out.push(ExampleRow {
                task: r.job.task.name(),
                output_scale: r.job.scale.name(),
                sample: r.job.sample,
                t_kick: ex.t_kick,
                amplitude: ex.amplitude,
                t: ex.t[k],
                z1_unperturbed: ex.unperturbed[k],
                z1_kick_w_out: ex.along_w_out[k],
                z1_kick_pc: ex.along_pc[k],
            });
        }
    }
    out
}

/// Writes Fig. 5's CSVs and figure; an example that fails is a missing piece of `sec`.
pub fn write(cfg: &Config, sec: &mut Section, grid: &Grid) -> anyhow::Result<()> {
    let rows = pert_rows(grid);
    if rows.is_empty() {
        return Ok(());
    }
    save_csv(cfg, sec, "fig5_perturbation.csv", &rows)?;
    let mut examples: Examples = Vec::new();
    for scale in [OutputScale::Small, OutputScale::Large] {
        let Some(r) = typical(grid, scale) else {
            return Ok(());
        };
        let ex = example(grid, r)
            .map_err(|e| {
                sec.missing
                    .push(format!("Fig. 5 {} example: {e:#}", scale.name()))
            })
            .ok();
        examples.push((r, ex));
    }
    let ex_rows = example_rows(&examples);
    if !ex_rows.is_empty() {
        save_csv(cfg, sec, "fig5_example.csv", &ex_rows)?;
    }
    if let Some(f) = figure(grid, &examples) {
        save_figure(cfg, sec, &f, "fig5_neuro_perturb_summary")?;
    }
    Ok(())
}
