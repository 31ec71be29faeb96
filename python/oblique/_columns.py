"""Column-shaped results: the sweep, the optimum and the pandas view of both."""

from __future__ import annotations

import numpy as np

from . import _oblique

#: Column order of ``oblique sweep``'s CSV.
SWEEP_COLUMNS = ("n", "lambda_plus", "lambda_minus", "status", "kappa_norm", "rho", "l_var")


def _axis(name, values):
    """A 1-D contiguous float64 array (no copy when ``values`` already is one)."""
    a = np.ascontiguousarray(np.atleast_1d(np.asarray(values)), dtype=np.float64)
    if a.ndim != 1:
        raise ValueError(f"{name}: expected a number or a 1-D sequence, got shape {a.shape}")
    return a


def _sizes(n):
    """Network sizes as a 1-D int64 array; every entry must be a whole number."""
    a = np.atleast_1d(np.asarray(n))
    if a.ndim != 1 or a.size == 0:
        raise ValueError(f"n: expected a whole number or a 1-D sequence of them, got {n!r}")
    if not np.issubdtype(a.dtype, np.integer):
        f = a.astype(np.float64)
        if not np.all(np.isfinite(f) & (f == np.round(f))):
            raise ValueError(f"n: {n!r} is not a whole number (N, the network size, must be at least 2)")
        big = f[f >= 2.0**63]
        if big.size:
            raise ValueError(f"n: {big[0]:g} is out of range: it must be a whole number between 2 and {2**63 - 1}")
        a = f
    small = a[a < 2]
    if small.size:
        raise ValueError(f"n: {int(small[0])} is too small; it must be at least 2")
    return np.ascontiguousarray(a, dtype=np.int64)


def _frame(columns):
    """A pandas DataFrame of a dict of equal-length 1-D numpy arrays (e.g. a sweep).

    Entries that are not 1-D arrays are left out. Raises ImportError when pandas is not
    installed.
    """
    import pandas as pd

    return pd.DataFrame({k: v for k, v in columns.items() if np.ndim(v) == 1})


as_frame = _frame


def sweep(lambda_plus, lambda_minus, n, *, noise=1.0, target=1.0, nonlinearity="erf", as_frame=False):
    """The closed-form mean-field landscape over a (lambda+, lambda-, N) grid, in parallel.

    Same points and values as ``oblique sweep`` (its CSV, one row per point), as columns of
    numpy arrays. At each point M is the symmetric coupling at the bias-zero angle (Eq. 52);
    |kappa_bar| is Eq. 44, rho Eq. 52, and L_var Eq. 53 for erf (for tanh the same
    expression with numerical Gaussian averages).

    Parameters
    ----------
    lambda_plus : float or 1-D array-like
        lambda+ values (any float dtype; e.g. ``np.linspace(1.61, 3.0, 1000)``).
    lambda_minus : float or 1-D array-like
        lambda- values.
    n : int or sequence of int
        Network sizes (each at least 2).
    noise : float, default 1
        Noise level sigma > 0.
    target : float, default 1
        Target output z.
    nonlinearity : {"erf", "tanh"}, default "erf"
    as_frame : bool, default False
        Return a pandas DataFrame (status as a categorical) instead of a dict.

    Returns
    -------
    dict of numpy arrays (or DataFrame)
        n (int64), lambda_plus, lambda_minus, status (str: ok, no_fixed_point,
        rho_above_one, unstable), kappa_norm, rho, l_var (float64, NaN where the CSV cell
        is empty). Points are ordered with N slowest and lambda+ fastest.

    Example
    -------
    >>> s = oblique.sweep(np.linspace(1.61, 3, 100), [-5, -1], n=256)
    >>> s["l_var"][s["status"] == "ok"].min()
    """
    raw = _oblique.sweep_columns(
        _axis("lambda_plus", lambda_plus),
        _axis("lambda_minus", lambda_minus),
        _sizes(n),
        noise=noise,
        target=target,
        nonlinearity=nonlinearity,
        strings=not as_frame,
    )
    names = list(raw.pop("status_names"))
    codes = raw.pop("status_code")
    if as_frame:
        import pandas as pd

        raw["status"] = pd.Categorical.from_codes(codes, names)
        # the columns are fresh arrays of this call: the frame takes them without a copy
        return pd.DataFrame({k: raw[k] for k in SWEEP_COLUMNS}, copy=False)
    return {k: raw[k] for k in SWEEP_COLUMNS}


def optimum(lambda_minus, *, n, noise=1.0, target=1.0, nonlinearity="erf", as_frame=False):
    """The minimum of L_var over lambda+ at fixed lambda-, for each N (Brent's method).

    Same parameters and results as ``oblique optimum --json`` (its "optima" list as
    columns). The coupling is the symmetric M at the bias-zero angle (Eq. 52); L_var is
    Eq. 53 for erf (the Lyapunov route, Eqs. 47-48, otherwise). The minimiser lambda+*
    predicts the oblique solution that learning finds (Fig. 13).

    Parameters
    ----------
    lambda_minus : float
        The fixed second eigenvalue of M (negative feedback when negative).
    n : int or sequence of int
        Network sizes (each at least 2).
    noise : float, default 1
    target : float, default 1
    nonlinearity : {"erf", "tanh"}, default "erf"
    as_frame : bool, default False

    Returns
    -------
    dict of numpy arrays (or DataFrame)
        n, lambda_plus_opt, kappa_norm, rho, l_var: one entry per N.

    Example
    -------
    >>> oblique.optimum(-5, n=[64, 256, 2048])["lambda_plus_opt"]
    """
    cols = _oblique.optimum(
        float(lambda_minus),
        n=[int(v) for v in _sizes(n)],
        noise=noise,
        target=target,
        nonlinearity=nonlinearity,
    )
    return _frame(cols) if as_frame else cols
