//! What the report says where, at the paper size, a value parts from the published one by
//! more than the factor 1.5 (issue 12, item 3: "an explanation wherever ours and the
//! published values part"): what was checked, and what was not found.

use super::rows::Fig;
use crate::reproduce::report::{Check, Row, Verdict};

/// The note of a row whose value misses the factor 1.5 at the paper size.
pub const ROW_NOTE: &str = "apart from the published value; what was checked is in the notes";

/// Rows apart at the paper size that a `bench/` script checked against independent code,
/// as (quantity, where, script); their note is [`same_in_pytorch`].
const CHECKED: &[(&str, &str, &str)] = &[
    (
        "var. output / random (small output, g = 0.7)",
        "Complex sine",
        NOISE_SCRIPT,
    ),
    (
        "var. output / random (large output, g = 0.7)",
        "Complex sine",
        NOISE_SCRIPT,
    ),
    (
        "var. output / random (small output, g = 0.7)",
        "Mante",
        NOISE_SCRIPT,
    ),
    (
        "var. output / random (large output, g = 1.5)",
        "Mante",
        NOISE_SCRIPT,
    ),
    (
        "var. output / random (small output, g = 1.5)",
        "Romo",
        NOISE_SCRIPT,
    ),
    (
        "rel. susceptibility (small output, g = 1.5)",
        "Mante",
        SUSCEPTIBILITY_SCRIPT,
    ),
    (
        "rel. susceptibility (large output, g = 0.7)",
        "Complex sine",
        SUSCEPTIBILITY_SCRIPT,
    ),
    (
        "rel. susceptibility (large output, g = 1.5)",
        "Romo",
        SUSCEPTIBILITY_SCRIPT,
    ),
    (
        "rel. susceptibility (large output, g = 0.7)",
        "Romo",
        SUSCEPTIBILITY_SCRIPT,
    ),
    ("rho (large output, g = 0.7)", "Romo", STATIC_SCRIPT),
];

/// The script that measures rho, D_x and D_fit of PyTorch's networks in numpy and sklearn.
const STATIC_SCRIPT: &str = "bench/static_vs_torch.py";

/// The script that measures the susceptibility of PyTorch's networks in numpy and oblique.
const SUSCEPTIBILITY_SCRIPT: &str = "bench/susceptibility_vs_torch.py";

/// The script that trains the published recipe in PyTorch and measures its noise ratios.
const NOISE_SCRIPT: &str = "bench/noise_ratio_vs_torch.py";

/// The note of a [`CHECKED`] row checked by `script`.
fn same_in_pytorch(script: &str) -> String {
    format!(
        "apart from the published value; the published recipe trained in PyTorch and \
         measured in numpy gives the same ({script}; numbers in the README)"
    )
}

/// How each paragraph of [`paragraph`] ends.
const ENDING: &str = "The published training notebook's outputs come from an older version of its \
                      code (paper-methods, Surprise 12).";

/// What was read against paper-methods for the tasks, in every paragraph.
const GENERATORS: &str = "the task generators (timings, draws, targets, masks)";

/// What was read against paper-methods for the training, in every paragraph.
const PRESETS: &str = "the published presets (steps, lr0 per scenario, noise, mask step, all \
                       three weights trained with Adam)";

/// What [`mark`] found in a figure's rows: how many published values miss their factor, and
/// how many of those were checked against independent code ([`CHECKED`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Apart {
    /// rows apart from the published value
    pub marked: usize,
    /// of those, rows a `bench/` script reproduced with independent code
    pub checked: usize,
}

impl Apart {
    /// Whether any row is apart.
    pub fn any(self) -> bool {
        self.marked > 0
    }

    /// What the paragraph says of the cause.
    fn cause(self) -> &'static str {
        if self.checked == 0 {
            "the cause is not found"
        } else if self.checked == self.marked {
            "for every row apart, the published recipe trained in PyTorch and measured in \
             numpy gives the same (the bench/ script in the row's note), so the gap lies in \
             the recipe as documented, not in this code"
        } else {
            "for the rows whose note names a bench/ script, the published recipe trained in \
             PyTorch and measured in numpy gives the same; for the others the cause is not \
             found"
        }
    }
}

/// The paragraph of a figure's notes when some of its values are apart at the paper size:
/// which parts of the computation were checked against paper-methods, item by item, and
/// (`apart`) whether independent code gives the same.
pub fn paragraph(fig: Fig, apart: Apart) -> String {
    let (what, measure) = match fig {
        Fig::Fig3 => (
            "values",
            "the measures (methods 3.1-3.4: the correlation of W_out with the centred \
             noise-free states at t >= 10, the RMS norms, PCA of those states relative to the \
             total variance, ridge regression of the network's own output on the projections \
             at all times with efficient leave-one-out over 20 alphas, 24 training trials and \
             R^2 pooled over the 32)",
        ),
        Fig::Fig4 => {
            return format!(
                "At the paper size some dissimilarities part from the published ones by more \
                 than the factor 1.5. We compute them as methods 3.6 states (noise-free states \
                 at t >= 10 on the shared evaluation batch, columns centred, angular Procrustes \
                 distance), and {GENERATORS} and {PRESETS} match paper-methods; {}. Taking \
                 tanh(x) instead of x, or keeping t < 10, moves each mean of cycling and \
                 flip-flop by at most 0.035 rad. {ENDING}",
                apart.cause()
            )
        }
        Fig::Fig5 => (
            "susceptibilities",
            "the perturbation protocol (methods 3.8: 21 amplitudes up to A sqrt(N), A = 5 for \
             Romo and 10 otherwise; ten kick times; Romo's masks moved to the latest decision \
             window, Mante's mask the response only; frozen initial noise, no hidden noise; \
             directions in the span of W_out and of the top two PCs at t >= 10; AUC over the \
             21 amplitudes)",
        ),
        Fig::Fig6 => (
            "noise ratios",
            "the measure (methods 3.7: the first 4 evaluation trials x 16 repeats, fresh \
             initial noise, hidden noise at the training level, 0.05 for Mante, Mante's input \
             noise the same in every repeat, whole trials, fluctuations about the condition \
             mean, 2000 random directions)",
        ),
        Fig::Fig16 => (
            "values",
            "the measures of Figs. 3, 5 and 6 (methods 3.1-3.4, 3.7 and 3.8; D_fit here with \
             R^2 on the 8 held-out trials)",
        ),
    };
    format!(
        "At the paper size some {what} part from the published ones by more than the factor \
         1.5. {}, {PRESETS} and {measure} were read against paper-methods item by item \
         and match; {}. {ENDING}",
        capitalised(GENERATORS),
        apart.cause()
    )
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// Marks the rows of published values that miss their factor (the claims keep their
/// notes; every figure has a [`paragraph`] for them to point to), and counts them.
pub fn mark(rows: &mut [Row]) -> Apart {
    let mut apart = Apart::default();
    for r in rows.iter_mut() {
        if matches!(r.check, Check::Factor(_)) && r.verdict() == Verdict::Fail {
            let checked = CHECKED
                .iter()
                .find(|(q, at, _)| (*q, *at) == (r.quantity.as_str(), r.at.as_str()));
            r.note = match checked {
                Some((_, _, script)) => same_in_pytorch(script),
                None => ROW_NOTE.to_string(),
            };
            apart.marked += 1;
            apart.checked += usize::from(checked.is_some());
        }
    }
    apart
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_published_values_that_miss_their_factor_are_marked() {
        let mut rows = vec![
            Row::new("a", "x", Some(1.0), Some(1.6), Check::Factor(1.5)),
            Row::new("b", "x", Some(1.0), Some(1.4), Check::Factor(1.5)),
            Row::new("c", "x", Some(1.0), Some(0.5), Check::AtLeast(1.0)),
        ];
        assert_eq!(
            mark(&mut rows),
            Apart {
                marked: 1,
                checked: 0
            }
        );
        let notes: Vec<&str> = rows.iter().map(|r| r.note.as_str()).collect();
        assert_eq!(notes, [ROW_NOTE, "", ""]);
        assert!(!mark(&mut rows[1..]).any());
    }

    #[test]
    fn a_row_checked_against_independent_code_says_so() {
        let q = "var. output / random (small output, g = 0.7)";
        let mut rows = vec![
            Row::new(
                q,
                "Complex sine",
                Some(10.0),
                Some(22.4),
                Check::Factor(1.5),
            ),
            Row::new(q, "Mante", Some(12.0), Some(24.19), Check::Factor(1.5)),
            Row::new(
                "rho (small output, g = 1.5)",
                "Complex sine",
                Some(0.18),
                Some(0.1017),
                Check::Factor(1.5),
            ),
            Row::new(
                "var. output / random (large output, g = 0.7)",
                "Complex sine",
                Some(0.9),
                Some(1.379),
                Check::Factor(1.5),
            ),
            Row::new(
                q,
                "Complex sine",
                Some(10.0),
                Some(11.0),
                Check::Factor(1.5),
            ),
            Row::new(
                "rel. susceptibility (small output, g = 1.5)",
                "Mante",
                Some(0.65),
                Some(0.4019),
                Check::Factor(1.5),
            ),
        ];
        assert_eq!(
            mark(&mut rows),
            Apart {
                marked: 5,
                checked: 4
            }
        );
        assert_eq!(
            rows[0].note,
            "apart from the published value; the published recipe trained in PyTorch and \
             measured in numpy gives the same (bench/noise_ratio_vs_torch.py; numbers in the \
             README)"
        );
        assert_eq!(rows[1].note, rows[0].note);
        assert_eq!(rows[2].note, ROW_NOTE);
        assert_eq!(rows[3].note, rows[0].note);
        assert_eq!(rows[4].note, "");
        assert_eq!(
            rows[5].note,
            "apart from the published value; the published recipe trained in PyTorch and \
             measured in numpy gives the same (bench/susceptibility_vs_torch.py; numbers in the \
             README)"
        );
    }

    #[test]
    fn every_figure_of_published_values_explains_itself() {
        let none = Apart {
            marked: 2,
            checked: 0,
        };
        for fig in [Fig::Fig3, Fig::Fig4, Fig::Fig5, Fig::Fig6, Fig::Fig16] {
            let p = paragraph(fig, none);
            assert!(p.contains("the cause is not found"), "{fig:?}");
            assert!(p.ends_with("(paper-methods, Surprise 12)."), "{fig:?}");
            assert!(p.contains("match"), "{fig:?}");
        }
        assert!(paragraph(Fig::Fig3, none)
            .starts_with("At the paper size some values part from the published ones by more than the factor 1.5. The task generators (timings"));
        assert!(paragraph(Fig::Fig4, none).contains("by at most 0.035 rad"));
    }

    #[test]
    fn the_paragraph_says_which_rows_independent_code_reproduced() {
        let all = paragraph(
            Fig::Fig16,
            Apart {
                marked: 1,
                checked: 1,
            },
        );
        assert!(all.ends_with(
            "and match; for every row apart, the published recipe trained in PyTorch and \
             measured in numpy gives the same (the bench/ script in the row's note), so the gap \
             lies in the recipe as documented, not in this code. The published training \
             notebook's outputs come from an older version of its code (paper-methods, \
             Surprise 12)."
        ));
        let some = paragraph(
            Fig::Fig6,
            Apart {
                marked: 3,
                checked: 1,
            },
        );
        assert!(some.contains(
            "and match; for the rows whose note names a bench/ script, the published recipe \
             trained in PyTorch and measured in numpy gives the same; for the others the cause \
             is not found. The published"
        ));
        assert!(!all.contains("not found"));
    }
}
