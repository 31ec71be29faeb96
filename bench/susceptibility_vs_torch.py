#!/usr/bin/env python3
"""Relative susceptibility (methods 3.8) in numpy, written from paper-methods, not from
oblique's code: of networks trained by `oblique train task` (beside oblique's own measure)
and of the PyTorch networks of `noise_ratio_vs_torch.py --train --save-weights DIR` (issue 12,
the susceptibilities apart from the published ones at the paper size).

The measure, for one network and its evaluation batch (32 trials):
- the noise-free run from a frozen initial state x_0 ~ N(0, 1) (no hidden noise);
- per trial one unit direction in span(W_out) (trial 0: w_out / |w_out|) and one in the span
  of the top two PCs of the states at t >= 10 (trial 0: PC1), each a Gaussian combination;
- 21 amplitudes linspace(0, A sqrt(N), 21) (A = 10; Romo 5) at 10 times t_p = t_min +
  floor(k (t_max - t_min) / (10 dt)) dt: the state at t_p is kicked and the trial run on
  from there with the same inputs;
- the loss: the MSE between output and target on the task's mask from t_max + 5 on;
- AUC = sum over amplitudes of the mean loss over the times; relative susceptibility =
  AUC along W_out / AUC along the PCs.
Windows (t_min, t_max): cycling (5, 15), flip-flop (5, 10), Mante (10, 23), complex sine
(5, 25). Romo: t_min = 1 and t_max = the onset of the latest-starting decision window in the
batch (its first masked time) - 5; every trial's mask is replaced by that trial's mask and
the trial's own masked target values are moved into it in order (`romo_window`).

Usage: bench/.venv/bin/python bench/susceptibility_vs_torch.py --task mante DIR... [--draws K]
           [--make-run LIKE] [--append] [--out FILE]
Each DIR holds w.npy, w_in.npy, w_out.npy, eval_input.npy, eval_target.npy, eval_mask.npy (an
`oblique train task` run or a `--save-weights` checkpoint); oblique's own measure is read
from DIR/regime*.json (`oblique regime --run DIR --seed K --json > DIR/regime_sK.json`).
`--make-run LIKE` first turns each `--save-weights` checkpoint into a run directory that
`oblique regime --run` reads: summary.json from the run LIKE (an `oblique train task` run of
the same task) with N, g and the output scale of the checkpoint, h0.npy = 0, and LIKE's
evaluation batch (oblique's, the same for every run of a task) in place of the one drawn by
PyTorch, so that both measures see the same trials; nothing is measured then.
"""

import argparse
import json
import math
import os
import sys

import numpy as np

import machine
from task_rnn import DT, arrays, late, run

WINDOWS = {"cycling": (5, 15), "flipflop": (5, 10), "mante": (10, 23), "complex-sine": (5, 25),
           "romo": (1, None)}


def directions(rng, basis, trials):
    """One unit direction per trial in the span of the rows of `basis` (trial 0: row 0)."""
    c = rng.standard_normal((trials, basis.shape[0]))
    c[0] = 0.0
    c[0, 0] = 1.0
    v = c @ basis
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def romo_window(y, mask):
    """Romo (methods 3.8): (t_max, target, mask) with every trial's masked targets moved, in
    order, into the mask of the trial whose decision window starts latest."""
    onsets = [np.flatnonzero(mask[b, :, 0])[0] for b in range(mask.shape[0])]
    latest = int(np.argmax(onsets))
    window = np.flatnonzero(mask[latest, :, 0])
    shifted_y = np.zeros_like(y)
    shifted_mask = np.zeros_like(y)
    for b in range(y.shape[0]):
        own = np.flatnonzero(mask[b, :, 0])
        if len(own) != len(window):
            sys.exit(f"romo: trial {b} has {len(own)} masked steps, the latest {len(window)}")
        shifted_y[b, window] = y[b, own]
        shifted_mask[b, window] = 1.0
    return onsets[latest] * DT - 5, shifted_y, shifted_mask


def relative_susceptibility(w, w_in, w_out, u, y, mask, task, seed):
    """AUC along W_out / AUC along the top two PCs (methods 3.8)."""
    rng = np.random.default_rng(seed)
    trials, steps = u.shape[:2]
    n = w.shape[0]
    states = run(w, w_in, u, rng.standard_normal((trials, n)))
    b = late(states)
    centred = b - b.mean(axis=0)
    pcs = np.linalg.svd(centred, full_matrices=False)[2][:2]
    t_min, t_max = WINDOWS[task]
    if task == "romo":
        t_max, y, loss_mask = romo_window(y, mask)
    else:
        loss_mask = mask * (DT * np.arange(steps) >= t_max + 5 - 1e-9)[None, :, None]
    amps = np.linspace(0, (5 if task == "romo" else 10) * math.sqrt(n), 21)
    times = [t_min + math.floor(k * (t_max - t_min) / (DT * 10)) * DT for k in range(10)]
    auc = {}
    for kind, basis in (("w_out", w_out / np.linalg.norm(w_out, axis=1, keepdims=True)),
                        ("pc", pcs)):
        v = directions(rng, basis, trials)
        losses = np.empty((len(amps), len(times)))
        for j, t_p in enumerate(times):
            p = int(round(t_p / DT))
            kicked = (states[:, p][None] + amps[:, None, None] * v[None]).reshape(-1, n)
            z = run(w, w_in, np.tile(u, (len(amps), 1, 1)), kicked, p) @ w_out.T
            z = z.reshape(len(amps), trials, steps - p, -1)
            m = loss_mask[:, p:]
            losses[:, j] = ((z - y[None, :, p:]) ** 2 * m[None]).sum(axis=(1, 2, 3)) / m.sum()
        auc[kind] = losses.mean(axis=1).sum()
    return float(auc["w_out"] / auc["pc"])


def measure(d, task, draws):
    u, y, mask = arrays(d, "eval_input", "eval_target", "eval_mask")
    mask = np.array(np.broadcast_to(mask, y.shape))
    weights = arrays(d, "w", "w_in", "w_out")
    ours = []
    for name in machine.regime_files(d):
        with open(os.path.join(d, name)) as f:
            s = json.load(f).get("susceptibility")
        if s is not None:
            ours.append(round(s, 3))
    row = {"dir": os.path.basename(os.path.normpath(d)), "task": task,
           "numpy": [round(relative_susceptibility(*weights, u, y, mask, task, seed=7 + k), 3)
                     for k in range(draws)],
           "oblique": ours}
    print(row, flush=True)
    return row


def make_run(d, like):
    """Makes the `--save-weights` checkpoint `d` (<task>_<scale>_g<g>_s<seed>_step<step>) a
    run directory for `oblique regime --run` (see the module's doc)."""
    _, scale, g = os.path.basename(os.path.normpath(d)).split("_")[:3]
    with open(os.path.join(like, "summary.json")) as f:
        summary = json.load(f)
    n = np.load(os.path.join(d, "w.npy")).shape[0]
    preset = summary["config"]["preset"]
    preset.update(n=n, g=float(g[1:]), output_scale=scale)
    summary["status"] = "complete"
    summary["note"] = "weights trained by bench/noise_ratio_vs_torch.py (PyTorch); see " \
                      "bench/susceptibility_vs_torch.py --make-run"
    with open(os.path.join(d, "summary.json"), "w") as f:
        json.dump(summary, f, indent=2)
    np.save(os.path.join(d, "h0.npy"), np.zeros(n))
    for name in ("eval_input", "eval_target", "eval_mask"):
        np.save(os.path.join(d, name + ".npy"), np.load(os.path.join(like, name + ".npy")))
    print(f"{d}: a run directory like {like} (N = {n}, {scale} output, {g})")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dirs", nargs="+")
    ap.add_argument("--task", required=True, choices=sorted(WINDOWS))
    ap.add_argument("--draws", type=int, default=1, help="draws of x_0 and directions (default 1)")
    ap.add_argument("--make-run", metavar="LIKE", help="make each DIR a run directory (see above)")
    ap.add_argument("--append", action="store_true", help="keep the rows of other dirs in --out")
    ap.add_argument("--out", default=machine.results_path("susceptibility_vs_torch"))
    args = ap.parse_args()
    if args.make_run:
        for d in args.dirs:
            make_run(d, args.make_run)
        return
    rows = [measure(d, args.task, args.draws) for d in args.dirs]
    machine.write_rows(args.out, rows, "dir", args.append)


if __name__ == "__main__":
    main()
