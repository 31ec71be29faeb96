//! Bad input, end to end (issue 15): tables of command lines with the exit code and the
//! words the message must contain, each run in a fresh temporary directory that must hold
//! nothing new afterwards (no temporary or half-written file); inputs in numpy's text
//! format; progress lines without a terminal. The output targets that are not regular
//! files are in `output_targets.rs`.

mod common;

use common::{names, oblique_in as oblique, SWEEP};
use std::process::{Command, Output};

/// Files the cases read, created in every case's directory before it runs.
const INPUTS: [(&str, &str); 7] = [
    ("typo.csv", "1,0\n0,x1\n"),
    ("typo1.csv", "1,0x\n0,1\n"),
    ("ragged.csv", "0.5,0\n0\n"),
    ("empty.csv", "a,b\n"),
    ("double.csv", "0.5,,0\n0,0.5,0\n"),
    ("afile", "not a directory\n"),
    ("header.csv", "j1,j2\n0.5,0\n0,x\n"),
];

/// (arguments, exit code, words that stderr must contain)
type Case = (Vec<&'static str>, i32, Vec<&'static str>);

/// Output paths, checked before any work.
fn output_path_cases() -> Vec<Case> {
    let with = |extra: &[&'static str]| [&SWEEP[..], extra].concat();
    vec![
        (with(&["-o", "."]), 2, vec!["--output", "is a directory"]),
        (
            with(&["-o", "afile/out.csv"]),
            2,
            vec!["--output", "afile", "in the way"],
        ),
        (
            with(&["-o", "x.csv", "--plot", "."]),
            2,
            vec!["--plot", "is a directory"],
        ),
        (
            vec!["train", "rank2", "--n", "32", "--steps", "5", "-o", "."],
            2,
            vec!["--output", "is a directory"],
        ),
        (
            vec!["linear", "-o", "afile/x.csv"],
            2,
            vec!["--output", "in the way"],
        ),
        (
            vec!["reproduce", "fig10", "--quick", "--out", "afile"],
            2,
            vec!["--out", "afile", "exists and is not a directory"],
        ),
        (
            vec!["linear", "-o", "-", "--json"],
            2,
            vec!["--json with -o -", "give -o a file name"],
        ),
        (
            vec![
                "train", "rank2", "--n", "32", "--steps", "5", "-o", "-", "--json",
            ],
            2,
            vec!["--json with -o -"],
        ),
    ]
}

/// Input files: line and column of a bad entry; a header only when clearly one.
fn input_file_cases() -> Vec<Case> {
    vec![
        (
            vec!["flr", "--j", "typo.csv"],
            2,
            vec!["--j", "typo.csv, line 2, column 2", "'x1' is not a number"],
        ),
        (
            vec!["flr", "--j", "typo1.csv"],
            2,
            vec!["--j", "line 1, column 2", "'0x' is not a number"],
        ),
        (
            vec!["flr", "--j", "header.csv"],
            2,
            vec!["--j", "line 3, column 2", "'x' is not a number"],
        ),
        (
            vec!["flr", "--j", "ragged.csv"],
            2,
            vec!["--j", "line 2 has 1 entries but line 1 has 2"],
        ),
        (
            vec!["flr", "--j", "double.csv"],
            2,
            vec!["--j", "line 1, column 2", "the entry is empty"],
        ),
        (
            vec!["flr", "--j", "empty.csv"],
            2,
            vec!["--j", "holds no numbers"],
        ),
        (
            vec!["flr", "--j", "missing.csv"],
            2,
            vec!["--j", "cannot read missing.csv"],
        ),
    ]
}

/// Command-line values (the parsers of src/io/parse.rs).
fn value_cases() -> Vec<Case> {
    vec![
        (
            vec![
                "sweep",
                "--lambda-plus",
                "1:2",
                "--lambda-minus",
                "-1",
                "--n",
                "64",
                "-o",
                "x.csv",
            ],
            2,
            vec!["--lambda-plus", "1:2"],
        ),
        (
            vec![
                "sweep",
                "--lambda-plus",
                "1.7",
                "--lambda-minus",
                "-1",
                "--n",
                "64,x",
                "-o",
                "x.csv",
            ],
            2,
            vec!["--n", "x"],
        ),
    ]
}

/// Runs each case in a fresh temporary directory holding [`INPUTS`]: the exit code, the
/// words of the message, no panic, and no file left behind.
fn check(cases: Vec<Case>) {
    for (args, code, words) in cases {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in INPUTS {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        let before = names(dir.path());
        let out = oblique(dir.path(), &args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(code), "{args:?}: {stderr}");
        for w in &words {
            assert!(stderr.contains(w), "{args:?}: '{w}' not in: {stderr}");
        }
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_eq!(names(dir.path()), before, "{args:?} left files behind");
    }
}

#[test]
fn bad_output_paths_fail_clearly_and_leave_nothing_behind() {
    check(output_path_cases());
}

#[test]
fn bad_input_files_fail_clearly_and_leave_nothing_behind() {
    check(input_file_cases());
}

#[test]
fn bad_values_fail_clearly_and_leave_nothing_behind() {
    check(value_cases());
}

/// A matrix in numpy.savetxt's default format (the text below is what numpy 2.4.6 writes
/// for `np.savetxt(f, [[0.5, 0], [0, -1]], header="J")`), with a byte-order mark added, is
/// read as the same J as a plain CSV.
#[test]
fn savetxt_and_byte_order_mark_inputs_are_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let plain = "0.5,0\n0,-1\n";
    let savetxt = "\u{feff}# J\n5.000000000000000000e-01 0.000000000000000000e+00\n\
                   0.000000000000000000e+00 -1.000000000000000000e+00\n";
    std::fs::write(dir.path().join("plain.csv"), plain).unwrap();
    std::fs::write(dir.path().join("np.txt"), savetxt).unwrap();
    let a = oblique(dir.path(), &["flr", "--j", "plain.csv", "--json"]);
    let b = oblique(dir.path(), &["flr", "--j", "np.txt", "--json"]);
    assert!(a.status.success(), "{}", String::from_utf8_lossy(&a.stderr));
    assert!(b.status.success(), "{}", String::from_utf8_lossy(&b.stderr));
    let strip = |o: &Output| String::from_utf8_lossy(&o.stdout).replace("np.txt", "plain.csv");
    assert_eq!(strip(&a), strip(&b));
}

/// Without a terminal, progress is a plain line (step/total, elapsed, rate) every interval.
#[test]
fn progress_without_a_terminal_prints_plain_lines() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_oblique"))
        .current_dir(dir.path())
        .env("OBLIQUE_PROGRESS_SECS", "0.01")
        .args([
            "sweep",
            "--lambda-plus",
            "1.7:3:1000",
            "--lambda-minus",
            "-10:-0.1:400",
        ])
        .args(["--n", "64", "-o", "p.csv"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    let line = stderr
        .lines()
        .find(|l| l.starts_with("writing: ") || l.starts_with("computing: "))
        .unwrap_or_else(|| panic!("no progress line in: {stderr}"));
    assert!(line.contains("/400000 ("), "{line}");
    assert!(line.contains(", elapsed "), "{line}");
    assert!(!stderr.contains('\u{1b}'), "terminal escapes in: {stderr}");
}

/// `reproduce --quick` does not write into figures/ by default: its help says where it does.
#[test]
fn quick_reproduce_has_its_own_default_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = oblique(dir.path(), &["reproduce", "--help"]);
    let help = String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        help.contains("[default: figures, or figures-quick with --quick"),
        "{help}"
    );
}
