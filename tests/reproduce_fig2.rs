//! `reproduce fig2 --quick` from the library: the CSVs behind the 3-D panels and the
//! output-plane panels have their headers and finite values, the target columns are the
//! cycling target of each context (closed form), the 2-PC readout is an affine function of
//! the drawn (PC1, PC2) coordinates (same PCs and mean in both), and the drawn `w_out`
//! arrow has a non-negative w_out,perp coordinate and a visible length. Fig. 6 left's
//! histograms count every direction of the measure once, and their binned means give the
//! report's noise-compression ratio.

use nalgebra::{DMatrix, DVector};
use oblique::reproduce::{self, Config, Target};
use std::collections::HashMap;
use std::path::Path;

type Table = (Vec<String>, Vec<csv::StringRecord>);

fn table(path: &Path) -> Table {
    let mut rdr = csv::Reader::from_path(path).unwrap();
    let head = rdr.headers().unwrap().iter().map(String::from).collect();
    (head, rdr.records().map(|r| r.unwrap()).collect())
}

fn col(t: &Table, name: &str) -> usize {
    t.0.iter().position(|h| h == name).unwrap()
}

fn num(r: &csv::StringRecord, i: usize) -> f64 {
    let v: f64 = r[i].parse().unwrap();
    assert!(v.is_finite(), "{r:?}");
    v
}

/// Largest residual of the least-squares fit of `y` on `[1, a, b]`, relative to the
/// spread of `y`.
fn affine_residual(a: &[f64], b: &[f64], y: &[f64]) -> f64 {
    let x = DMatrix::from_fn(y.len(), 3, |i, j| [1.0, a[i], b[i]][j]);
    let yv = DVector::from_column_slice(y);
    let coef = x.clone().svd(true, true).solve(&yv, 1e-12).unwrap();
    let res = (&x * coef - &yv).amax();
    let spread = yv.max() - yv.min();
    res / spread.max(1e-12)
}

#[test]
fn quick_fig2_writes_the_3d_and_output_plane_data() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = Config::quick(dir.path(), "reproduce_fig2 test");
    let sections = reproduce::run(&[Target::Fig2], &cfg).unwrap();
    assert!(sections[0].missing.is_empty(), "{:?}", sections[0].missing);
    for f in [
        "fig2.png",
        "fig2.svg",
        "fig2_trajectories.csv",
        "fig2_arrow.csv",
        "fig6_left.png",
        "fig6_left.svg",
        "fig6_left_histograms.csv",
    ] {
        assert!(sections[0].files.iter().any(|s| s == f), "{f} not listed");
    }

    let t = check_trajectories(dir.path());
    check_arrows(dir.path(), &t);
    let ratio = |net: &str| {
        sections[0]
            .rows
            .iter()
            .find(|r| r.quantity.starts_with("noise compression") && r.at == net)
            .and_then(|r| r.simulation)
            .unwrap()
    };
    check_histograms(dir.path(), [ratio("aligned"), ratio("oblique")]);
}

/// Fig. 6 left: 2000 random, 1000 output and 1000 PC directions per network, in bins that
/// tile one logarithmic axis; the binned means (each variance at its bin's geometric
/// centre, within half a bin: about 1.1% here) give `mean(output) / mean(random)`, the
/// report's ratio, within 3%.
fn check_histograms(dir: &Path, ratios: [f64; 2]) {
    let h = table(&dir.join("fig6_left_histograms.csv"));
    assert_eq!(h.0.join(","), "network,directions,lo,hi,count");
    for (net, ratio) in ["aligned", "oblique"].into_iter().zip(ratios) {
        let mut mean = HashMap::new();
        for (set, total) in [("random", 2000.0), ("output", 1000.0), ("pc", 1000.0)] {
            let rows: Vec<_> =
                h.1.iter()
                    .filter(|r| &r[0] == net && &r[1] == set)
                    .collect();
            assert_eq!(rows.len(), 160, "{net} {set}");
            for w in rows.windows(2) {
                assert_eq!(num(w[0], 3), num(w[1], 2), "{net} {set}: bins must tile");
            }
            let count: f64 = rows.iter().map(|r| num(r, 4)).sum();
            assert_eq!(count, total, "{net} {set}");
            let sum: f64 = rows
                .iter()
                .map(|r| num(r, 4) * (num(r, 2) * num(r, 3)).sqrt())
                .sum();
            mean.insert(set, sum / total);
        }
        let binned = mean["output"] / mean["random"];
        assert!(
            (binned / ratio - 1.0).abs() < 0.03,
            "{net}: histograms give {binned}, the report {ratio}"
        );
    }
}

/// Headers, finite values, the target's closed form and the affine 2-PC readout.
fn check_trajectories(dir: &Path) -> Table {
    let t = table(&dir.join("fig2_trajectories.csv"));
    let expected = "network,context,t,pc1,pc2,w_out_perp,z1_target,z2_target,z1,z2,\
                    z1_fit_2pcs,z2_fit_2pcs,z1_fit_8pcs,z2_fit_8pcs";
    assert_eq!(t.0.join(","), expected);
    // one period (51 steps of dt = 0.2) per network and context
    assert_eq!(t.1.len(), 2 * 2 * 51);
    let mut groups: HashMap<String, Vec<&csv::StringRecord>> = HashMap::new();
    for r in &t.1 {
        for i in 2..t.0.len() {
            num(r, i);
        }
        groups
            .entry(format!("{}/{}", &r[0], &r[1]))
            .or_default()
            .push(r);
    }
    assert_eq!(groups.len(), 4, "{:?}", groups.keys());
    let tau = std::f64::consts::TAU;
    for (key, rows) in &groups {
        // the cycling target: (+-sin, cos)(2 pi 0.1 (t - 1)), + in context A
        let sign = if key.ends_with("/A") { 1.0 } else { -1.0 };
        for r in rows {
            let ph = tau * 0.1 * (num(r, col(&t, "t")) - 1.0);
            assert!((num(r, col(&t, "z1_target")) - sign * ph.sin()).abs() < 1e-9);
            assert!((num(r, col(&t, "z2_target")) - ph.cos()).abs() < 1e-9);
        }
    }
    // per network, the 2-PC readout is affine in the drawn PC1 and PC2 coordinates
    for net in ["aligned", "oblique"] {
        let rows: Vec<&csv::StringRecord> = t.1.iter().filter(|r| &r[0] == net).collect();
        let get = |c: &str| {
            rows.iter()
                .map(|r| num(r, col(&t, c)))
                .collect::<Vec<f64>>()
        };
        let (a, b) = (get("pc1"), get("pc2"));
        for z in ["z1_fit_2pcs", "z2_fit_2pcs"] {
            let res = affine_residual(&a, &b, &get(z));
            assert!(res < 1e-6, "{net} {z}: residual {res}");
        }
    }
    t
}

/// The arrow: w_out_perp >= 0 and a length set by the 1-2-5 factor.
fn check_arrows(dir: &Path, t: &Table) {
    let arrows = table(&dir.join("fig2_arrow.csv"));
    assert_eq!(arrows.0.join(","), "network,factor,pc1,pc2,w_out_perp");
    assert_eq!(arrows.1.len(), 2);
    for r in &arrows.1 {
        let net = &r[0];
        let f = num(r, 1);
        let w = [num(r, 2), num(r, 3), num(r, 4)];
        assert!(w[2] >= 0.0, "{net}: w_out_perp {}", w[2]);
        let radius =
            t.1.iter()
                .filter(|q| &q[0] == net)
                .map(|q| (3..6).map(|i| num(q, i).powi(2)).sum::<f64>().sqrt())
                .fold(0.0, f64::max);
        let len = f * w.iter().map(|v| v * v).sum::<f64>().sqrt();
        // a 1-2-5 factor below 0.6 R: between 0.6 R / 2.5 and 0.6 R
        assert!(
            len <= 0.6 * radius + 1e-9 && len > 0.6 * radius / 2.5,
            "{net}: arrow {len}, radius {radius}"
        );
    }
}
