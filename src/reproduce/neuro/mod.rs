//! `reproduce fig3 | fig4 | fig5 | fig6 | fig16`: the neuroscience-task figures of the
//! aligned-versus-oblique study (issue 12), from ONE grid of trained networks (task x output
//! scale x g x seed) computed once and measured for all five figures.
//!
//! Set-up ([`plan`]: quick, default and paper sizes, shards), computation ([`job`]: train and
//! measure one network, [`measure`], [`robust`]; [`grid`]: all jobs and the pairwise
//! dissimilarities), sharded runs ([`shard`]: `--shard K/M`, `--collect DIR...`), report
//! rows ([`rows`], [`published`]) and drawing ([`figure`], [`strip`]).

pub mod apart;
pub mod checkpoint;
pub mod fig4;
pub mod fig5;
pub mod figure;
pub mod grid;
pub mod job;
pub mod learned;
pub mod measure;
pub mod merge;
pub mod missed;
pub mod plan;
pub mod progress;
pub mod published;
pub mod reuse;
pub mod robust;
pub mod rows;
pub mod section_notes;
pub mod select;
pub mod setup_note;
pub mod shard;
pub mod shard_run;
pub mod strip;
pub mod trained;
pub mod values;
pub mod version;

use crate::reproduce::config::{save_csv, save_figure, Config};
use crate::reproduce::report::Section;
pub use grid::Grid;
pub use plan::{Plan, Size};
pub use rows::Fig;
use serde::Serialize;
pub use shard_run::{run_shard, ShardRun};
use std::path::PathBuf;
use std::time::Instant;

/// Where the grid comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// train and measure every job of this plan in this process
    Compute(Box<Plan>),
    /// read the records of finished shards
    Collect(Vec<PathBuf>),
}

/// The grid, computed or collected.
pub fn grid(source: &Source) -> anyhow::Result<Grid> {
    match source {
        Source::Compute(plan) => {
            let plan = Plan::clone(plan);
            let (start, cpu) = (Instant::now(), cpu_time::ProcessTime::try_now().ok());
            let records = compute(&plan, &plan.jobs())?;
            let mut g = grid::assemble(plan, records, start.elapsed().as_secs_f64())?;
            g.cpu_seconds = cpu.map_or(0.0, |c| c.elapsed().as_secs_f64());
            Ok(g)
        }
        Source::Collect(dirs) => {
            let (plan, records) = shard::collect(dirs)?;
            grid::assemble(plan, records, 0.0)
        }
    }
}

fn compute(plan: &Plan, jobs: &[plan::Job]) -> anyhow::Result<Vec<job::Record>> {
    compute_keeping(plan, jobs, &|_| Ok(()))
}

/// [`compute`], handing each record to `keep` the moment its job is done.
pub(super) fn compute_keeping(
    plan: &Plan,
    jobs: &[plan::Job],
    keep: &grid::Keep<'_>,
) -> anyhow::Result<Vec<job::Record>> {
    let bar = progress::GridBar::new(progress::scheduled_steps(plan, jobs), jobs.len());
    let out = grid::run_jobs(plan, jobs, &bar, keep);
    bar.finish();
    out
}

/// One network's measures (the CSV behind the strip panels).
#[derive(Debug, Clone, Serialize)]
struct NetRow {
    task: &'static str,
    output_scale: &'static str,
    g: f64,
    sample: usize,
    seed: u64,
    steps: Option<usize>,
    final_loss: f64,
    corr: f64,
    w_out_norm: f64,
    x_norm: f64,
    d_x: f64,
    d_fit: f64,
    d_fit_test: f64,
    noise_ratio: Option<f64>,
    rel_susceptibility: Option<f64>,
}

fn net_rows(grid: &Grid, g: Option<f64>) -> Vec<NetRow> {
    use values::dim;
    grid.records
        .iter()
        .filter(|r| g.is_none_or(|g| r.job.g == g))
        .map(|r| NetRow {
            task: r.job.task.name(),
            output_scale: r.job.scale.name(),
            g: r.job.g,
            sample: r.job.sample,
            seed: r.job.seed,
            steps: r.steps,
            final_loss: r.final_loss,
            corr: r.state.corr,
            w_out_norm: r.state.w_out_norm,
            x_norm: r.state.x_norm,
            d_x: dim(r.state.d_x),
            d_fit: dim(r.state.d_fit),
            d_fit_test: dim(r.state.d_fit_test),
            noise_ratio: r.robust.noise_ratio,
            rel_susceptibility: r.robust.pert.as_ref().map(|p| p.relative_susceptibility),
        })
        .collect()
}

#[derive(Debug, Clone, Serialize)]
struct CurveRow {
    task: &'static str,
    output_scale: &'static str,
    sample: usize,
    pcs: usize,
    var_explained: f64,
    r2_all: f64,
    r2_test: f64,
}

/// Title and id of a figure's section.
fn title(fig: Fig) -> (&'static str, &'static str) {
    match fig {
        Fig::Fig3 => (
            "fig3",
            "Fig. 3: correlation, norms and dimensions of trained networks",
        ),
        Fig::Fig4 => ("fig4", "Fig. 4: dissimilarity between learners"),
        Fig::Fig5 => ("fig5", "Fig. 5: perturbation susceptibility"),
        Fig::Fig6 => ("fig6", "Fig. 6: noise compression"),
        Fig::Fig16 => ("fig16", "Fig. 16: all four initialisations"),
    }
}

/// Writes one figure's files and returns its report section.
pub fn section(cfg: &Config, grid: &Grid, fig: Fig) -> anyhow::Result<Section> {
    let (id, t) = title(fig);
    let mut sec = cfg.section(id, t);
    // a collected grid's size and seed are its shards', not the flags'
    (sec.quick, sec.paper) = (grid.plan.size == Size::Quick, grid.plan.size == Size::Paper);
    sec.seed = grid.plan.seed;
    sec.setup = grid.plan.describe();
    if grid.seconds > 0.0 {
        sec.setup.push_str(&format!(
            "; the grid (shared by Figs. 3-6 and 16) took {:.0} s ({:.0} CPU s)",
            grid.seconds, grid.cpu_seconds
        ));
    }
    if let Err(e) = write(cfg, &mut sec, grid, fig) {
        sec.missing.push(format!("{id} figure: {e:#}"));
    }
    sec.rows = rows::rows(grid, fig);
    let apart = if grid.plan.size == Size::Paper {
        apart::mark(&mut sec.rows)
    } else {
        apart::Apart::default()
    };
    let mut why: Vec<String> = grid
        .records
        .iter()
        .flat_map(|r| r.robust.missing.iter().cloned())
        .collect();
    why.sort();
    why.dedup();
    let needs = |w: &str| match fig {
        Fig::Fig5 => w.contains("perturbation"),
        Fig::Fig6 => w.contains("noise"),
        Fig::Fig16 => true,
        _ => false,
    };
    sec.missing.extend(why.into_iter().filter(|w| needs(w)));
    sec.notes = section_notes::notes(grid, fig, apart);
    Ok(sec)
}

fn write(cfg: &Config, sec: &mut Section, grid: &Grid, fig: Fig) -> anyhow::Result<()> {
    match fig {
        Fig::Fig3 => {
            save_csv(cfg, sec, "fig3_networks.csv", &net_rows(grid, Some(1.5)))?;
            let curves: Vec<CurveRow> = grid
                .records
                .iter()
                .filter(|r| r.job.g > 1.0)
                .flat_map(|r| {
                    (0..r.state.cevr.len().min(r.state.r2_all.len())).map(move |k| CurveRow {
                        task: r.job.task.name(),
                        output_scale: r.job.scale.name(),
                        sample: r.job.sample,
                        pcs: k + 1,
                        var_explained: r.state.cevr[k],
                        r2_all: r.state.r2_all[k],
                        r2_test: r.state.r2_test.get(k).copied().unwrap_or(f64::NAN),
                    })
                })
                .collect();
            save_csv(cfg, sec, "fig3_curves.csv", &curves)?;
            save_figure(cfg, sec, &figure::fig3(grid), "fig3_neuro_corr_fit")
        }
        Fig::Fig4 => {
            let d: Vec<_> = grid.dissim.iter().filter(|d| d.g > 1.0).copied().collect();
            save_csv(cfg, sec, "fig4_dissimilarity.csv", &d)?;
            let sketches = fig4::sketch_rows(grid);
            if !sketches.is_empty() {
                save_csv(cfg, sec, "fig4_trajectories.csv", &sketches)?;
            }
            save_figure(cfg, sec, &fig4::figure(grid), "fig4_neuro_dissimilarity")
        }
        Fig::Fig5 => fig5::write(cfg, sec, grid),
        Fig::Fig6 => {
            let Some(f) = figure::fig6(grid) else {
                return Ok(());
            };
            save_csv(cfg, sec, "fig6_networks.csv", &net_rows(grid, Some(1.5)))?;
            save_figure(cfg, sec, &f, "fig6_neuro_noise_compression")
        }
        Fig::Fig16 => {
            save_csv(cfg, sec, "fig16_networks.csv", &net_rows(grid, None))?;
            save_csv(cfg, sec, "fig16_dissimilarity.csv", &grid.dissim)?;
            save_figure(cfg, sec, &figure::fig16(grid), "fig16_neuro_all_init")
        }
    }
}
