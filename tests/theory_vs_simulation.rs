//! exploration
use nalgebra::{Matrix2, Matrix4, Vector2, Vector4};
use oblique_theory::lyapunov::solve_2x2;
use oblique_validate::measure::FixedMExperiment;

const A2: f64 = std::f64::consts::PI / 4.0;

#[derive(Debug)]
struct Theory { kappa: f64, l_var: f64, c: Matrix2<f64> }

/// dt = None: continuous. Some(dt): Euler-corrected.
fn theory(m: &Matrix2<f64>, sigma: f64, dt: Option<f64>) -> Theory {
    let tr = m.trace(); let det = m.determinant();
    let lp = tr / 2.0 + (tr * tr / 4.0 - det).sqrt();
    let sig2 = match dt { None => sigma * sigma, Some(h) => sigma * sigma / (1.0 - h / 2.0) };
    let s2 = (lp * lp - 1.0) / (2.0 * A2);
    let kappa = (s2 - sig2).sqrt();
    let dphi = 1.0 / lp;
    let d3 = -2.0 * A2 * (1.0 + 2.0 * A2 * s2).powf(-1.5);
    let q = d3 / dphi;
    let mut v = Vector2::new(m[(0, 1)], lp - m[(0, 0)]);
    if v.norm() < 1e-12 { v = Vector2::new(lp - m[(1, 1)], m[(1, 0)]); }
    let v = v / v.norm();
    let kb = v * kappa;
    let a = -Matrix2::identity() + m * dphi + kb * kb.transpose() * q;
    let s = match dt {
        None => solve_2x2(&a, &(Matrix2::identity() * 2.0 * sigma * sigma)).unwrap(),
        Some(h) => {
            let b = Matrix2::identity() + a * h;
            // S = B S B^T + 2 h sigma^2 I
            let mut k = Matrix4::identity();
            for i in 0..2 { for j in 0..2 { for p in 0..2 { for r in 0..2 {
                k[(i * 2 + j, p * 2 + r)] -= b[(i, p)] * b[(j, r)];
            }}}}
            let qv = Vector4::new(2.0 * h * sigma * sigma, 0.0, 0.0, 2.0 * h * sigma * sigma);
            let sv = k.lu().solve(&qv).unwrap();
            Matrix2::new(sv[0], sv[1], sv[2], sv[3])
        }
    };
    let gp = q * kappa * kappa;
    let var_c = sig2 * sig2 * gp / (2.0 * (gp - 2.0) * kappa * kappa);
    let c = s + v * v.transpose() * var_c;
    Theory { kappa, l_var: c[(0, 0)], c }
}

#[test]
fn explore() {
    for (n, dt, lm) in [(1024, 0.05, -1.0), (1024, 0.05, -2.0), (1024, 0.05, 0.0)] {
        let mut e = FixedMExperiment::fig12(1.9, lm, n, 1).unwrap();
        e.params.dt = dt;
        let tc = theory(&e.params.m, 1.0, None);
        let td = theory(&e.params.m, 1.0, Some(dt));
        let r = e.run().unwrap();
        println!("lm {lm} N {n} dt {dt}: kappa {:.4} vs cont {:.4} disc {:.4}; L_var {:.4} vs cont {:.4} disc {:.4}; bias {:.4}; C {:?} vs disc {:?}",
            r.latent.kappa_norm, tc.kappa, td.kappa, r.losses.var, tc.l_var, td.l_var, r.losses.bias, r.latent.covariance, td.c);
    }
}
