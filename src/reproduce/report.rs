//! The agreement report: theory against simulation, one row per compared quantity, with a
//! pass/fail verdict against the targets of issue 5, rendered to `REPORT.md`.
//!
//! Each figure writes its own section as JSON (`<out>/<id>.report.json`); `REPORT.md` is
//! assembled from all section files present, so `oblique reproduce fig12` refreshes only the
//! Fig. 12 section and keeps the others.

use serde::{Deserialize, Serialize};
use std::path::Path;

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
            seconds: 0.0,
            setup: String::new(),
            files: Vec::new(),
            rows: Vec::new(),
            notes: Vec::new(),
            missing: Vec::new(),
            extra_markdown: None,
        }
    }

    /// Which set-up made the section: "quick" or "default".
    pub fn setup_name(&self) -> &'static str {
        if self.quick {
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

    /// Renders the section as markdown.
    pub fn to_markdown(&self) -> String {
        let mut s = String::new();
        s.push_str(&format!("## {}\n\n", self.title));
        s.push_str(&format!("- made by the {} set-up\n", self.setup_name()));
        s.push_str(&format!(
            "- command: `{}`{}\n- seed: {}, run time: {:.1} s\n",
            self.command,
            if self.quick {
                " (quick mode: reduced set-up, looser tolerances)"
            } else {
                ""
            },
            self.seed,
            self.seconds
        ));
        if !self.setup.is_empty() {
            s.push_str(&format!("- set-up: {}\n", self.setup));
        }
        if !self.files.is_empty() {
            let pngs: Vec<&String> = self.files.iter().filter(|f| f.ends_with(".png")).collect();
            for p in &pngs {
                s.push_str(&format!("\n![{}]({})\n", p, p));
            }
            s.push_str(&format!(
                "\nfiles: {}\n",
                self.files
                    .iter()
                    .map(|f| format!("[{f}]({f})"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        if !self.rows.is_empty() {
            s.push_str("\n| quantity | at | theory | simulation | noise band | rel. error | target | verdict | note |\n");
            s.push_str("| --- | --- | ---: | ---: | ---: | ---: | --- | --- | --- |\n");
            for r in &self.rows {
                let target = match r.check {
                    Check::RelErr(t) => format!("rel. error <= {:.0}%", 100.0 * t),
                    Check::WithinBand => "within band".to_string(),
                    Check::Info => "-".to_string(),
                    Check::AtLeast(b) => format!(">= {}", fmt_num(Some(b))),
                    Check::Above(b) => format!("> {}", fmt_num(Some(b))),
                    Check::Below(b) => format!("< {}", fmt_num(Some(b))),
                    Check::Factor(f) => format!("within a factor {f}"),
                };
                s.push_str(&format!(
                    "| {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
                    cell(&r.quantity),
                    cell(&r.at),
                    fmt_num(r.theory),
                    fmt_num(r.simulation),
                    fmt_num(r.sim_band),
                    r.rel_err()
                        .map(|e| format!("{:.1}%", 100.0 * e))
                        .unwrap_or_else(|| "-".into()),
                    target,
                    r.verdict().as_str(),
                    cell(&r.note)
                ));
            }
        }
        for n in &self.notes {
            s.push_str(&format!("\n{n}\n"));
        }
        if !self.missing.is_empty() {
            s.push_str("\n**Missing:**\n\n");
            for m in &self.missing {
                s.push_str(&format!("- {m}\n"));
            }
        }
        if let Some(extra) = &self.extra_markdown {
            s.push('\n');
            s.push_str(extra);
            s.push('\n');
        }
        s.push('\n');
        s
    }
}

/// Escapes the pipes in a table cell (e.g. "|kappa_bar|").
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

/// Formats a number with four significant digits, or "-" when absent.
pub fn fmt_num(v: Option<f64>) -> String {
    match v {
        None => "-".into(),
        Some(x) if !x.is_finite() => "-".into(),
        Some(0.0) => "0".into(),
        Some(x) if x.abs() >= 1e-3 && x.abs() < 1e5 => {
            let dec = (3 - x.abs().log10().floor() as i32).clamp(0, 6) as usize;
            format!("{x:.dec$}")
        }
        Some(x) => format!("{x:.3e}"),
    }
}

/// The order of sections in the report.
pub const ORDER: &[&str] = &[
    "fig2", "fig3", "fig4", "fig5", "fig6", "fig9", "fig10", "fig12", "fig13", "fig15", "fig16",
    "fig28", "flr",
];

/// Reads every `<id>.report.json` in `dir` (in [`ORDER`]).
pub fn load_sections(dir: &Path) -> anyhow::Result<Vec<Section>> {
    let mut out = Vec::new();
    for id in ORDER {
        let p = dir.join(format!("{id}.report.json"));
        if p.exists() {
            let text = std::fs::read_to_string(&p)?;
            let s: Section = serde_json::from_str(&text)
                .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", p.display()))?;
            out.push(s);
        }
    }
    Ok(out)
}

/// Renders the whole report.
pub fn render(sections: &[Section]) -> String {
    let mut s = String::from(
        "# Theory against simulation: agreement report\n\n\
         Generated by `oblique reproduce` (do not edit by hand). Each section gives the \
         quantities the published figure compares, theory next to simulation, with the \
         relative error |sim - theory| / |theory| and a verdict against the targets \
         (Fig. 13/28: |kappa_bar| and rho within 10% for every N; Fig. 12: L_var within 10% \
         at lambda+ = 1.9 and 2.6; Fig. 10: theory within the simulation's noise band). \
         Rows marked (info) are shown without a target; no point is left out.\n\n",
    );
    s.push_str("| figure | rows | pass | fail | missing | run time | set-up |\n| --- | ---: | ---: | ---: | ---: | ---: | --- |\n");
    for sec in sections {
        let count = |v: Verdict| sec.rows.iter().filter(|r| r.verdict() == v).count();
        s.push_str(&format!(
            "| [{}](#{}) | {} | {} | {} | {} | {:.1} s | {} |\n",
            sec.id,
            anchor(&sec.title),
            sec.rows.len(),
            count(Verdict::Pass),
            count(Verdict::Fail),
            count(Verdict::Missing) + sec.missing.len(),
            sec.seconds,
            sec.setup_name()
        ));
    }
    s.push('\n');
    for sec in sections {
        s.push_str(&sec.to_markdown());
    }
    s
}

fn anchor(title: &str) -> String {
    title
        .to_lowercase()
        .chars()
        .filter_map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                Some(c)
            } else if c == ' ' {
                Some('-')
            } else {
                None
            }
        })
        .collect()
}

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

    #[test]
    fn markdown_has_every_row_and_number() {
        let mut sec = Section::new("fig12", "Fig. 12: mean-field mechanism");
        sec.rows.push(Row::new(
            "L_var",
            "lambda+ = 1.9",
            Some(0.5),
            Some(0.52),
            Check::RelErr(0.1),
        ));
        sec.rows.push(
            Row::new("L_var", "lambda+ = 1.7", Some(0.5), Some(0.9), Check::Info).note("bistable"),
        );
        sec.missing.push("nothing".into());
        let md = render(&[sec]);
        assert!(
            md.contains(
                "| L_var | lambda+ = 1.9 | 0.5000 | 0.5200 | - | 4.0% | rel. error <= 10% | pass |"
            ),
            "{md}"
        );
        assert!(md.contains("| (info) | bistable |"), "{md}");
        assert!(
            md.contains("| [fig12](#fig-12-mean-field-mechanism) | 2 | 1 | 0 | 1 |"),
            "{md}"
        );
        assert!(md.contains("| 0.0 s | default |\n"), "{md}");
        assert!(md.contains("## Fig. 12: mean-field mechanism\n\n- made by the default set-up\n"));
        let mut quick = Section::new("fig10", "Fig. 10");
        quick.quick = true;
        let md = render(&[quick]);
        assert!(md.contains("| 0.0 s | quick |\n"), "{md}");
        assert!(md.contains("- made by the quick set-up\n"), "{md}");
        assert_eq!(fmt_num(Some(0.000123)), "1.230e-4");
        assert_eq!(cell("|kappa_bar|"), "\\|kappa_bar\\|");
        assert_eq!(fmt_num(Some(1234.4)), "1234");
    }
}
