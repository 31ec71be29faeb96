//! Per-step measurements of a training batch (theory notes section 3; issue 4 item 4).
//!
//! * Loss decomposition conditioned on the target: trials are grouped by the sign of their
//!   target and by loss step; within a group of `n_g` outputs with mean `z_bar_g` and mean
//!   target `y_bar_g`, `L_bias = sum_g (n_g / (B K)) (z_bar_g - y_bar_g)^2` and
//!   `L_var = sum_g (n_g / (B K)) Var_g(z - y)` (population variance), so that
//!   `L = L_bias + L_var` exactly.
//! * Latent: `kappa_bar = mean_{b, j} s_b kappa_{b, k_j}` with `s_b` the sign of trial
//!   `b`'s target (the trial-conditioned mean over the loss window, folded onto the
//!   positive target), `|kappa_bar|` and `rho = kappa_bar_1 / |kappa_bar|` (section 1).

/// `L`, `L_bias` and `L_var` of one batch.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct LossParts {
    /// Mean squared error.
    pub loss: f64,
    /// Squared error of the target-conditioned mean output.
    pub l_bias: f64,
    /// Target-conditioned variance of the output.
    pub l_var: f64,
}

/// The trial-conditioned mean latent.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct LatentStats {
    /// `kappa_bar` (2-vector).
    pub kappa_bar: [f64; 2],
    /// `|kappa_bar|`.
    pub kappa_norm: f64,
    /// `rho = cos angle(kappa_bar, e_1)`.
    pub rho: f64,
}

fn sign(v: f64) -> usize {
    usize::from(v < 0.0)
}

/// The loss decomposition of `B x K` outputs `z` against targets (both trial-major).
pub fn loss_parts(z: &[f64], targets: &[f64], batch: usize, k: usize) -> LossParts {
    // sums per (sign, step): count, sum r, sum r^2 and sum z, sum y with r = z - y
    let mut cnt = vec![[0.0f64; 2]; k];
    let mut sz = vec![[0.0f64; 2]; k];
    let mut sy = vec![[0.0f64; 2]; k];
    let mut total = 0.0;
    for b in 0..batch {
        let s = sign(targets[b * k]);
        for j in 0..k {
            let (zz, y) = (z[b * k + j], targets[b * k + j]);
            cnt[j][s] += 1.0;
            sz[j][s] += zz;
            sy[j][s] += y;
            total += (zz - y) * (zz - y);
        }
    }
    let bk = (batch * k) as f64;
    let mut l_bias = 0.0;
    for j in 0..k {
        for s in 0..2 {
            if cnt[j][s] > 0.0 {
                let d = (sz[j][s] - sy[j][s]) / cnt[j][s];
                l_bias += cnt[j][s] * d * d;
            }
        }
    }
    let loss = total / bk;
    let l_bias = l_bias / bk;
    LossParts {
        loss,
        l_bias,
        l_var: (loss - l_bias).max(0.0),
    }
}

/// The sign-folded mean latent of `B x K` latents `kappa` (trial-major).
pub fn latent_stats(kappa: &[[f64; 2]], targets: &[f64], batch: usize, k: usize) -> LatentStats {
    let mut kb = [0.0; 2];
    for b in 0..batch {
        let s = if targets[b * k] < 0.0 { -1.0 } else { 1.0 };
        for j in 0..k {
            kb[0] += s * kappa[b * k + j][0];
            kb[1] += s * kappa[b * k + j][1];
        }
    }
    let bk = (batch * k) as f64;
    kb = [kb[0] / bk, kb[1] / bk];
    let norm = kb[0].hypot(kb[1]);
    LatentStats {
        kappa_bar: kb,
        kappa_norm: norm,
        rho: if norm > 0.0 { kb[0] / norm } else { 0.0 },
    }
}

/// Eigenvalues of a real 2x2 matrix.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Eigen2 {
    /// The larger real eigenvalue (the real part for a complex pair).
    pub lambda_plus: f64,
    /// The smaller real eigenvalue (the real part for a complex pair).
    pub lambda_minus: f64,
    /// Imaginary part (`>= 0`; zero for real eigenvalues).
    pub imag: f64,
}

/// `lambda = tr/2 +- sqrt(((a - d)/2)^2 + b c)`, by [`oblique_theory::eigen2::Eigen2`].
pub fn eigen2(m: &nalgebra::Matrix2<f64>) -> Eigen2 {
    let e = oblique_theory::eigen2::Eigen2::of(m);
    Eigen2 {
        lambda_plus: e.re[0],
        lambda_minus: e.re[1],
        imag: e.im,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decomposition_by_hand() {
        // two trials (+1, -1 targets), two loss steps
        let targets = [1.0, 1.0, -1.0, -1.0];
        let z = [1.5, 0.5, -2.0, -1.0];
        let p = loss_parts(&z, &targets, 2, 2);
        // squared errors 0.25, 0.25, 1, 0 -> L = 1.5/4
        assert!((p.loss - 0.375).abs() < 1e-15);
        // each group is one trial: all bias, no variance
        assert!((p.l_bias - 0.375).abs() < 1e-15 && p.l_var.abs() < 1e-15);
        // four trials, one step: + group z = {0, 2} (mean 1, var 1), - group z = {-1, -1}
        let targets = [1.0, 1.0, -1.0, -1.0];
        let z = [0.0, 2.0, -1.0, -1.0];
        let p = loss_parts(&z, &targets, 4, 1);
        assert!((p.l_bias - 0.0).abs() < 1e-15);
        assert!((p.l_var - 0.5).abs() < 1e-15); // (2 * 1 + 2 * 0) / 4
        assert!((p.loss - 0.5).abs() < 1e-15);
    }

    #[test]
    fn latent_is_sign_folded() {
        let targets = [1.0, -1.0];
        let kappa = [[0.3, 0.4], [-0.3, -0.4]];
        let l = latent_stats(&kappa, &targets, 2, 1);
        assert!((l.kappa_norm - 0.5).abs() < 1e-15 && (l.rho - 0.6).abs() < 1e-15);
    }

    #[test]
    fn eigenvalues_real_and_complex() {
        let e = eigen2(&nalgebra::Matrix2::new(2.0, 1.0, 1.0, 2.0));
        assert!((e.lambda_plus - 3.0).abs() < 1e-15 && (e.lambda_minus - 1.0).abs() < 1e-15);
        let e = eigen2(&nalgebra::Matrix2::new(0.0, -2.0, 2.0, 0.0));
        assert!(e.lambda_plus == 0.0 && (e.imag - 2.0).abs() < 1e-15);
    }
}
