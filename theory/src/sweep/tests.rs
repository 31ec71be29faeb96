//! The sweep against the one-point solver (Lyapunov route) at every grid point.

use super::*;
use crate::nonlinearity::Builtin;
use crate::rank_two::{Coupling, RankTwoModel};

fn check_against_solver(builtin: Builtin, grid: SweepGrid, sigma: f64, target: f64) -> [usize; 4] {
    let noise = NoiseLevel::new(sigma).unwrap();
    let sweep = Sweep::new(noise, builtin.into(), target, grid.clone()).unwrap();
    let points = sweep.evaluate();
    assert_eq!(points.len(), grid.len());
    let mut counts = [0; 4];
    for (i, p) in points.iter().enumerate() {
        let (n, lm, lp) = grid.coordinates(i);
        let model = RankTwoModel {
            noise,
            nonlinearity: builtin.into(),
            n,
            target,
            coupling: Coupling::Eigen {
                lambda_plus: lp,
                lambda_minus: lm,
            },
        };
        let res = model.solve();
        match (p, &res) {
            (
                PointResult::Ok {
                    kappa_norm,
                    rho,
                    l_var,
                },
                Ok(sol),
            ) => {
                assert!((kappa_norm - sol.kappa_norm).abs() <= 1e-12 * sol.kappa_norm);
                assert!((rho - sol.rho).abs() <= 1e-12 * sol.rho.max(1e-300));
                assert!(
                    (l_var - sol.l_var).abs() <= 1e-10 * sol.l_var,
                    "({n}, {lm}, {lp}): sweep {l_var} vs solver {}",
                    sol.l_var
                );
                assert!(l_var.is_finite());
                counts[0] += 1;
            }
            (PointResult::NoFixedPoint, Err(RankTwoError::NoFixedPoint { .. })) => counts[1] += 1,
            (PointResult::RhoAboveOne { .. }, Err(RankTwoError::RhoAboveOne { .. })) => {
                counts[2] += 1
            }
            (PointResult::Unstable { .. }, Err(RankTwoError::UnstableMinus { .. })) => {
                counts[3] += 1
            }
            _ => panic!("({n}, {lm}, {lp}): sweep {p:?} vs solver {res:?}"),
        }
    }
    counts
}

#[test]
fn erf_sweep_matches_the_lyapunov_route_at_every_point() {
    let grid = SweepGrid {
        lambda_plus: (0..120).map(|i| 1.5 + 0.02 * i as f64).collect(),
        lambda_minus: vec![-10.0, -5.0, -1.0, 0.0, 1.7, 2.5],
        n: vec![2, 64, 256, 2048],
    };
    let counts = check_against_solver(Builtin::Erf, grid, 1.0, 1.0);
    // every status occurs
    assert!(counts.iter().all(|&c| c > 0), "{counts:?}");
}

#[test]
fn tanh_sweep_matches_the_lyapunov_route() {
    let grid = SweepGrid {
        lambda_plus: (0..15).map(|i| 1.0 + 0.12 * i as f64).collect(),
        lambda_minus: vec![-5.0, 2.0],
        n: vec![16, 256],
    };
    let counts = check_against_solver(Builtin::Tanh, grid, 0.8, -1.0);
    assert!(counts[0] > 0 && counts[1] > 0, "{counts:?}");
}

#[test]
fn bad_grids_are_errors() {
    let noise = NoiseLevel::new(1.0).unwrap();
    let g = |lp: Vec<f64>, n: Vec<usize>| SweepGrid {
        lambda_plus: lp,
        lambda_minus: vec![-1.0],
        n,
    };
    let e = Sweep::new(noise, Builtin::Erf.into(), 1.0, g(vec![], vec![4])).unwrap_err();
    assert_eq!(
        e.to_string(),
        "the lambda+ axis of the sweep grid is empty; give at least one value"
    );
    let e = Sweep::new(noise, Builtin::Erf.into(), 1.0, g(vec![2.0], vec![1])).unwrap_err();
    assert_eq!(
        e.to_string(),
        "N = 1 is too small: a rank-two network needs N >= 2"
    );
    let e = Sweep::new(
        noise,
        Builtin::Erf.into(),
        1.0,
        g(vec![f64::INFINITY], vec![4]),
    )
    .unwrap_err();
    assert_eq!(e.to_string(), "lambda+ = inf is not a finite number");
    let s = Sweep::new(noise, Builtin::Erf.into(), 1.0, g(vec![2.0], vec![4])).unwrap();
    let mut buf = vec![PointResult::NoFixedPoint; 3];
    assert_eq!(
        s.evaluate_into(&mut buf).unwrap_err().to_string(),
        "output buffer holds 3 points but the grid has 1"
    );
}
