"""The task network of paper-methods 1.1 in numpy float64, torch-free: the one model loop of
the bench scripts that measure PyTorch's (and oblique's) task networks.

    x_{k+1} = (1 - dt) x_k + dt (W tanh(x_k) + W_in u_k) + sqrt(dt) sigma xi_k,   dt = DT

The states are recorded before each update (x_0 first). The measures use the states at
t >= T_MIN (paper-methods 3).

    >>> import numpy as np
    >>> w, w_in = np.zeros((2, 2)), np.ones((2, 1))
    >>> run(w, w_in, np.ones((1, 3, 1)), np.zeros((1, 2)))[0, :, 0].round(4).tolist()
    [0.0, 0.2, 0.36]
    >>> late(np.zeros((3, 60, 4))).shape   # 3 trials x the 10 steps at t >= 10 (k >= 50)
    (30, 4)
"""

import math
import os

import numpy as np

DT = 0.2
T_MIN = 10.0


def arrays(d, *names):
    """The arrays `names` (w, w_in, w_out, eval_input, ...) of a run directory `d` (an `oblique
    train task` run or a `--save-weights` checkpoint) as float64, in that order."""
    return tuple(np.load(os.path.join(d, name + ".npy")).astype(np.float64) for name in names)


def run(w, w_in, u, x, start=0, noise=None, sigma=0.0):
    """The states x_start .. x_{T-1} (trials x (T - start) x N) from the state `x` at step
    `start`, with the inputs u (trials x T x d_in); with `noise` (trials x T x N) each update
    adds sqrt(DT) sigma noise[:, k], else the run is noise-free."""
    states = np.empty((x.shape[0], u.shape[1] - start, x.shape[1]))
    for i, k in enumerate(range(start, u.shape[1])):
        states[:, i] = x
        x = (1 - DT) * x + DT * (np.tanh(x) @ w.T + u[:, k] @ w_in.T)
        if noise is not None:
            x += math.sqrt(DT) * sigma * noise[:, k]
    return states


def late(states):
    """The states at t >= T_MIN of a run from step 0, as (trials * T') x N."""
    return states[:, int(round(T_MIN / DT)):].reshape(-1, states.shape[2])
