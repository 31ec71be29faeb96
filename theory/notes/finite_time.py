"""The pulse task in finite time (theory/notes/finite-time.md, Eqs. T1-T6).

Independent numpy/scipy computation, erf only (closed-form <phi'>_s and <phi'''>_s), of the
mean-field trajectory of the Euler map from x = 0 with a pulse kappa_1 = e_2, the loss-window
statistics, and the optimum over symmetric M (lambda+, angle of v+) at fixed lambda-, by
scipy's Nelder-Mead.
Usage: python3 theory/notes/finite_time.py   (needs numpy and scipy)
"""

import numpy as np
from scipy.optimize import minimize

A2 = np.pi / 4  # phi(x) = erf(sqrt(pi)/2 x)


def g1(s2):
    return 1 / np.sqrt(1 + 2 * A2 * s2)


def g3(s2):
    return -2 * A2 * (1 + 2 * A2 * s2) ** -1.5


def window(m, n, sig, z=1.0, dt=0.2, steps=50, loss=range(10, 51, 5), pulse=5.0):
    a = 1 - dt
    kap, d, p = np.zeros(2), 0.0, np.zeros((2, 2))
    seen = []
    for k in range(steps):
        s2 = kap @ kap + d + np.trace(p) / n
        j = a * np.eye(2) + dt * m @ (g1(s2) * np.eye(2) + g3(s2) * np.outer(kap, kap))
        kap = a * kap + dt * g1(s2) * m @ kap + (np.array([0.0, dt * pulse]) if k == 0 else 0.0)
        p = j @ p @ j.T + 2 * dt * sig**2 * np.eye(2)
        d = a * a * d + 2 * dt * sig**2
        if k + 1 in loss:
            seen.append((kap.copy(), p.copy()))
    kb = np.mean([s[0] for s in seen], axis=0)
    lb = np.mean([(np.sqrt(n) * s[0][0] - z) ** 2 for s in seen])
    lv = np.mean([s[1][0, 0] for s in seen])
    return kb, lb, lv


def sym_m(lp, lm, th):
    vp, vm = np.array([np.cos(th), np.sin(th)]), np.array([-np.sin(th), np.cos(th)])
    return lp * np.outer(vp, vp) + lm * np.outer(vm, vm)


def optimum(n, sig, lm, start):
    r = minimize(lambda x: sum(window(sym_m(x[0], lm, x[1]), n, sig)[1:]), start,
                 method="Nelder-Mead", options=dict(xatol=1e-9, fatol=1e-14, maxiter=8000))
    kb, lb, lv = window(sym_m(r.x[0], lm, r.x[1]), n, sig)
    return r.x[0], r.x[1], np.linalg.norm(kb), kb[0] / np.linalg.norm(kb), lb, lv


if __name__ == "__main__":
    print("sigma N lambda-: lambda+* theta |kappa_bar| rho L_bias L_var")
    for sig, n, lm, lp0 in [(1.0, 64, -1.9, 2.1), (1.0, 1024, -1.9, 1.8), (0.2, 256, -0.7, 1.4)]:
        print(sig, n, lm, *(round(float(v), 5) for v in optimum(n, sig, lm, [lp0, np.pi / 2 - 0.1])))
    kb, lb, lv = window(np.array([[1.9, 0.2], [-0.1, -1.0]]), 256, 1.0)
    print("fixed M [[1.9, 0.2], [-0.1, -1]], N 256:", *(round(float(v), 6) for v in [*kb, lb, lv]))
