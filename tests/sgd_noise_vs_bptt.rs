//! The gradient noise of one trial (`oblique_theory::linear::gradient_noise`, Eqs. L31-L34
//! of theory/notes/linear.md) against the per-trial gradients of the full N x N BPTT of
//! `oblique-validate`: a second, independent method (simulated trials, dense `W`, the
//! training's own backward pass), projected on the rank-two basis.

use nalgebra::{DMatrix, Matrix2};
use oblique_theory::linear::{gradient_noise, BatchWindow, GradientNoise, LinearTask};
use oblique_validate::network::FullNetwork;
use oblique_validate::tasks::ConstantInputTask;
use oblique_validate::train::{LinearBptt, TrialBatch};

/// Gradients with respect to M of single trials, column-major (m11, m21, m12, m22).
type Gradients = Vec<[f64; 4]>;

/// The network: N = 16, W = U M U^T with U = (w_out, the part of w_in orthogonal to it)
/// normalised; returns it with U and M.
fn network_in_subspace(n: usize, dt: f64) -> (FullNetwork, DMatrix<f64>, Matrix2<f64>) {
    let mut net = FullNetwork::linear_from_seed(n, -0.5, 1.0, dt, 3).unwrap();
    let e1 = net.w_out.normalize();
    let e2 = (&net.w_in - &e1 * e1.dot(&net.w_in)).normalize();
    let u = DMatrix::from_columns(&[e1.clone(), e2.clone()]);
    let m = Matrix2::new(-0.8, 0.3, -0.1, 0.05);
    let m_dyn = DMatrix::from_row_slice(2, 2, &[m[(0, 0)], m[(0, 1)], m[(1, 0)], m[(1, 1)]]);
    net.w = &u * m_dyn * u.transpose();
    (net, u, m)
}

/// `trials` single-trial BPTT gradients, projected on U: dl/dM = U^T dl/dW U.
fn simulated_gradients(net: &FullNetwork, u: &DMatrix<f64>, dt: f64, trials: usize) -> Gradients {
    // 30 Euler steps, scored from step 20 (t = 4) on
    let task = ConstantInputTask {
        z: 1.0,
        u: 1.0,
        dt,
        t_max: 6.0,
        t_target: 4.0,
    };
    let one = TrialBatch::constant_input(&task, 1).unwrap();
    let mut bptt = LinearBptt::new(net).unwrap();
    (0..trials)
        .map(|k| {
            let pass = bptt.loss_and_grad(&net.w, &one, 7, k as u64).unwrap();
            let p = u.transpose() * &pass.grad * u; // dl/dM
            [p[(0, 0)], p[(1, 0)], p[(0, 1)], p[(1, 1)]] // column-major, as the theory
        })
        .collect()
}

/// The theory's gradient noise of one trial over the same window (Eqs. L31-L34).
fn predicted_noise(n: usize, dt: f64, m: &Matrix2<f64>) -> GradientNoise {
    gradient_noise(
        &LinearTask {
            n,
            rho_sqrt_n: -0.5,
            sigma: 1.0,
            target: 1.0,
        },
        m,
        &BatchWindow {
            dt,
            steps: 30,
            first_target: 20,
            target_every: 1,
            batch: 1,
        },
    )
    .unwrap()
}

/// The sample mean of each entry and the sample covariance of two entries.
struct Sample<'a> {
    g: &'a Gradients,
    mean: Vec<f64>,
}

impl<'a> Sample<'a> {
    fn new(g: &'a Gradients) -> Self {
        let nt = g.len() as f64;
        let mean = (0..4)
            .map(|a| g.iter().map(|x| x[a]).sum::<f64>() / nt)
            .collect();
        Sample { g, mean }
    }

    fn cov(&self, a: usize, b: usize) -> f64 {
        let nt = self.g.len() as f64;
        self.g
            .iter()
            .map(|x| (x[a] - self.mean[a]) * (x[b] - self.mean[b]))
            .sum::<f64>()
            / (nt - 1.0)
    }
}

/// Means within 4 standard errors and variances within 6% of the theory.
fn check_means_and_variances(s: &Sample, theory: &GradientNoise) {
    let nt = s.g.len() as f64;
    for (a, &sim_mean) in s.mean.iter().enumerate() {
        let th_mean = theory.mean[(a % 2, a / 2)];
        let var = theory.cov[(a, a)];
        // the sample mean is within 4 standard errors of the predicted mean
        let se = (var / nt).sqrt();
        assert!(
            (sim_mean - th_mean).abs() < 4.0 * se,
            "mean {a}: sim {sim_mean} theory {th_mean} (se {se})"
        );
        // sample variance: relative standard error about sqrt(2 / trials) ~ 1% for a
        // Gaussian, larger for these quadratic forms; 6% is 4-5 of them
        let v = s.cov(a, a);
        eprintln!(
            "entry {a}: mean sim {:.5} theory {th_mean:.5}; var sim {v:.5} theory {var:.5}",
            s.mean[a]
        );
        assert!(
            (v / var - 1.0).abs() < 0.06,
            "var {a}: sim {v} theory {var}"
        );
    }
}

/// Correlations: standard error below 1/sqrt(trials) = 0.007; allow 0.03.
fn check_correlations(s: &Sample, theory: &GradientNoise) {
    for a in 0..4 {
        for b in a + 1..4 {
            let th = theory.cov[(a, b)] / (theory.cov[(a, a)] * theory.cov[(b, b)]).sqrt();
            let sim = s.cov(a, b) / (s.cov(a, a) * s.cov(b, b)).sqrt();
            assert!(
                (sim - th).abs() < 0.03,
                "corr {a} {b}: sim {sim} theory {th}"
            );
        }
    }
}

#[test]
fn per_trial_gradients_have_the_predicted_mean_and_covariance() {
    let (n, dt) = (16, 0.2);
    let (net, u, m) = network_in_subspace(n, dt);
    let g = simulated_gradients(&net, &u, dt, 20_000);
    let theory = predicted_noise(n, dt, &m);
    let sample = Sample::new(&g);
    check_means_and_variances(&sample, &theory);
    check_correlations(&sample, &theory);
}
