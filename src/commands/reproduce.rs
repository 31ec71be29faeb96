//! `oblique reproduce`: the checks of a request (targets, `--shard`, `--collect`,
//! `--paper`), the output folder, and the run of the figures or of one grid shard.

use super::reproduce_json::RunJson;
use crate::reproduce::neuro::ShardRun;
use crate::reproduce::{self, Config, Target};
use std::path::PathBuf;

/// The flags of `oblique reproduce`.
#[derive(Debug, Clone)]
pub struct Request {
    /// the figure(s)
    pub target: Target,
    /// output folder (default: [`default_out`])
    pub out: Option<PathBuf>,
    /// reduced sizes
    pub quick: bool,
    /// seed
    pub seed: u64,
    /// worker threads (>= 1)
    pub threads: Option<usize>,
    /// the published sizes of the trained-network figures
    pub paper: bool,
    /// `K/M`: train only this shard of the grid
    pub shard: Option<String>,
    /// draw the grid's figures from these shard directories
    pub collect: Vec<PathBuf>,
    /// `--tasks`: train the grid for these tasks only (comma list)
    pub tasks: Option<String>,
    /// `--networks A[,B]`: networks per (task, output scale) at g = 1.5 and g = 0.7
    pub networks: Option<String>,
    /// `--reuse DIR...`: finished shards whose networks a `--shard` run takes
    pub reuse: Vec<PathBuf>,
}

/// What a run did: the line to print, the report's sections (empty for a shard) and the
/// same as `--json` prints it.
pub struct Outcome {
    /// the summary line
    pub summary: String,
    /// the report's sections
    pub sections: Vec<reproduce::report::Section>,
    /// the counts and the rows that do not pass (or the shard's networks)
    pub json: RunJson,
}

impl Outcome {
    /// Fails when a row misses its target or a piece is missing (the report is written
    /// either way).
    pub fn check(&self) -> anyhow::Result<()> {
        Ok(reproduce::check(&self.sections)?)
    }
}

/// Refuses combinations of flags that do not apply to the target.
fn check_request(args: &Request, grid_only: bool) -> anyhow::Result<()> {
    if grid_only && args.target != Target::All && args.target.grid_figure().is_none() {
        anyhow::bail!(
            "--shard and --collect apply to the trained-network grid \
             (fig3, fig4, fig5, fig6, fig16 or all), not to {}",
            args.target.id()
        );
    }
    if args.paper && args.target != Target::All && !args.target.has_paper_setup() {
        anyhow::bail!(
            "--paper applies to the trained-network figures and Fig. 10 \
             (fig2, fig3, fig4, fig5, fig6, fig9, fig10, fig15, fig16 or all), not to {}",
            args.target.id()
        );
    }
    if args.shard.is_some() && args.out.is_none() {
        anyhow::bail!(
            "--shard needs --out DIR, the folder this part writes its networks and shard.json \
             into (e.g. --out shards/03); without it they would land in the figures folder"
        );
    }
    if !args.reuse.is_empty() && args.shard.is_none() {
        anyhow::bail!(
            "--reuse applies to a --shard run (it takes the networks of finished shards)"
        );
    }
    let selected = args.tasks.is_some() || args.networks.is_some();
    if selected && !args.collect.is_empty() {
        anyhow::bail!(
            "--tasks and --networks choose the networks to train; with --collect the shards' \
             plan decides (give them to the --shard runs instead)"
        );
    }
    if selected && args.target != Target::All && args.target.grid_figure().is_none() {
        anyhow::bail!(
            "--tasks and --networks apply to the trained-network grid \
             (fig3, fig4, fig5, fig6, fig16 or all), not to {}",
            args.target.id()
        );
    }
    Ok(())
}

/// The command line recorded in the report.
fn command_line(args: &Request) -> String {
    let mut command = format!("oblique reproduce {}", args.target.id());
    if args.quick {
        command.push_str(" --quick");
    }
    if args.paper {
        command.push_str(" --paper");
    }
    if let Some(s) = &args.shard {
        command.push_str(&format!(" --shard {s}"));
    }
    // the collected shards carry their own seed (the report's seed line), so `--seed` is
    // left out of a collect's command
    let collected = args.collect.len();
    if collected > 0 {
        let dirs = if collected == 1 {
            "directory"
        } else {
            "directories"
        };
        command.push_str(&format!(" --collect ({collected} {dirs})"));
    }
    if let Some(t) = &args.tasks {
        command.push_str(&format!(" --tasks {t}"));
    }
    if let Some(n) = &args.networks {
        command.push_str(&format!(" --networks {n}"));
    }
    if collected == 0 {
        command.push_str(&format!(" --seed {}", args.seed));
    }
    command
}

/// Runs `work` on `threads` workers, or on the global pool.
fn on_threads<T: Send>(
    threads: Option<usize>,
    work: impl FnOnce() -> anyhow::Result<T> + Send,
) -> anyhow::Result<T> {
    match threads {
        Some(t) => rayon::ThreadPoolBuilder::new()
            .num_threads(t)
            .build()?
            .install(work),
        None => work(),
    }
}

/// The figures to draw: with --collect or --shard only the grid's, with --paper only the
/// trained-network figures.
fn targets(args: &Request, grid_only: bool) -> Vec<Target> {
    if grid_only {
        args.target
            .expand()
            .into_iter()
            .filter(|t| t.grid_figure().is_some())
            .collect()
    } else if args.paper {
        args.target
            .expand()
            .into_iter()
            .filter(|t| t.has_paper_setup())
            .collect()
    } else {
        vec![args.target]
    }
}

/// Runs the request: one shard of the trained-network grid, or the figures and the report.
pub fn run(args: &Request) -> anyhow::Result<Outcome> {
    if args.threads == Some(0) {
        anyhow::bail!("--threads must be at least 1 (got 0)");
    }
    let shard = match &args.shard {
        Some(s) => Some(reproduce::neuro::shard::parse_spec(s)?),
        None => None,
    };
    let grid_only = shard.is_some() || !args.collect.is_empty();
    check_request(args, grid_only)?;
    let select = reproduce::neuro::select::Selection::parse(
        args.tasks.as_deref(),
        args.networks.as_deref(),
    )?;
    let command = command_line(args);
    let out = match &args.out {
        Some(dir) => dir.clone(),
        None if args.paper => PathBuf::from("figures-paper"),
        None => default_out(args.quick),
    };
    crate::io::target::check_dir(&out).map_err(|e| anyhow::anyhow!("--out: {e}"))?;
    let cfg = Config {
        out: out.clone(),
        quick: args.quick,
        paper: args.paper,
        seed: args.seed,
        command,
        select,
    };
    // `--networks A,0`: Fig. 16 (the only figure of the g = 0.7 networks) is refused before
    // anything is trained, and left out of `all` (`reproduce::run_with`)
    let targets = targets(args, grid_only);
    let plan = cfg.plan()?;
    if plan.seeds_decaying == 0 && targets == [Target::Fig16] {
        anyhow::bail!(reproduce::neuro::select::NO_FIG16);
    }
    if let Some((k, m)) = shard {
        let run = || reproduce::neuro::run_shard(&cfg, &plan, (k, m), &args.reuse);
        let r = on_threads(args.threads, run)?;
        return Ok(Outcome {
            summary: shard_summary((k, m), &out, r),
            sections: Vec::new(),
            json: RunJson::shard(&out, (k, m), r),
        });
    }
    let source = if !args.collect.is_empty() {
        reproduce::neuro::Source::Collect(args.collect.clone())
    } else {
        reproduce::neuro::Source::Compute(Box::new(plan))
    };
    let work = || reproduce::run_with(&targets, &cfg, &source);
    let sections = on_threads(args.threads, work)?;
    // the counts of the summary line are those --json prints
    let json = RunJson::report(&out, &sections);
    let summary = format!(
        "wrote {} ({} sections; {} rows fail their target, {} pieces missing)",
        out.join("REPORT.md").display(),
        sections.len(),
        json.rows.fail,
        json.rows.missing + json.missing_pieces
    );
    Ok(Outcome {
        summary,
        sections,
        json,
    })
}

/// The line a shard run ends with.
fn shard_summary((k, m): (usize, usize), out: &std::path::Path, r: ShardRun) -> String {
    let out = out.display();
    if r.finished_before {
        return format!(
            "shard {k}/{m} in {out} is finished already ({} networks); nothing trained \
             (remove that folder to train it again)",
            r.kept
        );
    }
    let all = r.trained + r.kept + r.reused;
    if r.kept + r.reused == 0 {
        return format!("wrote shard {k}/{m} ({all} trained networks) into {out}");
    }
    format!(
        "wrote shard {k}/{m} ({all} networks: {} trained now, {}) into {out}",
        r.trained,
        reproduce::neuro::shard_run::origins(r.kept, r.reused)
    )
}

/// The default output folder: `figures`, or `figures-quick` with `--quick`.
pub fn default_out(quick: bool) -> PathBuf {
    PathBuf::from(if quick { "figures-quick" } else { "figures" })
}
