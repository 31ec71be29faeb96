//! Simulator throughput: time per Euler step (all trials) of the low-rank fast path and
//! the dense path, plus the two per-element kernels (erf, normal noise).
//!
//! Run: `cargo bench -p oblique-validate --bench simulate`. Steps per second = 1 / time.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use nalgebra::Matrix2;
use oblique_validate::network::{RankTwoNetwork, RankTwoParams};
use oblique_validate::simulate::activation::erf_fast;
use oblique_validate::simulate::noise::{fill_normal, trial_rng};
use oblique_validate::simulate::{
    simulate_rank_two, simulate_rank_two_dense, InitialState, Input, SimConfig,
};

const STEPS: usize = 50;

fn config(batch: usize) -> SimConfig {
    SimConfig {
        batch,
        steps: STEPS,
        input: Input::Pulse(
            (0..batch)
                .map(|b| if b % 2 == 0 { 5.0 } else { -5.0 })
                .collect(),
        ),
        init: InitialState::Zero,
        seed: 1,
    }
}

fn network(n: usize) -> RankTwoNetwork {
    let p = RankTwoParams::new(n, Matrix2::new(1.9, 0.2, 0.1, -5.0));
    RankTwoNetwork::from_seed(&p, 1).unwrap()
}

fn low_rank(c: &mut Criterion) {
    let mut group = c.benchmark_group("low_rank_50_steps");
    group.sample_size(20);
    for (n, batch) in [(256, 32), (256, 256), (1024, 32), (1024, 256)] {
        let net = network(n);
        let cfg = config(batch);
        group.throughput(Throughput::Elements(STEPS as u64));
        group.bench_function(format!("N{n}_batch{batch}"), |b| {
            b.iter(|| simulate_rank_two(black_box(&net), &cfg).unwrap())
        });
    }
    group.finish();
}

fn dense(c: &mut Criterion) {
    let mut group = c.benchmark_group("dense_50_steps");
    group.sample_size(10);
    for (n, batch) in [(256, 32), (1024, 32)] {
        let net = network(n);
        let cfg = config(batch);
        group.throughput(Throughput::Elements(STEPS as u64));
        group.bench_function(format!("N{n}_batch{batch}"), |b| {
            b.iter(|| simulate_rank_two_dense(black_box(&net), &cfg).unwrap())
        });
    }
    group.finish();
}

fn kernels(c: &mut Criterion) {
    let mut group = c.benchmark_group("kernels_32768");
    let x: Vec<f64> = (0..32768).map(|i| (i as f64 * 1e-3).sin() * 3.0).collect();
    let mut out = vec![0.0; 32768];
    group.throughput(Throughput::Elements(32768));
    group.bench_function("erf_fast", |b| {
        b.iter(|| {
            for (o, &v) in out.iter_mut().zip(&x) {
                *o = erf_fast(v);
            }
            black_box(&out);
        })
    });
    group.bench_function("statrs_erf", |b| {
        b.iter(|| {
            for (o, &v) in out.iter_mut().zip(&x) {
                *o = statrs::function::erf::erf(v);
            }
            black_box(&out);
        })
    });
    let mut rng = trial_rng(1, 0);
    group.bench_function("normal_chacha8", |b| {
        b.iter(|| {
            fill_normal(&mut rng, &mut out);
            black_box(&out);
        })
    });
    let mut small = <rand::rngs::SmallRng as rand::SeedableRng>::seed_from_u64(1);
    group.bench_function("normal_smallrng", |b| {
        b.iter(|| {
            fill_normal(&mut small, &mut out);
            black_box(&out);
        })
    });
    group.finish();
}

criterion_group!(benches, low_rank, dense, kernels);
criterion_main!(benches);
