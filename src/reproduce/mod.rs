//! `oblique reproduce`: runs the published set-ups (theory notes, section 6), draws the
//! figures and writes the agreement report.
//!
//! One folder per figure holds its set-up, computes the data (theory through
//! `oblique-theory`, simulation and training through `oblique-validate`), draws it with
//! [`crate::plot`], writes the CSVs and returns its report [`report::Section`]. The shared
//! pieces (the run settings [`config`], learning curves and their statistics [`curves`],
//! the report [`report`], progress bars [`progress`]) sit below the figure folders. A piece
//! that is not available is listed under "Missing" in the report, and the run goes on with
//! the other figures; [`check`] then says whether everything was reproduced.

pub mod config;
pub mod curves;
pub mod fig02;
pub mod fig09;
pub mod fig10;
pub mod fig12;
pub mod fig13;
pub mod fig15;
pub mod flr;
pub mod neuro;
pub mod outcome;
pub mod progress;
pub mod report;
#[cfg(test)]
mod synthetic_tests;

pub use config::{save_csv, save_figure, Config};
pub use outcome::{check, NotReproduced};

use std::path::Path;
use std::time::Instant;

/// What to reproduce.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Target {
    /// Fig. 10: linear network, two-phase gradient flow
    Fig10,
    /// Fig. 12: mean-field mechanism, fixed-M simulations
    Fig12,
    /// Fig. 13: trained rank-two networks against the theory, sigma = 1
    Fig13,
    /// Fig. 28: as Fig. 13 with small noise, sigma = 0.2
    Fig28,
    /// fluctuation-learning relationship figures
    Flr,
    /// Fig. 2: the cycling example, one aligned and one oblique network
    Fig2,
    /// Fig. 9 and Fig. 23: the sine task's four solutions
    Fig9,
    /// Fig. 15: the linearised (lazy) sine solution against gradient descent
    Fig15,
    /// Fig. 3: correlation, norms and dimensions of networks trained on five tasks
    Fig3,
    /// Fig. 4: dissimilarity between networks trained from different seeds
    Fig4,
    /// Fig. 5: perturbation susceptibility
    Fig5,
    /// Fig. 6: noise compression
    Fig6,
    /// Fig. 16: all four initialisations (small/large output x g = 0.7/1.5)
    Fig16,
    /// all of the above
    All,
}

impl Target {
    /// The individual targets this one stands for.
    pub fn expand(self) -> Vec<Target> {
        match self {
            Target::All => vec![
                Target::Fig10,
                Target::Fig12,
                Target::Fig13,
                Target::Fig28,
                Target::Flr,
                Target::Fig2,
                Target::Fig9,
                Target::Fig15,
                Target::Fig3,
                Target::Fig4,
                Target::Fig5,
                Target::Fig6,
                Target::Fig16,
            ],
            t => vec![t],
        }
    }
    /// Figs. 2-6, 9, 15 and 16: the figures of trained task networks, which have a
    /// published set-up (`--paper`).
    pub fn trained_network_figure(self) -> bool {
        self.grid_figure().is_some() || matches!(self, Target::Fig2 | Target::Fig9 | Target::Fig15)
    }
    /// The figures that `--paper` runs at the published set-up: the trained-network figures
    /// and Fig. 10 (whose default network is half the published size).
    pub fn has_paper_setup(self) -> bool {
        self.trained_network_figure() || self == Target::Fig10
    }
    /// The report id ("fig10", ...).
    pub fn id(self) -> &'static str {
        match self {
            Target::Fig10 => "fig10",
            Target::Fig12 => "fig12",
            Target::Fig13 => "fig13",
            Target::Fig28 => "fig28",
            Target::Flr => "flr",
            Target::Fig2 => "fig2",
            Target::Fig9 => "fig9",
            Target::Fig15 => "fig15",
            Target::Fig3 => "fig3",
            Target::Fig4 => "fig4",
            Target::Fig5 => "fig5",
            Target::Fig6 => "fig6",
            Target::Fig16 => "fig16",
            Target::All => "all",
        }
    }

    /// The figure of the trained-network grid this target draws, if any.
    pub fn grid_figure(self) -> Option<neuro::Fig> {
        match self {
            Target::Fig3 => Some(neuro::Fig::Fig3),
            Target::Fig4 => Some(neuro::Fig::Fig4),
            Target::Fig5 => Some(neuro::Fig::Fig5),
            Target::Fig6 => Some(neuro::Fig::Fig6),
            Target::Fig16 => Some(neuro::Fig::Fig16),
            _ => None,
        }
    }
}

/// Runs the targets, writes their section files and re-renders `REPORT.md` from every
/// section present in the output directory. Returns the sections of this run. The
/// trained-network grid of Figs. 3-6 and 16 is computed from `cfg.plan()` (its size,
/// `--paper`, `--quick` or the default, narrowed to its `--tasks` and `--networks`).
pub fn run(targets: &[Target], cfg: &Config) -> anyhow::Result<Vec<report::Section>> {
    run_with(targets, cfg, &neuro::Source::Compute(Box::new(cfg.plan()?)))
}

/// As [`run`], with the grid of Figs. 3-6 and 16 from `source` (computed once, at any size,
/// or collected from shards) and shared by those figures.
pub fn run_with(
    targets: &[Target],
    cfg: &Config,
    source: &neuro::Source,
) -> anyhow::Result<Vec<report::Section>> {
    let dirs = crate::io::new_dirs::NewDirs::create(&cfg.out)?;
    let done = run_targets(targets, cfg, source)?;
    dirs.keep();
    Ok(done)
}

/// The loop of [`run_with`] into an existing `cfg.out`.
fn run_targets(
    targets: &[Target],
    cfg: &Config,
    source: &neuro::Source,
) -> anyhow::Result<Vec<report::Section>> {
    let mut grid: Option<neuro::Grid> = None;
    let mut done = Vec::new();
    let mut list: Vec<Target> = targets.iter().flat_map(|t| t.expand()).collect();
    list.dedup();
    for t in list {
        let start = Instant::now();
        progress::note(&format!("reproducing {} ...", t.id()));
        let mut sec = match t {
            Target::Fig10 => fig10::run(cfg)?,
            Target::Fig12 => fig12::run(cfg)?,
            Target::Fig13 => fig13::run(cfg, fig13::Which::Fig13)?,
            Target::Fig28 => fig13::run(cfg, fig13::Which::Fig28)?,
            Target::Flr => flr::run(cfg)?,
            Target::Fig2 => fig02::run(cfg)?,
            Target::Fig9 => fig09::run(cfg)?,
            Target::Fig15 => fig15::run(cfg)?,
            Target::Fig3 | Target::Fig4 | Target::Fig5 | Target::Fig6 | Target::Fig16 => {
                if grid.is_none() {
                    let mut g = neuro::grid(source)?;
                    g.fig2_noise = fig02::noise_pair(&done);
                    grid = Some(g);
                }
                let g = grid.as_ref().expect("computed above");
                if t == Target::Fig16 && g.plan.seeds_decaying == 0 {
                    anyhow::ensure!(targets != [Target::Fig16], neuro::select::NO_FIG16);
                    progress::note("fig16 left out: the grid has no networks at g = 0.7");
                    continue;
                }
                let fig = t.grid_figure().expect("a grid target");
                neuro::section(cfg, g, fig)?
            }
            Target::All => unreachable!("expanded above"),
        };
        sec.seconds = start.elapsed().as_secs_f64();
        progress::note(&format!(
            "{}: {:.1} s, {} rows, {} failing, {} missing",
            t.id(),
            sec.seconds,
            sec.rows.len(),
            sec.failures(),
            outcome::missing(&sec)
        ));
        crate::io::output::write_json(&cfg.path(&format!("{}.report.json", sec.id)), &sec)?;
        done.push(sec);
        write_report(&cfg.out)?;
    }
    Ok(done)
}

/// Re-renders `REPORT.md` from the section files in `dir` (atomic write).
pub fn write_report(dir: &Path) -> anyhow::Result<()> {
    let sections = report::load_sections(dir)?;
    let md = report::render(&sections);
    crate::io::output::write_atomic(&dir.join("REPORT.md"), |w| {
        w.write_all(md.as_bytes())?;
        Ok(())
    })
}
