//! `reproduce flr`: the fluctuation-learning relationship against simulation
//! (`theory/notes/flr.md`, issue 14). Set-up ([`setup`]), computation ([`compute`],
//! [`sweeps`]), report rows ([`rows`]), figures ([`figure`], drawn by [`plots`]).
//! Writes `flr_directional`, `flr_epsilon`, `flr_measured`, `flr_tasks`, `flr_gain`,
//! `flr_memories`, `flr_failure` (PNG, SVG) and their CSVs.

pub mod compute;
pub mod figure;
pub mod plots;
pub mod rows;
pub mod setup;
pub mod sweeps;

use crate::reproduce::config::{save_csv, save_figure, Config};
use crate::reproduce::report::Section;
use compute::FlrData;
use oblique_validate::flr::TaskPoint;
use std::time::Instant;

/// Runs the FLR studies of `cfg` (quick or full) and writes figures, CSVs and the section.
pub fn run(cfg: &Config) -> anyhow::Result<Section> {
    let start = Instant::now();
    let mut sec = cfg.section("flr", "Fluctuation-learning relationship");
    let plan = setup::Plan::new(cfg.quick, cfg.seed);
    let pb = crate::reproduce::progress::bar(compute::task_count(&plan) as u64, "flr");
    let data = compute::compute(&plan, &|| pb.inc(1));
    pb.finish_and_clear();
    let data = data?;
    // A figure or CSV that cannot be written is a missing piece of the report, not an abort.
    if let Err(e) = write(cfg, &mut sec, &data) {
        sec.missing.push(format!("FLR figures: {e:#}"));
    }
    sec.setup = format!(
        "{} simulated learning runs ({}), seeds {:?}; theory: theory/notes/flr.md",
        data.runs(),
        if cfg.quick { "quick" } else { "full" },
        plan.seeds
    );
    sec.rows = rows::rows(&data);
    sec.notes = rows::notes(&data);
    sec.seconds = start.elapsed().as_secs_f64();
    Ok(sec)
}

fn write(cfg: &Config, sec: &mut Section, d: &FlrData) -> anyhow::Result<()> {
    let all_dir: Vec<TaskPoint> = d.directional.iter().flat_map(|x| x.1.clone()).collect();
    save_csv(cfg, sec, "flr_directional.csv", &all_dir)?;
    save_figure(cfg, sec, &figure::directional(d), "flr_directional")?;
    save_csv(cfg, sec, "flr_epsilon.csv", &d.epsilon)?;
    save_figure(cfg, sec, &figure::epsilon(d), "flr_epsilon")?;
    let meas: Vec<TaskPoint> = d
        .measured
        .iter()
        .flat_map(|c| {
            c.points.iter().map(|p| TaskPoint {
                case: c.label.clone(),
                ..p.clone()
            })
        })
        .collect();
    save_csv(cfg, sec, "flr_measured.csv", &meas)?;
    save_figure(cfg, sec, &figure::measured(d), "flr_measured")?;
    let tasks: Vec<TaskPoint> = d.auto.iter().chain(&d.periodic).cloned().collect();
    save_csv(cfg, sec, "flr_tasks.csv", &tasks)?;
    save_figure(cfg, sec, &figure::tasks(d), "flr_tasks")?;
    let s = &d.sweeps;
    let spec = d.plan.base.spec;
    let beta_crit = s
        .gain
        .theory
        .last()
        .map(|t| (t.0, format!("last stable beta {:.3}", t.0)));
    let (n, g, u) = (spec.n, spec.g, d.plan.base.u);
    for (stem, title, x_desc, sweep, vline) in [
        (
            "flr_gain",
            format!(
                "speed vs gain (N = {n}, g = {g}, P = {}, u = {u})",
                spec.memories
            ),
            "gain beta",
            &s.gain,
            beta_crit,
        ),
        (
            "flr_memories",
            format!(
                "speed vs memories (N = {n}, g = {g}, beta = {}, u = {u})",
                spec.beta
            ),
            "number of embedded memories P",
            &s.memories,
            None,
        ),
    ] {
        save_csv(cfg, sec, &format!("{stem}.csv"), &sweep.rows)?;
        save_figure(cfg, sec, &figure::sweep(title, x_desc, sweep, vline), stem)?;
    }
    save_csv(cfg, sec, "flr_failure.csv", &s.input_rows)?;
    save_figure(cfg, sec, &figure::failure(d), "flr_failure")?;
    Ok(())
}
