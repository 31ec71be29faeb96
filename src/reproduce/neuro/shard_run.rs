//! One `--shard K/M` run: resume what an earlier run of the shard kept ([`checkpoint`]),
//! take what finished shards of another run hold ([`reuse`]), train the rest, write the
//! shard.

use super::{checkpoint, compute_keeping, plan, reuse, shard, Config, Plan};
use std::path::PathBuf;

/// `--shard K/M`: runs the jobs of shard `k` of `m` of `plan` and writes them into
/// `cfg.out` (no figures, no report). Each network is kept as it finishes
/// ([`checkpoint`]), so a rerun after a stop trains only the rest, and a rerun of a
/// finished shard trains nothing; the networks that the finished shards `reuse` hold
/// ([`reuse`]) are taken, not trained.
pub fn run_shard(
    cfg: &Config,
    plan: &Plan,
    (k, m): (usize, usize),
    reuse: &[PathBuf],
) -> anyhow::Result<ShardRun> {
    let jobs = plan::shard_jobs(&plan.jobs(), k, m);
    let mut ckpt = match checkpoint::open(&cfg.out, plan, k, m)? {
        checkpoint::Progress::Finished(records) => {
            return Ok(ShardRun {
                kept: records.len(),
                finished_before: true,
                ..ShardRun::default()
            })
        }
        checkpoint::Progress::Open(c) => c,
    };
    let kept = ckpt.done.len();
    let taken = reuse::reusable(plan, &ckpt.to_do(&jobs), reuse)?;
    for r in &taken {
        ckpt.keep(r)?;
    }
    ckpt.done.extend(taken.iter().cloned());
    let todo = ckpt.to_do(&jobs);
    if todo.len() < jobs.len() {
        eprintln!(
            "shard {k}/{m}: {} of {} networks are there already ({}); training the other {}",
            kept + taken.len(),
            jobs.len(),
            origins(kept, taken.len()),
            todo.len()
        );
    }
    let mut records = compute_keeping(plan, &todo, &|r| ckpt.keep(r))?;
    let run = ShardRun {
        trained: records.len(),
        kept,
        reused: taken.len(),
        finished_before: false,
    };
    records.extend(ckpt.done.iter().cloned());
    records.sort_by_key(|r| r.job.id);
    shard::write_shard(&cfg.out, plan, k, m, &records)?;
    ckpt.close()?;
    Ok(run)
}

/// What [`run_shard`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct ShardRun {
    /// networks trained by this run
    pub trained: usize,
    /// networks kept by an earlier run of this shard (all of them when it was finished)
    pub kept: usize,
    /// networks taken from the finished shards of `--reuse`
    pub reused: usize,
    /// the shard was finished before this run: nothing was trained or written
    pub finished_before: bool,
}

/// Where the networks not trained now come from: `kept by an earlier run, taken from --reuse`.
pub fn origins(kept: usize, reused: usize) -> String {
    let mut from = Vec::new();
    if kept > 0 {
        from.push(format!("{kept} kept by an earlier run"));
    }
    if reused > 0 {
        from.push(format!("{reused} taken from --reuse"));
    }
    from.join(", ")
}
