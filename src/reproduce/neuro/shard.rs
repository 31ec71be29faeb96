//! `--shard K/M` and `--collect DIR...`: the grid as independent parts. A shard directory
//! holds `records.json` (the records of its jobs) and, written last, `shard.json` (the plan,
//! K, M and the job ids): a directory without `shard.json` is an unfinished shard, whose
//! finished networks [`super::checkpoint`] keeps.

use super::job::Record;
use super::merge::{self, Part};
use super::plan::{shard_jobs, Plan};
use super::version::RECORDS_VERSION;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The manifest file of a shard directory.
pub const MANIFEST: &str = "shard.json";
/// The records file of a shard directory.
pub const RECORDS: &str = "records.json";
/// The `kind` of a manifest.
const KIND: &str = "oblique-reproduce-shard";

/// Bad `--shard` / `--collect` input; every message names the flag.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ShardError {
    /// `--shard` is not `K/M` with `1 <= K <= M`.
    #[error(
        "--shard {0:?}: expected K/M with whole numbers M >= 1 and K in 1..=M (e.g. --shard 3/10)"
    )]
    BadSpec(String),
    /// A `--collect` path is missing or not a directory.
    #[error("--collect {0}: not an existing directory")]
    NoDir(PathBuf),
    /// A `--collect` directory holds no finished shard.
    #[error("--collect {dir}: not a finished shard ({reason}); rerun that shard")]
    NotAShard {
        /// the directory
        dir: PathBuf,
        /// what is wrong
        reason: String,
    },
    /// Shards of different runs.
    #[error("--collect {dir}: a shard of another run ({what} differs from {first})")]
    Foreign {
        /// the directory
        dir: PathBuf,
        /// what differs
        what: String,
        /// the first directory
        first: PathBuf,
    },
    /// Jobs missing after reading every directory.
    #[error("--collect: incomplete, {missing} of {total} jobs are in none of the directories (shards {shards} of {m} not given?)")]
    Incomplete {
        /// missing jobs
        missing: usize,
        /// all jobs
        total: usize,
        /// the shard numbers not found
        shards: String,
        /// M
        m: usize,
    },
    /// The same shard given twice.
    #[error("--collect {0}: shard {1} was already given")]
    Duplicate(PathBuf, usize),
    /// `--shard` into a directory that holds a shard of another run.
    #[error("--out {dir}: holds the {what}; {advice}")]
    OtherRun {
        /// the directory
        dir: PathBuf,
        /// what it holds
        what: String,
        /// what to do about it
        advice: &'static str,
    },
    /// A `--reuse` directory that is no finished shard.
    #[error("--reuse {dir}: {reason}")]
    Reuse {
        /// the directory
        dir: PathBuf,
        /// what is wrong
        reason: String,
    },
    /// A file of an unfinished shard cannot be read.
    #[error("--out: {path} cannot be read ({reason}); remove it to train that part again")]
    Unreadable {
        /// the file
        path: PathBuf,
        /// why
        reason: String,
    },
}

impl ShardError {
    /// A shard whose records are not jobs of its own plan.
    pub fn mismatch(dir: &Path) -> Self {
        ShardError::NotAShard {
            dir: dir.to_path_buf(),
            reason: "its records do not match its plan".into(),
        }
    }
}

/// Parses `K/M`.
pub fn parse_spec(s: &str) -> Result<(usize, usize), ShardError> {
    let bad = || ShardError::BadSpec(s.to_string());
    let (k, m) = s.split_once('/').ok_or_else(bad)?;
    let k: usize = k.trim().parse().map_err(|_| bad())?;
    let m: usize = m.trim().parse().map_err(|_| bad())?;
    if m == 0 || k == 0 || k > m {
        return Err(bad());
    }
    Ok((k, m))
}

/// The manifest of a shard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// always [`KIND`]
    pub kind: String,
    /// the grid
    pub plan: Plan,
    /// K
    pub shard: usize,
    /// M
    pub of: usize,
    /// the job ids of this shard
    pub jobs: Vec<usize>,
    /// [`RECORDS_VERSION`] of the code that wrote it (0: written before versions were
    /// recorded)
    #[serde(default)]
    pub version: u32,
}

impl Manifest {
    /// The manifest of shard `k` of `m` of `plan`.
    pub fn new(plan: &Plan, k: usize, m: usize) -> Self {
        Manifest {
            kind: KIND.into(),
            plan: plan.clone(),
            shard: k,
            of: m,
            jobs: shard_jobs(&plan.jobs(), k, m)
                .iter()
                .map(|j| j.id)
                .collect(),
            version: RECORDS_VERSION,
        }
    }

    /// Why its records are not this code's, or `None` when they are.
    pub fn other_version(&self) -> Option<String> {
        (self.version != RECORDS_VERSION).then(|| version_differs(self.version))
    }
}

/// "its networks were trained and measured by another version ...".
fn version_differs(v: u32) -> String {
    let was = match v {
        0 => "a version of oblique from before record versions".to_string(),
        v => format!("records version {v}"),
    };
    format!(
        "its networks were trained and measured by another version of the code ({was}; \
         this oblique writes records version {RECORDS_VERSION})"
    )
}

/// Writes a finished shard into `dir` (records first, the manifest last, both atomically).
pub fn write_shard(
    dir: &Path,
    plan: &Plan,
    k: usize,
    m: usize,
    records: &[Record],
) -> anyhow::Result<()> {
    let dirs = crate::io::new_dirs::NewDirs::create(dir)?;
    crate::io::output::write_json(&dir.join(RECORDS), &records)?;
    crate::io::output::write_json(&dir.join(MANIFEST), &Manifest::new(plan, k, m))?;
    dirs.keep();
    Ok(())
}

/// Reads a finished shard directory: its manifest and records, checked against each other.
pub fn read_dir(dir: &Path) -> Result<(Manifest, Vec<Record>), ShardError> {
    if !dir.is_dir() {
        return Err(ShardError::NoDir(dir.to_path_buf()));
    }
    let not = |reason: String| ShardError::NotAShard {
        dir: dir.to_path_buf(),
        reason,
    };
    let read = |name: &str| {
        std::fs::read_to_string(dir.join(name)).map_err(|e| not(format!("cannot read {name}: {e}")))
    };
    let manifest: Manifest = serde_json::from_str(&read(MANIFEST)?)
        .map_err(|e| not(format!("{MANIFEST} is not a shard manifest: {e}")))?;
    if manifest.kind != KIND {
        return Err(not(format!("{MANIFEST} is of kind {:?}", manifest.kind)));
    }
    let records: Vec<Record> = serde_json::from_str(&read(RECORDS)?)
        .map_err(|e| not(format!("{RECORDS} cannot be read: {e}")))?;
    let ids: Vec<usize> = records.iter().map(|r| r.job.id).collect();
    if ids != manifest.jobs {
        return Err(not(format!(
            "{RECORDS} holds jobs {ids:?}, the manifest lists {:?}",
            manifest.jobs
        )));
    }
    Ok((manifest, records))
}

/// Reads the shard directories, checks that they belong to one run and together hold every
/// job, and returns the plan and all records. Parts of runs with different `--tasks` of one
/// grid (same size, seed and networks) merge into the plan of their union
/// ([`super::merge`]).
pub fn collect(dirs: &[PathBuf]) -> Result<(Plan, Vec<Record>), ShardError> {
    let mut parts: Vec<Part> = Vec::new();
    // the first directory and its records version: every other must have the same
    let mut first: Option<(PathBuf, u32)> = None;
    for dir in dirs {
        let (man, recs) = read_dir(dir)?;
        let jobs = man.plan.jobs();
        if recs.iter().any(|r| jobs.get(r.job.id) != Some(&r.job)) {
            return Err(ShardError::mismatch(dir));
        }
        match &first {
            Some((one, v)) if *v != man.version => {
                return Err(ShardError::Foreign {
                    dir: dir.clone(),
                    what: format!("the records version ({} against {v})", man.version),
                    first: one.clone(),
                })
            }
            Some(_) => {}
            None => first = Some((dir.clone(), man.version)),
        }
        let Some(part) = parts.iter_mut().find(|p| p.plan == man.plan) else {
            parts.push(Part {
                dir: dir.clone(),
                plan: man.plan,
                of: man.of,
                shards: vec![man.shard],
                records: recs,
            });
            continue;
        };
        if man.of != part.of {
            return Err(ShardError::Foreign {
                dir: dir.clone(),
                what: format!("M ({} against {})", man.of, part.of),
                first: part.dir.clone(),
            });
        }
        if part.shards.contains(&man.shard) {
            return Err(ShardError::Duplicate(dir.clone(), man.shard));
        }
        part.shards.push(man.shard);
        part.records.extend(recs);
    }
    if parts.is_empty() {
        return Err(ShardError::Incomplete {
            missing: 0,
            total: 0,
            shards: "all".into(),
            m: 0,
        });
    }
    let plan = match &parts[..] {
        [one] => one.plan.clone(),
        _ => merge::merged_plan(&parts)?,
    };
    for p in &parts {
        p.check_complete()?;
    }
    let records = merge::renumber(&plan, parts)?;
    Ok((plan, records))
}

/// Sets (`Some`) or removes (`None`: a manifest written before versions) the version of
/// the manifest file `path`, as an earlier or later oblique would have written it.
#[cfg(test)]
pub fn rewrite_version(path: &Path, version: Option<u32>) {
    let text = std::fs::read_to_string(path).unwrap();
    let mut m: serde_json::Value = serde_json::from_str(&text).unwrap();
    let obj = m.as_object_mut().unwrap();
    match version {
        Some(v) => obj.insert("version".into(), v.into()),
        None => obj.remove("version"),
    };
    std::fs::write(path, m.to_string()).unwrap();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reproduce::neuro::job::run_all;
    use oblique_validate::rnn::tasks::TaskKind;

    /// The halves of a run written by two versions of the code are not collected together;
    /// a run written wholly by an earlier version still is.
    #[test]
    fn collect_refuses_to_mix_record_versions() {
        let tmp = tempfile::tempdir().unwrap();
        let plan = Plan::tiny(TaskKind::Flipflop, 2, 5, 3);
        let jobs = plan.jobs();
        let dirs: Vec<PathBuf> = ["a", "b"].iter().map(|d| tmp.path().join(d)).collect();
        for (k, dir) in [1, 2].into_iter().zip(&dirs) {
            let recs = run_all(&plan, &shard_jobs(&jobs, k, 2));
            write_shard(dir, &plan, k, 2, &recs).unwrap();
        }
        rewrite_version(&dirs[1].join(MANIFEST), None);
        let e = collect(&dirs).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!(
                "--collect {}: a shard of another run (the records version (0 against 1) \
                 differs from {})",
                dirs[1].display(),
                dirs[0].display()
            )
        );
        rewrite_version(&dirs[0].join(MANIFEST), None);
        let (_, recs) = collect(&dirs).unwrap();
        assert_eq!(recs.len(), jobs.len());
    }

    #[test]
    fn shard_specs() {
        assert_eq!(parse_spec("1/1"), Ok((1, 1)));
        assert_eq!(parse_spec(" 3/10"), Ok((3, 10)));
        for bad in ["0/3", "4/3", "1/0", "3", "a/b", "-1/2", "1/2/3"] {
            let e = parse_spec(bad).unwrap_err();
            assert!(e.to_string().starts_with("--shard"), "{e}");
        }
    }

    #[test]
    fn collect_names_the_flag_for_missing_and_empty_dirs() {
        let tmp = tempfile::tempdir().unwrap();
        let gone = tmp.path().join("nope");
        let e = collect(&[gone]).unwrap_err();
        assert!(matches!(e, ShardError::NoDir(_)), "{e}");
        let e = collect(&[tmp.path().to_path_buf()]).unwrap_err();
        assert!(e.to_string().starts_with("--collect"), "{e}");
        assert!(e.to_string().contains("not a finished shard"), "{e}");
    }
}
