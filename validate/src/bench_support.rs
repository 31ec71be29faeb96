//! Helpers shared by the timing examples and the criterion benches (not part of the
//! measures): process CPU time and the synthetic recording of the regime benches.

use nalgebra::DMatrix;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// CPU seconds of this process (user + system), from /proc (Linux); NaN elsewhere.
pub fn cpu_seconds() -> f64 {
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

/// The regime benches' recording (seed 3): activity with five strong directions plus
/// uniform noise (`n` samples x `neurons`), and two outputs reading weak random directions
/// plus noise.
pub fn regime_recording(n: usize, neurons: usize) -> (DMatrix<f64>, DMatrix<f64>) {
    let mut rng = ChaCha8Rng::seed_from_u64(3);
    let latent = DMatrix::from_fn(n, 5, |_, k| rng.random::<f64>() * (6.0 - k as f64));
    let mix = DMatrix::from_fn(5, neurons, |_, _| rng.random::<f64>() - 0.5);
    let x = &latent * &mix + DMatrix::from_fn(n, neurons, |_, _| rng.random::<f64>());
    let read = DMatrix::from_fn(neurons, 2, |_, _| rng.random::<f64>() - 0.5);
    let y = &x * &read + DMatrix::from_fn(n, 2, |_, _| 0.3 * rng.random::<f64>());
    (x, y)
}
