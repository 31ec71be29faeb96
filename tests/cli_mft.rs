//! End-to-end tests of `oblique mft | optimum | sweep`: run the built binary, parse its
//! JSON/CSV output, and check every bad-input case (non-zero exit, message names the
//! parameter).

mod common;
use common::{f, fails, json, oblique};

const A2: f64 = std::f64::consts::FRAC_PI_4;

#[test]
fn mft_json_has_the_documented_keys_and_values() {
    let v = json(&[
        "mft",
        "--lambda-plus",
        "1.9",
        "--lambda-minus",
        "-5",
        "--n",
        "256",
        "--noise",
        "1",
        "--target",
        "1",
        "--json",
    ]);
    // closed forms (Eqs. 44, 51, 52) computed here independently
    let lmin2 = 1.0 + 2.0 * A2;
    let kappa = ((1.9f64 * 1.9 - lmin2) / (2.0 * A2)).sqrt();
    assert!((f(&v, "lambda_plus_min") - lmin2.sqrt()).abs() < 1e-14);
    assert!((f(&v, "kappa_norm") - kappa).abs() < 1e-14);
    assert!((f(&v, "sigma_x") - (kappa * kappa + 1.0).sqrt()).abs() < 1e-14);
    assert!((f(&v, "rho") - 1.0 / (16.0 * kappa)).abs() < 1e-14);
    let l_var = f(&v, "l_var");
    assert!((l_var - f(&v, "l_var_closed_form")).abs() < 1e-10);
    // with the finite-N noise of U^T phi/N, all Hermite orders
    // (theory/notes/finite_n_noise.py, l_var_all_orders: 0.3574 at N = 256)
    assert!((f(&v, "l_var_finite_n") - 0.3574).abs() < 1e-3);
    assert_eq!(v["stable"], serde_json::Value::Bool(true));
    let ev = v["jacobian_eigenvalues"].as_array().unwrap();
    assert_eq!(ev.len(), 2);
    assert!((ev[1].as_f64().unwrap() - (-5.0 / 1.9 - 1.0)).abs() < 1e-14);
    let c = v["covariance"].as_array().unwrap();
    assert_eq!(c.len(), 2);
    assert!((c[0][0].as_f64().unwrap() - l_var).abs() < 1e-15);
}

#[test]
fn mft_explicit_m_and_tanh() {
    let v = json(&[
        "mft",
        "--m",
        "1.8,0.9,-0.4,-2",
        "--n",
        "100",
        "--nonlinearity",
        "tanh",
        "--json",
    ]);
    // eigenvalues of M: tr/2 +- sqrt((tr/2)^2 - det)
    let (tr, det): (f64, f64) = (1.8 - 2.0, 1.8 * -2.0 + 0.9 * 0.4);
    let lp = 0.5 * tr + (0.25 * tr * tr - det).sqrt();
    assert!((f(&v, "lambda_plus") - lp).abs() < 1e-13);
    assert!(
        v.get("l_var_closed_form").is_none(),
        "no closed form for a non-symmetric M"
    );
    assert!(f(&v, "l_var") > 0.0 && f(&v, "l_bias") > 0.0);
}

#[test]
fn mft_text_output_mentions_both_routes() {
    let out = oblique(&[
        "mft",
        "--lambda-plus",
        "2",
        "--lambda-minus",
        "-1",
        "--n",
        "64",
    ]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("L_var") && text.contains("Eq. 53"), "{text}");
}

/// `--dt`: the Euler-map theory, against the independent script
/// (theory/notes/finite_n_noise.py, `l_var_all_orders(1.9, -5, 256, dt=0.2)` = 0.5362) and
/// the orthogonal variance sigma^2/(1 - dt/2); bad steps name the flag and the valid range.
#[test]
fn mft_dt_gives_the_euler_map_prediction() {
    let base = [
        "mft",
        "--lambda-plus",
        "1.9",
        "--lambda-minus",
        "-5",
        "--n",
        "256",
    ];
    let mut args = base.to_vec();
    args.extend(["--dt", "0.2", "--json"]);
    let v = json(&args);
    let e = &v["euler"];
    assert!((f(e, "l_var") - 0.5362).abs() < 1e-3, "{e}");
    assert!((f(e, "orthogonal_variance") - 1.0 / 0.9).abs() < 1e-14);
    // |kappa_bar|^2 = (lambda+^2 - 1 - 2 a^2 sigma_d^2) / (2 a^2) (Eq. 43 with sigma_d)
    let kd = ((1.9f64 * 1.9 - 1.0 - 2.0 * A2 / 0.9) / (2.0 * A2)).sqrt();
    assert!((f(e, "kappa_norm") - kd).abs() < 1e-12, "{e}");
    let mut args = base.to_vec();
    args.extend(["--dt", "0"]);
    assert!(fails(&args).contains("--dt: Euler step: dt = 0 must lie in (0, 2)"));
    let mut args = base.to_vec();
    args.extend(["--dt", "0.7"]);
    let err = fails(&args);
    assert!(
        err.contains("--dt: Euler step: dt = 0.7 is too large") && err.contains("it needs dt < "),
        "{err}"
    );
    let mut args = base.to_vec();
    args.extend(["--dt", "0.2", "--g", "0.5"]);
    assert!(fails(&args).contains("--dt: the Euler-map theory is for g = 0 only"));
}

#[test]
fn mft_bad_inputs_fail_with_the_parameter_named() {
    let base = ["mft", "--lambda-minus", "-5", "--n", "256"];
    let with = |extra: &[&str]| {
        let mut a: Vec<&str> = base.to_vec();
        a.extend_from_slice(extra);
        fails(&a)
    };
    assert!(with(&["--lambda-plus", "1.5"]).contains(
        "error: no fixed point: lambda+ = 1.5 must exceed lambda+min = 1.6034 for noise 1"
    ));
    assert!(with(&["--lambda-plus", "1.604"])
        .contains("rho = target/(sqrt(N) |kappa_bar|) = 1.743 exceeds 1"));
    assert!(with(&["--lambda-plus", "1.9", "--noise", "0"])
        .contains("'--noise <SIGMA>': 0 is out of range: it must be a finite number > 0"));
    assert!(with(&["--lambda-plus", "1.9", "--noise", "-1"])
        .contains("'--noise <SIGMA>': -1 is out of range: it must be a finite number > 0"));
    assert!(with(&["--lambda-plus", "nan"])
        .contains("'--lambda-plus <X>': 'nan' is not a finite number"));
    assert!(with(&["--lambda-plus", "1.9", "--target", "inf"])
        .contains("'--target <Z>': 'inf' is not a finite number"));
    assert!(with(&["--lambda-plus", "1.9", "--g", "-1"])
        .contains("'--g <G>': -1 is out of range: it must be a finite number >= 0"));
    assert!(with(&["--lambda-plus", "1.62", "--g", "0.5"]).contains(
        "error: no fixed point: lambda+ = 1.62 must exceed lambda+min = 1.6290 for noise 1 and g 0.5"
    ));
    assert!(with(&["--lambda-plus", "1.9", "--nonlinearity", "relu"])
        .contains("invalid value 'relu' for '--nonlinearity <erf|tanh>'\n  [possible values: erf, tanh, identity]"));
    assert!(fails(&["mft", "--lambda-plus", "2", "--lambda-minus", "3", "--n", "64"])
        .contains("unstable fixed point: the Jacobian eigenvalue lambda-/lambda+ - 1 = 0.5 is not negative; lambda- = 3 must be below lambda+ = 2"));
    assert!(fails(&[
        "mft",
        "--lambda-plus",
        "2",
        "--lambda-minus",
        "-1",
        "--n",
        "1"
    ])
    .contains("N = 1 is too small: a rank-two network needs N >= 2"));
    assert!(fails(&[
        "mft",
        "--lambda-plus",
        "2",
        "--lambda-minus",
        "-1",
        "--n",
        "-3"
    ])
    .contains("'--n <N>': '-3' is not a whole number"));
    assert!(fails(&["mft", "--m", "0.5,1.2,-1.2,0.5", "--n", "64"])
        .contains("M has complex eigenvalues 0.5 +- 1.2i"));
    assert!(fails(&["mft", "--m", "1,2,3", "--n", "64"]).contains(
        "'--m <M11,M12,M21,M22>': expected 4 comma-separated entries m11,m12,m21,m22, got 3"
    ));
    assert!(fails(&["mft", "--lambda-minus", "-1", "--n", "64"])
        .contains("--lambda-plus is required unless --m is given"));
    assert!(
        fails(&["mft", "--m", "2,0,0,-1", "--lambda-plus", "2", "--n", "64"])
            .contains("--lambda-plus")
    );
}

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

#[test]
fn help_documents_each_command_with_an_example() {
    for (cmd, key) in [
        ("mft", "l_var_closed_form"),
        ("optimum", "lambda_plus_opt"),
        ("sweep", "rho_above_one"),
    ] {
        let out = oblique(&[cmd, "--help"]);
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            text.contains(&format!("Example: oblique {cmd} ")),
            "{cmd} --help: {text}"
        );
        assert!(text.contains(key), "{cmd} --help lacks {key}");
    }
}
