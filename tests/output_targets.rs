//! Output targets that are not regular files (issue 15): a character device, a FIFO, a
//! symbolic link and `-` keep what they are and get the data; an interrupt during a long
//! write leaves no temporary file.

mod common;

use common::{names, oblique_in as oblique, SWEEP};
use std::process::{Command, Stdio};

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
    // The signal can arrive after the write has finished (a fast machine writes the sweep
    // in well under a second); that run must then have left the whole file and nothing else,
    // and the interrupt is tried again.
    for _ in 0..5 {
        let dir = tempfile::tempdir().unwrap();
        let status = interrupt_once(dir.path(), signal);
        if status.success() {
            assert_eq!(names(dir.path()), ["big.csv"]);
            continue;
        }
        assert_eq!(status.code(), Some(code), "SIG{signal}");
        assert!(
            names(dir.path()).is_empty(),
            "left: {:?}",
            names(dir.path())
        );
        return;
    }
    panic!("SIG{signal} arrived after the write had finished in five runs out of five");
}

/// Starts a long sweep writing `big.csv` in `dir`, sends `signal` once its temporary file
/// exists and returns how the command ended (a success: it finished before the signal).
#[cfg(unix)]
fn interrupt_once(dir: &std::path::Path, signal: &str) -> std::process::ExitStatus {
    let mut child = Command::new(env!("CARGO_BIN_EXE_oblique"))
        .current_dir(dir)
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
        if names(dir).iter().any(|n| n.starts_with(".oblique-")) {
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
    child.wait().unwrap()
}
