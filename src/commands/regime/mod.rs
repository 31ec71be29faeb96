//! `oblique regime`: is a recording, or a trained network, aligned or oblique? The regime
//! measures of a recording ([`recording`]) and of a run directory of `oblique train task`
//! ([`network`]), with their CSV reports and text.

pub mod network;
pub mod recording;

use std::path::Path;

use crate::io::output::write_csv;

/// One row per number of PCs of `FILE_pcs.csv`: the cumulative explained variance and the
/// R^2 of the fit on the top `k` PCs, with the held-out R^2 (runs) or the chosen `alpha`
/// (recordings).
#[derive(serde::Serialize)]
struct PcRow {
    k: usize,
    cumulative_variance: f64,
    r2: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    r2_test: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    alpha: Option<f64>,
}

/// Writes `FILE_pcs.csv` (one row per entry of `r2`; a missing cumulative variance is 1,
/// all variance explained) next to the summary `path`.
fn write_pcs(
    path: &Path,
    cumulative_variance: &[f64],
    r2: &[f64],
    r2_test: Option<&[f64]>,
    alpha: Option<&[f64]>,
) -> anyhow::Result<()> {
    let rows: Vec<PcRow> = (0..r2.len())
        .map(|k| PcRow {
            k: k + 1,
            cumulative_variance: cumulative_variance.get(k).copied().unwrap_or(1.0),
            r2: r2[k],
            r2_test: r2_test.map(|t| t.get(k).copied().unwrap_or(f64::NAN)),
            alpha: alpha.map(|a| a[k]),
        })
        .collect();
    write_csv(&recording::sibling(path, "pcs"), &rows)
}

/// An optional value as text, `none` when absent.
fn opt<T: std::fmt::Display>(v: Option<T>) -> String {
    v.map_or("none".into(), |v| v.to_string())
}
