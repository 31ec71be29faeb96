//! `oblique reproduce`: the published theory-versus-simulation figures and the agreement
//! report.

use oblique::reproduce::{self, Config, Target};
use std::path::PathBuf;

/// Reproduce the published theory-versus-simulation figures (Figs. 10, 12, 13, 28 of
/// Schuessler et al., eLife 2024, and the fluctuation-learning relationship figures) and write
/// the agreement report `REPORT.md`.
///
/// Runs the simulations and trainings of the published set-ups (theory notes, section 6),
/// computes the theory, draws each figure as PNG and SVG with the data behind every panel as
/// CSV, and writes, for every compared quantity, theory | simulation | relative error and a
/// pass/fail verdict against the targets into `<out>/REPORT.md`. A figure whose pieces are
/// not available says so in the report. The command exits with status 2 when a piece is
/// missing or a row misses its target (after writing the report). `all` takes a few minutes
/// on 2 cores; `--quick` (smaller batches, fewer steps, fewer N, looser tolerances) well
/// under one.
///
/// Figs. 3, 4, 5, 6 and 16 share one grid of networks trained on the five neuroscience tasks
/// (task x output scale x g x seed), computed once. `--paper` runs the published set-up
/// (N = 512, 5 networks x 4 scenarios x 5 tasks; hours on 2 cores); split it into
/// independent jobs with `--shard K/M` (writes the K-th of M parts into `--out`, no
/// figures) and draw the figures and the report from the parts with `--collect DIR...`.
///
/// Example: `oblique reproduce fig12 --quick --out /tmp/figs`
///
/// Example: `oblique reproduce all --paper --shard 3/20 --out shards/3`, then
/// `oblique reproduce all --collect shards/* --out figures-paper`
#[derive(clap::Args, Debug)]
pub struct Args {
    /// what to reproduce
    #[arg(value_enum, default_value = "all")]
    pub target: Target,
    /// output directory (figures, CSVs, REPORT.md) [default: figures, or figures-quick with
    /// --quick, so that a quick run never overwrites the full figures]
    #[arg(long, short, value_parser = oblique::io::target::output_dir)]
    pub out: Option<PathBuf>,
    /// reduced set-up for a run under a minute (stated in the report and on the figures;
    /// written into figures-quick/ unless --out is given)
    #[arg(long)]
    pub quick: bool,
    /// master seed (every network and trial stream derives from it)
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// worker threads for independent simulations (default: all cores)
    #[arg(long)]
    pub threads: Option<usize>,
    /// the published set-up for the trained-network figures (3-6, 16): N = 512, 5 networks
    /// per scenario, the published step counts (hours; see --shard)
    #[arg(long, conflicts_with_all = ["quick", "collect"])]
    pub paper: bool,
    /// run only part K of M of the trained-network grid and write its records into --out
    /// (K in 1..=M); combine the parts with --collect
    #[arg(long, value_name = "K/M", conflicts_with = "collect")]
    pub shard: Option<String>,
    /// draw the trained-network figures and the report from these finished shard
    /// directories (all parts of one run)
    #[arg(long, value_name = "DIR", num_args = 1.., conflicts_with = "quick")]
    pub collect: Vec<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    if args.threads == Some(0) {
        anyhow::bail!("--threads must be at least 1 (got 0)");
    }
    let shard = match &args.shard {
        Some(s) => Some(reproduce::neuro::shard::parse_spec(s)?),
        None => None,
    };
    let grid_only = shard.is_some() || !args.collect.is_empty();
    if grid_only && args.target != Target::All && args.target.grid_figure().is_none() {
        anyhow::bail!(
            "--shard and --collect apply to the trained-network grid \
             (fig3, fig4, fig5, fig6, fig16 or all), not to {}",
            args.target.id()
        );
    }
    if args.paper && args.target != Target::All && !args.target.trained_network_figure() {
        anyhow::bail!(
            "--paper applies to the trained-network figures \
             (fig2, fig3, fig4, fig5, fig6, fig9, fig15, fig16 or all), not to {}",
            args.target.id()
        );
    }
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
    if !args.collect.is_empty() {
        command.push_str(&format!(" --collect ({} directories)", args.collect.len()));
    }
    command.push_str(&format!(" --seed {}", args.seed));
    let out = match &args.out {
        Some(dir) => dir.clone(),
        None if args.paper => PathBuf::from("figures-paper"),
        None => default_out(args.quick),
    };
    oblique::io::target::check_dir(&out).map_err(|e| anyhow::anyhow!("--out: {e}"))?;
    let cfg = Config {
        out: out.clone(),
        quick: args.quick,
        paper: args.paper,
        seed: args.seed,
        command,
    };
    if let Some((k, m)) = shard {
        let size = cfg.size();
        let run = || reproduce::neuro::run_shard(&cfg, size, k, m);
        let n = match args.threads {
            Some(t) => rayon::ThreadPoolBuilder::new()
                .num_threads(t)
                .build()?
                .install(run)?,
            None => run()?,
        };
        eprintln!(
            "wrote shard {k}/{m} ({n} trained networks) into {}",
            out.display()
        );
        return Ok(());
    }
    // with --collect only the grid's figures are drawn, with --paper only the
    // trained-network figures
    let targets: Vec<Target> = if grid_only {
        args.target
            .expand()
            .into_iter()
            .filter(|t| t.grid_figure().is_some())
            .collect()
    } else if args.paper {
        args.target
            .expand()
            .into_iter()
            .filter(|t| t.trained_network_figure())
            .collect()
    } else {
        vec![args.target]
    };
    let source = if !args.collect.is_empty() {
        reproduce::neuro::Source::Collect(args.collect.clone())
    } else {
        reproduce::neuro::Source::Compute(cfg.size())
    };
    let work = || reproduce::run_with(&targets, &cfg, &source);
    let sections = match args.threads {
        Some(t) => rayon::ThreadPoolBuilder::new()
            .num_threads(t)
            .build()?
            .install(work)?,
        None => work()?,
    };
    let fails: usize = sections.iter().map(|s| s.failures()).sum();
    let missing: usize = sections.iter().map(reproduce::outcome::missing).sum();
    eprintln!(
        "wrote {} ({} sections; {} rows fail their target, {} pieces missing)",
        out.join("REPORT.md").display(),
        sections.len(),
        fails,
        missing
    );
    // the report is written either way; the exit status says whether it reproduces everything
    reproduce::check(&sections)?;
    Ok(())
}

/// The default output directory: `figures`, or `figures-quick` for a quick run.
pub fn default_out(quick: bool) -> PathBuf {
    PathBuf::from(if quick { "figures-quick" } else { "figures" })
}
