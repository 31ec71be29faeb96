//! The Fig. 13/28 report rows and the `<id>_sizes.csv` table: the trained statistics at
//! each snapshot against the finite-time and the stationary theory.

use super::figure::{SizePoint, Stat};
use crate::reproduce::curves::tail_stats;
use crate::reproduce::report::{Check, Row};
use serde::Serialize;

/// One trained network at one snapshot, with both theories (`<id>_sizes.csv`).
#[derive(Serialize)]
pub struct SizeRow {
    tau: usize,
    n: usize,
    lambda_plus_trained: f64,
    lambda_minus_trained: f64,
    l_var_trained: f64,
    l_var_sd: f64,
    kappa_norm_trained: f64,
    kappa_norm_sd: f64,
    rho_trained: f64,
    rho_sd: f64,
    lambda_plus_predicted: Option<f64>,
    l_var_predicted: Option<f64>,
    kappa_norm_predicted: Option<f64>,
    rho_predicted: Option<f64>,
    lambda_plus_finite_time: Option<f64>,
    l_var_finite_time: Option<f64>,
    kappa_norm_finite_time: Option<f64>,
    rho_finite_time: Option<f64>,
}

/// Mean and spread of `v` over the `window` steps up to `tau`.
pub fn stat_at(v: &[f64], tau: usize, window: usize) -> Stat {
    let end = (tau + 1).min(v.len());
    match tail_stats(&v[..end], window) {
        Some((mean, sd)) => Stat { mean, sd },
        None => Stat {
            mean: f64::NAN,
            sd: f64::NAN,
        },
    }
}

impl SizeRow {
    /// The table row of one point at snapshot `tau`.
    pub fn new(tau: usize, p: &SizePoint) -> Self {
        let (pr, ft) = (p.predicted, p.finite_time);
        let (lp, lm) = p.eigenvalues;
        Self {
            tau,
            n: p.n,
            lambda_plus_trained: lp,
            lambda_minus_trained: lm,
            l_var_trained: p.l_var.mean,
            l_var_sd: p.l_var.sd,
            kappa_norm_trained: p.kappa_norm.mean,
            kappa_norm_sd: p.kappa_norm.sd,
            rho_trained: p.rho.mean,
            rho_sd: p.rho.sd,
            lambda_plus_predicted: pr.map(|x| x.lambda_plus),
            l_var_predicted: pr.map(|x| x.l_var),
            kappa_norm_predicted: pr.map(|x| x.kappa_norm),
            rho_predicted: pr.map(|x| x.rho),
            lambda_plus_finite_time: ft.map(|x| x.lambda_plus),
            l_var_finite_time: ft.map(|x| x.l_var),
            kappa_norm_finite_time: ft.map(|x| x.kappa_norm),
            rho_finite_time: ft.map(|x| x.rho),
        }
    }
}

/// The report rows of one point: L_var, |kappa_bar| and rho, each against the finite-time
/// theory (the target for |kappa_bar| and rho at the final snapshot) and against the
/// paper's stationary optimum (information).
pub fn report_rows(p: &SizePoint, at: &str, tol: f64, final_snapshot: bool) -> Vec<Row> {
    let (pr, ft) = (p.predicted, p.finite_time);
    let kcheck = if final_snapshot {
        Check::RelErr(tol)
    } else {
        Check::Info
    };
    // (quantity, finite-time theory, stationary optimum, trained, check)
    type RowSpec<'a> = (&'a str, Option<f64>, Option<f64>, Stat, Check);
    let specs: [RowSpec; 3] = [
        (
            "L_var",
            ft.map(|x| x.l_var),
            pr.map(|x| x.l_var),
            p.l_var,
            Check::Info,
        ),
        (
            "|kappa_bar|",
            ft.map(|x| x.kappa_norm),
            pr.map(|x| x.kappa_norm),
            p.kappa_norm,
            kcheck,
        ),
        ("rho", ft.map(|x| x.rho), pr.map(|x| x.rho), p.rho, kcheck),
    ];
    let mut rows = Vec::new();
    for (q, finite, stationary, trained, check) in specs {
        // an earlier snapshot's theory without an optimum is left out (a note says so)
        let keep = |theory: Option<f64>| final_snapshot || theory.is_some();
        if keep(finite) {
            rows.push(
                Row::new(
                    &format!("{q}, finite-time theory"),
                    at,
                    finite,
                    Some(trained.mean),
                    check,
                )
                .band(Some(trained.sd)),
            );
        }
        if keep(stationary) {
            rows.push(
                Row::new(
                    &format!("{q}, stationary optimum"),
                    at,
                    stationary,
                    Some(trained.mean),
                    Check::Info,
                )
                .band(Some(trained.sd))
                .note("the paper's prediction"),
            );
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reproduce::report::Verdict;

    /// A trained point with no prediction from either theory.
    fn unpredicted() -> SizePoint {
        let st = |mean| Stat { mean, sd: 0.01 };
        SizePoint {
            n: 256,
            l_var: st(0.05),
            kappa_norm: st(0.6),
            rho: st(0.1),
            eigenvalues: (1.2, 0.0093),
            predicted: None,
            finite_time: None,
        }
    }

    #[test]
    fn an_earlier_snapshot_without_a_theory_leaves_its_rows_out_the_final_one_does_not() {
        let p = unpredicted();
        assert!(report_rows(&p, "N = 256, tau = 1152", 0.1, false).is_empty());
        let last = report_rows(&p, "N = 256, tau = 5000", 0.1, true);
        assert_eq!(last.len(), 6);
        assert!(last.iter().all(|r| r.verdict() == Verdict::Missing));
    }
}
