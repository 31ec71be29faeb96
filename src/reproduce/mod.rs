//! `oblique reproduce`: runs the published set-ups (theory notes, section 6), draws the
//! figures and writes the agreement report.
//!
//! One module per figure computes the data (theory through `oblique-theory`, simulation and
//! training through `oblique-validate`), hands it to the matching layout in
//! `crate::figures`, writes the CSVs and returns its report [`report::Section`]. A piece
//! that is not available is listed under "Missing" in the report instead of failing the run.

pub mod curves;
pub mod fig10;
mod fig10_rows;
pub mod fig12;
mod fig12_rows;
pub mod fig13;
pub mod flr;
pub mod progress;
pub mod report;

use std::path::{Path, PathBuf};
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
            Target::All => "all",
        }
    }
}

/// Settings shared by all figures.
#[derive(Debug, Clone)]
pub struct Config {
    /// output directory
    pub out: PathBuf,
    /// reduced set-up (smaller batch, fewer steps, fewer N) for a run under a minute
    pub quick: bool,
    /// master seed; every network and every trial stream derives from it deterministically
    pub seed: u64,
    /// the command line, for the report
    pub command: String,
}

impl Config {
    /// A path inside the output directory.
    pub fn path(&self, name: &str) -> PathBuf {
        self.out.join(name)
    }
    /// Derived seed for a work item (stable across runs and thread counts).
    pub fn sub_seed(&self, salt: u64) -> u64 {
        let mut z = self.seed ^ salt.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A fresh report section with the run's metadata filled in.
    pub fn section(&self, id: &str, title: &str) -> report::Section {
        let mut s = report::Section::new(id, title);
        s.command = self.command.clone();
        s.seed = self.seed;
        s.quick = self.quick;
        s
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
            Target::All => unreachable!("expanded above"),
        };
        sec.seconds = start.elapsed().as_secs_f64();
        progress::note(&format!(
            "{}: {:.1} s, {} rows, {} failing, {} missing",
            t.id(),
            sec.seconds,
            sec.rows.len(),
            sec.failures(),
            sec.missing.len()
        ));
        crate::output::write_json(&cfg.path(&format!("{}.report.json", sec.id)), &sec)?;
        done.push(sec);
        write_report(&cfg.out)?;
    }
    Ok(done)
}

/// Re-renders `REPORT.md` from the section files in `dir` (atomic write).
pub fn write_report(dir: &Path) -> anyhow::Result<()> {
    let sections = report::load_sections(dir)?;
    let md = report::render(&sections);
    crate::output::write_atomic(&dir.join("REPORT.md"), |w| {
        w.write_all(md.as_bytes())?;
        Ok(())
    })
}

/// Saves a figure as PNG and SVG under `stem` in the output directory and records both
/// files in the section.
pub fn save_figure<F: crate::figures::style::Figure>(
    cfg: &Config,
    sec: &mut report::Section,
    fig: &F,
    stem: &str,
) -> anyhow::Result<()> {
    crate::figures::style::save_png_svg(fig, &cfg.path(stem))?;
    sec.files.push(format!("{stem}.png"));
    sec.files.push(format!("{stem}.svg"));
    Ok(())
}

/// Writes a CSV in the output directory and records it in the section.
pub fn save_csv<T: serde::Serialize>(
    cfg: &Config,
    sec: &mut report::Section,
    name: &str,
    rows: &[T],
) -> anyhow::Result<()> {
    crate::output::write_csv(&cfg.path(name), rows)?;
    sec.files.push(name.to_string());
    Ok(())
}
