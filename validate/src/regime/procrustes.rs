//! Angular Procrustes dissimilarity between two sets of states with matching rows
//! (methods 3.6; Fig. 4C, 16D; Williams et al. 2021 with alpha = 1).

use nalgebra::DMatrix;

use super::error::RegimeError;
use super::pca::centre_columns;

/// Procrustes distances between two (samples x neurons) state matrices.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Procrustes {
    /// `arccos(min(1, |X_c^T Y_c|_* / (|X_c|_F |Y_c|_F)))` in radians (plotted).
    pub angle: f64,
    /// `sqrt(max(0, |X_c|^2 + |Y_c|^2 - 2 |X_c^T Y_c|_*))` (computed, not plotted).
    pub euclidean: f64,
}

/// Both distances after centring the columns of `x` and `y`; the nuclear norm
/// `|X_c^T Y_c|_* = max_Q <X_c Q, Y_c>_F` over orthogonal `Q` is the orthogonal Procrustes
/// optimum. An all-zero centred matrix has angle `pi/2` (no shared structure).
pub fn procrustes(x: &DMatrix<f64>, y: &DMatrix<f64>) -> Result<Procrustes, RegimeError> {
    if x.shape() != y.shape() {
        return Err(RegimeError::ShapeMismatch {
            what: "Procrustes dissimilarity".into(),
            a_rows: x.nrows(),
            a_cols: x.ncols(),
            b_rows: y.nrows(),
            b_cols: y.ncols(),
        });
    }
    let (xc, yc) = (centre_columns(x), centre_columns(y));
    let nuclear: f64 = (xc.transpose() * &yc).singular_values().sum();
    let (nx, ny) = (xc.norm(), yc.norm());
    let cos = if nx * ny > 0.0 {
        (nuclear / (nx * ny)).min(1.0)
    } else {
        0.0
    };
    Ok(Procrustes {
        angle: cos.acos(),
        euclidean: (nx * nx + ny * ny - 2.0 * nuclear).max(0.0).sqrt(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use nalgebra::Rotation2;

    #[test]
    fn rotation_is_distance_zero_and_a_known_angle_otherwise() {
        let x = DMatrix::from_row_slice(4, 2, &[1.0, 0.0, -1.0, 0.0, 0.0, 2.0, 0.0, -2.0]);
        let r = Rotation2::new(0.7);
        let rot = DMatrix::from_iterator(2, 2, r.matrix().iter().copied());
        let p = procrustes(&x, &(&x * rot)).unwrap();
        assert!(p.angle.abs() < 1e-7 && p.euclidean < 1e-7);
        // Y = X with the second column scaled by 0: nuclear = |x1|^2 = 2, |X| = sqrt(10),
        // |Y| = sqrt(2): cos = 2 / sqrt(20).
        let mut y = x.clone();
        y.column_mut(1).fill(0.0);
        let p = procrustes(&x, &y).unwrap();
        approx::assert_relative_eq!(p.angle, (2.0 / 20f64.sqrt()).acos(), max_relative = 1e-12);
        assert!(procrustes(&x, &DMatrix::zeros(3, 2)).is_err());
    }
}
