//! The README's check of Romo's apart large-output values against independent code: the
//! susceptibilities (`bench/susceptibility_vs_torch.py --task romo`) and the correlation,
//! D_x and D_fit (`bench/static_vs_torch.py`, results in `bench/results/static_vs_torch.json`)
//! of PyTorch's networks, beside the report's networks at the paper size; also complex sine's
//! small-output rho at g = 1.5, measured the same way.

use super::noise_torch::list;
use super::susceptibility::{draws_of, spread, SusceptibilityCheck};
use super::{assert_says, column, extent, mean, read_json, readme};
use serde_json::Value;

/// The row of `dir` in `bench/results/static_vs_torch.json`, where numpy's and oblique's
/// measures must agree: their common rho, D_x, D_fit and D_fit_test.
fn agreed_statics(dir: &str) -> Value {
    let res = read_json("bench/results/static_vs_torch.json");
    let row = list(&res, "rows")
        .find(|r| r["dir"].as_str() == Some(dir))
        .unwrap_or_else(|| panic!("no row {dir} in static_vs_torch.json"));
    assert_eq!(
        row["numpy"], row["oblique"],
        "numpy's and oblique's static measures of {dir} differ"
    );
    row["numpy"].clone()
}

/// "rho R, D_x X and D_fit F (held-out trials: T)" of one measure's object.
fn statics(m: &Value) -> String {
    let int = |k: &str| m[k].as_u64().unwrap_or_else(|| panic!("{k} in {m}"));
    format!(
        "rho {:.4}, D_x {}, D_fit {} (held-out trials: {})",
        m["rho"].as_f64().expect("rho"),
        int("d_x"),
        int("d_fit"),
        int("d_fit_test")
    )
}

/// "its rho R, D_x X and D_fit F (held-out trials: T), against our five's rho {lo}-{hi}
/// (mean {m}) and the published {published}", where numpy's and oblique's measures of the
/// network `dir` agree, and our five are the lines of `csv` starting with `prefix`.
fn rho_against_ours(dir: &str, csv: &str, prefix: &str, published: &str) -> String {
    let numpy = agreed_statics(dir);
    let five = column(csv, prefix, "corr");
    assert_eq!(five.len(), 5, "five networks {prefix} in {csv}");
    let (lo, hi) = extent(&five);
    format!(
        "its {}, against our five's rho {lo:.4}-{hi:.4} (mean {:.4}) and the published \
         {published}",
        statics(&numpy),
        mean(&five)
    )
}

fn romo_check<'a>(dir: &'a str, csv: &'a str, g: f64) -> SusceptibilityCheck<'a> {
    SusceptibilityCheck {
        dir,
        label: "Romo ",
        noise_file: "bench/results/noise_ratio_vs_torch_romo.json",
        csv,
        prefix: if g == 1.5 {
            "romo,large,1.5,"
        } else {
            "romo,large,0.7,"
        },
        scale: "large",
        g,
        seed: 1,
        steps: 6000,
    }
}

#[test]
fn romo_large_output_values_against_pytorch_are_what_was_measured() {
    let res: Value = read_json("bench/results/susceptibility_vs_torch.json");
    let what = "Romo's large-output values (bench/results/{susceptibility,static}_vs_torch.json)";
    let text = readme();
    romo_check(
        "romo_large_g1.5_s1_step6000",
        "figures/paper-subset/fig3_networks.csv",
        1.5,
    )
    .assert_readme(&res, &text, what);
    let fig16 = "figures/paper-romo/fig16_networks.csv";
    romo_check("romo_large_g0.7_s1_step6000", fig16, 0.7).assert_readme(&res, &text, what);
    // the correlation of the g = 0.7 network, both measures, against the report's five
    let s = format!(
        "by numpy's measure and by oblique's alike {}",
        rho_against_ours(
            "romo_large_g0.7_s1_step6000",
            fig16,
            "romo,large,0.7,",
            "0.062"
        )
    );
    assert_says(&text, &s, what);
    // D_x and D_fit of the small-output network at g = 1.5, against the report's five
    let numpy = agreed_statics("romo_small_g1.5_s1_step6000");
    let csv = "figures/paper-subset/fig3_networks.csv";
    let (dx, dfit) = (
        column(csv, "romo,small,1.5,", "d_x"),
        column(csv, "romo,small,1.5,", "d_fit"),
    );
    assert_eq!(
        (dx.len(), dfit.len()),
        (5, 5),
        "five Romo networks (small, g = 1.5)"
    );
    let ((a, b), (c, d)) = (extent(&dx), extent(&dfit));
    let s = format!(
        "has, by numpy's measure and by oblique's alike, {}, against our five's D_x {a}-{b} and \
         D_fit {c}-{d} (means {:.1} and {:.1}) and the published 3.4 and 1.0",
        statics(&numpy),
        mean(&dx),
        mean(&dfit)
    );
    assert_says(&text, &s, what);
    // complex sine's small-output rho at g = 1.5
    let s = format!(
        "has, by numpy's measure and by oblique's alike, {}",
        rho_against_ours(
            "complex-sine_small_g1.5_s1_step6000",
            "figures/paper-complex-sine/fig3_networks.csv",
            "complex-sine,small,1.5,",
            "0.18"
        )
    );
    assert_says(&text, &s, what);
    // both measures on one of oblique's Romo networks
    let dir = "obl_romo_large_g1.5_n128";
    let numpy = agreed_statics(dir);
    let (a, b) = (draws_of(&res, dir, "numpy"), draws_of(&res, dir, "oblique"));
    let s = format!(
        "numpy gives {} over {} draws and oblique {} over {}, and both give {}",
        spread(&a),
        a.len(),
        spread(&b),
        b.len(),
        statics(&numpy)
    );
    assert_says(&text, &s, what);
}
