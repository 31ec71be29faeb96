//! The README's run times and speeds against `bench/results/*.json`: the reproduce run time,
//! the rank-two and linear training steps against PyTorch, the Python layer's costs.

use super::{assert_says, json_number, read, readme, sig3};

#[test]
fn reproduce_time_is_what_was_measured() {
    let res = read("bench/results/reproduce.json");
    let total = json_number(&res, &["total_s"]).round() as u64;
    let parsed: serde_json::Value = serde_json::from_str(&res).expect("valid JSON");
    let machine = if parsed["avx512"].as_bool().unwrap_or(false) {
        "AMD EPYC with AVX-512"
    } else {
        "AVX2 machine (no AVX-512)"
    };
    let s = format!(
        "`reproduce` took {} min {} s on an idle 2-core {machine}",
        total / 60,
        total % 60
    );
    assert_says(
        &readme(),
        &s,
        "the reproduce time (bench/results/reproduce.json)",
    );
    // the run without the build, and whether it keeps the 20 minutes of the default set-up
    let run = json_number(&res, &["run_s"]).round() as u64;
    let within = if run <= 20 * 60 { "within" } else { "past" };
    let s = format!(
        "the run alone took {} min {} s, {within} the 20 minutes",
        run / 60,
        run % 60
    );
    assert_says(&readme(), &s, "the run time (bench/results/reproduce.json)");
    // the comment beside the main command in the reproducing section, in whole minutes
    let s = format!(
        "# all figures into figures/, about {} minutes on 2 cores",
        (run + 30) / 60
    );
    assert_says(
        &readme(),
        &s,
        "the main command's comment (bench/results/reproduce.json)",
    );
}

/// The two training rows of the speed table come from `bench/results/train_vs_torch.json`
/// (written by `bench/train_vs_torch.py`, PyTorch and oblique side by side).
#[test]
fn training_step_times_are_what_was_measured() {
    let res = read("bench/results/train_vs_torch.json");
    let text = readme();
    let torch = |key: &str| json_number(&res, &["torch_ms", key, "wall"]);
    let ours = |key: &str| json_number(&res, &["oblique_ms", key]);
    let (r2, lin) = (ours("rank2_n1024_ms"), ours("linear_n256_ms"));
    let rank_two = format!(
        "| PyTorch f32, 2 threads: {} ms dense W, {} ms low-rank (f64: {} / {} ms) | {} ms (f64 state, f32 phi) | {:.0}x / {:.1}x |",
        sig3(torch("rank2-dense/float32")),
        sig3(torch("rank2-lowrank/float32")),
        sig3(torch("rank2-dense/float64")),
        sig3(torch("rank2-lowrank/float64")),
        sig3(r2),
        torch("rank2-dense/float32") / r2,
        torch("rank2-lowrank/float32") / r2,
    );
    assert_says(&text, &rank_two, "rank-two training step row");
    let linear = format!(
        "| PyTorch f32, 2 threads: {} ms (f64: {} ms) | {} ms (f64) | {:.1}x |",
        sig3(torch("linear/float32")),
        sig3(torch("linear/float64")),
        sig3(lin),
        torch("linear/float32") / lin,
    );
    assert_says(&text, &linear, "linear full-W training step row");
    let cpu = ours("rank2_n1024_cpu_ms");
    let verdict = if r2 <= 5.0 { "meets" } else { "misses" };
    let goal = format!(
        "The rank-two step ({} ms wall, {} ms CPU) {verdict} the validation issue's goal",
        sig3(r2),
        sig3(cpu)
    );
    assert_says(&text, &goal, "the rank-two goal sentence");
}

/// The Python-layer costs come from `bench/results/python.json` (`bench/python_overhead.py`).
#[test]
fn python_costs_are_what_was_measured() {
    let res = read("bench/results/python.json");
    let n = |path: &[&str]| json_number(&res, path);
    let text = readme();
    for s in [
        format!(
            "the Rust solve {:.2} us, `oblique.mft(..., finite_n=False)` {:.1} us",
            n(&["mft", "rust_solve_us"]),
            n(&["mft", "python_mft_fast_us"])
        ),
        format!(
            "`oblique.sweep` {:.1} ms with status strings ({:.1} ms with integer status codes, {:.1} ms as a DataFrame), against {:.1} ms",
            n(&["sweep", "python_strings_ms"]),
            n(&["sweep", "python_codes_ms"]),
            n(&["sweep", "python_frame_ms"]),
            n(&["sweep", "rust_fresh_columns_text_ms"])
        ),
        format!("numpy broadcasting {:.1} ms", n(&["sweep", "numpy_ms"])),
    ] {
        assert_says(&text, &s, "the Python layer's cost");
    }
}
