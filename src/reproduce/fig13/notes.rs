//! The explanations under the Fig. 13 and Fig. 28 report tables: how trained and predicted
//! values are obtained, and why the paper's stationary optimum misses, each figure with its
//! own numbers.

use super::setup::{Setup, Which};
use crate::reproduce::report::{Row, Verdict};

/// The notes of one figure's section; `rows` are its report rows, `tol` the target.
pub fn notes(s: &Setup, which: Which, quick: bool, rows: &[Row], tol: f64) -> Vec<String> {
    let mut out = vec![method(s, tol)];
    out.push(match which {
        Which::Fig13 => why_fig13(),
        Which::Fig28 => why_fig28(s, quick, rows),
    });
    let failing: Vec<String> = rows
        .iter()
        .filter(|r| r.verdict() == Verdict::Fail)
        .map(|r| format!("{} at {}", r.quantity, r.at))
        .collect();
    if !failing.is_empty() {
        out.push(format!(
            "Where the target is missed ({}): the trained network has not reached the finite-time \
             optimum, or the quenched randomness of U (O(1/sqrt(N)) at small N) moves its fixed \
             point; the loss is flat along lambda+ near the optimum, so learning stops early.",
            failing.join(", ")
        ));
    }
    out
}

/// The note on the predictions that an earlier snapshot has not (`failed`: one line each):
/// their rows are left out, as the snapshot carries no target.
pub fn early(failed: &[String]) -> String {
    format!(
        "Left out at earlier snapshots, where the trained M may not have turned lambda- \
         negative yet and a theory then has no optimum (these rows carry no target): {}.",
        failed.join("; ")
    )
}

fn method(s: &Setup, tol: f64) -> String {
    let networks = if s.networks > 1 {
        format!(
            " At the final step they are the means over {} networks per N trained from different \
             seeds, each theory's values the mean of its predictions at their lambda-, and the \
             noise band is the networks' standard deviation: one network per N, as published, \
             lies up to 15% from the finite-time theory at some seeds (README, Run time and \
             seeds).",
            s.networks
        )
    } else {
        String::new()
    };
    format!(
        "Trained values at the final step are those of the final M evaluated on a fresh batch of \
         {} trials; at earlier snapshots, the mean of the per-step (training-batch) measurements \
         over the {} steps up to the snapshot. The noise band is the standard deviation of the \
         per-step measurements over that window.{networks} Both theories fix lambda- at the trained M's \
         smaller eigenvalue and pick the best symmetric M for it. The stationary optimum (the \
         paper's prediction) minimises the stationary L_var (Eq. 53) over lambda+ at the bias-zero \
         angle. The finite-time theory minimises what training minimises: the mean-field loss \
         L_bias + L_var over the task's loss window (2 <= t <= 10, every 5th Euler step of dt = 0.2, \
         from x = 0 after the pulse), following the mean latent, the orthogonal variance and the \
         latent covariance step by step through the Euler map, over lambda+ and the angle of v+ \
         (theory/notes/finite-time.md; no fitted parameter). Targets (|kappa_bar| and rho within \
         {:.0}%) apply to the finite-time theory at the final step; the stationary rows, L_var and \
         earlier snapshots are shown with no target.",
        s.eval_batch,
        s.window,
        100.0 * tol
    )
}

fn why_fig13() -> String {
    "Why the stationary optimum misses at large N: the slow direction v+ relaxes at the rate \
     |gamma+| = |q| |kappa_bar|^2, about 0.2 near the optimum, so during the short loss window \
     the latent state is still on its way from the pulse (kappa = e_2) to the fixed point. \
     Training sees that window, not the fixed point, and settles at a larger lambda+ with a \
     larger |kappa_bar| than the stationary optimum. The published figure shows the same \
     departure (Fig. 13E-F: |kappa_bar| about 0.72 trained against 0.62 predicted at \
     N = 1024). The finite-time theory follows the window and accounts for it, and for most of \
     the L_var excess over Eq. 53 (the Euler step along v-)."
        .to_string()
}

/// The rows of `quantity` ("|kappa_bar|, finite-time theory", ...) at snapshot `tau`.
fn at_tau<'a>(rows: &'a [Row], quantity: &'a str, tau: usize) -> impl Iterator<Item = &'a Row> {
    let suffix = format!(", tau = {tau}");
    rows.iter()
        .filter(move |r| r.quantity == quantity && r.at.ends_with(&suffix))
}

/// The smallest and largest relative error of |kappa_bar| and rho against the finite-time
/// theory at snapshot `tau`, in percent.
fn error_range(rows: &[Row], tau: usize) -> Option<(f64, f64)> {
    let errs: Vec<f64> = ["|kappa_bar|, finite-time theory", "rho, finite-time theory"]
        .iter()
        .flat_map(|q| at_tau(rows, q, tau).filter_map(|r| r.rel_err()))
        .map(|e| 100.0 * e)
        .collect();
    let lo = errs.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = errs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    (lo <= hi).then_some((lo, hi))
}

fn why_fig28(s: &Setup, quick: bool, rows: &[Row]) -> String {
    let f13 = if quick {
        Setup::quick(Which::Fig13)
    } else {
        Setup::full(Which::Fig13)
    };
    let time = |x: &Setup| x.lr * x.steps as f64;
    let mut text = format!(
        "Why Fig. 28 needs longer training: at sigma = {} the variance part of the loss, and with \
         it the part of the gradient that moves M away from the bias-only solution, is about \
         sigma^2 = {:.2} times that of Fig. 13 (L_var is quadratic in sigma to leading order), so \
         learning along lambda+ is slower; the set-up gives it {:.0} times the learning time \
         lr * tau of Fig. 13 ({} x {} against {} x {}).",
        s.noise,
        s.noise * s.noise / (f13.noise * f13.noise),
        time(s) / time(&f13),
        s.lr,
        s.steps,
        f13.lr,
        f13.steps
    );
    let (first, last) = (s.snapshots.first(), s.snapshots.last());
    if let (Some(&t0), Some(&t1)) = (first, last) {
        if let (true, Some(e0), Some(e1)) = (t0 < t1, error_range(rows, t0), error_range(rows, t1))
        {
            text += &format!(
                " At the early snapshot (tau = {t0}) the networks are still learning: their \
                 |kappa_bar| and rho lie {:.0}-{:.0}% from the finite-time optimum, against \
                 {:.0}-{:.0}% at the final step (tau = {t1}).",
                e0.0, e0.1, e1.0, e1.1
            );
        }
    }
    if let Some(&t1) = last {
        let stationary: Vec<&Row> = at_tau(rows, "|kappa_bar|, stationary optimum", t1).collect();
        if let (Some(a), Some(b)) = (stationary.first(), stationary.last()) {
            let num = |v: Option<f64>| v.map_or("-".to_string(), |x| format!("{x:.2}"));
            text += &format!(
                " The stationary optimum (Eq. 53) predicts |kappa_bar| = {} at {} and {} at {}, \
                 while the trained networks reach {} and {}: the loss window ({} <= t <= {}) is \
                 as short as in Fig. 13, the latent state is still relaxing along v+ during it, \
                 and the finite-time theory, which follows the window, stays close to the \
                 trained values at every N.",
                num(a.theory),
                a.at.split(',').next().unwrap_or(""),
                num(b.theory),
                b.at.split(',').next().unwrap_or(""),
                num(a.simulation),
                num(b.simulation),
                s.t_loss_min,
                s.t_max
            );
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reproduce::report::Check;

    fn row(q: &str, at: &str, theory: f64, sim: f64) -> Row {
        Row::new(q, at, Some(theory), Some(sim), Check::Info)
    }

    #[test]
    fn fig28_note_has_its_own_numbers() {
        let s = Setup::full(Which::Fig28);
        let rows = vec![
            row(
                "|kappa_bar|, finite-time theory",
                "N = 64, tau = 1152",
                0.8,
                0.64,
            ),
            row("rho, finite-time theory", "N = 64, tau = 1152", 0.1, 0.108),
            row(
                "|kappa_bar|, finite-time theory",
                "N = 64, tau = 5000",
                0.8,
                0.76,
            ),
            row("rho, finite-time theory", "N = 64, tau = 5000", 0.1, 0.103),
            row(
                "|kappa_bar|, stationary optimum",
                "N = 64, tau = 5000",
                0.83,
                0.79,
            ),
            row(
                "|kappa_bar|, stationary optimum",
                "N = 256, tau = 5000",
                0.62,
                0.80,
            ),
        ];
        let text = why_fig28(&s, false, &rows);
        // sigma^2 = 0.04 of Fig. 13's; learning time 0.01 x 5000 = 50 against 0.005 x 2000 = 10
        assert!(text.contains("sigma^2 = 0.04 times"), "{text}");
        assert!(text.contains("5 times the learning time"), "{text}");
        // |kappa_bar| 20% and rho 8% off at tau = 1152; 5% and 3% at the end
        assert!(
            text.contains("lie 8-20% from the finite-time optimum"),
            "{text}"
        );
        assert!(
            text.contains("against 3-5% at the final step (tau = 5000)"),
            "{text}"
        );
        assert!(
            text.contains("0.83 at N = 64 and 0.62 at N = 256"),
            "{text}"
        );
        assert!(text.contains("reach 0.79 and 0.80"), "{text}");
        assert!(!text.contains("1024"), "{text}");
        // Fig. 13 keeps its own explanation
        let n13 = notes(&Setup::full(Which::Fig13), Which::Fig13, false, &[], 0.1);
        assert!(n13[1].contains("N = 1024") && !n13[1].contains("Fig. 28"));
    }
}
