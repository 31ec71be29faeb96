//! Timing of the Fig. 8 subsampling analysis on the criterion bench's recording
//! (10,000 samples x 200 neurons, 2 outputs, 10 sizes x 20 subsets).
//!
//! `cargo run --release -p oblique-validate --example subsample_timing -- [reps]` prints one
//! JSON object: wall and CPU seconds per analysis (median of `reps`). CPU time does not
//! depend on the load of a shared machine; threads: `RAYON_NUM_THREADS`.

use oblique_validate::bench_support::{cpu_seconds, regime_recording};
use oblique_validate::regime::pca::{centre_columns, gram};
use oblique_validate::regime::ridge::default_alphas;
use oblique_validate::regime::subsample::subsample;
use oblique_validate::regime::SubsampleOptions;
use std::time::Instant;

fn main() {
    let reps: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    let (x, y) = regime_recording(10_000, 200);
    let (xc, yc) = (centre_columns(&x), centre_columns(&y));
    let g = gram(&xc);
    let opts = SubsampleOptions::published(1);
    let alphas = default_alphas();
    let (mut wall, mut cpu) = (Vec::new(), Vec::new());
    let mut first = None;
    for _ in 0..reps.max(1) {
        let (t, c) = (Instant::now(), cpu_seconds());
        let rows = subsample(&xc, &g, &yc, &opts, &alphas).expect("valid options");
        wall.push(t.elapsed().as_secs_f64());
        cpu.push(cpu_seconds() - c);
        first.get_or_insert(rows);
    }
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let rows = first.expect("at least one run");
    println!(
        "{{\"threads\": {}, \"wall_s\": {:.3}, \"cpu_s\": {:.3}, \"r2_mean_smallest\": {:.15}, \"alpha_mean_smallest\": {}}}",
        rayon::current_num_threads(),
        median(wall),
        median(cpu),
        rows[0].r2.mean,
        rows[0].alpha.mean
    );
}
