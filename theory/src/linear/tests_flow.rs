//! Gradient flow: the 2x2 reduction against the full N x N flow, the closed form against
//! the exact flow across N, and bad input.

use super::*;
use nalgebra::{DVector, Matrix2};

fn task(n: usize) -> LinearTask {
    LinearTask {
        n,
        rho_sqrt_n: -0.5,
        sigma: 1.0,
        target: 1.0,
    }
}

/// The flow in the rank-two subspace and the full N x N flow for a basis that mixes all
/// coordinates (so the full flow really is N x N), with the given time model.
pub(super) fn reduced_and_full(
    n: usize,
    samples: usize,
    time: TimeModel,
) -> (TwoPhaseCurves, TwoPhaseCurves) {
    let w_out = DVector::from_fn(n, |i, _| ((i as f64) * 0.7).sin());
    let w_in = DVector::from_fn(n, |i, _| 1.0 + ((i as f64) * 1.3).cos());
    let basis = RankTwoBasis::from_vectors(&w_out, &w_in).unwrap();
    let t = LinearTask {
        n,
        rho_sqrt_n: 0.8,
        sigma: 0.6,
        target: -1.2,
    };
    let schedule = Schedule {
        lr: 0.01,
        fast_steps: 150,
        slow_steps: 400,
        samples,
    };
    let reduced = FlowOptions {
        time,
        ..FlowOptions::default()
    };
    let full = FlowOptions {
        space: FlowSpace::Full(basis),
        time,
        ..FlowOptions::default()
    };
    (
        integrate_flow(&t, &schedule, &reduced, &mut |_| {}).unwrap(),
        integrate_flow(&t, &schedule, &full, &mut |_| {}).unwrap(),
    )
}

#[test]
fn rank_two_flow_equals_the_full_n_by_n_flow() {
    let (reduced, full) = reduced_and_full(12, 6, TimeModel::Continuous);
    let d = full.deviation(&reduced, 1.0);
    assert!(d.max() < 1e-7, "{d:?}");
    // and the flow did move: feedback built up along w_out.
    assert!(reduced.slow.m11.last().unwrap() < &-0.3);
}

#[test]
fn closed_form_approaches_the_exact_flow_as_n_grows() {
    // Fig. 10 schedule: 1000 steps at 0.002/N, then 5000 at 0.002.
    let schedule = Schedule {
        lr: 0.002,
        fast_steps: 1000,
        slow_steps: 5000,
        samples: 101,
    };
    let mut devs = Vec::new();
    for n in [64, 128, 256, 512, 1024] {
        let t = task(n);
        let flow = integrate_flow(&t, &schedule, &FlowOptions::default(), &mut |_| {}).unwrap();
        let theory = closed_form(&t, &schedule).unwrap();
        devs.push((n, flow.deviation(&theory, t.sqrt_n())));
    }
    for w in devs.windows(2) {
        let ((n0, d0), (n1, d1)) = (w[0], w[1]);
        // Losses, feedback, feed-forward b = sqrt(N) M12 and |dx_bar| deviate at O(1/N):
        // doubling N halves them (ratio within [1.7, 2.3]).
        for (name, a, b) in [
            ("L", d0.l, d1.l),
            ("L_var", d0.l_var, d1.l_var),
            ("M11", d0.m11, d1.m11),
            ("b", d0.b, d1.b),
            ("dx", d0.dx_norm, d1.dx_norm),
        ] {
            let ratio = a / b;
            assert!(
                (1.7..2.3).contains(&ratio),
                "{name}: deviation {a:.3e} at N={n0} vs {b:.3e} at N={n1}"
            );
        }
        // M21 and M22 (zero in the closed form) shrink too; M21 only as 1/sqrt(N).
        assert!(
            d1.m21 < d0.m21 / 1.2 && d1.m22 < d0.m22 / 1.7,
            "{d0:?} {d1:?}"
        );
        assert!(d1.max() < d0.max());
    }
    let (_, last) = devs.last().unwrap();
    assert!(last.l < 1.5e-3 && last.max() < 0.06, "{last:?}");
}

#[test]
fn input_direction_becomes_marginal_at_very_long_times() {
    // Beyond eta tau ~ N / z^2 the flow leaves the closed form: M22 -> 1 (the input
    // direction becomes an integrator), M12 -> 0 and |dx_bar| grows, while L_var and M11
    // still follow it.
    let t = task(64);
    let schedule = Schedule {
        lr: 0.002,
        fast_steps: 1000,
        slow_steps: 30_000,
        samples: 3,
    };
    let flow = integrate_flow(&t, &schedule, &FlowOptions::default(), &mut |_| {}).unwrap();
    let theory = closed_form(&t, &schedule).unwrap();
    let (f, c) = (flow.slow.last().unwrap(), theory.slow.last().unwrap());
    assert!(f.m[(1, 1)] > 0.7, "M22 = {}", f.m[(1, 1)]);
    assert!(f.dx_norm > 10.0 * c.dx_norm, "|dx| = {}", f.dx_norm);
    assert!(f.m[(0, 1)] < 0.5 * c.m[(0, 1)]);
    assert!((f.l_var - c.l_var).abs() < 0.03 * c.l_var);
    assert!((f.m[(0, 0)] - c.m[(0, 0)]).abs() < 0.01 * c.m[(0, 0)].abs());
}

#[test]
fn bad_parameters_are_named() {
    let s = Schedule {
        lr: 0.002,
        fast_steps: 10,
        slow_steps: 10,
        samples: 5,
    };
    let run = |t: &LinearTask, s: &Schedule, m0: Matrix2<f64>| {
        let o = FlowOptions {
            m0,
            ..FlowOptions::default()
        };
        integrate_flow(t, s, &o, &mut |_| {})
            .unwrap_err()
            .to_string()
    };
    let z = Matrix2::zeros();
    assert_eq!(
        run(&task(1), &s, z),
        "network size N = 1 must be at least 2"
    );
    let mut t = task(16);
    t.rho_sqrt_n = -4.0;
    assert_eq!(
        run(&t, &s, z),
        "rho sqrt(N) = -4 must satisfy |rho sqrt(N)| < sqrt(N) = 4 (the input-output correlation rho must lie strictly between -1 and 1)"
    );
    let mut t = task(16);
    t.sigma = -1.0;
    assert_eq!(
        run(&t, &s, z),
        "noise sigma = -1 must be positive and finite"
    );
    let mut bad = s;
    bad.lr = 0.0;
    assert_eq!(
        run(&task(16), &bad, z),
        "learning rate eta = 0 must be positive and finite"
    );
    assert_eq!(
        run(&task(16), &s, Matrix2::new(0.5, 0.0, 0.0, 1.25)),
        "W - I is not stable: an eigenvalue has real part 0.25 >= 0 (every eigenvalue of W must have real part below 1)"
    );
}
