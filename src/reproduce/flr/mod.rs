//! The fluctuation-learning relationship figures (issue 6), drawn by
//! [`compute::reproduce_flr`]; this module adds their summary and files to the report.

pub mod compute;
#[allow(dead_code)] // as before the move (src/figures allowed dead code)
mod plots;

use crate::reproduce::config::Config;
use crate::reproduce::report::Section;

/// Runs the FLR figures.
pub fn run(cfg: &Config) -> anyhow::Result<Section> {
    let mut sec = cfg.section("flr", "Fluctuation-learning relationship");
    let pb = crate::reproduce::progress::bar(1, "flr");
    match compute::reproduce_flr(&cfg.out, cfg.quick, cfg.seed, Some(&pb)) {
        Ok(summary) => {
            // the summary brings its own heading; the section has one already
            let md = summary.to_markdown();
            let body = md.split_once('\n').map(|(first, rest)| {
                if first.starts_with("## ") {
                    rest
                } else {
                    md.as_str()
                }
            });
            sec.extra_markdown = Some(body.unwrap_or(&md).to_string());
            let mut files: Vec<String> = std::fs::read_dir(&cfg.out)?
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| {
                    n.starts_with("flr_")
                        && (n.ends_with(".png") || n.ends_with(".svg") || n.ends_with(".csv"))
                })
                .collect();
            files.sort();
            sec.files = files;
        }
        Err(e) => sec.missing.push(format!("FLR figures: {e:#}")),
    }
    pb.finish_and_clear();
    Ok(sec)
}
