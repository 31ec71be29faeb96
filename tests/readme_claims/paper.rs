//! The README's results of the published set-up for some tasks against
//! `figures/paper-subset/REPORT.md` (written by `oblique reproduce all --collect` of the
//! `--paper --tasks ... --networks 5,0` runs), `figures/paper-complex-sine/REPORT.md`
//! (complex sine with `--networks 5,5`: Figs. 3-6 and Fig. 16 from one run) and
//! `figures/paper-cycling/REPORT.md`
//! (cycling with `--networks 5,5`: the g = 0.7 networks of Fig. 16 too), and
//! `figures/paper-flipflop/REPORT.md` (the same for flip-flop); `figures/paper-mante/REPORT.md`
//! (Mante with `--networks 5,5`, collected for Fig. 16 only) and `figures/paper-romo/REPORT.md`
//! (Romo with `--networks 5,5`, the same).

use super::{assert_says, read, readme, section_rows, Row};

const REPORT: &str = "figures/paper-subset/REPORT.md";
const COMPLEX_SINE: &str = "figures/paper-complex-sine/REPORT.md";
const CYCLING: &str = "figures/paper-cycling/REPORT.md";
const FLIPFLOP: &str = "figures/paper-flipflop/REPORT.md";
const MANTE: &str = "figures/paper-mante/REPORT.md";
const ROMO: &str = "figures/paper-romo/REPORT.md";
/// Published values and claims of cycling's report: Figs. 3-6 (16 and 6) and Fig. 16 (6 and 2).
const MIN_CYCLING: (usize, usize) = (22, 8);

/// The figures of a run with g = 1.5 networks only.
const CHAOTIC: &[&str] = &["Fig. 3", "Fig. 4", "Fig. 5", "Fig. 6"];

/// The rows of the figures `headings` in a paper-size report.
fn rows(path: &str, headings: &[&str]) -> Vec<Row> {
    let report = read(path);
    headings
        .iter()
        .flat_map(|h| section_rows(&report, h))
        .collect()
}

/// The rows compared with a published value, and the claims (ratios and bounds).
fn values_and_claims(rows: &[Row]) -> (Vec<&Row>, Vec<&Row>) {
    let value = |r: &&Row| r.target == "within a factor 1.5";
    let claims = rows
        .iter()
        .filter(|r| !value(r) && r.target != "-")
        .collect();
    (rows.iter().filter(value).collect(), claims)
}

/// The README's sentence of the counts.
fn counts(values: &[&Row], claims: &[&Row]) -> String {
    format!(
        "{} published values lie within a factor 1.5 of ours and {} claims hold",
        counted(values),
        counted(claims)
    )
}

fn counted(rows: &[&Row]) -> String {
    let pass = rows.iter().filter(|r| r.verdict == "pass").count();
    format!("{pass} of {}", rows.len())
}

#[test]
fn paper_subset_is_what_the_report_measures() {
    // four tasks: 16 published values and 6 claims each, less what a task does not show
    says_what_the_report_measures(REPORT, CHAOTIC, 60, 20);
}

/// Complex sine with `--networks 5,5`: Figs. 3-6 (16 published values and 6 claims) and
/// Fig. 16 (its g = 0.7 rows: 6 published values and 2 claims).
#[test]
fn paper_complex_sine_is_what_its_report_measures() {
    says_what_the_report_measures(COMPLEX_SINE, CHAOTIC, 16, 6);
    says_what_the_report_measures(COMPLEX_SINE, &["Fig. 16"], 6, 2);
}

/// The five tasks at g = 1.5: paper-subset's four and complex sine's counts together.
#[test]
fn all_five_tasks_at_the_published_set_up_are_counted() {
    says_the_counts_together(
        &[REPORT, COMPLEX_SINE],
        CHAOTIC,
        "`figures/paper-subset/`",
        (76, 26),
    );
}

#[test]
fn paper_cycling_is_what_its_report_measures() {
    let all = [CHAOTIC, &["Fig. 16"]].concat();
    says_what_the_report_measures(CYCLING, &all, MIN_CYCLING.0, MIN_CYCLING.1);
}

/// Flip-flop with `--networks 5,5`: Figs. 3-6 (16 values, 5 claims) and Fig. 16 (6 and 2).
#[test]
fn paper_flipflop_is_what_its_report_measures() {
    let all = [CHAOTIC, &["Fig. 16"]].concat();
    says_what_the_report_measures(FLIPFLOP, &all, 22, 7);
}

/// Fig. 16's g = 0.7 rows of the five tasks together (6 published values and 2 claims each).
#[test]
fn fig16_of_the_five_tasks_is_counted() {
    let paths = [CYCLING, FLIPFLOP, MANTE, ROMO, COMPLEX_SINE];
    says_the_counts_together(&paths, &["Fig. 16"], "all five tasks together", (30, 10));
}

/// The README gives, after `lead`, the counts of the rows of `headings` in all `paths`
/// together (at least `min` = (values, claims) of them).
fn says_the_counts_together(paths: &[&str], headings: &[&str], lead: &str, min: (usize, usize)) {
    let all: Vec<Row> = paths.iter().flat_map(|p| rows(p, headings)).collect();
    let (values, claims) = values_and_claims(&all);
    assert!(
        values.len() >= min.0 && claims.len() >= min.1,
        "{lead}: too few rows ({} values, {} claims)",
        values.len(),
        claims.len()
    );
    let s = format!("{lead}, {}", counts(&values, &claims));
    assert_says(&readme(), &s, lead);
}

/// Mante and Romo with `--networks 5,5`, collected with `reproduce fig16`: Fig. 16's
/// g = 0.7 rows (6 published values and 2 claims each), and no section of Figs. 3-6.
#[test]
fn paper_mante_and_romo_are_what_their_reports_measure() {
    for path in [MANTE, ROMO] {
        says_what_the_report_measures(path, &["Fig. 16"], 6, 2);
        let report = read(path);
        for h in CHAOTIC {
            assert!(
                !report.contains(&format!("## {h}:")),
                "{path} has a {h} section: its g = 1.5 rows are paper-subset's"
            );
        }
    }
}

/// The README gives the counts of `path`'s published values within a factor 1.5 and of its
/// claims that hold, and names every row apart (at least `min_values` and `min_claims`).
fn says_what_the_report_measures(
    path: &str,
    headings: &[&str],
    min_values: usize,
    min_claims: usize,
) {
    let rows = rows(path, headings);
    assert!(
        read(path).contains("made by the paper set-up"),
        "{path} is not of the paper set-up"
    );
    let (values, claims) = values_and_claims(&rows);
    assert!(
        values.len() >= min_values && claims.len() >= min_claims,
        "{path}: too few rows ({} values, {} claims)",
        values.len(),
        claims.len()
    );
    assert!(
        rows.iter().all(|r| r.verdict != "missing"),
        "{path}: rows missing"
    );
    assert_says(&readme(), &counts(&values, &claims), path);
    for r in rows.iter().filter(|r| r.verdict != "pass") {
        let s = format!(
            "{}, {}: {} against the published {}",
            r.at, r.quantity, r.simulation, r.theory
        );
        assert_says(&readme(), &s, path);
    }
}

/// The README's sentence on the dissimilarities apart repeats the bound of the report's
/// Fig. 4 note ("... by at most X rad"), and is there only while the note is.
#[test]
fn the_dissimilarity_bound_is_the_reports() {
    let bound = |text: &str| -> Option<String> {
        let at = text.find("by at most ")? + "by at most ".len();
        let rest = &text[at..];
        Some(rest[..rest.find(" rad")?].to_string())
    };
    let report = bound(&read(REPORT).replace('\n', " "));
    let ours = bound(&readme().replace('\n', " "));
    assert_eq!(
        ours, report,
        "README and {REPORT} state different bounds for the dissimilarity checks"
    );
}
