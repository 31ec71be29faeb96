//! Tests of the budget checks: exact messages for absurd runs, published runs pass.

use super::*;

const MACHINE: Machine = Machine {
    total_ram: 8_000_000_000,
    cores: 2,
};

#[test]
fn meminfo_is_read_in_bytes() {
    let t = "MemTotal:       16318412 kB\nMemFree:  1 kB\n";
    assert_eq!(parse_meminfo(t), Some(16_318_412 * 1024));
    assert_eq!(parse_meminfo("nothing"), None);
    assert!(Machine::detect().total_ram > 0);
}

#[test]
fn sizes_and_durations_read_well() {
    assert_eq!(bytes(512.0), "512 bytes");
    assert_eq!(bytes(8e12), "8.0 TB");
    assert_eq!(bytes(3.94e9), "3.9 GB");
    assert_eq!(duration(5.0), "5 seconds");
    assert_eq!(duration(3.0 * 86_400.0), "3 days");
}

/// The published set-ups pass on an 8 GB, 2-core machine.
#[test]
fn published_runs_pass() {
    assert!(simulate_cost(256, 256, 500, false).check(&MACHINE).is_ok());
    assert!(simulate_cost(1024, 256, 500, true).check(&MACHINE).is_ok());
    assert!(train_rank2_cost(1024, 32, 512, 51, 5000, false)
        .check(&MACHINE)
        .is_ok());
    assert!(train_linear_cost(256, 32, 101, 6000)
        .check(&MACHINE)
        .is_ok());
    assert!(flr_cost(200, 5, 1).check(&MACHINE).is_ok());
    assert!(linear_flow_cost(256, 201, false).check(&MACHINE).is_ok());
    assert!(linear_flow_cost(128, 201, true).check(&MACHINE).is_ok());
    assert!(sgd_moments_cost(101, 6000, 32).check(&MACHINE).is_ok());
    // the published task networks: N = 512, batch 32, cycling 360 time steps x 1000
    // steps, Romo 145 x 6000, and the re-run of the longest trial
    assert!(train_task_cost(512, 32, 360, 1000).check(&MACHINE).is_ok());
    assert!(train_task_cost(512, 32, 145, 6000).check(&MACHINE).is_ok());
    assert!(simulate_task_cost(512, 750.0).check(&MACHINE).is_ok());
    assert!(sweep_cost(1e6).check(&MACHINE).is_ok());
}

#[test]
fn absurd_runs_get_exact_messages() {
    // N = 1e9: the state is 3 x 1e9 x 256 x 8 bytes = 6.1 TB, plus U (16 GB)
    assert_eq!(
        simulate_cost(1_000_000_000, 256, 500, false)
            .check(&MACHINE)
            .unwrap_err()
            .to_string(),
        "simulating N = 1.0000e9 neurons x 256 trials x 500 steps needs about 6.2 TB of memory, but this machine has 8.0 GB in total; lower --n, --batch or --t-max (or raise --dt)"
    );
    // t_max 1e12 at dt 0.2: 5e12 steps x 256 trials x 2560 operations
    let e = simulate_cost(256, 256, 5_000_000_000_000, false).check(&MACHINE);
    assert!(matches!(e, Err(BudgetError::Memory { .. })));
    // N = 1e7, 10 trials, 2e6 steps: 2e15 operations, 2.9 GB
    let e = simulate_cost(10_000_000, 10, 2_000_000, false)
        .check(&MACHINE)
        .unwrap_err()
        .to_string();
    assert_eq!(e, "simulating N = 1.0000e7 neurons x 10 trials x 2.0000e6 steps needs about 2.0000e15 floating-point operations (at 1e10 per second: 2.3 days), more than the limit 1.0000e15; lower --t-max, --batch or --n (or raise --dt)");
    assert!(train_rank2_cost(256, 32, 1_000_000_000, 51, 10, false)
        .check(&MACHINE)
        .unwrap_err()
        .to_string()
        .ends_with("lower --eval-batch or --n"));
    assert!(flr_cost(100, 1_000_000_000, 1)
        .check(&MACHINE)
        .unwrap_err()
        .to_string()
        .ends_with("lower --memories or --pairs"));
    assert!(sgd_moments_cost(500_000, 6000, 32).check(&MACHINE).is_err());
    // 1e9 steps of N = 16: the records (12 x 8 bytes a step) are the 96.0 GB
    assert!(train_linear_cost(16, 32, 101, 1_000_000_000)
        .check(&MACHINE)
        .unwrap_err()
        .to_string()
        .ends_with("96.0 GB of memory, but this machine has 8.0 GB in total; lower --steps (or --fast-steps/--slow-steps)"));
    // a batch of 1e9 trials of 101 time points: 8 x 1e9 x 103 bytes = 824.0 GB
    assert!(sgd_moments_cost(101, 6000, 1_000_000_000)
        .check(&MACHINE)
        .unwrap_err()
        .to_string()
        .ends_with("824.0 GB of memory, but this machine has 8.0 GB in total; lower --batch"));
    // 1e9 samples: 8 x 50 x 1e9 bytes = 400.0 GB
    assert!(linear_flow_cost(100, 1_000_000_000, false)
        .check(&MACHINE)
        .unwrap_err()
        .to_string()
        .ends_with("400.0 GB of memory, but this machine has 8.0 GB in total; lower --samples"));
    // the full space at N = 1e5: 16 x 1e10 x 8 bytes = 1.3 TB
    assert_eq!(
        linear_flow_cost(100_000, 201, true).check(&MACHINE).unwrap_err().to_string(),
        "the learning curves of N = 100000 neurons (full space) at 201 samples per phase needs about 1.3 TB of memory, but this machine has 8.0 GB in total; lower --n (or --space rank-two)"
    );
    // N = 5000 in the full space: 30 x 1.25e11 x 30 x 402 = 4.5e16 operations
    assert!(linear_flow_cost(5000, 201, true)
        .check(&MACHINE)
        .unwrap_err()
        .to_string()
        .ends_with("lower --n or --samples (or --space rank-two)"));
    // N = 1e5: 8 x ((2 x 32 + 4 x 32) x 360 x 1e5 + 5e10 + 8 x 1000) bytes = 455.3 GB
    assert_eq!(
        train_task_cost(100_000, 32, 360, 1000)
            .check(&MACHINE)
            .unwrap_err()
            .to_string(),
        "training a task network with N = 100000, batch 32, 360 time steps per trial, 1000 steps needs about 455.3 GB of memory, but this machine has 8.0 GB in total; lower --n or --batch"
    );
    // N = 4096, 1e4 steps: 6 x 4096^2 x 360 x (32e4 + 128) = 1.16e16 operations
    assert!(train_task_cost(4096, 32, 360, 10_000)
        .check(&MACHINE)
        .unwrap_err()
        .to_string()
        .ends_with("lower --steps, --batch or --n"));
    // --t-max 1e300: 5e300 time steps
    assert_eq!(
        simulate_task_cost(256, 5e300)
            .check(&MACHINE)
            .unwrap_err()
            .to_string(),
        "simulating a task network of N = 256 neurons for 5.0000e300 time steps x 32 trials needs about 4.9152e287 EB of memory, but this machine has 8.0 GB in total; lower --t-max"
    );
    assert!(sweep_cost(1e9 * 1e9).check(&MACHINE).is_err());
}

#[test]
fn threads_are_bounded_by_a_multiple_of_the_cores() {
    assert_eq!(MACHINE.check_threads(8), Ok(8));
    assert_eq!(
        MACHINE.check_threads(100_000).unwrap_err().to_string(),
        "--threads 100000 is out of range: it must be between 1 and 8 (4 x the 2 available cores)"
    );
    assert!(MACHINE.check_threads(0).is_err());
}
