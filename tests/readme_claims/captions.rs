//! The figure captions' claim ratios (Figs. 3-5 at the default size) against the committed
//! report's rows, so that a rerun with another set-up cannot leave them stale.

use super::{assert_says, read, readme, section_rows};

/// The ratio rows `quantity` of section `heading`, one per task: (task, our value).
fn ratios(heading: &str, quantity: &str) -> Vec<(String, f64)> {
    let report = read("figures/REPORT.md");
    let v: Vec<(String, f64)> = section_rows(&report, heading)
        .into_iter()
        .filter(|r| r.quantity == quantity)
        .map(|r| (r.at.clone(), r.simulation.parse().expect("a number")))
        .collect();
    assert_eq!(
        v.len(),
        5,
        "figures/REPORT.md: five rows of {quantity} in {heading}"
    );
    v
}

/// `lo-hi` of the values, rounded outwards to `digits` decimals.
fn span(v: &[(String, f64)], digits: i32) -> String {
    let f = 10f64.powi(digits);
    let lo = v.iter().map(|x| x.1).fold(f64::INFINITY, f64::min);
    let hi = v.iter().map(|x| x.1).fold(f64::NEG_INFINITY, f64::max);
    let d = digits as usize;
    format!("{:.d$}-{:.d$}", (lo * f).floor() / f, (hi * f).ceil() / f)
}

#[test]
fn fig3_to_fig5_captions_are_what_the_report_measures() {
    let text = readme();
    let rho = ratios("Fig. 3", "rho small / large (g = 1.5)");
    let s = format!(
        "The correlation ratio is {} (claim: at least 3)",
        span(&rho, 1)
    );
    assert_says(&text, &s, "the Fig. 3 caption");
    let dissim = ratios("Fig. 4", "dissimilarity (rad) large / small (g = 1.5)");
    let thinnest = dissim
        .iter()
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .expect("rows");
    let s = format!(
        "ratios {} at g = 1.5; the thinnest margin is {}'s {:.2}",
        span(&dissim, 2),
        thinnest.0,
        thinnest.1
    );
    assert_says(&text, &s, "the Fig. 4 caption");
    let sus = ratios("Fig. 5", "rel. susceptibility large / small (g = 1.5)");
    let s = format!("ratios {} at g = 1.5", span(&sus, 2));
    assert_says(&text, &s, "the Fig. 5 caption");
    // the thin margins it names, to two decimals
    let of = |task: &str| sus.iter().find(|x| x.0 == task).expect("the task's row").1;
    let s = format!(
        "cycling {:.2}, Romo {:.2} and complex sine {:.2} are thin margins",
        of("Cycling"),
        of("Romo"),
        of("Complex sine")
    );
    assert_says(&text, &s, "the Fig. 5 caption's thin margins");
}

/// The mean fraction of the report's training table (Fig. 16 section) for `task`, column
/// `col` (0: small g = 1.5, 1: large g = 1.5, 2: small g = 0.7, 3: large g = 0.7), as printed.
fn trained(task: &str, col: usize) -> String {
    let report = read("figures/REPORT.md");
    let table = report
        .split("How far each scenario trained: ")
        .nth(1)
        .expect("figures/REPORT.md: the Fig. 16 section's training table");
    let line = table
        .lines()
        .find(|l| l.starts_with(&format!("| {task} | ")))
        .unwrap_or_else(|| panic!("figures/REPORT.md: no training-table row for {task}"));
    let cell = line.split('|').nth(col + 2).expect("a cell").trim();
    cell.split_whitespace().next().expect("a mean").to_string()
}

#[test]
fn fig16_caption_is_what_the_training_table_says() {
    let s = format!(
        "cycling's large-output g = 0.7 networks stop at about half ({}; its small-output ones \
         train on to {}) and complex sine's large-output networks near a zero output ({} at \
         g = 1.5, {} at g = 0.7)",
        trained("cycling", 3),
        trained("cycling", 2),
        trained("complex-sine", 1),
        trained("complex-sine", 3)
    );
    assert_says(&readme(), &s, "the Fig. 16 caption");
}
