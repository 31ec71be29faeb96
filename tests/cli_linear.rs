//! End-to-end tests of `oblique linear`.

use std::process::Command;

fn oblique(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_oblique"))
        .arg("linear")
        .args(args)
        .output()
        .expect("run oblique")
}

fn json(args: &[&str]) -> serde_json::Value {
    let out = oblique(args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("one JSON object on stdout")
}

fn arr(v: &serde_json::Value, key: &str) -> Vec<f64> {
    v[key]
        .as_array()
        .unwrap_or_else(|| panic!("missing array {key}"))
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect()
}

const KEYS: [&str; 7] = ["tau", "l", "l_bias", "l_var", "m11", "m12", "dx_norm"];

#[test]
fn json_has_fast_slow_flow_with_equal_length_arrays() {
    let v = json(&[
        "--n",
        "100",
        "--rho-sqrt-n",
        "0.7",
        "--noise",
        "0.8",
        "--target",
        "-1.5",
        "--lr",
        "0.003",
        "--fast-steps",
        "700",
        "--slow-steps",
        "2500",
        "--samples",
        "26",
        "--json",
    ]);
    let obj = v.as_object().unwrap();
    let mut keys: Vec<&String> = obj.keys().collect();
    keys.sort();
    assert_eq!(keys, ["fast", "flow", "slow"]);
    for phase in ["fast", "slow"] {
        for k in KEYS {
            assert_eq!(arr(&v[phase], k).len(), 26, "{phase}.{k}");
        }
    }
    for k in KEYS {
        assert_eq!(arr(&v["flow"], k).len(), 52, "flow.{k}");
    }
    let phase: Vec<&str> = v["flow"]["phase"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    assert_eq!(phase.iter().filter(|p| **p == "fast").count(), 26);
    assert_eq!(phase[26], "slow");
    // tau counts steps within each phase from 0.
    let tau = arr(&v["fast"], "tau");
    assert_eq!((tau[0], tau[25], tau[1]), (0.0, 700.0, 28.0));
    let ftau = arr(&v["flow"], "tau");
    assert_eq!((ftau[26], ftau[51]), (0.0, 2500.0));

    // Closed form against the formulas of section 5, written out independently here:
    // e0 = z - rho sqrt(N) = -2.2, eta = 0.003, sigma^2 = 0.64, sqrt(N) = 10.
    let (e0, eta, s2) = (-2.2f64, 0.003f64, 0.64f64);
    let t = 28.0 * 7.0; // sample 7 of the fast phase
    let lb = arr(&v["fast"], "l_bias")[7];
    assert!((lb - (-4.0 * eta * t).exp() * e0 * e0).abs() < 1e-12);
    let m12 = arr(&v["fast"], "m12")[7];
    assert!((m12 - (1.0 - (-2.0 * eta * t).exp()) * e0 / 10.0).abs() < 1e-12);
    assert!((arr(&v["fast"], "l_var")[7] - s2).abs() < 1e-12);
    let t = 100.0 * 13.0; // sample 13 of the slow phase
    let y = (3.0 * s2 * eta * t + 1.0).cbrt();
    assert!((arr(&v["slow"], "m11")[13] - (1.0 - y)).abs() < 1e-12);
    assert!((arr(&v["slow"], "l_var")[13] - s2 / y).abs() < 1e-12);
    assert!((arr(&v["slow"], "m12")[13] - (-1.5 * y - 0.7) / 10.0).abs() < 1e-12);
    assert!((arr(&v["slow"], "dx_norm")[13] - 2.2).abs() < 1e-12);

    // The integrated flow starts from the same state and stays close: its relative excess
    // over the closed form at the end is of order z^2 (1 - a) / N = 2.25 * 2.49 / 100.
    let fl = arr(&v["flow"], "l");
    assert!((fl[0] - (e0 * e0 + s2)).abs() < 1e-12);
    let th = arr(&v["slow"], "l");
    let rel = fl[51] / th[25] - 1.0;
    assert!(rel > 0.0 && rel < 0.1, "{} vs {}", fl[51], th[25]);
}

#[test]
fn csv_and_plot_are_written() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("curves.csv");
    let png = dir.path().join("fig.png");
    let out = oblique(&[
        "--n",
        "64",
        "--fast-steps",
        "200",
        "--slow-steps",
        "400",
        "--samples",
        "11",
        "-o",
        csv.to_str().unwrap(),
        "--plot",
        png.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&csv).unwrap();
    let mut lines = text.lines();
    assert!(lines
        .next()
        .unwrap()
        .starts_with("phase,tau,l_theory,l_flow,l_bias_theory,l_bias_flow"));
    assert_eq!(lines.count(), 22);
    assert!(std::fs::metadata(&png).unwrap().len() > 10_000);
    assert!(dir.path().join("fig.svg").exists());
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(table.contains("slow phase") && table.contains("max |flow - theory|"));
}

#[test]
fn bad_input_names_the_parameter() {
    let cases: [(&[&str], &str); 9] = [
        (
            &["--fast-steps", "10.5"],
            "error: invalid value '10.5' for '--fast-steps <STEPS>': '10.5' is not a whole number",
        ),
        (
            &["--slow-steps", "abc"],
            "error: invalid value 'abc' for '--slow-steps <STEPS>': 'abc' is not a whole number",
        ),
        (
            &["--n", "1"],
            "error: --n: network size N = 1 must be at least 2",
        ),
        (
            &["--n", "16", "--rho-sqrt-n", "4"],
            "error: --rho-sqrt-n: rho sqrt(N) = 4 must satisfy |rho sqrt(N)| < sqrt(N) = 4 (the input-output",
        ),
        (
            &["--noise", "0"],
            "error: --noise: noise sigma = 0 must be positive and finite",
        ),
        (
            &["--noise", "-1"],
            "error: --noise: noise sigma = -1 must be positive and finite",
        ),
        (
            &["--lr", "-0.1"],
            "error: --lr: learning rate eta = -0.1 must be positive and finite",
        ),
        (
            &["--lr", "0"],
            "error: --lr: learning rate eta = 0 must be positive and finite",
        ),
        (
            &["--m0", "0,0,0,1.5"],
            "error: --m0: W - I is not stable: an eigenvalue has real part 0.5 >= 0",
        ),
    ];
    for (args, msg) in cases {
        let out = oblique(args);
        assert!(!out.status.success(), "{args:?} should fail");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.starts_with(msg), "{args:?}: got {err}");
        assert!(out.stdout.is_empty(), "{args:?} printed to stdout");
    }
}

#[test]
fn help_documents_the_json_layout_and_the_flow_space() {
    let out = oblique(&["--help"]);
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "\"phase\"",
        "--space rank-two",
        "Dormand-Prince",
        "tau counts the steps",
    ] {
        assert!(help.contains(needle), "--help lacks {needle}");
    }
}

/// `--dt`: the flow follows the Euler map's loss. At M = 0 the output direction relaxes at
/// rate 1, so L_var = sigma^2 / (1 - dt/2) (Stein equation, closed form) while the closed
/// form stays continuous (sigma^2); bad steps name the flag and the valid range.
#[test]
fn dt_switches_the_flow_to_the_euler_map() {
    let v = json(&[
        "--n",
        "64",
        "--fast-steps",
        "50",
        "--slow-steps",
        "50",
        "--dt",
        "0.2",
        "--json",
    ]);
    let flow = arr(&v["flow"], "l_var");
    assert!((flow[0] - 1.0 / 0.9).abs() < 1e-12, "{}", flow[0]);
    assert!((arr(&v["fast"], "l_var")[0] - 1.0).abs() < 1e-12);
    for (dt, want) in [
        (
            "0",
            "error: --dt: Euler step dt = 0 must be positive and finite",
        ),
        (
            "2.5",
            "error: --dt: Euler map unstable: dt = 2.5 must lie in (0, 2) for this W",
        ),
        (
            "x",
            "error: invalid value 'x' for '--dt <DT>': 'x' is not a number",
        ),
    ] {
        let out = oblique(&["--n", "64", "--dt", dt]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success() && err.contains(want), "{dt}: {err}");
    }
}

/// `--batch`: the SGD moment theory is added as "sgd" (JSON) and as `_sgd` columns (CSV).
/// At the start its spread is zero and its loss is the flow's; a batch of 4 holds back M22
/// (the feedback along the input) against the flow on the same Euler-map loss, by more than
/// its predicted run-to-run spread; bad input names the flag.
#[test]
fn batch_adds_the_sgd_moment_theory() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("c.csv");
    let args = [
        "--n",
        "64",
        "--lr",
        "0.01",
        "--fast-steps",
        "100",
        "--slow-steps",
        "400",
        "--samples",
        "11",
        "--dt",
        "0.2",
        "--batch",
        "4",
        "--t-max",
        "10",
        "--t-loss-min",
        "8",
        "--json",
        "-o",
        csv.to_str().unwrap(),
    ];
    let v = json(&args);
    let sgd = &v["sgd"];
    assert_eq!(sgd["window"]["steps"], 50);
    assert_eq!(sgd["window"]["first_target"], 40);
    assert_eq!(sgd["window"]["batch"], 4);
    let n = arr(sgd, "tau").len();
    assert_eq!(n, 22);
    for key in KEYS.iter().chain(&["m22", "sd_m11", "sd_m12", "sd_m22"]) {
        assert_eq!(arr(sgd, key).len(), n, "{key}");
    }
    assert_eq!(arr(sgd, "sd_m12")[0], 0.0);
    assert!((arr(sgd, "l_var")[0] - arr(&v["flow"], "l_var")[0]).abs() < 1e-12);
    let (m22_sgd, m22_flow) = (arr(sgd, "m22")[n - 1], arr(&v["flow"], "m22")[n - 1]);
    let spread = arr(sgd, "sd_m22")[n - 1];
    assert!(
        spread > 0.0 && m22_flow - m22_sgd > spread,
        "{m22_sgd} {m22_flow} {spread}"
    );
    let text = std::fs::read_to_string(&csv).unwrap();
    let header = text.lines().next().unwrap();
    assert!(header.ends_with("dx_norm_sgd,sd_m11_sgd,sd_m12_sgd,sd_m21_sgd,sd_m22_sgd"));
    assert_eq!(text.lines().count(), 23);

    for (extra, want) in [
        (
            vec!["--batch", "4"],
            "error: --batch: the SGD theory needs --dt, the Euler step of the simulated training",
        ),
        (
            vec!["--dt", "0.2", "--batch", "0"],
            "error: invalid value '0' for '--batch <B>': '0' is out of range: it must be a whole number >= 1",
        ),
        (
            vec!["--dt", "0.2", "--batch", "4", "--t-loss-min", "30"],
            "error: --t-max/--t-loss-min: t_target = 30 is after t_max = 20: no target time points",
        ),
    ] {
        let mut a = vec!["--n", "64"];
        a.extend(extra);
        let out = oblique(&a);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success() && err.contains(want), "{a:?}: {err}");
    }
}
