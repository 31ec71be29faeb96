#!/usr/bin/env python3
"""The correlation, D_x and D_fit of trained task networks (methods 3.1a, 3.3, 3.4) in numpy
and scikit-learn, written from paper-methods, not from oblique's code: of PyTorch's networks
(`noise_ratio_vs_torch.py --train --save-weights DIR`, made run directories by
`susceptibility_vs_torch.py --make-run`) and of `oblique train task` runs, beside oblique's
own measure of the same network (DIR/regime*.json of `oblique regime --run DIR --seed K
--json`), for the rows apart from the published values at the paper size (issue 12).

For one network and its evaluation batch (32 trials):
- the noise-free run from x_0 = 0 (paper-methods 1.6), the state recorded before each
  update, z = W_out x;
- rho (3.1a): B = the states at t >= 10 (trials * T' x N), each row and each row of W_out
  centred over neurons; rho = |W_out B^T|_F / sqrt(|W_out^T W_out|_F |B^T B|_F);
- D_x (3.3): the first k whose top-k PCs of B (centred over samples) explain more than 90%
  of the total variance;
- D_fit (3.4): the states at all times projected on the 30 PCs of B; RidgeCV (alphas
  logspace(-3, 6, 20), efficient leave-one-out, intercept) of z on the first k projections,
  fitted on the first 24 trials; R^2 pooled over outputs with z's mean over all trials; D_fit
  the first k with R^2 > 0.9 on all 32 trials, D_fit_test on the 8 held-out ones.

Usage: bench/.venv/bin/python bench/static_vs_torch.py DIR... [--append] [--out FILE]
Results: bench/results/static_vs_torch.json (--append keeps the rows of other dirs).
"""

import argparse
import json
import os

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

import numpy as np  # noqa: E402
from sklearn.linear_model import RidgeCV  # noqa: E402

import machine  # noqa: E402
from task_rnn import arrays, late, run  # noqa: E402

TRAIN_TRIALS = 24
PCS = 30


def rho(w_out, b):
    """Methods 3.1a: rows centred over neurons, |A B^T|_F / sqrt(|A^T A|_F |B^T B|_F)."""
    a = w_out - w_out.mean(axis=1, keepdims=True)
    b = b - b.mean(axis=1, keepdims=True)
    # |B^T B|_F = |B B^T|_F (the same nonzero eigenvalues), the smaller Gram matrix
    gram = b.T @ b if b.shape[1] <= b.shape[0] else b @ b.T
    return float(np.linalg.norm(a @ b.T) / np.sqrt(np.linalg.norm(a.T @ a) * np.linalg.norm(gram)))


def first_above(values, level):
    """The first k (1-based) with values[k - 1] > level, or None."""
    above = np.flatnonzero(np.asarray(values) > level)
    return int(above[0]) + 1 if len(above) else None


def measures(w, w_in, w_out, u):
    """(rho, D_x, D_fit on all trials, D_fit on the held-out trials) of one network."""
    x = run(w, w_in, u, np.zeros((u.shape[0], w.shape[0])))
    z = x @ w_out.T
    trials, steps, n = x.shape
    b = late(x)
    mean = b.mean(axis=0)
    _, s, vt = np.linalg.svd(b - mean, full_matrices=False)
    cevr = np.cumsum(s ** 2) / np.sum(s ** 2)
    proj = ((x.reshape(-1, n) - mean) @ vt[:PCS].T).reshape(trials, steps, PCS)
    zbar = z.reshape(-1, z.shape[2]).mean(axis=0)
    r2, r2_test = [], []
    for k in range(1, PCS + 1):
        fit = RidgeCV(alphas=np.logspace(-3, 6, 20)).fit(
            proj[:TRAIN_TRIALS, :, :k].reshape(-1, k), z[:TRAIN_TRIALS].reshape(-1, z.shape[2]))
        zhat = fit.predict(proj[:, :, :k].reshape(-1, k)).reshape(z.shape)
        for out, part in ((r2, slice(None)), (r2_test, slice(TRAIN_TRIALS, None))):
            out.append(1 - ((z[part] - zhat[part]) ** 2).sum() / ((z[part] - zbar) ** 2).sum())
    return rho(w_out, b), first_above(cevr, 0.9), first_above(r2, 0.9), first_above(r2_test, 0.9)


def oblique_values(d):
    """oblique's rho, D_x, D_fit and D_fit_test from the first DIR/regime*.json (they do not
    depend on its --seed), or None."""
    names = machine.regime_files(d)
    if not names:
        return None
    with open(os.path.join(d, names[0])) as f:
        r = json.load(f)
    return {"rho": round(r["corr"], 4), "d_x": r["d_x"], "d_fit": r["d_fit"],
            "d_fit_test": r["d_fit_test"]}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dirs", nargs="+")
    ap.add_argument("--append", action="store_true", help="keep the rows of other dirs in --out")
    ap.add_argument("--out", default=machine.results_path("static_vs_torch"))
    args = ap.parse_args()
    rows = []
    for d in args.dirs:
        w, w_in, w_out, u = arrays(d, "w", "w_in", "w_out", "eval_input")
        r, dx, dfit, dtest = measures(w, w_in, w_out, u)
        rows.append({"dir": os.path.basename(os.path.normpath(d)), "numpy": {
            "rho": round(r, 4), "d_x": dx, "d_fit": dfit, "d_fit_test": dtest},
            "oblique": oblique_values(d)})
        print(rows[-1], flush=True)
    machine.write_rows(args.out, rows, "dir", args.append)


if __name__ == "__main__":
    main()
