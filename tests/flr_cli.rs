//! End-to-end tests of `oblique flr`: predictions against closed forms, JSON output and
//! the exact error messages for bad input.

use std::process::Command;

fn oblique(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_oblique"))
        .args(args)
        .output()
        .expect("runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn write(dir: &std::path::Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.to_string_lossy().into_owned()
}

/// Diagonal J = diag(a): A = -I + beta diag(a) is diagonal, so C = sigma^2 / (1 - beta a_i),
/// G = 1/(1 - beta a_i) and, for plain Hebb at x* = 0,
/// dm/dt = eps beta^2 / N^2 (sum_i G_i)(sum_i (u G_i)^2) for xi = eta = (1, ..., 1).
#[test]
fn diagonal_network_from_csv_matches_closed_form() {
    let dir = tempfile::tempdir().unwrap();
    let j = write(dir.path(), "j.csv", "0.5,0,0\n0,1,0\n0,0,-1\n");
    let ones = write(dir.path(), "ones.csv", "1\n1\n1\n");
    let (ok, stdout, stderr) = oblique(&[
        "flr",
        "--j",
        &j,
        "--xi",
        &ones,
        "--eta",
        &ones,
        "--beta",
        "0.8",
        "--noise",
        "0.3",
        "--input-amplitude",
        "0.2",
        "--epsilon",
        "0.5",
        "--rule",
        "hebb",
        "--json",
    ]);
    assert!(ok, "{stderr}");
    let v: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
    let (beta, s2, u, eps, n) = (0.8, 0.09, 0.2, 0.5, 3.0);
    let g: Vec<f64> = [0.5, 1.0, -1.0]
        .iter()
        .map(|a| 1.0 / (1.0 - beta * a))
        .collect();
    let sum_g: f64 = g.iter().sum();
    let sum_r2: f64 = g.iter().map(|x| (u * x) * (u * x)).sum();
    let expected = eps * beta * beta / (n * n) * sum_g * sum_r2;
    let p = &v["predictions"][0];
    let got = p["exact"].as_f64().unwrap();
    assert!(
        (got - expected).abs() < 1e-12 * expected,
        "{got} vs {expected}"
    );
    // diagonal A is symmetric: FLR1 == exact, and C = sigma^2 G
    assert!((p["flr1"].as_f64().unwrap() - expected).abs() < 1e-9 * expected);
    let var_xi = p["var_xi"].as_f64().unwrap();
    assert!((var_xi - s2 * sum_g / n).abs() < 1e-9);
    assert!(v["spontaneous"]["fdt_deviation"].as_f64().unwrap() < 1e-9);
}

#[test]
fn random_network_prints_a_table_and_one_json_object() {
    let (ok, stdout, stderr) = oblique(&["flr", "--n", "40", "--pairs", "3", "--seed", "5"]);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("dm/dt exact") && stdout.contains("FLR2"));
    let (ok, stdout, _) = oblique(&["flr", "--n", "40", "--pairs", "3", "--seed", "5", "--json"]);
    assert!(ok);
    assert_eq!(stdout.trim().lines().count(), 1);
    let v: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
    assert_eq!(v["predictions"].as_array().unwrap().len(), 3);
}

#[test]
fn bad_inputs_are_errors_naming_the_parameter() {
    let dir = tempfile::tempdir().unwrap();
    let rect = write(dir.path(), "rect.csv", "1,0,0\n0,1,0\n");
    let (ok, _, err) = oblique(&["flr", "--j", &rect]);
    assert!(!ok);
    assert_eq!(err.trim(), "error: --j: J must be square: got 2x3");

    let j = write(dir.path(), "j.csv", "0,0.1\n0.1,0\n");
    let xi3 = write(dir.path(), "xi3.csv", "1,1,-1\n");
    let (ok, _, err) = oblique(&["flr", "--j", &j, "--xi", &xi3]);
    assert!(!ok);
    assert_eq!(
        err.trim(),
        "error: --xi: xi has 3 entries but J is 2x2; they must match"
    );

    let nan = write(dir.path(), "nan.csv", "0,NaN\n0.1,0\n");
    let (ok, _, err) = oblique(&["flr", "--j", &nan]);
    assert!(!ok);
    assert_eq!(
        err.trim(),
        "error: --j: J has a non-finite entry (NaN) at index 2"
    );

    // J = 2 I with beta = 1: A = I, eigenvalue +1.
    let unstable = write(dir.path(), "u.csv", "2,0\n0,2\n");
    let (ok, _, err) = oblique(&["flr", "--j", &unstable, "--beta", "1"]);
    assert!(!ok);
    assert_eq!(
        err.trim(),
        "error: spontaneous state: the spontaneous state is unstable: the Jacobian A = -I + J D has an eigenvalue with real part 1 >= 0, so the spontaneous covariance C does not exist (lower the gain beta, g or the number of memories)"
    );

    let (ok, _, err) = oblique(&["flr", "--n", "20", "--beta", "0"]);
    assert!(!ok);
    assert_eq!(
        err.trim(),
        "error: --beta: beta = 0 is out of range: it must be finite and > 0"
    );

    let (ok, _, err) = oblique(&["flr", "--rule", "oja"]);
    assert!(!ok);
    assert!(
        err.starts_with(
            "error: invalid value 'oja' for '--rule <RULE>': unknown learning rule 'oja'"
        ),
        "{err}"
    );
}
