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
/// not available says so in the report. `all` takes a few minutes on 2 cores; `--quick`
/// (smaller batches, fewer steps, fewer N, looser tolerances) well under one.
///
/// Example: `oblique reproduce fig12 --quick --out /tmp/figs`
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
}

pub fn run(args: Args) -> anyhow::Result<()> {
    if args.threads == Some(0) {
        anyhow::bail!("--threads must be at least 1 (got 0)");
    }
    let mut command = format!("oblique reproduce {}", args.target.id());
    if args.quick {
        command.push_str(" --quick");
    }
    command.push_str(&format!(" --seed {}", args.seed));
    let out = match &args.out {
        Some(dir) => dir.clone(),
        None => default_out(args.quick),
    };
    oblique::io::target::check_dir(&out).map_err(|e| anyhow::anyhow!("--out: {e}"))?;
    let cfg = Config {
        out: out.clone(),
        quick: args.quick,
        seed: args.seed,
        command,
    };
    let work = || reproduce::run(&[args.target], &cfg);
    let sections = match args.threads {
        Some(t) => rayon::ThreadPoolBuilder::new()
            .num_threads(t)
            .build()?
            .install(work)?,
        None => work()?,
    };
    let fails: usize = sections.iter().map(|s| s.failures()).sum();
    let missing: usize = sections.iter().map(|s| s.missing.len()).sum();
    eprintln!(
        "wrote {} ({} sections; {} rows fail their target, {} pieces missing)",
        out.join("REPORT.md").display(),
        sections.len(),
        fails,
        missing
    );
    Ok(())
}

/// The default output directory: `figures`, or `figures-quick` for a quick run.
pub fn default_out(quick: bool) -> PathBuf {
    PathBuf::from(if quick { "figures-quick" } else { "figures" })
}
