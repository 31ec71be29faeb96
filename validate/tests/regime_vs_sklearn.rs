//! The regime measures against numpy and scikit-learn (bench/regime_vs_sklearn.py wrote the
//! seeded inputs and scikit-learn's values to tests/data/regime/*.json): values to 1e-8
//! relative, the same alpha, D_x and D_fit.

use nalgebra::DMatrix;
use oblique_validate::regime::corr::{corr_data, gen_corr};
use oblique_validate::regime::dfit::{fit_curve_rnn, RnnFitInput};
use oblique_validate::regime::pca::{centre_columns, gram};
use oblique_validate::regime::procrustes::procrustes;
use oblique_validate::regime::ridge::{default_alphas, linspace, ridge_cv};
use oblique_validate::regime::subsample::fit_subset;
use oblique_validate::regime::{analyse_recording, RecordingOptions};
use serde_json::Value;

const TOL: f64 = 1e-8;

fn load(name: &str) -> Value {
    let path = format!(
        "{}/../tests/data/regime/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(&path).expect("fixture")).expect("json")
}

fn matrix(v: &Value) -> DMatrix<f64> {
    let rows: Vec<Vec<f64>> = serde_json::from_value(v.clone()).expect("matrix");
    DMatrix::from_fn(rows.len(), rows[0].len(), |i, j| rows[i][j])
}

fn floats(v: &Value) -> Vec<f64> {
    serde_json::from_value(v.clone()).expect("float list")
}

fn close(what: &str, got: f64, want: f64) {
    let err = (got - want).abs() / want.abs().max(1e-300);
    assert!(
        err <= TOL || (got - want).abs() < 1e-14,
        "{what}: {got} vs scikit-learn {want} (rel {err:.2e})"
    );
}

fn close_all(what: &str, got: &[f64], want: &[f64]) {
    assert_eq!(got.len(), want.len(), "{what}: lengths");
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        close(&format!("{what}[{i}]"), *g, *w);
    }
}

fn check_recording(name: &str) {
    let doc = load(name);
    let (x, y, e) = (matrix(&doc["x"]), matrix(&doc["y"]), &doc["expected"]);
    let rec = &e["recording"];
    close_all("alphas", &default_alphas(), &floats(&e["alphas"]));
    let rep = analyse_recording(&x, &y, &RecordingOptions::default()).unwrap();
    assert_eq!(rep.alpha, rec["alpha"].as_f64().unwrap(), "{name}: alpha");
    close("r2", rep.r2, rec["r2"].as_f64().unwrap());
    close("corr", rep.corr, rec["corr"].as_f64().unwrap());
    close(
        "PR",
        rep.participation_ratio,
        rec["participation_ratio"].as_f64().unwrap(),
    );
    close(
        "state norm",
        rep.state_norm,
        rec["state_norm"].as_f64().unwrap(),
    );
    assert_eq!(
        rep.d_x,
        rec["d_x"].as_u64().map(|v| v as usize),
        "{name}: D_x"
    );
    assert_eq!(
        rep.d_fit,
        rec["d_fit"].as_u64().map(|v| v as usize),
        "{name}: D_fit"
    );
    close_all(
        "cevr",
        &rep.cumulative_variance,
        &floats(&rec["cumulative_variance"]),
    );
    assert_eq!(
        rep.fit_alpha,
        floats(&rec["fit_alpha"]),
        "{name}: alpha of every k"
    );
    close_all("R2_k", &rep.fit_r2, &floats(&rec["fit_r2"]));
    // The generic fit: coefficients and intercept as scikit-learn's coef_ and intercept_.
    let fit = ridge_cv(&centre_columns(&x), &centre_columns(&y), &default_alphas());
    let coef = matrix(&rec["coef"]);
    let scale = coef.amax();
    for (g, w) in fit.coef.iter().zip(coef.iter()) {
        assert!((g - w).abs() <= TOL * scale, "{name}: coef {g} vs {w}");
    }
    assert!(fit.intercept.amax() < 1e-10 * scale.max(1.0));
    // RNN correlation with the fitted readout as W_out and the activity as states.
    close(
        "gen_corr",
        gen_corr(&fit.coef, &x),
        e["gen_corr"].as_f64().unwrap(),
    );
    let p = procrustes(&x, &matrix(&doc["x2"])).unwrap();
    close(
        "procrustes angle",
        p.angle,
        e["procrustes"]["angle"].as_f64().unwrap(),
    );
    close(
        "procrustes euclidean",
        p.euclidean,
        e["procrustes"]["euclidean"].as_f64().unwrap(),
    );
    check_subsets(&x, &y, e);
    if !e["rnn_fit"].is_null() {
        check_rnn_fit(&x, &y, &e["rnn_fit"]);
    }
}

fn check_subsets(x: &DMatrix<f64>, y: &DMatrix<f64>, e: &Value) {
    let (xc, yc) = (centre_columns(x), centre_columns(y));
    let g = gram(&xc);
    for s in e["subsets"].as_array().unwrap() {
        let idx: Vec<usize> = serde_json::from_value(s["idx"].clone()).unwrap();
        let f = fit_subset(&xc, &g, &xc.tr_mul(&yc), &yc, &idx, &default_alphas());
        assert_eq!(f.alpha, s["alpha"].as_f64().unwrap(), "subset alpha");
        close("subset r2", f.r2, s["r2"].as_f64().unwrap());
        close("subset corr", f.corr, s["corr"].as_f64().unwrap());
        // The same correlation from explicit weights, as the data variant defines it.
        let xs = x.select_columns(&idx);
        let w = ridge_cv(&xs, y, &default_alphas()).coef;
        close(
            "subset corr (explicit)",
            corr_data(&xs, &w),
            s["corr"].as_f64().unwrap(),
        );
        close(
            "subset PR",
            f.participation_ratio,
            s["participation_ratio"].as_f64().unwrap(),
        );
    }
}

fn check_rnn_fit(x: &DMatrix<f64>, y: &DMatrix<f64>, r: &Value) {
    let t0 = r["t0"].as_u64().unwrap() as usize;
    let n_train = r["n_train"].as_u64().unwrap() as usize;
    let pca_states = x.rows(t0, x.nrows() - t0).into_owned();
    let train: Vec<usize> = (0..n_train).collect();
    let input = RnnFitInput {
        pca_states: &pca_states,
        states: x,
        output: y,
        train_rows: &train,
        score_rows: None,
        max_pcs: 30,
    };
    let curve = fit_curve_rnn(&input, &default_alphas());
    assert_eq!(
        curve.alpha,
        floats(&r["alpha"]),
        "RNN fit: alpha of every k"
    );
    close_all("RNN R2_k", &curve.r2, &floats(&r["r2"]));
}

#[test]
fn oblique_recording_matches_scikit_learn() {
    check_recording("oblique");
}

#[test]
fn aligned_recording_matches_scikit_learn() {
    check_recording("aligned");
}

#[test]
fn recording_with_more_neurons_than_samples_matches_scikit_learn() {
    check_recording("wide");
}

#[test]
fn fractions_are_numpys_linspace() {
    let e = &load("aligned")["expected"];
    assert_eq!(linspace(0.1, 1.0, 10), floats(&e["linspace_fractions"]));
}
