#!/usr/bin/env python3
"""What the Python package costs on top of Rust, side by side in one run, and against the
numpy/scipy versions of bench/mft_vs_numpy.py.

    pip install ./python                  # into bench/.venv (or any venv with numpy, scipy)
    bench/.venv/bin/python bench/python_overhead.py

* oblique.mft at one erf point (1.9, -5, N = 256) against the bare Rust calls timed inside
  the extension (`RankTwoModel::solve`, and solve + the finite-N variance that oblique.mft
  and `oblique mft` also compute), and against the numpy/scipy point;
* oblique.sweep over the 1,000,000-point grid of theory/benches/mft.rs (1000 lambda+ x 100
  lambda- x 10 N) against the Rust sweep (Sweep::new + evaluate_into) and the vectorised
  numpy sweep (Eq. 53 by broadcasting). The numpy sweep returns integer statuses; the
  time of oblique.sweep includes building every column and the status strings. Beside the
  Rust sweep into a reused buffer (the criterion bench), the same Rust pass into fresh
  columns (`_bench_sweep_rust(..., columns=...)`): what the binding does before numpy takes the
  arrays, so the difference is the cost of Python itself.

Writes bench/results/python.json (times and ratios of this run).

The machine may be shared: the numbers are best-of-several and the ratios are from one run.
"""
import json
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import oblique  # noqa: E402
from oblique import _oblique  # noqa: E402
from mft_vs_numpy import erf_d1, erf_d3, mft_point, sweep_numpy  # noqa: E402


def best(fn, repeat, number=1):
    b = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        for _ in range(number):
            fn()
        b = min(b, (time.perf_counter() - t) / number)
    return b


def best_cpu(fn, repeat, number):
    """Smallest process (CPU) time per call over `repeat` runs of `number` calls."""
    b = float("inf")
    for _ in range(repeat):
        t = time.process_time()
        for _ in range(number):
            fn()
        b = min(b, (time.process_time() - t) / number)
    return b


def mft_part():
    """One erf point: the Python call against the bare Rust calls and numpy/scipy."""
    reps = 2000
    rust_solve = min(_oblique._bench_mft_rust(1.9, -5.0, 256, reps)[0] for _ in range(3))
    rust_mft = _oblique._bench_mft_rust(1.9, -5.0, 256, 20)[1]
    fast = lambda: oblique.mft(lambda_plus=1.9, lambda_minus=-5.0, n=256, finite_n=False)  # noqa: E731
    py_fast = best(fast, 5, reps)
    # CPU time of the same call (process time over many calls): what a shared machine's
    # load does not inflate, unlike the wall-clock best-of above
    py_fast_cpu = best_cpu(fast, 5, 20 * reps)
    py_mft = best(lambda: oblique.mft(lambda_plus=1.9, lambda_minus=-5.0, n=256), 3, 20)
    np_point = best(lambda: mft_point(erf_d1, erf_d3, 1.9, -5.0, 256, erf_closed_sx=True), 3, 20)
    print("one erf mean-field point (lambda+ = 1.9, lambda- = -5, N = 256)")
    print(f"  Rust RankTwoModel::solve               {rust_solve * 1e6:9.2f} us")
    print(f"  Rust solve + finite-N variance         {rust_mft * 1e6:9.2f} us")
    print(f"  oblique.mft(..., finite_n=False)       {py_fast * 1e6:9.2f} us   "
          f"overhead {(py_fast - rust_solve) * 1e6:.2f} us over the Rust solve")
    print(f"  oblique.mft(..., finite_n=False), CPU  {py_fast_cpu * 1e6:9.2f} us   (process time)")
    print(f"  oblique.mft (default, as `oblique mft`) {py_mft * 1e6:8.2f} us   "
          f"= {py_mft / rust_mft:.2f}x the Rust solve + finite-N variance")
    print(f"  numpy/scipy point                      {np_point * 1e6:9.2f} us   "
          f"= {np_point / py_fast:.0f}x oblique.mft(finite_n=False)")
    return {
        "rust_solve_us": rust_solve * 1e6,
        "rust_solve_finite_n_us": rust_mft * 1e6,
        "python_mft_fast_us": py_fast * 1e6,
        "python_overhead_us": (py_fast - rust_solve) * 1e6,
        "python_mft_fast_cpu_us": py_fast_cpu * 1e6,
        "python_mft_default_us": py_mft * 1e6,
        "python_default_over_rust": py_mft / rust_mft,
        "numpy_point_us": np_point * 1e6,
        "numpy_over_python_fast": np_point / py_fast,
    }


def sweep_part():
    """The 1,000,000-point sweep: Python against the Rust sweep (into a reused buffer, and
    into fresh columns as the binding builds them) and numpy broadcasting."""
    lp = np.array([1.61 + 1.39 * i / 999.0 for i in range(1000)])
    lm = np.array([-10.0 + 9.9 * i / 99.0 for i in range(100)])
    ns = [16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192]
    nsa = np.array(ns, dtype=np.int64)
    rust = _oblique._bench_sweep_rust(lp, lm, ns, 5)
    rust_cols = _oblique._bench_sweep_rust(lp, lm, ns, 5, columns=False)
    rust_text = _oblique._bench_sweep_rust(lp, lm, ns, 5, columns=True)
    py_raw = best(lambda: _oblique.sweep_columns(lp, lm, nsa, strings=False), 5)
    py = best(lambda: oblique.sweep(lp, lm, ns), 5)
    py_frame = best(lambda: oblique.sweep(lp, lm, ns, as_frame=True), 3)
    npy = best(lambda: sweep_numpy(lp, lm, nsa), 3)
    s = oblique.sweep(lp, lm, ns)
    status, lvar = sweep_numpy(lp, lm, nsa)
    codes = np.array(["ok", "no_fixed_point", "rho_above_one", "unstable"])[status.ravel()]
    ok = codes == "ok"
    same = bool(np.array_equal(codes, s["status"]))
    dev = float(np.max(np.abs(s["l_var"][ok] / lvar.ravel()[ok] - 1.0)))
    print(f"\n1,000,000-point sweep (erf; statuses identical to numpy: {same}, max rel. L_var diff {dev:.1e})")
    print(f"  Rust Sweep::new + evaluate_into (reused buffer) {rust * 1e3:8.2f} ms")
    print(f"  Rust, into fresh columns (codes)       {rust_cols * 1e3:9.2f} ms")
    print(f"  Rust, into fresh columns + <U14 status {rust_text * 1e3:9.2f} ms")
    print(f"  oblique.sweep columns with codes       {py_raw * 1e3:9.2f} ms   = {py_raw / rust_cols:.2f}x Rust columns")
    print(f"  oblique.sweep (status strings)         {py * 1e3:9.2f} ms   = {py / rust_text:.2f}x Rust columns + text, "
          f"{py / rust:.2f}x the reused-buffer sweep")
    print(f"  oblique.sweep(as_frame=True)           {py_frame * 1e3:9.2f} ms   = {py_frame / rust_cols:.2f}x Rust columns")
    print(f"  numpy broadcasting (Eq. 53)            {npy * 1e3:9.2f} ms   = {npy / py:.2f}x oblique.sweep")
    assert same and dev < 1e-10
    return {
        "points": int(s["l_var"].size),
        "rust_reused_buffer_ms": rust * 1e3,
        "rust_fresh_columns_ms": rust_cols * 1e3,
        "rust_fresh_columns_text_ms": rust_text * 1e3,
        "python_codes_ms": py_raw * 1e3,
        "python_strings_ms": py * 1e3,
        "python_frame_ms": py_frame * 1e3,
        "numpy_ms": npy * 1e3,
        "python_strings_over_rust_columns_text": py / rust_text,
        "python_codes_over_rust_columns": py_raw / rust_cols,
        "python_strings_over_rust_reused_buffer": py / rust,
        "numpy_over_python_strings": npy / py,
    }


def main():
    out = {"group": "python", "cores": os.cpu_count(), "load_average_before": list(os.getloadavg())}
    out["mft"] = mft_part()
    out["sweep"] = sweep_part()
    out["load_average_after"] = list(os.getloadavg())
    print(f"  (cores: {os.cpu_count()}, load average {os.getloadavg()[0]:.1f})")
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "results", "python.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=2)
        f.write("\n")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
