"""Finite-N fluctuations of U^T phi(x)/N left out by Eq. 48 (theory/notes/rank-two.md, section 7).

Independent numpy/scipy computation (Gauss-Hermite over u, scipy's Lyapunov solver) of L_var
for erf and a symmetric M at the bias-zero angle, with
  * only the mean part of eta_2 (the paper's coloured noise: reproduces Eq. 53),
  * eta_1 added,
  * eta_1 and the full eta_2.
Usage: python3 theory/notes/finite_n_noise.py   (needs numpy and scipy)
"""

import numpy as np
from scipy.linalg import solve_continuous_lyapunov as lyap

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


if __name__ == "__main__":
    print("lambda+ lambda- N: Eq. 53 | augmented, paper part only | + eta_1 | + eta_1 + full eta_2")
    for lp, lm, n in [(1.9, -1, 512), (1.9, -2, 512), (1.9, -5, 512), (1.9, -5, 256), (2.6, -5, 256)]:
        o = l_var_terms(lp, lm, n)
        print(lp, lm, n, *(round(float(o[key]), 4) for key in ["eq53", "paper", "eta1", "full"]))
