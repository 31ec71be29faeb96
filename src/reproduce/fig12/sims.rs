//! The fixed-M simulations of Fig. 12: `networks` draws of U per lambda+, averaged, with
//! their standard errors.

use super::figure::{Fig12Point, PointTheory};
use super::setup::{Measured, Setup};
use nalgebra::Vector2;
use oblique_validate::network::{RankTwoNetwork, RankTwoParams};
use oblique_validate::simulate::{simulate_rank_two, InitialState, Input, SimConfig, Trajectory};

/// Simulates one lambda+ (`oblique_validate::simulate`): symmetric M at the theory's
/// bias-zero angle, half the trials started at +kappa_bar and half at -kappa_bar, no input;
/// statistics over t >= t_stats, conditioned on the starting fixed point.
pub fn simulate(
    s: &Setup,
    lp: f64,
    th: &PointTheory,
    kbar: [f64; 2],
    seed: u64,
) -> anyhow::Result<(Fig12Point, Measured)> {
    let mut first = None;
    let mut all = Vec::new();
    for r in 0..s.networks.max(1) as u64 {
        let (p, m) = simulate_one(
            s,
            lp,
            th,
            kbar,
            seed.wrapping_add(r.wrapping_mul(0x9E37_79B9)),
        )?;
        first.get_or_insert(p);
        all.push(m);
    }
    let k = all.len() as f64;
    let mean = |f: fn(&Measured) -> f64| all.iter().map(f).sum::<f64>() / k;
    let se = |f: fn(&Measured) -> f64| {
        let m = mean(f);
        if all.len() < 2 {
            0.0
        } else {
            (all.iter().map(|x| (f(x) - m).powi(2)).sum::<f64>() / (k - 1.0) / k).sqrt()
        }
    };
    let measured = Measured {
        kappa_norm: mean(|m| m.kappa_norm),
        rho: mean(|m| m.rho),
        l_var: mean(|m| m.l_var),
        l_bias: mean(|m| m.l_bias),
        se: (se(|m| m.kappa_norm), se(|m| m.l_var)),
    };
    Ok((first.expect("at least one network"), measured))
}

/// +1 for the trials started at +kappa_bar (even index), -1 for those at -kappa_bar.
fn sign(b: usize) -> f64 {
    if b.is_multiple_of(2) {
        1.0
    } else {
        -1.0
    }
}

/// Bins of the output histograms of panels H-J.
const BINS: usize = 60;

/// Per-condition sums over the statistics window t >= t_stats (condition 0: trials started
/// at +kappa_bar, 1: at -kappa_bar), with every output and a thinned latent cloud.
#[derive(Default)]
struct Window {
    kappa_sum: [[f64; 2]; 2],
    z_sum: [f64; 2],
    z_sq: [f64; 2],
    count: [usize; 2],
    zs: [Vec<f64>; 2],
    clouds: [Vec<(f64, f64)>; 2],
}

/// Simulates one network (one draw of U) at one lambda+ from +-kappa_bar, no input.
fn simulate_network(
    s: &Setup,
    lp: f64,
    th: &PointTheory,
    kbar: [f64; 2],
    seed: u64,
) -> anyhow::Result<Trajectory> {
    let m = RankTwoParams::symmetric_m(lp, s.lambda_minus, th.rho);
    let params = RankTwoParams::new(s.n, m).with_noise(s.noise).with_dt(s.dt);
    let net = RankTwoNetwork::from_seed(&params, seed)?;
    let init: Vec<Vector2<f64>> = (0..s.batch)
        .map(|b| Vector2::new(kbar[0], kbar[1]) * sign(b))
        .collect();
    let cfg = SimConfig {
        batch: s.batch,
        steps: steps(s),
        input: Input::Zero,
        init: InitialState::Latent(init),
        seed: seed ^ 0x5eed,
    };
    Ok(simulate_rank_two(&net, &cfg)?)
}

/// The number of Euler steps of a trial.
fn steps(s: &Setup) -> usize {
    (s.t_max / s.dt).round() as usize
}

/// Latent points kept per condition for the clouds of panels E-G: dense enough to show
/// each cloud's shape, few enough that `fig12.svg` and `fig12_clouds.csv` stay small (every
/// point is drawn and written; the statistics use every sample, not these).
const CLOUD_POINTS: usize = 1500;

/// Sums the latents and outputs of the statistics window per condition, keeping about
/// [`CLOUD_POINTS`] latent points per condition for the clouds.
fn collect_window(s: &Setup, traj: &Trajectory) -> anyhow::Result<Window> {
    let lat = traj
        .latents
        .as_ref()
        .ok_or_else(|| anyhow::anyhow!("the simulation returned no latents"))?;
    let steps = steps(s);
    let k0 = ((s.t_stats / s.dt) - 1e-9).ceil() as usize;
    let mut w = Window::default();
    let total = (steps + 1 - k0.min(steps + 1)) * s.batch;
    let stride = (total / 2 / CLOUD_POINTS).max(1);
    let mut idx = [0usize; 2];
    for k in k0..=steps {
        for b in 0..s.batch {
            let c = b % 2;
            let (k1, k2) = (lat.kappa1[(k, b)], lat.kappa2[(k, b)]);
            let z = traj.outputs[(k, b)];
            w.kappa_sum[c][0] += k1;
            w.kappa_sum[c][1] += k2;
            w.z_sum[c] += z;
            w.z_sq[c] += z * z;
            w.count[c] += 1;
            w.zs[c].push(z);
            if idx[c] % stride == 0 {
                w.clouds[c].push((k1, k2));
            }
            idx[c] += 1;
        }
    }
    Ok(w)
}

/// L_var, L_bias, |kappa_bar| and rho of one network from its window sums (the -
/// condition flipped onto the + one), and the two conditions' mean outputs.
fn measure(s: &Setup, w: &Window) -> (Measured, [f64; 2]) {
    let mut l_var = 0.0;
    let mut l_bias = 0.0;
    let zmean: [f64; 2] = std::array::from_fn(|c| w.z_sum[c] / w.count[c].max(1) as f64);
    let mut kc = [0.0f64; 2];
    for (c, &zm) in zmean.iter().enumerate() {
        let n = w.count[c].max(1) as f64;
        l_var += 0.5 * (w.z_sq[c] / n - zm * zm) * n / (n - 1.0).max(1.0);
        l_bias += 0.5 * (zm - sign(c) * s.target).powi(2);
        // the two conditions' mean latents, the - condition flipped
        kc[0] += 0.5 * sign(c) * w.kappa_sum[c][0] / n;
        kc[1] += 0.5 * sign(c) * w.kappa_sum[c][1] / n;
    }
    let kappa_norm = (kc[0] * kc[0] + kc[1] * kc[1]).sqrt();
    let rho = if kappa_norm > 0.0 {
        kc[0].abs() / kappa_norm
    } else {
        f64::NAN
    };
    let measured = Measured {
        kappa_norm,
        rho,
        l_var,
        l_bias,
        se: (0.0, 0.0),
    };
    (measured, zmean)
}

/// The bin edges of the output histograms, on a grid common to both conditions.
fn histogram_edges(zs: &[Vec<f64>; 2]) -> Vec<f64> {
    let zmax = zs.iter().flatten().fold(3.0f64, |a, b| a.max(b.abs()));
    let edge = (zmax * 1.05).ceil().min(8.0);
    (0..=BINS)
        .map(|i| -edge + 2.0 * edge * i as f64 / BINS as f64)
        .collect()
}

/// Counts of `v` in the bins of the symmetric grid ending at `edge`.
fn histogram_counts(v: &[f64], edge: f64) -> Vec<f64> {
    let mut h = vec![0.0; BINS];
    for z in v {
        let i = ((z + edge) / (2.0 * edge) * BINS as f64).floor();
        if i >= 0.0 && (i as usize) < BINS {
            h[i as usize] += 1.0;
        }
    }
    h
}

/// One network (one draw of U) at one lambda+.
fn simulate_one(
    s: &Setup,
    lp: f64,
    th: &PointTheory,
    kbar: [f64; 2],
    seed: u64,
) -> anyhow::Result<(Fig12Point, Measured)> {
    let traj = simulate_network(s, lp, th, kbar, seed)?;
    let mut w = collect_window(s, &traj)?;
    let (measured, zmean) = measure(s, &w);
    let edges = histogram_edges(&w.zs);
    let edge = -edges[0];
    let point = Fig12Point {
        lambda_plus: lp,
        cloud_plus: std::mem::take(&mut w.clouds[0]),
        cloud_minus: std::mem::take(&mut w.clouds[1]),
        counts_plus: histogram_counts(&w.zs[0], edge),
        counts_minus: histogram_counts(&w.zs[1], edge),
        edges,
        z_mean: (zmean[0], zmean[1]),
        samples: w.count[0],
        theory: Some(*th),
    };
    Ok((point, measured))
}
