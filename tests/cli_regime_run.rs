//! End-to-end tests of `oblique regime --run RUN_DIR` on a small `oblique train task` run:
//! the measures against the trainer's own correlation, the outputs, and bad run directories.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn oblique(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_oblique"))
        .args(args)
        .output()
        .expect("run oblique")
}

fn ok(out: &Output) -> &[u8] {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    &out.stdout
}

fn train(dir: &Path, task: &str) {
    let d = dir.to_str().unwrap();
    let out = oblique(&[
        "train",
        "task",
        "--task",
        task,
        "--output-scale",
        "small",
        "--n",
        "20",
        "--steps",
        "4",
        "--batch",
        "4",
        "--seed",
        "3",
        "--json",
        "-o",
        d,
    ]);
    ok(&out);
}

#[test]
fn run_measures_are_consistent_with_the_trainer_and_written_as_files() {
    let tmp = tempfile::tempdir().unwrap();
    let run = tmp.path().join("run");
    train(&run, "cycling");
    let r = run.to_str().unwrap();
    let report = tmp.path().join("rep.csv");
    let arrays = tmp.path().join("arrays");
    let out = oblique(&[
        "regime",
        "--run",
        r,
        "--json",
        "-o",
        report.to_str().unwrap(),
        "--arrays",
        arrays.to_str().unwrap(),
    ]);
    let v: Value = serde_json::from_slice(ok(&out)).unwrap();
    let summary: Value =
        serde_json::from_str(&std::fs::read_to_string(run.join("summary.json")).unwrap()).unwrap();
    // gen_corr of regime::corr against the trainer's rnn::corr on the same noise-free run
    // (the trainer simulates in f32, the measures in f64: agreement to f32 rounding)
    let (a, b) = (
        v["corr"].as_f64().unwrap(),
        summary["corr_final"].as_f64().unwrap(),
    );
    assert!((a - b).abs() < 1e-6 * b.abs(), "{a} vs {b}");
    for key in [
        "corr_data",
        "state_norm",
        "w_out_norm",
        "participation_ratio",
        "noise_ratio",
        "noise_ratio_pc",
        "susceptibility",
    ] {
        let x = v[key].as_f64().unwrap_or(f64::NAN);
        assert!(x.is_finite() && x > 0.0, "{key} = {}", v[key]);
    }
    assert_eq!(v["task"], "cycling");
    assert_eq!(v["n"], 20);
    let p = &v["perturbation"];
    assert_eq!(p["amplitudes"].as_array().unwrap().len(), 21);
    let times: Vec<f64> = serde_json::from_value(p["times"].clone()).unwrap();
    assert_eq!(times.len(), 10);
    assert!((times[0] - 5.0).abs() < 1e-12 && (times[9] - 14.0).abs() < 1e-12);
    // |W_out| of the run: the norm of w_out.npy rows
    let csv = std::fs::read_to_string(&report).unwrap();
    assert!(csv.starts_with("run,task,n,corr,corr_data,"), "{csv}");
    let pcs = std::fs::read_to_string(tmp.path().join("rep_pcs.csv")).unwrap();
    assert!(
        pcs.starts_with("k,cumulative_variance,r2,r2_test\n1,"),
        "{pcs}"
    );
    let pert = std::fs::read_to_string(tmp.path().join("rep_perturbation.csv")).unwrap();
    assert_eq!(pert.lines().count(), 1 + 4 * 21);
    for f in [
        "perturbation_directions",
        "perturbation_loss",
        "noise_var_random",
    ] {
        assert!(arrays.join(format!("{f}.npy")).is_file(), "{f}");
    }
    // the text form says the same numbers
    let text = oblique(&["regime", "--run", r, "--skip-perturbation"]);
    let text = String::from_utf8_lossy(ok(&text)).to_string();
    assert!(text.contains(&format!("{:.4}", a)), "{text}");
    assert!(text.contains("susceptibility AUC w_out/pc  none"), "{text}");
}

#[test]
fn missing_or_incomplete_run_directories_are_named() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("nope");
    let out = oblique(&["regime", "--run", missing.to_str().unwrap()]);
    let e = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(!out.status.success() && e.contains("does not exist"), "{e}");
    let run = tmp.path().join("run");
    train(&run, "romo");
    std::fs::remove_file(run.join("w_out.npy")).unwrap();
    let out = oblique(&["regime", "--run", run.to_str().unwrap()]);
    let e = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(
        !out.status.success() && e.contains("incomplete") && e.contains("w_out.npy"),
        "{e}"
    );
    // a run that did not finish
    let s = std::fs::read_to_string(run.join("summary.json")).unwrap();
    std::fs::write(
        run.join("summary.json"),
        s.replace("\"complete\"", "\"running\""),
    )
    .unwrap();
    let out = oblique(&["regime", "--run", run.to_str().unwrap()]);
    let e = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(e.contains("did not finish"), "{e}");
    // --run excludes the recording flags
    let out = oblique(&[
        "regime",
        "--run",
        run.to_str().unwrap(),
        "--states",
        "x.npy",
    ]);
    let e = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(!out.status.success() && e.contains("--states"), "{e}");
    assert!(std::fs::read_dir(tmp.path()).unwrap().count() == 1);
}
