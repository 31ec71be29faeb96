#!/usr/bin/env python3
"""Noise compression of complex-sine networks: oblique's trainer and measure against an
independent PyTorch trainer and a numpy measure (issue 12, the apart g = 0.7 noise ratios).

The report's Fig. 16 rows put the aligned decaying complex-sine networks (small output,
g = 0.7) at a noise ratio of about 22 where the study reads about 10. This script asks
whether that comes from oblique's code or from the published recipe itself:

1. `--runs DIR...`: the noise ratio of networks trained by `oblique train task`, measured
   again here in numpy (methods 3.7, written from paper-methods, not from oblique's code):
   4 conditions (the first 4 evaluation trials) x 16 repeats, fresh x_0 ~ N(0, 1), hidden
   noise sqrt(dt) 0.2 per step, the whole trial; fluctuations about the condition means;
   unbiased variance along 2000 random unit directions and along w_out / |w_out|.
   Printed beside oblique's own measure of the same network, the `noise_ratio` of
   DIR/regime.json, when that file exists (`oblique regime --run DIR --skip-perturbation
   --json > DIR/regime.json`). The committed runs were trained by
   `oblique train task --task complex-sine --output-scale small --g 0.7 --seed 7
   --steps S --threads 1 -o DIR` for S = 3000, 6000 and 12000 (the first steps of the
   longer runs are those of the shorter ones, bit for bit).
2. `--records FILE`: the same numpy measure of every network of a `reproduce --paper`
   shard (its records.json, weights in float32), beside the noise ratio the shard recorded.
3. `--train`: the published recipe written in PyTorch (paper-methods 1.1-1.5 and 2.5):
   N = 512, W ~ N(0, g^2/N), W_in ~ N(0, 1), W_out ~ N(0, 1/N^2) (small; `--scale large`:
   N(0, 1/N)), no biases, Euler dt = 0.2, state before the update, z = W_out x,
   x_0 ~ N(0, 1) fresh per trial, hidden noise sqrt(dt) 0.2, batch 32 of fresh trials
   (a ~ U(0, 1), input a + 0.25, target sin(2 pi (0.04 + 0.16 a) t), mask every 2nd step),
   the masked MSE, Adam (torch defaults) at lr = lr0 / N with the published lr0, float32,
   all three weights trained. The network is measured by the numpy measure at each
   checkpoint, on the evaluation inputs of `--eval-input` (eval_input.npy of the seed-7
   `oblique train task` run above; its evaluation batch depends on the seed, not on --steps).

Results go to bench/results/noise_ratio_vs_torch.json (`--append`: laid over what is there,
so that the networks can be trained in separate calls; the file keeps every command in
"commands").

Usage: bench/.venv/bin/python bench/noise_ratio_vs_torch.py [--runs DIR... [--draws K]]
           [--records FILE]
           [--train [--steps 6000] [--checkpoints 3000,6000] [--seeds 1] [--g 0.7]
           [--scale small]] [--threads 2] [--append] [--out FILE]
Setup: bench/setup_venv.sh torch
"""

import argparse
import json
import math
import os
import sys
import time

import numpy as np
import torch

import machine

DT = 0.2
T = 250  # complex sine: t_max = 50
SIGMA_HID = 0.2


def simulate(w, w_in, u, x0, noise):
    """States x_0 .. x_{T-1} (trials x T x N), numpy float64; `noise` is (trials, T, N)."""
    x = x0.copy()
    out = np.empty((u.shape[0], u.shape[1], w.shape[0]))
    for k in range(u.shape[1]):
        out[:, k] = x
        x = (1 - DT) * x + DT * (np.tanh(x) @ w.T + u[:, k] @ w_in.T)
        x += math.sqrt(DT) * SIGMA_HID * noise[:, k]
    return out


def noise_ratio(w, w_in, w_out, eval_input, seed, conditions=4, repeats=16, n_random=2000):
    """Var. output / random of methods 3.7."""
    rng = np.random.default_rng(seed)
    n = w.shape[0]
    b = conditions * repeats
    u = eval_input[np.arange(b) % conditions]
    x = simulate(w, w_in, u, rng.standard_normal((b, n)), rng.standard_normal((b, u.shape[1], n)))
    means = np.stack([x[c::conditions].mean(axis=0) for c in range(conditions)])
    dx = (x - means[np.arange(b) % conditions]).reshape(-1, n)
    cov = dx.T @ dx / (dx.shape[0] - 1)
    r = rng.standard_normal((n, n_random))
    r /= np.linalg.norm(r, axis=0)
    var_random = np.einsum("ij,ij->j", r, cov @ r)
    v = w_out[0] / np.linalg.norm(w_out[0])
    return float(v @ cov @ v / var_random.mean())


def measure_runs(runs, draws=1):
    """numpy's measure of each run (noise draw seed 7, and seeds 7 .. 7 + draws - 1 in
    `numpy_draws` when draws > 1), beside oblique's own and the run's final loss."""
    rows = []
    for d in runs:
        load = lambda f: np.load(os.path.join(d, f + ".npy")).astype(np.float64)
        ours = None
        regime = os.path.join(d, "regime.json")
        if os.path.exists(regime):
            with open(regime) as f:
                ours = json.load(f)["noise_ratio"]
        weights = load("w"), load("w_in"), load("w_out"), load("eval_input")
        ratios = [noise_ratio(*weights, seed=7 + k) for k in range(draws)]
        with open(os.path.join(d, "curves.csv")) as f:
            losses = [float(line.split(",")[1]) for line in f.readlines()[1:]]
        rows.append({"run": os.path.basename(d), "steps": len(losses),
                     "loss_last_10pct": round(float(np.mean(losses[-len(losses) // 10:])), 4),
                     "numpy": round(ratios[0], 3),
                     "oblique": None if ours is None else round(ours, 3)})
        if draws > 1:
            rows[-1]["numpy_draws"] = [round(r, 3) for r in ratios]
        print(rows[-1], flush=True)
    return rows


def measure_records(path, eval_input):
    """The numpy measure of every network of a shard's records.json (its own noise draw each)."""
    with open(path) as f:
        records = json.load(f)
    rows = []
    for i, r in enumerate(records):
        n = len(r["weights"]["w_out"])
        as_np = lambda k, shape: np.asarray(r["weights"][k], dtype=np.float64).reshape(shape)
        w, w_in, w_out = as_np("w", (n, n)), as_np("w_in", (n, 1)), as_np("w_out", (1, n))
        job = r["job"]
        rows.append({"scale": job["scale"], "g": job["g"], "sample": job["sample"],
                     "oblique": round(r["robust"]["noise_ratio"], 3),
                     "numpy": round(noise_ratio(w, w_in, w_out, eval_input, seed=100 + i), 3)})
        print(rows[-1], flush=True)
    return rows


def task_batch(gen, batch):
    a = torch.rand(batch, 1, generator=gen)
    t = DT * torch.arange(T)
    u = (a + 0.25).unsqueeze(1).expand(batch, T, 1)
    y = torch.sin(2 * math.pi * (0.04 + 0.16 * a) * t).unsqueeze(2)
    mask = torch.zeros(1, T, 1)
    mask[:, ::2] = 1.0
    return u.contiguous(), y, mask


# lr0 of complex sine per (output scale, g) (paper-methods 1.5)
LR0 = {("large", 0.7): 0.01, ("large", 1.5): 0.005, ("small", 0.7): 0.005, ("small", 1.5): 0.005}


def train(seed, scale, g, steps, checkpoints, eval_input, n=512, batch=32):
    lr0 = LR0[(scale, g)]
    gen = torch.Generator().manual_seed(seed)
    w = (g / math.sqrt(n) * torch.randn(n, n, generator=gen)).requires_grad_()
    w_in = torch.randn(n, 1, generator=gen).requires_grad_()
    sigma_out = 1.0 if scale == "large" else 1 / math.sqrt(n)
    w_out = (sigma_out / math.sqrt(n) * torch.randn(1, n, generator=gen)).requires_grad_()
    opt = torch.optim.Adam([w, w_in, w_out], lr=lr0 / n)
    out, losses, t0 = [], [], time.time()
    for step in range(1, steps + 1):
        u, y, mask = task_batch(gen, batch)
        x = torch.randn(batch, n, generator=gen)
        noise = math.sqrt(DT) * SIGMA_HID * torch.randn(T, batch, n, generator=gen)
        zs = []
        for k in range(T):
            zs.append(x @ w_out.T)
            x = (1 - DT) * x + DT * (torch.tanh(x) @ w.T + u[:, k] @ w_in.T) + noise[k]
        z = torch.stack(zs, dim=1)
        loss = ((z - y) ** 2 * mask).sum() / (mask.sum() * batch)
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
        if step % 500 == 0:
            print(f"torch seed {seed}: step {step}/{steps}, loss {np.mean(losses[-500:]):.4f}, "
                  f"{time.time() - t0:.0f} s", flush=True)
        if step in checkpoints:
            as_np = lambda p: p.detach().double().numpy()
            ratio = noise_ratio(as_np(w), as_np(w_in), as_np(w_out), eval_input, seed=7)
            out.append({"scale": scale, "g": g, "seed": seed, "step": step,
                        "noise_ratio": round(ratio, 3),
                        "loss_last_10pct": round(float(np.mean(losses[-steps // 10:])), 4),
                        "w_out_norm": round(float(w_out.detach().norm()), 4),
                        "seconds": round(time.time() - t0, 1)})
            print(out[-1], flush=True)
    return out


def merged(path, new):
    """`new` laid over the results file at `path`: its torch rows replace those of the same
    (scale, g, seed), its measured and records lists replace the old ones when not empty."""
    with open(path) as f:
        old = json.load(f)
    key = lambda r: (r["scale"], r["g"], r["seed"])
    fresh = {key(r) for r in new["torch"]}
    out = dict(old, machine=new["machine"], commands=old.get("commands", []) + new["commands"])
    out["torch"] = [r for r in old["torch"] if key(r) not in fresh] + new["torch"]
    for k in ("measured", "records"):
        out[k] = new[k] or old[k]
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", nargs="*", default=[])
    ap.add_argument("--draws", type=int, default=1,
                    help="noise draws of numpy's measure per --runs network (default 1)")
    ap.add_argument("--records", help="records.json of a reproduce --paper shard (complex sine)")
    ap.add_argument("--train", action="store_true")
    ap.add_argument("--steps", type=int, default=6000)
    ap.add_argument("--checkpoints", default="3000,6000")
    ap.add_argument("--seeds", default="1")
    ap.add_argument("--g", type=float, default=0.7, choices=[0.7, 1.5])
    ap.add_argument("--scale", default="small", choices=["small", "large"])
    ap.add_argument("--eval-input", help="eval_input.npy of an oblique run (default: the first --runs)")
    ap.add_argument("--threads", type=int, default=2, help="torch threads (default 2)")
    ap.add_argument("--append", action="store_true",
                    help="lay this call's rows over the existing --out file instead of replacing it")
    ap.add_argument("--out", default=machine.results_path("noise_ratio_vs_torch"))
    args = ap.parse_args()
    if (args.records or args.train) and not (args.eval_input or args.runs):
        ap.error("--records and --train need --eval-input FILE or --runs DIR (its eval_input.npy)")
    torch.set_num_threads(args.threads)
    command = "bench/.venv/bin/python bench/noise_ratio_vs_torch.py " + " ".join(
        os.path.relpath(a, machine.ROOT) if os.path.isabs(a) else a for a in sys.argv[1:])
    result = {"machine": machine.describe(), "commands": [command],
              "measured": measure_runs(args.runs, args.draws), "records": [], "torch": []}
    if args.records or args.train:
        src = args.eval_input or os.path.join(args.runs[0], "eval_input.npy")
        eval_input = np.load(src).astype(np.float64)
    if args.records:
        result["records"] = measure_records(args.records, eval_input)
    if args.train:
        cps = {int(c) for c in args.checkpoints.split(",")}
        for s in (int(v) for v in args.seeds.split(",")):
            result["torch"] += train(s, args.scale, args.g, args.steps, cps, eval_input)
    if args.append and os.path.exists(args.out):
        result = merged(args.out, result)
    print(f"wrote {machine.write_json(args.out, result)}")


if __name__ == "__main__":
    main()
