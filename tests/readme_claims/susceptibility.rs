//! The README's checks of susceptibilities against independent code
//! (`bench/susceptibility_vs_torch.py`, results in `bench/results/susceptibility_vs_torch.json`):
//! a PyTorch network measured by numpy's and oblique's measures, beside the report's networks.

use super::noise_tasks::sig2;
use super::noise_torch::{list, number, numbers, of};
use super::{assert_says, column, extent, mean, read_json};
use serde_json::Value;

/// "{lo}-{hi} (mean {m})" of `v`, three decimals.
pub(super) fn spread(v: &[f64]) -> String {
    let (lo, hi) = extent(v);
    format!("{lo:.3}-{hi:.3} (mean {:.3})", mean(v))
}

/// The numbers of `field` of the row of `dir` in a susceptibility results file.
pub(super) fn draws_of(res: &Value, dir: &str, field: &str) -> Vec<f64> {
    let row = list(res, "rows")
        .find(|r| r["dir"].as_str() == Some(dir))
        .unwrap_or_else(|| panic!("no row {dir} in susceptibility_vs_torch.json"));
    numbers(row, field)
}

/// One PyTorch network measured for its susceptibility: its row in the susceptibility
/// results, its row in the noise-ratio results and the report's networks of its scenario.
pub(super) struct SusceptibilityCheck<'a> {
    /// the row's `dir` (the checkpoint: `<task>_<scale>_g<g>_s<seed>_step<step>`)
    pub(super) dir: &'a str,
    /// "Mante" or "complex-sine " etc. in "PyTorch's {scale}-output {label}network"
    pub(super) label: &'a str,
    /// the noise-ratio results file of the task
    pub(super) noise_file: &'a str,
    /// the report's networks CSV and the first fields of the scenario's lines
    pub(super) csv: &'a str,
    pub(super) prefix: &'a str,
    /// output scale, g, seed and steps of the network
    pub(super) scale: &'a str,
    pub(super) g: f64,
    pub(super) seed: u64,
    pub(super) steps: u64,
}

impl SusceptibilityCheck<'_> {
    /// Asserts the README's sentences about this network.
    pub(super) fn assert_readme(&self, res: &Value, text: &str, what: &str) {
        let (ours, numpy) = (
            draws_of(res, self.dir, "oblique"),
            draws_of(res, self.dir, "numpy"),
        );
        let s = format!(
            "PyTorch's {}-output {}network at g = {} gives {} by oblique's measure over {} \
             draws and {} by numpy's over {}",
            self.scale,
            self.label,
            self.g,
            spread(&ours),
            ours.len(),
            spread(&numpy),
            numpy.len()
        );
        assert_says(text, &s, what);
        // the network in the noise-ratio results
        let noise: Value = read_json(self.noise_file);
        let net = list(&noise, "torch")
            .find(|r| {
                of(r, self.scale, self.g) && r["seed"] == self.seed && r["step"] == self.steps
            })
            .unwrap_or_else(|| panic!("{} in {}", self.dir, self.noise_file));
        let s = format!(
            "(its noise ratio {}, loss {}, |w_out| {}, trained as above)",
            sig2(number(net, "noise_ratio")),
            sig2(number(net, "loss_last_10pct")),
            sig2(number(net, "w_out_norm"))
        );
        assert_says(text, &s, what);
        // the report's five networks, one draw each
        let five = column(self.csv, self.prefix, "rel_susceptibility");
        assert_eq!(
            five.len(),
            5,
            "five networks {} in {}",
            self.prefix,
            self.csv
        );
        let (lo, hi) = extent(&five);
        assert_says(
            text,
            &format!("against our five's {lo:.3}-{hi:.3} (one draw each)"),
            what,
        );
    }
}
