//! Checks of the linearisation against independent values: central finite differences of
//! the nonlinear map, the explicit Jacobian with nalgebra's SVD pseudo-inverse, and the
//! quadratic decay of the nonlinear error as the targets approach the initial outputs.

use super::*;
use crate::rnn::init::{init_network, InitSpec, OutputScale};
use oblique_theory::nonlinearity::Builtin;

fn net(n: usize, seed: u64) -> TaskNetwork {
    let spec = InitSpec {
        n,
        d_in: 1,
        d_out: 1,
        g: 1.5,
        output_scale: OutputScale::Large,
        h0_std: 1.0,
    };
    init_network(&spec, Builtin::Tanh, seed).unwrap()
}

/// A fixed pseudo-random direction of unit Frobenius norm.
fn direction(n: usize) -> DMatrix<f64> {
    let m = DMatrix::from_fn(n, n, |i, j| ((i * 7 + j * 13) as f64 * 0.37).sin());
    let norm = m.norm();
    m / norm
}

fn z_at(net: &TaskNetwork, w: &DMatrix<f64>, k: usize) -> f64 {
    let tr = dynamics::trajectory(w, &net.h0, net.dt, net.nonlinearity, k + 1);
    DVector::from_column_slice(&net.w_out).dot(&tr.x.column(k))
}

#[test]
fn tangent_and_jacobians_match_central_differences() {
    let net = net(12, 3);
    let w = DMatrix::from_row_slice(12, 12, &net.w);
    let v = direction(12);
    let steps = [0, 5, 20, 60];
    let g = jacobians(&net, &steps).unwrap();
    let out = outputs(&net, &v, 61).unwrap();
    let eps = 1e-5;
    for (l, &k) in steps.iter().enumerate() {
        let fd = (z_at(&net, &(&w + &v * eps), k) - z_at(&net, &(&w - &v * eps), k)) / (2.0 * eps);
        let adjoint = g[l].dot(&v);
        let forward = out.linear[k] - out.initial[k];
        // central differences: error O(eps^2) times the third derivative
        assert!(
            (adjoint - fd).abs() < 1e-7 * (1.0 + fd.abs()),
            "step {k}: {adjoint} vs {fd}"
        );
        assert!(
            (forward - fd).abs() < 1e-7 * (1.0 + fd.abs()),
            "step {k}: {forward} vs {fd}"
        );
    }
    // z_0 = w_out . h_0 does not depend on W
    assert_eq!(g[0].norm(), 0.0);
}

#[test]
fn minimal_norm_solution_matches_the_svd_pseudo_inverse() {
    // few, early targets: a well-conditioned K at this small N (at N = 9 and 21 targets
    // over 100 steps its eigenvalues span more than 12 decades)
    let n = 9;
    let net = net(n, 5);
    let steps: Vec<usize> = (0..7).map(|i| 4 * i).collect();
    let targets: Vec<f64> = steps
        .iter()
        .map(|&k| (0.2 * std::f64::consts::PI * 0.2 * k as f64).sin())
        .collect();
    let sol = solve(&net, &steps, &targets).unwrap();
    // the explicit L x N^2 Jacobian, its SVD pseudo-inverse applied to the residual
    let g = jacobians(&net, &steps).unwrap();
    let jac = DMatrix::from_fn(steps.len(), n * n, |l, p| g[l][(p % n, p / n)]);
    let svd = jac.clone().svd(true, true);
    let tol = 1e-12 * svd.singular_values.max();
    let flat = svd.solve(&sol.residual, tol).unwrap();
    let expect = DMatrix::from_column_slice(n, n, flat.as_slice());
    let err = (&sol.delta_w - &expect).norm() / expect.norm();
    assert!(err < 1e-8, "relative difference {err}");
    // K is the Gram matrix of the Jacobians
    let gram = &jac * jac.transpose();
    assert!((&sol.kernel - &gram).norm() < 1e-10 * gram.norm());
    // N^2 = 81 unknowns, 6 equations that depend on W (step 0 does not): rank 6
    assert_eq!(sol.rank, 6);
}

#[test]
fn the_linearised_output_meets_the_targets_and_the_nonlinear_error_is_quadratic() {
    let net = net(40, 11);
    let steps: Vec<usize> = (1..=20).map(|i| 5 * i).collect();
    let base = outputs(&net, &DMatrix::zeros(40, 40), 101).unwrap().initial;
    // targets a fraction s of the way from the initial outputs to a sine
    let err_at = |s: f64| {
        let targets: Vec<f64> = steps
            .iter()
            .map(|&k| base[k] + s * ((0.04 * std::f64::consts::PI * k as f64).sin() - base[k]))
            .collect();
        let sol = solve(&net, &steps, &targets).unwrap();
        let out = outputs(&net, &sol.delta_w, 101).unwrap();
        let lin: f64 = steps
            .iter()
            .zip(&targets)
            .map(|(&k, y)| (out.linear[k] - y).abs())
            .fold(0.0, f64::max);
        let nonlin: f64 = steps
            .iter()
            .zip(&targets)
            .map(|(&k, y)| (out.nonlinear[k] - y).powi(2))
            .sum::<f64>()
            .sqrt();
        (lin, nonlin, sol.delta_w.norm())
    };
    let (lin1, e1, n1) = err_at(0.02);
    let (_, e2, n2) = err_at(0.01);
    assert!(
        lin1 < 1e-8,
        "the linear prediction misses the targets by {lin1}"
    );
    // |dW| is linear in s, the nonlinear error quadratic: halving s quarters it
    assert!((n1 / n2 - 2.0).abs() < 1e-9, "{n1} / {n2}");
    let ratio = e1 / e2;
    assert!(
        (ratio - 4.0).abs() < 0.4,
        "error ratio {ratio} (expected 4)"
    );
}

#[test]
fn bad_problems_are_errors() {
    let mut two = net(6, 1);
    assert!(matches!(
        solve(&two, &[1, 2], &[0.0]),
        Err(LinearisedError::Targets { .. })
    ));
    assert!(matches!(
        solve(&two, &[0], &[0.5]),
        Err(LinearisedError::ZeroKernel)
    ));
    two.d_out = 2;
    two.w_out = vec![0.1; 12];
    let e = solve(&two, &[3], &[0.0]).unwrap_err();
    assert_eq!(
        e.to_string(),
        "the network has 2 outputs: the linearisation needs exactly one"
    );
}
