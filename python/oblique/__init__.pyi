"""Type stubs of the ``oblique`` package (the Rust functions live in ``oblique._oblique``).

Every function has the parameters, defaults and results of the ``oblique`` command of the
same name; see each docstring (``help(oblique.mft)``) for units, equations and examples.
"""

from typing import Any, Literal, Optional, Sequence, Union

import numpy as np
import numpy.typing as npt

from . import grid as grid
from . import regime as regime

__version__: str

Nonlinearity = Literal["erf", "tanh"]
Matrix2 = Union[npt.ArrayLike, Sequence[Sequence[float]]]
Sizes = Union[int, Sequence[int], npt.NDArray[np.integer[Any]]]
Result = dict[str, Any]

def mft(
    lambda_plus: Optional[float] = None,
    lambda_minus: Optional[float] = None,
    *,
    n: int,
    m: Optional[Matrix2] = None,
    noise: float = 1.0,
    target: float = 1.0,
    nonlinearity: Nonlinearity = "erf",
    g: float = 0.0,
    dt: Optional[float] = None,
    finite_n: bool = True,
) -> Result:
    """The rank-two mean-field theory at one point (``oblique mft --json``).

    Fixed point |kappa_bar| (Eq. 44) at the bias-zero angle rho (Eq. 52), Jacobian (Eq. 45),
    covariance (Eqs. 47-48) and L_var (Eq. 39; closed form Eq. 53 for erf). Give lambda_plus
    and lambda_minus (symmetric M), or m (any real 2x2 M). noise: sigma > 0; target: z;
    g: bulk gain (random-bulk theory, then l_var is None); dt: add the Euler-map prediction;
    finite_n=False skips l_var_finite_n (milliseconds) for a call of about a microsecond.

    Example: ``oblique.mft(lambda_plus=1.9, lambda_minus=-5, n=256)["l_var"]``
    """

def optimum(
    lambda_minus: float,
    *,
    n: Sizes,
    noise: float = 1.0,
    target: float = 1.0,
    nonlinearity: Nonlinearity = "erf",
    as_frame: bool = False,
) -> Any:
    """The minimum of L_var (Eq. 53) over lambda+ at fixed lambda- for each N
    (``oblique optimum --json``): columns n, lambda_plus_opt, kappa_norm, rho, l_var.

    Example: ``oblique.optimum(-5, n=[64, 256, 2048])["lambda_plus_opt"]``
    """

def sweep(
    lambda_plus: npt.ArrayLike,
    lambda_minus: npt.ArrayLike,
    n: Sizes,
    *,
    noise: float = 1.0,
    target: float = 1.0,
    nonlinearity: Nonlinearity = "erf",
    as_frame: bool = False,
) -> Any:
    """The mean-field landscape over a (lambda+, lambda-, N) grid (``oblique sweep``; Eqs.
    44, 52, 53): columns n, lambda_plus, lambda_minus, status (str), kappa_norm, rho, l_var
    (NaN where empty), N slowest and lambda+ fastest; a DataFrame with as_frame=True.

    Example: ``oblique.sweep(np.linspace(1.61, 3, 100), [-5, -1], n=256)``
    """

def as_frame(columns: dict[str, Any]) -> Any:
    """A pandas DataFrame of the 1-D arrays of a result dict."""

def linear(
    *,
    n: int = 256,
    rho_sqrt_n: float = -0.5,
    noise: float = 1.0,
    target: float = 1.0,
    lr: float = 0.002,
    fast_steps: int = 1000,
    slow_steps: int = 5000,
    samples: int = 201,
    m0: Matrix2 = ...,
    space: Literal["rank-two", "full"] = "rank-two",
    rtol: float = 1e-9,
    dt: Optional[float] = None,
    batch: Optional[int] = None,
    t_max: float = 20.0,
    t_loss_min: float = 15.0,
) -> Result:
    """Two-phase learning curves of a noisy linear RNN, closed form against the exact
    gradient flow (``oblique linear --json``; theory notes section 5, Eqs. 21-24, Fig. 10):
    "fast", "slow", "flow" (and "sgd" with dt and batch), each a dict of numpy arrays.

    Example: ``oblique.linear(samples=51)["flow"]["l_var"][-1]``
    """

def simulate(
    lambda_plus: Optional[float] = None,
    lambda_minus: float = -5.0,
    *,
    m: Optional[Matrix2] = None,
    n: int = 256,
    noise: float = 1.0,
    target: float = 1.0,
    g: float = 0.0,
    nonlinearity: Nonlinearity = "erf",
    batch: int = 256,
    t_max: float = 100.0,
    t_stat: float = 20.0,
    dt: float = 0.2,
    seed: int = 1,
    threads: Optional[int] = None,
) -> Result:
    """The full noisy RNN at a fixed M against the mean-field theory (``oblique simulate
    --json``; Fig. 12): measured kappa_norm, rho, l_var, l_bias, the theory's, the setup,
    the latent cloud and the output histograms.

    Example: ``oblique.simulate(2.0, n=128, batch=64, t_max=40)["l_var"]``
    """

def train_rank2(
    *,
    n: int = 256,
    steps: int = 2000,
    lr: float = 0.005,
    noise: float = 1.0,
    batch: int = 32,
    seed: int = 1,
    optimizer: Literal["sgd", "adam"] = "sgd",
    target: float = 1.0,
    dt: float = 0.2,
    nonlinearity: Nonlinearity = "erf",
    g: float = 0.0,
    m0: Matrix2 = ...,
    eval_batch: int = 512,
    threads: Optional[int] = None,
) -> Result:
    """BPTT training of the 2x2 M of W = U M U^T / N (``oblique train rank2 --json``; Figs.
    13, 28): the summary, the mean-field optimum at the trained lambda- ("theory") and the
    per-step "records" as numpy columns.

    Example: ``oblique.train_rank2(n=64, steps=200)["records"]["loss"]``
    """

def train_linear(
    *,
    n: int = 256,
    steps: Optional[int] = None,
    fast_steps: Optional[int] = None,
    slow_steps: Optional[int] = None,
    lr: float = 0.002,
    noise: float = 1.0,
    batch: int = 32,
    seed: int = 1,
    optimizer: Literal["sgd", "adam"] = "sgd",
    target: float = 1.0,
    dt: float = 0.2,
    rho_sqrt_n: float = -0.5,
    threads: Optional[int] = None,
) -> Result:
    """BPTT training of the full W of a linear noisy RNN (``oblique train linear --json``;
    Fig. 10): the summary, the trained "w" (N x N) and the per-step "records".

    Example: ``oblique.train_linear(n=32, fast_steps=100, slow_steps=200)["m11"]``
    """

def train_task(
    task: Literal["cycling", "flipflop", "mante", "romo", "complex-sine", "sine"],
    output_scale: Literal["small", "large"],
    *,
    g: float = 1.5,
    n: int = 512,
    steps: Optional[int] = None,
    lr0: Optional[float] = None,
    train: Optional[Union[str, Sequence[str]]] = None,
    noise: Optional[float] = None,
    batch: Optional[int] = None,
    seed: int = 1,
    threads: int = 2,
    corr_every: int = 20,
    precision: Literal["f32", "f64"] = "f32",
) -> Result:
    """The paper's full-rank noisy RNN trained with Adam on a task (``oblique train task
    --json``; paper-methods 1, 2): x <- (1 - dt) x + dt (W tanh(x) + W_in u) + sqrt(dt)
    sigma xi, z = W_out x, dt = 0.2; W_out ~ N(0, 1/N^2) ("small", aligned) or N(0, 1/N)
    ("large", oblique); lr = lr0 / N. Defaults: the paper's preset of the scenario.

    Returns the summary (status, config, last, corr_initial, corr_final = gen_corr(W_out,
    noise-free states at t >= 10), seconds, ...), "curves" (step, loss, l_bias, l_var,
    dw_norm, corr arrays), "initial"/"final" weights (w, w_in, w_out, h0), "eval" (input,
    target, mask: 32 x steps x d) and "trajectories"[before|after][noisefree|noisy] with
    "x" (float32, 32 x steps x N) and "z".

    Example: ``oblique.train_task("cycling", "small", n=64, steps=100)["corr_final"]``
    """

def flr(
    *,
    n: int = 200,
    g: float = 0.5,
    beta: float = 0.5,
    memories: int = 5,
    noise: float = 0.5,
    input_amplitude: float = 0.5,
    epsilon: float = 0.1,
    rule: str = "hebb-target",
    seed: int = 1,
    j: Optional[npt.ArrayLike] = None,
    xi: Optional[npt.ArrayLike] = None,
    eta: Optional[npt.ArrayLike] = None,
    pairs: int = 1,
    start_memory: Optional[int] = None,
) -> Result:
    """The initial learning speed predicted from spontaneous fluctuations (``oblique flr
    --json``; FLR1, FLR2 of theory/notes/flr.md): "spontaneous" and per-pair "predictions".

    Example: ``oblique.flr(n=100, pairs=3)["predictions"]["exact"]``
    """
