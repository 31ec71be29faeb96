//! A shard's networks kept as they finish, so that a shard that is stopped (a killed job, a
//! SLURM time limit, a machine that goes down) resumes where it was: while a shard runs,
//! `DIR/unfinished/` holds `started.json` (the manifest the shard will have: plan, K, M and
//! job ids) and one `job-<id>.json` per
//! trained and measured network, each written atomically the moment its network is done.
//! A rerun of the same shard into the same `--out` trains only the networks not there; the
//! folder goes once the shard's `records.json` and `shard.json` are written.

use super::job::Record;
use super::plan::{Job, Plan};
use super::shard::{self, Manifest, ShardError};
use std::path::{Path, PathBuf};

/// The folder of an unfinished shard's kept networks, inside `--out`.
pub const FOLDER: &str = "unfinished";
/// The manifest the shard will have (`shard.json`), inside [`FOLDER`]: what it was started
/// with.
const STARTED: &str = "started.json";

/// Where shard `K/M` of a plan stands in its `--out` directory.
#[derive(Debug)]
pub enum Progress {
    /// `shard.json` is there, of this very shard: its records
    Finished(Vec<Record>),
    /// to train the rest of the jobs, keeping each as it finishes
    Open(Checkpoint),
}

/// The kept networks of an unfinished shard.
#[derive(Debug)]
pub struct Checkpoint {
    dir: PathBuf,
    /// the records already kept (in job order)
    pub done: Vec<Record>,
}

/// The name of a job's file.
fn job_file(id: usize) -> String {
    format!("job-{id}.json")
}

/// Reads `out` for shard `k` of `m` of `plan`: a finished shard of it, or the networks kept
/// by an earlier, stopped run of it (none on a first run). Refuses a directory that holds a
/// shard of another run, finished or not, rather than mixing the two.
pub fn open(out: &Path, plan: &Plan, k: usize, m: usize) -> Result<Progress, ShardError> {
    let foreign = |state: &str, was: &Manifest| {
        let (what, advice) = match was.other_version() {
            Some(why) => (
                format!("{state} shard {}/{}, but {why}", was.shard, was.of),
                "remove that folder to train its networks again with this version, \
                 or give this shard another --out",
            ),
            None => (
                format!(
                    "{state} shard {}/{} of another plan or another K/M",
                    was.shard, was.of
                ),
                "give this shard another --out (or remove that one)",
            ),
        };
        ShardError::OtherRun {
            dir: out.to_path_buf(),
            what,
            advice,
        }
    };
    let here = Manifest::new(plan, k, m);
    if out.join(shard::MANIFEST).exists() {
        let (man, records) = shard::read_dir(out).map_err(|e| match e {
            ShardError::NotAShard { reason, .. } => ShardError::Unreadable {
                path: out.join(shard::MANIFEST),
                reason,
            },
            e => e,
        })?;
        if man != here {
            return Err(foreign("finished", &man));
        }
        return Ok(Progress::Finished(records));
    }
    let dir = out.join(FOLDER);
    let started = dir.join(STARTED);
    if started.exists() {
        let text = std::fs::read_to_string(&started).map_err(|e| unreadable(&started, e))?;
        let was: Manifest = serde_json::from_str(&text).map_err(|e| unreadable(&started, e))?;
        if was != here {
            return Err(foreign("unfinished", &was));
        }
    } else {
        crate::io::output::write_json(&started, &here).map_err(|e| unreadable(&started, e))?;
    }
    let jobs = super::plan::shard_jobs(&plan.jobs(), k, m);
    let done = kept(&dir, &jobs)?;
    Ok(Progress::Open(Checkpoint { dir, done }))
}

fn unreadable(path: &Path, e: impl std::fmt::Display) -> ShardError {
    ShardError::Unreadable {
        path: path.to_path_buf(),
        reason: e.to_string(),
    }
}

/// The records kept in `dir` for `jobs` (a job whose file is absent is not done yet).
fn kept(dir: &Path, jobs: &[Job]) -> Result<Vec<Record>, ShardError> {
    let mut done = Vec::new();
    for job in jobs {
        let path = dir.join(job_file(job.id));
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(unreadable(&path, e)),
        };
        let rec: Record = serde_json::from_str(&text).map_err(|e| unreadable(&path, e))?;
        if rec.job != *job {
            return Err(unreadable(&path, "it holds another job of the grid"));
        }
        done.push(rec);
    }
    Ok(done)
}

impl Checkpoint {
    /// The jobs of `jobs` not kept yet.
    pub fn to_do(&self, jobs: &[Job]) -> Vec<Job> {
        jobs.iter()
            .filter(|j| !self.done.iter().any(|r| r.job.id == j.id))
            .copied()
            .collect()
    }

    /// Keeps one finished network (atomically: a file is whole or absent).
    pub fn keep(&self, rec: &Record) -> anyhow::Result<()> {
        crate::io::output::write_json(&self.dir.join(job_file(rec.job.id)), rec)
    }

    /// Removes the kept networks, once the shard is written.
    pub fn close(self) -> anyhow::Result<()> {
        std::fs::remove_dir_all(&self.dir).map_err(|e| {
            anyhow::anyhow!(
                "the shard is written, but {} could not be removed: {e}",
                self.dir.display()
            )
        })
    }
}

#[cfg(test)]
#[path = "checkpoint_tests.rs"]
mod tests;
