//! End-to-end tests of `oblique mft | optimum | sweep`: run the built binary, parse its
//! JSON/CSV output, and check every bad-input case (non-zero exit, message names the
//! parameter).

use std::process::{Command, Output};

fn oblique(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_oblique"))
        .args(args)
        .output()
        .expect("cannot run the oblique binary")
}

fn json(args: &[&str]) -> serde_json::Value {
    let out = oblique(args);
    assert!(
        out.status.success(),
        "oblique {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        text.trim().lines().count(),
        1,
        "--json must print one line: {text}"
    );
    serde_json::from_str(&text).expect("stdout is not JSON")
}

/// Runs a command that must fail; returns its stderr.
fn fails(args: &[&str]) -> String {
    let out = oblique(args);
    assert!(!out.status.success(), "oblique {args:?} should fail");
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(out.stdout.is_empty(), "a failing command printed to stdout");
    err
}

fn f(v: &serde_json::Value, key: &str) -> f64 {
    v[key]
        .as_f64()
        .unwrap_or_else(|| panic!("key {key} missing or not a number in {v}"))
}

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
        .contains("--noise: noise: sigma = 0 must be a finite number > 0"));
    assert!(with(&["--lambda-plus", "1.9", "--noise", "-1"])
        .contains("sigma = -1 must be a finite number > 0"));
    assert!(with(&["--lambda-plus", "nan"]).contains("--lambda-plus: 'nan' is not a finite number"));
    assert!(with(&["--lambda-plus", "1.9", "--target", "inf"])
        .contains("--target: 'inf' is not a finite number"));
    assert!(with(&["--lambda-plus", "1.9", "--g", "-1"]).contains("--g: g = -1 must be >= 0"));
    assert!(with(&["--lambda-plus", "1.62", "--g", "0.5"]).contains(
        "error: no fixed point: lambda+ = 1.62 must exceed lambda+min = 1.6290 for noise 1 and g 0.5"
    ));
    assert!(with(&["--lambda-plus", "1.9", "--nonlinearity", "relu"])
        .contains("--nonlinearity: unknown nonlinearity 'relu'"));
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
    .contains("--n: '-3' is not a whole number"));
    assert!(fails(&["mft", "--m", "0.5,1.2,-1.2,0.5", "--n", "64"])
        .contains("M has complex eigenvalues 0.5 +- 1.2i"));
    assert!(fails(&["mft", "--m", "1,2,3", "--n", "64"])
        .contains("--m: expected 4 comma-separated entries m11,m12,m21,m22, got 3"));
    assert!(fails(&["mft", "--lambda-minus", "-1", "--n", "64"])
        .contains("--lambda-plus is required unless --m is given"));
    assert!(
        fails(&["mft", "--m", "2,0,0,-1", "--lambda-plus", "2", "--n", "64"])
            .contains("--lambda-plus")
    );
}
