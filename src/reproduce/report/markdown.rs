//! The report as markdown: one section per figure ([`Section::to_markdown`]), the summary
//! table and the sections of a directory assembled into `REPORT.md` ([`render`],
//! [`load_sections`]).

use super::{Check, Section, Verdict};
use std::path::Path;

impl Check {
    /// The target as the report states it ("within a factor 1.5", "> 1.000", ...).
    pub fn text(&self) -> String {
        match *self {
            Check::RelErr(t) => format!("rel. error <= {:.0}%", 100.0 * t),
            Check::WithinBand => "within band".to_string(),
            Check::Info => "-".to_string(),
            Check::AtLeast(b) => format!(">= {}", fmt_num(Some(b))),
            Check::Above(b) => format!("> {}", fmt_num(Some(b))),
            Check::Below(b) => format!("< {}", fmt_num(Some(b))),
            Check::Factor(f) => format!("within a factor {f}"),
        }
    }
}

impl Verdict {
    /// The verdict as a word: pass, fail, info or missing.
    pub fn word(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Fail => "fail",
            Verdict::Info => "info",
            Verdict::Missing => "missing",
        }
    }
}

impl Section {
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
                let target = r.check.text();
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
    use crate::reproduce::report::Row;

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
