//! Perturbation susceptibility (methods 3.8; Fig. 5, 16G, 20): the loss of a trained
//! network after a kick of its state along the output weights, the top PCs, a random
//! direction or the input weights.
//!
//! Published variant computed here (`neuro_compute_results.ipynb` cell 7):
//!
//! 1. the unperturbed run: the evaluation batch with its frozen initial-state noise
//!    (`sigma_init = 1`) and no hidden or input noise;
//! 2. one unit direction per trial and kind: `w_out` (a random unit combination of an
//!    orthonormal basis of the `W_out` rows; trial 0 exactly `w_out,1 / |w_out,1|`), `pc`
//!    (of the top-2 PCs of the unperturbed states at `t >= 10`, all trials; trial 0 exactly
//!    PC1), `rand` (isotropic), `w_in` (of the `W_in` columns; trial 0 along column 1);
//! 3. for every amplitude `a` and perturbation step `k_p` ([`super::kick_schedule`]):
//!    `x(k_p) <- x(k_p) + a v`, re-simulated noise-free from `k_p` with the same inputs;
//!    earlier outputs stay unperturbed;
//! 4. the loss is the MSE of the output against the (shifted) target on the shifted mask,
//!    over all trials (absolute, not normalised);
//! 5. `AUC_dir = sum over amplitudes (including 0) of the mean over times of the loss`, and
//!    the relative susceptibility is `AUC_w_out / AUC_pc`.
//!
//! Every (direction, time) pair re-runs all amplitudes and trials as one block of rows
//! ([`super::rerun`]); the pairs run in parallel on rayon's current pool, each with its own
//! fixed inputs, so the numbers do not depend on the number of threads.

use nalgebra::DMatrix;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

use super::directions::{in_span, isotropic, orthonormal_basis, top_pcs};
use super::kick_schedule::{schedule, Schedule};
pub use super::kick_schedule::{PerturbationParams, WindowEnd};
use super::rerun::{input_drive, Rerun};
use super::RegimeError;
use crate::rnn::network::{NetView, Noise, TaskNetwork};
use crate::rnn::real::Real;
use crate::rnn::record::Trajectories;
use crate::rnn::tasks::{steps_of, TaskBatch};
use crate::rnn::train::{simulate, Precision, T_PC_MIN};
use crate::train::noise::stream_seed;

/// Mixed into the seed of the directions.
const PERT_TAG: u64 = 0x9E27_0B00_0000_0001;

/// A kind of perturbation direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DirectionKind {
    /// inside the span of the `W_out` rows
    WOut,
    /// inside the span of the top PCs of the unperturbed states
    Pc,
    /// isotropic
    Rand,
    /// inside the span of the `W_in` columns
    WIn,
}

impl DirectionKind {
    /// The four kinds, in the published order.
    pub const ALL: [DirectionKind; 4] = [Self::WOut, Self::Pc, Self::Rand, Self::WIn];

    /// `w_out`, `pc`, `rand` or `w_in`.
    pub fn name(self) -> &'static str {
        match self {
            Self::WOut => "w_out",
            Self::Pc => "pc",
            Self::Rand => "rand",
            Self::WIn => "w_in",
        }
    }
}

/// The losses of one direction kind.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct DirectionLoss {
    /// the kind
    pub kind: DirectionKind,
    /// `loss[time][amplitude]`
    pub loss: Vec<Vec<f64>>,
    /// mean over the times, per amplitude (Fig. 5 middle)
    pub mean: Vec<f64>,
    /// standard deviation over the times (`ddof = 0`), per amplitude
    pub sd: Vec<f64>,
    /// `sum over amplitudes of mean`
    pub auc: f64,
    /// the unit direction of every trial (`trials x N`, row-major)
    #[serde(skip)]
    pub directions: Vec<f64>,
}

/// Everything the perturbation measure computes.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Perturbation {
    /// the amplitudes
    pub amplitudes: Vec<f64>,
    /// perturbation steps `k_p`
    pub steps: Vec<usize>,
    /// perturbation times `t_p = k_p dt`
    pub times: Vec<f64>,
    /// the end of the perturbation window
    pub t_max: f64,
    /// loss of the unperturbed run on the shifted mask
    pub unperturbed_loss: f64,
    /// per direction kind, in [`DirectionKind::ALL`] order
    pub directions: Vec<DirectionLoss>,
    /// `AUC_w_out / AUC_pc` (Fig. 5 right, 16G)
    pub relative_susceptibility: f64,
}

/// The perturbation measure of `net` on its evaluation batch `eval` (methods 3.8), with
/// directions drawn from `seed`: every kind of [`DirectionKind::ALL`].
pub fn perturbation(
    net: &TaskNetwork,
    eval: &TaskBatch,
    p: &PerturbationParams,
    seed: u64,
) -> Result<Perturbation, RegimeError> {
    perturbation_of_kinds(net, eval, p, seed, &DirectionKind::ALL)
}

/// [`perturbation`] for the direction `kinds` only (in [`DirectionKind::ALL`] order,
/// whatever their order in `kinds`). Each kind draws its directions from a stream of its
/// own and each (kind, time) pair re-runs on its own, so a kind's losses are the same bit for
/// bit whichever other kinds are measured; the relative susceptibility needs `WOut` and
/// `Pc` (0 without them).
pub fn perturbation_of_kinds(
    net: &TaskNetwork,
    eval: &TaskBatch,
    p: &PerturbationParams,
    seed: u64,
    kinds: &[DirectionKind],
) -> Result<Perturbation, RegimeError> {
    let (sched, base) = unperturbed_run(net, eval, p)?;
    let (kept, dirs): (Vec<DirectionKind>, Vec<Vec<f64>>) = DirectionKind::ALL
        .into_iter()
        .zip(directions(net, &base, p.pcs, seed)?)
        .filter(|(k, _)| kinds.contains(k))
        .unzip();
    let amplitudes = p.amplitudes(net.n);
    let losses = match p.precision {
        Precision::F32 => kick_losses::<f32>(net, &sched, &base, &dirs, &amplitudes),
        Precision::F64 => kick_losses::<f64>(net, &sched, &base, &dirs, &amplitudes),
    };
    let n_t = sched.steps.len();
    let directions: Vec<DirectionLoss> = kept
        .into_iter()
        .zip(dirs)
        .zip(losses.chunks(n_t.max(1)))
        .map(|((kind, d), loss)| summarise(kind, loss.to_vec(), d))
        .collect();
    let auc = |k: DirectionKind| {
        directions
            .iter()
            .find(|d| d.kind == k)
            .map_or(0.0, |d| d.auc)
    };
    let unperturbed_loss = masked_loss(&sched.batch, &base.z);
    Ok(Perturbation {
        times: sched.steps.iter().map(|&k| k as f64 * net.dt).collect(),
        steps: sched.steps,
        t_max: sched.t_max,
        amplitudes,
        unperturbed_loss,
        relative_susceptibility: ratio(auc(DirectionKind::WOut), auc(DirectionKind::Pc)),
        directions,
    })
}

/// The measure's schedule and its unperturbed run (step 1 of the module docs): `p` and
/// `net` checked, the evaluation batch with the measure's mask, simulated with the frozen
/// initial-state noise and no hidden noise on as many threads as rayon's current pool (the
/// numbers do not depend on the count).
pub(super) fn unperturbed_run(
    net: &TaskNetwork,
    eval: &TaskBatch,
    p: &PerturbationParams,
) -> Result<(Schedule, Trajectories), RegimeError> {
    p.validate()?;
    net.validate()
        .map_err(|e| RegimeError::InvalidArgument(e.to_string()))?;
    let sched = schedule(p, eval, net.dt)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(rayon::current_num_threads())
        .build()
        .map_err(|e| RegimeError::InvalidArgument(format!("worker threads: {e}")))?;
    let noise = Noise {
        sigma_hid: 0.0,
        sigma_init: p.sigma_init,
    };
    let base = simulate(net, &sched.batch, noise, p.precision, &pool);
    Ok((sched, base))
}

fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 {
        a / b
    } else {
        0.0
    }
}

/// One direction per trial for every kind, as `trials x N` row-major blocks.
pub(super) fn directions(
    net: &TaskNetwork,
    base: &Trajectories,
    pcs: usize,
    seed: u64,
) -> Result<Vec<Vec<f64>>, RegimeError> {
    let (n, b) = (net.n, base.batch);
    let k0 = steps_of(T_PC_MIN).min(base.n_t - 1);
    let rows: Vec<f64> = base
        .x
        .chunks(base.n_t * n)
        .flat_map(|trial| trial[k0 * n..].iter().copied())
        .collect();
    let states = DMatrix::from_row_slice(rows.len() / n, n, &rows);
    let w_out_t = DMatrix::from_row_slice(net.d_out, n, &net.w_out).transpose();
    let w_in = DMatrix::from_row_slice(n, net.d_in, &net.w_in);
    let first = |m: &DMatrix<f64>| m.column(0).normalize();
    let spans: [(DMatrix<f64>, _); 4] = [
        (orthonormal_basis(&w_out_t, "W_out")?, Some(first(&w_out_t))),
        (top_pcs(&states, pcs)?, None),
        (DMatrix::zeros(n, 0), None),
        (orthonormal_basis(&w_in, "W_in")?, Some(first(&w_in))),
    ];
    let mut out = Vec::with_capacity(4);
    for (i, (q, first)) in spans.into_iter().enumerate() {
        let mut rng = ChaCha8Rng::seed_from_u64(stream_seed(seed ^ PERT_TAG, i as u64, 0));
        let mut v = if q.ncols() == 0 {
            isotropic(&mut rng, n, b)
        } else {
            in_span(&mut rng, &q, b)
        };
        if b > 0 && i != 2 {
            let exact = first.unwrap_or_else(|| q.column(0).into_owned());
            v.set_column(0, &exact);
        }
        // column-major N x trials is row-major trials x N
        out.push(v.as_slice().to_vec());
    }
    Ok(out)
}

/// The loss of every (kind, time, amplitude), kinds outermost.
fn kick_losses<R: Real>(
    net: &TaskNetwork,
    sched: &Schedule,
    base: &Trajectories,
    dirs: &[Vec<f64>],
    amplitudes: &[f64],
) -> Vec<Vec<f64>> {
    let view: NetView<R> = net.view();
    let drive = input_drive(&view, &sched.batch);
    let jobs: Vec<(usize, usize)> = (0..dirs.len())
        .flat_map(|d| sched.steps.iter().map(move |&k| (d, k)))
        .collect();
    jobs.par_iter()
        .map(|&(d, kp)| kick(&view, &drive, sched, base, &dirs[d], kp, amplitudes))
        .collect()
}

/// Losses after kicks along `dir` at step `kp`, one per amplitude.
fn kick<R: Real>(
    view: &NetView<R>,
    drive: &[f64],
    sched: &Schedule,
    base: &Trajectories,
    dir: &[f64],
    kp: usize,
    amplitudes: &[f64],
) -> Vec<f64> {
    let (n, nb, t, d) = (view.n, base.batch, base.n_t, view.d_out);
    let rows = amplitudes.len() * nb;
    let mut x0 = Vec::with_capacity(rows * n);
    for &a in amplitudes {
        for b in 0..nb {
            let xb = &base.x[(b * t + kp) * n..][..n];
            let v = &dir[b * n..][..n];
            x0.extend(xb.iter().zip(v).map(|(x, v)| R::of(x + a * v)));
        }
    }
    let trial: Vec<usize> = (0..rows).map(|r| r % nb).collect();
    let mut run = Rerun::new(view, drive, t, trial, x0);
    // z_perturbed[a][b][k][o] only where the mask needs it: accumulate the loss directly
    let batch = &sched.batch;
    let mut sq = vec![0.0; amplitudes.len()];
    // outputs before k_p are the unperturbed ones, the same for every amplitude
    let early = masked_sum(batch, &base.z, 0, kp);
    for k in kp..t {
        if k > kp {
            run.step(k - 1);
        }
        if (0..nb).all(|b| (0..d).all(|o| batch.m(b, k, o) == 0.0)) {
            continue;
        }
        let z = run.output();
        for (r, zr) in z.chunks(d).enumerate() {
            let b = r % nb;
            for (o, zv) in zr.iter().enumerate() {
                let m = batch.m(b, k, o);
                if m != 0.0 {
                    let e = zv.f64() - batch.y(b, k, o);
                    sq[r / nb] += m * e * e;
                }
            }
        }
    }
    let count = batch.mask_count().max(1) as f64;
    sq.iter().map(|s| (early + s) / count).collect()
}

/// `sum m (z - y)^2` over steps `[k0, k1)` of every trial, `z` trial-major (`b, k, o`).
fn masked_sum(batch: &TaskBatch, z: &[f64], k0: usize, k1: usize) -> f64 {
    let (t, d) = (batch.n_t, batch.d_out);
    let mut s = 0.0;
    for b in 0..batch.batch {
        for k in k0..k1 {
            for o in 0..d {
                let i = (b * t + k) * d + o;
                s += batch.mask[i] * (z[i] - batch.target[i]).powi(2);
            }
        }
    }
    s
}

/// The masked MSE of outputs `z` (trial-major) on `batch`.
fn masked_loss(batch: &TaskBatch, z: &[f64]) -> f64 {
    masked_sum(batch, z, 0, batch.n_t) / batch.mask_count().max(1) as f64
}

fn summarise(kind: DirectionKind, loss: Vec<Vec<f64>>, directions: Vec<f64>) -> DirectionLoss {
    let n_amp = loss.first().map_or(0, |l| l.len());
    let nt = loss.len().max(1) as f64;
    let mean: Vec<f64> = (0..n_amp)
        .map(|a| loss.iter().map(|l| l[a]).sum::<f64>() / nt)
        .collect();
    let sd: Vec<f64> = (0..n_amp)
        .map(|a| (loss.iter().map(|l| (l[a] - mean[a]).powi(2)).sum::<f64>() / nt).sqrt())
        .collect();
    DirectionLoss {
        kind,
        auc: mean.iter().sum(),
        loss,
        mean,
        sd,
        directions,
    }
}
