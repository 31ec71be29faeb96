//! End-to-end tests of the landscape over lambda+, `oblique optimum | sweep`: run the built
//! binary, parse its JSON/CSV output against `oblique mft`, and check the bad-input cases
//! (non-zero exit, message names the parameter, no file left).

mod common;
use common::{f, fails, json, oblique};

#[test]
fn optimum_json_lists_one_optimum_per_n() {
    let v = json(&[
        "optimum",
        "--lambda-minus",
        "-5",
        "--n",
        "64,256,2048",
        "--json",
    ]);
    let optima = v["optima"].as_array().expect("optima array");
    assert_eq!(optima.len(), 3);
    let mut prev = f64::INFINITY;
    for (o, n) in optima.iter().zip([64u64, 256, 2048]) {
        assert_eq!(o["n"].as_u64(), Some(n));
        for key in ["lambda_plus_opt", "kappa_norm", "rho", "l_var"] {
            assert!(o[key].is_f64(), "{key} missing in {o}");
        }
        let lp = f(o, "lambda_plus_opt");
        // the optimum moves towards lambda+min as N grows (Fig. 12C)
        assert!(lp < prev);
        prev = lp;
        // rho and |kappa_bar| are consistent with Eq. 52
        let rho = 1.0 / ((n as f64).sqrt() * f(o, "kappa_norm"));
        assert!((f(o, "rho") - rho).abs() < 1e-12);
    }
    let lp256 = f(&optima[1], "lambda_plus_opt");
    assert!((lp256 - 1.92).abs() < 0.01, "lambda+* = {lp256}");
    // L_var at the optimum equals mft's L_var there, and is smaller than nearby
    let at = |lp: f64| {
        let s = format!("{lp}");
        f(
            &json(&[
                "mft",
                "--lambda-plus",
                &s,
                "--lambda-minus",
                "-5",
                "--n",
                "256",
                "--json",
            ]),
            "l_var",
        )
    };
    let l_opt = f(&optima[1], "l_var");
    assert!((at(lp256) - l_opt).abs() < 1e-12);
    assert!(at(lp256 - 0.01) > l_opt && at(lp256 + 0.01) > l_opt);
}

#[test]
fn optimum_bad_inputs() {
    assert!(fails(&["optimum", "--lambda-minus", "-5", "--n", "64,1"])
        .contains("'--n <N,...>': 1 is too small; it must be at least 2"));
    assert!(fails(&["optimum", "--lambda-minus", "x", "--n", "64"])
        .contains("'--lambda-minus <X>': 'x' is not a number"));
    assert!(fails(&[
        "optimum",
        "--lambda-minus",
        "-5",
        "--n",
        "64",
        "--noise",
        "0"
    ])
    .contains("'--noise <SIGMA>': 0 is out of range: it must be a finite number > 0"));
    assert!(fails(&[
        "optimum",
        "--lambda-minus",
        "-5",
        "--n",
        "64",
        "--target",
        "0"
    ])
    .contains("L_var has no minimum over lambda+"));
}

#[test]
fn sweep_writes_a_csv_with_statuses_and_no_nan() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("landscape.csv");
    let png = dir.path().join("landscape.png");
    let out = oblique(&[
        "sweep",
        "--lambda-plus",
        "1.5:3.0:151",
        "--lambda-minus",
        "-10:3:14",
        "--n",
        "64,256,2048",
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
    assert_eq!(
        lines.next(),
        Some("n,lambda_plus,lambda_minus,status,kappa_norm,rho,l_var")
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 151 * 14 * 3);
    assert!(!text.to_lowercase().contains("nan"));
    let mut seen = std::collections::HashSet::new();
    for r in &rows {
        assert_eq!(r.len(), 7);
        seen.insert(r[3]);
        let empty = |i: usize| r[i].is_empty();
        match r[3] {
            "ok" => assert!(!empty(4) && !empty(5) && !empty(6)),
            "no_fixed_point" => assert!(empty(4) && empty(5) && empty(6)),
            "rho_above_one" => assert!(!empty(4) && empty(5) && empty(6)),
            "unstable" => assert!(!empty(4) && !empty(5) && empty(6)),
            s => panic!("unknown status {s}"),
        }
    }
    assert_eq!(seen.len(), 4, "statuses seen: {seen:?}");
    // one row checked against `oblique mft`
    let r = rows
        .iter()
        .find(|r| r[0] == "256" && r[3] == "ok" && r[2] == "-5")
        .expect("an ok row at N = 256, lambda- = -5");
    let v = json(&[
        "mft",
        "--lambda-plus",
        r[1],
        "--lambda-minus",
        r[2],
        "--n",
        "256",
        "--json",
    ]);
    let l: f64 = r[6].parse().unwrap();
    assert!((l - f(&v, "l_var")).abs() < 1e-10 * l);
    assert!(std::fs::metadata(&png).unwrap().len() > 10_000);
    assert!(dir.path().join("landscape.svg").exists());
}

#[test]
fn sweep_bad_inputs_leave_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("x.csv");
    let o = csv.to_str().unwrap();
    let base = |lp: &str, lm: &str, n: &str| {
        fails(&[
            "sweep",
            "--lambda-plus",
            lp,
            "--lambda-minus",
            lm,
            "--n",
            n,
            "-o",
            o,
        ])
    };
    assert!(base("1:2", "-1", "64").contains(
        "'--lambda-plus <START:STOP:COUNT>': '1:2' is not a range (expected start:stop:count"
    ));
    assert!(base("1:2:0", "-1", "64")
        .contains("'--lambda-plus <START:STOP:COUNT>': the count in '1:2:0' must be at least 1"));
    assert!(base("1.7", "a:b:3", "64")
        .contains("'--lambda-minus <START:STOP:COUNT>': 'a' is not a number"));
    assert!(base("1.7", "-1", "1").contains("'--n <N,...>': 1 is too small; it must be at least 2"));
    assert!(base("1.7:inf:3", "-1", "64")
        .contains("'--lambda-plus <START:STOP:COUNT>': 'inf' is not a finite number"));
    // a fixed point exists but its L_var overflows: no 'ok' row beside NaN
    assert!(base("1e300", "0", "64").contains(
        "--lambda-plus, --lambda-minus: the mean field overflows floating point at lambda+ = 1.0000e300, lambda- = 0, N = 64; narrow the ranges"
    ));
    assert!(fails(&[
        "sweep",
        "--lambda-plus",
        "2",
        "--lambda-minus",
        "-1",
        "--n",
        "64",
        "-o",
        o,
        "--noise",
        "-1"
    ])
    .contains("'--noise <SIGMA>': -1 is out of range: it must be a finite number > 0"));
    assert!(fails(&[
        "sweep",
        "--lambda-plus",
        "2",
        "--lambda-minus",
        "-1",
        "--n",
        "64",
        "-o",
        o,
        "--plot",
        "x.jpg"
    ])
    .contains("--plot: 'x.jpg' must end in .png"));
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "a failed sweep left a file"
    );
}
