//! Tests of the network types.

use super::*;
use nalgebra::{DMatrix, DVector, Matrix2};
use oblique_theory::nonlinearity::Builtin;

fn params() -> RankTwoParams {
    RankTwoParams::new(64, Matrix2::new(1.9, 0.3, -0.2, -5.0))
}

#[test]
fn u_has_orthogonal_columns_of_squared_norm_n_and_is_reproducible() {
    let net = RankTwoNetwork::from_seed(&params(), 7).unwrap();
    let gram = net.u.transpose() * &net.u;
    assert!((gram[(0, 0)] - 64.0).abs() < 1e-10);
    assert!((gram[(1, 1)] - 64.0).abs() < 1e-10);
    assert!(gram[(0, 1)].abs() < 1e-10);
    assert_eq!(net, RankTwoNetwork::from_seed(&params(), 7).unwrap());
    assert_ne!(net.u, RankTwoNetwork::from_seed(&params(), 8).unwrap().u);
    assert!(net.j.is_none());
    assert_eq!(net.w_in, net.u.column(1).into_owned());
    assert!((net.w_out.norm() - 1.0).abs() < 1e-12);
    // z = w_out . x = sqrt(N) kappa_1
    let x = DVector::from_fn(64, |i, _| (i as f64 * 0.37).sin());
    assert!((net.w_out.dot(&x) - 8.0 * net.kappa(&x)[0]).abs() < 1e-12);
}

#[test]
fn u_does_not_depend_on_g_and_dense_w_matches_the_definition() {
    let p0 = params();
    let p1 = params().with_g(0.5);
    let a = RankTwoNetwork::from_seed(&p0, 3).unwrap();
    let b = RankTwoNetwork::from_seed(&p1, 3).unwrap();
    assert_eq!(a.u, b.u);
    let j = b.j.as_ref().unwrap();
    // J is i.i.d. standard normal: the sample mean and variance of 4096 entries
    let mean = j.mean();
    let var = j.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / 4096.0;
    assert!(mean.abs() < 0.06, "mean {mean}"); // 4 sd = 4/64
    assert!((var - 1.0).abs() < 0.09, "var {var}"); // 4 sd = 4 sqrt(2/4096)
    let w = b.dense_w();
    let (r, c) = (5, 9);
    let low = (0..2)
        .flat_map(|k| (0..2).map(move |l| (k, l)))
        .map(|(k, l)| b.u[(r, k)] * b.m[(k, l)] * b.u[(c, l)])
        .sum::<f64>()
        / 64.0;
    assert!((w[(r, c)] - low - 0.5 * j[(r, c)] / 8.0).abs() < 1e-12);
    // U^T W U / N = M when g = 0
    let m = a.u.transpose() * a.dense_w() * &a.u / 64.0;
    assert!((m[(0, 1)] - 0.3).abs() < 1e-10 && (m[(1, 0)] + 0.2).abs() < 1e-10);
}

#[test]
fn symmetric_m_has_the_requested_eigenpairs() {
    let m = RankTwoParams::symmetric_m(1.9, -5.0, 0.3);
    let vp = nalgebra::Vector2::new(0.3, (1.0f64 - 0.09).sqrt());
    assert!((m * vp - vp * 1.9).norm() < 1e-12);
    assert!((m.trace() - (1.9 - 5.0)).abs() < 1e-12);
    assert!((m[(0, 1)] - m[(1, 0)]).abs() < 1e-15);
}

#[test]
fn linear_network_has_the_requested_correlation() {
    let net = FullNetwork::linear_from_seed(256, -0.5, 1.0, 0.2, 1).unwrap();
    assert!((net.w_out.norm() - 1.0).abs() < 1e-12);
    assert!((net.w_in.norm() - 16.0).abs() < 1e-10);
    // rho = w_in.w_out / (|w_in| |w_out|) = -0.5 / sqrt(N)
    assert!((net.w_in.dot(&net.w_out) / 16.0 - -0.5 / 16.0).abs() < 1e-12);
}

#[test]
fn bad_input_gets_exact_messages() {
    let e = |p: RankTwoParams| RankTwoNetwork::from_seed(&p, 1).unwrap_err().to_string();
    let mut p = params();
    p.n = 1;
    assert_eq!(
        e(p),
        "N = 1 is too small: the network needs at least 2 neurons"
    );
    assert_eq!(
        e(params().with_dt(0.0)),
        "dt = 0 is invalid: the time step must be positive and finite"
    );
    assert_eq!(
        e(params().with_dt(-0.1)),
        "dt = -0.1 is invalid: the time step must be positive and finite"
    );
    assert_eq!(
        e(params().with_noise(f64::NAN)),
        "noise sigma = NaN is not finite: it must be a finite number"
    );
    assert_eq!(
        e(params().with_noise(-1.0)),
        "noise sigma = -1 is negative: it must be at least 0"
    );
    let mut p = params();
    p.m[(0, 1)] = f64::INFINITY;
    assert_eq!(e(p), "M = inf is not finite: it must be a finite number");
    assert_eq!(
        e(params().with_g(-0.5)),
        "g = -0.5 is negative: it must be at least 0"
    );
    assert_eq!(
        check_batch(0).unwrap_err().to_string(),
        "batch = 0: the batch size must be at least 1"
    );
    let err = FullNetwork::new(
        DMatrix::zeros(3, 3),
        DVector::zeros(3),
        DVector::zeros(4),
        1.0,
        Builtin::Identity,
        0.2,
    )
    .unwrap_err();
    assert_eq!(err.to_string(), "w_out has length 4, expected 3");
    let err = FullNetwork::linear_from_seed(4, 3.0, 1.0, 0.2, 1).unwrap_err();
    assert_eq!(
        err.to_string(),
        "rho sqrt(N) = 3 is too large for N = 4: |rho sqrt(N)| must be at most sqrt(N) = 2"
    );
}
