#!/usr/bin/env python3
"""Independent check of the measures that re-run a trained task network (methods 3.7, 3.8;
validate/src/regime/{noise_compression,perturbation}.rs, `oblique regime --run`) in numpy,
with the two side by side in time.

    bench/setup_venv.sh
    bench/.venv/bin/python bench/regime_run_vs_numpy.py [--oblique target/release/oblique]
        [--task cycling] [--n 128] [--steps 100] [--seeds 5]

1. trains a small network with `oblique train task` into a temporary run directory;
2. runs `oblique regime --run RUN --json --arrays ARR` (timed) and reads the perturbation
   directions it drew;
3. perturbation: re-implements the noise-free unperturbed run (frozen initial noise read
   from the run's x_after_noisy.npy at t = 0), the kicks and the loss on the shifted mask
   in numpy, in the run's precision, with the same directions, and compares every loss
   (4 kinds x 10 times x 21 amplitudes): max relative difference < 1e-5 (f32) or 1e-9 (f64);
4. noise compression: the noise draws differ, so the output/random and PC/random variance
   ratios of `--seeds` Rust seeds and `--seeds` numpy seeds are compared as two samples:
   |mean_rust - mean_numpy| < 4 sqrt(sd_rust^2 / s + sd_numpy^2 / s);
5. prints the times and the ratios numpy / Rust (one thread for numpy's BLAS; the machine
   is shared, so the ratios are what to read).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DT_EPS = 1e-9


def steps_of(t, dt):
    return int(np.floor(t / dt + DT_EPS))


def load_run(run):
    s = json.loads((run / "summary.json").read_text())
    r = {k: np.load(run / f"{k}.npy") for k in ("w", "w_in", "w_out", "h0")}
    for k in ("input", "target", "mask"):
        r[k] = np.load(run / f"eval_{k}.npy")
    r["x0"] = np.load(run / "x_after_noisy.npy")[:, 0, :]
    r["dt"] = s["dt"]
    r["precision"] = s["config"]["precision"]
    r["sigma_hid"] = s["config"]["preset"]["noise"]["sigma_hid"]
    r["task"] = s["task"]
    return r


class Net:
    """The network in the run's precision, with the input drive sum_i (dt u_i) W_in[:, i]."""

    def __init__(self, r):
        self.f = np.float32 if r["precision"] == "f32" else np.float64
        f = self.f
        self.dt = r["dt"]
        self.w_t = r["w"].astype(f).T.copy()
        self.w_out_t = r["w_out"].astype(f).T.copy()
        w_in = r["w_in"].astype(f).astype(np.float64)
        self.drive = np.einsum("bki,ji->bkj", self.dt * r["input"], w_in)
        self.leak, self.rdt = f(1.0 - self.dt), f(self.dt)

    def step(self, x, k, trials):
        phi = np.tanh(x.astype(np.float64)).astype(self.f)
        return self.rdt * (phi @ self.w_t) + (self.leak * x + self.drive[trials, k].astype(self.f))


def unperturbed(net, r):
    b, t = r["input"].shape[:2]
    x = np.empty((b, t, r["w"].shape[0]), dtype=net.f)
    x[:, 0] = r["x0"].astype(net.f)
    trials = np.arange(b)
    for k in range(t - 1):
        x[:, k + 1] = net.step(x[:, k], k, trials)
    return x


def perturbation_losses(net, r, arrays):
    dirs = np.load(arrays / "perturbation_directions.npy")
    steps = np.load(arrays / "perturbation_steps.npy").astype(int)
    amps = np.load(arrays / "perturbation_amplitudes.npy")
    t_max = float(np.load(arrays / "perturbation_t_max.npy")[0])
    mask, target = r["mask"].copy(), r["target"]
    mask[:, : steps_of(t_max + 5.0, net.dt)] = 0.0
    count = mask.sum()
    base = unperturbed(net, r)
    b, t = mask.shape[:2]
    trials = np.tile(np.arange(b), len(amps))
    loss = np.zeros((len(dirs), len(steps), len(amps)))
    for d, v in enumerate(dirs):
        for i, kp in enumerate(steps):
            x = (base[:, kp].astype(np.float64)[None] + amps[:, None, None] * v[None])
            x = x.reshape(-1, v.shape[1]).astype(net.f)
            sq = np.zeros(len(amps))
            for k in range(kp, t):
                if k > kp:
                    x = net.step(x, k - 1, trials)
                m = mask[:, k]
                if not m.any():
                    continue
                z = (x @ net.w_out_t).astype(np.float64).reshape(len(amps), b, -1)
                sq += (m[None] * (z - target[None, :, k]) ** 2).sum(axis=(1, 2))
            loss[d, i] = sq / count
    return loss


def noise_compression(r, seed, conditions=4, repeats=16, n_random=2000, n_out=100, n_pc=100):
    """Methods 3.7 in float64 with numpy's generator."""
    rng = np.random.default_rng(seed)
    w, w_in, w_out = r["w"], r["w_in"], r["w_out"]
    dt, sigma = r["dt"], r["sigma_hid"]
    n = w.shape[0]
    cond = np.arange(conditions * repeats) % conditions
    u = r["input"][cond]
    t = u.shape[1]
    x = np.empty((len(cond), t, n))
    x[:, 0] = r["h0"] + rng.standard_normal((len(cond), n))
    for k in range(t - 1):
        xk = x[:, k]
        x[:, k + 1] = ((1 - dt) * xk + dt * (np.tanh(xk) @ w.T + u[:, k] @ w_in.T)
                       + np.sqrt(dt) * sigma * rng.standard_normal(xk.shape))
    means = np.stack([x[cond == c].mean(axis=0) for c in range(conditions)])
    dx = (x - means[cond]).reshape(-1, n)
    cov = dx.T @ dx / (len(dx) - 1)
    unit = lambda v: v / np.linalg.norm(v, axis=0, keepdims=True)  # noqa: E731
    rand = unit(rng.standard_normal((n, n_random)))
    q, _ = np.linalg.qr(w_out.T)
    out = unit(q @ rng.standard_normal((q.shape[1], n_out)))
    avg = means.reshape(-1, n)
    _, _, vt = np.linalg.svd(avg - avg.mean(axis=0), full_matrices=False)
    pc = unit(vt[:2].T @ rng.standard_normal((2, n_pc)))
    var = lambda v: np.einsum("ij,ij->j", v, cov @ v)  # noqa: E731
    vr = var(rand).mean()
    return var(out).mean() / vr, var(pc).mean() / vr


def oblique(exe, *args):
    t0 = time.perf_counter()
    out = subprocess.run([exe, *args], capture_output=True, text=True)
    dt = time.perf_counter() - t0
    if out.returncode != 0:
        sys.exit(f"oblique {' '.join(args)} failed:\n{out.stderr}")
    return out.stdout, dt


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--oblique", default=str(ROOT / "target" / "release" / "oblique"))
    ap.add_argument("--task", default="cycling", choices=["cycling", "flipflop", "mante", "complex-sine"])
    ap.add_argument("--n", type=int, default=128)
    ap.add_argument("--steps", type=int, default=100)
    ap.add_argument("--seeds", type=int, default=5)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        run, arrays = Path(tmp) / "run", Path(tmp) / "arrays"
        oblique(a.oblique, "train", "task", "--task", a.task, "--output-scale", "small",
                "--n", str(a.n), "--steps", str(a.steps), "--seed", "2", "-o", str(run))
        full, t_rust_full = oblique(a.oblique, "regime", "--run", str(run), "--json",
                                    "--arrays", str(arrays))
        rust = json.loads(full)
        _, t_rust_skip = oblique(a.oblique, "regime", "--run", str(run), "--json",
                                 "--skip-perturbation")
        r = load_run(run)
        net = Net(r)
        t0 = time.perf_counter()
        loss_np = perturbation_losses(net, r, arrays)
        t_np_pert = time.perf_counter() - t0
        loss_rs = np.load(arrays / "perturbation_loss.npy")
        rel = np.abs(loss_np - loss_rs) / np.maximum(np.abs(loss_rs), 1e-12)
        tol = 1e-5 if r["precision"] == "f32" else 1e-9
        print(f"{a.task}, N = {a.n}, {r['precision']}: perturbation losses "
              f"{loss_rs.size} values, max relative difference {rel.max():.2e} (tolerance {tol:g})")
        auc = loss_np.mean(axis=1).sum(axis=1)
        print(f"  susceptibility AUC_w_out / AUC_pc: numpy {auc[0] / auc[1]:.6f}, "
              f"Rust {rust['susceptibility']:.6f}")
        ok = rel.max() < tol and abs(auc[0] / auc[1] - rust["susceptibility"]) < 10 * tol
        rs = []
        for s in range(a.seeds):
            out, _ = oblique(a.oblique, "regime", "--run", str(run), "--json",
                             "--skip-perturbation", "--seed", str(s))
            v = json.loads(out)
            rs.append((v["noise_ratio"], v["noise_ratio_pc"]))
        t0 = time.perf_counter()
        nps = [noise_compression(r, 1000 + s) for s in range(a.seeds)]
        t_np_nc = (time.perf_counter() - t0) / a.seeds
        rs, nps = np.array(rs), np.array(nps)
        for j, name in enumerate(["output / random", "PC / random"]):
            m_r, m_n = rs[:, j].mean(), nps[:, j].mean()
            se = np.sqrt(rs[:, j].var(ddof=1) / a.seeds + nps[:, j].var(ddof=1) / a.seeds)
            good = abs(m_r - m_n) < 4 * se
            ok &= bool(good)
            print(f"  noise compression {name}: Rust {m_r:.4f} +- {rs[:, j].std(ddof=1):.4f}, "
                  f"numpy {m_n:.4f} +- {nps[:, j].std(ddof=1):.4f} ({a.seeds} seeds each; "
                  f"|diff| {abs(m_r - m_n):.4f} vs 4 se {4 * se:.4f}) {'ok' if good else 'FAIL'}")
        t_rust_pert = max(t_rust_full - t_rust_skip, 1e-9)
        print("times (s, shared machine; numpy on one BLAS thread, Rust on rayon's default pool):")
        print(f"  perturbation: numpy {t_np_pert:.2f}, Rust ~{t_rust_pert:.2f} "
              f"(full run minus --skip-perturbation): numpy / Rust {t_np_pert / t_rust_pert:.1f}x")
        print(f"  noise compression: numpy {t_np_nc:.2f} per seed; Rust whole --skip-perturbation "
              f"run (+ D_fit, PCA, process start) {t_rust_skip:.2f}: ratio {t_np_nc / t_rust_skip:.1f}x")
        print("PASS" if ok else "FAIL")
        sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
