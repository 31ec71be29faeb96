//! Whether a `reproduce` run reproduced everything it was asked for: every report row meets
//! its target and no piece or number is missing. `oblique reproduce` exits non-zero
//! otherwise, after writing the report.

use super::report::{Section, Verdict};

/// A run that did not reproduce everything it was asked for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "not reproduced: {failing} report rows miss their target and {missing} pieces or numbers \
     are missing ({details}); see REPORT.md"
)]
pub struct NotReproduced {
    /// report rows that miss their target
    pub failing: usize,
    /// pieces that could not be produced plus rows without a number
    pub missing: usize,
    /// per section: its id, its counts and the first missing piece
    pub details: String,
}

/// Pieces that could not be produced plus rows whose theory or simulation is not a finite
/// number (the "missing" column of the report's summary).
pub fn missing(sec: &Section) -> usize {
    let rows = sec
        .rows
        .iter()
        .filter(|r| r.verdict() == Verdict::Missing)
        .count();
    sec.missing.len() + rows
}

/// `Ok` when every row of every section meets its target and nothing is missing.
pub fn check(sections: &[Section]) -> Result<(), NotReproduced> {
    let mut details = Vec::new();
    let (mut failing, mut absent) = (0, 0);
    for sec in sections {
        let (f, m) = (sec.failures(), missing(sec));
        if f + m == 0 {
            continue;
        }
        failing += f;
        absent += m;
        let mut d = format!("{}: {f} failing, {m} missing", sec.id);
        if let Some(first) = sec.missing.first() {
            d.push_str(&format!(", first: {first}"));
        }
        details.push(d);
    }
    if failing + absent == 0 {
        Ok(())
    } else {
        Err(NotReproduced {
            failing,
            missing: absent,
            details: details.join("; "),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reproduce::report::{Check, Row};

    fn section(id: &str, sim: Option<f64>) -> Section {
        let mut s = Section::new(id, id);
        // theory 1.0 against `sim`, target: within 10%
        s.rows
            .push(Row::new("L_var", "x", Some(1.0), sim, Check::RelErr(0.1)));
        s
    }

    #[test]
    fn passes_only_when_every_row_passes_and_nothing_is_missing() {
        assert_eq!(check(&[section("a", Some(1.05))]), Ok(()));
        assert_eq!(check(&[]), Ok(()));

        // a row 20% off its theory fails the 10% target
        let e = check(&[section("a", Some(1.05)), section("b", Some(1.2))]).unwrap_err();
        assert_eq!((e.failing, e.missing), (1, 0));
        assert_eq!(e.details, "b: 1 failing, 0 missing");

        // a piece that could not be produced, and a row without its simulated number
        let mut gone = section("c", None);
        gone.missing.push("FLR figures: disk full".into());
        let e = check(&[gone]).unwrap_err();
        assert_eq!((e.failing, e.missing), (0, 2));
        assert!(
            e.to_string().contains("first: FLR figures: disk full"),
            "{e}"
        );

        // an information row (no target) that misses its number still counts as missing
        let mut info = Section::new("d", "d");
        info.rows
            .push(Row::new("rho", "x", Some(1.0), Some(f64::NAN), Check::Info));
        assert_eq!(check(&[info]).unwrap_err().missing, 1);
    }
}
