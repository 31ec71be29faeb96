//! Tests of the N x N solver against independent methods: the 2x2 closed form, a dense
//! Kronecker-product solve, and residuals on random stable matrices (proptest).

use super::*;
use nalgebra::{DMatrix, Matrix2};
use proptest::prelude::*;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn gaussian(rng: &mut ChaCha8Rng) -> f64 {
    // Box-Muller
    let u1: f64 = rng.random::<f64>().max(1e-300);
    let u2: f64 = rng.random();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

fn gaussian_matrix(n: usize, m: usize, rng: &mut ChaCha8Rng) -> DMatrix<f64> {
    DMatrix::from_fn(n, m, |_, _| gaussian(rng))
}

/// Spectral abscissa by nalgebra's own eigenvalue routine (independent of our Schur code).
fn abscissa(a: &DMatrix<f64>) -> f64 {
    a.complex_eigenvalues()
        .iter()
        .map(|z| z.re)
        .fold(f64::NEG_INFINITY, f64::max)
}

/// Random stable test matrices of three kinds.
fn stable_matrix(n: usize, kind: u8, seed: u64) -> DMatrix<f64> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let sn = (n as f64).sqrt();
    match kind % 3 {
        // Gaussian (circular law, radius ~1), shifted so the abscissa is -margin
        0 => {
            let g = gaussian_matrix(n, n, &mut rng) / sn;
            let margin = 0.05 + rng.random::<f64>();
            let shift = abscissa(&g) + margin;
            g - DMatrix::identity(n, n) * shift
        }
        // strongly non-normal: rotated upper-triangular with O(1) off-diagonal rows
        1 => {
            let mut t = DMatrix::zeros(n, n);
            for j in 0..n {
                t[(j, j)] = -(0.3 + 1.5 * rng.random::<f64>());
                for i in 0..j {
                    t[(i, j)] = 0.7 * gaussian(&mut rng) / sn;
                }
            }
            let qr = gaussian_matrix(n, n, &mut rng).qr();
            let o = qr.q();
            &o * t * o.transpose()
        }
        // the model's linearisation: -I + U M U^T / N + g J / sqrt(N)
        _ => {
            let u = gaussian_matrix(n, 2, &mut rng);
            let m = Matrix2::new(0.4, 2.0, -1.5, -3.0);
            let mut a = &u * DMatrix::from_iterator(2, 2, m.iter().copied()) * u.transpose()
                / n as f64
                + gaussian_matrix(n, n, &mut rng) * (0.5 / sn);
            let shift = abscissa(&a).max(-1.0) + 0.2;
            for i in 0..n {
                a[(i, i)] -= shift;
            }
            a
        }
    }
}

fn rhs(n: usize, symmetric: bool, seed: u64) -> DMatrix<f64> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x9e37_79b9);
    let b = gaussian_matrix(n, n, &mut rng);
    if symmetric {
        &b * b.transpose() / n as f64
    } else {
        b
    }
}

fn residual(a: &DMatrix<f64>, x: &DMatrix<f64>, q: &DMatrix<f64>) -> f64 {
    (a * x + x * a.transpose() + q).norm() / q.norm()
}

/// Dense solve of `(I (x) A + A (x) I) vec X = -vec Q`: an independent O(N^6) method.
fn kronecker_solve(a: &DMatrix<f64>, q: &DMatrix<f64>) -> DMatrix<f64> {
    let n = a.nrows();
    let k = DMatrix::from_fn(n * n, n * n, |r, c| {
        let (i, j) = (r % n, r / n);
        let (k, l) = (c % n, c / n);
        let mut v = 0.0;
        if j == l {
            v += a[(i, k)];
        }
        if i == k {
            v += a[(j, l)];
        }
        v
    });
    let rhs = -DMatrix::from_column_slice(n * n, 1, q.as_slice());
    let x = k.lu().solve(&rhs).unwrap();
    DMatrix::from_column_slice(n, n, x.as_slice())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 14, failure_persistence: None, .. ProptestConfig::default() })]

    /// Residual |AX + XA^T + Q|_F / |Q|_F <= 1e-10 for random stable A, N from 2 to 300,
    /// for both the forward and the adjoint equation and both kinds of Q.
    #[test]
    fn residual_is_tiny_for_random_stable_matrices(
        n in prop_oneof![2usize..=12, 13usize..=80, 81usize..=300],
        kind in 0u8..3,
        symmetric in any::<bool>(),
        seed in any::<u64>(),
    ) {
        let a = stable_matrix(n, kind, seed);
        let q = rhs(n, symmetric, seed);
        let lyap = SchurLyapunov::new(&a).unwrap();
        let x = lyap.solve(&q).unwrap();
        let r = residual(&a, &x, &q);
        prop_assert!(r <= 1e-10, "N = {n}, kind {kind}: residual {r:e}");
        if symmetric {
            prop_assert!(x == x.transpose());
        }
        let at = a.transpose();
        let xa = lyap.solve_adjoint(&q).unwrap();
        let ra = residual(&at, &xa, &q);
        prop_assert!(ra <= 1e-10, "adjoint N = {n}, kind {kind}: residual {ra:e}");
    }
}

#[test]
fn agrees_with_the_2x2_closed_form() {
    let cases = [
        ([-1.3, 0.7, -0.4, -0.2], [0.5, -1.1, 2.0, 0.3]),
        ([-1.0, 2.0, -2.0, -1.0], [2.0, 0.0, 0.0, 2.0]), // complex pair -1 +- 2i
        ([-0.1, 5.0, 0.0, -3.0], [1.0, 0.2, 0.2, 0.7]),  // non-normal, real
        ([-2.0, 0.0, 0.0, -2.0], [1.0, 0.0, 0.0, 0.0]),  // repeated eigenvalue
    ];
    for (av, qv) in cases {
        let a2 = Matrix2::from_row_slice(&av);
        let q2 = Matrix2::from_row_slice(&qv);
        let closed = solve_2x2(&a2, &q2).unwrap();
        let x = solve(
            &DMatrix::from_row_slice(2, 2, &av),
            &DMatrix::from_row_slice(2, 2, &qv),
        )
        .unwrap();
        for i in 0..2 {
            for j in 0..2 {
                let d = (x[(i, j)] - closed[(i, j)]).abs();
                assert!(
                    d <= 1e-13 * closed.norm(),
                    "A = {av:?}: ({i},{j}) differs by {d:e}"
                );
            }
        }
    }
}

#[test]
fn agrees_with_a_dense_kronecker_solve() {
    for (n, kind, seed) in [
        (3, 0, 1),
        (5, 1, 2),
        (8, 2, 3),
        (12, 0, 4),
        (12, 1, 5),
        (10, 2, 6),
    ] {
        for symmetric in [true, false] {
            let a = stable_matrix(n, kind, seed);
            let q = rhs(n, symmetric, seed);
            let x = solve(&a, &q).unwrap();
            let k = kronecker_solve(&a, &q);
            let err = (&x - &k).norm() / k.norm();
            assert!(
                err < 1e-11,
                "N = {n}, kind {kind}: relative difference {err:e}"
            );
            let lyap = SchurLyapunov::new(&a).unwrap();
            let ka = kronecker_solve(&a.transpose(), &q);
            let erra = (lyap.solve_adjoint(&q).unwrap() - &ka).norm() / ka.norm();
            assert!(
                erra < 1e-11,
                "adjoint N = {n}: relative difference {erra:e}"
            );
        }
    }
}

#[test]
fn eigenvalues_and_abscissa_are_read_off_t() {
    // block diagonal: -0.5, and -2 +- 3i
    let a = DMatrix::from_row_slice(3, 3, &[-0.5, 0.0, 0.0, 0.0, -2.0, 3.0, 0.0, -3.0, -2.0]);
    let lyap = SchurLyapunov::new(&a).unwrap();
    assert!((lyap.spectral_abscissa() + 0.5).abs() < 1e-14);
    let mut ev = lyap.eigenvalues();
    ev.sort_by(|x, y| x.im.partial_cmp(&y.im).unwrap());
    assert!((ev[0].re + 2.0).abs() < 1e-13 && (ev[0].im + 3.0).abs() < 1e-13);
    assert!((ev[1].re + 0.5).abs() < 1e-14 && ev[1].im == 0.0);
    assert!((ev[2].re + 2.0).abs() < 1e-13 && (ev[2].im - 3.0).abs() < 1e-13);
}

#[test]
fn unstable_matrix_reports_its_largest_real_part() {
    let a = DMatrix::from_row_slice(3, 3, &[-1.0, 0.0, 0.0, 0.0, 0.25, 1.0, 0.0, -1.0, 0.25]);
    let err = solve(&a, &DMatrix::identity(3, 3)).unwrap_err();
    let LyapunovError::NotStable { max_real } = err else {
        panic!("expected NotStable, got {err:?}");
    };
    assert!((max_real - 0.25).abs() < 1e-14);
    assert_eq!(
        err.to_string(),
        "A is not stable: an eigenvalue has real part 0.25 >= 0, so no stationary covariance exists"
    );
}

#[test]
fn marginal_matrix_is_ill_conditioned() {
    let a = DMatrix::from_row_slice(2, 2, &[-1e-20, 0.0, 0.0, -1.0]);
    let err = solve(&a, &DMatrix::identity(2, 2)).unwrap_err();
    assert_eq!(err, LyapunovError::IllConditioned { sep: 2e-20 });
    assert_eq!(
        err.to_string(),
        "the Lyapunov equation is ill-conditioned (separation 2.000e-20 of A and -A^T is too small)"
    );
}

#[test]
fn huge_solution_of_a_non_normal_matrix_is_refused() {
    // eigenvalues -1, -1 (well inside) but X ~ b^2: the solution would be rounding noise
    let a = DMatrix::from_row_slice(2, 2, &[-1.0, 1e5, 0.0, -1.0]);
    let err = solve(&a, &DMatrix::identity(2, 2)).unwrap_err();
    let LyapunovError::IllConditioned { sep } = err else {
        panic!("expected IllConditioned, got {err:?}");
    };
    assert!(sep < 1e-8, "sep {sep:e}");
    // a mild version of the same matrix is fine and accurate
    let a = DMatrix::from_row_slice(2, 2, &[-1.0, 10.0, 0.0, -1.0]);
    let x = solve(&a, &DMatrix::identity(2, 2)).unwrap();
    let closed = solve_2x2(&Matrix2::new(-1.0, 10.0, 0.0, -1.0), &Matrix2::identity()).unwrap();
    assert!((x[(0, 0)] - closed[(0, 0)]).abs() < 1e-12 * closed[(0, 0)]);
}

#[test]
fn shape_errors_name_both_shapes() {
    let a = DMatrix::from_element(3, 3, -1.0);
    let err = solve(&a, &DMatrix::identity(2, 2)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "dimension mismatch: A is 3x3 but Q is 2x2; both must be square and of the same size"
    );
    let err = solve(&DMatrix::zeros(2, 3), &DMatrix::zeros(2, 3)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "dimension mismatch: A is 2x3 but Q is 2x3; both must be square and of the same size"
    );
    let err = SchurLyapunov::new(&DMatrix::zeros(2, 3)).unwrap_err();
    assert_eq!(err.to_string(), "A is 2x3, but it must be square");
    let err = SchurLyapunov::new(&DMatrix::zeros(0, 0)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "A is empty (0x0); the Lyapunov equation needs N >= 1"
    );
    let lyap = SchurLyapunov::new(&(DMatrix::identity(3, 3) * -1.0)).unwrap();
    let err = lyap.solve_adjoint(&DMatrix::identity(4, 4)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "dimension mismatch: A is 3x3 but Q is 4x4; both must be square and of the same size"
    );
}

#[test]
fn non_finite_inputs_are_errors() {
    let mut a = DMatrix::identity(3, 3) * -1.0;
    let q = DMatrix::identity(3, 3);
    a[(1, 2)] = f64::NAN;
    let err = solve(&a, &q).unwrap_err();
    assert_eq!(err.to_string(), "non-finite entry in A");
    let a = DMatrix::identity(3, 3) * -1.0;
    let mut q2 = q.clone();
    q2[(0, 0)] = f64::INFINITY;
    assert_eq!(
        solve(&a, &q2).unwrap_err().to_string(),
        "non-finite entry in Q"
    );
    let lyap = SchurLyapunov::new(&a).unwrap();
    assert_eq!(
        lyap.solve(&q2).unwrap_err(),
        LyapunovError::NonFinite { which: "Q" }
    );
}

#[test]
fn zero_q_gives_zero_x() {
    let a = stable_matrix(6, 0, 11);
    let x = solve(&a, &DMatrix::zeros(6, 6)).unwrap();
    assert_eq!(x, DMatrix::zeros(6, 6));
}

#[test]
fn one_by_one_is_a_division() {
    let x = solve(
        &DMatrix::from_element(1, 1, -4.0),
        &DMatrix::from_element(1, 1, 2.0),
    )
    .unwrap();
    assert_eq!(x[(0, 0)], 0.25);
}

#[test]
fn identity_plus_low_rank_with_repeated_eigenvalues() {
    // A = -I + U M U^T / N: eigenvalue -1 with multiplicity N - 2 (the linear network's W - I)
    for n in [40, 150] {
        let mut rng = ChaCha8Rng::seed_from_u64(n as u64);
        let u = gaussian_matrix(n, 2, &mut rng);
        let m = DMatrix::from_row_slice(2, 2, &[0.5, 1.0, -0.3, -2.0]);
        let a = &u * m * u.transpose() / n as f64 - DMatrix::identity(n, n);
        let q = DMatrix::identity(n, n) * 2.0;
        let x = solve(&a, &q).unwrap();
        assert!(residual(&a, &x, &q) < 1e-12, "N = {n}");
        let k = DMatrix::from_fn(n, n, |i, j| ((i * j + 3 * i) as f64).cos());
        let x = solve(&a, &k).unwrap();
        assert!(residual(&a, &x, &k) < 1e-12, "N = {n}");
    }
}
