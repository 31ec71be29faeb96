//! End-to-end tests of `oblique regime` on bad input: every case fails cleanly (exit code
//! 2, nothing on stdout) with a message that names the file or flag and what is wrong.

use npyz::WriterBuilder;

mod regime_common;
use regime_common::{fails, oblique, s, write_csv, write_npy};

#[test]
fn bad_values_and_shapes_get_a_clear_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let p = |n: &str| dir.path().join(n);
    let good: Vec<Vec<f64>> = (0..6).map(|i| vec![i as f64, (i * i % 5) as f64]).collect();
    write_csv(&p("x.csv"), false, &good);
    write_csv(&p("y.csv"), false, &good[..5]);
    let x = s(&p("x.csv")).to_string();
    let bad_states =
        |name: &str, needles: &[&str]| fails(&["--states", s(&p(name)), "--output", &x], needles);
    fails(
        &["--states", &x, "--output", s(&p("y.csv"))],
        &["x.csv", "6 samples", "y.csv", "5"],
    );
    let mut nan = good.clone();
    nan[3][1] = f64::NAN;
    write_csv(&p("nan.csv"), false, &nan);
    bad_states("nan.csv", &["nan.csv", "row 3, column 1"]);
    let mut inf = good.clone();
    inf[4][0] = f64::INFINITY;
    write_npy(&p("inf.npy"), &inf, false);
    fails(
        &["--states", &x, "--output", s(&p("inf.npy"))],
        &["inf.npy", "row 4, column 0"],
    );
    write_csv(&p("two.csv"), false, &good[..2]);
    fails(
        &["--states", s(&p("two.csv")), "--output", s(&p("two.csv"))],
        &["two.csv", "2 samples", "at least 3"],
    );
    fails(
        &["--states", &x, "--output", &x, "--delay", "4"],
        &["x.csv", "after a delay of 4"],
    );
    write_csv(&p("const.csv"), false, &vec![vec![1.5, 1.5]; 6]);
    bad_states("const.csv", &["const.csv", "constant"]);
    std::fs::write(p("empty.csv"), "").unwrap();
    bad_states("empty.csv", &["empty.csv", "no data"]);
    std::fs::write(p("text.csv"), "1,2\n3,abc\n").unwrap();
    bad_states("text.csv", &["text.csv", "line 2, column 2", "abc"]);
    std::fs::write(p("ragged.csv"), "1,2\n3,4,5\n").unwrap();
    bad_states(
        "ragged.csv",
        &["ragged.csv", "line 2", "same number of entries"],
    );
}

#[test]
fn bad_files_and_flags_get_a_clear_error_naming_them() {
    let dir = tempfile::tempdir().unwrap();
    let p = |n: &str| dir.path().join(n);
    let good: Vec<Vec<f64>> = (0..6).map(|i| vec![i as f64, (i * i % 5) as f64]).collect();
    write_csv(&p("x.csv"), false, &good);
    let x = s(&p("x.csv")).to_string();
    let bad_states =
        |name: &str, needles: &[&str]| fails(&["--states", s(&p(name)), "--output", &x], needles);
    let mut w = npyz::WriteOptions::new()
        .default_dtype()
        .shape(&[3, 2])
        .writer(std::fs::File::create(p("int.npy")).unwrap())
        .begin_nd()
        .unwrap();
    w.extend([1i64, 2, 3, 4, 5, 6]).unwrap();
    w.finish().unwrap();
    bad_states("int.npy", &["int.npy", "<i8", "float32 or float64"]);
    let mut w = npyz::WriteOptions::new()
        .default_dtype()
        .shape(&[2, 2, 2])
        .writer(std::fs::File::create(p("cube.npy")).unwrap())
        .begin_nd()
        .unwrap();
    w.extend([0.0f64; 8]).unwrap();
    w.finish().unwrap();
    bad_states("cube.npy", &["cube.npy", "rank 3"]);
    std::fs::write(p("junk.npy"), "not an array").unwrap();
    bad_states("junk.npy", &["junk.npy", "not a valid .npy"]);
    write_csv(&p("w.csv"), false, &[vec![1.0, 2.0, 3.0]]);
    fails(
        &["--states", &x, "--output", &x, "--weights", s(&p("w.csv"))],
        &["w.csv", "1 x 3", "2 x 2"],
    );
    bad_states("missing.npy", &["--states", "missing.npy"]);
    bad_states("x.mat", &["x.mat", "unknown file type"]);
    fails(
        &["--states", &x, "--output", &x, "--plot", s(&p("f.pdf"))],
        &["--plot", "png"],
    );
    let out = oblique(&["--states", &x, "--output", &x, "--subsample", "0"], None);
    assert!(!out.status.success() && String::from_utf8_lossy(&out.stderr).contains("--subsample"));
}
