#!/usr/bin/env python3
"""L_var with its gradient (issue 3): scipy against oblique-theory's criterion timings.

For the deterministic networks of theory/benches/linear.rs (same formulas here),
    A = W - I,  A S + S A^T + 2 sigma^2 I = 0,  A^T Omega + Omega A + w_out w_out^T = 0,
    L_var = w_out^T S w_out,  dL_var/dW = 2 Omega S,
scipy needs two solve_continuous_lyapunov calls (each with its own Schur factorisation);
oblique shares one factorisation between them. Ratios above 1 mean Rust is faster.

    bench/setup_venv.sh            # or: python3 -m venv bench/.venv && bench/.venv/bin/pip install numpy scipy
    cargo bench -p oblique-theory --bench linear -- --save-baseline pure
    cargo bench -p oblique-theory --bench linear --features lapack -- --save-baseline lapack
    bench/.venv/bin/python bench/linear_vs_scipy.py [--sizes 256,1000] [--threads 1] [--repeat 5] [--write]

--write saves the rows to bench/results/linear_var_grad.json (with the machine and its load),
from which tests/readme_claims.rs checks the README's rows.
"""
import argparse
import json
import os
import sys
import time
from pathlib import Path

import machine


def network(n, np):
    """W_ij = 0.6 sqrt(2/N) sin(1 + 3i + 7j), w_out_i = sin(1 + 5i) / sqrt(N/2)."""
    i = np.arange(n, dtype=float)[:, None]
    j = np.arange(n, dtype=float)[None, :]
    w = 0.6 * np.sqrt(2.0 / n) * np.sin(1.0 + 3.0 * i + 7.0 * j)
    w_out = np.sin(1.0 + 5.0 * np.arange(n, dtype=float)) / np.sqrt(n / 2.0)
    return w, w_out


def var_and_grad(w, w_out, np, linalg, sigma=1.0):
    n = w.shape[0]
    a = w - np.eye(n)
    s = linalg.solve_continuous_lyapunov(a, -2.0 * sigma**2 * np.eye(n))
    omega = linalg.solve_continuous_lyapunov(a.T, -np.outer(w_out, w_out))
    return w_out @ s @ w_out, 2.0 * omega @ s


def best_time(f, repeat):
    """The best of `repeat` calls, and of at least 2 s of calls (a short call's best of five
    is at the mercy of a noisy moment of the machine)."""
    t0 = time.perf_counter()
    f()
    repeat = max(repeat, int(2.0 / max(time.perf_counter() - t0, 1e-9)))
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        f()
        best = min(best, time.perf_counter() - t0)
    return best


def rust_seconds(root, n, baseline):
    p = root / "linear_var_grad" / str(n) / baseline / "estimates.json"
    if not p.exists():
        return None
    est = json.loads(p.read_text())
    return est["mean"]["point_estimate"] * 1e-9


def fig10_benches(root):
    """The Fig. 10 theory benches of theory/benches/linear.rs (mean, ms), where they have run."""
    out = {}
    for name, parts in [
        ("closed_form_and_flow", ("linear_flow_rank_two_fig10",)),
        ("sgd_moments", ("sgd_moments", "fig10")),
        ("gradient_noise", ("gradient_noise_fig10",)),
    ]:
        p = root.joinpath(*parts, "new", "estimates.json")
        if p.exists():
            out[name] = round(json.loads(p.read_text())["mean"]["point_estimate"] * 1e-6, 4)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="256,1000")
    ap.add_argument("--threads", type=int, default=None, help="BLAS threads for numpy/scipy")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--criterion", default=None, help="criterion directory (default: target/criterion)")
    ap.add_argument("--write", action="store_true", help="save bench/results/linear_var_grad.json")
    args = ap.parse_args()
    if args.threads is not None:
        for v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ[v] = str(args.threads)
    import numpy as np
    import scipy
    from scipy import linalg

    root = Path(args.criterion) if args.criterion else Path(__file__).resolve().parent.parent / "target" / "criterion"
    print(f"numpy {np.__version__}, scipy {scipy.__version__}, threads {args.threads or 'default'}")
    print(f"{'N':>6} {'L_var':>14} {'scipy [ms]':>11} {'rust pure [ms]':>15} {'ratio':>7} {'rust lapack [ms]':>17} {'ratio':>7}")
    sizes = {}
    for n in [int(x) for x in args.sizes.split(",")]:
        w, w_out = network(n, np)
        l_var, grad = var_and_grad(w, w_out, np, linalg)
        t_py = best_time(lambda: var_and_grad(w, w_out, np, linalg), args.repeat)
        cells, rust = [], {}
        for baseline in ("pure", "lapack"):
            t = rust_seconds(root, n, baseline)
            if t is None and baseline == "pure":
                t = rust_seconds(root, n, "new")
            cells += ["-", "-"] if t is None else [f"{t * 1e3:.2f}", f"{t_py / t:.2f}"]
            if t is not None:
                rust[f"rust_{baseline}_ms"] = round(t * 1e3, 3)
        print(f"{n:>6} {l_var:>14.10f} {t_py * 1e3:>11.2f} {cells[0]:>15} {cells[1]:>7} {cells[2]:>17} {cells[3]:>7}")
        sizes[str(n)] = {"scipy_ms": round(t_py * 1e3, 3), **rust}
    if args.write:
        out = {
            **machine.describe(),
            "scipy": scipy.__version__,
            "threads": args.threads or "default",
            "sizes": sizes,
            "criterion_ms": fig10_benches(root),
        }
        print(f"wrote {machine.write_json(machine.results_path('linear_var_grad'), out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
