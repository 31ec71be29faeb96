#!/usr/bin/env python3
"""Times scipy's Lyapunov solver on the matrices of theory/benches/lyapunov.rs and prints
the ratio to the Rust timings that criterion stored under target/criterion.

    bench/setup_venv.sh
    cargo bench -p oblique-theory --bench lyapunov -- --save-baseline pure
    cargo bench -p oblique-theory --bench lyapunov --features lapack -- --save-baseline lapack
    bench/.venv/bin/python bench/lyapunov_vs_scipy.py [--sizes 64,256,1000] [--threads 1]

The task timed is "L_var with its gradient" (issue 3): the covariance S from
A S + S A^T + 2 I = 0 and the adjoint Omega from A^T Omega + Omega A + e1 e1^T = 0.
scipy has no shared factorisation, so its time is two solve_continuous_lyapunov calls;
"scipy shared" is the best a scipy user can do by hand: one schur() and two trsyl calls.
Ratios above 1 mean Rust is faster.
"""
import argparse
import json
import os
import sys
import time
from pathlib import Path


def test_matrix(n, np):
    """Same xorshift64 generator and column-major fill as theory/benches/lyapunov.rs."""
    s = 0x2545F4914F6CDD1D
    mask = (1 << 64) - 1
    vals = []
    for _ in range(n * n):
        s ^= (s << 13) & mask
        s ^= s >> 7
        s ^= (s << 17) & mask
        vals.append((s >> 11) / float(1 << 53))
    a = (np.array(vals).reshape((n, n), order="F") - 0.5) * (np.sqrt(3.0) * 2.0 / np.sqrt(n))
    a -= 1.5 * np.eye(n)
    return a


def best_time(f, repeat, clock=time.perf_counter):
    f()  # warm-up
    best = float("inf")
    for _ in range(repeat):
        t0 = clock()
        f()
        best = min(best, clock() - t0)
    return best


def rust_time(root, bench, n, baseline):
    p = root / "lyapunov" / bench / str(n) / baseline / "estimates.json"
    if not p.exists():
        return None
    return json.loads(p.read_text())["mean"]["point_estimate"] * 1e-9


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="64,256,1000")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--threads", default="1", help="OPENBLAS/OMP/MKL threads for numpy (default 1: the Rust solver is single-threaded)")
    ap.add_argument("--criterion", default=str(Path(__file__).resolve().parent.parent / "target" / "criterion"))
    args = ap.parse_args()
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = args.threads
    import numpy as np  # after setting the thread variables
    import scipy
    import scipy.linalg as sl

    root = Path(args.criterion)
    print(f"numpy {np.__version__}, scipy {scipy.__version__}, BLAS threads {args.threads}")
    header = f"{'N':>5} {'scipy 2x solve':>15} {'scipy shared':>13} {'rust':>10} {'ratio':>7} {'rust+lapack':>12} {'ratio':>7}"
    print(header)
    for n in [int(x) for x in args.sizes.split(",")]:
        a = test_matrix(n, np)
        q = 2.0 * np.eye(n)
        ww = np.zeros((n, n))
        ww[0, 0] = 1.0

        def two_solves():
            s = sl.solve_continuous_lyapunov(a, -q)
            o = sl.solve_continuous_lyapunov(a.T, -ww)
            return s, o

        trsyl = sl.get_lapack_funcs("trsyl", (a,))

        def shared():
            t, u = sl.schur(a, output="real")
            c = u.T @ (-q) @ u
            y, scale, info = trsyl(t, t, c, tranb="T")
            s = u @ (y * scale) @ u.T
            c2 = u.T @ (-ww) @ u
            y2, scale2, info2 = trsyl(t, t, c2, trana="T")
            o = u @ (y2 * scale2) @ u.T
            return s, o

        s, o = two_solves()
        res = np.linalg.norm(a @ s + s @ a.T + q) / np.linalg.norm(q)
        s2, o2 = shared()
        assert np.allclose(s, s2, rtol=1e-8, atol=1e-12) and np.allclose(o, o2, rtol=1e-8, atol=1e-12)
        t_scipy = best_time(two_solves, args.repeat)
        t_shared = best_time(shared, args.repeat)
        r = rust_time(root, "forward_and_adjoint", n, "pure")
        rl = rust_time(root, "forward_and_adjoint", n, "lapack")

        def fmt(t):
            return f"{t * 1e3:9.2f}ms" if t is not None else "       n/a"

        def ratio(t):
            return f"{t_scipy / t:7.2f}" if t is not None else "    n/a"

        cpu = best_time(two_solves, args.repeat, time.process_time)
        print(f"{n:>5} {t_scipy * 1e3:13.2f}ms {t_shared * 1e3:11.2f}ms {fmt(r)} {ratio(r)} {fmt(rl):>12} {ratio(rl)}   (scipy CPU time {cpu * 1e3:.1f}ms, residual {res:.1e})")
    print("ratio = scipy (two solve_continuous_lyapunov calls) / rust (one Schur, two solves)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
