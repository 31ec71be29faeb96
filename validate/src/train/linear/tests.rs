//! The linear trainer against central differences and against the low-rank path.

use super::*;
use crate::network::{RankTwoNetwork, RankTwoParams};
use crate::tasks::{ConstantInputTask, FixedPointTask};
use crate::train::RankTwoBptt;
use nalgebra::Matrix2;

#[test]
fn gradient_matches_finite_differences() {
    let mut net = FullNetwork::linear_from_seed(12, -0.5, 0.8, 0.2, 4).unwrap();
    net.w = DMatrix::from_fn(12, 12, |i, j| 0.1 * ((i * 7 + j * 3) as f64).sin());
    let mut bptt = LinearBptt::new(&net).unwrap();
    // 19 trials: two chunks, the second partial
    let short = ConstantInputTask {
        t_max: 3.0,
        t_target: 2.0,
        ..ConstantInputTask::published(1.0)
    };
    let task = TrialBatch::constant_input(&short, 19).unwrap();
    let pass = bptt.loss_and_grad(&net.w, &task, 3, 1).unwrap();
    let h = 1e-5;
    for &(r, c) in &[(0, 0), (3, 7), (11, 2), (5, 5), (2, 11)] {
        let mut wp = net.w.clone();
        wp[(r, c)] += h;
        let mut wm = net.w.clone();
        wm[(r, c)] -= h;
        let fd = (bptt.forward(&wp, &task, 3, 1).unwrap().loss
            - bptt.forward(&wm, &task, 3, 1).unwrap().loss)
            / (2.0 * h);
        let an = pass.grad[(r, c)];
        let rel = (fd - an).abs() / an.abs().max(1e-3);
        assert!(rel < 1e-6, "dL/dW[{r},{c}]: bptt {an}, fd {fd}, rel {rel}");
    }
}

#[test]
fn agrees_with_the_low_rank_path_on_a_rank_two_linear_network() {
    // Identity nonlinearity, W = U M U^T / N: the dense linear BPTT and the low-rank BPTT
    // see the same noise, so the losses agree and dL/dM = U^T (dL/dW) U / N.
    let m = Matrix2::new(0.5, 0.3, -0.4, -1.0);
    let params = RankTwoParams::new(20, m).with_nonlinearity(Builtin::Identity);
    let net = RankTwoNetwork::from_seed(&params, 2).unwrap();
    let full = FullNetwork::from(&net);
    let short = FixedPointTask {
        t_max: 6.0,
        ..FixedPointTask::published(1.0)
    };
    let task = TrialBatch::fixed_point(&short, 6).unwrap();
    let lin = LinearBptt::new(&full)
        .unwrap()
        .loss_and_grad(&full.w, &task, 8, 3)
        .unwrap();
    let low = RankTwoBptt::new(&net)
        .unwrap()
        .with_f64_noise()
        .loss_and_grad(&m, &task, 8, 3)
        .unwrap();
    assert!((lin.loss - low.loss).abs() < 1e-12 * lin.loss);
    let g = net.u.transpose() * &lin.grad * &net.u / 20.0;
    for (a, b) in g.iter().zip(low.grad.iter()) {
        assert!(
            (a - b).abs() < 1e-10 * low.grad.norm(),
            "{g} vs {}",
            low.grad
        );
    }
}

#[test]
fn a_nonlinear_network_is_rejected() {
    let mut net = FullNetwork::linear_from_seed(4, 0.0, 1.0, 0.2, 1).unwrap();
    net.nonlinearity = Builtin::Erf;
    assert_eq!(
        LinearBptt::new(&net).unwrap_err().to_string(),
        "full-W training needs the identity nonlinearity (a linear network), got erf"
    );
}

/// The `f32` product against the `f64` one at the same `W` and noise (Fig. 10's N = 256,
/// batch 32, T = 100): the loss and gradient differ by the rounding of the products (here
/// 5.8e-9 and 8.7e-9 relative: the products are `dt` times smaller than the states they
/// are added to), and not by nothing (the option is used).
#[test]
fn the_f32_product_agrees_with_the_f64_one_to_its_rounding() {
    let mut net = FullNetwork::linear_from_seed(256, -0.5, 1.0, 0.2, 5).unwrap();
    net.w = DMatrix::from_fn(256, 256, |i, j| 0.03 * ((i * 13 + j * 7) as f64).sin());
    let task = TrialBatch::constant_input(&ConstantInputTask::published(1.0), 32).unwrap();
    let exact = LinearBptt::new(&net)
        .unwrap()
        .loss_and_grad(&net.w, &task, 9, 4)
        .unwrap();
    let mut fast = LinearBptt::new(&net).unwrap().with_product(Precision::F32);
    let pass = fast.loss_and_grad(&net.w, &task, 9, 4).unwrap();
    let rel_loss = (pass.loss / exact.loss - 1.0).abs();
    let rel_grad = (&pass.grad - &exact.grad).norm() / exact.grad.norm();
    assert!(rel_loss > 0.0 && rel_loss < 1e-7, "loss: {rel_loss}");
    assert!(rel_grad > 0.0 && rel_grad < 1e-7, "gradient: {rel_grad}");
}
