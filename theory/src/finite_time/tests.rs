use super::*;
use crate::nonlinearity::Builtin;
use nalgebra::{Matrix2, Vector2};

fn model<'a>(
    task: &'a PulseTask,
    phi: Builtin,
    sigma: f64,
    n: usize,
    m: Matrix2<f64>,
) -> FiniteTimeModel<'a> {
    FiniteTimeModel {
        noise: crate::rank_two::NoiseLevel::new(sigma).unwrap(),
        nonlinearity: phi.into(),
        n,
        target: 1.0,
        m,
        task,
    }
}

/// A linear network (phi = identity: g = 1, g3 = 0) is an exact linear recursion: the mean
/// is `F^(k-1) e_2` with `F = (1 - dt) I + dt M` (matrix powers) and `P_k` the sum
/// `2 dt sigma^2 sum_{j<k} F^j F^jT`.
#[test]
fn identity_matches_matrix_powers() {
    let task = PulseTask::published();
    let m = Matrix2::new(0.5, 0.3, -0.2, -1.0);
    let s = model(&task, Builtin::Identity, 0.7, 128, m)
        .statistics()
        .unwrap();
    let f = Matrix2::identity() * 0.8 + m * 0.2;
    let mut pow = Matrix2::identity();
    let mut p_sum = Matrix2::zeros();
    for k in 1..=task.steps {
        let want = pow * Vector2::new(0.0, 1.0);
        p_sum += pow * pow.transpose() * (2.0 * 0.2 * 0.49);
        let got = &s.trajectory[k - 1];
        assert!((got.kappa - want).norm() < 1e-13, "step {k}");
        assert!(
            (got.covariance - p_sum).norm() < 1e-12 * p_sum.norm(),
            "step {k}"
        );
        pow *= f;
    }
    // orthogonal variance: the AR(1) sum 2 dt sigma^2 (1 - a^(2k)) / (1 - a^2)
    let d = s.trajectory[49].orthogonal_variance;
    let want = 2.0 * 0.2 * 0.49 * (1.0 - 0.8f64.powi(100)) / (1.0 - 0.64);
    assert!((d - want).abs() < 1e-14);
}

/// Values of the independent numpy/scipy script theory/notes/finite_time.py (erf).
#[test]
fn matches_the_independent_script() {
    let task = PulseTask::published();
    let s = model(
        &task,
        Builtin::Erf,
        1.0,
        256,
        Matrix2::new(1.9, 0.2, -0.1, -1.0),
    )
    .statistics()
    .unwrap();
    assert!((s.kappa_bar[0] - 0.144296).abs() < 1e-6 && (s.kappa_bar[1] + 0.000925).abs() < 1e-6);
    assert!((s.l_bias - 2.073393).abs() < 1e-5 && (s.l_var - 27.341747).abs() < 1e-4);
    for (sigma, n, lm, lp, theta, kappa, rho, l_var) in [
        (1.0, 64, -1.9, 2.12856, 1.45472, 1.05193, 0.11565, 0.67849),
        (1.0, 1024, -1.9, 1.86495, 1.531, 0.77882, 0.03972, 0.63287),
        (0.2, 256, -0.7, 1.45139, 1.4949, 0.83007, 0.07526, 0.03207),
    ] {
        let search = OptimumSearch {
            noise: crate::rank_two::NoiseLevel::new(sigma).unwrap(),
            nonlinearity: Builtin::Erf.into(),
            n,
            target: 1.0,
            lambda_minus: lm,
            task: &task,
        };
        let o = search.solve().unwrap();
        let st = &o.statistics;
        let close = |a: f64, b: f64, tol: f64| (a - b).abs() < tol * b.abs();
        assert!(
            close(o.lambda_plus, lp, 1e-4) && close(o.theta, theta, 1e-4),
            "{n}: {o:?}"
        );
        assert!(
            close(st.kappa_norm, kappa, 1e-4) && close(st.rho, rho, 1e-3),
            "{n}: {st:?}"
        );
        assert!(close(st.l_var, l_var, 1e-4), "{n}: {}", st.l_var);
        // the optimum: no nearby point of the family does better
        for (dl, dth) in [(1e-3, 0.0), (-1e-3, 0.0), (0.0, 1e-3), (0.0, -1e-3)] {
            let s2 = search
                .statistics(o.lambda_plus + dl, o.theta + dth)
                .unwrap();
            assert!(s2.loss >= st.loss, "{n}: {dl} {dth}");
        }
    }
}

#[test]
fn errors_say_what_is_wrong() {
    let mut task = PulseTask::published();
    let m = Matrix2::new(30.0, 0.0, 0.0, 30.0);
    let e = model(&task, Builtin::Identity, 1.0, 64, m)
        .statistics()
        .unwrap_err();
    assert!(
        e.to_string()
            .starts_with("the mean-field trajectory diverges: |kappa| = ")
            && e.to_string()
                .ends_with("(the Euler map of M is unstable at dt = 0.2)"),
        "{e}"
    );
    task.loss_steps.push(51);
    let e = model(&task, Builtin::Erf, 1.0, 64, Matrix2::zeros())
        .statistics()
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "pulse task: loss step 51 must lie in 1..=50 (the number of steps)"
    );
    task.dt = 1.5;
    let e = model(&task, Builtin::Erf, 1.0, 64, Matrix2::zeros())
        .statistics()
        .unwrap_err();
    assert_eq!(e.to_string(), "pulse task: dt = 1.5 must lie in (0, 1)");
    let task = PulseTask::published();
    let e = model(&task, Builtin::Erf, 1.0, 1, Matrix2::zeros())
        .statistics()
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "N = 1 is too small: a rank-two network needs N >= 2"
    );
}
