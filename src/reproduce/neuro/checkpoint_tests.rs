use super::*;
use crate::reproduce::neuro::job::{run_all, run_job};
use oblique_validate::rnn::tasks::TaskKind;

/// Two flip-flop networks per output scale (4 jobs), 5 steps each.
fn plan(seed: u64) -> Plan {
    Plan::tiny(TaskKind::Flipflop, 2, 5, seed)
}

fn open_ok(out: &Path, plan: &Plan, k: usize, m: usize) -> Checkpoint {
    match open(out, plan, k, m).unwrap() {
        Progress::Open(c) => c,
        Progress::Finished(_) => panic!("not finished yet"),
    }
}

/// A first run keeps nothing; a kept network is read back by the next run of the same
/// shard, which then has only the other jobs to do; closing removes the folder.
#[test]
fn a_rerun_trains_only_what_was_not_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let (plan, out) = (plan(3), tmp.path().join("s"));
    let jobs = super::super::plan::shard_jobs(&plan.jobs(), 1, 2);
    assert_eq!(jobs.iter().map(|j| j.id).collect::<Vec<_>>(), [0, 2]);
    let first = open_ok(&out, &plan, 1, 2);
    assert!(first.done.is_empty());
    assert_eq!(first.to_do(&jobs), jobs);
    let rec = run_job(&plan, &jobs[1]).unwrap();
    first.keep(&rec).unwrap();
    let again = open_ok(&out, &plan, 1, 2);
    assert_eq!(again.done, vec![rec]);
    assert_eq!(again.to_do(&jobs), vec![jobs[0]]);
    again.close().unwrap();
    assert!(!out.join(FOLDER).exists());
    assert!(out.is_dir(), "only the folder of kept networks goes");
}

/// A folder started by another plan or another K/M is refused, and nothing in it changes.
#[test]
fn another_runs_unfinished_shard_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("s");
    open_ok(&out, &plan(3), 1, 2);
    let before = std::fs::read(out.join(FOLDER).join(STARTED)).unwrap();
    for (p, k, m) in [(plan(4), 1, 2), (plan(3), 2, 2), (plan(3), 1, 3)] {
        let e = open(&out, &p, k, m).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!(
                "--out {}: holds the unfinished shard 1/2 of another plan or another K/M; \
                 give this shard another --out (or remove that one)",
                out.display()
            )
        );
    }
    assert_eq!(
        std::fs::read(out.join(FOLDER).join(STARTED)).unwrap(),
        before
    );
}

/// A kept file that holds another job, or is not a record, is named with the way out.
#[test]
fn a_wrong_or_damaged_kept_file_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    let (plan, out) = (plan(3), tmp.path().join("s"));
    let ck = open_ok(&out, &plan, 1, 1);
    let rec = run_job(&plan, &plan.jobs()[1]).unwrap();
    let wrong = out.join(FOLDER).join("job-0.json");
    std::fs::write(&wrong, serde_json::to_string(&rec).unwrap()).unwrap();
    let e = open(&out, &plan, 1, 1).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "--out: {} cannot be read (it holds another job of the grid); remove it to \
             train that part again",
            wrong.display()
        )
    );
    std::fs::write(&wrong, "{\"job\": ").unwrap();
    let e = open(&out, &plan, 1, 1).unwrap_err().to_string();
    assert!(e.contains("job-0.json cannot be read (EOF"), "{e}");
    std::fs::remove_file(&wrong).unwrap();
    ck.keep(&rec).unwrap();
    assert_eq!(open_ok(&out, &plan, 1, 1).done, vec![rec]);
}

/// A finished shard reads back as finished for its own plan and K/M, and is refused for
/// any other.
#[test]
fn a_finished_shard_is_reported_not_retrained() {
    let tmp = tempfile::tempdir().unwrap();
    let (plan, out) = (plan(3), tmp.path().join("s"));
    let jobs = super::super::plan::shard_jobs(&plan.jobs(), 2, 2);
    let recs = run_all(&plan, &jobs);
    shard::write_shard(&out, &plan, 2, 2, &recs).unwrap();
    match open(&out, &plan, 2, 2).unwrap() {
        Progress::Finished(r) => assert_eq!(r, recs),
        Progress::Open(_) => panic!("the shard is finished"),
    }
    let e = open(&out, &plan, 1, 2).unwrap_err().to_string();
    assert!(
        e.contains("holds the finished shard 2/2 of another plan"),
        "{e}"
    );
    assert!(!out.join(FOLDER).exists(), "a refused run starts nothing");
}

/// A shard started or finished by another version of the training is refused, naming the
/// version, and its files stay as they are.
#[test]
fn a_shard_of_another_version_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let (plan, out) = (plan(3), tmp.path().join("s"));
    open_ok(&out, &plan, 1, 1);
    let started = out.join(FOLDER).join(STARTED);
    shard::rewrite_version(&started, None);
    let e = open(&out, &plan, 1, 1).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "--out {}: holds the unfinished shard 1/1, but its networks were trained and \
             measured by another version of the code (a version of oblique from before \
             record versions; this oblique writes records version 1); remove that folder \
             to train its networks again with this version, or give this shard another --out",
            out.display()
        )
    );
    assert!(!std::fs::read_to_string(&started)
        .unwrap()
        .contains("version"));
    std::fs::remove_dir_all(out.join(FOLDER)).unwrap();
    shard::write_shard(&out, &plan, 1, 1, &run_all(&plan, &plan.jobs())).unwrap();
    shard::rewrite_version(&out.join(shard::MANIFEST), Some(2));
    let e = open(&out, &plan, 1, 1).unwrap_err().to_string();
    assert!(
        e.contains("holds the finished shard 1/1, but its networks were trained and measured by another version of the code (records version 2;"),
        "{e}"
    );
    assert!(
        e.ends_with(
            "records version 1); remove that folder to train its networks again with this \
             version, or give this shard another --out"
        ),
        "{e}"
    );
}
