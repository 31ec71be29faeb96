#!/usr/bin/env python3
"""Dissimilarity between learners (methods 3.6) in numpy, written from paper-methods, not
from oblique's code: of networks trained by PyTorch (`noise_ratio_vs_torch.py --task T
--train --save-weights DIR`, the published recipe of `torch_tasks.py`) or by `oblique train
task` (issue 12, the dissimilarities apart from the published ones at the paper size).

For one group of networks of a task (same output scale and g, different seeds):
- every network runs one shared evaluation batch (the inputs of the first DIR; the PyTorch
  checkpoints of a task all hold the same, oblique's runs one per seed) noise-free (no hidden
  or input noise) from x_0 = 0 (paper-methods 1.6), the state recorded before each update;
- X = the states at t >= 10, (trials * T') x N; the columns centred;
- for every pair (i < j): arccos(min(1, |X_i^T X_j|_* / (|X_i|_F |X_j|_F))) in radians,
  |.|_* the nuclear norm (the sum of the singular values: the orthogonal Procrustes optimum).

`--inputs FILE` measures on the inputs of another evaluation batch (an eval_input.npy, e.g.
that of an `oblique train task` run of the task, the batch of the report's networks) instead
of the first DIR's. With `--task T --batches K` the same networks are measured again on K
other evaluation batches of 32 trials, drawn by T's generator in `torch_tasks.py` from seeds
1..K (this needs torch): how far the row moves with the draw of the one shared batch.

Usage: bench/.venv/bin/python bench/dissimilarity_vs_torch.py --label L DIR DIR [DIR...]
           [--inputs FILE] [--task T --batches K] [--append] [--out FILE]
Each DIR holds w.npy, w_in.npy, w_out.npy, eval_input.npy. Results (one row per --label: the
networks' directories, every pair's angle and their mean, and with --batches the mean on each
other batch) go to bench/results/dissimilarity_vs_torch.json; --append keeps the rows of
other labels.
"""

import argparse
import itertools
import math
import os

import numpy as np

import machine
from task_rnn import arrays, late, run


def angle(x, y):
    """The angular Procrustes dissimilarity of two (samples x N) matrices (methods 3.6)."""
    xc, yc = x - x.mean(axis=0), y - y.mean(axis=0)
    nuclear = np.linalg.svd(xc.T @ yc, compute_uv=False).sum()
    return float(math.acos(min(1.0, nuclear / (np.linalg.norm(xc) * np.linalg.norm(yc)))))


def late_states(d, u):
    w, w_in = arrays(d, "w", "w_in")
    return late(run(w, w_in, u, np.zeros((u.shape[0], w.shape[0]))))


def pair_angles(dirs, u):
    """Every pair (i < j) of the networks in `dirs` on the inputs `u`, and their mean."""
    xs = [late_states(d, u) for d in dirs]
    pairs = [{"i": i, "j": j, "angle": round(angle(xs[i], xs[j]), 4)}
             for i, j in itertools.combinations(range(len(xs)), 2)]
    return pairs, round(float(np.mean([p["angle"] for p in pairs])), 4)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dirs", nargs="+")
    ap.add_argument("--label", required=True, help="the group, e.g. 'cycling small g1.5 torch'")
    ap.add_argument("--inputs", help="eval_input.npy to run on (default: the first DIR's)")
    ap.add_argument("--task", help="the task of the networks, for --batches")
    ap.add_argument("--batches", type=int, default=0,
                    help="also measure on K evaluation batches drawn from seeds 1..K (default 0)")
    ap.add_argument("--append", action="store_true", help="keep the rows of other labels")
    ap.add_argument("--out", default=machine.results_path("dissimilarity_vs_torch"))
    args = ap.parse_args()
    if len(args.dirs) < 2:
        ap.error("give at least two DIRs (the dissimilarity is between pairs)")
    if args.batches < 0 or (args.batches and not args.task):
        ap.error("--batches takes K >= 0 and needs --task")
    if args.batches:
        from torch_tasks import TASKS, drawn_batch  # torch only here
        if args.task not in TASKS:
            ap.error(f"--task {args.task}: not one of {', '.join(sorted(TASKS))}")
    u = np.load(args.inputs or os.path.join(args.dirs[0], "eval_input.npy")).astype(np.float64)
    pairs, mean = pair_angles(args.dirs, u)
    row = {"label": args.label, "dirs": [os.path.basename(os.path.normpath(d)) for d in args.dirs],
           "pairs": pairs, "mean": mean}
    if args.inputs:
        row["inputs"] = machine.shown(os.path.abspath(args.inputs))
    if args.batches:
        row["batches"] = [{"seed": s, "mean": pair_angles(args.dirs, drawn_batch(args.task, s)[0])[1]}
                          for s in range(1, args.batches + 1)]
    print(row, flush=True)
    machine.write_rows(args.out, [row], "label", args.append)


if __name__ == "__main__":
    main()
