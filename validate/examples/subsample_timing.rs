//! Timing of the Fig. 8 subsampling analysis on the criterion bench's recording
//! (10,000 samples x 200 neurons, 2 outputs, 10 sizes x 20 subsets).
//!
//! `cargo run --release -p oblique-validate --example subsample_timing -- [reps]` prints one
//! JSON object: wall and CPU seconds per analysis (median of `reps`). CPU time does not
//! depend on the load of a shared machine; threads: `RAYON_NUM_THREADS`.

use nalgebra::DMatrix;
use oblique_validate::regime::pca::{centre_columns, gram};
use oblique_validate::regime::ridge::default_alphas;
use oblique_validate::regime::subsample::subsample;
use oblique_validate::regime::SubsampleOptions;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::time::Instant;

/// CPU seconds of this process (user + system), from /proc (Linux).
fn cpu_seconds() -> f64 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            let f: Vec<f64> = s
                .rsplit(')')
                .next()?
                .split_whitespace()
                .skip(11)
                .take(2)
                .filter_map(|v| v.parse().ok())
                .collect();
            Some((f.first()? + f.get(1)?) / 100.0)
        })
        .unwrap_or(f64::NAN)
}

/// The recording of `benches/regime.rs`: a few strong directions plus noise, outputs
/// reading weak random directions.
fn recording(n: usize, neurons: usize) -> (DMatrix<f64>, DMatrix<f64>) {
    let mut rng = ChaCha8Rng::seed_from_u64(3);
    let latent = DMatrix::from_fn(n, 5, |_, k| rng.random::<f64>() * (6.0 - k as f64));
    let mix = DMatrix::from_fn(5, neurons, |_, _| rng.random::<f64>() - 0.5);
    let x = &latent * &mix + DMatrix::from_fn(n, neurons, |_, _| rng.random::<f64>());
    let read = DMatrix::from_fn(neurons, 2, |_, _| rng.random::<f64>() - 0.5);
    let y = &x * &read + DMatrix::from_fn(n, 2, |_, _| 0.3 * rng.random::<f64>());
    (x, y)
}

fn main() {
    let reps: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    let (x, y) = recording(10_000, 200);
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
