//! The generators against the definitions of paper-methods section 2.

use super::*;

fn batch(task: TaskKind, seed: u64) -> TaskBatch {
    task.batch(8, None, seed, 3, task.mask_step())
}

#[test]
fn shapes_and_mask_counts_per_trial() {
    // (task, steps, d_in, d_out, masked entries per trial); seeds outside the other tests
    let expect = [
        (TaskKind::Cycling, 360, 2, 2, 142),
        (TaskKind::Mante, 240, 4, 1, 43),
        (TaskKind::Romo, 145, 1, 1, 8),
        (TaskKind::ComplexSine, 250, 1, 1, 125),
        (TaskKind::Sine, 105, 1, 1, 21),
    ];
    for (task, n_t, d_in, d_out, count) in expect {
        for seed in [11, 12, 13] {
            let b = batch(task, seed);
            assert_eq!((b.n_t, b.d_in, b.d_out), (n_t, d_in, d_out), "{task:?}");
            assert_eq!(b.input.len(), 8 * n_t * d_in);
            for trial in 0..8 {
                assert_eq!(b.trial_mask_count(trial), count, "{task:?} trial {trial}");
            }
        }
    }
    // flip-flop: about 54-59 masked entries per trial (paper-methods 2.2)
    let b = TaskKind::Flipflop.batch(200, None, 21, 0, 5);
    assert_eq!((b.n_t, b.d_in, b.d_out), (125, 3, 3));
    let counts: Vec<usize> = (0..200).map(|t| b.trial_mask_count(t)).collect();
    let mean = counts.iter().sum::<usize>() as f64 / 200.0;
    assert!((50.0..62.0).contains(&mean), "mean flip-flop count {mean}");
    // masks only at multiples of mask_step
    for task in TaskKind::ALL {
        let b = batch(task, 5);
        for (row, m) in b.mask.chunks(b.d_out).enumerate() {
            if m.iter().any(|&v| v != 0.0) {
                assert_eq!((row % b.n_t) % task.mask_step(), 0, "{task:?}");
            }
        }
    }
}

#[test]
fn cycling_rotates_in_opposite_directions() {
    let b = batch(TaskKind::Cycling, 1);
    for trial in 0..2 {
        for k in 0..360 {
            let pulse = if k < 5 { 1.0 } else { 0.0 };
            assert_eq!(b.u(trial, k, trial), pulse);
            assert_eq!(b.u(trial, k, 1 - trial), 0.0);
        }
        // response onset at t = 1: z* = (0, 1); a quarter period (2.5 time units) later
        // (+-1, 0): even trials rotate one way, odd ones the other
        assert_eq!((b.y(trial, 5, 0), b.y(trial, 5, 1)), (0.0, 1.0));
        let sign = if trial == 0 { 1.0 } else { -1.0 };
        assert!(
            (b.y(trial, 5 + 25, 0) - 0.0).abs() < 1e-12
                && (b.y(trial, 5 + 25, 1) + 1.0).abs() < 1e-12
        );
        assert!(
            (b.y(trial, 5 + 12, 0) - sign * (2.0 * std::f64::consts::PI * 0.1 * 2.4).sin()).abs()
                < 1e-12
        );
        assert_eq!(b.m(trial, 0, 0), 0.0);
        assert_eq!(b.m(trial, 5, 0), 1.0);
        assert_eq!(b.m(trial, 355, 1), 1.0);
    }
}

#[test]
fn mante_follows_the_context() {
    let b = TaskKind::Mante.batch(64, None, 77, 0, 5);
    for trial in 0..64 {
        let ctx = if b.u(trial, 50, 0) == 1.0 { 0 } else { 1 };
        assert_eq!(b.u(trial, 50, 1 - ctx), 0.0);
        assert_eq!(
            (
                b.u(trial, 14, ctx),
                b.u(trial, 15, ctx),
                b.u(trial, 114, ctx),
                b.u(trial, 115, ctx)
            ),
            (0.0, 1.0, 1.0, 0.0)
        );
        // coherence of the attended channel: mean sensory input over the stimulus minus noise
        let mean: f64 = (15..115).map(|k| b.u(trial, k, 2 + ctx)).sum::<f64>() / 100.0;
        let coh = (mean * 8.0).round() / 8.0; // noise on the mean: 0.112/10 = 0.011
        assert!(
            [1.0, 0.5, 0.25, 0.125].contains(&coh.abs()),
            "coherence {coh}"
        );
        let sign = coh.signum();
        for k in 0..240 {
            let expect = if k >= 140 { sign } else { 0.0 };
            assert_eq!(b.y(trial, k, 0), expect);
            let masked = k % 5 == 0 && !(115..140).contains(&k);
            assert_eq!(b.m(trial, k, 0), if masked { 1.0 } else { 0.0 }, "k = {k}");
        }
    }
    // sensory noise: per-step std 0.05/sqrt(0.2) = 0.1118 outside the stimulus
    let outside: Vec<f64> = (0..64)
        .flat_map(|t| (120..240).map(move |k| (t, k)))
        .map(|(t, k)| b.u(t, k, 3))
        .collect();
    let sd = (outside.iter().map(|v| v * v).sum::<f64>() / outside.len() as f64).sqrt();
    assert!((sd - 0.1118).abs() < 0.004, "sensory noise sd {sd}"); // 7680 samples: SE 0.0009
}

#[test]
fn romo_compares_two_frequencies() {
    let b = TaskKind::Romo.batch(100, None, 78, 0, 5);
    for trial in 0..100 {
        let on: Vec<usize> = (0..145)
            .filter(|&k| b.u(trial, k, 0) != 0.0 && (k == 0 || b.u(trial, k - 1, 0) == 0.0))
            .collect();
        assert_eq!(on.len(), 2, "trial {trial}: two stimuli");
        let (f1, f2) = (b.u(trial, on[0], 0), b.u(trial, on[1], 0));
        assert!((0.5..1.5).contains(&f1) && (0.5..1.5).contains(&f2) && (f1 - f2).abs() >= 0.2);
        assert!((5..15).contains(&on[0]), "t_fix in [1, 3)");
        let gap = on[1] - on[0] - 5;
        assert!((10..60).contains(&gap), "delay in [2, 12)");
        let dec = on[1] + 5 + 20;
        for k in 0..145 {
            let inside = (dec..dec + 40).contains(&k);
            assert_eq!(
                b.y(trial, k, 0),
                if inside { (f1 - f2).signum() } else { 0.0 }
            );
        }
    }
}

#[test]
fn complex_sine_frequency_follows_the_input() {
    let b = batch(TaskKind::ComplexSine, 9);
    for trial in 0..8 {
        let a = b.u(trial, 0, 0) - 0.25;
        assert!((0.0..1.0).contains(&a) && b.u(trial, 249, 0) == a + 0.25);
        let f = 0.04 + 0.16 * a;
        for k in [0, 1, 77, 249] {
            let t = k as f64 * 0.2;
            assert!((b.y(trial, k, 0) - (2.0 * std::f64::consts::PI * f * t).sin()).abs() < 1e-12);
            assert_eq!(b.m(trial, k, 0), if k % 2 == 0 { 1.0 } else { 0.0 });
        }
    }
}

#[test]
fn flipflop_targets_hold_the_last_pulse() {
    let b = TaskKind::Flipflop.batch(50, None, 79, 0, 1);
    for trial in 0..50 {
        let mut pulses = Vec::new(); // (onset, channel, sign)
        for c in 0..3 {
            for k in 0..125 {
                let v = b.u(trial, k, c);
                if v != 0.0 && (k == 0 || b.u(trial, k - 1, c) == 0.0) {
                    assert!(v == 1.0 || v == -1.0);
                    pulses.push((k, c, v));
                }
            }
        }
        pulses.sort_by_key(|p| p.0);
        // first three pulses: each channel once, 11 steps apart, starting at t_fix < 1
        assert!(pulses[0].0 < 5);
        let first: Vec<usize> = pulses[..3].iter().map(|p| p.1).collect();
        assert!(first.contains(&0) && first.contains(&1) && first.contains(&2));
        assert_eq!(
            (pulses[1].0 - pulses[0].0, pulses[2].0 - pulses[1].0),
            (11, 11)
        );
        for w in pulses[2..].windows(2) {
            let gap = w[1].0 - w[0].0;
            assert!(
                (25..60).contains(&gap),
                "later gaps are int((U(3,10) + 2)/dt): {gap}"
            );
        }
        for c in 0..3 {
            for k in 0..125 {
                // the last pulse on channel c with onset + 10 <= k, unless another pulse on c is in its grace
                let last_any = pulses.iter().rfind(|p| p.1 == c && p.0 <= k);
                let expect = match last_any {
                    Some(&(on, _, s)) if k >= on + 10 => Some(s),
                    Some(&(on, _, _)) if k < on + 10 => None,
                    _ => None,
                };
                match expect {
                    Some(s) => assert_eq!(
                        (b.m(trial, k, c), b.y(trial, k, c)),
                        (1.0, s),
                        "trial {trial} ch {c} k {k}"
                    ),
                    None => assert_eq!(b.m(trial, k, c), 0.0, "trial {trial} ch {c} k {k}"),
                }
            }
        }
    }
}

#[test]
fn draws_are_reproducible_per_trial() {
    for task in TaskKind::ALL {
        let a = task.batch(4, None, 5, 9, 5);
        let b = task.batch(6, None, 5, 9, 5);
        let len = 4 * a.n_t * a.d_in;
        assert_eq!(
            a.input[..],
            b.input[..len],
            "{task:?}: trial draws do not depend on the batch size"
        );
        assert_eq!(a, task.batch(4, None, 5, 9, 5));
        if !matches!(task, TaskKind::Cycling | TaskKind::Sine) {
            assert_ne!(
                a.input,
                task.batch(4, None, 5, 10, 5).input,
                "{task:?}: a new draw differs"
            );
        }
    }
    assert_eq!(
        "complex-sine".parse::<TaskKind>(),
        Ok(TaskKind::ComplexSine)
    );
    assert!("cyclin"
        .parse::<TaskKind>()
        .unwrap_err()
        .contains("unknown task 'cyclin'"));
}
