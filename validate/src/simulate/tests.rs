use super::*;
use crate::network::{RankTwoParams, DEFAULT_DT};
use nalgebra::{DVector, Matrix2};
use oblique_theory::nonlinearity::Builtin;

fn net(n: usize, g: f64, sigma: f64) -> RankTwoNetwork {
    let p = RankTwoParams::new(n, Matrix2::new(1.9, 0.4, -0.3, -5.0))
        .with_g(g)
        .with_noise(sigma);
    RankTwoNetwork::from_seed(&p, 11).unwrap()
}

fn cfg(batch: usize, steps: usize) -> SimConfig {
    SimConfig {
        batch,
        steps,
        input: Input::Pulse(
            (0..batch)
                .map(|b| if b % 2 == 0 { 5.0 } else { -5.0 })
                .collect(),
        ),
        init: InitialState::Zero,
        seed: 3,
    }
}

#[test]
fn one_noiseless_step_matches_the_euler_formula() {
    // sigma = 0: x1 = (1 - dt) x0 + dt (W phi(x0) + w_in u0), with statrs's erf as the oracle
    let net = net(16, 0.0, 0.0);
    let x0 = DMatrix::from_fn(16, 2, |i, j| ((i + 3 * j) as f64 * 0.7).sin());
    let c = SimConfig {
        batch: 2,
        steps: 1,
        input: Input::PerTrial(DMatrix::from_row_slice(1, 2, &[0.5, -2.0])),
        init: InitialState::State(x0.clone()),
        seed: 1,
    };
    let tr = simulate_rank_two(&net, &c).unwrap();
    let w = net.dense_w();
    for b in 0..2 {
        let phi = x0
            .column(b)
            .map(|v| statrs::function::erf::erf(0.886_226_925_452_758 * v));
        let u = [0.5, -2.0][b];
        let want = x0.column(b) * (1.0 - DEFAULT_DT) + (&w * phi + &net.w_in * u) * DEFAULT_DT;
        assert!((tr.final_state.column(b) - &want).amax() < 1e-10);
        assert!((tr.outputs[(1, b)] - net.w_out.dot(&want)).abs() < 1e-10);
        let kap = net.kappa(&want);
        let lat = tr.latents.as_ref().unwrap();
        assert!((lat.kappa1[(1, b)] - kap[0]).abs() < 1e-10);
        assert!((lat.kappa2[(1, b)] - kap[1]).abs() < 1e-10);
    }
}

#[test]
fn low_rank_and_dense_paths_agree_with_the_same_noise() {
    let net = net(48, 0.0, 1.0);
    let c = cfg(10, 60);
    let a = simulate_rank_two(&net, &c).unwrap();
    let b = simulate_rank_two_dense(&net, &c).unwrap();
    let d = (&a.final_state - &b.final_state).amax();
    assert!(d < 1e-9, "paths differ by {d}");
    assert!((&a.outputs - &b.outputs).amax() < 1e-9);
    let (la, lb) = (a.latents.unwrap(), b.latents.unwrap());
    assert!((&la.kappa1 - &lb.kappa1).amax() < 1e-10);
    // and a full network built from it too
    let full = FullNetwork::from(&net);
    let f = simulate_full(&full, &c).unwrap();
    assert!((&f.final_state - &a.final_state).amax() < 1e-9);
    assert!(f.latents.is_none());
}

#[test]
fn results_do_not_depend_on_the_number_of_threads() {
    let run = |threads: usize, g: f64| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| simulate_rank_two(&net(40, g, 1.0), &cfg(19, 30)).unwrap())
    };
    assert_eq!(run(1, 0.0), run(3, 0.0));
    assert_eq!(run(1, 0.6), run(2, 0.6));
    let other = SimConfig {
        seed: 4,
        ..cfg(19, 30)
    };
    assert_ne!(
        simulate_rank_two(&net(40, 0.0, 1.0), &other).unwrap(),
        run(1, 0.0)
    );
}

#[test]
fn unconnected_units_have_the_euler_maruyama_stationary_variance() {
    // M = 0: x <- (1-dt) x + sqrt(2 dt) sigma xi, stationary variance
    // sigma^2 / (1 - dt/2) = 1.1111 for sigma = 1, dt = 0.2 (continuous time: sigma^2).
    // 64 units x 64 trials x 50 samples spaced 10 steps apart (correlation 0.8^10 = 0.11):
    // ~2e5 nearly independent samples, relative standard error of the variance ~0.3%;
    // tolerance 2% (more than 5 standard errors).
    let p = RankTwoParams::new(64, Matrix2::zeros());
    let net = RankTwoNetwork::from_seed(&p, 2).unwrap();
    let c = SimConfig {
        batch: 64,
        steps: 600,
        input: Input::Zero,
        init: InitialState::Zero,
        seed: 9,
    };
    let mut sum2 = 0.0;
    let mut count = 0.0;
    let mut zsum2 = 0.0;
    for rep in 0..50 {
        let c = SimConfig {
            seed: 100 + rep,
            steps: 60,
            ..c.clone()
        };
        let tr = simulate_rank_two(&net, &c).unwrap();
        sum2 += tr.final_state.norm_squared();
        count += (64 * 64) as f64;
        zsum2 += tr.outputs.row(60).norm_squared();
    }
    let want = 1.0 / (1.0 - 0.1);
    assert!((sum2 / count / want - 1.0).abs() < 0.02, "{}", sum2 / count);
    // z = w_out . x with |w_out| = 1: same variance; 50 x 64 samples, rel. s.e. 2.5%, tol 12%
    assert!(
        (zsum2 / 3200.0 / want - 1.0).abs() < 0.12,
        "{}",
        zsum2 / 3200.0
    );
}

#[test]
fn linear_network_relaxes_to_the_fixed_point() {
    // identity phi, sigma = 0, constant input: x -> (I - W)^-1 w_in u (theory notes section 5)
    let n = 12;
    let w = DMatrix::from_fn(n, n, |i, j| {
        0.3 * ((i * 7 + j * 3) as f64).cos() / (n as f64).sqrt()
    });
    let w_in = DVector::from_fn(n, |i, _| (i as f64).sin());
    let w_out = DVector::from_fn(n, |i, _| if i == 0 { 1.0 } else { 0.0 });
    let net =
        FullNetwork::new(w.clone(), w_in.clone(), w_out, 0.0, Builtin::Identity, 0.2).unwrap();
    let c = SimConfig {
        batch: 1,
        steps: 400,
        input: Input::Constant(2.0),
        init: InitialState::Zero,
        seed: 0,
    };
    let tr = simulate_full(&net, &c).unwrap();
    let want = (DMatrix::identity(n, n) - w)
        .lu()
        .solve(&(w_in * 2.0))
        .unwrap();
    assert!((tr.final_state.column(0) - &want).amax() < 1e-10);
    assert!((tr.outputs[(400, 0)] - want[0]).abs() < 1e-10);
}

#[test]
fn bad_configurations_get_exact_messages() {
    let n = net(8, 0.0, 1.0);
    let e = |c: SimConfig| simulate_rank_two(&n, &c).unwrap_err().to_string();
    assert_eq!(e(cfg(0, 5)), "batch = 0: the batch size must be at least 1");
    let c = SimConfig {
        input: Input::PerStep(vec![0.0; 4]),
        ..cfg(2, 5)
    };
    assert_eq!(e(c), "input sequence has length 4, expected 5");
    let c = SimConfig {
        input: Input::Constant(f64::NAN),
        ..cfg(2, 5)
    };
    assert_eq!(
        e(c),
        "input u = NaN is not finite: it must be a finite number"
    );
    let c = SimConfig {
        init: InitialState::Latent(vec![Vector2::zeros()]),
        ..cfg(2, 5)
    };
    assert_eq!(e(c), "initial latents has length 1, expected 2");
    let c = SimConfig {
        init: InitialState::State(DMatrix::zeros(8, 3)),
        ..cfg(2, 5)
    };
    assert_eq!(e(c), "initial state is 8 x 3, expected N x batch = 8 x 2");
    let full = FullNetwork::from(&n);
    let c = SimConfig {
        init: InitialState::Latent(vec![Vector2::zeros(); 2]),
        ..cfg(2, 5)
    };
    assert_eq!(
        simulate_full(&full, &c).unwrap_err().to_string(),
        "a latent initial state needs a rank-two network (U); give the full state instead"
    );
}

#[test]
fn latent_initial_state_places_trials_at_u_kappa() {
    let n = net(32, 0.0, 0.0);
    let k = vec![Vector2::new(0.7, -0.2), Vector2::new(-0.7, 0.2)];
    let c = SimConfig {
        init: InitialState::Latent(k),
        input: Input::Zero,
        ..cfg(2, 0)
    };
    let tr = simulate_rank_two(&n, &c).unwrap();
    let lat = tr.latents.unwrap();
    assert!((lat.kappa1[(0, 0)] - 0.7).abs() < 1e-12 && (lat.kappa2[(0, 1)] - 0.2).abs() < 1e-12);
    assert!((tr.outputs[(0, 0)] - 0.7 * 32f64.sqrt()).abs() < 1e-12);
}
