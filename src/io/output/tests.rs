use super::*;

#[derive(serde::Serialize)]
struct Rec {
    step: usize,
    loss: f64,
}

#[test]
fn partial_rows_are_written_and_named_in_the_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("run.csv");
    let rows = [
        Rec { step: 0, loss: 1.5 },
        Rec {
            step: 1,
            loss: 0.25,
        },
    ];
    let e = save_partial(
        &path,
        &rows,
        anyhow::anyhow!("--dt: the state diverged at step 2"),
    );
    let text = format!("{e:#}");
    assert_eq!(
        text,
        format!(
            "the 2 rows computed before the failure were written to {}: --dt: the state diverged at step 2",
            path.display()
        )
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "step,loss\n0,1.5\n1,0.25\n"
    );
    // no rows: the failure as it is, no file
    let empty: [Rec; 0] = [];
    let other = dir.path().join("none.csv");
    let e = save_partial(&other, &empty, anyhow::anyhow!("diverged"));
    assert_eq!(format!("{e:#}"), "diverged");
    assert!(!other.exists());
}

#[test]
fn a_failed_write_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let e = write_atomic(&dir.path().join("out.csv"), |w| {
        w.write_all(b"half")?;
        anyhow::bail!("computation failed")
    })
    .unwrap_err();
    assert_eq!(e.to_string(), "computation failed");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[cfg(unix)]
#[test]
fn a_replaced_file_keeps_its_permissions_and_a_new_one_is_0644() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let private = dir.path().join("private.csv");
    std::fs::write(&private, b"old").unwrap();
    std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o600)).unwrap();
    write_json(&private, &[1, 2]).unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&private), 0o600);
    assert_eq!(
        std::fs::read_to_string(&private).unwrap(),
        "[\n  1,\n  2\n]\n"
    );
    let new = dir.path().join("new.json");
    write_json(&new, &[1]).unwrap();
    assert_eq!(mode(&new), 0o644);
}
