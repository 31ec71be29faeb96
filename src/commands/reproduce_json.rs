//! What `oblique reproduce --json` prints: the counts of the report's rows per figure and
//! every row that misses its target (or a shard's networks), for a script or a notebook
//! that runs `reproduce` and checks its outcome without parsing `REPORT.md`.

use crate::reproduce::neuro::ShardRun;
use crate::reproduce::report::{Section, Verdict};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// The outcome of one `reproduce` run.
#[derive(Debug, Clone, Serialize)]
pub struct RunJson {
    /// the output folder
    pub out: PathBuf,
    /// `REPORT.md` in it (absent for a `--shard` run, which writes no report)
    pub report: Option<PathBuf>,
    /// what a `--shard` run did (absent otherwise)
    pub shard: Option<ShardJson>,
    /// the rows of every section
    pub rows: Counts,
    /// pieces that could not be produced, over all sections
    pub missing_pieces: usize,
    /// one entry per figure
    pub sections: Vec<SectionJson>,
}

/// How many rows pass, fail, are shown without a target, or lack a number.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// all rows
    pub total: usize,
    /// rows that meet their target
    pub pass: usize,
    /// rows that miss it
    pub fail: usize,
    /// rows without a target
    pub info: usize,
    /// rows with a number missing
    pub missing: usize,
}

/// One figure's section.
#[derive(Debug, Clone, Serialize)]
pub struct SectionJson {
    /// "fig3", "fig10", ...
    pub id: String,
    /// the section's heading
    pub title: String,
    /// the set-up used (one line)
    pub setup: String,
    /// wall time in seconds
    pub seconds: f64,
    /// its rows
    pub rows: Counts,
    /// the rows that fail or lack a number, as the report states them
    pub not_passing: Vec<RowJson>,
    /// pieces that could not be produced, with the reason
    pub missing_pieces: Vec<String>,
}

/// A row that misses its target or lacks a number.
#[derive(Debug, Clone, Serialize)]
pub struct RowJson {
    /// what is compared
    pub quantity: String,
    /// where
    pub at: String,
    /// the theory or published value
    pub theory: Option<f64>,
    /// ours
    pub simulation: Option<f64>,
    /// the target, as the report writes it
    pub target: String,
    /// "fail" or "missing"
    pub verdict: &'static str,
}

/// A `--shard K/M` run's networks: "K/M" and the fields of [`ShardRun`] beside it.
#[derive(Debug, Clone, Serialize)]
pub struct ShardJson {
    /// "K/M"
    pub shard: String,
    /// trained, kept, reused, finished before
    #[serde(flatten)]
    pub run: ShardRun,
}

impl Counts {
    fn of(section: &Section) -> Self {
        let mut c = Counts {
            total: section.rows.len(),
            ..Counts::default()
        };
        for r in &section.rows {
            match r.verdict() {
                Verdict::Pass => c.pass += 1,
                Verdict::Fail => c.fail += 1,
                Verdict::Info => c.info += 1,
                Verdict::Missing => c.missing += 1,
            }
        }
        c
    }

    fn add(self, o: Counts) -> Self {
        Counts {
            total: self.total + o.total,
            pass: self.pass + o.pass,
            fail: self.fail + o.fail,
            info: self.info + o.info,
            missing: self.missing + o.missing,
        }
    }
}

impl SectionJson {
    fn of(s: &Section) -> Self {
        let not_passing = s
            .rows
            .iter()
            .filter(|r| matches!(r.verdict(), Verdict::Fail | Verdict::Missing))
            .map(|r| RowJson {
                quantity: r.quantity.clone(),
                at: r.at.clone(),
                theory: r.theory.filter(|v| v.is_finite()),
                simulation: r.simulation.filter(|v| v.is_finite()),
                target: r.check.text(),
                verdict: r.verdict().word(),
            })
            .collect();
        SectionJson {
            id: s.id.clone(),
            title: s.title.clone(),
            setup: s.setup.clone(),
            seconds: s.seconds,
            rows: Counts::of(s),
            not_passing,
            missing_pieces: s.missing.clone(),
        }
    }
}

impl RunJson {
    /// The outcome of a run that wrote the report of `sections` into `out`.
    pub fn report(out: &Path, sections: &[Section]) -> Self {
        let sections: Vec<SectionJson> = sections.iter().map(SectionJson::of).collect();
        RunJson {
            out: out.to_path_buf(),
            report: Some(out.join("REPORT.md")),
            shard: None,
            rows: sections
                .iter()
                .fold(Counts::default(), |a, s| a.add(s.rows)),
            missing_pieces: sections.iter().map(|s| s.missing_pieces.len()).sum(),
            sections,
        }
    }

    /// The outcome of shard `k` of `m` written into `out`.
    pub fn shard(out: &Path, (k, m): (usize, usize), r: ShardRun) -> Self {
        RunJson {
            out: out.to_path_buf(),
            report: None,
            shard: Some(ShardJson {
                shard: format!("{k}/{m}"),
                run: r,
            }),
            rows: Counts::default(),
            missing_pieces: 0,
            sections: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reproduce::report::{Check, Row};

    fn section() -> Section {
        Section {
            id: "fig3".into(),
            title: "Fig. 3".into(),
            command: "oblique reproduce fig3".into(),
            seed: 1,
            quick: false,
            paper: true,
            seconds: 2.5,
            setup: "paper".into(),
            files: vec![],
            rows: vec![
                Row::new("rho", "Romo", Some(0.42), Some(0.415), Check::Factor(1.5)),
                Row::new("D_x", "Romo", Some(3.4), Some(6.2), Check::Factor(1.5)),
                Row::new("ratio", "Romo", Some(8.2), Some(8.4), Check::AtLeast(3.0)),
                Row::new("|x|", "Romo", Some(28.0), Some(30.0), Check::Info),
                Row::new("D_fit", "Romo", Some(1.0), None, Check::Factor(1.5)),
            ],
            notes: vec![],
            missing: vec!["Fig. 3E: no run".into()],
            extra_markdown: None,
        }
    }

    #[test]
    fn counts_and_the_rows_that_do_not_pass() {
        let j = RunJson::report(Path::new("figs"), &[section(), section()]);
        let want = Counts {
            total: 10,
            pass: 4,
            fail: 2,
            info: 2,
            missing: 2,
        };
        assert_eq!(j.rows, want);
        assert_eq!(j.missing_pieces, 2);
        assert_eq!(j.report, Some(PathBuf::from("figs/REPORT.md")));
        let s = &j.sections[0];
        assert_eq!(s.not_passing.len(), 2);
        assert_eq!(s.not_passing[0].quantity, "D_x");
        assert_eq!(s.not_passing[0].target, "within a factor 1.5");
        assert_eq!(s.not_passing[0].verdict, "fail");
        assert_eq!(s.not_passing[1].verdict, "missing");
        assert_eq!(s.not_passing[1].simulation, None);
        let text = serde_json::to_string(&j).unwrap();
        assert!(text.contains(r#""simulation":6.2"#), "{text}");
        assert!(text.contains(r#""shard":null"#), "{text}");
    }

    #[test]
    fn a_shard_has_no_report() {
        let r = ShardRun {
            trained: 3,
            kept: 2,
            reused: 1,
            finished_before: false,
        };
        let j = RunJson::shard(Path::new("s"), (2, 4), r);
        let text = serde_json::to_string(&j).unwrap();
        assert!(text.contains(r#""report":null"#), "{text}");
        assert!(
            text.contains(r#""shard":{"shard":"2/4","trained":3,"kept":2,"reused":1"#),
            "{text}"
        );
    }
}
