//! `oblique train task` and `oblique simulate task` end to end (issue 10, items 4-6).

mod common;

use common::{f, fails, json};

fn train(dir: &std::path::Path, extra: &[&str]) -> serde_json::Value {
    let mut args = vec![
        "train",
        "task",
        "--task",
        "romo",
        "--output-scale",
        "small",
        "--n",
        "16",
        "--steps",
        "6",
        "--corr-every",
        "3",
        "-o",
        dir.to_str().unwrap(),
        "--json",
    ];
    args.extend_from_slice(extra);
    json(&args)
}

/// `train task --task TASK --output-scale SCALE EXTRA -o OUT`, which must fail: its stderr.
fn train_fails(task: &str, scale: &str, extra: &[&str], out: &str) -> String {
    let mut a = vec!["train", "task", "--task", task, "--output-scale", scale];
    a.extend_from_slice(extra);
    a.extend_from_slice(&["-o", out]);
    fails(&a)
}

#[test]
fn a_short_run_writes_a_readable_run_directory() {
    let tmp = tempfile::tempdir().unwrap();
    let run = tmp.path().join("run");
    let v = train(&run, &[]);
    assert_eq!(v["status"], "complete");
    assert_eq!(v["steps_done"], 6);
    assert!(f(&v, "corr_final") > 0.0 && f(&v, "corr_final") < 1.0);
    let curves = std::fs::read_to_string(run.join("curves.csv")).unwrap();
    let lines: Vec<&str> = curves.lines().collect();
    assert_eq!(lines[0], "step,loss,l_bias,l_var,dw_norm,corr");
    assert_eq!(lines.len(), 7);
    // loss = l_bias + l_var on every row; corr on steps 0 and 3 and the last one
    for (i, l) in lines[1..].iter().enumerate() {
        let c: Vec<&str> = l.split(',').collect();
        let p = |k: usize| c[k].parse::<f64>().unwrap();
        assert!((p(1) - p(2) - p(3)).abs() < 1e-12);
        assert_eq!(c[5].is_empty(), !(i % 3 == 0 || i == 5), "row {i}");
    }
    // .npy headers numpy reads: trajectories trials x steps x N
    let bytes = std::fs::read(run.join("x_after_noisefree.npy")).unwrap();
    let header = String::from_utf8_lossy(&bytes[..128]);
    assert!(
        header.contains("'descr': '<f4'") && header.contains("'shape': (32, 145, 16"),
        "{header}"
    );
    for name in [
        "w_0",
        "w",
        "w_in",
        "w_out_0",
        "h0",
        "eval_mask",
        "z_before_noisy",
    ] {
        assert!(run.join(format!("{name}.npy")).is_file(), "{name}");
    }
    // the same run again is refused, with --force it is replaced
    let e = train_fails(
        "romo",
        "small",
        &["--n", "16", "--steps", "2"],
        run.to_str().unwrap(),
    );
    assert!(
        e.contains("already holds another run") && e.contains("--force"),
        "{e}"
    );
    // simulate: the noise-free re-run of the trained network reproduces the stored correlation
    let s = json(&["simulate", "task", "--run", run.to_str().unwrap(), "--json"]);
    assert!((f(&s, "corr") - f(&v, "corr_final")).abs() < 1e-5, "{s}");
    let s = json(&[
        "simulate",
        "task",
        "--run",
        run.to_str().unwrap(),
        "--t-max",
        "40",
        "--noise",
        "0.2",
        "--json",
    ]);
    assert_eq!(s["steps"], 200);
    assert!(run.join("simulate").join("x.npy").is_file());
}

#[test]
fn bad_input_names_the_flag() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("r");
    let o = out.to_str().unwrap();
    let base = |extra: &[&str]| {
        let mut a = vec!["train", "task", "--output-scale", "large", "-o", o];
        a.extend_from_slice(extra);
        fails(&a)
    };
    assert!(base(&["--task", "cyclin"]).contains("--task: unknown task 'cyclin'"));
    assert!(base(&["--task", "romo", "--n", "1"]).contains(
        "invalid value '1' for '--n <N>': '1' is out of range: it must be a whole number >= 2"
    ));
    assert!(base(&["--task", "romo", "--batch", "-1"])
        .contains("'-1' is out of range: it must be a whole number >= 1"));
    assert!(base(&["--task", "romo", "--batch", "0"]).contains("--batch"));
    assert!(base(&["--task", "cycling", "--batch", "3"]).contains("even batch"));
    assert!(base(&["--task", "romo", "--lr0", "0"]).contains("--lr0"));
    assert!(base(&["--task", "romo", "--lr0", "nan"]).contains("--lr0"));
    assert!(base(&["--task", "romo", "--noise", "inf"]).contains("--noise"));
    assert!(base(&["--task", "romo", "--train", "w,v"]).contains("--train: unknown weight 'v'"));
    let e = fails(&[
        "train",
        "task",
        "--task",
        "romo",
        "--output-scale",
        "medium",
        "-o",
        o,
    ]);
    assert!(e.contains("--output-scale"), "{e}");
    let e = fails(&[
        "simulate",
        "task",
        "--run",
        tmp.path().join("none").to_str().unwrap(),
    ]);
    assert!(e.contains("does not exist"), "{e}");
    std::fs::create_dir_all(tmp.path().join("empty")).unwrap();
    let e = fails(&[
        "simulate",
        "task",
        "--run",
        tmp.path().join("empty").to_str().unwrap(),
    ]);
    assert!(
        e.contains("incomplete") && e.contains("summary.json"),
        "{e}"
    );
}

#[test]
fn divergence_stops_with_the_step_and_keeps_the_record() {
    let tmp = tempfile::tempdir().unwrap();
    let run = tmp.path().join("run");
    let e = fails(&[
        "train",
        "task",
        "--task",
        "romo",
        "--output-scale",
        "large",
        "--n",
        "16",
        "--steps",
        "50",
        "--lr0",
        "1e12",
        "-o",
        run.to_str().unwrap(),
    ]);
    assert!(e.contains("diverged at step"), "{e}");
    let s: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(run.join("summary.json")).unwrap()).unwrap();
    assert!(s["status"]
        .as_str()
        .unwrap()
        .starts_with("diverged at step"));
    let rows = std::fs::read_to_string(run.join("curves.csv"))
        .unwrap()
        .lines()
        .count();
    assert_eq!(rows, 1 + s["steps_done"].as_u64().unwrap() as usize);
    // the last finite weights are readable
    assert!(
        json(&["simulate", "task", "--run", run.to_str().unwrap(), "--json"])["loss"].is_number()
    );
}

#[test]
fn runs_too_large_or_overflowing_are_refused_before_writing() {
    let tmp = tempfile::tempdir().unwrap();
    let run = tmp.path().join("run");
    train(&run, &[]);
    let out = tmp.path().join("out");
    let o = out.to_str().unwrap();
    // N = 1e5: W alone is 80 GB (budget::train_task_cost)
    let e = train_fails("cycling", "small", &["--n", "100000"], o);
    assert!(
        e.contains("training a task network with N = 100000, batch 32, 360 time steps per trial, 1000 steps needs about 455.3 GB of memory")
            && e.contains("; lower --n or --batch"),
        "{e}"
    );
    // g = 1e300 overflows the first forward pass: no step is recorded
    let e = train_fails("romo", "small", &["--n", "16", "--g", "1e300"], o);
    assert!(
        e.contains("training diverged at step 0: the initial network's loss is NaN before any update (its activity overflows; lower --g or --noise); the initial weights are in"),
        "{e}"
    );
    let r = run.to_str().unwrap();
    let sim = tmp.path().join("sim");
    let s = sim.to_str().unwrap();
    for t_max in ["1e9", "1e300"] {
        let e = fails(&["simulate", "task", "--run", r, "-o", s, "--t-max", t_max]);
        assert!(
            e.contains("simulating a task network of N = 16 neurons for")
                && e.contains("; lower --t-max"),
            "{e}"
        );
    }
    let e = fails(&["simulate", "task", "--run", r, "-o", s, "--noise", "1e300"]);
    assert!(
        e.contains("the simulated activity is not finite (masked loss NaN): it overflows with --noise 1.0000e300 and --init-noise 0; lower them"),
        "{e}"
    );
    assert!(!sim.exists(), "nothing is written for a refused run");
}
