#!/usr/bin/env python3
"""Independent check of the regime measures (validate/src/regime, `oblique regime`) with
numpy and scikit-learn, as the published code computes them (paper-methods section 3).

    bench/setup_venv.sh scikit-learn
    bench/.venv/bin/python bench/regime_vs_sklearn.py fixtures
        # writes tests/data/regime/<name>.json: inputs (seeded) and scikit-learn's values;
        # validate/tests/regime_vs_sklearn.rs asserts agreement to 1e-8 relative.
    bench/.venv/bin/python bench/regime_vs_sklearn.py time [--oblique target/release/oblique]
        # times scikit-learn against `oblique regime` side by side, one thread and two
        # (BLAS threads / RAYON_NUM_THREADS): full measures on 400 and 4000 x 87, the
        # subsampling on 10000 x 200; prints wall and CPU seconds and the ratios and writes
        # bench/results/regime.json (the README's regime speed figures).
"""
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np  # noqa: E402
from sklearn.decomposition import PCA  # noqa: E402
from sklearn.linear_model import RidgeCV  # noqa: E402

ALPHAS = np.logspace(-3, 6, 20)
ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "data" / "regime"


def ridge(x, y):
    return RidgeCV(alphas=ALPHAS).fit(x, y)


def corr_data(xc, w):
    """comp_corr: |X_c w^T|_F / (|X_c|_F |w|_F), X centred over time."""
    return float(np.linalg.norm(xc @ w.T) / (np.linalg.norm(xc) * np.linalg.norm(w)))


def gen_corr(a, b):
    """helpers.gen_corr, naive value: rows centred across neurons, Frobenius form."""
    a = a - a.mean(axis=1, keepdims=True)
    b = b - b.mean(axis=1, keepdims=True)
    num = np.linalg.norm(a @ b.T)
    return float(num / np.sqrt(np.linalg.norm(a.T @ a) * np.linalg.norm(b.T @ b)))


def rank_of(s2):
    return int(np.sum(s2 > s2[0] * len(s2) * np.finfo(float).eps * 10))


def recording_measures(x, y, curve=True):
    """comp_ridge + comp_dim_var_fit (methods 3.5)."""
    xc, yc = x - x.mean(0), y - y.mean(0)
    full = ridge(xc, yc)
    r2 = full.score(xc, yc)
    w = np.atleast_2d(full.coef_)
    _, s, vt = np.linalg.svd(xc, full_matrices=False)
    s2 = s**2
    cevr = np.cumsum(s2) / s2.sum()
    out = {
        "r2": float(r2),
        "alpha": float(full.alpha_),
        "corr": corr_data(xc, w),
        "participation_ratio": float(s2.sum() ** 2 / (s2**2).sum()),
        "state_norm": float(np.sqrt(np.mean(xc**2) * x.shape[1])),
        "d_x": int(np.argmax(cevr > 0.9) + 1),
        "coef": w.tolist(),
        "intercept": np.atleast_1d(full.intercept_).tolist(),
    }
    if curve:
        fit_r2, fit_alpha = [], []
        for k in range(1, rank_of(s2) + 1):
            xk = xc @ vt[:k].T
            rk = ridge(xk, yc)
            fit_r2.append(float(rk.score(xk, yc)))
            fit_alpha.append(float(rk.alpha_))
        passing = [k + 1 for k, v in enumerate(fit_r2) if v > 0.9 * r2]
        out.update(cumulative_variance=cevr[: rank_of(s2)].tolist(), fit_r2=fit_r2,
                   fit_alpha=fit_alpha, d_fit=passing[0] if passing else None)
    return out


def subset_measures(x, y, idx):
    xs, yc = x[:, idx] - x[:, idx].mean(0), y - y.mean(0)
    r = ridge(xs, yc)
    ev = np.linalg.svd(xs, compute_uv=False) ** 2
    return {"idx": [int(i) for i in idx], "r2": float(r.score(xs, yc)), "alpha": float(r.alpha_),
            "corr": corr_data(xs, np.atleast_2d(r.coef_)),
            "participation_ratio": float(ev.sum() ** 2 / (ev**2).sum())}


def rnn_fit_curve(x, y, t0, frac_train=0.75, max_pcs=30):
    """neuro_compute_results cell 2: PCA on rows >= t0, regress the output on the top-k
    projections of all rows, fit on the first rows, pooled R^2 over all rows."""
    pca = PCA(n_components=min(max_pcs, x.shape[1], x.shape[0] - t0)).fit(x[t0:])
    z = pca.transform(x)
    n_train = int(frac_train * x.shape[0])
    r2s, alphas = [], []
    for k in range(1, pca.n_components_ + 1):
        r = ridge(z[:n_train, :k], y[:n_train])
        pred = r.predict(z[:, :k]).reshape(y.shape)
        r2s.append(float(1 - ((y - pred) ** 2).sum() / ((y - y.mean(0)) ** 2).sum()))
        alphas.append(float(r.alpha_))
    return {"t0": t0, "n_train": n_train, "r2": r2s, "alpha": alphas}


def procrustes(x, y):
    xc, yc = x - x.mean(0), y - y.mean(0)
    nuc = np.linalg.svd(xc.T @ yc, compute_uv=False).sum()
    nx, ny = np.linalg.norm(xc), np.linalg.norm(yc)
    return {"angle": float(np.arccos(min(1.0, nuc / (nx * ny)))),
            "euclidean": float(np.sqrt(max(0.0, nx**2 + ny**2 - 2 * nuc)))}


def make_data(rng, n, n_neurons, d, latent, aligned):
    """Activity with `latent` strong directions plus weak isotropic noise; outputs read the
    strong directions (aligned) or weak random directions (oblique), plus noise."""
    basis = np.linalg.qr(rng.standard_normal((n_neurons, n_neurons)))[0]
    scales = np.r_[np.linspace(6, 2, latent), 0.5 * np.ones(n_neurons - latent)]
    x = (rng.standard_normal((n, n_neurons)) * scales) @ basis.T + 3.0
    read = basis[:, :d] if aligned else rng.standard_normal((n_neurons, d)) / np.sqrt(n_neurons)
    y = x @ read + 0.3 * rng.standard_normal((n, d))
    return x, y


def fixtures():
    rng = np.random.default_rng(20261201)
    FIXTURES.mkdir(parents=True, exist_ok=True)
    specs = {"oblique": (240, 24, 2, 3, False), "aligned": (160, 16, 1, 2, True),
             "wide": (30, 40, 2, 4, False)}
    for name, (n, nn, d, latent, aligned) in specs.items():
        x, y = make_data(rng, n, nn, d, latent, aligned)
        x2 = x @ np.linalg.qr(rng.standard_normal((nn, nn)))[0] + rng.standard_normal(x.shape)
        subsets = [np.sort(rng.choice(nn, size=m, replace=False)) for m in (nn // 4, nn // 2, nn - 1)]
        w = np.atleast_2d(ridge(x - x.mean(0), y - y.mean(0)).coef_)
        expected = {
            "recording": recording_measures(x, y),
            "subsets": [subset_measures(x, y, idx) for idx in subsets],
            "gen_corr": gen_corr(w, x),
            "procrustes": procrustes(x, x2),
            "rnn_fit": rnn_fit_curve(x, y, t0=10) if n > 40 else None,
            "alphas": ALPHAS.tolist(),
            "linspace_fractions": np.linspace(0.1, 1.0, 10).tolist(),
        }
        doc = {"x": x.tolist(), "y": y.tolist(), "x2": x2.tolist(), "expected": expected}
        path = FIXTURES / f"{name}.json"
        path.write_text(json.dumps(doc))
        print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size // 1024} KiB)")


def best_of(f, repeats):
    """Best wall and CPU seconds of `repeats` calls of f (CPU: this process and its
    children, all threads)."""
    best = (float("inf"), float("inf"))
    for _ in range(repeats):
        kids = resource.getrusage(resource.RUSAGE_CHILDREN)
        t, c = time.perf_counter(), time.process_time()
        f()
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = time.process_time() - c + (after.ru_utime + after.ru_stime) - (
            kids.ru_utime + kids.ru_stime)
        best = min(best, (time.perf_counter() - t, cpu))
    return best


def sklearn_subsampling(x, y, rng):
    n = x.shape[1]
    for f in np.linspace(0.1, 1.0, 10):
        for _ in range(20):
            subset_measures(x, y, np.sort(rng.choice(n, size=int(n * f), replace=False)))


def run_oblique(binary, args, threads):
    env = dict(os.environ, RAYON_NUM_THREADS=str(threads))
    subprocess.run([binary, "regime", *args, "--json"], check=True, capture_output=True,
                   env=env)


CASES = [("full measures 400 x 87", 400, 87, False),
         ("full measures 4000 x 87", 4000, 87, False),
         ("subsampling 10000 x 200 (200 fits)", 10000, 200, True)]


def time_case(binary, tmp, rng, case, threads):
    """One case at one thread count: scikit-learn (BLAS limited to `threads`) and the
    `oblique regime` process. For the subsampling case the oblique time is that of the run
    with `--subsample 20` minus the same run without it (the full measures)."""
    from threadpoolctl import threadpool_limits
    label, n, nn, sub = case
    x, y = make_data(rng, n, nn, 2, 5, False)
    xs, ys = Path(tmp) / "x.npy", Path(tmp) / "y.npy"
    np.save(xs, x)
    np.save(ys, y)
    args = ["--states", str(xs), "--output", str(ys)]
    with threadpool_limits(threads):
        if sub:
            sk = best_of(lambda: sklearn_subsampling(x, y, rng), 1)
        else:
            sk = best_of(lambda: recording_measures(x, y), 3)
    ob = best_of(lambda: run_oblique(binary, args, threads), 3)
    row = {"case": label, "threads": threads, "sklearn_wall_s": sk[0], "sklearn_cpu_s": sk[1],
           "oblique_wall_s": ob[0], "oblique_cpu_s": ob[1]}
    if sub:
        both = best_of(lambda: run_oblique(binary, args + ["--subsample", "20"], threads), 3)
        row.update(oblique_full_wall_s=ob[0], oblique_full_cpu_s=ob[1],
                   oblique_wall_s=both[0] - ob[0], oblique_cpu_s=both[1] - ob[1])
    row["ratio_wall"] = row["sklearn_wall_s"] / row["oblique_wall_s"]
    return row


def timing(binary, out):
    rng = np.random.default_rng(7)
    print("side-by-side timing (best of 3, scikit-learn best of 1 for the subsampling; "
          "oblique = whole process incl. start-up and .npy reading)")
    print(f"{'case':34s} {'thr':>3s} {'sklearn s':>10s} {'cpu':>7s} {'oblique s':>10s} "
          f"{'cpu':>7s} {'ratio':>7s}")
    rows = []
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for case in CASES:
            for threads in (1, 2):
                r = time_case(binary, tmp, rng, case, threads)
                rows.append(r)
                print(f"{r['case']:34s} {threads:3d} {r['sklearn_wall_s']:10.3f} "
                      f"{r['sklearn_cpu_s']:7.2f} {r['oblique_wall_s']:10.3f} "
                      f"{r['oblique_cpu_s']:7.2f} {r['ratio_wall']:7.1f}x", flush=True)
                # Written after every row, so that a run stopped early keeps what it measured.
                doc = {"load_average_1min": os.getloadavg()[0], "cpus": os.cpu_count(),
                       "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                       "complete": len(rows) == 2 * len(CASES), "rows": rows}
                out.write_text(json.dumps(doc, indent=1) + "\n")
    print(f"wrote {out}")


def main():
    if len(sys.argv) < 2 or sys.argv[1] not in ("fixtures", "time"):
        print(__doc__)
        sys.exit(2)
    if sys.argv[1] == "fixtures":
        fixtures()
    else:
        binary = sys.argv[3] if len(sys.argv) > 3 and sys.argv[2] == "--oblique" else str(
            ROOT / "target" / "release" / "oblique")
        timing(binary, ROOT / "bench" / "results" / "regime.json")


if __name__ == "__main__":
    main()
