"""Fits the single-precision erf of validate/src/train/act/fast.rs.

erf(y) = y P(s) / Q(s), s = y^2, P and Q of degree 5, Q(0) = 1, on 0 <= s <= 16 (|y| <= 4).
Linear least squares on P(s_i) - f_i Q(s_i), f = erf(sqrt(s)) / sqrt(s), weighted by
1 / (f Q_prev(s)) so that the residual is the relative error, with Lawson's reweighting
(w_i <- w_i |error_i|) towards the minimax relative error; Chebyshev-spaced points.
Prints the largest relative error in exact arithmetic and the coefficients rounded to f32.
Plain Python (math.erf as the reference), no packages:  python3 bench/fit_erf_f32.py
"""
import math
import struct


def f32(x):
    return struct.unpack("f", struct.pack("f", x))[0]


def lstsq(a, b):
    """Least squares by Householder QR."""
    m, n = len(a), len(a[0])
    a = [row[:] for row in a]
    b = b[:]
    for k in range(n):
        norm = math.sqrt(sum(a[i][k] ** 2 for i in range(k, m)))
        if a[k][k] > 0:
            norm = -norm
        v = [0.0] * m
        v[k] = a[k][k] - norm
        for i in range(k + 1, m):
            v[i] = a[i][k]
        vv = sum(v[i] ** 2 for i in range(k, m))
        for j in range(k, n):
            d = sum(v[i] * a[i][j] for i in range(k, m)) * 2 / vv
            for i in range(k, m):
                a[i][j] -= d * v[i]
        d = sum(v[i] * b[i] for i in range(k, m)) * 2 / vv
        for i in range(k, m):
            b[i] -= d * v[i]
    x = [0.0] * n
    for k in reversed(range(n)):
        x[k] = (b[k] - sum(a[k][j] * x[j] for j in range(k + 1, n))) / a[k][k]
    return x


def poly(c, t):
    return sum(ck * t**k for k, ck in enumerate(c))


def fit(deg_p=5, deg_q=5, smax=16.0, points=1200, iterations=200):
    ts = [0.5 - 0.5 * math.cos(math.pi * i / (points - 1)) for i in range(points)]
    fs = [
        math.erf(math.sqrt(t * smax)) / math.sqrt(t * smax) if t > 0 else 2 / math.sqrt(math.pi)
        for t in ts
    ]
    w = [1.0] * points
    q_prev = [1.0] * points
    best = None
    for _ in range(iterations):
        rows, rhs = [], []
        for t, f, wi, qp in zip(ts, fs, w, q_prev):
            sc = math.sqrt(wi) / (f * qp)
            rows.append([sc * t**k for k in range(deg_p + 1)] + [-sc * f * t**k for k in range(1, deg_q + 1)])
            rhs.append(sc * f)
        x = lstsq(rows, rhs)
        p, q = x[: deg_p + 1], [1.0] + x[deg_p + 1 :]
        err = [poly(p, t) / poly(q, t) / f - 1 for t, f in zip(ts, fs)]
        q_prev = [poly(q, t) for t in ts]
        worst = max(abs(e) for e in err)
        if best is None or worst < best[0]:
            best = (worst, p, q)
        w = [wi * abs(e) + 1e-30 for wi, e in zip(w, err)]
        total = sum(w)
        w = [wi / total * points for wi in w]
    worst, p, q = best
    # coefficients of t = s / smax to coefficients of s
    return worst, [c / smax**k for k, c in enumerate(p)], [c / smax**k for k, c in enumerate(q)]


if __name__ == "__main__":
    worst, p, q = fit()
    print(f"largest relative error (exact arithmetic): {worst:.3e}")
    print("P:", ", ".join(f"{f32(c):.8e}" for c in p))
    print("Q:", ", ".join(f"{f32(c):.8e}" for c in q))
