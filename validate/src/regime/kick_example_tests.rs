//! The kicked trial against the closed form of a linear network and against the unkicked
//! run, and its errors.

use super::*;
use crate::rnn::init::{init_network, InitSpec, OutputScale};
use crate::rnn::tasks::TaskKind;
use nalgebra::{DMatrix, DVector};
use oblique_theory::nonlinearity::Builtin;

/// A flip-flop network of `n` neurons (g = 0.9, large output), with `phi`.
fn net(phi: Builtin) -> TaskNetwork {
    let task = TaskKind::Flipflop;
    let spec = InitSpec {
        n: 20,
        d_in: task.d_in(),
        d_out: task.d_out(),
        g: 0.9,
        output_scale: OutputScale::Large,
        h0_std: 0.0,
    };
    init_network(&spec, phi, 7).unwrap()
}

fn params() -> PerturbationParams {
    PerturbationParams {
        precision: Precision::F64,
        ..PerturbationParams::paper(TaskKind::Flipflop)
    }
}

fn eval() -> TaskBatch {
    TaskKind::Flipflop.batch(4, None, 3, 0, 5)
}

/// For `phi` = identity the kick propagates linearly: `z'_1(k) - z_1(k) = a w_1^T
/// A^(k - k_p) v` with `A = (1 - dt) I + dt W` and `v = w_1 / |w_1|` (`w_1` the first
/// `W_out` row), and 0 before `k_p`; computed here with nalgebra's matrix powers.
#[test]
fn a_kick_along_w_out_of_a_linear_network_follows_the_matrix_power() {
    let net = net(Builtin::Identity);
    let a = 3.0;
    let ex = kick_example(&net, &eval(), &params(), 4, a, 9.0).unwrap();
    let n = net.n;
    let w = DMatrix::from_row_slice(n, n, &net.w);
    let big_a = DMatrix::identity(n, n) * (1.0 - net.dt) + w * net.dt;
    let w1 = DVector::from_column_slice(&net.w_out[..n]);
    let v = w1.normalize();
    let kp = (ex.t_kick / net.dt).round() as usize;
    // the flip-flop's fifth time of methods 3.8: 5, 5.4, 6, 6.4, 7
    assert!((ex.t_kick - 7.0).abs() < 1e-9, "t_kick {}", ex.t_kick);
    assert_eq!(ex.t.len(), 46);
    let mut worst: f64 = 0.0;
    for k in 0..ex.t.len() {
        let expected = if k < kp {
            0.0
        } else {
            a * w1.dot(&(big_a.pow((k - kp) as u32) * &v))
        };
        let got = ex.along_w_out[k] - ex.unperturbed[k];
        worst = worst.max((got - expected).abs());
    }
    // the jump at the kick is a |w_1| (about 3 sqrt(20) here)
    assert!((ex.along_w_out[kp] - ex.unperturbed[kp] - a * w1.norm()).abs() < 1e-9);
    assert!(worst < 1e-9, "largest deviation {worst}");
    // the PC kick moves the output by at most a |w_1| at the kick, and not before it
    let jump = ex.along_pc[kp] - ex.unperturbed[kp];
    assert!(jump.abs() <= a * w1.norm() + 1e-9);
    assert_eq!(ex.along_pc[..kp], ex.unperturbed[..kp]);
}

#[test]
fn a_kick_of_amplitude_zero_gives_back_the_unperturbed_output_exactly() {
    let net = net(Builtin::Tanh);
    for precision in [Precision::F32, Precision::F64] {
        let p = PerturbationParams {
            precision,
            ..params()
        };
        let ex = kick_example(&net, &eval(), &p, 2, 0.0, 100.0).unwrap();
        // t_end beyond the trial: the whole trial
        assert_eq!(ex.t.len(), eval().n_t);
        assert_eq!(ex.along_w_out, ex.unperturbed);
        assert_eq!(ex.along_pc, ex.unperturbed);
    }
}

#[test]
fn bad_time_index_and_amplitude_are_refused_with_the_valid_range() {
    let net = net(Builtin::Tanh);
    let e = kick_example(&net, &eval(), &params(), 10, 1.0, 9.0).unwrap_err();
    assert_eq!(
        e.to_string(),
        "kick example: time index 10 must be below the 10 perturbation times"
    );
    let e = kick_example(&net, &eval(), &params(), 0, f64::NAN, 9.0).unwrap_err();
    assert_eq!(
        e.to_string(),
        "kick example: amplitude = NaN must be finite and >= 0"
    );
}
