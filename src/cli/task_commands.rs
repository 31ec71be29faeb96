//! `oblique train task` and `oblique simulate task`, dispatched before the main parser so
//! that they sit beside `train rank2|linear` and `simulate` without changing those.

use clap::Parser;
use std::ffi::OsString;

#[derive(Parser)]
#[command(name = "oblique train task")]
struct TrainTask {
    #[command(flatten)]
    args: super::train_task::Args,
}

#[derive(Parser)]
#[command(name = "oblique simulate task")]
struct SimulateTask {
    #[command(flatten)]
    args: super::simulate_task::Args,
}

/// Runs `train task ...` or `simulate task ...` if the command line starts so.
pub fn dispatch() -> Option<anyhow::Result<()>> {
    let argv: Vec<OsString> = std::env::args_os().collect();
    let word = |i: usize| argv.get(i).and_then(|a| a.to_str());
    if word(2) != Some("task") {
        return None;
    }
    let rest = argv[3..].iter().cloned();
    match word(1) {
        Some("train") => {
            let name = OsString::from("oblique train task");
            Some(super::train_task::run(
                TrainTask::parse_from(std::iter::once(name).chain(rest)).args,
            ))
        }
        Some("simulate") => {
            let name = OsString::from("oblique simulate task");
            Some(super::simulate_task::run(
                SimulateTask::parse_from(std::iter::once(name).chain(rest)).args,
            ))
        }
        _ => None,
    }
}
