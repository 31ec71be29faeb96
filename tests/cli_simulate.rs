//! `oblique simulate` end to end: JSON keys, agreement of the JSON theory block with the
//! theory crate, reproducibility, thread independence and error messages.

use std::process::Command;

fn oblique(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_oblique"))
        .args(args)
        .output()
        .expect("run oblique")
}

const SMALL: &[&str] = &[
    "simulate",
    "--lambda-plus",
    "1.9",
    "--lambda-minus",
    "-5",
    "--n",
    "64",
    "--noise",
    "1",
    "--batch",
    "16",
    "--t-max",
    "20",
    "--t-stat",
    "5",
    "--seed",
    "3",
    "--json",
];

#[test]
fn json_has_measured_and_predicted_quantities() {
    let out = oblique(SMALL);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for key in ["kappa_norm", "rho", "l_var", "l_bias"] {
        assert!(v[key].as_f64().unwrap().is_finite(), "{key}");
        assert!(v["theory"][key].as_f64().is_some(), "theory {key}");
    }
    // theory block: Eq. 44 |kappa_bar| = sqrt((lambda+^2 - 1 - 2a^2) / (2 a^2)), Eq. 52 rho
    let a2 = std::f64::consts::FRAC_PI_4;
    let kappa = ((1.9f64 * 1.9 - 1.0 - 2.0 * a2) / (2.0 * a2)).sqrt();
    assert!((v["theory"]["kappa_norm"].as_f64().unwrap() - kappa).abs() < 1e-9);
    assert!((v["theory"]["rho"].as_f64().unwrap() - 1.0 / (8.0 * kappa)).abs() < 1e-9);
    assert!(v["theory"]["l_bias"].as_f64().unwrap().abs() < 1e-12);
    assert_eq!(v["setup"]["window_points"].as_u64(), Some(76));
    // M has the requested eigenvalues
    assert!((v["setup"]["eigenvalues"]["re"][0].as_f64().unwrap() - 1.9).abs() < 1e-12);
    // same seed, different thread count: identical numbers
    let mut args = SMALL.to_vec();
    args.extend(["--threads", "1"]);
    let again = oblique(&args);
    assert_eq!(out.stdout, again.stdout);
}

#[test]
fn explicit_m_and_g_positive_runs() {
    let out = oblique(&[
        "simulate",
        "--m",
        "1.9,0.3,0,-5",
        "--n",
        "32",
        "--batch",
        "4",
        "--t-max",
        "4",
        "--t-stat",
        "2",
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["setup"]["m"][0][1].as_f64(), Some(0.3));
    // the fixed point lies along e1 (eigenvector of 1.9 for this triangular M): rho = 1
    assert!((v["theory"]["rho"].as_f64().unwrap() - 1.0).abs() < 1e-12);
    let out = oblique(&[
        "simulate",
        "--lambda-plus",
        "2.2",
        "--g",
        "0.5",
        "--n",
        "32",
        "--batch",
        "4",
        "--t-max",
        "4",
        "--t-stat",
        "2",
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["theory"]["l_var"].is_null());
    assert!(v["theory"]["kappa_norm"].as_f64().unwrap() > 0.0);
    assert!(v["theory_note"].as_str().unwrap().contains("not L_var"));
}

#[test]
fn bad_input_fails_with_a_clear_message() {
    let cases: &[(&[&str], &str)] = &[
        (&["simulate", "--lambda-plus", "1.5"], "error: no fixed point: lambda+ = 1.5 must exceed lambda+min = 1.6034 for noise 1 (erf network)"),
        (&["simulate", "--lambda-plus", "1.9", "--n", "1"], "error: invalid value '1' for '--n <N>': '1' is out of range: it must be a whole number >= 2\n\nFor more information, try '--help'."),
        (&["simulate", "--lambda-plus", "1.9", "--batch", "0"], "error: invalid value '0' for '--batch <BATCH>': '0' is out of range: it must be a whole number >= 1\n\nFor more information, try '--help'."),
        (&["simulate", "--lambda-plus", "1.9", "--dt", "0"], "error: invalid value '0' for '--dt <DT>': 0 is out of range: it must be a finite number > 0\n\nFor more information, try '--help'."),
        (&["simulate", "--lambda-plus", "inf"], "error: invalid value 'inf' for '--lambda-plus <LAMBDA_PLUS>': 'inf' is not a finite number\n\nFor more information, try '--help'."),
        (&["simulate", "--lambda-plus", "1.9", "--noise", "0"], "error: invalid value '0' for '--noise <NOISE>': 0 is out of range: it must be a finite number > 0\n\nFor more information, try '--help'."),
        (&["simulate"], "error: --lambda-plus is required unless --m gives M"),
        (&["simulate", "--m", "1,-2,2,1"], "error: M has complex eigenvalues 1 +- 2i: the fixed point needs a real eigenvalue lambda+"),
        (&["simulate", "--lambda-plus", "1.9", "--t-max", "10", "--t-stat", "20"], "error: --t-max = 10 must exceed --t-stat = 20 >= 0"),
    ];
    for (args, msg) in cases {
        let out = oblique(args);
        assert!(!out.status.success(), "{args:?} succeeded");
        assert_eq!(
            String::from_utf8_lossy(&out.stderr).trim(),
            *msg,
            "{args:?}"
        );
        assert!(out.stdout.is_empty());
    }
    let help = oblique(&["simulate", "--help"]);
    assert!(String::from_utf8_lossy(&help.stdout).contains("--lambda-plus"));
}
