//! The correlation between output weights and states, `gen_corr` of the authors' code
//! (paper-methods 3.1a), used during training and after it.

/// `rho = ||A B^T||_F / sqrt(||A^T A||_F ||B^T B||_F)` (paper-methods 3.1a) with every row of
/// `A` (`W_out`, `d_out x N`) and of `B` (states, `M x N`) centred across neurons; 0 if a norm
/// is 0. Both matrices are row-major; the formula is [`crate::regime::corr::gen_corr`].
pub fn gen_corr(a: &[f64], b: &[f64], n: usize) -> f64 {
    let a = nalgebra::DMatrix::from_row_slice(a.len() / n, n, a);
    let b = nalgebra::DMatrix::from_row_slice(b.len() / n, n, b);
    crate::regime::corr::gen_corr(&a, &b)
}

/// The states of trials `x[b][k][n]` (`t` steps) at steps `k >= k_min`, stacked as rows.
pub fn states_from(x: &[f64], n: usize, t: usize, k_min: usize) -> Vec<f64> {
    x.chunks(t * n)
        .flat_map(|trial| trial[k_min.min(t) * n..].iter().copied())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn centre_rows(v: &[f64], n: usize) -> Vec<f64> {
        let mut out = v.to_vec();
        for row in out.chunks_mut(n) {
            let mean = row.iter().sum::<f64>() / n as f64;
            row.iter_mut().for_each(|x| *x -= mean);
        }
        out
    }

    fn frob(v: &[f64]) -> f64 {
        v.iter().map(|x| x * x).sum::<f64>().sqrt()
    }

    #[test]
    fn one_output_matches_the_closed_form() {
        // one output w: rho = ||B w|| / (||w|| ||B^T B||_F^{1/2}) for centred rows
        let n = 5;
        let w = [0.3, -1.0, 0.5, 0.2, 0.0];
        let b = [
            1.0, 2.0, 0.0, -1.0, 3.0, 0.5, 0.5, 2.0, 1.0, -2.0, 0.0, 1.0, 1.0, 4.0, 0.0,
        ];
        let rho = gen_corr(&w, &b, n);
        let wc = centre_rows(&w, n);
        let bc = centre_rows(&b, n);
        let bw: Vec<f64> = bc
            .chunks(n)
            .map(|r| r.iter().zip(&wc).map(|(p, q)| p * q).sum())
            .collect();
        let mut btb = 0.0;
        for i in 0..n {
            for j in 0..n {
                let s: f64 = bc.chunks(n).map(|r| r[i] * r[j]).sum();
                btb += s * s;
            }
        }
        let expect = frob(&bw) / (frob(&wc) * btb.sqrt().sqrt());
        assert!((rho - expect).abs() < 1e-12, "{rho} vs {expect}");
        // states along w itself: one rank-one B gives rho = 1
        let along: Vec<f64> = [1.0, -2.0, 0.5]
            .iter()
            .flat_map(|c| wc.iter().map(move |v| c * v))
            .collect();
        assert!((gen_corr(&w, &along, n) - 1.0).abs() < 1e-12);
        assert_eq!(gen_corr(&[1.0; 5], &b, n), 0.0);
    }
}
