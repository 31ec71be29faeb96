//! The forward pass against the Euler(-Maruyama) recursion of paper-methods 1.1.

use super::{pool, small_net};
use crate::rnn::bptt::NoiseDraw;
use crate::rnn::grad::trajectories;
use crate::rnn::network::{Noise, TaskNetwork};
use crate::rnn::tasks::{TaskBatch, TaskKind};

/// The Euler recursion of paper-methods 1.1 written per trial and per neuron.
fn naive_states(net: &TaskNetwork, batch: &TaskBatch, b: usize) -> Vec<Vec<f64>> {
    let n = net.n;
    let mut x = net.h0.clone();
    let mut out = Vec::new();
    for k in 0..batch.n_t {
        out.push(x.clone());
        let phi: Vec<f64> = x.iter().map(|v| v.tanh()).collect();
        x = (0..n)
            .map(|i| {
                let rec: f64 = (0..n).map(|j| net.w[i * n + j] * phi[j]).sum();
                let inp: f64 = (0..net.d_in)
                    .map(|c| net.w_in[i * net.d_in + c] * batch.u(b, k, c))
                    .sum();
                (1.0 - net.dt) * x[i] + net.dt * (rec + inp)
            })
            .collect();
    }
    out
}

#[test]
fn noise_free_trajectories_match_the_euler_recursion() {
    let net = small_net(7, TaskKind::Mante, 0.8, 3);
    let batch = TaskKind::Mante.batch(18, Some(30), 4, 0, 5);
    let nd = NoiseDraw {
        noise: Noise::NONE,
        seed: 1,
        draw: 0,
    };
    let (x, z) = trajectories::<f64>(&net, &batch, &nd, &pool(2));
    for b in [0, 5, 17] {
        let naive = naive_states(&net, &batch, b);
        for k in 0..30 {
            for i in 0..7 {
                assert!(
                    (x[(b * 30 + k) * 7 + i] - naive[k][i]).abs() < 1e-12,
                    "b {b} k {k} i {i}"
                );
            }
            // z_k = W_out x_k, state before the update (z_0 = W_out h_0)
            let zk: f64 = (0..7).map(|i| net.w_out[i] * naive[k][i]).sum();
            assert!((z[b * 30 + k] - zk).abs() < 1e-12);
        }
    }
}

#[test]
fn noise_has_the_euler_maruyama_variance() {
    // W = 0, no input: x_k = (1 - dt)^k x_0 + noise; var x_0 = sigma_init^2 = 4 and the
    // stationary variance is dt sigma^2 / (1 - (1 - dt)^2) = sigma^2 / (2 - dt) = 1/1.8.
    let mut net = small_net(64, TaskKind::Sine, 0.0, 1);
    net.w.fill(0.0);
    let batch = TaskKind::Sine.batch(32, Some(200), 1, 0, 5);
    let nd = NoiseDraw {
        noise: Noise {
            sigma_hid: 1.0,
            sigma_init: 2.0,
        },
        seed: 9,
        draw: 0,
    };
    let (x, _) = trajectories::<f64>(&net, &batch, &nd, &pool(2));
    let var_at = |ks: std::ops::Range<usize>| {
        let mut s = 0.0;
        let mut c = 0.0;
        for b in 0..32 {
            for k in ks.clone() {
                for v in &x[(b * 200 + k) * 64..][..64] {
                    s += v * v;
                    c += 1.0;
                }
            }
        }
        s / c
    };
    // 2048 samples: SE of the variance 4 sqrt(2/2048) = 0.125
    assert!(
        (var_at(0..1) - 4.0).abs() < 0.5,
        "initial variance {}",
        var_at(0..1)
    );
    // 100 steps of 2048 samples, correlation time ~ 1/(2 dt) = 2.5 steps: SE ~ 0.006
    let v = var_at(100..200);
    assert!((v - 1.0 / 1.8).abs() < 0.03, "stationary variance {v}");
}
