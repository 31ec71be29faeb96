//! Training the four sine solutions and measuring them: loss curves, `|dW|`, the
//! correlation, the eigenvalues of `W`, the trajectory on [PC1, PC2, w_out orthogonal part]
//! and the losses with and without noise after training.

use super::setup::{Setup, SCENARIOS};
use nalgebra::{DMatrix, DVector};
use oblique_validate::regime::pca::{centre_columns, Spectrum};
use oblique_validate::rnn::network::{Noise, TaskNetwork};
use oblique_validate::rnn::presets::SineScenario;
use oblique_validate::rnn::record::{StepRecord, Trajectories};
use oblique_validate::rnn::tasks::{TaskBatch, TaskKind};
use oblique_validate::rnn::train::{eval_batch, Precision, TrainConfig, Trainer, EVAL_SEED};

/// One trained sine network and what is measured on it.
#[derive(Debug, Clone)]
pub struct SineRun {
    /// which solution
    pub scenario: SineScenario,
    /// gain of the initial `W`
    pub g: f64,
    /// per-step training record
    pub curve: Vec<StepRecord>,
    /// the oblique network's loss without noise during training, `(step, loss)` every
    /// [`PROBE_EVERY`] steps and after the last (empty for the noise-free solutions)
    pub probe: Vec<(usize, f64)>,
    /// `|W - W0|_F` after training
    pub dw_norm: f64,
    /// `gen_corr` of `w_out` with the trained noise-free states (t >= 10)
    pub corr: f64,
    /// eigenvalues of the trained `W` (re, im)
    pub eig: Vec<(f64, f64)>,
    /// noise-free output over the evaluation window
    pub z_clean: Vec<f64>,
    /// one noisy trial's output
    pub z_noisy: Vec<f64>,
    /// the initial network's noise-free output
    pub z_initial: Vec<f64>,
    /// noise-free trajectory projected on [PC1, PC2, w_out orthogonal part]
    pub proj: Vec<[f64; 3]>,
    /// the first [`SHOWN_NEURONS`] neurons' states `x_i(t)`: the trained network's
    /// noise-free run, the initial network's, and the trained network's noisy trial
    pub neurons: Neurons,
    /// `w_out` in that basis, scaled by sqrt(N) (large) or N (small)
    pub w_arrow: [f64; 3],
    /// loss on the training window without noise
    pub loss_clean: f64,
    /// loss on the training window with sigma_init = sigma_hid = 1
    pub loss_noisy: f64,
}

/// Steps between the noise-free probes of the oblique network's loss (Fig. 23A).
pub const PROBE_EVERY: usize = 5;

/// Neurons whose states Fig. 9 draws (the published figure shows four).
pub const SHOWN_NEURONS: usize = 4;

/// States of the first [`SHOWN_NEURONS`] neurons over the evaluation window.
#[derive(Debug, Clone, Default)]
pub struct Neurons {
    /// trained network, noise-free
    pub trained: Vec<[f64; SHOWN_NEURONS]>,
    /// initial network, noise-free
    pub initial: Vec<[f64; SHOWN_NEURONS]>,
    /// trained network, the noisy trial whose output is drawn
    pub noisy: Vec<[f64; SHOWN_NEURONS]>,
}

/// The first [`SHOWN_NEURONS`] neurons' states of trial `trial` of `tr`, step by step
/// (`x[(trial n_t + k) n + i]`; neurons past `tr.n` read 0).
pub fn first_neurons(tr: &Trajectories, trial: usize) -> Vec<[f64; SHOWN_NEURONS]> {
    (0..tr.n_t)
        .map(|k| {
            let row = (trial * tr.n_t + k) * tr.n;
            std::array::from_fn(|i| if i < tr.n { tr.x[row + i] } else { 0.0 })
        })
        .collect()
}

/// The evaluation noise of Fig. 9 (the oblique network's training noise).
pub const EVAL_NOISE: Noise = Noise {
    sigma_hid: 1.0,
    sigma_init: 1.0,
};

/// Masked mean squared error of the trajectories against the batch's targets.
pub fn masked_loss(tr: &Trajectories, batch: &TaskBatch) -> f64 {
    let (mut s, mut c) = (0.0, 0.0);
    for b in 0..tr.batch {
        for k in 0..tr.n_t {
            for o in 0..tr.d_out {
                let m = batch.m(b, k, o);
                if m != 0.0 {
                    let e = tr.z[(b * tr.n_t + k) * tr.d_out + o] - batch.y(b, k, o);
                    s += m * e * e;
                    c += m;
                }
            }
        }
    }
    if c > 0.0 {
        s / c
    } else {
        f64::NAN
    }
}

/// An orthonormal basis [PC1, PC2, part of `w_out` orthogonal to both] of neuron space
/// (PCA of `states`, samples x neurons), and the mean of the states.
pub fn projection_basis(states: &DMatrix<f64>, w_out: &[f64]) -> ([DVector<f64>; 3], DVector<f64>) {
    let mean = DVector::from_iterator(states.ncols(), states.column_iter().map(|c| c.mean()));
    let spec = Spectrum::of_centred(&centre_columns(states));
    let e1 = spec.vectors.column(0).into_owned();
    let e2 = spec.vectors.column(1).into_owned();
    let w = DVector::from_column_slice(w_out);
    let mut e3 = &w - &e1 * e1.dot(&w) - &e2 * e2.dot(&w);
    let norm = e3.norm();
    if norm > 0.0 {
        e3 /= norm;
    }
    ([e1, e2, e3], mean)
}

/// Projects the rows of `states` (centred by `mean`) on `basis`.
pub fn project(
    states: &DMatrix<f64>,
    basis: &[DVector<f64>; 3],
    mean: &DVector<f64>,
) -> Vec<[f64; 3]> {
    states
        .row_iter()
        .map(|r| {
            let c = r.transpose() - mean;
            [basis[0].dot(&c), basis[1].dot(&c), basis[2].dot(&c)]
        })
        .collect()
}

/// Trains the four solutions: the noise-free ones (batch 1, one thread each) one after the
/// other beside the noisy one (batch 64, two threads). Each network is the same whatever
/// runs beside it; on two cores this keeps both busy (37.7 s for `reproduce fig9` when the
/// noise-free ones ran two at a time first, 34.8 s so).
pub fn train_all(s: &Setup, seed: u64) -> Vec<anyhow::Result<SineRun>> {
    let pb = crate::reproduce::progress::bar(4, "fig9: training the sine networks");
    let train = |sc, threads| {
        let r = train_one(s, sc, seed, threads);
        pb.inc(1);
        r
    };
    // plain threads, not rayon tasks (each trainer has a pool of its own; see fig02)
    let (mut out, noisy) = std::thread::scope(|scope| {
        let clean = scope.spawn(|| SCENARIOS[..3].iter().map(|&sc| train(sc, 1)).collect());
        let noisy = train(SineScenario::Oblique, 2);
        let clean: Vec<_> = clean
            .join()
            .unwrap_or_else(|e| std::panic::resume_unwind(e));
        (clean, noisy)
    });
    out.push(noisy);
    pb.finish_and_clear();
    out
}

/// Trains one solution and measures it.
pub fn train_one(
    s: &Setup,
    sc: SineScenario,
    seed: u64,
    threads: usize,
) -> anyhow::Result<SineRun> {
    let preset = s.preset(sc);
    let mut cfg = TrainConfig::new(preset);
    cfg.seed = seed;
    cfg.threads = threads;
    cfg.corr_every = 50;
    cfg.precision = Precision::F32;
    let mut run = Trainer::new(cfg)?;
    let mut curve = Vec::with_capacity(preset.steps);
    let probe_trial = (sc == SineScenario::Oblique).then(one_trial);
    let mut probe = Vec::new();
    for step in 0..preset.steps {
        curve.push(run.step()?);
        let due = (step + 1) % PROBE_EVERY == 0 || step + 1 == preset.steps;
        if let Some(b) = probe_trial.as_ref().filter(|_| due) {
            let tr = run.simulate(&run.net, b, Noise::NONE);
            probe.push((step + 1, masked_loss(&tr, b)));
        }
    }
    let mut r = measure(s, sc, preset.g, curve, &run)?;
    r.probe = probe;
    Ok(r)
}

/// The one noise-free trial of the training window on which the losses are probed.
fn one_trial() -> TaskBatch {
    TaskKind::Sine.batch(1, None, EVAL_SEED, 0, TaskKind::Sine.mask_step())
}

fn w_matrix(net: &TaskNetwork) -> DMatrix<f64> {
    DMatrix::from_row_slice(net.n, net.n, &net.w)
}

fn measure(
    s: &Setup,
    sc: SineScenario,
    g: f64,
    curve: Vec<StepRecord>,
    run: &Trainer,
) -> anyhow::Result<SineRun> {
    let net = &run.net;
    let n = net.n;
    let one = TaskKind::Sine.batch(
        1,
        Some(s.eval_steps),
        EVAL_SEED,
        0,
        TaskKind::Sine.mask_step(),
    );
    let clean = run.simulate(net, &one, Noise::NONE);
    let initial = run.simulate(&run.net0, &one, Noise::NONE);
    let mut p = run.cfg.preset;
    p.batch = s.eval_trials;
    let many = eval_batch(&p, Some(s.eval_steps));
    let noisy = run.simulate(net, &many, EVAL_NOISE);
    let states = DMatrix::from_row_slice(clean.n_t, n, &clean.x);
    let (basis, mean) = projection_basis(&states, &net.w_out);
    let scale = match p.output_scale {
        oblique_validate::rnn::init::OutputScale::Large => (n as f64).sqrt(),
        oblique_validate::rnn::init::OutputScale::Small => n as f64,
    };
    let w = DVector::from_column_slice(&net.w_out) * scale;
    let eig = w_matrix(net)
        .complex_eigenvalues()
        .iter()
        .map(|c| (c.re, c.im))
        .collect();
    let dw = (w_matrix(net) - w_matrix(&run.net0)).norm();
    Ok(SineRun {
        scenario: sc,
        g,
        dw_norm: dw,
        corr: run.correlation(),
        eig,
        z_clean: clean.z.clone(),
        z_noisy: noisy.z[..noisy.n_t].to_vec(),
        z_initial: initial.z.clone(),
        proj: project(&states, &basis, &mean),
        neurons: Neurons {
            trained: first_neurons(&clean, 0),
            initial: first_neurons(&initial, 0),
            noisy: first_neurons(&noisy, 0),
        },
        w_arrow: [basis[0].dot(&w), basis[1].dot(&w), basis[2].dot(&w)],
        loss_clean: masked_loss(&clean, &one),
        loss_noisy: masked_loss(&noisy, &many),
        curve,
        probe: Vec::new(),
    })
}

#[cfg(test)]
impl SineRun {
    /// A run with no training record, zero outputs on `n_t` steps and a straight
    /// projection (`[k, 0, 0]`), for the tests of the rows and figures.
    pub fn blank(scenario: SineScenario, n_t: usize) -> SineRun {
        SineRun {
            scenario,
            g: 1.5,
            curve: Vec::new(),
            probe: Vec::new(),
            dw_norm: 0.0,
            corr: 0.0,
            eig: Vec::new(),
            z_clean: vec![0.0; n_t],
            z_noisy: vec![0.0; n_t],
            z_initial: vec![0.0; n_t],
            proj: (0..n_t).map(|k| [k as f64, 0.0, 0.0]).collect(),
            neurons: Neurons {
                trained: Vec::new(),
                initial: Vec::new(),
                noisy: Vec::new(),
            },
            w_arrow: [1.0, 2.0, 3.0],
            loss_clean: 0.0,
            loss_noisy: 0.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_basis_is_orthonormal_and_spans_w_out() {
        // states on an ellipse in neurons 0 and 1 plus a small third direction
        let n = 5;
        let states = DMatrix::from_fn(40, n, |r, c| {
            let a = 2.0 * std::f64::consts::PI * r as f64 / 40.0;
            match c {
                0 => 3.0 * a.cos() + 1.0,
                1 => 2.0 * a.sin(),
                2 => 0.1 * (2.0 * a).sin(),
                _ => 0.0,
            }
        });
        let w = [0.2, -0.4, 0.1, 0.7, 0.5];
        let (b, mean) = projection_basis(&states, &w);
        for i in 0..3 {
            for j in 0..3 {
                let d = b[i].dot(&b[j]);
                assert!(
                    (d - if i == j { 1.0 } else { 0.0 }).abs() < 1e-12,
                    "{i}{j}: {d}"
                );
            }
        }
        // PC1 is neuron 0 (variance 4.5 against 2), PC2 neuron 1
        assert!((b[0][0].abs() - 1.0).abs() < 1e-6 && (b[1][1].abs() - 1.0).abs() < 1e-6);
        // w_out lies in the span of the three vectors
        let wv = DVector::from_column_slice(&w);
        let back = &b[0] * b[0].dot(&wv) + &b[1] * b[1].dot(&wv) + &b[2] * b[2].dot(&wv);
        assert!((back - &wv).norm() < 1e-12);
        // the mean is removed before projecting: the projections average to zero
        let p = project(&states, &b, &mean);
        let m0: f64 = p.iter().map(|q| q[0]).sum::<f64>() / p.len() as f64;
        assert!(m0.abs() < 1e-12);
    }

    #[test]
    fn the_first_neurons_are_read_trial_by_trial() {
        // 2 trials, 3 steps, 5 neurons: x = 100 trial + 10 step + neuron
        let x = (0..2)
            .flat_map(|b| {
                (0..3).flat_map(move |k| (0..5).map(move |i| (100 * b + 10 * k + i) as f64))
            })
            .collect();
        let tr = Trajectories {
            batch: 2,
            n_t: 3,
            n: 5,
            d_out: 1,
            x,
            z: vec![0.0; 6],
        };
        let v = first_neurons(&tr, 1);
        assert_eq!(
            v,
            vec![
                [100., 101., 102., 103.],
                [110., 111., 112., 113.],
                [120., 121., 122., 123.]
            ]
        );
        // fewer neurons than shown: the rest read 0
        let small = Trajectories {
            n: 2,
            x: vec![1.0, 2.0],
            n_t: 1,
            batch: 1,
            d_out: 1,
            z: vec![0.0],
        };
        assert_eq!(first_neurons(&small, 0), vec![[1.0, 2.0, 0.0, 0.0]]);
    }

    #[test]
    fn masked_loss_is_the_mean_over_masked_entries() {
        let batch = TaskKind::Sine.batch(2, Some(12), 1, 0, 5);
        // z = target + 0.5 everywhere: every masked entry contributes 0.25
        let z: Vec<f64> = batch.target.iter().map(|y| y + 0.5).collect();
        let tr = Trajectories {
            batch: 2,
            n_t: 12,
            n: 1,
            d_out: 1,
            x: vec![0.0; 24],
            z,
        };
        assert!((masked_loss(&tr, &batch) - 0.25).abs() < 1e-15);
    }
}
