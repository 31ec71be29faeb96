//! `--shard K/M --reuse DIR...`: a shard takes the networks that finished shards of an
//! earlier run already trained and measured, where they are the very same networks. A
//! network's seed derives from its task, scenario and sample only (`Plan::jobs`), so a run
//! with more networks per scenario, or with more tasks, contains the networks of a smaller
//! one: extending a paper-size run from 3 to 5 networks per scenario trains only the new
//! ones.
//!
//! Two jobs are the same network when they have the same task, output scale, g, sample and
//! seed, the same training preset (N, batch, steps, lr0, noise, trained weights), the same
//! plateau rule and the same size of measures; anything else is trained anew. A shard
//! written by another version of the training or the measures ([`super::version`]) is
//! refused.

use super::job::Record;
use super::plan::{Job, Plan};
use super::shard::{self, ShardError};
use std::path::PathBuf;

/// The records in the finished shards `dirs` of the networks of `todo` (at most one per
/// job, renumbered as the jobs of `plan`), in job order.
pub fn reusable(plan: &Plan, todo: &[Job], dirs: &[PathBuf]) -> Result<Vec<Record>, ShardError> {
    let mut out: Vec<Record> = Vec::new();
    for dir in dirs {
        let (man, records) = shard::read_dir(dir).map_err(|e| as_reuse(dir, e))?;
        if let Some(reason) = man.other_version() {
            return Err(ShardError::Reuse {
                dir: dir.clone(),
                reason: format!("{reason}; train them again (leave out this --reuse)"),
            });
        }
        for mut r in records {
            let Some(job) = todo
                .iter()
                .find(|j| same_network(plan, j, &man.plan, &r.job))
            else {
                continue;
            };
            if out.iter().all(|o| o.job.id != job.id) {
                r.job = *job;
                out.push(r);
            }
        }
    }
    out.sort_by_key(|r| r.job.id);
    Ok(out)
}

/// `job` of `plan` and `was` of `other` train and measure the same network.
pub fn same_network(plan: &Plan, job: &Job, other: &Plan, was: &Job) -> bool {
    job.same_cell(was)
        && plan.size == other.size
        && plan.preset(job) == other.preset(was)
        && plan.extend_of(job.task) == other.extend_of(was.task)
        && plan.line_of(job) == other.line_of(was)
}

/// A `--collect`-worded error of reading a shard, worded for `--reuse`.
fn as_reuse(dir: &std::path::Path, e: ShardError) -> ShardError {
    let reason = match e {
        ShardError::NoDir(_) => "not an existing directory".to_string(),
        ShardError::NotAShard { reason, .. } => format!("not a finished shard ({reason})"),
        e => e.to_string(),
    };
    ShardError::Reuse {
        dir: dir.to_path_buf(),
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reproduce::neuro::job::{run_all, run_job};
    use crate::reproduce::neuro::version::RECORDS_VERSION;
    use oblique_validate::rnn::tasks::TaskKind;

    /// A run of 2 networks per scale holds the first two of a run of 3 (renumbered), and
    /// nothing of a run that trains longer or at another master seed.
    #[test]
    fn the_networks_of_a_smaller_run_are_found_and_renumbered() {
        let tmp = tempfile::tempdir().unwrap();
        let small = Plan::tiny(TaskKind::Flipflop, 2, 5, 3);
        let big = Plan::tiny(TaskKind::Flipflop, 3, 5, 3);
        let recs = run_all(&small, &small.jobs());
        let dir = tmp.path().join("small");
        shard::write_shard(&dir, &small, 1, 1, &recs).unwrap();
        let dirs = std::slice::from_ref(&dir);
        let found = reusable(&big, &big.jobs(), dirs).unwrap();
        // big: small 0, 1, 2, large 3, 4, 5; small: small 0, 1, large 2, 3
        let ids: Vec<usize> = found.iter().map(|r| r.job.id).collect();
        assert_eq!(ids, [0, 1, 3, 4]);
        for (r, id) in found.iter().zip([0, 1, 3, 4]) {
            assert_eq!(r.job, big.jobs()[id]);
            let fresh = run_job(&big, &big.jobs()[id]).unwrap();
            assert_eq!(r.final_loss, fresh.final_loss, "the same network");
        }
        let longer = Plan::tiny(TaskKind::Flipflop, 3, 6, 3);
        assert!(reusable(&longer, &longer.jobs(), dirs).unwrap().is_empty());
        let other_seed = Plan::tiny(TaskKind::Flipflop, 3, 5, 4);
        assert!(reusable(&other_seed, &other_seed.jobs(), dirs)
            .unwrap()
            .is_empty());
    }

    /// A finished shard written by another version of the training is not taken.
    #[test]
    fn the_networks_of_another_version_are_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let plan = Plan::tiny(TaskKind::Flipflop, 2, 5, 3);
        let dir = tmp.path().join("old");
        shard::write_shard(&dir, &plan, 1, 1, &run_all(&plan, &plan.jobs())).unwrap();
        shard::rewrite_version(&dir.join(shard::MANIFEST), Some(RECORDS_VERSION + 1));
        let e = reusable(&plan, &plan.jobs(), std::slice::from_ref(&dir)).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!(
                "--reuse {}: its networks were trained and measured by another version of \
                 the code (records version {}; this oblique writes records version {}); \
                 train them again (leave out this --reuse)",
                dir.display(),
                RECORDS_VERSION + 1,
                RECORDS_VERSION
            )
        );
    }

    #[test]
    fn a_folder_that_is_no_finished_shard_is_named_with_the_flag() {
        let tmp = tempfile::tempdir().unwrap();
        let plan = Plan::tiny(TaskKind::Flipflop, 2, 5, 3);
        let gone = tmp.path().join("gone");
        let e = reusable(&plan, &plan.jobs(), std::slice::from_ref(&gone)).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!("--reuse {}: not an existing directory", gone.display())
        );
        let e = reusable(&plan, &plan.jobs(), &[tmp.path().to_path_buf()]).unwrap_err();
        assert!(
            e.to_string().starts_with(&format!(
                "--reuse {}: not a finished shard (cannot read shard.json",
                tmp.path().display()
            )),
            "{e}"
        );
    }
}
