//! The network, its gradient, the optimiser and training, against independent values.

use super::bptt::NoiseDraw;
use super::grad::{loss_and_gradient, trajectories, Trained};
use super::init::{init_network, InitSpec, OutputScale};
use super::network::{Noise, TaskNetwork};
use super::presets;
use super::tasks::{TaskBatch, TaskKind};
use super::train::{TrainConfig, Trainer};
use oblique_theory::nonlinearity::Builtin;

fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
}

fn small_net(n: usize, task: TaskKind, h0_std: f64, seed: u64) -> TaskNetwork {
    let spec = InitSpec {
        n,
        d_in: task.d_in(),
        d_out: task.d_out(),
        g: 1.5,
        output_scale: OutputScale::Large,
        h0_std,
    };
    init_network(&spec, Builtin::Tanh, seed).unwrap()
}

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
    for i in 0..len {
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
        worst = worst.max((fd - grad[i]).abs() / scale);
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
    let mut adam = super::adam::TaskAdam::new(&net, Trained::W_ONLY, 0.01);
    let grad = |w: Vec<f64>| super::grad::Gradient {
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

fn tiny_config(task: TaskKind, threads: usize) -> TrainConfig {
    let mut cfg = TrainConfig::new(presets::paper(task, OutputScale::Small, 1.5));
    cfg.preset.n = 24;
    cfg.preset.steps = 3;
    cfg.threads = threads;
    cfg.corr_every = 2;
    cfg
}

#[test]
fn same_seed_same_numbers_for_one_and_two_threads() {
    for task in [TaskKind::Flipflop, TaskKind::Mante] {
        let runs: Vec<_> = [1, 2]
            .into_iter()
            .map(|threads| {
                let mut run = Trainer::new(tiny_config(task, threads)).unwrap();
                let recs: Vec<_> = (0..3).map(|_| run.step().unwrap()).collect();
                (recs, run.net)
            })
            .collect();
        assert_eq!(
            format!("{:?}", runs[0].0),
            format!("{:?}", runs[1].0),
            "{task:?}: records"
        );
        assert_eq!(runs[0].1, runs[1].1, "{task:?}: weights");
        assert!(runs[0].0[0].corr.is_finite() && runs[0].0[1].corr.is_nan());
    }
}

#[test]
fn bad_configurations_are_refused_with_the_parameter_named() {
    let mut cfg = tiny_config(TaskKind::Cycling, 1);
    cfg.preset.batch = 3;
    assert!(Trainer::new(cfg)
        .err()
        .unwrap()
        .to_string()
        .contains("even batch"));
    cfg.preset.batch = 0;
    assert!(Trainer::new(cfg)
        .err()
        .unwrap()
        .to_string()
        .contains("batch = 0"));
    let mut cfg = tiny_config(TaskKind::Romo, 1);
    cfg.preset.lr0 = 0.0;
    assert!(Trainer::new(cfg)
        .err()
        .unwrap()
        .to_string()
        .contains("lr0 = 0"));
    cfg.preset.lr0 = f64::NAN;
    assert!(Trainer::new(cfg)
        .err()
        .unwrap()
        .to_string()
        .contains("lr0 = NaN"));
    cfg.preset.lr0 = 0.01;
    cfg.preset.n = 1;
    assert!(Trainer::new(cfg)
        .err()
        .unwrap()
        .to_string()
        .contains("N = 1"));
}

#[test]
fn divergence_stops_with_the_step() {
    let mut cfg = tiny_config(TaskKind::Romo, 1);
    cfg.preset.lr0 = 1e300;
    let mut run = Trainer::new(cfg).unwrap();
    let mut err = None;
    for _ in 0..3 {
        if let Err(e) = run.step() {
            err = Some(e);
            break;
        }
    }
    let e = err.expect("diverges");
    assert!(matches!(e, super::RnnError::Diverged { .. }), "{e}");
    assert!(e.to_string().contains("diverged at step"));
    assert!(run.net.validate().is_ok(), "the last good network is kept");
}

/// Trains cycling at small size with both output scales; returns the final correlations.
fn aligned_and_oblique(n: usize, steps: usize, seed: u64) -> [f64; 2] {
    [OutputScale::Small, OutputScale::Large].map(|scale| {
        let mut cfg = TrainConfig::new(presets::paper(TaskKind::Cycling, scale, 1.5));
        cfg.preset.n = n;
        cfg.preset.steps = steps;
        cfg.seed = seed;
        cfg.corr_every = steps;
        let mut run = Trainer::new(cfg).unwrap();
        let mut last = None;
        for _ in 0..steps {
            last = Some(run.step().unwrap());
        }
        let last = last.unwrap();
        eprintln!(
            "{scale:?}: loss {:.4} ({:.4} + {:.4}) corr {:.4} |dW| {:.3}",
            last.loss, last.l_bias, last.l_var, last.corr, last.dw_norm
        );
        last.corr
    })
}

#[test]
fn small_output_weights_give_aligned_dynamics() {
    let [small, large] = aligned_and_oblique(64, 200, 7);
    assert!(small > 3.0 * large, "small {small} large {large}");
}

/// Mann-Whitney U of two samples: the number of pairs `(a_i, b_j)` with `a_i < b_j` (ties
/// count one half).
fn mann_whitney_u(a: &[f64], b: &[f64]) -> f64 {
    let mut u = 0.0;
    for &x in a {
        for &y in b {
            u += if x < y {
                1.0
            } else if x == y {
                0.5
            } else {
                0.0
            };
        }
    }
    u
}

/// f32 and f64 training end at the same loss and correlation to within the run-to-run
/// spread (issue 10: the f32 working precision does not change the results). Six seeds
/// each (cycling, small output, N = 64, 150 steps): a seed's f32 and f64 runs follow the
/// same path for tens of steps and then part (the escape from the loss plateau is
/// sensitive), so the two precisions are compared as samples: the two-sided Mann-Whitney
/// test at the 5% level (for 6 against 6, U must lie in 6 ..= 30). A precision that stalls
/// or drifts gives U near 0 or 36. Measured: U = 19 (loss) on seeds 1-8 in the CLI.
#[test]
fn f32_and_f64_runs_agree_within_the_seed_spread() {
    use super::train::Precision;
    let end = |seed: u64, precision| {
        let mut cfg = TrainConfig::new(presets::paper(TaskKind::Cycling, OutputScale::Small, 1.5));
        cfg.preset.n = 64;
        cfg.preset.steps = 150;
        cfg.seed = seed;
        cfg.precision = precision;
        cfg.corr_every = 150;
        let mut run = Trainer::new(cfg).unwrap();
        let recs: Vec<_> = (0..150).map(|_| run.step().unwrap()).collect();
        let loss = recs[130..].iter().map(|r| r.loss).sum::<f64>() / 20.0;
        (loss, run.correlation())
    };
    let runs = |p| (1..=6).map(|s| end(s, p)).collect::<Vec<_>>();
    let (r32, r64) = (runs(Precision::F32), runs(Precision::F64));
    let pick = |r: &[(f64, f64)], i: usize| {
        r.iter()
            .map(|v| if i == 0 { v.0 } else { v.1 })
            .collect::<Vec<_>>()
    };
    for (i, what) in ["loss", "correlation"].iter().enumerate() {
        let (a, b) = (pick(&r32, i), pick(&r64, i));
        let u = mann_whitney_u(&a, &b);
        assert!(
            (6.0..=30.0).contains(&u),
            "{what}: U = {u}, f32 {a:?}, f64 {b:?}"
        );
        // and both precisions learn: every run below the initial loss of about 0.52
        if i == 0 {
            assert!(a.iter().chain(&b).all(|&l| l < 0.5), "{a:?} {b:?}");
        }
    }
}
