//! Renders every reproduced figure from synthetic data: the layouts must draw without error
//! into PNG and SVG. Set `OBLIQUE_DEMO_DIR` to keep the images for inspection.

use super::fig10::figure::Fig10Data;
use super::fig12::figure::{EulerPoint, Fig12Data, Fig12Point, Fig12Theory, PointTheory};
use super::fig13::figure::{Fig13Data, Predicted, SizePoint, Snapshot, Stat};
use crate::plot::style::{save_png_svg, Figure};
use crate::reproduce::curves::Curves;

fn noisy(i: usize) -> f64 {
    // deterministic pseudo-noise in [-0.5, 0.5]
    let x = (i as f64 * 12.9898).sin() * 43758.5453;
    x - x.floor() - 0.5
}

fn scale_var(mut c: Curves, f: f64) -> Curves {
    for (l, v) in c.l.iter_mut().zip(c.l_var.iter_mut()) {
        *l += (f - 1.0) * *v;
        *v *= f;
    }
    c
}

fn fig10() -> Fig10Data {
    let (n, eta) = (256.0f64, 0.002);
    let d0: f64 = 1.0 + 0.5;
    let fast = |noise: bool| {
        let mut c = Curves::default();
        for t in 0..=1000 {
            let tau = t as f64;
            let e = (-4.0 * eta * tau).exp();
            let r = if noise { 0.3 * noisy(t) } else { 0.0 };
            c.tau.push(tau);
            c.l_bias.push(e * d0 * d0 + r.abs());
            c.l_var.push(1.0 + r);
            c.l.push(1.0 + e * d0 * d0 + r);
            c.m[0].push(0.0);
            c.m[1].push((1.0 - (-2.0 * eta * tau).exp()) * d0 / n.sqrt());
            c.m[2].push(0.0);
            c.m[3].push(0.0);
            c.dx_norm.push((1.0 - (-2.0 * eta * tau).exp()) * d0);
        }
        c
    };
    let slow = |noise: bool| {
        let mut c = Curves::default();
        for t in 0..=5000 {
            let tau = t as f64;
            let a = 1.0 - (3.0 * eta * tau + 1.0).powf(1.0 / 3.0);
            let r = if noise { 0.2 * noisy(t + 7) } else { 0.0 };
            c.tau.push(tau);
            c.l_bias.push(0.0 + r.abs() * 0.1);
            c.l_var.push(1.0 / (1.0 - a) + r);
            c.l.push(1.0 / (1.0 - a) + r);
            c.m[0].push(a);
            c.m[1].push(((1.0 - a) - (-0.5)) / n.sqrt());
            c.m[2].push(0.0);
            c.m[3].push(0.0);
            c.dx_norm.push(1.5 + r * 0.2);
        }
        c
    };
    Fig10Data {
        fast_steps: 1000,
        theory_fast: fast(false),
        theory_slow: slow(false),
        // the Euler-map gradient descent: the same curves with L_var 10% higher
        sgd_fast: Some(scale_var(fast(false), 1.1)),
        sgd_slow: Some(scale_var(slow(false), 1.1)),
        sim_fast: Some(fast(true)),
        sim_slow: Some(slow(true)),
        footer: "synthetic data".into(),
    }
}

/// Synthetic theory curves of Fig. 12 panels A-D around lambda+min.
fn fig12_theory(lpmin: f64) -> Fig12Theory {
    let lp: Vec<f64> = (0..300).map(|i| 1.45 + 1.2 * i as f64 / 299.0).collect();
    let kappa: Vec<f64> = lp
        .iter()
        .map(|l| {
            if *l > lpmin {
                ((l * l - lpmin * lpmin) / (std::f64::consts::PI / 2.0)).sqrt()
            } else {
                f64::NAN
            }
        })
        .collect();
    let rho = |n: f64| -> Vec<f64> {
        kappa
            .iter()
            .map(|k| {
                let r = 1.0 / (n.sqrt() * k);
                if r <= 1.0 {
                    r
                } else {
                    f64::NAN
                }
            })
            .collect()
    };
    let lvar = |n: f64, lm: f64| -> Vec<f64> {
        lp.iter()
            .zip(rho(n))
            .map(|(l, r)| 0.3 + 0.02 / (l - lpmin) + 0.05 * (l - 2.0) + r * 0.0 - 0.02 * lm)
            .collect()
    };
    Fig12Theory {
        lambda_plus_min: lpmin,
        kappa: kappa.clone(),
        rho: vec![(64, rho(64.0)), (256, rho(256.0)), (2048, rho(2048.0))],
        lvar_by_n: vec![
            (64, lvar(64.0, -5.0), Some((2.1, 0.33))),
            (256, lvar(256.0, -5.0), Some((1.92, 0.3))),
            (2048, lvar(2048.0, -5.0), Some((1.75, 0.27))),
        ],
        lvar_by_lm: vec![
            (-1.0, lvar(256.0, -1.0), Some((1.9, 0.67))),
            (-2.0, lvar(256.0, -2.0), Some((1.9, 0.5))),
            (-5.0, lvar(256.0, -5.0), Some((1.92, 0.3))),
        ],
        lambda_plus: lp,
    }
}

/// A synthetic simulated point of Fig. 12 at lambda+ = `l` (`k` shifts its noise).
fn fig12_point(k: usize, l: f64, lpmin: f64) -> Fig12Point {
    let kn = ((l * l - lpmin * lpmin) / (std::f64::consts::PI / 2.0)).sqrt();
    let cloud = |s: f64| -> Vec<(f64, f64)> {
        (0..2000)
            .map(|i| {
                (
                    s * 0.06 + 0.05 * noisy(i + k),
                    s * kn + 0.3 * noisy(i + 999),
                )
            })
            .collect()
    };
    let edges: Vec<f64> = (0..=40).map(|i| -4.0 + 8.0 * i as f64 / 40.0).collect();
    let counts = |mu: f64| -> Vec<f64> {
        edges
            .windows(2)
            .map(|w| {
                let z = 0.5 * (w[0] + w[1]);
                400.0 * (-(z - mu).powi(2) / 1.0).exp()
            })
            .collect()
    };
    Fig12Point {
        lambda_plus: l,
        cloud_plus: cloud(1.0),
        cloud_minus: cloud(-1.0),
        counts_plus: counts(1.0),
        counts_minus: counts(-1.0),
        edges,
        z_mean: (1.0, -1.0),
        samples: 5000,
        theory: Some(PointTheory {
            kappa_norm: kn,
            rho: 1.0 / (16.0 * kn),
            l_var: 0.5,
            z_mean: 1.0,
            euler: Some(EulerPoint {
                dt: 0.2,
                kappa_norm: 0.9 * kn,
                l_var: 0.8,
                z_mean: 0.95,
            }),
            euler_fine: None,
        }),
    }
}

fn fig12() -> Fig12Data {
    let lpmin = (1.0f64 + std::f64::consts::PI / 2.0).sqrt();
    let points = [1.7, 1.9, 2.6]
        .iter()
        .enumerate()
        .map(|(k, &l)| fig12_point(k, l, lpmin))
        .collect();
    Fig12Data {
        theory: Some(fig12_theory(lpmin)),
        points,
        target: 1.0,
        footer: "synthetic data".into(),
    }
}

fn fig13(snaps: &[usize]) -> Fig13Data {
    let mut c = Curves::default();
    for t in 0..2000 {
        let x = t as f64 / 2000.0;
        c.tau.push(t as f64);
        c.l.push(1.8 - x + 0.2 * noisy(t));
        c.l_bias.push((0.8 - x).max(0.0) + 0.1 * noisy(t + 1).abs());
        c.l_var.push(0.8 + 0.1 * noisy(t + 2));
        c.m[0].push(-1.9 * x);
        c.m[1].push(0.2 * x.sqrt());
        c.m[2].push(0.15 * x);
        c.m[3].push(1.8 * x);
        c.kappa_norm.push(0.7 * x * x);
        c.rho.push(0.05 + 0.3 * (1.0 - x) * noisy(t + 3).abs());
    }
    let ns = [64usize, 128, 256, 512, 1024];
    let snapshots = snaps
        .iter()
        .map(|&tau| Snapshot {
            tau,
            points: ns
                .iter()
                .map(|&n| {
                    let f = (n as f64 / 64.0).powf(-0.25);
                    SizePoint {
                        n,
                        l_var: Stat {
                            mean: 0.68,
                            sd: 0.04,
                        },
                        kappa_norm: Stat {
                            mean: 1.0 * f.powf(0.6),
                            sd: 0.02,
                        },
                        rho: Stat {
                            mean: 0.12 * f.powf(1.5),
                            sd: 0.005,
                        },
                        eigenvalues: (1.8, -1.9),
                        predicted: Some(Predicted {
                            lambda_plus: 1.9,
                            kappa_norm: f,
                            rho: 0.12 * f,
                            l_var: 0.55,
                        }),
                        finite_time: Some(Predicted {
                            lambda_plus: 1.95,
                            kappa_norm: 1.02 * f.powf(0.6),
                            rho: 0.118 * f.powf(1.5),
                            l_var: 0.66,
                        }),
                    }
                })
                .collect(),
        })
        .collect();
    Fig13Data {
        example_n: 1024,
        example: Some(c),
        lambda_plus_min: 1.6034,
        snapshots,
        footer: "synthetic data".into(),
    }
}

fn render<F: Figure>(fig: &F, name: &str) {
    let keep = std::env::var_os("OBLIQUE_DEMO_DIR");
    let tmp = tempfile::tempdir().unwrap();
    let dir = keep
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| tmp.path().to_path_buf());
    let stem = dir.join(name);
    save_png_svg(fig, &stem).unwrap();
    let png = std::fs::metadata(stem.with_extension("png")).unwrap().len();
    let svg = std::fs::metadata(stem.with_extension("svg")).unwrap().len();
    assert!(png > 20_000, "{name}.png is only {png} bytes");
    assert!(svg > 20_000 && svg < 3_000_000, "{name}.svg is {svg} bytes");
}

#[test]
fn fig10_layout_draws() {
    render(&fig10().figure(), "demo_fig10");
}

#[test]
fn fig12_layout_draws() {
    render(&fig12().figure(), "demo_fig12");
}

#[test]
fn fig13_and_fig28_layouts_draw() {
    render(&fig13(&[2000]).figure(), "demo_fig13");
    render(&fig13(&[1152, 2000]).figure(), "demo_fig28");
}
