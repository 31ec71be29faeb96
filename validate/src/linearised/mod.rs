//! The lazy (linearised) solution of a noise-free, input-free task network: the weight
//! change of minimal Frobenius norm that the first-order expansion of the output in the
//! weights (Eq. 17 of the study; theory/notes/linearised.md) needs to hit the targets.
//!
//! For target steps `k_1 .. k_L` with targets `y_l` and the initial outputs `z0_l`:
//!
//! ```text
//! z_{k_l}(W0 + dW) = z0_l + <G_l, dW>_F + O(|dW|^2),
//! G_l = dt sum_{j < k_l} a^(l)_{j+1} phi(x_j)^T                       (LIN-5)
//! K_{lm} = <G_l, G_m>_F,  alpha = K^+ (y - z0),  dW* = sum_l alpha_l G_l   (LIN-6, LIN-7)
//! ```
//!
//! `dW*` is what gradient descent from `W0` on the linearised loss converges to (it stays
//! in the span of the `G_l`). [`dynamics`] holds the map, its tangent and the adjoints.

pub mod dynamics;
#[cfg(test)]
mod tests;

use crate::rnn::network::TaskNetwork;
use dynamics::{adjoints, tangent, trajectory};
use nalgebra::{DMatrix, DVector, SymmetricEigen};

/// Eigenvalues of `K` below this fraction of the largest are treated as zero by the
/// pseudo-inverse (a target at step 0 gives a zero row: `z_0 = w_out . h_0` has no
/// dependence on `W`).
pub const RCOND: f64 = 1e-12;

/// A problem the linearisation cannot take. Messages name what is wrong.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LinearisedError {
    /// The linearisation is written for one output.
    #[error("the network has {0} outputs: the linearisation needs exactly one")]
    Outputs(usize),
    /// Steps and targets differ in length, or there are none.
    #[error(
        "{steps} target steps and {targets} targets: they must be equally many and at least 1"
    )]
    Targets {
        /// number of steps
        steps: usize,
        /// number of targets
        targets: usize,
    },
    /// The network's weights are not usable.
    #[error("invalid network: {0}")]
    Network(#[from] crate::rnn::RnnError),
    /// The kernel has no positive eigenvalue (no target depends on `W`).
    #[error("the kernel K is zero: no target step is after step 0")]
    ZeroKernel,
}

/// The lazy solution of one network (LIN-5 to LIN-7).
#[derive(Debug, Clone)]
pub struct LinearisedSolution {
    /// target steps `k_l`
    pub steps: Vec<usize>,
    /// initial outputs `z0_l` at the target steps
    pub z0: Vec<f64>,
    /// `y_l - z0_l`
    pub residual: DVector<f64>,
    /// the kernel `K` (`L x L`)
    pub kernel: DMatrix<f64>,
    /// eigenvalues of `K` kept by the pseudo-inverse
    pub rank: usize,
    /// `alpha = K^+ residual`
    pub alpha: DVector<f64>,
    /// `dW*` (`N x N`)
    pub delta_w: DMatrix<f64>,
}

/// `W`, `w_out` of a checked single-output network as nalgebra objects.
fn weights(net: &TaskNetwork) -> Result<(DMatrix<f64>, DVector<f64>), LinearisedError> {
    net.validate()?;
    if net.d_out != 1 {
        return Err(LinearisedError::Outputs(net.d_out));
    }
    Ok((
        DMatrix::from_row_slice(net.n, net.n, &net.w),
        DVector::from_column_slice(&net.w_out),
    ))
}

/// The Jacobians `G_l = dz_{k_l}/dW` (LIN-5), one `N x N` matrix per target step. Memory
/// `L N^2`: for checks at small `N`; [`solve`] never forms them.
pub fn jacobians(net: &TaskNetwork, steps: &[usize]) -> Result<Vec<DMatrix<f64>>, LinearisedError> {
    let (w, w_out) = weights(net)?;
    let last = steps.iter().copied().max().unwrap_or(0);
    let tr = trajectory(&w, &net.h0, net.dt, net.nonlinearity, last + 1);
    let adj = adjoints(&w, &w_out, &tr, steps, net.dt);
    Ok((0..steps.len())
        .map(|l| {
            let mut g = DMatrix::zeros(net.n, net.n);
            for (j, a) in adj.iter().enumerate() {
                g.ger(net.dt, &a.column(l), &tr.phi.column(j), 1.0);
            }
            g
        })
        .collect())
}

/// The minimal-norm weight change of the linearised output, LIN-7, for targets `targets` at
/// steps `steps` (no input, no noise: the Fig. 9 lazy set-up).
///
/// Cost: one forward pass, one backward pass carrying `L` adjoints, and the kernel
/// `K = dt^2 sum_{j,j'} (phi_j . phi_j') a_{j+1}^T a_{j'+1}` in `O(L N T^2)`.
pub fn solve(
    net: &TaskNetwork,
    steps: &[usize],
    targets: &[f64],
) -> Result<LinearisedSolution, LinearisedError> {
    if steps.len() != targets.len() || steps.is_empty() {
        return Err(LinearisedError::Targets {
            steps: steps.len(),
            targets: targets.len(),
        });
    }
    let (w, w_out) = weights(net)?;
    let dt = net.dt;
    let last = steps.iter().copied().max().unwrap_or(0);
    let tr = trajectory(&w, &net.h0, dt, net.nonlinearity, last + 1);
    let z0: Vec<f64> = steps.iter().map(|&k| w_out.dot(&tr.x.column(k))).collect();
    let residual = DVector::from_iterator(steps.len(), targets.iter().zip(&z0).map(|(y, z)| y - z));
    let adj = adjoints(&w, &w_out, &tr, steps, dt);
    if last == 0 {
        return Err(LinearisedError::ZeroKernel);
    }
    let kernel = kernel(&adj, &tr.phi, dt);
    let (alpha, rank) = pseudo_solve(&kernel, &residual)?;
    // dW* = dt sum_j (adj_j alpha) phi_j^T
    let n = net.n;
    let mut c = DMatrix::zeros(n, last);
    for (j, a) in adj.iter().enumerate() {
        c.set_column(j, &(a * &alpha));
    }
    let delta_w = (c * tr.phi.columns(0, last).transpose()) * dt;
    Ok(LinearisedSolution {
        steps: steps.to_vec(),
        z0,
        residual,
        kernel,
        rank,
        alpha,
        delta_w,
    })
}

/// `K_{lm} = <G_l, G_m>_F` (LIN-6) from the adjoints `adj[j] = a_{j+1}` (`N x L`) and
/// `phi_j` (columns of `phi`).
fn kernel(adj: &[DMatrix<f64>], phi: &DMatrix<f64>, dt: f64) -> DMatrix<f64> {
    let last = adj.len();
    let l = adj.first().map(|a| a.ncols()).unwrap_or(0);
    let p = phi.columns(0, last);
    let s = p.transpose() * p;
    // every adjoint matrix as one column of length N L, times S
    let nl = adj.first().map(|a| a.len()).unwrap_or(0);
    let mut flat = DMatrix::zeros(nl, last);
    for (j, a) in adj.iter().enumerate() {
        flat.column_mut(j)
            .copy_from(&DVector::from_column_slice(a.as_slice()));
    }
    let mixed = flat * s;
    let mut k = DMatrix::zeros(l, l);
    for (j, a) in adj.iter().enumerate() {
        let pj = DMatrix::from_iterator(a.nrows(), l, mixed.column(j).iter().copied());
        k += a.transpose() * pj;
    }
    let k = k * (dt * dt);
    (&k + k.transpose()) * 0.5
}

/// `K^+ r` through the eigendecomposition of the symmetric `K`, dropping eigenvalues below
/// [`RCOND`] times the largest; returns the solution and the number of kept eigenvalues.
fn pseudo_solve(
    k: &DMatrix<f64>,
    r: &DVector<f64>,
) -> Result<(DVector<f64>, usize), LinearisedError> {
    let eig = SymmetricEigen::new(k.clone());
    let max = eig.eigenvalues.iter().cloned().fold(0.0, f64::max);
    if max <= 0.0 || !max.is_finite() {
        return Err(LinearisedError::ZeroKernel);
    }
    let mut out = DVector::zeros(r.len());
    let mut rank = 0;
    for (i, &lam) in eig.eigenvalues.iter().enumerate() {
        if lam > RCOND * max {
            let v = eig.eigenvectors.column(i);
            out += v * (v.dot(r) / lam);
            rank += 1;
        }
    }
    Ok((out, rank))
}

/// The outputs over `n_t` steps with the weight change `dw`: the nonlinear network
/// `W0 + dW` and the linearised prediction `z0_k + w_out . dx_k` (LIN-2, LIN-3).
#[derive(Debug, Clone, PartialEq)]
pub struct Outputs {
    /// `z_k` of the initial network
    pub initial: Vec<f64>,
    /// `z_k` of the network with `W0 + dW`
    pub nonlinear: Vec<f64>,
    /// `z0_k + w_out . dx_k`
    pub linear: Vec<f64>,
}

/// Runs the initial network, the changed one and the linearised prediction for `n_t` steps.
pub fn outputs(
    net: &TaskNetwork,
    dw: &DMatrix<f64>,
    n_t: usize,
) -> Result<Outputs, LinearisedError> {
    let (w, w_out) = weights(net)?;
    let tr = trajectory(&w, &net.h0, net.dt, net.nonlinearity, n_t);
    let dx = tangent(&w, dw, &tr, net.dt);
    let changed = trajectory(&(&w + dw), &net.h0, net.dt, net.nonlinearity, n_t);
    let z = |x: &DMatrix<f64>| -> Vec<f64> { x.column_iter().map(|c| w_out.dot(&c)).collect() };
    let initial = z(&tr.x);
    let linear = initial.iter().zip(z(&dx)).map(|(a, b)| a + b).collect();
    Ok(Outputs {
        nonlinear: z(&changed.x),
        initial,
        linear,
    })
}
