//! The task networks' claims (issue 10): the training step's speed against PyTorch on
//! AVX-512, on the AVX2 machine and on AVX2 emulated, and the correlations at the paper's
//! preset, each against its `bench/results/*.json`.

use super::{assert_says, extent, read_json, readme, sig3};

/// The machine's f32 GEMM throughput of a `bench/tasks_vs_torch.py` results file and the
/// lowest and highest fraction of it that a task's f32 training step reaches, the step's
/// GFLOP/s taken from each task's entry by `gflops`.
fn gemm_fractions(
    res: &serde_json::Value,
    gflops: impl Fn(&serde_json::Value) -> f64,
) -> (f64, f64, f64) {
    let gemm = res["gemm_gflops"]["f32"].as_f64().expect("gemm f32");
    let (lo, hi) = res["tasks"]
        .as_array()
        .expect("tasks")
        .iter()
        .map(|t| gflops(t) / gemm)
        .fold((f64::INFINITY, 0.0f64), |(a, b), f| (a.min(f), b.max(f)));
    (gemm, lo, hi)
}

/// Our f32 step's GFLOP/s in a task's entry.
fn rust_gflops(t: &serde_json::Value) -> f64 {
    t["rust_f32_gflops"].as_f64().expect("rust_f32_gflops")
}

/// PyTorch's f32 step's GFLOP/s in a task's entry (the step's FLOPs over its time).
fn torch_gflops(t: &serde_json::Value) -> f64 {
    let num = |k: &str| t[k].as_f64().unwrap_or_else(|| panic!("{k}"));
    num("gflop") / (num("torch_f32_ms") / 1e3)
}

/// The task-network rows of the speed table, the GEMM fraction and the range of ratios
/// against PyTorch come from `bench/results/tasks_avx512.json` (written by
/// `bench/tasks_vs_torch.py --write` on the previous stop's machine, whose AVX-512 runs at
/// full width).
#[test]
fn task_training_rows_are_what_was_measured() {
    let res: serde_json::Value = read_json("bench/results/tasks_avx512.json");
    assert_eq!(res["avx512"], true, "measured on a machine with AVX-512");
    let text = readme();
    let (mut lo_ratio, mut hi_ratio) = (f64::INFINITY, 0.0f64);
    for t in res["tasks"].as_array().expect("tasks") {
        let num = |k: &str| t[k].as_f64().unwrap_or_else(|| panic!("{k}"));
        let s = format!(
            "PyTorch f32: {} ms (f64: {} ms) | {} ms f32, {:.1} GFLOP/s (f64: {} ms) | {:.1}x (f32), {:.1}x (f64) |",
            sig3(num("torch_f32_ms")),
            sig3(num("torch_f64_ms")),
            sig3(num("rust_f32_ms")),
            num("rust_f32_gflops"),
            sig3(num("rust_f64_ms")),
            num("ratio_f32"),
            num("ratio_f64"),
        );
        assert_says(&text, &s, t["task"].as_str().unwrap_or("a task"));
        lo_ratio = lo_ratio.min(num("ratio_f32"));
        hi_ratio = hi_ratio.max(num("ratio_f32"));
    }
    let (gemm, lo, hi) = gemm_fractions(&res, rust_gflops);
    let s = format!("{gemm:.1} GFLOP/s in f32, and a training step reaches {lo:.2}-{hi:.2} of it");
    assert_says(&text, &s, "the fraction of the machine's GEMM throughput");
    let s = format!("the f32 step is {lo_ratio:.2}-{hi_ratio:.2}x as fast as PyTorch f32");
    assert_says(&text, &s, "the range of ratios against PyTorch");
}

/// Issue 10's claim at the paper's preset, from `bench/results/paper_preset.json`
/// (`bench/paper_preset.sh`): the README's table rows, the claim it states (the correlation
/// with small output weights at least 3x the one with large output weights on every task)
/// and the training time of the published grid estimated from these networks' CPU time.
#[test]
fn paper_preset_correlations_are_what_was_measured() {
    let res: serde_json::Value = read_json("bench/results/paper_preset.json");
    let text = readme();
    let mut cpu = 0.0;
    for t in res["tasks"].as_array().expect("tasks") {
        let num = |k: &str| t[k].as_f64().unwrap_or_else(|| panic!("{k}"));
        let task = t["task"].as_str().expect("task name");
        let s = format!(
            "| {task} | {:.3} | {:.3} | {:.1} |",
            num("corr_small"),
            num("corr_large"),
            num("ratio")
        );
        assert_says(&text, &s, &format!("the paper-preset row of {task}"));
        assert!(
            num("ratio") >= 3.0,
            "{task}: the README says the ratio is at least 3 on every task, measured {}",
            num("ratio")
        );
        cpu += num("cpu_s_small") + num("cpu_s_large");
    }
    // the published grid: 20 networks per task (4 scenarios x 5) of the same costs, two at a
    // time on the two cores
    let s = format!(
        "the ten networks took {:.0} CPU min, so the published grid's training takes about {:.1} h on 2 cores",
        cpu / 60.0,
        cpu * 10.0 / 2.0 / 3600.0
    );
    assert_says(&text, &s, "the paper-preset time");
}

/// The task-network sentences of this stop's machine (AVX2 and FMA, no AVX-512: the CI
/// machine) come from `bench/results/tasks_avx2.json` (`bench/tasks_vs_torch.py --write`
/// natively there), and so does the bound they state.
#[test]
fn task_training_on_avx2_is_what_was_measured() {
    let res: serde_json::Value = read_json("bench/results/tasks_avx2.json");
    assert_eq!(
        res["avx512"], false,
        "measured on a machine without AVX-512"
    );
    assert_eq!(
        res["rust_packed_isa"], "Some(Avx2)",
        "the packed products on AVX2"
    );
    assert_eq!(res["torch_cpu_capability"], "AVX2", "PyTorch on AVX2");
    rows_sentence_says(&res, "the AVX2 machine");
    bound_sentence_says(&res, "the AVX2 machine");
    let ratios = |key: &str| {
        let v: Vec<f64> = res["tasks"]
            .as_array()
            .expect("tasks")
            .iter()
            .map(|t| t[key].as_f64().expect("a ratio"))
            .collect();
        extent(&v)
    };
    let ((a, b), (c, d)) = (ratios("ratio_f32"), ratios("ratio_f64"));
    let s = format!("the f32 step is {a:.1}-{b:.1}x as fast as PyTorch f32 (f64: {c:.1}-{d:.1}x)");
    assert_says(&readme(), &s, "the AVX2 machine's range of ratios");
}

/// The sentences of the last stop's machine (Zen 4) come from
/// `bench/results/tasks_avx512_zen4.json` (`bench/tasks_vs_torch.py`, natively) and
/// `bench/results/tasks_avx2_emulated.json` (`bench/avx2_emulation.sh`), and so do the
/// bounds they state: PyTorch's step as a fraction of the GEMM, and the ratio a step at
/// the GEMM's own speed would reach.
#[test]
fn task_training_on_zen4_and_emulated_avx2_is_what_was_measured() {
    let native: serde_json::Value = read_json("bench/results/tasks_avx512_zen4.json");
    assert_eq!(
        native["rust_packed_isa"], "Some(Avx512)",
        "the packed products on AVX-512"
    );
    assert_eq!(
        native["torch_cpu_capability"], "AVX512",
        "PyTorch on AVX-512"
    );
    rows_sentence_says(&native, "the last stop's machine");
    bound_sentence_says(&native, "the last stop's machine");
    let emulated: serde_json::Value = read_json("bench/results/tasks_avx2_emulated.json");
    assert_eq!(
        emulated["rust_packed_isa"], "Some(Avx2)",
        "the packed products on AVX2"
    );
    assert_eq!(emulated["torch_cpu_capability"], "AVX2", "PyTorch on AVX2");
    assert_eq!(
        emulated["isa_env"]["MKL_ENABLE_INSTRUCTIONS"], "AVX2",
        "MKL on AVX2"
    );
    rows_sentence_says(&emulated, "the emulated AVX2 machine");
    bound_sentence_says(&emulated, "the emulated AVX2 machine");
}

/// PyTorch's f32 step as a fraction of the file's GEMM throughput (lowest, highest) and the
/// README's sentence of the bound that follows from it.
fn bound_sentence_says(res: &serde_json::Value, what: &str) {
    let (_, lo, hi) = gemm_fractions(res, torch_gflops);
    let s = format!(
        "PyTorch's step already reaches {lo:.2}-{hi:.2} of that GEMM, so a step as fast as the GEMM itself would be only {:.2}-{:.2}x as fast as PyTorch's",
        1.0 / hi,
        1.0 / lo
    );
    assert_says(&readme(), &s, &format!("the bound on {what}"));
}

/// Every task's `rust ms against PyTorch ms (ratio)` and the GEMM fraction of a results
/// file are in the README.
fn rows_sentence_says(res: &serde_json::Value, what: &str) {
    let text = readme();
    for t in res["tasks"].as_array().expect("tasks") {
        let num = |k: &str| t[k].as_f64().unwrap_or_else(|| panic!("{k}"));
        let s = format!(
            "{} {} ms against PyTorch f32 {} ms ({:.1}x)",
            t["task"].as_str().expect("task"),
            sig3(num("rust_f32_ms")),
            sig3(num("torch_f32_ms")),
            num("ratio_f32")
        );
        assert_says(&text, &s, &format!("a task row of {what}"));
    }
    let (gemm, lo, hi) = gemm_fractions(res, rust_gflops);
    let s = format!("runs at {gemm:.1} GFLOP/s and a step reaches {lo:.2}-{hi:.2} of it");
    assert_says(&text, &s, &format!("the GEMM fraction of {what}"));
}
