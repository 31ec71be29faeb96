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
  time of oblique.sweep includes building every column and the status strings.

The machine may be shared: the numbers are best-of-several and the ratios are from one run.
"""
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


def main():
    reps = 2000
    rust_solve = min(_oblique._bench_mft_rust(1.9, -5.0, 256, reps)[0] for _ in range(3))
    rust_mft = _oblique._bench_mft_rust(1.9, -5.0, 256, 20)[1]
    py_fast = best(lambda: oblique.mft(lambda_plus=1.9, lambda_minus=-5.0, n=256, finite_n=False), 3, reps)
    py_mft = best(lambda: oblique.mft(lambda_plus=1.9, lambda_minus=-5.0, n=256), 3, 20)
    np_point = best(lambda: mft_point(erf_d1, erf_d3, 1.9, -5.0, 256, erf_closed_sx=True), 3, 20)
    print("one erf mean-field point (lambda+ = 1.9, lambda- = -5, N = 256)")
    print(f"  Rust RankTwoModel::solve               {rust_solve * 1e6:9.2f} us")
    print(f"  Rust solve + finite-N variance         {rust_mft * 1e6:9.2f} us")
    print(f"  oblique.mft(..., finite_n=False)       {py_fast * 1e6:9.2f} us   "
          f"overhead {(py_fast - rust_solve) * 1e6:.2f} us over the Rust solve")
    print(f"  oblique.mft (default, as `oblique mft`) {py_mft * 1e6:8.2f} us   "
          f"= {py_mft / rust_mft:.2f}x the Rust solve + finite-N variance")
    print(f"  numpy/scipy point                      {np_point * 1e6:9.2f} us   "
          f"= {np_point / py_fast:.0f}x oblique.mft(finite_n=False)")

    lp = np.array([1.61 + 1.39 * i / 999.0 for i in range(1000)])
    lm = np.array([-10.0 + 9.9 * i / 99.0 for i in range(100)])
    ns = [16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192]
    rust = _oblique._bench_sweep_rust(lp, lm, ns, 5)
    py = best(lambda: oblique.sweep(lp, lm, ns), 5)
    py_raw = best(lambda: _oblique.sweep_columns(lp, lm, np.array(ns, dtype=np.int64)), 5)
    py_frame = best(lambda: oblique.sweep(lp, lm, ns, as_frame=True), 3)
    npy = best(lambda: sweep_numpy(lp, lm, np.array(ns)), 3)
    s = oblique.sweep(lp, lm, ns)
    status, lvar = sweep_numpy(lp, lm, np.array(ns))
    codes = np.array(["ok", "no_fixed_point", "rho_above_one", "unstable"])[status.ravel()]
    ok = codes == "ok"
    same = bool(np.array_equal(codes, s["status"]))
    dev = float(np.max(np.abs(s["l_var"][ok] / lvar.ravel()[ok] - 1.0)))
    print(f"\n1,000,000-point sweep (erf; statuses identical to numpy: {same}, max rel. L_var diff {dev:.1e})")
    print(f"  Rust Sweep::new + evaluate_into        {rust * 1e3:9.2f} ms")
    print(f"  oblique.sweep, columns with codes      {py_raw * 1e3:9.2f} ms   = {py_raw / rust:.2f}x Rust")
    print(f"  oblique.sweep (status strings)         {py * 1e3:9.2f} ms   = {py / rust:.2f}x Rust")
    print(f"  oblique.sweep(as_frame=True)           {py_frame * 1e3:9.2f} ms   = {py_frame / rust:.2f}x Rust")
    print(f"  numpy broadcasting (Eq. 53)            {npy * 1e3:9.2f} ms   = {npy / py:.2f}x oblique.sweep")
    print(f"  (cores: {os.cpu_count()}, load average {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
