//! `reproduce --shard K/M` and `--collect DIR...` on the quick grid (2 tasks x 2 output
//! scales x 2 gains x 2 networks, N = 32): the two halves together hold exactly the records
//! of one unsharded run (same numbers: every job is deterministic), collecting them gives
//! the report rows of a run that trains everything in one process, and bad flags give
//! errors that name the flag.

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

fn oblique(args: &[&str]) -> Output {
    oblique_in(Path::new("."), args)
}

/// The binary run with `dir` as its working folder (where its default output folders land).
fn oblique_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_oblique"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the binary runs")
}

fn ok(args: &[&str]) {
    let out = oblique(args);
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn fails_with(args: &[&str], needles: &[&str]) {
    fails_with_in(Path::new("."), args, needles)
}

fn fails_with_in(dir: &Path, args: &[&str], needles: &[&str]) {
    let out = oblique_in(dir, args);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{args:?} should fail");
    for n in needles {
        assert!(err.contains(n), "{args:?}: stderr lacks {n:?}: {err}");
    }
}

fn records(dir: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(dir.join("records.json")).unwrap();
    serde_json::from_str::<Vec<Value>>(&text).unwrap()
}

fn rows(dir: &Path, id: &str) -> Value {
    let text = std::fs::read_to_string(dir.join(format!("{id}.report.json"))).unwrap();
    serde_json::from_str::<Value>(&text).unwrap()["rows"].clone()
}

/// `tmp/name` as a string argument.
fn path(tmp: &Path, name: &str) -> String {
    tmp.join(name).to_string_lossy().into_owned()
}

/// The halves hold every job once, with the numbers of the single run.
fn check_halves_equal_one_run(a: &str, b: &str, one: &str) {
    let mut halves = records(Path::new(a));
    let first_half = halves.len();
    halves.extend(records(Path::new(b)));
    halves.sort_by_key(|r| r["job"]["id"].as_u64().unwrap());
    let whole = records(Path::new(one));
    assert_eq!(whole.len(), 16);
    assert_eq!(first_half, 8);
    assert_eq!(halves, whole);
}

/// Collecting the halves draws every figure of the grid and the report.
fn check_collect_draws_the_figures(a: &str, b: &str, figs: &str) {
    let out = oblique(&["reproduce", "all", "--collect", a, b, "--out", figs]);
    let err = String::from_utf8_lossy(&out.stderr);
    // exit 0, or 2 when a piece of the report is missing (never a crash)
    assert!(matches!(out.status.code(), Some(0) | Some(2)), "{err}");
    for f in [
        "fig3_neuro_corr_fit.png",
        "fig4_neuro_dissimilarity.svg",
        "fig16_neuro_all_init.png",
        "fig3_networks.csv",
        "REPORT.md",
    ] {
        assert!(Path::new(figs).join(f).is_file(), "{f} missing: {err}");
    }
    for id in ["fig3", "fig4", "fig5", "fig6", "fig16"] {
        assert!(
            Path::new(figs).join(format!("{id}.report.json")).is_file(),
            "{id}"
        );
    }
    assert!(
        !Path::new(figs).join("fig12.report.json").exists(),
        "only grid figures"
    );
    check_fig5_example(Path::new(figs));
    // the shards carry their seed: the recorded command has no `--seed` of its own
    let report = std::fs::read_to_string(Path::new(figs).join("REPORT.md")).unwrap();
    assert!(
        report.contains("- command: `oblique reproduce all --collect (2 directories)` ("),
        "{report}"
    );
}

/// Fig. 5 left (`fig5_example.csv`): per regime one trial of the first task (the quick
/// grid's: flip-flop), the three outputs equal before the kick (the same run), the kick at
/// the fifth of methods 3.8's times (flip-flop 5, 5.4, 6, 6.4, 7), and a kick along w_out
/// that moves the output at once.
fn check_fig5_example(figs: &Path) {
    let mut rdr = csv::Reader::from_path(figs.join("fig5_example.csv")).unwrap();
    assert_eq!(
        rdr.headers().unwrap().iter().collect::<Vec<_>>().join(","),
        "task,output_scale,sample,t_kick,amplitude,t,z1_unperturbed,z1_kick_w_out,z1_kick_pc"
    );
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    for scale in ["small", "large"] {
        let net: Vec<_> = rows.iter().filter(|r| &r[1] == scale).collect();
        let f = |r: &csv::StringRecord, i: usize| r[i].parse::<f64>().unwrap();
        // t = 0, 0.2, ... to 45 or the end of the (quick) evaluation trial, 24.8
        assert_eq!(net.len(), 125, "{scale}");
        assert!((f(net[124], 5) - 24.8).abs() < 1e-9);
        assert_eq!(&net[0][0], "flipflop");
        assert_eq!(f(net[0], 3), 7.0, "{scale}: t_kick");
        for r in &net {
            if f(r, 5) < 7.0 - 1e-9 {
                assert_eq!((&r[6], &r[6]), (&r[7], &r[8]), "{scale}: before the kick");
            }
        }
        let at = net.iter().find(|r| (f(r, 5) - 7.0).abs() < 1e-9).unwrap();
        assert!((f(at, 7) - f(at, 6)).abs() > 0.1, "{scale}: {at:?}");
    }
}

/// The collected rows are those of a run that trains the whole grid in one process.
fn check_rows_equal_one_process(tmp: &Path, figs: &str) {
    let p = |s: &str| path(tmp, s);
    let direct = p("direct");
    ok(&["reproduce", "fig3", "--quick", "--out", &direct]);
    assert_eq!(
        rows(Path::new(figs), "fig3"),
        rows(Path::new(&direct), "fig3")
    );
    let r = rows(Path::new(&direct), "fig3");
    assert!(r.as_array().unwrap().len() >= 20, "{r}");
}

/// Incomplete, duplicated and foreign shards, and folders that are no shard, are refused.
fn check_bad_collections(tmp: &Path, a: &str, figs: &str) {
    let p = |s: &str| path(tmp, s);
    fails_with(
        &["reproduce", "fig3", "--collect", a, "--out", &p("x")],
        &["--collect", "incomplete", "shards 2 of 2"],
    );
    fails_with(
        &["reproduce", "fig3", "--collect", a, a, "--out", &p("x")],
        &["--collect", "already given"],
    );
    let other = p("other");
    ok(&[
        "reproduce",
        "fig3",
        "--quick",
        "--seed",
        "2",
        "--shard",
        "2/2",
        "--out",
        &other,
    ]);
    fails_with(
        &[
            "reproduce",
            "fig3",
            "--collect",
            a,
            &other,
            "--out",
            &p("x"),
        ],
        &["--collect", "another run"],
    );
    fails_with(
        &[
            "reproduce",
            "fig3",
            "--collect",
            &p("nowhere"),
            "--out",
            &p("x"),
        ],
        &["--collect", "not an existing directory"],
    );
    fails_with(
        &["reproduce", "fig3", "--collect", figs, "--out", &p("x")],
        &["--collect", "not a finished shard"],
    );
    // a failed collection leaves no empty output folder behind
    assert!(!Path::new(&p("x")).exists());
}

#[test]
fn two_shards_equal_one_run_and_collect_draws_the_figures() {
    let tmp = tempfile::tempdir().unwrap();
    let p = |s: &str| path(tmp.path(), s);
    let (a, b, one) = (p("a"), p("b"), p("one"));
    for (spec, dir) in [("1/2", &a), ("2/2", &b), ("1/1", &one)] {
        let out = oblique(&[
            "reproduce",
            "fig3",
            "--quick",
            "--shard",
            spec,
            "--out",
            dir,
            "--json",
        ]);
        assert!(out.status.success(), "{spec}");
        // --json: the shard's networks, no report
        let j: Value = serde_json::from_slice(&out.stdout).expect("--json prints JSON");
        assert_eq!(j["shard"]["shard"], spec, "{j}");
        let n = if spec == "1/1" { 16 } else { 8 };
        assert_eq!(j["shard"]["trained"], n, "{j}");
        assert!(j["report"].is_null(), "{j}");
    }
    check_halves_equal_one_run(&a, &b, &one);
    let figs = p("figs");
    check_collect_draws_the_figures(&a, &b, &figs);
    check_rows_equal_one_process(tmp.path(), &figs);
    check_bad_collections(tmp.path(), &a, &figs);
}

#[test]
fn bad_shard_flags_name_the_flag() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("o").to_string_lossy().into_owned();
    for spec in ["0/2", "3/2", "1/0", "2", "x/y"] {
        fails_with(
            &[
                "reproduce",
                "fig3",
                "--quick",
                "--shard",
                spec,
                "--out",
                &out,
            ],
            &["--shard", "K in 1..=M"],
        );
    }
    fails_with(
        &["reproduce", "fig12", "--shard", "1/2", "--out", &out],
        &[
            "--shard and --collect apply to the trained-network grid",
            "fig12",
        ],
    );
    // a shard never writes into the default figures folder (run in the temp folder, where
    // that folder would be)
    fails_with_in(
        tmp.path(),
        &["reproduce", "fig3", "--quick", "--shard", "1/2"],
        &["error: --shard needs --out DIR, the folder this part writes its networks"],
    );
    assert_eq!(
        std::fs::read_dir(tmp.path()).unwrap().count(),
        0,
        "nothing written"
    );
    fails_with(
        &["reproduce", "fig13", "--paper", "--out", &out],
        &[
            "--paper applies to the trained-network figures and Fig. 10",
            "fig13",
        ],
    );
    fails_with(
        &["reproduce", "fig3", "--paper", "--quick", "--out", &out],
        &["--paper"],
    );
    assert!(
        !tmp.path().join("o").exists(),
        "nothing written on a flag error"
    );
}

/// A shard stopped after some of its networks resumes: the networks kept in
/// `unfinished/` are not trained again (one is marked with a loss no training gives), the
/// others are, with the numbers of an uninterrupted run; the folder then goes, and a rerun
/// of the finished shard trains nothing.
#[test]
fn a_stopped_shard_resumes_with_the_networks_it_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = path(tmp.path(), "r");
    let shard = [
        "reproduce",
        "fig3",
        "--quick",
        "--shard",
        "1/2",
        "--out",
        &dir,
    ];
    ok(&shard);
    let whole = records(Path::new(&dir));
    // the state a stop after the first two networks leaves: the manifest the shard will
    // have as `started.json`, two kept networks, no records
    let kept = tmp.path().join("r/unfinished");
    std::fs::create_dir(&kept).unwrap();
    std::fs::rename(tmp.path().join("r/shard.json"), kept.join("started.json")).unwrap();
    std::fs::remove_file(tmp.path().join("r/records.json")).unwrap();
    let mut marked = whole.clone();
    marked[1]["final_loss"] = serde_json::json!(123.0);
    for r in &marked[..2] {
        let id = r["job"]["id"].as_u64().unwrap();
        std::fs::write(kept.join(format!("job-{id}.json")), r.to_string()).unwrap();
    }
    let out = oblique(&shard);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains(
            "2 of 8 networks are there already (2 kept by an earlier run); training the other 6"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("8 networks: 6 trained now, 2 kept by an earlier run"),
        "{stderr}"
    );
    assert_eq!(records(Path::new(&dir)), marked);
    assert!(
        !kept.exists(),
        "the kept networks go once the shard is written"
    );
    let again = oblique(&shard);
    assert!(again.status.success());
    let said = String::from_utf8_lossy(&again.stderr);
    assert!(
        said.contains("is finished already (8 networks); nothing trained"),
        "{said}"
    );
    assert_eq!(records(Path::new(&dir)), marked);
}

/// `--reuse`: a run of 3 networks per scenario at g = 1.5 takes the 2 of each scenario that
/// a finished run of 2 trained (the same networks: same seeds), and trains only the third.
#[test]
fn a_larger_run_reuses_the_networks_of_a_smaller_one() {
    let tmp = tempfile::tempdir().unwrap();
    let (small, big) = (path(tmp.path(), "small"), path(tmp.path(), "big"));
    let run = |networks: &str, dir: &str, extra: &[&str]| {
        let mut args = vec![
            "reproduce",
            "fig3",
            "--quick",
            "--networks",
            networks,
            "--shard",
            "1/1",
            "--out",
            dir,
        ];
        args.extend(extra);
        oblique(&args)
    };
    assert!(run("2,2", &small, &[]).status.success());
    let out = run("3,2", &big, &["--reuse", &small]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    // 2 tasks x (3 + 3 at g = 1.5, 2 + 2 at g = 0.7) = 20 networks, 16 of them in `small`
    assert!(
        stderr.contains("20 networks: 4 trained now, 16 taken from --reuse"),
        "{stderr}"
    );
    let key = |r: &Value| {
        let j = &r["job"];
        (
            j["task"].to_string(),
            j["scale"].to_string(),
            j["g"].to_string(),
            j["sample"].as_u64(),
        )
    };
    let old = records(Path::new(&small));
    let new = records(Path::new(&big));
    for r in &old {
        let same = new
            .iter()
            .find(|n| key(n) == key(r))
            .expect("every old network is in");
        assert_eq!(same["final_loss"], r["final_loss"]);
        assert_eq!(same["weights"], r["weights"]);
    }
    fails_with(
        &[
            "reproduce",
            "fig3",
            "--quick",
            "--reuse",
            &small,
            "--out",
            &path(tmp.path(), "x"),
        ],
        &["--shard"],
    );
}
