//! The README's agreement and speed figures against what was measured, so that they cannot
//! drift: the agreement claims against the rows of `figures/REPORT.md` (written by
//! `oblique reproduce`), the speed claims against `bench/results/*.json` (written by
//! `bench/time_reproduce.sh`, `bench/criterion_summary.py` and `bench/train_vs_torch.py`), and
//! the checks of the noise ratios of complex sine, Mante and Romo against PyTorch and numpy
//! against `bench/results/noise_ratio_vs_torch*.json` (written by
//! `bench/noise_ratio_vs_torch.py`).
//!
//! Each check builds the sentence the README must contain from the measured numbers (ranges
//! of relative errors rounded outwards to whole percent, times to three significant digits)
//! and fails with the sentence to write when the README says something else.

#[path = "readme_claims/captions.rs"]
mod captions;
#[path = "readme_claims/dissim_torch.rs"]
mod dissim_torch;
#[path = "readme_claims/figures_size.rs"]
mod figures_size;
#[path = "readme_claims/noise_tasks.rs"]
mod noise_tasks;
#[path = "readme_claims/noise_torch.rs"]
mod noise_torch;
#[path = "readme_claims/paper.rs"]
mod paper;
#[path = "readme_claims/romo_torch.rs"]
mod romo_torch;
#[path = "readme_claims/susceptibility.rs"]
mod susceptibility;
#[path = "readme_claims/tasks.rs"]
mod tasks;
#[path = "readme_claims/timings.rs"]
mod timings;

use std::path::Path;

fn read(rel: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A JSON file of the repository (a `bench/results/` file or a report section).
fn read_json(rel: &str) -> serde_json::Value {
    serde_json::from_str(&read(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The numbers of column `field` of a report CSV (`fig*_networks.csv`) on the lines
/// starting with `prefix` (e.g. "romo,large,0.7,").
fn column(csv: &str, prefix: &str, field: &str) -> Vec<f64> {
    let text = read(csv);
    let mut lines = text.lines();
    let head: Vec<&str> = lines.next().expect("a header").split(',').collect();
    let col = head
        .iter()
        .position(|h| *h == field)
        .unwrap_or_else(|| panic!("{csv} has no column {field}"));
    lines
        .filter(|l| l.starts_with(prefix))
        .map(|l| {
            l.split(',')
                .nth(col)
                .expect("a field")
                .parse()
                .expect("a number")
        })
        .collect()
}

/// The README with every run of whitespace made one space (claims break across lines).
fn readme() -> String {
    read("README.md")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn assert_says(readme: &str, sentence: &str, what: &str) {
    assert!(
        readme.contains(sentence),
        "README.md does not state what was measured for {what}: it should say \"{sentence}\""
    );
}

/// One row of a report table: quantity, where, relative error in percent, target.
#[derive(Debug)]
struct Row {
    quantity: String,
    at: String,
    rel_pct: Option<f64>,
    target: String,
    /// the published or theory value and ours, as the report prints them
    theory: String,
    simulation: String,
    /// "pass", "**FAIL**", "missing" or "(info)"
    verdict: String,
}

/// The rows of the report section whose heading starts with `## {heading}`.
fn section_rows(report: &str, heading: &str) -> Vec<Row> {
    let start = report
        .find(&format!("## {heading}"))
        .unwrap_or_else(|| panic!("figures/REPORT.md has no section {heading}"));
    let body = &report[start + 3..];
    let body = &body[..body.find("\n## ").unwrap_or(body.len())];
    body.lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| quantity") && !l.starts_with("| ---"))
        .filter_map(|l| {
            let cells: Vec<String> = l
                .replace("\\|", "!")
                .split('|')
                .map(|c| c.trim().to_string())
                .collect();
            // | quantity | at | theory | simulation | noise band | rel. error | target | verdict | note |
            (cells.len() >= 9).then(|| Row {
                quantity: cells[1].clone(),
                at: cells[2].clone(),
                rel_pct: cells[6].strip_suffix('%').and_then(|v| v.parse().ok()),
                target: cells[7].clone(),
                theory: cells[3].clone(),
                simulation: cells[4].clone(),
                verdict: cells[8].clone(),
            })
        })
        .collect()
}

/// `tau` of a row's `at` ("N = 64, tau = 2000"), if any.
fn tau(row: &Row) -> Option<u64> {
    let i = row.at.find("tau = ")?;
    row.at[i + 6..]
        .split(|c: char| !c.is_ascii_digit())
        .next()?
        .parse()
        .ok()
}

/// The relative errors (percent) of `rows` that `keep` selects; fails if there are none.
fn errors(rows: &[Row], keep: impl Fn(&Row) -> bool, what: &str) -> Vec<f64> {
    let v: Vec<f64> = rows
        .iter()
        .filter(|r| keep(r))
        .filter_map(|r| r.rel_pct)
        .collect();
    assert!(!v.is_empty(), "figures/REPORT.md has no rows for {what}");
    v
}

/// The smallest and the largest of `v`.
fn extent(v: &[f64]) -> (f64, f64) {
    let lo = v.iter().copied().fold(f64::INFINITY, f64::min);
    (lo, v.iter().copied().fold(f64::NEG_INFINITY, f64::max))
}

/// The mean of `v`.
fn mean(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / v.len() as f64
}

/// `lo-hi` rounded outwards to whole percent.
fn range(v: &[f64]) -> String {
    let (lo, hi) = extent(v);
    format!("{}-{}%", lo.floor(), hi.ceil())
}

fn upper(v: &[f64]) -> String {
    format!("{}%", extent(v).1.ceil())
}

#[test]
fn range_and_bound_round_outwards() {
    assert_eq!(range(&[1.8, 8.5, 4.0]), "1-9%");
    assert_eq!(range(&[2.0, 6.1]), "2-7%");
    assert_eq!(upper(&[4.7, 2.4, 2.9, 4.4]), "5%");
    let report = "## Fig. 1: x\n\n| quantity | at | theory | simulation | noise band | rel. error | target | verdict | note |\n| --- |\n| \\|kappa_bar\\|, a | N = 64, tau = 2000 | 1 | 1 | 0 | 4.5% | rel. error <= 10% | pass |  |\n\n## Fig. 2\n| rho | N = 1 | 1 | 1 | 0 | 9.0% | - | (info) |  |\n";
    let rows = section_rows(report, "Fig. 1");
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (rows[0].quantity.as_str(), tau(&rows[0]), rows[0].rel_pct),
        ("!kappa_bar!, a", Some(2000), Some(4.5))
    );
}

#[test]
fn fig12_agreement_is_what_the_report_measures() {
    let rows = section_rows(&read("figures/REPORT.md"), "Fig. 12");
    let v = errors(
        &rows,
        |r| {
            r.quantity.starts_with("L_var, Euler-map theory")
                && (r.at == "lambda+ = 1.9" || r.at == "lambda+ = 2.6")
        },
        "Fig. 12 L_var at lambda+ = 1.9 and 2.6",
    );
    let s = format!(
        "the simulated L_var lies within {} of our theory",
        upper(&v)
    );
    assert_says(&readme(), &s, "Fig. 12");
}

#[test]
fn fig13_and_fig28_agreement_is_what_the_report_measures() {
    let report = read("figures/REPORT.md");
    let (mut latents, mut lvar, mut early) = (Vec::new(), Vec::new(), Vec::new());
    for heading in ["Fig. 13", "Fig. 28"] {
        let rows = section_rows(&report, heading);
        let last = rows.iter().filter_map(tau).max().expect("rows with tau");
        let finite = |r: &Row| r.quantity.contains("finite-time theory");
        let latent =
            |r: &Row| r.quantity.starts_with("!kappa_bar!") || r.quantity.starts_with("rho");
        // the targets: |kappa_bar| and rho at the end of training
        latents.extend(errors(
            &rows,
            |r| finite(r) && latent(r) && tau(r) == Some(last),
            heading,
        ));
        assert!(rows
            .iter()
            .filter(|r| finite(r) && latent(r) && tau(r) == Some(last))
            .all(|r| r.target != "-"));
        lvar.extend(errors(
            &rows,
            |r| finite(r) && r.quantity.starts_with("L_var") && tau(r) == Some(last),
            heading,
        ));
        if heading == "Fig. 28" {
            early.extend(errors(
                &rows,
                |r| finite(r) && latent(r) && tau(r) == Some(1152),
                "Fig. 28, tau = 1152",
            ));
        }
    }
    let text = readme();
    let s = format!("the trained |kappa_bar| and rho at the end of training lie within {} of our finite-time theory", range(&latents));
    assert_says(&text, &s, "Figs. 13 and 28 (|kappa_bar|, rho)");
    assert_says(
        &text,
        &format!("the trained L_var within {}", range(&lvar)),
        "Figs. 13 and 28 (L_var)",
    );
    assert_says(
        &text,
        &format!("(Fig. 28 at tau = 1152: {})", range(&early)),
        "Fig. 28 at tau = 1152",
    );
}

/// A JSON number at `path` (keys separated by '/') of a results file.
fn json_number(text: &str, path: &[&str]) -> f64 {
    let mut v: serde_json::Value = serde_json::from_str(text).expect("valid JSON");
    for key in path {
        v = v
            .get(*key)
            .unwrap_or_else(|| panic!("no {key} in {path:?}"))
            .clone();
    }
    v.as_f64()
        .unwrap_or_else(|| panic!("{path:?} is not a number"))
}

/// Three significant digits, as the README writes timings.
fn sig3(x: f64) -> String {
    let digits = (2 - x.abs().log10().floor() as i32).max(0) as usize;
    format!("{x:.digits$}")
}

#[test]
fn sig3_formats_like_the_readme() {
    assert_eq!(
        (sig3(3.734), sig3(10.45), sig3(198.2), sig3(0.2351)),
        ("3.73".into(), "10.4".into(), "198".into(), "0.235".into())
    );
}

/// The mean-field rows of the speed table come from `bench/results/mft.json`
/// (`bench/mft_vs_numpy.py --write`, after `cargo bench -p oblique-theory --bench mft`).
#[test]
fn mean_field_rows_are_what_was_measured() {
    let res = read("bench/results/mft.json");
    let text = readme();
    let row = |key: &str| {
        (
            json_number(&res, &["rows", key, "numpy_us"]),
            json_number(&res, &["rows", key, "oblique_us"]),
        )
    };
    for key in ["erf_point", "tanh_point"] {
        let (np, rs) = row(key);
        let s = format!(
            "| numpy/scipy {} us | {} us | {:.0}x |",
            sig3(np),
            sig3(rs),
            np / rs
        );
        assert_says(&text, &s, key);
    }
    let (np, rs) = row("sweep_1m");
    let s = format!(
        "| vectorised numpy {} ms | {} ms | {:.1}x |",
        sig3(np / 1e3),
        sig3(rs / 1e3),
        np / rs
    );
    assert_says(&text, &s, "the 1,000,000-point sweep");
}

/// The L_var-gradient rows, the LAPACK sentence and the Fig. 10 theory rows come from
/// `bench/results/linear_var_grad.json` (`bench/linear_vs_scipy.py --threads 1 --write`, after
/// the criterion runs of `theory/benches/linear.rs`, pure Rust and `--features lapack`).
#[test]
fn linear_theory_rows_are_what_was_measured() {
    let res = read("bench/results/linear_var_grad.json");
    let text = readme();
    let ms = |size: &str, k: &str| json_number(&res, &["sizes", size, k]);
    let mut faster = Vec::new();
    for (size, unit, scale) in [("256", "ms", 1.0), ("1000", "s", 1e-3)] {
        let (sp, pure, lap) = (
            ms(size, "scipy_ms"),
            ms(size, "rust_pure_ms"),
            ms(size, "rust_lapack_ms"),
        );
        let s = format!(
            "| scipy {} {unit} | {} {unit} (pure Rust), {} {unit} (lapack) | {:.1}x ({:.1}x) |",
            sig3(sp * scale),
            sig3(pure * scale),
            sig3(lap * scale),
            sp / pure,
            sp / lap
        );
        assert_says(&text, &s, &format!("the L_var gradient row at N = {size}"));
        faster.push(pure / lap);
    }
    let s = format!(
        "{:.2}x faster at N = 256 and {:.2}x at N = 1000",
        faster[0], faster[1]
    );
    assert_says(&text, &s, "the LAPACK sentence");
    let c = |k: &str| json_number(&res, &["criterion_ms", k]);
    for s in [
        format!("| - | {} ms | - |", sig3(c("closed_form_and_flow"))),
        format!(
            "`gradient_noise_fig10` {} ms) | - | {} s | - |",
            sig3(c("gradient_noise")),
            sig3(c("sgd_moments") / 1e3)
        ),
    ] {
        assert_says(&text, &s, "the Fig. 10 theory rows");
    }
}

/// The README's count of target rows that pass at the default size is the committed
/// report's (its summary table: the pass column summed, nothing failing or missing).
#[test]
fn default_rows_passing_are_what_the_report_counts() {
    let report = read("figures/REPORT.md");
    let (mut pass, mut other) = (0, 0);
    for line in report.lines().filter(|l| l.starts_with("| [")) {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let n = |i: usize| {
            cells[i]
                .parse::<usize>()
                .expect("a count in the summary table")
        };
        pass += n(3);
        other += n(4) + n(5);
    }
    assert!(pass > 0, "figures/REPORT.md has no summary table");
    assert_eq!(other, 0, "figures/REPORT.md: rows fail or are missing");
    let s = format!("All {pass} target rows pass at the default size with master seed 1");
    assert_says(&readme(), &s, "the default report's count");
}

/// The default grid's time in the table of set-ups, and Fig. 10's and the grid's in the
/// run-time notes, are those the committed report states.
#[test]
fn default_grid_time_is_what_the_report_states() {
    let fig3: serde_json::Value = read_json("figures/fig3.report.json");
    let setup = fig3["setup"].as_str().expect("a set-up line");
    let took = setup
        .split("took ")
        .nth(1)
        .expect("the set-up line says what the grid took");
    let (wall, rest) = took.split_once(" s (").expect("`W s (C CPU s)`");
    let cpu = rest.split_once(" CPU s)").expect("`C CPU s)`").0;
    let text = readme();
    assert_says(
        &text,
        &format!("| {wall} s idle ({cpu} CPU s; the grid of `reproduce all`"),
        "the default grid's time (figures/fig3.report.json)",
    );
    let fig10 = json_number(&read("figures/fig10.report.json"), &["seconds"]);
    let s = format!(
        "Fig. 10 took {:.0} s and the grid of trained networks {wall} s for {cpu} CPU s",
        fig10
    );
    assert_says(&text, &s, "the run-time note (figures/*.report.json)");
}
