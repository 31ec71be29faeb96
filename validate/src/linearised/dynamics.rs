//! The noise-free, input-free Euler map of the task network and its first-order expansion in
//! the weight change (theory/notes/linearised.md, Eqs. LIN-1 to LIN-5).
//!
//! ```text
//! x_{k+1}  = (1 - dt) x_k + dt W phi(x_k),                       x_0 = h_0      (LIN-1)
//! dx_{k+1} = (1 - dt) dx_k + dt W (phi'(x_k) .* dx_k) + dt dW phi(x_k), dx_0 = 0 (LIN-2)
//! a_m      = A_m^T a_{m+1},  A_m = (1 - dt) I + dt W diag(phi'(x_m)),  a_k = w_out (LIN-4)
//! ```

use nalgebra::{DMatrix, DVector};
use oblique_theory::nonlinearity::Builtin;

/// The trajectory of the initial network: states `x_k`, `phi(x_k)` and `phi'(x_k)`, one
/// column per step `k = 0 .. n_t - 1`.
#[derive(Debug, Clone)]
pub struct Trajectory {
    /// `x_k` (`N x n_t`)
    pub x: DMatrix<f64>,
    /// `phi(x_k)`
    pub phi: DMatrix<f64>,
    /// `phi'(x_k)`
    pub dphi: DMatrix<f64>,
}

/// `x_k` for `k = 0 .. n_t - 1` of the map LIN-1 with weights `w` (`N x N`), started at `h0`.
pub fn trajectory(w: &DMatrix<f64>, h0: &[f64], dt: f64, nl: Builtin, n_t: usize) -> Trajectory {
    let n = h0.len();
    let f = nl.get();
    let mut x = DMatrix::zeros(n, n_t);
    let mut phi = DMatrix::zeros(n, n_t);
    let mut dphi = DMatrix::zeros(n, n_t);
    let mut cur = DVector::from_column_slice(h0);
    for k in 0..n_t {
        let p = cur.map(|v| f.phi(v));
        x.set_column(k, &cur);
        phi.set_column(k, &p);
        dphi.set_column(k, &cur.map(|v| f.dphi(v)));
        if k + 1 < n_t {
            let drive = w * &p;
            cur = cur * (1.0 - dt) + drive * dt;
        }
    }
    Trajectory { x, phi, dphi }
}

/// The first-order change of the states, LIN-2, for the weight change `dw` along the
/// trajectory `tr` of the weights `w`: column `k` is `dx_k`.
pub fn tangent(w: &DMatrix<f64>, dw: &DMatrix<f64>, tr: &Trajectory, dt: f64) -> DMatrix<f64> {
    let (n, n_t) = tr.x.shape();
    let mut out = DMatrix::zeros(n, n_t);
    // the drive dW phi(x_k) of every step at once
    let drive = dw * &tr.phi;
    let mut cur = DVector::zeros(n);
    for k in 0..n_t {
        out.set_column(k, &cur);
        if k + 1 < n_t {
            let gated = cur.component_mul(&tr.dphi.column(k));
            let rec = w * gated;
            cur = cur * (1.0 - dt) + (rec + drive.column(k)) * dt;
        }
    }
    out
}

/// The adjoints of the outputs at the target steps, LIN-4: `adj[m - 1]` (for
/// `m = 1 .. max step`) holds `a^(l)_m` in column `l`, the sensitivity of `z_{k_l}` to
/// `x_m` (zero for `m > k_l`).
pub fn adjoints(
    w: &DMatrix<f64>,
    w_out: &DVector<f64>,
    tr: &Trajectory,
    steps: &[usize],
    dt: f64,
) -> Vec<DMatrix<f64>> {
    let n = w.nrows();
    let last = steps.iter().copied().max().unwrap_or(0);
    let mut adj = vec![DMatrix::zeros(n, steps.len()); last];
    let mut cur = DMatrix::<f64>::zeros(n, steps.len());
    let wt = w.transpose();
    for m in (1..=last).rev() {
        if m < last {
            // A_m^T a = (1 - dt) a + dt phi'(x_m) .* (W^T a)
            let mut back = &wt * &cur;
            for mut col in back.column_iter_mut() {
                col.component_mul_assign(&tr.dphi.column(m));
            }
            cur = cur * (1.0 - dt) + back * dt;
        }
        for (l, &k) in steps.iter().enumerate() {
            if k == m {
                cur.set_column(l, w_out);
            }
        }
        adj[m - 1] = cur.clone();
    }
    adj
}
