//! BPTT gradients against central differences, the bias/variance split of the loss, the
//! f32 working precision against f64, and Adam against PyTorch's formula.

use super::{pool, small_net};
use crate::rnn::bptt::NoiseDraw;
use crate::rnn::grad::{loss_and_gradient, trajectories, Trained};
use crate::rnn::network::{Noise, TaskNetwork};
use crate::rnn::tasks::{TaskBatch, TaskKind};

fn fd_check(net: &TaskNetwork, batch: &TaskBatch, which: &str) {
    let nd = NoiseDraw {
        noise: Noise {
            sigma_hid: 0.3,
            sigma_init: 1.0,
        },
        seed: 5,
        draw: 2,
    };
    let p = pool(2);
    let loss = |net: &TaskNetwork| loss_and_gradient::<f64>(net, batch, &nd, true, &p).0.loss;
    let (_, g) = loss_and_gradient::<f64>(net, batch, &nd, true, &p);
    let (grad, len) = match which {
        "w" => (&g.w, net.w.len()),
        "w_in" => (&g.w_in, net.w_in.len()),
        _ => (&g.w_out, net.w_out.len()),
    };
    let h = 1e-5;
    let mut worst: f64 = 0.0;
    let scale = grad.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    assert!(
        scale > 1e-4,
        "{which}: gradient too small to test ({scale})"
    );
    for (i, &g) in grad.iter().enumerate().take(len) {
        let mut plus = net.clone();
        let mut minus = net.clone();
        let (p_, m_) = match which {
            "w" => (&mut plus.w[i], &mut minus.w[i]),
            "w_in" => (&mut plus.w_in[i], &mut minus.w_in[i]),
            _ => (&mut plus.w_out[i], &mut minus.w_out[i]),
        };
        *p_ += h;
        *m_ -= h;
        let fd = (loss(&plus) - loss(&minus)) / (2.0 * h);
        worst = worst.max((fd - g).abs() / scale);
    }
    assert!(worst < 1e-6, "{which}: worst relative error {worst}");
}

#[test]
fn gradients_match_central_differences() {
    // 18 trials = two chunks (16 + 2), noise on, flip-flop with loss at every step
    let net = small_net(6, TaskKind::Flipflop, 0.5, 8);
    let batch = TaskKind::Flipflop.batch(18, Some(24), 3, 0, 1);
    for which in ["w", "w_in", "w_out"] {
        fd_check(&net, &batch, which);
    }
    // Mante: 4 inputs, 1 output
    let net = small_net(5, TaskKind::Mante, 0.0, 9);
    let batch = TaskKind::Mante.batch(3, Some(40), 3, 0, 2);
    fd_check(&net, &batch, "w_in");
    fd_check(&net, &batch, "w");
}

#[test]
fn loss_splits_into_bias_and_variance() {
    let net = small_net(8, TaskKind::Cycling, 0.0, 2);
    let batch = TaskKind::Cycling.batch(20, Some(40), 3, 0, 5);
    let nd = NoiseDraw {
        noise: Noise {
            sigma_hid: 0.2,
            sigma_init: 1.0,
        },
        seed: 5,
        draw: 0,
    };
    let p = pool(1);
    let (parts, _) = loss_and_gradient::<f64>(&net, &batch, &nd, false, &p);
    let (_, z) = trajectories::<f64>(&net, &batch, &nd, &p);
    // independent: masked MSE, and the MSE of the batch-mean output against the target
    // (cycling's mask is the same for all trials, so ebar = mean z - mean y)
    let (mut l, mut lb, mut cnt) = (0.0, 0.0, 0.0);
    for k in 0..40 {
        for o in 0..2 {
            if batch.m(0, k, o) == 0.0 {
                continue;
            }
            let mut mean_e = 0.0;
            for b in 0..20 {
                let e = z[(b * 40 + k) * 2 + o] - batch.y(b, k, o);
                l += e * e;
                mean_e += e / 20.0;
                cnt += 1.0;
            }
            lb += 20.0 * mean_e * mean_e;
        }
    }
    assert!((parts.loss - l / cnt).abs() < 1e-12);
    assert!((parts.l_bias - lb / cnt).abs() < 1e-12);
    assert!((parts.l_bias + parts.l_var - parts.loss).abs() < 1e-12);
    assert!(parts.l_var > 0.0 && parts.l_bias > 0.0);
}

#[test]
fn f32_gradient_agrees_with_f64() {
    let net = small_net(32, TaskKind::Romo, 0.0, 4);
    let batch = TaskKind::Romo.batch(16, None, 3, 0, 5);
    let nd = NoiseDraw {
        noise: Noise {
            sigma_hid: 0.2,
            sigma_init: 1.0,
        },
        seed: 5,
        draw: 0,
    };
    let p = pool(1);
    let (l64, g64) = loss_and_gradient::<f64>(&net, &batch, &nd, true, &p);
    let (l32, g32) = loss_and_gradient::<f32>(&net, &batch, &nd, true, &p);
    assert!((l64.loss - l32.loss).abs() < 1e-5 * l64.loss);
    let rel = |a: &[f64], b: &[f64]| {
        let d: f64 = a
            .iter()
            .zip(b)
            .map(|(x, y)| (x - y) * (x - y))
            .sum::<f64>()
            .sqrt();
        d / a.iter().map(|x| x * x).sum::<f64>().sqrt()
    };
    assert!(rel(&g64.w, &g32.w) < 1e-4, "W: {}", rel(&g64.w, &g32.w));
    assert!(rel(&g64.w_out, &g32.w_out) < 1e-4);
}

#[test]
fn adam_step_matches_pytorch_formula() {
    // hand-computed with torch.optim.Adam's update (betas 0.9, 0.999, eps 1e-8), lr 0.01:
    // two steps with gradients g1, g2
    let mut net = small_net(2, TaskKind::Sine, 0.0, 1);
    net.w = vec![0.5, -0.3, 0.1, 0.0];
    let mut adam = crate::rnn::adam::TaskAdam::new(&net, Trained::W_ONLY, 0.01);
    let grad = |w: Vec<f64>| crate::rnn::grad::Gradient {
        w,
        w_in: vec![9.0; 2],
        w_out: vec![9.0; 2],
    };
    let (w_in0, w_out0) = (net.w_in.clone(), net.w_out.clone());
    adam.step(&mut net, &grad(vec![0.2, -0.1, 0.0, 3.0]));
    adam.step(&mut net, &grad(vec![0.1, 0.1, -0.5, 3.0]));
    let expect = [
        0.4806782047015366,
        -0.290526316736842,
        0.10744136802524878,
        -0.019999999933333262,
    ];
    for (a, b) in net.w.iter().zip(expect) {
        assert!((a - b).abs() < 1e-15, "{a} vs {b}");
    }
    assert_eq!(
        (net.w_in, net.w_out),
        (w_in0, w_out0),
        "untrained weights stay fixed"
    );
}
