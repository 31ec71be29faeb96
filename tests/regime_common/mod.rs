//! Helpers of the `oblique regime` end-to-end tests: run the binary, read the fixtures of
//! bench/regime_vs_sklearn.py, write matrices as `.npy` and CSV, check clean failures.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

use npyz::WriterBuilder;
use serde_json::Value;

/// Runs `oblique regime` with `args` (and `RAYON_NUM_THREADS` when given).
pub fn oblique(args: &[&str], threads: Option<&str>) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_oblique"));
    c.arg("regime").args(args);
    if let Some(t) = threads {
        c.env("RAYON_NUM_THREADS", t);
    }
    c.output().expect("run oblique")
}

/// Runs a command that must succeed and print one JSON object; returns it.
pub fn json(args: &[&str]) -> Value {
    let out = oblique(args, None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("one JSON object on stdout")
}

/// The fixture `tests/data/regime/{name}.json`.
pub fn fixture(name: &str) -> Value {
    let p = format!(
        "{}/tests/data/regime/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

pub fn rows(v: &Value) -> Vec<Vec<f64>> {
    serde_json::from_value(v.clone()).unwrap()
}

/// Writes a float64 `.npy`, C or Fortran order.
pub fn write_npy(path: &Path, m: &[Vec<f64>], fortran: bool) {
    let (r, c) = (m.len(), m[0].len());
    let order = if fortran {
        npyz::Order::Fortran
    } else {
        npyz::Order::C
    };
    let mut w = npyz::WriteOptions::new()
        .default_dtype()
        .shape(&[r as u64, c as u64])
        .order(order)
        .writer(std::io::BufWriter::new(
            std::fs::File::create(path).unwrap(),
        ))
        .begin_nd()
        .unwrap();
    let values: Vec<f64> = if fortran {
        (0..c)
            .flat_map(|j| m.iter().map(move |row| row[j]))
            .collect()
    } else {
        m.iter().flatten().copied().collect()
    };
    w.extend(values).unwrap();
    w.finish().unwrap();
}

/// Writes a CSV, with a header `c0,c1,...` when asked.
pub fn write_csv(path: &Path, header: bool, m: &[Vec<f64>]) {
    let mut s = String::new();
    if header {
        let names: Vec<String> = (0..m[0].len()).map(|j| format!("c{j}")).collect();
        s += &(names.join(",") + "\n");
    }
    for row in m {
        let r: Vec<String> = row.iter().map(|v| format!("{v:?}")).collect();
        s += &(r.join(",") + "\n");
    }
    std::fs::write(path, s).unwrap();
}

/// A path as text.
pub fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Runs with bad input; asserts a clean failure whose message contains every `needle`.
pub fn fails(args: &[&str], needles: &[&str]) {
    let out = oblique(args, None);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(out.stdout.is_empty());
    for n in needles {
        assert!(err.contains(n), "'{n}' missing from: {err}");
    }
}
