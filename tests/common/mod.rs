//! Helpers shared by the end-to-end CLI tests: run the built `oblique` binary, parse its
//! one-line JSON, and check failures.
#![allow(dead_code)]

use std::process::{Command, Output};

/// Runs `oblique` with `args`.
pub fn oblique(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_oblique"))
        .args(args)
        .output()
        .expect("cannot run the oblique binary")
}

/// Runs a command that must succeed and print exactly one line of JSON; returns it.
pub fn json(args: &[&str]) -> serde_json::Value {
    let out = oblique(args);
    assert!(
        out.status.success(),
        "oblique {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        text.trim().lines().count(),
        1,
        "--json must print one line: {text}"
    );
    serde_json::from_str(&text).expect("stdout is not JSON")
}

/// Runs a command that must fail without printing to stdout; returns its stderr.
pub fn fails(args: &[&str]) -> String {
    let out = oblique(args);
    assert!(!out.status.success(), "oblique {args:?} should fail");
    assert!(out.stdout.is_empty(), "a failing command printed to stdout");
    String::from_utf8(out.stderr).unwrap()
}

/// The number stored under `key`, or a panic naming the key.
pub fn f(v: &serde_json::Value, key: &str) -> f64 {
    v[key]
        .as_f64()
        .unwrap_or_else(|| panic!("key {key} missing or not a number in {v}"))
}

/// Runs `oblique` with `args` in `dir`, stdin closed.
pub fn oblique_in(dir: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_oblique"))
        .current_dir(dir)
        .args(args)
        .stdin(std::process::Stdio::null())
        .output()
        .expect("runs")
}

/// The sorted names of the entries of `dir`.
pub fn names(dir: &std::path::Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// A small sweep (3 points) that writes a CSV; add `-o PATH`.
pub const SWEEP: [&str; 7] = [
    "sweep",
    "--lambda-plus",
    "1.7:2:3",
    "--lambda-minus",
    "-1",
    "--n",
    "64",
];
