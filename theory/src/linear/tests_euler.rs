//! The Euler-map loss (euler.rs): finite differences, the scalar closed form, the
//! continuous limit, the N x N Stein solver, the flow, and the error texts.

use super::*;
use crate::lyapunov::solve_discrete;
use nalgebra::{DMatrix, DVector, Matrix2, Vector2};

use super::subspace::tests::net;

#[test]
fn euler_gradients_match_central_differences() {
    // non-normal M with complex eigenvalues of M - I; dt well inside (0, dt_max)
    for (m, dt) in [
        (Matrix2::new(-1.2, 0.05, 0.3, -0.4), 0.2),
        (Matrix2::new(-2.5, 1.1, -0.9, 0.3), 0.35),
    ] {
        let n = net(m);
        let target = 0.8;
        let loss = n.euler_loss(target, dt).unwrap();
        let h = 1e-5;
        for i in 0..2 {
            for j in 0..2 {
                let (mut p, mut q) = (n, n);
                p.m[(i, j)] += h;
                q.m[(i, j)] -= h;
                let (lp, lq) = (
                    p.euler_loss(target, dt).unwrap(),
                    q.euler_loss(target, dt).unwrap(),
                );
                let fd_b = (lp.l_bias - lq.l_bias) / (2.0 * h);
                let fd_v = (lp.l_var - lq.l_var) / (2.0 * h);
                let (gb, gv) = (loss.grad_bias[(i, j)], loss.grad_var[(i, j)]);
                assert!(
                    (fd_b - gb).abs() < 1e-6 * fd_b.abs().max(1e-3),
                    "bias ({i},{j}): fd {fd_b} vs {gb}"
                );
                assert!(
                    (fd_v - gv).abs() < 1e-6 * fd_v.abs().max(1e-3),
                    "var ({i},{j}): fd {fd_v} vs {gv}"
                );
            }
        }
    }
}

#[test]
fn scalar_mode_has_the_closed_form_variance_and_gradient() {
    // M = diag(a, 0): the output mode is decoupled with rate r = 1 - a (Eq. L27)
    let sigma = 0.7;
    for (a, dt) in [(-2.0, 0.2), (0.4, 0.5), (-5.0, 0.3)] {
        let r: f64 = 1.0 - a;
        let n = net(Matrix2::new(a, 0.0, 0.0, 0.0));
        let loss = n.euler_loss(0.0, dt).unwrap();
        let want = sigma * sigma / (r * (1.0 - dt * r / 2.0));
        assert!(
            (loss.l_var - want).abs() < 1e-14 * want,
            "a {a}: {} vs {want}",
            loss.l_var
        );
        // dL_var/da = sigma^2 (1 - dt r) / (r (1 - dt r / 2))^2
        let g = sigma * sigma * (1.0 - dt * r) / (r * (1.0 - dt * r / 2.0)).powi(2);
        assert!(
            (loss.grad_var[(0, 0)] - g).abs() < 1e-13,
            "a {a}: {} vs {g}",
            loss.grad_var[(0, 0)]
        );
    }
    // the Fig. 10 numbers: r = 3, dt = 0.2 -> 0.476 (1.43 x 1/3), gradient 0.0907 (vs 1/9)
    let n = SubspaceNetwork {
        sigma: 1.0,
        ..net(Matrix2::new(-2.0, 0.0, 0.0, 0.0))
    };
    let e = n.euler_loss(0.0, 0.2).unwrap();
    assert!((e.l_var - 0.47619).abs() < 1e-5 && (e.grad_var[(0, 0)] - 0.090703).abs() < 1e-6);
}

#[test]
fn stein_2x2_matches_the_n_by_n_cayley_solver() {
    let f = Matrix2::new(0.7, 0.4, -0.3, 0.5);
    let q = Matrix2::new(1.0, 0.2, 0.2, 0.6);
    let x = crate::lyapunov::solve_discrete_2x2(&f, &q).unwrap();
    let dm = |m: &Matrix2<f64>| DMatrix::from_fn(2, 2, |i, j| m[(i, j)]);
    let y = solve_discrete(&dm(&f), &dm(&q)).unwrap();
    for i in 0..2 {
        for j in 0..2 {
            assert!((x[(i, j)] - y[(i, j)]).abs() < 1e-13, "{x} vs {y}");
        }
    }
    // residual of X = F X F^T + Q
    assert!((x - f * x * f.transpose() - q).abs().max() < 1e-14);
}

#[test]
fn small_dt_reduces_to_the_continuous_loss_at_first_order() {
    let n = net(Matrix2::new(-1.2, 0.05, 0.3, -0.4));
    let c = n.loss(0.8).unwrap();
    let err = |dt: f64| {
        let e = n.euler_loss(0.8, dt).unwrap();
        assert_eq!(e.l_bias, c.l_bias);
        assert_eq!(e.grad_bias, c.grad_bias);
        (
            (e.l_var - c.l_var).abs(),
            (e.grad_var - c.grad_var).abs().max(),
        )
    };
    let (l1, g1) = err(1e-3);
    let (l2, g2) = err(5e-4);
    // first order: halving dt halves the difference; and the difference is small
    assert!(
        (l1 / l2 - 2.0).abs() < 0.01 && (g1 / g2 - 2.0).abs() < 0.01,
        "{l1} {l2} {g1} {g2}"
    );
    assert!(l1 < 2e-3 * c.l_var && g1 < 2e-3 * c.grad_var.abs().max());
}

#[test]
fn reduction_equals_the_n_by_n_euler_loss() {
    let n = 9;
    let w_out = DVector::from_fn(n, |i, _| ((i as f64) * 0.7).sin());
    let w_in = DVector::from_fn(n, |i, _| 1.0 + ((i as f64) * 1.3).cos());
    let basis = RankTwoBasis::from_vectors(&w_out, &w_in).unwrap();
    let sub = SubspaceNetwork {
        m: Matrix2::new(-1.5, 0.4, -0.2, 0.3),
        w_in: Vector2::new(basis.e1.dot(&w_in), basis.e2.dot(&w_in)),
        w_out: Vector2::new(w_out.norm(), 0.0),
        sigma: 0.8,
        input: 1.1,
    };
    let full = basis.full_network(&sub);
    let (a, b) = (
        sub.euler_loss(0.3, 0.25).unwrap(),
        full.euler_loss(0.3, 0.25).unwrap(),
    );
    assert!((a.l_var - b.l_var).abs() < 1e-12 && (a.l_bias - b.l_bias).abs() < 1e-12);
    let g = basis.project(&b.grad());
    assert!((g - a.grad()).abs().max() < 1e-11, "{g} vs {}", a.grad());
    // the full gradient has no component outside the subspace
    assert!((basis.lift(&g) - b.grad()).abs().max() < 1e-11);
}

#[test]
fn euler_flow_in_the_subspace_equals_the_full_flow() {
    let (a, b) = super::tests_flow::reduced_and_full(8, 5, TimeModel::Euler { dt: 0.2 });
    assert!(
        b.deviation(&a, 1.0).max() < 1e-7,
        "{:?}",
        b.deviation(&a, 1.0)
    );
    // and it is not the continuous flow: at M = 0 the Euler L_var is sigma^2 / (1 - dt/2)
    assert!(
        (a.fast.l_var[0] - 0.36 / 0.9).abs() < 1e-14,
        "{}",
        a.fast.l_var[0]
    );
}

#[test]
fn bad_euler_steps_are_errors_naming_dt() {
    let n = net(Matrix2::new(-2.0, 0.0, 0.0, 0.0));
    for dt in [0.0, -0.1, f64::NAN, f64::INFINITY] {
        assert_eq!(
            n.euler_loss(0.0, dt).unwrap_err().to_string(),
            format!("Euler step dt = {dt} must be positive and finite")
        );
    }
    // rate r = 3: dt_max = 2/3
    assert_eq!(
        n.euler_loss(0.0, 0.7).unwrap_err(),
        LinearError::EulerUnstable {
            dt: 0.7,
            dt_max: 2.0 / 3.0
        }
    );
    // complex eigenvalues -1 +- 2i of M - I: dt_max = 2 * 1 / 5 = 0.4
    let c = net(Matrix2::new(0.0, 2.0, -2.0, 0.0));
    assert!(c.euler_loss(0.0, 0.39).is_ok());
    assert_eq!(
        c.euler_loss(0.0, 0.4).unwrap_err().to_string(),
        "Euler map unstable: dt = 0.4 must lie in (0, 0.400000) for this W (dt_max = min 2 Re(-mu)/|mu|^2 over the eigenvalues mu of W - I; beyond it the spectral radius of F = I + dt (W - I) reaches 1)"
    );
    // unstable in continuous time already
    assert_eq!(
        net(Matrix2::new(1.5, 0.0, 0.0, 0.0)).euler_loss(0.0, 0.1).unwrap_err().to_string(),
        "W - I is not stable: an eigenvalue has real part 0.500000 >= 0 (every eigenvalue of W must have real part below 1)"
    );
    // the full network and the flow report the same
    let full = RankTwoBasis::standard(4).full_network(&n);
    assert_eq!(
        full.euler_loss(0.0, 0.7).unwrap_err(),
        LinearError::EulerUnstable {
            dt: 0.7,
            dt_max: 2.0 / 3.0
        }
    );
    let t = LinearTask {
        n: 16,
        rho_sqrt_n: -0.5,
        sigma: 1.0,
        target: 1.0,
    };
    let s = Schedule {
        lr: 0.002,
        fast_steps: 10,
        slow_steps: 10,
        samples: 3,
    };
    let o = FlowOptions {
        time: TimeModel::Euler { dt: 0.0 },
        ..FlowOptions::default()
    };
    assert_eq!(
        integrate_flow(&t, &s, &o, &mut |_| {})
            .unwrap_err()
            .to_string(),
        "Euler step dt = 0 must be positive and finite"
    );
}
