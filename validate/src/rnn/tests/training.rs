//! Whole training runs: reproducibility across threads, refused configurations,
//! divergence, the aligned and oblique regimes, and f32 against f64 across seeds.

use crate::rnn::init::OutputScale;
use crate::rnn::presets;
use crate::rnn::tasks::TaskKind;
use crate::rnn::train::{TrainConfig, Trainer};

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
    assert!(matches!(e, crate::rnn::RnnError::Diverged { .. }), "{e}");
    assert!(e.to_string().contains("diverged at step"));
    assert!(run.net.validate().is_ok(), "the last good network is kept");
}

#[test]
fn an_initial_network_that_overflows_names_g_and_noise() {
    // g = 1e300: W phi overflows in the first forward pass, before any update
    let mut cfg = tiny_config(TaskKind::Romo, 1);
    cfg.preset.g = 1e300;
    let e = Trainer::new(cfg).unwrap().step().unwrap_err();
    assert_eq!(
        e.to_string(),
        "training diverged at step 0: the initial network's loss is NaN before any update \
         (its activity overflows; lower --g or --noise)"
    );
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
    use crate::rnn::train::Precision;
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
