//! Exact gradients of the N x N loss against central finite differences, and the
//! 2x2 reduction against the N x N path.

use super::*;
use nalgebra::{DMatrix, DVector, Matrix2};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// A random stable, non-normal network: W = 0.6 J / sqrt(N) + 0.3 (rank-one), so the
/// spectrum lies well inside Re < 1.
fn random_network(n: usize, seed: u64) -> LinearNetwork {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut gauss = || -> f64 {
        // Box-Muller from two uniforms.
        let u1: f64 = rng.random::<f64>().max(1e-300);
        let u2: f64 = rng.random::<f64>();
        (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
    };
    let s = 1.0 / (n as f64).sqrt();
    let j = DMatrix::from_fn(n, n, |_, _| gauss() * s);
    let p = DVector::from_fn(n, |_, _| gauss() * s);
    let q = DVector::from_fn(n, |_, _| gauss() * s);
    let w = j * 0.6 + &p * q.transpose() * 0.3;
    let w_in = DVector::from_fn(n, |_, _| gauss());
    let w_out = DVector::from_fn(n, |_, _| gauss() * s);
    LinearNetwork {
        w,
        w_in,
        w_out,
        sigma: 0.8,
        input: 1.2,
    }
}

/// Central difference of (L_bias, L_var) along direction `d`.
fn fd(net: &LinearNetwork, target: f64, d: &DMatrix<f64>, h: f64) -> (f64, f64) {
    let mut p = net.clone();
    p.w += d * h;
    let mut m = net.clone();
    m.w -= d * h;
    let (lp, lm) = (p.loss(target).unwrap(), m.loss(target).unwrap());
    (
        (lp.l_bias - lm.l_bias) / (2.0 * h),
        (lp.l_var - lm.l_var) / (2.0 * h),
    )
}

fn check_gradients(n: usize, entries: usize, seed: u64) {
    let net = random_network(n, seed);
    let target = 0.3;
    let loss = net.loss(target).unwrap();
    let h = 1e-5;
    let scale_b = loss.grad_bias.amax();
    let scale_v = loss.grad_var.amax();
    let mut rng = ChaCha8Rng::seed_from_u64(seed + 1);
    let pairs: Vec<(usize, usize)> = if n * n <= entries {
        (0..n * n).map(|k| (k % n, k / n)).collect()
    } else {
        (0..entries)
            .map(|_| (rng.random_range(0..n), rng.random_range(0..n)))
            .collect()
    };
    for (i, j) in pairs {
        let mut d = DMatrix::zeros(n, n);
        d[(i, j)] = 1.0;
        let (gb, gv) = fd(&net, target, &d, h);
        let eb = (gb - loss.grad_bias[(i, j)]).abs() / scale_b;
        let ev = (gv - loss.grad_var[(i, j)]).abs() / scale_v;
        assert!(
            eb < 1e-6,
            "N={n} bias ({i},{j}): fd {gb} exact {} rel {eb:e}",
            loss.grad_bias[(i, j)]
        );
        assert!(
            ev < 1e-6,
            "N={n} var ({i},{j}): fd {gv} exact {} rel {ev:e}",
            loss.grad_var[(i, j)]
        );
    }
    // Directional derivative along a random dense direction: <G, D> vs the difference.
    let d = DMatrix::from_fn(n, n, |_, _| rng.random::<f64>() - 0.5);
    let (gb, gv) = fd(&net, target, &d, h);
    let db = loss.grad_bias.dot(&d);
    let dv = loss.grad_var.dot(&d);
    assert!(
        (gb - db).abs() < 1e-6 * db.abs(),
        "N={n} bias direction: fd {gb} exact {db}"
    );
    assert!(
        (gv - dv).abs() < 1e-6 * dv.abs(),
        "N={n} var direction: fd {gv} exact {dv}"
    );
}

#[test]
fn gradients_match_finite_differences_n2() {
    check_gradients(2, 4, 11);
}

#[test]
fn gradients_match_finite_differences_n10() {
    check_gradients(10, 100, 12);
}

#[test]
fn l_var_of_a_diagonal_network_is_a_sum_of_ou_variances() {
    // Independent units with leak 1 - w_i: S = diag(sigma^2 / (1 - w_i)).
    let w = DMatrix::from_diagonal(&DVector::from_vec(vec![0.5, -1.0, 0.2]));
    let w_out = DVector::from_vec(vec![1.0, 2.0, -1.0]);
    let net = LinearNetwork {
        w,
        w_in: DVector::from_vec(vec![1.0, 1.0, 1.0]),
        w_out,
        sigma: 0.5,
        input: 2.0,
    };
    let l = net.loss(0.0).unwrap();
    let expect = 0.25 * (1.0 / 0.5 + 4.0 / 2.0 + 1.0 / 0.8);
    assert!((l.l_var - expect).abs() < 1e-13, "{} vs {expect}", l.l_var);
    // x_bar_i = u / (1 - w_i); z_bar = 2 (1/0.5 + 2/2 - 1/0.8) = 3.5.
    assert!((l.z_bar - 3.5).abs() < 1e-13);
}

#[test]
fn unstable_w_and_bad_shapes_are_errors() {
    let mut net = random_network(4, 3);
    net.w[(0, 0)] = 3.0;
    let e = net.loss(0.0).unwrap_err();
    assert!(
        matches!(e, LinearError::Unstable { max_real } if max_real > 0.0),
        "{e:?}"
    );
    assert!(e
        .to_string()
        .starts_with("W - I is not stable: an eigenvalue has real part "));
    let mut net = random_network(4, 3);
    net.w_in = DVector::zeros(3);
    assert_eq!(
        net.loss(0.0).unwrap_err().to_string(),
        "dimension mismatch: w_in has length 3 but W is 4x4"
    );
    let mut net = random_network(4, 3);
    net.sigma = 0.0;
    assert_eq!(
        net.loss(0.0).unwrap_err().to_string(),
        "noise sigma = 0 must be positive and finite"
    );
}

#[test]
fn reduced_2x2_loss_equals_the_full_n_by_n_loss() {
    // Random orthonormal pair in R^12 and a non-trivial M: the 2x2 reduction (Eqs. 66-70)
    // must reproduce the N x N loss and its gradient projected on the basis.
    let n = 12;
    let r = random_network(n, 5);
    let basis = RankTwoBasis::from_vectors(&r.w_out, &r.w_in).unwrap();
    let task_like = SubspaceNetwork {
        m: Matrix2::new(-1.3, 0.4, 0.2, 0.3),
        w_in: Vector2::new(basis.e1.dot(&r.w_in), basis.e2.dot(&r.w_in)),
        w_out: Vector2::new(r.w_out.norm(), 0.0),
        sigma: 0.9,
        input: 0.7,
    };
    let full = basis.full_network(&task_like);
    let (l2, ln) = (task_like.loss(0.4).unwrap(), full.loss(0.4).unwrap());
    assert!((l2.l_bias - ln.l_bias).abs() < 1e-12 * (1.0 + ln.l_bias));
    assert!((l2.l_var - ln.l_var).abs() < 1e-12 * ln.l_var);
    let g = basis.project(&ln.grad());
    assert!((g - l2.grad()).amax() < 1e-12 * l2.grad().amax());
    // The full gradient lies in span(U) x span(U): nothing is lost by the projection.
    let back = basis.lift(&g);
    assert!((back - ln.grad()).amax() < 1e-12 * l2.grad().amax());
}

use nalgebra::Vector2;

#[test]
fn gradients_match_finite_differences_n100() {
    // 40 random entries plus one dense random direction.
    check_gradients(100, 40, 13);
}

#[test]
fn l_var_matches_scipy_on_the_bench_network() {
    // theory/benches/linear.rs network at N = 256; reference from
    // bench/linear_vs_scipy.py (scipy.linalg.solve_continuous_lyapunov): 1.0004861285.
    let n = 256;
    let s = 0.6 * (2.0 / n as f64).sqrt();
    let net = LinearNetwork {
        w: DMatrix::from_fn(n, n, |i, j| {
            s * (1.0 + 3.0 * i as f64 + 7.0 * j as f64).sin()
        }),
        w_in: DVector::from_fn(n, |i, _| (2.0 * i as f64).cos()),
        w_out: DVector::from_fn(n, |i, _| {
            (1.0 + 5.0 * i as f64).sin() / (n as f64 / 2.0).sqrt()
        }),
        sigma: 1.0,
        input: 1.0,
    };
    let v = net.variance().unwrap();
    assert!((v.l_var - 1.0004861285).abs() < 1e-9, "{}", v.l_var);
}
