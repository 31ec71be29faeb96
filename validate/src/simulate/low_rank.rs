//! Low-rank fast path (`g = 0`): `W phi(x) = U (M (U^T phi(x) / N))`, never forming `W`.
//!
//! Cost per trial and step: one pass computing `phi(x)` and four dot products, one fused
//! update pass with the noise; `O(N)` memory per trial. Trials run in parallel (rayon),
//! each with its own noise stream.

use super::activation::apply_phi;
use super::noise::{fill_normal, trial_rng};
use super::{Latents, Progress, SimConfig, Trajectory};
use crate::network::RankTwoNetwork;
use nalgebra::{DMatrix, Vector2};
use rayon::prelude::*;

/// Dot products `(a.p, b.p, a.x, b.x, c.x)` with four-way split accumulators so that the
/// loop vectorises.
#[inline]
#[allow(clippy::needless_range_loop)]
fn five_dots(a: &[f64], b: &[f64], c: &[f64], p: &[f64], x: &[f64]) -> [f64; 5] {
    let n = p.len();
    let mut acc = [[0.0f64; 4]; 5];
    let blocks = n / 4;
    for blk in 0..blocks {
        let o = 4 * blk;
        for l in 0..4 {
            let i = o + l;
            acc[0][l] += a[i] * p[i];
            acc[1][l] += b[i] * p[i];
            acc[2][l] += a[i] * x[i];
            acc[3][l] += b[i] * x[i];
            acc[4][l] += c[i] * x[i];
        }
    }
    for i in 4 * blocks..n {
        acc[0][0] += a[i] * p[i];
        acc[1][0] += b[i] * p[i];
        acc[2][0] += a[i] * x[i];
        acc[3][0] += b[i] * x[i];
        acc[4][0] += c[i] * x[i];
    }
    acc.map(|v| (v[0] + v[1]) + (v[2] + v[3]))
}

pub(super) fn run(
    net: &RankTwoNetwork,
    cfg: &SimConfig,
    mut x: DMatrix<f64>,
    progress: Progress,
) -> Trajectory {
    let n = net.n;
    let steps = cfg.steps;
    let batch = cfg.batch;
    let mut outputs = DMatrix::zeros(steps + 1, batch);
    let mut kappa1 = DMatrix::zeros(steps + 1, batch);
    let mut kappa2 = DMatrix::zeros(steps + 1, batch);
    let u0 = &net.u.as_slice()[..n];
    let u1 = &net.u.as_slice()[n..2 * n];
    let w_in = net.w_in.as_slice();
    let w_out = net.w_out.as_slice();
    let m = net.m;
    let dt = net.dt;
    let decay = 1.0 - dt;
    let noise_scale = (2.0 * dt).sqrt() * net.sigma;
    let inv_n = 1.0 / n as f64;
    let nl = net.nonlinearity;
    let report_every = 100usize;

    x.as_mut_slice()
        .par_chunks_mut(n)
        .zip(outputs.as_mut_slice().par_chunks_mut(steps + 1))
        .zip(kappa1.as_mut_slice().par_chunks_mut(steps + 1))
        .zip(kappa2.as_mut_slice().par_chunks_mut(steps + 1))
        .enumerate()
        .for_each(|(b, (((xb, zb), k1b), k2b))| {
            let mut rng = trial_rng(cfg.seed, b);
            let mut p = vec![0.0; n];
            let mut xi = vec![0.0; n];
            let mut done = 0usize;
            for k in 0..=steps {
                apply_phi(nl, xb, &mut p);
                let [up0, up1, ux0, ux1, z] = five_dots(u0, u1, w_out, &p, xb);
                zb[k] = z;
                k1b[k] = ux0 * inv_n;
                k2b[k] = ux1 * inv_n;
                if k == steps {
                    break;
                }
                // W phi(x) = U r with r = M U^T phi(x) / N
                let r = m * Vector2::new(up0 * inv_n, up1 * inv_n);
                let (r0, r1) = (dt * r[0], dt * r[1]);
                let drive = dt * cfg.input.value(k, b);
                fill_normal(&mut rng, &mut xi);
                for i in 0..n {
                    xb[i] = decay * xb[i]
                        + (u0[i] * r0 + u1[i] * r1 + w_in[i] * drive)
                        + noise_scale * xi[i];
                }
                done += 1;
                if done == report_every {
                    progress(done as u64);
                    done = 0;
                }
            }
            if done > 0 {
                progress(done as u64);
            }
        });

    Trajectory {
        dt,
        outputs,
        latents: Some(Latents { kappa1, kappa2 }),
        final_state: x,
    }
}
