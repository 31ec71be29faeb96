//! Tests of the measures that re-run a task network against closed forms, the Lyapunov
//! covariance and the forward pass of training.

use nalgebra::DMatrix;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, StandardNormal};

use super::kick_schedule::WindowEnd;
use super::rerun::{input_drive, Rerun};
use super::*;
use crate::rnn::init::{init_network, InitSpec, OutputScale};
use crate::rnn::network::{Noise, TaskNetwork};
use crate::rnn::tasks::{TaskBatch, TaskKind};
use crate::rnn::train::{simulate, Precision};
use oblique_theory::lyapunov::solve_discrete;
use oblique_theory::nonlinearity::Builtin;

fn gaussian(n: usize, scale: f64, seed: u64) -> Vec<f64> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    (0..n)
        .map(|_| {
            let v: f64 = StandardNormal.sample(&mut rng);
            scale * v
        })
        .collect()
}

fn linear_net(n: usize, w: Vec<f64>, w_out: Vec<f64>) -> TaskNetwork {
    TaskNetwork {
        n,
        d_in: 1,
        d_out: w_out.len() / n,
        w,
        w_in: gaussian(n, 1.0, 11),
        w_out,
        h0: vec![0.0; n],
        nonlinearity: Builtin::Identity,
        dt: 0.2,
    }
}

/// A batch of `b` trials, `t` steps, constant input `c mod 3` in trial `c`, one output.
fn batch(b: usize, t: usize, d_out: usize) -> TaskBatch {
    let mut out = TaskBatch::zeros(b, t, 1, d_out);
    for (i, u) in out.input.iter_mut().enumerate() {
        *u = ((i / t) % 3) as f64;
    }
    out
}

fn small_tanh_net(task: TaskKind, scale: OutputScale) -> TaskNetwork {
    let spec = InitSpec {
        n: 24,
        d_in: task.d_in(),
        d_out: task.d_out(),
        g: 1.5,
        output_scale: scale,
        h0_std: 0.0,
    };
    init_network(&spec, Builtin::Tanh, 4).unwrap()
}

#[test]
fn rerun_reproduces_the_noise_free_forward_pass_bit_for_bit() {
    let task = TaskKind::Flipflop;
    let net = small_tanh_net(task, OutputScale::Large);
    let eval = task.batch(6, None, 2, 0, 5);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let noise = Noise {
        sigma_hid: 0.0,
        sigma_init: 1.0,
    };
    let base = simulate(&net, &eval, noise, Precision::F32, &pool);
    let view = net.view::<f32>();
    let drive = input_drive(&view, &eval);
    let (n, t) = (net.n, eval.n_t);
    let x0: Vec<f32> = (0..6)
        .flat_map(|b| base.x[b * t * n..][..n].to_vec())
        .map(|v| v as f32)
        .collect();
    let mut run = Rerun::new(&view, &drive, t, (0..6).collect(), x0);
    for k in 1..t {
        run.step(k - 1);
        for b in 0..6 {
            let want = &base.x[(b * t + k) * n..][..n];
            for (j, &v) in run.x[b * n..(b + 1) * n].iter().enumerate() {
                assert_eq!(v as f64, want[j], "trial {b} step {k} neuron {j}");
            }
        }
    }
}

/// Expected unbiased variance of the fluctuations about `R`-repeat condition means for a
/// stationary covariance `sigma`: `C (R - 1) K / (C R K - 1) v^T sigma v`.
fn expected(sigma: &DMatrix<f64>, v: &DMatrix<f64>, c: usize, r: usize, k: usize) -> f64 {
    let f = (c * (r - 1) * k) as f64 / (c * r * k - 1) as f64;
    f * (v.transpose() * sigma * v)[(0, 0)]
}

#[test]
fn linear_network_fluctuations_match_the_lyapunov_covariance() {
    // x <- F x + dt W_in u + sqrt(dt) sigma xi with F = (1 - dt) I + dt W, ||W|| about 0.5:
    // after t = 20 (100 steps) the initial transient is below e^-10 and the fluctuations
    // have the stationary covariance S = F S F^T + dt sigma^2 I (oblique_theory::lyapunov).
    let n = 12;
    let (dt, sigma) = (0.2, 0.3);
    let w = gaussian(n * n, 0.5 / (n as f64).sqrt(), 5);
    let w_out = gaussian(n, 1.0, 6);
    let net = linear_net(n, w.clone(), w_out.clone());
    let eval = batch(4, 400, 1);
    let p = NoiseCompressionParams {
        conditions: 4,
        repeats: 64,
        noise: Noise {
            sigma_hid: sigma,
            sigma_init: 1.0,
        },
        window: Some((20.0, 80.0)),
        n_random: 4000,
        n_output: 10,
        n_pc: 10,
        pcs: 2,
        precision: Precision::F64,
    };
    let res = noise_compression(&net, &eval, &p, 7).unwrap();
    let f = DMatrix::identity(n, n) * (1.0 - dt) + DMatrix::from_row_slice(n, n, &w) * dt;
    let s = solve_discrete(&f, &(DMatrix::identity(n, n) * (dt * sigma * sigma))).unwrap();
    let k = 300;
    let wv = DMatrix::from_column_slice(n, 1, &w_out).normalize();
    let want_out = expected(&s, &wv, 4, 64, k);
    // random unit v: E[v^T S v] = tr(S) / n
    let f = (4 * 63 * k) as f64 / (4 * 64 * k - 1) as f64;
    let want_rand = f * s.trace() / n as f64;
    // Statistical tolerance: 256 trials x 300 steps with a correlation time of about
    // 1 / (dt (1 - 0.5)) = 10 steps is about 7700 effective samples, so the variance along
    // one direction has a relative sd of about sqrt(2 / 7700) = 1.6%; allow 6%. The mean
    // over 4000 random directions adds well under 1%.
    for v in &res.var_output {
        assert!(
            (v / want_out - 1.0).abs() < 0.06,
            "output {v} vs {want_out}"
        );
    }
    let mean_rand = res.var_random.iter().sum::<f64>() / res.var_random.len() as f64;
    assert!(
        (mean_rand / want_rand - 1.0).abs() < 0.05,
        "random {mean_rand} vs {want_rand}"
    );
    approx::assert_relative_eq!(
        res.ratio_output_random,
        res.var_output.iter().sum::<f64>() / 10.0 / mean_rand,
        max_relative = 1e-12
    );
    assert_eq!(res.samples, 4 * 64 * 300);
}

#[test]
fn an_output_direction_cancelled_by_w_gets_only_one_step_of_noise() {
    // W = -((1 - dt) / dt) w w^T (w unit, symmetric) makes F w = 0: the component along w
    // is each step's fresh noise, variance dt sigma^2, while every u orthogonal to w decays
    // as (1 - dt) with stationary variance dt sigma^2 / (1 - (1 - dt)^2). Closed-form ratio
    // (random directions average over all n dimensions):
    // var_out / mean var_rand = 1 / ((1 + (n - 1) / (1 - (1 - dt)^2)) / n).
    let n = 10;
    let (dt, sigma) = (0.2, 0.5);
    let wv = DMatrix::from_column_slice(n, 1, &gaussian(n, 1.0, 8)).normalize();
    let w = &wv * wv.transpose() * (-(1.0 - dt) / dt);
    let net = linear_net(n, w.transpose().as_slice().to_vec(), wv.as_slice().to_vec());
    let eval = batch(4, 300, 1);
    let mut p = NoiseCompressionParams::paper(TaskKind::Cycling);
    p.noise = Noise {
        sigma_hid: sigma,
        sigma_init: 1.0,
    };
    p.window = Some((20.0, 60.0));
    p.repeats = 64;
    let res = noise_compression(&net, &eval, &p, 3).unwrap();
    let f = (4 * 63 * 200) as f64 / (4 * 64 * 200 - 1) as f64;
    let var_w = dt * sigma * sigma * f;
    // about 51000 independent samples along w: relative sd 0.6%
    for v in &res.var_output {
        assert!((v / var_w - 1.0).abs() < 0.03, "{v} vs {var_w}");
    }
    let ortho = 1.0 / (1.0 - (1.0 - dt) * (1.0 - dt));
    let want = n as f64 / (1.0 + (n as f64 - 1.0) * ortho);
    assert!(
        (res.ratio_output_random / want - 1.0).abs() < 0.06,
        "{} vs {want}",
        res.ratio_output_random
    );
}

fn kick_params(t_min: f64, t_max: f64) -> PerturbationParams {
    PerturbationParams {
        amplitude: 2.0,
        n_amplitudes: 5,
        t_min,
        t_max: WindowEnd::Fixed(t_max),
        n_times: 4,
        lead: 5.0,
        sigma_init: 1.0,
        pcs: 2,
        precision: Precision::F64,
    }
}

#[test]
fn a_kick_the_recurrence_ignores_decays_as_one_minus_dt_to_the_k() {
    // W = 0, W_out = I, no input: x_k = (1 - dt)^k x_0 and a kick a v at k_p adds
    // a (1 - dt)^(k - k_p) v. With the target set to the unperturbed output the loss is
    // a^2 sum_{masked k} (1 - dt)^(2 (k - k_p)) |v|^2 / (K_mask n).
    let n = 6;
    let mut eye = vec![0.0; n * n];
    (0..n).for_each(|i| eye[i * n + i] = 1.0);
    let mut net = linear_net(n, vec![0.0; n * n], eye);
    net.nonlinearity = Builtin::Tanh;
    let t = 150;
    let mut eval = TaskBatch::zeros(4, t, 1, n);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let base = simulate(
        &net,
        &eval,
        Noise {
            sigma_hid: 0.0,
            sigma_init: 1.0,
        },
        Precision::F64,
        &pool,
    );
    eval.target.copy_from_slice(&base.z);
    eval.mask.fill(1.0);
    let p = kick_params(5.0, 15.0);
    let res = perturbation(&net, &eval, &p, 9).unwrap();
    assert_eq!(res.steps, vec![25, 37, 50, 62]);
    assert_eq!(res.unperturbed_loss, 0.0);
    let k_loss = 100;
    for d in &res.directions {
        for (ti, &kp) in res.steps.iter().enumerate() {
            let decay: f64 = (k_loss..t).map(|k| 0.8f64.powi(2 * (k - kp) as i32)).sum();
            for (ai, &a) in res.amplitudes.iter().enumerate() {
                let want = a * a * decay / ((t - k_loss) * n) as f64;
                let got = d.loss[ti][ai];
                assert!(
                    (got - want).abs() <= 1e-9 * want.max(1e-300),
                    "{:?} {got} vs {want}",
                    d.kind
                );
            }
        }
    }
}

#[test]
fn a_subset_of_kinds_gives_the_same_losses_bit_for_bit() {
    let task = TaskKind::Cycling;
    let net = small_tanh_net(task, OutputScale::Large);
    let eval = task.batch(8, None, 2, 0, task.mask_step());
    let mut p = PerturbationParams::paper(task);
    p.n_amplitudes = 4;
    p.n_times = 3;
    let all = perturbation(&net, &eval, &p, 5).unwrap();
    let kinds = [DirectionKind::Pc, DirectionKind::WOut];
    let two = perturbation_of_kinds(&net, &eval, &p, 5, &kinds).unwrap();
    // in DirectionKind::ALL order, whatever the order asked for
    let got: Vec<_> = two.directions.iter().map(|d| d.kind).collect();
    assert_eq!(got, vec![DirectionKind::WOut, DirectionKind::Pc]);
    assert_eq!(two.directions[..], all.directions[..2]);
    assert_eq!(two.relative_susceptibility, all.relative_susceptibility);
    assert!(two.relative_susceptibility > 0.0);
    // without the PC kicks there is no ratio
    let one = perturbation_of_kinds(&net, &eval, &p, 5, &[DirectionKind::WOut]).unwrap();
    assert_eq!(one.directions.len(), 1);
    assert_eq!(one.relative_susceptibility, 0.0);
}

#[test]
fn amplitude_zero_gives_the_unperturbed_loss_and_threads_do_not_matter() {
    for task in [TaskKind::Cycling, TaskKind::Romo] {
        let net = small_tanh_net(task, OutputScale::Small);
        let eval = task.batch(8, None, 2, 0, task.mask_step());
        let mut p = PerturbationParams::paper(task);
        p.n_amplitudes = 4;
        p.n_times = 3;
        let run = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            pool.install(|| perturbation(&net, &eval, &p, 5).unwrap())
        };
        let (one, two) = (run(1), run(2));
        assert_eq!(one, two);
        for d in &one.directions {
            for l in &d.loss {
                assert_eq!(l[0], one.unperturbed_loss, "{task:?} {:?}", d.kind);
            }
            // a kick changes the loss
            assert_ne!(d.mean[3], d.mean[0], "{task:?} {:?}", d.kind);
        }
        // trial 0 is exactly along w_out,1 / |w_out,1|
        let w = &one.directions[0].directions[..net.n];
        let norm = net.w_out[..net.n].iter().map(|v| v * v).sum::<f64>().sqrt();
        for (a, b) in w.iter().zip(&net.w_out[..net.n]) {
            assert!((a - b / norm).abs() < 1e-14);
        }
    }
    let task = TaskKind::Mante;
    let net = small_tanh_net(task, OutputScale::Large);
    let eval = task.batch(8, None, 2, 0, 5);
    let mut p = NoiseCompressionParams::paper(task);
    p.n_random = 50;
    p.repeats = 4;
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| noise_compression(&net, &eval, &p, 5).unwrap())
    };
    assert_eq!(run(1), run(2));
}

#[test]
fn bad_parameters_are_refused_with_the_reason() {
    let task = TaskKind::Cycling;
    let net = small_tanh_net(task, OutputScale::Small);
    let eval = task.batch(4, None, 2, 0, 5);
    let mut p = NoiseCompressionParams::paper(task);
    p.conditions = 5;
    let e = noise_compression(&net, &eval, &p, 1)
        .unwrap_err()
        .to_string();
    assert!(e.contains("conditions = 5") && e.contains("1..=4"), "{e}");
    let short = task.batch(4, Some(60), 2, 0, 5);
    let e = perturbation(&net, &short, &PerturbationParams::paper(task), 1)
        .unwrap_err()
        .to_string();
    assert!(e.contains("end before the loss window"), "{e}");
}
