//! End-to-end tests of `oblique regime`: agreement with scikit-learn through the files
//! (tests/data/regime, written by bench/regime_vs_sklearn.py), and outputs (bad input: cli_regime_bad_input.rs).

use std::path::PathBuf;

use serde_json::Value;

mod regime_common;
use regime_common::{fixture, json, oblique, rows, s, write_csv, write_npy};

fn close(what: &str, got: &Value, want: &Value) {
    let (g, w) = (got.as_f64().unwrap(), want.as_f64().unwrap());
    assert!(
        (g - w).abs() <= 1e-8 * w.abs(),
        "{what}: {g} vs scikit-learn {w}"
    );
}

struct Files {
    _dir: tempfile::TempDir,
    x: PathBuf,
    y: PathBuf,
    path: PathBuf,
}

/// The oblique fixture, X as a Fortran-order .npy and Y as a CSV with a header.
fn oblique_files() -> (Files, Value) {
    let doc = fixture("oblique");
    let dir = tempfile::tempdir().unwrap();
    let (x, y) = (dir.path().join("x.npy"), dir.path().join("y.csv"));
    write_npy(&x, &rows(&doc["x"]), true);
    write_csv(&y, true, &rows(&doc["y"]));
    let path = dir.path().to_path_buf();
    (
        Files {
            _dir: dir,
            x,
            y,
            path,
        },
        doc,
    )
}

#[test]
fn measures_from_files_match_scikit_learn_and_outputs_are_written() {
    let (f, doc) = oblique_files();
    let e = &doc["expected"]["recording"];
    let report = f.path.join("out/report.csv");
    let plot = f.path.join("fig.png");
    let v = json(&[
        "--states",
        s(&f.x),
        "--output",
        s(&f.y),
        "--json",
        "-o",
        s(&report),
        "--plot",
        s(&plot),
    ]);
    assert_eq!(v["n_samples"], 240);
    assert_eq!(v["n_neurons"], 24);
    assert_eq!(v["n_outputs"], 2);
    assert_eq!(v["alpha"].as_f64(), e["alpha"].as_f64());
    for key in ["r2", "corr", "participation_ratio"] {
        close(key, &v[key], &e[key]);
    }
    assert_eq!(v["d_x"], e["d_x"]);
    assert_eq!(v["d_fit"], e["d_fit"]);
    let rel = e["d_fit"].as_f64().unwrap() / e["d_x"].as_f64().unwrap();
    assert_eq!(v["d_fit_rel"].as_f64().unwrap(), rel);
    let csv = std::fs::read_to_string(&report).unwrap();
    assert!(csv.starts_with("states,output,n_samples,"), "{csv}");
    assert_eq!(csv.lines().count(), 2);
    let pcs = std::fs::read_to_string(f.path.join("out/report_pcs.csv")).unwrap();
    assert!(pcs.starts_with("k,cumulative_variance,r2,alpha"));
    assert_eq!(pcs.lines().count(), 1 + 24);
    assert!(std::fs::metadata(&plot).unwrap().len() > 1000);
}

#[test]
fn weights_replace_the_fit_in_the_correlation_either_orientation() {
    let (f, doc) = oblique_files();
    let coef = rows(&doc["expected"]["recording"]["coef"]);
    let w = f.path.join("w.csv");
    write_csv(&w, false, &coef);
    let v = json(&[
        "--states",
        s(&f.x),
        "--output",
        s(&f.y),
        "--weights",
        s(&w),
        "--json",
    ]);
    assert_eq!(v["weights_given"], true);
    close(
        "corr with the fitted weights",
        &v["corr"],
        &doc["expected"]["recording"]["corr"],
    );
    // Transposed (neurons x outputs), and a readout along neuron 0 only.
    let t: Vec<Vec<f64>> = (0..24)
        .map(|j| coef.iter().map(|r| r[j]).collect())
        .collect();
    write_csv(&w, false, &t);
    let v2 = json(&[
        "--states",
        s(&f.x),
        "--output",
        s(&f.y),
        "--weights",
        s(&w),
        "--json",
    ]);
    assert_eq!(v2["corr"], v["corr"]);
    let x = rows(&doc["x"]);
    let mean = x.iter().map(|r| r[0]).sum::<f64>() / x.len() as f64;
    let col0: f64 = x.iter().map(|r| (r[0] - mean).powi(2)).sum();
    let total: f64 = (0..24)
        .map(|j| {
            let m = x.iter().map(|r| r[j]).sum::<f64>() / x.len() as f64;
            x.iter().map(|r| (r[j] - m).powi(2)).sum::<f64>()
        })
        .sum();
    let unit: Vec<Vec<f64>> = vec![(0..24).map(|j| if j == 0 { 1.0 } else { 0.0 }).collect()];
    write_csv(&w, false, &unit);
    // One output only: use the first output column.
    let y1 = f.path.join("y1.csv");
    write_csv(
        &y1,
        false,
        &rows(&doc["y"])
            .iter()
            .map(|r| vec![r[0]])
            .collect::<Vec<_>>(),
    );
    let v3 = json(&[
        "--states",
        s(&f.x),
        "--output",
        s(&y1),
        "--weights",
        s(&w),
        "--json",
    ]);
    let want = (col0 / total).sqrt();
    assert!((v3["corr"].as_f64().unwrap() - want).abs() < 1e-12 * want);
}

#[test]
fn delay_pairs_output_with_earlier_activity() {
    // y(t) = x(t - 2) . (1, -1, 0.5): exact with --delay 2, poor without.
    let dir = tempfile::tempdir().unwrap();
    let x: Vec<Vec<f64>> = (0..60)
        .map(|t| {
            (0..3)
                .map(|j| ((t * (j + 2) * 7 + j) % 11) as f64 + (t as f64 * 0.3).sin())
                .collect()
        })
        .collect();
    let y: Vec<Vec<f64>> = (0..60)
        .map(|t| {
            if t < 2 {
                vec![0.0]
            } else {
                vec![x[t - 2][0] - x[t - 2][1] + 0.5 * x[t - 2][2]]
            }
        })
        .collect();
    let (xp, yp) = (dir.path().join("x.npy"), dir.path().join("y.npy"));
    write_npy(&xp, &x, false);
    write_npy(&yp, &y, false);
    let v = json(&[
        "--states",
        s(&xp),
        "--output",
        s(&yp),
        "--delay",
        "2",
        "--json",
    ]);
    assert_eq!(v["n_samples"], 58);
    assert!(v["r2"].as_f64().unwrap() > 1.0 - 1e-6, "{}", v["r2"]);
    let v0 = json(&["--states", s(&xp), "--output", s(&yp), "--json"]);
    assert!(v0["r2"].as_f64().unwrap() < 0.9);
}

#[test]
fn subsampling_is_seeded_and_independent_of_threads() {
    let (f, _) = oblique_files();
    let args = [
        "--states",
        s(&f.x),
        "--output",
        s(&f.y),
        "--subsample",
        "4",
        "--json",
    ];
    let run = |t| {
        let out = oblique(&args, Some(t));
        assert!(out.status.success());
        serde_json::from_slice::<Value>(&out.stdout).unwrap()
    };
    let (one, two) = (run("1"), run("2"));
    assert_eq!(one["subsample"], two["subsample"]);
    let sub = one["subsample"].as_array().unwrap();
    let sizes: Vec<u64> = sub.iter().map(|r| r["n_sub"].as_u64().unwrap()).collect();
    assert_eq!(sizes, [2, 4, 7, 9, 12, 14, 16, 19, 21, 24]);
    // All neurons: no spread, and the full fit's values.
    let last = &sub[9];
    assert_eq!(last["r2"]["sd"], 0.0);
    close("full-size R^2", &last["r2"]["mean"], &one["r2"]);
    let c = one["corr"].as_f64().unwrap() * 24f64.sqrt();
    close(
        "full-size rho sqrt(N)",
        &last["corr_sqrt_n"]["mean"],
        &Value::from(c),
    );
}
