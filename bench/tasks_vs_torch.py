#!/usr/bin/env python3
"""Per-step training time of the task networks: oblique (Rust) against PyTorch on CPU (issue 10).

The model of paper-methods section 1: x <- (1 - dt) x + dt (W tanh(x) + W_in u) + sqrt(dt) 0.2 xi,
z = W_out x (state before the update), x_0 ~ N(0, 1); N = 512, batch 32; the masked MSE
(every 5th step) is backpropagated through time and all three weights take an Adam step.
PyTorch is written the way the published code runs it (a Python loop over time steps,
autograd) with torch.set_num_threads(2), in float32 and float64. The Rust side is
`cargo run --release -p oblique-validate --example tasks_timing` with 2 threads, run in the
same session before the PyTorch timings. Each side is timed in `--rounds` rounds (default 3;
a round runs the Rust binary on every task, then PyTorch on every task) and keeps its
fastest round's median: on a shared 2-core VM one round now and then runs 1.5x slow for
either side. Task lengths: cycling 360, flip-flop 125,
Mante 240, Romo 145, complex sine 250, sine 105 steps.

Usage: bench/.venv/bin/python bench/tasks_vs_torch.py [--reps 5] [--rounds 3] [--n 512] [--tasks cycling,romo]
Setup: bench/setup_venv.sh torch
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
from task_rnn import DT

# the environment variables that cap PyTorch's instruction sets (bench/avx2_emulation.sh sets them)
ISA_ENV = ("ATEN_CPU_CAPABILITY", "MKL_ENABLE_INSTRUCTIONS", "ONEDNN_MAX_CPU_ISA")
TASKS = {  # name: (T, d_in, d_out, mask_step)
    "cycling": (360, 2, 2, 5),
    "flipflop": (125, 3, 3, 5),
    "mante": (240, 4, 1, 5),
    "romo": (145, 1, 1, 5),
    "complex-sine": (250, 1, 1, 2),
    "sine": (105, 1, 1, 5),
}


def torch_step(n, batch, t, d_in, d_out, mask_step, dtype):
    gen = torch.Generator().manual_seed(1)
    w = (1.5 / math.sqrt(n) * torch.randn(n, n, generator=gen, dtype=dtype)).requires_grad_()
    w_in = torch.randn(n, d_in, generator=gen, dtype=dtype).requires_grad_()
    w_out = (torch.randn(d_out, n, generator=gen, dtype=dtype) / n).requires_grad_()
    opt = torch.optim.Adam([w, w_in, w_out], lr=0.01 / n)
    u = torch.randn(batch, t, d_in, dtype=dtype)
    y = torch.randn(batch, t, d_out, dtype=dtype)
    mask = torch.zeros(batch, t, d_out, dtype=torch.bool)
    mask[:, ::mask_step] = True
    s = math.sqrt(DT) * 0.2

    def step():
        x = torch.randn(batch, n, dtype=dtype)
        noise = s * torch.randn(t, batch, n, dtype=dtype)
        xs = []
        for k in range(t):
            xs.append(x)
            x = (1 - DT) * x + DT * (torch.tanh(x) @ w.T + u[:, k] @ w_in.T) + noise[k]
        z = torch.stack(xs, 1) @ w_out.T
        loss = ((z - y)[mask] ** 2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        return loss.item()

    return step


def median_ms(step, reps):
    step()
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        step()
        times.append(1e3 * (time.perf_counter() - t0))
    return statistics.median(times)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--rounds", type=int, default=3, help="rounds per side; the fastest round's median counts")
    ap.add_argument("--n", type=int, default=512)
    ap.add_argument("--tasks", default=",".join(TASKS))
    ap.add_argument("--rust-bin", help="a built tasks_timing example to run instead of cargo run")
    ap.add_argument("--write", help="write the results as JSON here (e.g. bench/results/tasks_avx2.json)")
    args = ap.parse_args()
    tasks = args.tasks.split(",")
    torch.set_num_threads(2)
    load_before = os.getloadavg()
    cmd = ["cargo", "run", "--release", "-q", "-p", "oblique-validate", "--example", "tasks_timing",
           "--", str(args.n), str(args.reps), "2", ",".join(tasks)]
    if args.rust_bin:
        cmd = [args.rust_bin] + cmd[cmd.index("--") + 1:]
    rust, gemm, torch_ms, packed_isa = {}, {}, {}, None
    for _ in range(args.rounds):
        # one round: the Rust binary on every task, then PyTorch on every task, so that a slow
        # spell of the machine falls on both sides alike
        for line in subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.splitlines():
            r = json.loads(line)
            if "gemm" in r:
                gemm[r["gemm"]] = max(gemm.get(r["gemm"], 0.0), r["gflops"])
                packed_isa = r.get("packed_isa")
            else:
                key = (r["task"], r["precision"])
                if key not in rust or r["ms"] < rust[key]["ms"]:
                    rust[key] = r
        for name in tasks:
            t, d_in, d_out, ms = TASKS[name]
            for dt in (torch.float32, torch.float64):
                v = median_ms(torch_step(args.n, 32, t, d_in, d_out, ms, dt), args.reps)
                torch_ms[(name, dt)] = min(torch_ms.get((name, dt), math.inf), v)
    print(f"N = {args.n}, batch 32, 2 threads, median of {args.reps} steps, fastest of {args.rounds} rounds "
          "(ms per training step)")
    print(f"{'task':>13} {'T':>4} {'GFLOP':>6} | {'rust f32':>9} {'GFLOP/s':>7} {'rust f64':>9} | "
          f"{'torch f32':>9} {'torch f64':>9} | {'f32 ratio':>9} {'f64 ratio':>9}")
    rows = []
    for name in tasks:
        t, d_in, d_out, ms = TASKS[name]
        tf = {dt: torch_ms[(name, dt)] for dt in (torch.float32, torch.float64)}
        r32, r64 = rust[(name, "f32")], rust[(name, "f64")]
        print(f"{name:>13} {t:>4} {r32['gflop']:>6.2f} | {r32['ms']:>9.1f} {r32['gflops']:>7.1f} "
              f"{r64['ms']:>9.1f} | {tf[torch.float32]:>9.1f} {tf[torch.float64]:>9.1f} | "
              f"{tf[torch.float32] / r32['ms']:>9.2f} {tf[torch.float64] / r64['ms']:>9.2f}")
        rows.append({"task": name, "t": t, "gflop": r32["gflop"],
                     "rust_f32_ms": r32["ms"], "rust_f32_gflops": r32["gflops"], "rust_f64_ms": r64["ms"],
                     "torch_f32_ms": round(tf[torch.float32], 3), "torch_f64_ms": round(tf[torch.float64], 3),
                     "ratio_f32": round(tf[torch.float32] / r32["ms"], 2),
                     "ratio_f64": round(tf[torch.float64] / r64["ms"], 2),
                     "fraction_of_gemm": round(r32["gflops"] / gemm["f32"], 2)})
    print(f"machine GEMM throughput on 2 threads: f32 {gemm['f32']:.1f} GFLOP/s, f64 {gemm['f64']:.1f} GFLOP/s")
    if args.write:
        _, avx512 = machine.cpu()
        machine.write_json(args.write, {"n": args.n, "batch": 32, "threads": 2, "reps": args.reps,
                                        "rounds": args.rounds,
                                        "avx512": avx512, "torch": torch.__version__,
                                        "rust_packed_isa": packed_isa,
                                        "torch_cpu_capability": torch.backends.cpu.get_cpu_capability(),
                                        "isa_env": {k: os.environ[k] for k in ISA_ENV if k in os.environ},
                                        "load_before": load_before, "load_after": os.getloadavg(),
                                        "gemm_gflops": gemm, "tasks": rows})


if __name__ == "__main__":
    main()
