//! The settings of a `reproduce` run and the helpers that write a figure's files into its
//! output directory and record them in the report section.

use super::report;
use std::path::PathBuf;

/// Settings shared by all figures.
#[derive(Debug, Clone)]
pub struct Config {
    /// output directory
    pub out: PathBuf,
    /// reduced set-up (smaller batch, fewer steps, fewer N) for a run under a minute
    pub quick: bool,
    /// the published set-up of the trained-network figures (Figs. 2-6, 9, 15, 16)
    pub paper: bool,
    /// master seed; every network and every trial stream derives from it deterministically
    pub seed: u64,
    /// the command line, for the report
    pub command: String,
    /// the part of the trained-network grid to train (`--tasks`, `--networks`)
    pub select: super::neuro::select::Selection,
}

/// Which set-up of the trained-network figures and Fig. 10: `--quick`, the default, or
/// `--paper`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Size {
    /// seconds, for the integration tests
    Quick,
    /// the reduced set-up of `oblique reproduce`
    Default,
    /// the published set-up
    Paper,
}

impl Size {
    /// "quick", "default" or "paper".
    pub fn name(self) -> &'static str {
        match self {
            Size::Quick => "quick",
            Size::Default => "default",
            Size::Paper => "paper",
        }
    }
}

impl Config {
    /// The `--quick` set-up with master seed 1, writing into `out` (for tests and
    /// examples); `command` is what the report quotes.
    ///
    /// ```
    /// let cfg = oblique::reproduce::config::Config::quick("/tmp/figs-quick", "doc test");
    /// assert_eq!(cfg.size(), oblique::reproduce::config::Size::Quick);
    /// assert_eq!(cfg.seed, 1);
    /// ```
    pub fn quick(out: impl Into<PathBuf>, command: &str) -> Self {
        Config {
            out: out.into(),
            quick: true,
            paper: false,
            seed: 1,
            command: command.into(),
            select: Default::default(),
        }
    }

    /// The set-up size: `--paper` wins over `--quick`.
    pub fn size(&self) -> Size {
        if self.paper {
            Size::Paper
        } else if self.quick {
            Size::Quick
        } else {
            Size::Default
        }
    }
    /// The plan of the trained-network grid (Figs. 3-6, 16) of this set-up: the size's plan
    /// at the master seed, narrowed to `--tasks` and `--networks` (built once per run).
    pub fn plan(&self) -> Result<super::neuro::Plan, super::neuro::select::SelectError> {
        self.select
            .apply(super::neuro::Plan::new(self.size(), self.seed))
    }

    /// A path inside the output directory.
    pub fn path(&self, name: &str) -> PathBuf {
        self.out.join(name)
    }
    /// Derived seed for a work item (stable across runs and thread counts).
    pub fn sub_seed(&self, salt: u64) -> u64 {
        sub_seed(self.seed, salt)
    }
    /// A fresh report section with the run's metadata filled in.
    pub fn section(&self, id: &str, title: &str) -> report::Section {
        let mut s = report::Section::new(id, title);
        s.command = self.command.clone();
        s.seed = self.seed;
        s.quick = self.quick;
        s.paper = self.paper;
        s
    }
}

/// Saves a figure as PNG and SVG under `stem` in the output directory and records both
/// files in the section.
pub fn save_figure<F: crate::plot::style::Figure>(
    cfg: &Config,
    sec: &mut report::Section,
    fig: &F,
    stem: &str,
) -> anyhow::Result<()> {
    crate::plot::style::save_png_svg(fig, &cfg.path(stem))?;
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
    crate::io::output::write_csv(&cfg.path(name), rows)?;
    sec.files.push(name.to_string());
    Ok(())
}
/// A derived seed (splitmix64 finaliser), stable across runs and thread counts.
pub fn sub_seed(seed: u64, salt: u64) -> u64 {
    let mut z = seed ^ salt.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}
