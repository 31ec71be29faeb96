//! Bad input, end to end (issue 15): a table of command lines with the exit code and the
//! words the message must contain, each run in a fresh temporary directory that must hold
//! nothing new afterwards (no temporary or half-written file); then the output targets that
//! are not regular files (a character device, a FIFO, a symbolic link, `-`), an interrupt
//! during a long write, and progress lines without a terminal.

use std::path::Path;
use std::process::{Command, Output, Stdio};

fn oblique(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_oblique"))
        .current_dir(dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("runs")
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

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

const SWEEP: [&str; 7] = [
    "sweep",
    "--lambda-plus",
    "1.7:2:3",
    "--lambda-minus",
    "-1",
    "--n",
    "64",
];

/// (arguments, exit code, words that stderr must contain)
fn cases() -> Vec<(Vec<&'static str>, i32, Vec<&'static str>)> {
    let with = |extra: &[&'static str]| [&SWEEP[..], extra].concat();
    vec![
        // output paths, checked before any work
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
        // input files: line and column of a bad entry; a header only when clearly one
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
        // command-line values (the parsers of src/io/parse.rs)
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

#[test]
fn every_bad_input_fails_clearly_and_leaves_nothing_behind() {
    for (args, code, words) in cases() {
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

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// A character device made in the temporary directory (the same device as /dev/null, so no
/// system path is touched) stays a character device; the command writes into it.
#[cfg(unix)]
#[test]
fn a_character_device_is_written_in_place() {
    use std::os::unix::fs::FileTypeExt;
    if !is_root() {
        eprintln!("skipped: mknod needs root");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let null = dir.path().join("null");
    let made = Command::new("mknod")
        .arg(&null)
        .args(["c", "1", "3"])
        .status()
        .unwrap();
    assert!(made.success());
    let out = oblique(dir.path(), &[&SWEEP[..], &["-o", "null"]].concat());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ft = std::fs::symlink_metadata(&null).unwrap().file_type();
    assert!(ft.is_char_device(), "the device became {ft:?}");
    assert_eq!(names(dir.path()), vec!["null"]);
}

/// A FIFO receives the data (read by a thread) and stays a FIFO.
#[cfg(unix)]
#[test]
fn a_fifo_receives_the_data() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    let out = oblique(dir.path(), &[&SWEEP[..], &["-o", "pipe"]].concat());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let data = reader.join().unwrap();
    assert!(
        data.starts_with("n,lambda_plus,lambda_minus,status,kappa_norm,rho,l_var\n64,1.7,-1,ok,")
    );
    assert_eq!(data.lines().count(), 4);
    assert!(std::fs::symlink_metadata(&fifo)
        .unwrap()
        .file_type()
        .is_fifo());
    assert_eq!(names(dir.path()), vec!["pipe"]);
}

/// A symbolic link survives and its target gets the data, also when the target is new.
#[cfg(unix)]
#[test]
fn a_symlink_survives_and_its_target_gets_the_data() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("data")).unwrap();
    std::os::unix::fs::symlink("data/real.csv", dir.path().join("link.csv")).unwrap();
    for round in 0..2 {
        let out = oblique(dir.path(), &[&SWEEP[..], &["-o", "link.csv"]].concat());
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let meta = std::fs::symlink_metadata(dir.path().join("link.csv")).unwrap();
        assert!(
            meta.file_type().is_symlink(),
            "round {round}: the link was replaced"
        );
        let data = std::fs::read_to_string(dir.path().join("data/real.csv")).unwrap();
        assert_eq!(data.lines().count(), 4, "round {round}");
        assert_eq!(names(&dir.path().join("data")), vec!["real.csv"]);
    }
}

/// `-o -` puts the CSV alone on stdout (sweep's summary goes to stderr; linear and train
/// print no table then).
#[test]
fn dash_writes_the_csv_to_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let out = oblique(
        dir.path(),
        &[
            "linear",
            "--fast-steps",
            "5",
            "--slow-steps",
            "5",
            "-o",
            "-",
        ],
    );
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with("phase,tau,l_theory,"), "{stdout}");
    assert!(
        stdout
            .lines()
            .skip(1)
            .all(|l| l.starts_with("fast,") || l.starts_with("slow,")),
        "{stdout}"
    );

    let dir = tempfile::tempdir().unwrap();
    let out = oblique(dir.path(), &[&SWEEP[..], &["-o", "-"]].concat());
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.starts_with("n,lambda_plus,lambda_minus,status"),
        "{stdout}"
    );
    assert_eq!(stdout.lines().count(), 4, "{stdout}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("wrote -: 3 points"));
    assert!(names(dir.path()).is_empty());
}

/// SIGINT or SIGTERM in the middle of writing a large CSV: exit code 130 or 143 and no
/// temporary file.
#[cfg(unix)]
#[test]
fn an_interrupt_during_a_write_leaves_nothing_behind() {
    interrupt_during_write("INT", 130);
    interrupt_during_write("TERM", 143);
}

#[cfg(unix)]
fn interrupt_during_write(signal: &str, code: i32) {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_oblique"))
        .current_dir(dir.path())
        .args([
            "sweep",
            "--lambda-plus",
            "1.7:3:2000",
            "--lambda-minus",
            "-10:-0.1:1000",
        ])
        .args(["--n", "64", "-o", "big.csv"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // wait for the temporary file of the write to appear, then interrupt
    let start = std::time::Instant::now();
    let mut seen = false;
    while start.elapsed().as_secs() < 120 {
        if names(dir.path()).iter().any(|n| n.starts_with(".oblique-")) {
            seen = true;
            break;
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    assert!(
        seen,
        "the write never started (or finished before it was seen)"
    );
    let pid = child.id().to_string();
    assert!(Command::new("kill")
        .args([&format!("-{signal}"), &pid])
        .status()
        .unwrap()
        .success());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(code), "SIG{signal}");
    assert!(
        names(dir.path()).is_empty(),
        "left: {:?}",
        names(dir.path())
    );
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
