//! The fluctuation-learning relationship figures (issue 6), drawn by
//! `crate::figures::flr::reproduce_flr`; this module only adds its summary to the report.

use super::report::Section;
use super::Config;

/// Runs the FLR figures.
pub fn run(cfg: &Config) -> anyhow::Result<Section> {
    let mut sec = cfg.section("flr", "Fluctuation-learning relationship");
    sec.missing.push(
        "the FLR figures (crate::figures::flr::reproduce_flr, issue 6) are not on main yet"
            .to_string(),
    );
    Ok(sec)
}
