//! `oblique mft --g G` (G > 0): the random-bulk theory through the CLI (theory notes
//! section 4). Values are checked against the library and against g = 0.

use oblique_theory::bulk::BulkModel;
use oblique_theory::nonlinearity::Erf;
use std::process::Command;

fn run(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_oblique"))
        .args(args)
        .output()
        .expect("cannot run the oblique binary")
}

#[test]
fn mft_with_bulk_prints_the_bulk_keys() {
    let out = run(&[
        "mft",
        "--lambda-plus",
        "2.2",
        "--lambda-minus",
        "-5",
        "--n",
        "256",
        "--g",
        "0.5",
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.trim().lines().count(), 1);
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let lib = BulkModel {
        g: 0.5,
        noise: 1.0,
        nonlinearity: &Erf,
        lambda_plus: 2.2,
        lambda_minus: -5.0,
        n: 256,
        target: 1.0,
    }
    .solve()
    .unwrap();
    let f = |k: &str| {
        v[k].as_f64()
            .unwrap_or_else(|| panic!("key {k} missing: {v}"))
    };
    assert_eq!(f("c0"), lib.c0);
    assert_eq!(f("c_inf"), lib.c_inf);
    assert_eq!(f("kappa_norm"), lib.kappa_norm);
    assert_eq!(f("lambda_plus_min"), lib.lambda_plus_min);
    assert!((f("z_bar") - 1.0).abs() < 1e-12);
    assert!(v["l_var"].is_null() && v["covariance"].is_null());
    assert_eq!(v["stable"], serde_json::Value::Bool(true));
    // the bulk raises lambda+min above the g = 0 value 1.6034 and c0 above sigma^2
    assert!(f("lambda_plus_min") > 1.62 && f("c0") > 1.05);
}

#[test]
fn mft_with_bulk_rejects_an_explicit_m() {
    let out = run(&["mft", "--m", "2,0,0,-5", "--n", "256", "--g", "0.5"]);
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("error: --m: an explicit M is not supported with --g > 0"),
        "{err}"
    );
}
