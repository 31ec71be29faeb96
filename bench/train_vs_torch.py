#!/usr/bin/env python3
"""Per-step training time: oblique's BPTT (Rust) against the same models in PyTorch on CPU.

Models (issue 4, Performance; theory notes sections 1, 6):

* rank2-dense:   W = U M U^T / N formed every step, as the published code does; only M
                 trained. N = 1024, batch 32, 50 Euler steps, erf, pulse task.
* rank2-lowrank: the same model written low rank, W phi = U (M (U^T phi / N)).
* linear:        full W of a linear network, N = 256, batch 32, 100 Euler steps, constant
                 input, target for t >= 15 (Fig. 10).

One training step = forward with fresh noise, MSE loss over batch and target steps,
backward, SGD update. PyTorch runs with torch.set_num_threads(2); the Rust side runs
`cargo run --release -p oblique-validate --example train_timing` with RAYON_NUM_THREADS=2
in the same run (before and after the PyTorch timings; the faster of the two is used).
PyTorch is timed in float32 (its default, as in the published code) and float64 (the
precision of oblique's BPTT).

The results go to bench/results/train_vs_torch.json (with the CPU, whether it has AVX-512,
and the load average before and after), which tests/readme_claims.rs checks the README's
speed table against.

Usage: bench/.venv/bin/python bench/train_vs_torch.py [--reps 10] [--no-rust]
Setup: python3 -m venv bench/.venv && bench/.venv/bin/pip install torch
"""

import argparse
import json
import math
import os
import statistics
import subprocess
import time

import torch

import machine

A = math.sqrt(math.pi) / 2
DT = 0.2


def median_step_ms(step, reps, warmup=2):
    for _ in range(warmup):
        step()
    wall, cpu = [], []
    for _ in range(reps):
        t0, c0 = time.perf_counter(), time.process_time()
        step()
        wall.append(1e3 * (time.perf_counter() - t0))
        cpu.append(1e3 * (time.process_time() - c0))
    return statistics.median(wall), statistics.median(cpu)


def rank2_step(n, batch, steps, dense, dtype, lr=1e-4):
    g = torch.Generator().manual_seed(1)
    u, _ = torch.linalg.qr(torch.randn(n, 2, generator=g, dtype=dtype))
    u = u * math.sqrt(n)
    w_out = u[:, 0] / math.sqrt(n)
    w_in = u[:, 1]
    m = torch.tensor([[1.9, 0.2], [-0.1, -1.0]], dtype=dtype, requires_grad=True)
    sign = torch.tensor([1.0 if b % 2 == 0 else -1.0 for b in range(batch)], dtype=dtype)
    loss_steps = list(range(10, steps + 1, 5))
    target = sign[:, None].expand(batch, len(loss_steps))
    noise_scale = math.sqrt(2 * DT)

    def step():
        x = torch.zeros(batch, n, dtype=dtype)
        if dense:
            w = u @ m @ u.T / n
        outs = []
        for k in range(steps):
            phi = torch.erf(A * x)
            if dense:
                rec = phi @ w.T
            else:
                rec = ((phi @ u) / n) @ m.T @ u.T
            inp = (sign / DT)[:, None] * w_in if k == 0 else 0.0
            x = x + DT * (-x + rec + inp) + noise_scale * torch.randn(batch, n, dtype=dtype)
            if k + 1 in loss_steps:
                outs.append(x @ w_out)
        z = torch.stack(outs, dim=1)
        loss = ((z - target) ** 2).mean()
        if m.grad is not None:
            m.grad = None
        loss.backward()
        with torch.no_grad():
            m.sub_(lr * m.grad)
        return loss.item()

    return step


def linear_step(n, batch, steps, dtype, lr=0.002 / 256):
    g = torch.Generator().manual_seed(1)
    q, _ = torch.linalg.qr(torch.randn(n, 2, generator=g, dtype=dtype))
    rho = -0.5 / math.sqrt(n)
    w_out = q[:, 0]
    w_in = (rho * q[:, 0] + math.sqrt(1 - rho * rho) * q[:, 1]) * math.sqrt(n)
    w = torch.zeros(n, n, dtype=dtype, requires_grad=True)
    first = 75
    noise_scale = math.sqrt(2 * DT)

    def step():
        x = torch.zeros(batch, n, dtype=dtype)
        outs = []
        for k in range(steps):
            x = x + DT * (-x + x @ w.T + w_in) + noise_scale * torch.randn(batch, n, dtype=dtype)
            if k + 1 >= first:
                outs.append(x @ w_out)
        z = torch.stack(outs, dim=1)
        loss = ((z - 1.0) ** 2).mean()
        if w.grad is not None:
            w.grad = None
        loss.backward()
        with torch.no_grad():
            w.sub_(lr * w.grad)
        return loss.item()

    return step


def rust_timing(reps):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = dict(os.environ, RAYON_NUM_THREADS="2")
    out = subprocess.run(
        ["cargo", "run", "-q", "--release", "-p", "oblique-validate", "--example",
         "train_timing", "--", str(reps)],
        cwd=root, env=env, check=True, capture_output=True, text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=10)
    ap.add_argument("--no-rust", action="store_true")
    args = ap.parse_args()
    torch.set_num_threads(2)
    load_before = [round(x, 2) for x in os.getloadavg()]
    rust = None if args.no_rust else rust_timing(max(args.reps, 20))
    rows = []
    for dtype in (torch.float32, torch.float64):
        name = str(dtype).replace("torch.", "")
        for label, fn, reps in (
            ("rank2-dense", rank2_step(1024, 32, 50, True, dtype), max(3, args.reps // 2)),
            ("rank2-lowrank", rank2_step(1024, 32, 50, False, dtype), args.reps),
            ("linear", linear_step(256, 32, 100, dtype), args.reps),
        ):
            wall, cpu = median_step_ms(fn, reps)
            rows.append((label, name, wall, cpu))
            print(f"torch {label:14s} {name:8s} {wall:9.2f} ms/step wall {cpu:9.2f} ms cpu", flush=True)
    if not args.no_rust:
        again = rust_timing(max(args.reps, 20))
        for key in ("rank2_n1024_ms", "rank2_n1024_cpu_ms", "linear_n256_ms", "linear_n256_cpu_ms"):
            rust[key] = min(rust[key], again[key])
        print(f"oblique rank2 (f32 phi){rust['rank2_n1024_ms']:9.2f} ms/step wall "
              f"{rust['rank2_n1024_cpu_ms']:9.2f} ms cpu")
        print(f"oblique linear (f64)  {rust['linear_n256_ms']:9.2f} ms/step wall "
              f"{rust['linear_n256_cpu_ms']:9.2f} ms cpu")
        print("ratios (torch time / oblique time; > 1 means oblique is faster):")
        for label, name, wall, cpu in rows:
            key = "linear_n256" if label == "linear" else "rank2_n1024"
            print(f"  {label:14s} {name:8s} wall {wall / rust[key + '_ms']:7.2f}x"
                  f"   cpu {cpu / rust[key + '_cpu_ms']:7.2f}x")
    print("load average:", os.getloadavg())
    write_results(rows, rust, load_before)


def write_results(rows, rust, load_before):
    model, avx512 = machine.cpu()
    out = {
        "cpu": model,
        "cores": os.cpu_count(),
        "avx512": avx512,
        "torch": torch.__version__,
        "torch_threads": torch.get_num_threads(),
        "load_before": load_before,
        "load_after": machine.load_average(),
        "torch_ms": {f"{label}/{dtype}": {"wall": round(wall, 3), "cpu": round(cpu, 3)}
                     for label, dtype, wall, cpu in rows},
        "oblique_ms": rust,
    }
    machine.write_json(machine.results_path("train_vs_torch"), out)


if __name__ == "__main__":
    main()
