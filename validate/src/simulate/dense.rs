//! Dense path: `W phi(X)` as a matrix product with the trials as the columns of `X`.
//!
//! Each step processes fixed chunks of [`CHUNK`] trials in parallel (phi, matrix product,
//! update with each trial's own noise stream). The chunk size does not depend on the
//! number of threads, so the numbers do not either.

use super::activation::apply_phi;
use super::noise::{fill_normal, trial_rng, TrialRng};
use super::{Latents, Progress, SimConfig, Trajectory};
use crate::network::FullNetwork;
use nalgebra::{DMatrix, DMatrixView, DMatrixViewMut};
use rayon::prelude::*;

/// Trials per parallel work item.
const CHUNK: usize = 8;

pub(super) fn run(
    net: &FullNetwork,
    u: Option<&DMatrix<f64>>,
    cfg: &SimConfig,
    mut x: DMatrix<f64>,
    progress: Progress,
) -> Trajectory {
    let n = net.n;
    let steps = cfg.steps;
    let batch = cfg.batch;
    let dt = net.dt;
    let decay = 1.0 - dt;
    let noise_scale = (2.0 * dt).sqrt() * net.sigma;
    let mut outputs = DMatrix::zeros(steps + 1, batch);
    let mut latents = u.map(|_| Latents {
        kappa1: DMatrix::zeros(steps + 1, batch),
        kappa2: DMatrix::zeros(steps + 1, batch),
    });
    let mut rngs: Vec<TrialRng> = (0..batch).map(|b| trial_rng(cfg.seed, b)).collect();
    let mut phi = DMatrix::<f64>::zeros(n, batch);
    let mut wphi = DMatrix::<f64>::zeros(n, batch);
    let w_in = net.w_in.as_slice();

    let record =
        |k: usize, x: &DMatrix<f64>, outputs: &mut DMatrix<f64>, lat: &mut Option<Latents>| {
            let z = x.tr_mul(&net.w_out);
            outputs.row_mut(k).copy_from(&z.transpose());
            if let (Some(l), Some(u)) = (lat.as_mut(), u) {
                let kap = u.tr_mul(x) / n as f64;
                l.kappa1.row_mut(k).copy_from(&kap.row(0));
                l.kappa2.row_mut(k).copy_from(&kap.row(1));
            }
        };

    for k in 0..steps {
        record(k, &x, &mut outputs, &mut latents);
        x.as_mut_slice()
            .par_chunks_mut(n * CHUNK)
            .zip(phi.as_mut_slice().par_chunks_mut(n * CHUNK))
            .zip(wphi.as_mut_slice().par_chunks_mut(n * CHUNK))
            .zip(rngs.par_chunks_mut(CHUNK))
            .enumerate()
            .for_each(|(c, (((xc, pc), wc), rc))| {
                let cols = rc.len();
                apply_phi(net.nonlinearity, xc, pc);
                let p_view = DMatrixView::from_slice(pc, n, cols);
                let mut w_view = DMatrixViewMut::from_slice(wc, n, cols);
                w_view.gemm(dt, &net.w, &p_view, 0.0);
                let mut xi = vec![0.0; n];
                for (j, rng) in rc.iter_mut().enumerate() {
                    let b = c * CHUNK + j;
                    let drive = dt * cfg.input.value(k, b);
                    fill_normal(rng, &mut xi);
                    let xb = &mut xc[j * n..(j + 1) * n];
                    let wb = &wc[j * n..(j + 1) * n];
                    for i in 0..n {
                        xb[i] = decay * xb[i] + (wb[i] + w_in[i] * drive) + noise_scale * xi[i];
                    }
                }
            });
        progress(batch as u64);
    }
    record(steps, &x, &mut outputs, &mut latents);
    Trajectory {
        dt,
        outputs,
        latents,
        final_state: x,
    }
}
