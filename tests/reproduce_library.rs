//! `reproduce` called from Rust, without spawning the binary: the quick Fig. 12 into a
//! temporary directory. The fixed-M simulations (N = 256, seed 1) meet the Euler-map theory
//! within the quick tolerances, and the CSV behind the figure holds the numbers of the report.

use oblique::reproduce::{self, report::Section, Config, Target};

fn row<'a>(sec: &'a Section, quantity: &str, at: &str) -> &'a reproduce::report::Row {
    sec.rows
        .iter()
        .find(|r| r.quantity == quantity && r.at == at)
        .unwrap_or_else(|| panic!("no row {quantity} at {at}"))
}

#[test]
fn quick_fig12_from_the_library() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = Config::quick(dir.path(), "reproduce_library test");
    let sections = reproduce::run(&[Target::Fig12], &cfg).unwrap();
    assert_eq!(sections.len(), 1);
    let sec = &sections[0];
    assert_eq!(sec.id, "fig12");
    assert!(sec.missing.is_empty(), "{:?}", sec.missing);
    reproduce::check(&sections).unwrap();
    for f in &sec.files {
        let len = std::fs::metadata(dir.path().join(f)).unwrap().len();
        assert!(len > 100, "{f}: {len} bytes");
    }
    assert!(dir.path().join("REPORT.md").is_file());

    // away from lambda+min the simulation meets the theory of the simulated Euler map
    // (3 networks x 64 trials: statistical error of L_var about 5%)
    for lp in ["2.6", "1.9"] {
        let at = format!("lambda+ = {lp}");
        let kappa = row(sec, "|kappa_bar|, Euler-map theory (dt = 0.2)", &at);
        let lvar = row(sec, "L_var, Euler-map theory (dt = 0.2)", &at);
        assert!(kappa.rel_err().unwrap() < 0.1, "{kappa:?}");
        assert!(lvar.rel_err().unwrap() < 0.15, "{lvar:?}");
    }

    // the CSV behind panels B-D holds the report's simulated and predicted L_var
    let mut csv = csv::Reader::from_path(dir.path().join("fig12_points.csv")).unwrap();
    let head = csv.headers().unwrap().clone();
    let col = |name: &str| head.iter().position(|h| h == name).unwrap();
    let (lp, sim, th) = (
        col("lambda_plus"),
        col("sim_l_var"),
        col("euler_theory_l_var"),
    );
    let mut seen = 0;
    for rec in csv.records() {
        let rec = rec.unwrap();
        let r = row(
            sec,
            "L_var, Euler-map theory (dt = 0.2)",
            &format!("lambda+ = {}", &rec[lp]),
        );
        let num = |i: usize| rec[i].parse::<f64>().unwrap();
        assert!((num(sim) - r.simulation.unwrap()).abs() <= 1e-12 * num(sim).abs());
        assert!((num(th) - r.theory.unwrap()).abs() <= 1e-12 * num(th).abs());
        seen += 1;
    }
    assert_eq!(seen, 3, "one CSV row per simulated lambda+");
}
