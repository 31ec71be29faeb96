"""Finite-N fluctuations of U^T phi(x)/N left out by Eq. 48 (theory/notes/rank-two.md, section 7).

Independent numpy/scipy computation (Gauss-Hermite over u, scipy's Lyapunov solver) of L_var
for erf and a symmetric M at the bias-zero angle, with
  * only the mean part of eta_2 (the paper's coloured noise: reproduces Eq. 53),
  * eta_1 added,
  * eta_1 and the full eta_2,
and (`l_var_all_orders`) with every Hermite order up to K, in continuous time or for the
Euler-Maruyama map at step dt (section 8; scipy's discrete Lyapunov solver). There the
Hermite coefficients come from the closed form for erf,
  c_{m+1}(h) = E phi^(m+1)(h + xi) = c_1(h) (-1/s)^m He_m(h/s),  s^2 = (1 + 2 a^2 sigma^2)/(2 a^2),
not from quadrature as in the Rust code.
Usage: python3 theory/notes/finite_n_noise.py   (needs numpy and scipy)
"""

import numpy as np
from math import factorial
from numpy.polynomial.hermite_e import hermeval
from scipy.linalg import solve_continuous_lyapunov as lyap
from scipy.linalg import solve_discrete_lyapunov as dlyap

A2 = np.pi / 4  # a^2 for phi(x) = erf(sqrt(pi)/2 x)


def l_var_terms(lp, lm, n, sig=1.0, z=1.0):
    lmin2 = 1 + 2 * A2 * sig**2
    k2 = (lp**2 - lmin2) / (2 * A2)
    k = np.sqrt(k2)
    rho = z / (np.sqrt(n) * k)
    vp = np.array([rho, np.sqrt(1 - rho**2)])
    vm = np.array([-np.sqrt(1 - rho**2), rho])
    m = lp * np.outer(vp, vp) + lm * np.outer(vm, vm)
    sx2 = k2 + sig**2
    dphi = 1 / np.sqrt(1 + 2 * A2 * sx2)
    q = -2 * A2 * (1 + 2 * A2 * sx2) ** -1.5 / dphi
    a = -np.eye(2) + dphi * m + q * k2 * np.outer(vp, vp)
    s = lyap(a, -2 * sig**2 * np.eye(2))
    gp = q * k2
    eq53 = s[0, 0] + sig**4 * gp / (2 * (gp - 2) * k2) * vp[0] ** 2
    # u = u_par vp + u_perp vm, both standard normal; h = k u_par
    y, w = np.polynomial.hermite_e.hermegauss(80)
    w = w / w.sum()
    u1, u2 = np.meshgrid(y, y, indexing="ij")
    ww = np.outer(w, w)
    b = 1 + 2 * A2 * sig**2
    c1 = np.exp(-A2 * (k * u1) ** 2 / b) / np.sqrt(b)  # E_xi phi'(h + xi)
    c2 = c1 * (-2 * A2 * k * u1 / b)  # E_xi phi''(h + xi)

    def uu(f):
        return np.array([[np.sum(ww * u1 * u1 * f), np.sum(ww * u1 * u2 * f)],
                         [np.sum(ww * u2 * u1 * f), np.sum(ww * u2 * u2 * f)]])

    r = np.column_stack([vp, vm])
    e1 = uu(c1)
    s1 = r @ (sig**2 * (uu(c1**2) - e1 @ e1)) @ r.T
    mean2 = r @ np.array([np.sum(ww * u1 * c2), np.sum(ww * u2 * c2)])
    s2_mean = (sig**4 / 2) * np.outer(mean2, mean2)
    s2_full = r @ ((sig**4 / 2) * uu(c2**2)) @ r.T
    zero, eye = np.zeros((2, 2)), np.eye(2)
    drift = np.block([[a, m, m], [zero, -eye, zero], [zero, zero, -2 * eye]])
    out = {"eq53": eq53}
    for name, s1x, s2 in [("paper", 0 * s1, s2_mean), ("eta1", s1, s2_mean), ("full", s1, s2_full)]:
        noise = np.block([[2 * sig**2 * eye, zero, zero], [zero, 2 * s1x, zero], [zero, zero, 4 * s2]])
        out[name] = lyap(drift, -noise)[0, 0]
    return out


def l_var_all_orders(lp, lm, n, sig=1.0, z=1.0, dt=None, orders=16):
    """L_var with Hermite orders 1..orders; dt=None: continuous (Eq. F4), else the Euler map (Eq. E3)."""
    lmin2 = 1 + 2 * A2 * sig**2
    rho = z / (np.sqrt(n) * np.sqrt((lp**2 - lmin2) / (2 * A2)))  # M fixed by the continuous theory
    vp = np.array([rho, np.sqrt(1 - rho**2)])
    vm = np.array([-np.sqrt(1 - rho**2), rho])
    m = lp * np.outer(vp, vp) + lm * np.outer(vm, vm)
    sd2 = sig**2 if dt is None else sig**2 / (1 - dt / 2)  # orthogonal variance (Eq. E1)
    k2 = (lp**2 - (1 + 2 * A2 * sd2)) / (2 * A2)
    k = np.sqrt(k2)
    bx = 1 + 2 * A2 * (k2 + sd2)  # s_x^2 = |kappa_bar|^2 + sigma_d^2 (Eq. 42)
    dphi = 1 / np.sqrt(bx)
    q = -2 * A2 * bx**-1.5 / dphi
    b = 1 + 2 * A2 * sd2  # the orthogonal part alone, for c_k(h)
    a = -np.eye(2) + dphi * m + q * k2 * np.outer(vp, vp)
    y, w = np.polynomial.hermite_e.hermegauss(120)
    w = w / w.sum()
    u1, u2 = np.meshgrid(y, y, indexing="ij")
    ww = np.outer(w, w)
    h = k * u1
    c1 = np.exp(-A2 * h**2 / b) / np.sqrt(b)
    s_ = np.sqrt(b / (2 * A2))

    def uu(f):
        return np.array([[np.sum(ww * u1 * u1 * f), np.sum(ww * u1 * u2 * f)],
                         [np.sum(ww * u2 * u1 * f), np.sum(ww * u2 * u2 * f)]])

    r = np.column_stack([vp, vm])
    covs = []
    for kk in range(1, orders + 1):
        ck = c1 * (-1 / s_) ** (kk - 1) * hermeval(h / s_, [0] * (kk - 1) + [1])
        cov = sd2**kk / factorial(kk) * uu(ck**2)
        if kk == 1:
            e1 = uu(ck)
            cov = sd2 * (uu(ck**2) - e1 @ e1)
        covs.append(r @ cov @ r.T)
    d = 2 + 2 * orders
    f = np.zeros((d, d))
    qn = np.zeros((d, d))
    if dt is None:
        f[:2, :2] = a
        qn[:2, :2] = 2 * sig**2 * np.eye(2)
        for i, cov in enumerate(covs):
            kk, o = i + 1, 2 + 2 * i
            f[:2, o:o + 2] = m
            f[o:o + 2, o:o + 2] = -kk * np.eye(2)
            qn[o:o + 2, o:o + 2] = 2 * kk * cov
        return lyap(f, -qn)[0, 0]
    f[:2, :2] = np.eye(2) + dt * a
    qn[:2, :2] = 2 * dt * sig**2 * np.eye(2)
    for i, cov in enumerate(covs):
        ak, o = (1 - dt) ** (i + 1), 2 + 2 * i
        f[:2, o:o + 2] = dt * m
        f[o:o + 2, o:o + 2] = ak * np.eye(2)
        qn[o:o + 2, o:o + 2] = (1 - ak**2) * cov
    return dlyap(f, qn)[0, 0]


if __name__ == "__main__":
    print("lambda+ lambda- N: Eq. 53 | augmented, paper part only | + eta_1 | + eta_1 + full eta_2")
    for lp, lm, n in [(1.9, -1, 512), (1.9, -2, 512), (1.9, -5, 512), (1.9, -5, 256), (2.6, -5, 256)]:
        o = l_var_terms(lp, lm, n)
        print(lp, lm, n, *(round(float(o[key]), 4) for key in ["eq53", "paper", "eta1", "full"]))
    print("all Hermite orders (16): lambda+ lambda- N: continuous | Euler dt = 0.2 | Euler dt = 0.05")
    for lp, lm, n in [(1.9, -5, 256), (2.6, -5, 256), (1.9, -1, 512)]:
        print(lp, lm, n, *(round(float(l_var_all_orders(lp, lm, n, dt=dt)), 4) for dt in [None, 0.2, 0.05]))
