//! `reproduce --tasks` and `--networks` on the quick grid (N = 32): a selection trains
//! exactly the networks of the whole grid it keeps (same seeds, same numbers), a shard of a
//! selection collects into the grid figures without Fig. 16 when it has no networks at
//! g = 0.7, parts of runs of different tasks collect into the report of one run of all of
//! them, and bad selections are refused before anything is trained, naming the flag.

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

fn oblique(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_oblique"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn ok(args: &[&str]) -> String {
    let out = oblique(args);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{args:?} failed: {err}");
    err
}

fn records(dir: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(dir.join("records.json")).unwrap();
    serde_json::from_str::<Vec<Value>>(&text).unwrap()
}

/// A record without its place in the job list (which depends on the plan).
fn without_id(mut r: Value) -> Value {
    r["job"]["id"] = Value::Null;
    r
}

#[test]
fn a_selection_trains_the_networks_of_the_whole_grid() {
    let tmp = tempfile::tempdir().unwrap();
    let (whole, part, figs) = (
        tmp.path().join("whole"),
        tmp.path().join("part"),
        tmp.path().join("figs"),
    );
    let s = |p: &Path| p.to_string_lossy().into_owned();
    ok(&[
        "reproduce",
        "fig3",
        "--quick",
        "--shard",
        "1/1",
        "-o",
        &s(&whole),
    ]);
    ok(&[
        "reproduce",
        "all",
        "--quick",
        "--tasks",
        "romo",
        "--networks",
        "2,0",
        "--shard",
        "1/1",
        "-o",
        &s(&part),
    ]);
    let picked: Vec<Value> = records(&part).into_iter().map(without_id).collect();
    // romo x 2 output scales x 2 networks at g = 1.5
    assert_eq!(picked.len(), 4);
    let expected: Vec<Value> = records(&whole)
        .into_iter()
        .filter(|r| r["job"]["task"] == "romo" && r["job"]["g"] == 1.5)
        .map(without_id)
        .collect();
    assert_eq!(picked, expected);

    // collecting draws Figs. 3-6 of Romo and leaves Fig. 16 out
    let err = ok(&["reproduce", "all", "--collect", &s(&part), "-o", &s(&figs)]);
    assert!(err.contains("fig16 left out"), "{err}");
    for id in ["fig3", "fig4", "fig5", "fig6"] {
        let text = std::fs::read_to_string(figs.join(format!("{id}.report.json"))).unwrap();
        let rows = serde_json::from_str::<Value>(&text).unwrap()["rows"].clone();
        let rows = rows.as_array().unwrap();
        assert!(!rows.is_empty(), "{id}");
        assert!(rows.iter().all(|r| r["at"] == "Romo"), "{id}: {rows:?}");
    }
    assert!(!figs.join("fig16.report.json").exists());
    let out = oblique(&[
        "reproduce",
        "fig16",
        "--collect",
        &s(&part),
        "-o",
        &s(&figs),
    ]);
    assert!(String::from_utf8_lossy(&out.stderr).contains(
        "--networks: fig16 needs networks at g = 0.7; give --networks A,B with B in 2..=100"
    ));
}

fn rows(dir: &Path, id: &str) -> Value {
    let text = std::fs::read_to_string(dir.join(format!("{id}.report.json"))).unwrap();
    serde_json::from_str::<Value>(&text).unwrap()["rows"].clone()
}

#[test]
fn runs_of_different_tasks_collect_into_one_report() {
    let tmp = tempfile::tempdir().unwrap();
    let p = |s: &str| tmp.path().join(s).to_string_lossy().into_owned();
    let quick = ["--quick", "--networks", "2,0"];
    let run = |extra: &[&str], out: &str| {
        let mut a = vec!["reproduce", "all"];
        a.extend_from_slice(&quick);
        a.extend_from_slice(extra);
        a.extend_from_slice(&["-o", out]);
        ok(&a);
    };
    run(&["--tasks", "romo", "--shard", "1/1"], &p("romo"));
    run(&["--tasks", "flipflop", "--shard", "1/2"], &p("ff1"));
    run(&["--tasks", "flipflop", "--shard", "2/2"], &p("ff2"));
    ok(&[
        "reproduce",
        "all",
        "--collect",
        &p("ff2"),
        &p("romo"),
        &p("ff1"),
        "-o",
        &p("merged"),
    ]);
    ok(&[
        "reproduce",
        "fig3",
        "--quick",
        "--networks",
        "2,0",
        "-o",
        &p("direct"),
    ]);
    let (merged, direct) = (
        rows(Path::new(&p("merged")), "fig3"),
        rows(Path::new(&p("direct")), "fig3"),
    );
    assert_eq!(merged, direct);
    // the collected sections say the shards' size and seed, not the collect's flags
    let text = std::fs::read_to_string(tmp.path().join("merged/fig3.report.json")).unwrap();
    let sec: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        (&sec["quick"], &sec["paper"], &sec["seed"]),
        (&Value::Bool(true), &Value::Bool(false), &Value::from(1))
    );
    let md = std::fs::read_to_string(tmp.path().join("merged/REPORT.md")).unwrap();
    assert!(md.contains("made by the quick set-up"), "{md}");
    assert!(merged.as_array().unwrap().len() >= 20, "{merged}");

    // a part missing, a run of the same task twice, or another seed: refused
    let refused = |dirs: &[String], needle: &str| {
        let mut a = vec!["reproduce", "all", "--collect"];
        a.extend(dirs.iter().map(String::as_str));
        let x = p("x");
        a.extend_from_slice(&["-o", &x]);
        let o = oblique(&a);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(!o.status.success() && err.contains(needle), "{a:?}: {err}");
    };
    refused(
        &[p("romo"), p("ff1")],
        "incomplete, 2 of 4 jobs are in none of the directories (shards 2 of 2 not given?)",
    );
    run(&["--shard", "1/1"], &p("both"));
    refused(
        &[p("romo"), p("both")],
        "a shard of another run (the plan (a run of the same tasks) differs",
    );
    run(
        &["--tasks", "flipflop", "--shard", "1/1", "--seed", "2"],
        &p("seed2"),
    );
    refused(
        &[p("romo"), p("seed2")],
        "a shard of another run (the plan (size, seed, N, steps, networks) differs",
    );
}

#[test]
fn bad_selections_name_the_flag_and_write_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("o").to_string_lossy().into_owned();
    let cases: [(&[&str], &str); 6] = [
        (
            &["fig3", "--tasks", "sine"],
            "--tasks \"sine\": not a task of the grid",
        ),
        (
            &["fig3", "--quick", "--tasks", "cycling"],
            "--tasks cycling: not in the quick grid, whose tasks are flipflop, romo",
        ),
        (
            &["fig3", "--networks", "1"],
            "--networks \"1\": expected CHAOTIC[,DECAYING]",
        ),
        (
            &["fig16", "--networks", "3,0"],
            "--networks: fig16 needs networks at g = 0.7",
        ),
        (
            &["fig12", "--tasks", "romo"],
            "--tasks and --networks apply to the trained-network grid",
        ),
        (
            &["all", "--collect", "x", "--networks", "3"],
            "cannot be used with",
        ),
    ];
    for (args, needle) in cases {
        let mut full = vec!["reproduce"];
        full.extend_from_slice(args);
        full.extend_from_slice(&["--out", &out]);
        let o = oblique(&full);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{full:?}: {err}");
        assert!(
            err.contains(needle),
            "{full:?}: stderr lacks {needle:?}: {err}"
        );
    }
    assert!(
        !tmp.path().join("o").exists(),
        "nothing written on a flag error"
    );
}
