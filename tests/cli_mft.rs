//! End-to-end tests of `oblique mft`: run the built binary, parse its JSON output, and
//! check every bad-input case (non-zero exit, message names the parameter); the help of
//! `mft`, `optimum` and `sweep`. The landscape commands `optimum` and `sweep` are tested in
//! `cli_sweep.rs`.

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
