#!/usr/bin/env python3
"""Rank-two mean-field theory (theory notes, section 3): the same points in numpy/scipy as
`theory/benches/mft.rs` times in Rust, with the speed ratios and the agreement.

    bench/setup_venv.sh                                   # numpy + scipy in bench/.venv
    cargo bench -p oblique-theory --bench mft             # Rust timings (criterion)
    cargo build --release                                 # the oblique binary, for the agreement check
    bench/.venv/bin/python bench/mft_vs_numpy.py [--write]

--write saves the speed rows to bench/results/mft.json (with the machine and its load), from
which tests/readme_claims.rs checks the README's rows.

The numpy/scipy user:
  * one erf point: <phi'>_sigma, <phi'>_{s_x}, <phi'''>_{s_x} by scipy.integrate.quad,
    s_x from Eq. 44, Jacobian (Eq. 45), scipy.linalg.solve_continuous_lyapunov (Eq. 48),
    colored term (Eq. 47), L_var (Eq. 39);
  * one tanh point: the same with s_x from scipy.optimize.brentq on the quad average (Eq. 43);
  * a vectorised closed-form sweep (Eq. 53, numpy broadcasting) over the 1,000,000-point grid
    of the Rust bench: 1000 lambda+ x 100 lambda- x 10 N, with integer statuses.
"""
import json
import math
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
from scipy.integrate import quad
from scipy.linalg import solve_continuous_lyapunov
from scipy.optimize import brentq

import machine

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
A = math.sqrt(math.pi) / 2.0
A2 = A * A
SQ2PI = math.sqrt(2.0 * math.pi)

# derivatives of the two nonlinearities
def erf_d1(x):
    return math.exp(-A2 * x * x)

def erf_d3(x):
    return (4.0 * A2 * A2 * x * x - 2.0 * A2) * math.exp(-A2 * x * x)

def tanh_d1(x):
    t = math.tanh(x)
    return 1.0 - t * t

def tanh_d3(x):
    t = math.tanh(x)
    return -2.0 * (1.0 - t * t) * (1.0 - 3.0 * t * t)


def gauss_avg(f, s):
    """<f>_s = int Dy f(s y) by scipy quad (split at 0, where saturating phi have structure)."""
    g = lambda y: f(s * y) * math.exp(-0.5 * y * y) / SQ2PI
    return quad(g, -12.0, 0.0, epsabs=1e-14, epsrel=1e-13)[0] + quad(g, 0.0, 12.0, epsabs=1e-14, epsrel=1e-13)[0]


def mft_point(d1, d3, lam_p, lam_m, n, sigma=1.0, z=1.0, erf_closed_sx=False):
    """One symmetric bias-zero point: returns (L_var, |kappa_bar|, rho)."""
    lam_min = 1.0 / gauss_avg(d1, sigma)
    if lam_p <= lam_min:
        raise ValueError("no fixed point")
    if erf_closed_sx:
        sx = math.sqrt((lam_p * lam_p - 1.0) / (2.0 * A2))  # Eq. 44
    else:
        sx = brentq(lambda s: lam_p * gauss_avg(d1, s) - 1.0, sigma, 4.0 * max(sigma, lam_p), xtol=1e-14)
    kappa = math.sqrt(sx * sx - sigma * sigma)
    p1 = gauss_avg(d1, sx)
    q = gauss_avg(d3, sx) / p1
    rho = z / (math.sqrt(n) * kappa)
    vp = np.array([rho, math.sqrt(1.0 - rho * rho)])
    vm = np.array([-vp[1], vp[0]])
    m = lam_p * np.outer(vp, vp) + lam_m * np.outer(vm, vm)
    kb = kappa * vp
    a = -np.eye(2) + p1 * m + q * np.outer(kb, kb)  # Eq. 45
    s = solve_continuous_lyapunov(a, -2.0 * sigma * sigma * np.eye(2))  # Eq. 48
    gp = q * kappa * kappa
    var_c = sigma ** 4 * gp / (2.0 * (gp - 2.0) * kappa * kappa)  # Eq. 47
    c = s + var_c * np.outer(vp, vp)
    return c[0, 0], kappa, rho


def sweep_numpy(lp, lm, ns, sigma=1.0, z=1.0):
    """Eq. 53 over the grid by broadcasting: shape (N, lambda-, lambda+); statuses
    0 ok, 1 no_fixed_point, 2 rho_above_one, 3 unstable; L_var = 0 where there is none."""
    lmin2 = 1.0 + 2.0 * A2 * sigma * sigma
    P = lp[None, None, :]
    M = lm[None, :, None]
    N = ns[:, None, None].astype(float)
    l2 = P * P
    kappa2 = (l2 - lmin2) / (2.0 * A2)
    with np.errstate(divide="ignore", invalid="ignore"):
        rho2 = z * z / (N * kappa2)
        lvar = sigma ** 2 * (rho2 * l2 / (l2 - lmin2) + rho2 * sigma ** 2 * A2 / (3.0 * l2 - lmin2)
                             + (1.0 - rho2) / (1.0 - M / P))
    status = np.select([kappa2 <= 0.0, rho2 > 1.0, M >= P], [1, 2, 3], 0)
    lvar = np.where(status == 0, lvar, 0.0)
    return status, lvar


def timeit(fn, repeat):
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def criterion(full_id):
    """Mean time in seconds of a criterion benchmark, if it has been run."""
    base = os.path.join(ROOT, "target", "criterion")
    for dirpath, _, files in os.walk(base):
        if "benchmark.json" in files and dirpath.endswith(os.path.join("new")):
            with open(os.path.join(dirpath, "benchmark.json")) as f:
                if json.load(f).get("full_id") == full_id:
                    with open(os.path.join(dirpath, "estimates.json")) as g:
                        return json.load(g)["mean"]["point_estimate"] * 1e-9
    return None


def oblique_json(args):
    exe = os.path.join(ROOT, "target", "release", "oblique")
    if not os.path.exists(exe):
        return None
    out = subprocess.run([exe] + args, capture_output=True, text=True, check=True)
    return out.stdout


def main():
    print("rank-two MFT: numpy/scipy versus oblique (Rust); erf point (1.9, -5, 256), tanh same point")
    lp_grid = np.linspace(1.61, 3.0, 1000)
    lm_grid = np.linspace(-10.0, -0.1, 100)
    n_grid = np.array([16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192])

    # --- accuracy: numpy/scipy against the oblique binary ---
    rel = []
    for (lp, lm, n, nl) in [(1.9, -5.0, 256, "erf"), (1.7, -1.0, 64, "erf"), (2.6, -2.0, 2048, "erf"),
                            (1.9, -5.0, 256, "tanh"), (2.3, -0.5, 100, "tanh")]:
        d1, d3 = (erf_d1, erf_d3) if nl == "erf" else (tanh_d1, tanh_d3)
        l_np = mft_point(d1, d3, lp, lm, n, erf_closed_sx=False)[0]
        text = oblique_json(["mft", "--lambda-plus", str(lp), "--lambda-minus", str(lm), "--n", str(n),
                             "--nonlinearity", nl, "--json"])
        if text is None:
            print("  (no target/release/oblique: run `cargo build --release` for the agreement check)")
            break
        l_rs = json.loads(text)["l_var"]
        rel.append(abs(l_np - l_rs) / abs(l_rs))
        print(f"  {nl:4s} lambda+={lp} lambda-={lm} N={n}: L_var numpy/scipy {l_np:.15f}  oblique {l_rs:.15f}  rel diff {rel[-1]:.1e}")
    if rel:
        print(f"  max relative difference of L_var: {max(rel):.1e}")

    # sweep agreement on a small grid through the CLI CSV
    exe = os.path.join(ROOT, "target", "release", "oblique")
    if os.path.exists(exe):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "s.csv")
            subprocess.run([exe, "sweep", "--lambda-plus", "1.5:3:301", "--lambda-minus", "-10:1:45", "--n", "64,256,2048",
                            "-o", path], check=True, capture_output=True)
            rows = np.genfromtxt(path, delimiter=",", names=True, dtype=None, encoding=None)
            st, lv = sweep_numpy(np.linspace(1.5, 3, 301), np.linspace(-10, 1, 45), np.array([64, 256, 2048]))
            names = np.array(["ok", "no_fixed_point", "rho_above_one", "unstable"])
            same_status = np.all(names[st.ravel()] == rows["status"])
            ok = st.ravel() == 0
            l_rs = np.array([float(x) if x != "" else 0.0 for x in rows["l_var"].astype(str)])
            d = np.max(np.abs(lv.ravel()[ok] - l_rs[ok]) / lv.ravel()[ok])
            print(f"  sweep (40635 points): statuses identical: {bool(same_status)}, max relative difference of L_var {d:.1e}")

    # --- speed ---
    t_erf = timeit(lambda: mft_point(erf_d1, erf_d3, 1.9, -5.0, 256, erf_closed_sx=True), 2000)
    t_tanh = timeit(lambda: mft_point(tanh_d1, tanh_d3, 1.9, -5.0, 256), 300)
    t_sweep = timeit(lambda: sweep_numpy(lp_grid, lm_grid, n_grid), 30)
    rows = [
        ("one erf point (quad + Lyapunov)", t_erf, criterion("mft point erf (lambda+=1.9, lambda-=-5, N=256)")),
        ("one tanh point (brentq + quad + Lyapunov)", t_tanh, criterion("mft point tanh (lambda+=1.9, lambda-=-5, N=256)")),
        ("1,000,000-point closed-form sweep", t_sweep, criterion("sweep/sweep 1M closed-form points erf (setup + evaluate)")),
    ]
    print(f"\n  {'what':44s} {'numpy/scipy':>12s} {'oblique':>12s} {'speed-up':>9s}")
    for what, t_np, t_rs in rows:
        rs = f"{t_rs * 1e6:10.2f} us" if t_rs is not None else "   (no bench)"
        ratio = f"{t_np / t_rs:8.0f}x" if t_rs is not None else "        -"
        print(f"  {what:44s} {t_np * 1e6:9.1f} us {rs} {ratio}")
    print(f"  (numpy sweep: {t_sweep / 1e6 * 1e9:.1f} ns per point; Rust timings from target/criterion, "
          "run `cargo bench -p oblique-theory --bench mft` to refresh)")
    if "--write" in sys.argv:
        write_results(rows)


def write_results(rows):
    """bench/results/mft.json: per row the numpy/scipy and the oblique time in microseconds."""
    keys = ["erf_point", "tanh_point", "sweep_1m"]
    out = {
        **machine.describe(),
        "numpy": np.__version__,
        "rows": {
            k: {"numpy_us": round(t_np * 1e6, 3), "oblique_us": round(t_rs * 1e6, 4)}
            for k, (_, t_np, t_rs) in zip(keys, rows)
            if t_rs is not None
        },
    }
    print(f"  wrote {machine.write_json(machine.results_path('mft'), out)}")


if __name__ == "__main__":
    sys.exit(main())
