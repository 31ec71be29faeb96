//! Targets and inputs along chosen directions (`theory/notes/flr.md` section 7, the
//! directional test): unit mixtures of a leading spontaneous mode (an eigenvector of `C`)
//! and a random direction orthogonal to it, scaled to `|v|^2 = N` like a +-1 pattern.
//! At fixed input amplitude, the angle to the mode sets the spontaneous variance along the
//! target and the input, so the predicted speed spans a wide range while `u` stays fixed.

use super::sample::{random_pattern, rng_for};
use nalgebra::{DMatrix, DVector};

/// The `k` eigenvectors of the symmetric `c` with the largest eigenvalues, largest first.
pub fn leading_modes(c: &DMatrix<f64>, k: usize) -> Vec<DVector<f64>> {
    let eig = c.clone().symmetric_eigen();
    let mut idx: Vec<usize> = (0..c.nrows()).collect();
    idx.sort_by(|&a, &b| eig.eigenvalues[b].total_cmp(&eig.eigenvalues[a]));
    idx.into_iter()
        .take(k)
        .map(|i| eig.eigenvectors.column(i).into_owned())
        .collect()
}

/// `sqrt(N) (cos(angle) mode + sin(angle) w)` with `w` a unit vector orthogonal to `mode`:
/// `other` made orthogonal, or else a random one (drawn from stream `stream` of `seed`).
/// `mode` must have unit norm.
pub fn mixed_direction(
    mode: &DVector<f64>,
    other: Option<&DVector<f64>>,
    angle: f64,
    seed: u64,
    stream: u64,
) -> DVector<f64> {
    let n = mode.len();
    let r = match other {
        Some(o) => o.clone(),
        None => random_pattern(n, &mut rng_for(seed, 20_000 + stream)),
    };
    let w = (&r - mode * mode.dot(&r)).normalize();
    (mode * angle.cos() + w * angle.sin()) * (n as f64).sqrt()
}

/// The `k` eigenvectors of the symmetric `c` with the smallest eigenvalues, smallest first.
pub fn trailing_modes(c: &DMatrix<f64>, k: usize) -> Vec<DVector<f64>> {
    let all = leading_modes(c, c.nrows());
    all.into_iter().rev().take(k).collect()
}

/// One directional pair: target between the leading and the last mode of `C`, input
/// between the second and the second-to-last mode, at the given angles.
#[derive(Debug, Clone, PartialEq)]
pub struct DirectionalPair {
    /// angle of the target to mode 0 (radians)
    pub angle_xi: f64,
    /// angle of the input to mode 1 (radians)
    pub angle_eta: f64,
    /// target
    pub xi: DVector<f64>,
    /// input pattern (`|eta|^2 = N`)
    pub eta: DVector<f64>,
}

/// All (target angle, input angle) combinations: the target mixes `top[0]` with `low[0]`,
/// the input `top[1]` with `low[1]` (angle 0: along the high-variance mode; 90 degrees:
/// along the low-variance one). Both slices need two entries.
pub fn directional_pairs(
    top: &[DVector<f64>],
    low: &[DVector<f64>],
    angles_xi: &[f64],
    angles_eta: &[f64],
    seed: u64,
) -> Vec<DirectionalPair> {
    let mut out = Vec::new();
    for (a, &ax) in angles_xi.iter().enumerate() {
        for (b, &ae) in angles_eta.iter().enumerate() {
            let k = (a * angles_eta.len() + b) as u64;
            out.push(DirectionalPair {
                angle_xi: ax,
                angle_eta: ae,
                xi: mixed_direction(&top[0], Some(&low[0]), ax, seed, 2 * k),
                eta: mixed_direction(&top[1], Some(&low[1]), ae, seed, 2 * k + 1),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// For diagonal C = diag(4, 2, 1, ...), the variance along the mixture is
    /// 4 cos^2 + (mean of the rest) sin^2 in expectation; exactly cos^2 * 4 + sin^2 * w^T C w.
    #[test]
    fn mixture_has_the_stated_norm_and_angle() {
        let n = 50;
        let c = DMatrix::from_diagonal(&DVector::from_fn(n, |i, _| {
            1.0 + 3.0 * (i == 7) as u8 as f64
        }));
        let m = leading_modes(&c, 1);
        assert!((m[0][7].abs() - 1.0).abs() < 1e-12);
        let v = mixed_direction(&m[0], None, 0.6, 3, 1);
        assert!((v.norm_squared() - n as f64).abs() < 1e-9);
        let cos = v.dot(&m[0]) / (n as f64).sqrt();
        assert!((cos.abs() - 0.6f64.cos()).abs() < 1e-12);
        // variance along v / |v|^2 = 4 cos^2 + 1 sin^2 (w is orthogonal to mode 7)
        let var = v.dot(&(&c * &v)) / n as f64;
        assert!((var - (4.0 * 0.6f64.cos().powi(2) + 0.6f64.sin().powi(2))).abs() < 1e-9);
    }
}
