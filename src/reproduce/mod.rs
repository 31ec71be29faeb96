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
            ],
            t => vec![t],
        }
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
            Target::All => "all",
        }
    }
}

/// Runs the targets, writes their section files and re-renders `REPORT.md` from every
/// section present in the output directory. Returns the sections of this run.
pub fn run(targets: &[Target], cfg: &Config) -> anyhow::Result<Vec<report::Section>> {
    std::fs::create_dir_all(&cfg.out)?;
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
