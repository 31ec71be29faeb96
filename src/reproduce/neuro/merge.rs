//! `--collect` of parts from runs with different `--tasks`: the parts of each run are
//! gathered by plan, and plans that select disjoint tasks of one grid (same size, seed and
//! networks per scenario) merge into the plan of their union, as if it had been run at once.
//! The networks are the same either way (their seeds derive from task, scenario and
//! sample), so only the records' places in the job list change.

use super::job::Record;
use super::plan::Plan;
use super::select::Selection;
use super::shard::ShardError;
use oblique_validate::rnn::tasks::TaskKind;
use std::path::PathBuf;

/// The shards of one plan read so far.
#[derive(Debug)]
pub struct Part {
    /// the first directory of this plan (for messages)
    pub dir: PathBuf,
    /// the plan
    pub plan: Plan,
    /// M of its shards
    pub of: usize,
    /// the shard numbers read
    pub shards: Vec<usize>,
    /// their records
    pub records: Vec<Record>,
}

impl Part {
    /// Every job of the plan is there, or the error names the shards not given.
    pub fn check_complete(&self) -> Result<(), ShardError> {
        let total = self.plan.jobs().len();
        if self.records.len() == total {
            return Ok(());
        }
        let absent: Vec<String> = (1..=self.of)
            .filter(|k| !self.shards.contains(k))
            .map(|k| k.to_string())
            .collect();
        Err(ShardError::Incomplete {
            missing: total - self.records.len(),
            total,
            shards: absent.join(", "),
            m: self.of,
        })
    }
}

/// The plan that the parts' plans are selections of: the grid of their size and seed with
/// the union of their tasks. Parts of other runs, or whose tasks overlap, are refused.
pub fn merged_plan(parts: &[Part]) -> Result<Plan, ShardError> {
    let first = &parts[0];
    let foreign = |p: &Part, what: &str| ShardError::Foreign {
        dir: p.dir.clone(),
        what: what.into(),
        first: first.dir.clone(),
    };
    let base = Plan::new(first.plan.size, first.plan.seed);
    // a run without --networks keeps the size's counts per task; one with it has one count
    let networks = first
        .plan
        .seeds_chaotic_task
        .is_empty()
        .then_some((first.plan.seeds_chaotic, Some(first.plan.seeds_decaying)));
    let select = |tasks: &[TaskKind]| {
        let s = Selection {
            tasks: Some(tasks.to_vec()),
            networks,
        };
        s.apply(base.clone()).ok()
    };
    let mut tasks: Vec<TaskKind> = Vec::new();
    for p in parts {
        if select(&p.plan.tasks).as_ref() != Some(&p.plan) {
            return Err(foreign(p, "the plan (size, seed, N, steps, networks)"));
        }
        if p.plan.tasks.iter().any(|t| tasks.contains(t)) {
            return Err(foreign(p, "the plan (a run of the same tasks)"));
        }
        tasks.extend(&p.plan.tasks);
    }
    select(&tasks).ok_or_else(|| foreign(first, "the plan (size, seed, N, steps, networks)"))
}

/// The records of all parts, numbered as in `plan` (each record's job is the job of `plan`
/// with the same task, scenario, sample and seed), in job order.
pub fn renumber(plan: &Plan, parts: Vec<Part>) -> Result<Vec<Record>, ShardError> {
    let jobs = plan.jobs();
    let mut out = Vec::new();
    for part in parts {
        for mut r in part.records {
            let Some(job) = jobs.iter().find(|j| j.same_cell(&r.job)) else {
                return Err(ShardError::mismatch(&part.dir));
            };
            r.job.id = job.id;
            out.push(r);
        }
    }
    out.sort_by_key(|r| r.job.id);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reproduce::neuro::plan::Size;

    fn part(plan: Plan) -> Part {
        let dir = PathBuf::from(plan.tasks[0].name());
        Part {
            dir,
            plan,
            of: 1,
            shards: vec![1],
            records: Vec::new(),
        }
    }

    #[test]
    fn default_parts_keep_their_own_counts_of_networks_and_networks_parts_theirs() {
        let run = |tasks: &str, networks: Option<&str>| {
            let s = Selection::parse(Some(tasks), networks).unwrap();
            part(s.apply(Plan::new(Size::Default, 4)).unwrap())
        };
        let merged = merged_plan(&[run("romo", None), run("cycling", None)]).unwrap();
        let whole = Plan::new(Size::Default, 4).select_tasks(&[TaskKind::Cycling, TaskKind::Romo]);
        assert_eq!(merged, whole);
        assert_eq!(merged.networks_of(TaskKind::Cycling, 1.5), 5);
        assert_eq!(merged.networks_of(TaskKind::Romo, 1.5), 3);
        // with --networks every task has the one count
        let parts = [run("romo", Some("4,2")), run("cycling", Some("4,2"))];
        let merged = merged_plan(&parts).unwrap();
        assert_eq!(merged.networks_of(TaskKind::Cycling, 1.5), 4);
        assert_eq!(merged.jobs().len(), 2 * 2 * (4 + 2));
        // a part with --networks does not merge with one without
        let mixed = merged_plan(&[run("cycling", None), run("romo", Some("3,2"))]);
        let msg = mixed.unwrap_err().to_string();
        assert!(
            msg.contains("(the plan (size, seed, N, steps, networks) differs"),
            "{msg}"
        );
    }
}
