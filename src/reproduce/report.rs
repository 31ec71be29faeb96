//! The agreement report: theory against simulation, one row per compared quantity, with a
//! pass/fail verdict against the targets of issue 5, rendered to `REPORT.md`.
//!
//! Each figure writes its own section as JSON (`<out>/<id>.report.json`); `REPORT.md` is
//! assembled from all section files present, so `oblique reproduce fig12` refreshes only the
//! Fig. 12 section and keeps the others.

use serde::{Deserialize, Serialize};

/// How a row is judged.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Check {
    /// relative error |sim - theory| / |theory| at most this value
    RelErr(f64),
    /// |sim - theory| at most the simulation's noise band (`sim_band`)
    WithinBand,
    /// shown for completeness, no target
    Info,
    /// a claim: the simulation is at least this value (the theory column, e.g. a published
    /// value, is shown but not needed)
    AtLeast(f64),
    /// a claim: the simulation is strictly above this value
    Above(f64),
    /// a claim: the simulation is strictly below this value
    Below(f64),
    /// the simulation within this factor of the theory: max(s/t, t/s) <= f (same signs)
    Factor(f64),
}

/// The verdict of one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Verdict {
    /// meets the target
    Pass,
    /// misses the target
    Fail,
    /// no target for this row
    Info,
    /// a number is missing
    Missing,
}

impl Verdict {
    fn as_str(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Fail => "**FAIL**",
            Verdict::Info => "(info)",
            Verdict::Missing => "missing",
        }
    }
}

/// One compared quantity.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Row {
    /// what is compared, e.g. "|kappa_bar|"
    pub quantity: String,
    /// where, e.g. "N = 256" or "lambda+ = 1.9"
    pub at: String,
    /// theory value
    pub theory: Option<f64>,
    /// simulation value
    pub simulation: Option<f64>,
    /// the simulation's noise band (standard deviation or half-width, see the section text)
    pub sim_band: Option<f64>,
    /// the target
    pub check: Check,
    /// free comment (e.g. why theory and simulation part)
    pub note: String,
}

impl Row {
    /// A row with no band and no note.
    pub fn new(
        quantity: &str,
        at: &str,
        theory: Option<f64>,
        simulation: Option<f64>,
        check: Check,
    ) -> Self {
        Self {
            quantity: quantity.to_string(),
            at: at.to_string(),
            theory,
            simulation,
            sim_band: None,
            check,
            note: String::new(),
        }
    }
    /// Sets the noise band.
    pub fn band(mut self, b: Option<f64>) -> Self {
        self.sim_band = b;
        self
    }
    /// Sets the note.
    pub fn note(mut self, n: &str) -> Self {
        self.note = n.to_string();
        self
    }
    /// |sim - theory| / |theory|.
    pub fn rel_err(&self) -> Option<f64> {
        match (self.theory, self.simulation) {
            (Some(t), Some(s)) if t != 0.0 && t.is_finite() && s.is_finite() => {
                Some((s - t).abs() / t.abs())
            }
            _ => None,
        }
    }
    /// The verdict against the row's target.
    pub fn verdict(&self) -> Verdict {
        let bound = |ok: fn(f64, f64) -> bool, b: f64| match self.simulation {
            Some(s) if s.is_finite() => {
                if ok(s, b) {
                    Verdict::Pass
                } else {
                    Verdict::Fail
                }
            }
            _ => Verdict::Missing,
        };
        match self.check {
            Check::AtLeast(b) => return bound(|s, b| s >= b, b),
            Check::Above(b) => return bound(|s, b| s > b, b),
            Check::Below(b) => return bound(|s, b| s < b, b),
            _ => {}
        }
        let (t, s) = match (self.theory, self.simulation) {
            (Some(t), Some(s)) if t.is_finite() && s.is_finite() => (t, s),
            _ => return Verdict::Missing,
        };
        match self.check {
            Check::Info => Verdict::Info,
            Check::AtLeast(_) | Check::Above(_) | Check::Below(_) => unreachable!("above"),
            Check::Factor(f) => {
                if t * s > 0.0 && (s / t).max(t / s) <= f {
                    Verdict::Pass
                } else {
                    Verdict::Fail
                }
            }
            Check::RelErr(tol) => match self.rel_err() {
                Some(r) if r <= tol => Verdict::Pass,
                _ => Verdict::Fail,
            },
            Check::WithinBand => match self.sim_band {
                Some(b) if (s - t).abs() <= b => Verdict::Pass,
                Some(_) => Verdict::Fail,
                None => Verdict::Missing,
            },
        }
    }
}

/// One figure's section of the report.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Section {
    /// "fig10", "fig12", ...
    pub id: String,
    /// heading
    pub title: String,
    /// the command that produced it
    pub command: String,
    /// seed
    pub seed: u64,
    /// quick mode
    pub quick: bool,
    /// the published set-up (`--paper`; absent in the section files of earlier versions)
    #[serde(default)]
    pub paper: bool,
    /// wall time in seconds
    pub seconds: f64,
    /// set-up actually used (one line)
    pub setup: String,
    /// files written, relative to the output directory
    pub files: Vec<String>,
    /// compared quantities
    pub rows: Vec<Row>,
    /// paragraphs of explanation (where theory and simulation part, and why)
    pub notes: Vec<String>,
    /// pieces that could not be produced (missing modules, failed runs), with the reason
    pub missing: Vec<String>,
    /// extra markdown appended verbatim (e.g. the FLR summary)
    pub extra_markdown: Option<String>,
}

impl Section {
    /// An empty section.
    pub fn new(id: &str, title: &str) -> Self {
        Self {
            id: id.to_string(),
            title: title.to_string(),
            command: String::new(),
            seed: 0,
            quick: false,
            paper: false,
            seconds: 0.0,
            setup: String::new(),
            files: Vec::new(),
            rows: Vec::new(),
            notes: Vec::new(),
            missing: Vec::new(),
            extra_markdown: None,
        }
    }

    /// Which set-up made the section: "quick", "default" or "paper".
    pub fn setup_name(&self) -> &'static str {
        if self.paper {
            "paper"
        } else if self.quick {
            "quick"
        } else {
            "default"
        }
    }

    /// Number of rows that fail their target.
    pub fn failures(&self) -> usize {
        self.rows
            .iter()
            .filter(|r| r.verdict() == Verdict::Fail)
            .count()
    }
}

mod markdown;
pub use markdown::{fmt_num, load_sections, render, ORDER};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdicts() {
        let r = Row::new("L_var", "x", Some(1.0), Some(1.05), Check::RelErr(0.1));
        assert_eq!(r.verdict(), Verdict::Pass);
        assert!((r.rel_err().unwrap() - 0.05).abs() < 1e-12);
        let r = Row::new("L_var", "x", Some(1.0), Some(1.2), Check::RelErr(0.1));
        assert_eq!(r.verdict(), Verdict::Fail);
        let r = Row::new("L_var", "x", Some(1.0), None, Check::RelErr(0.1));
        assert_eq!(r.verdict(), Verdict::Missing);
        let r = Row::new("M11", "x", Some(1.0), Some(1.2), Check::WithinBand).band(Some(0.3));
        assert_eq!(r.verdict(), Verdict::Pass);
        let r = Row::new("M11", "x", Some(1.0), Some(1.4), Check::WithinBand).band(Some(0.3));
        assert_eq!(r.verdict(), Verdict::Fail);
        assert_eq!(
            Row::new("a", "b", Some(1.0), Some(3.0), Check::Info).verdict(),
            Verdict::Info
        );
        // claims: a bound on the simulation alone (the published value may be absent)
        let claim = |s: f64, c: Check| Row::new("r", "x", None, Some(s), c).verdict();
        assert_eq!(claim(3.0, Check::AtLeast(3.0)), Verdict::Pass);
        assert_eq!(claim(2.9, Check::AtLeast(3.0)), Verdict::Fail);
        assert_eq!(claim(1.0, Check::Above(1.0)), Verdict::Fail);
        assert_eq!(claim(0.99, Check::Below(1.0)), Verdict::Pass);
        assert_eq!(
            Row::new("r", "x", None, None, Check::Below(1.0)).verdict(),
            Verdict::Missing
        );
        // a factor 1.5 either way
        let f = |s: f64| Row::new("r", "x", Some(2.0), Some(s), Check::Factor(1.5)).verdict();
        assert_eq!(f(2.9), Verdict::Pass);
        assert_eq!(f(1.4), Verdict::Pass);
        assert_eq!(f(1.3), Verdict::Fail);
        assert_eq!(f(-2.0), Verdict::Fail);
    }
}
