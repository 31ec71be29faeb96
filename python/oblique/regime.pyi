"""Type stubs of ``oblique.regime`` (the functions live in ``oblique._oblique.regime``)."""

from typing import Any, Optional, Sequence

import numpy.typing as npt

Result = dict[str, Any]

def measures(
    states: npt.ArrayLike,
    output: npt.ArrayLike,
    *,
    weights: Optional[npt.ArrayLike] = None,
    delay: int = 0,
    subsample: Optional[int] = None,
    seed: int = 0,
) -> Result:
    """Every regime measure of a recording, as ``oblique regime --json``: r2, alpha, corr
    (|X_c w^T|_F / (|X_c|_F |w|_F), methods 3.1b), corr_fit, participation_ratio,
    state_norm, d_x, d_fit, d_fit_rel, cumulative_variance, fit_r2, fit_alpha and, with
    ``subsample=R``, the Fig. 8 analysis. states: samples x neurons; output: samples x
    outputs; weights: a fixed readout (outputs x neurons); delay: output t pairs with
    states t - delay.

    Example: ``oblique.regime.measures(states, output)["d_fit_rel"]``
    """

def gen_corr(w_out: npt.ArrayLike, states: npt.ArrayLike) -> float:
    """RNN correlation (methods 3.1a): rows centred across neurons,
    |A B^T|_F / sqrt(|A^T A|_F |B^T B|_F).

    Example: ``oblique.regime.gen_corr(w_out, states)``
    """

def corr_data(states: npt.ArrayLike, weights: npt.ArrayLike) -> float:
    """Data correlation (methods 3.1b): |X_c w^T|_F / (|X_c|_F |w|_F), X_c centred over
    samples.

    Example: ``oblique.regime.corr_data(states, decoder)``
    """

def participation_ratio(states: npt.ArrayLike) -> float:
    """(sum l)^2 / sum l^2 of the covariance eigenvalues (methods 3.3).

    Example: ``oblique.regime.participation_ratio(states)``
    """

def state_norm(states: npt.ArrayLike, *, centre: bool = True) -> float:
    """RMS activity times sqrt(N) (methods 3.2), centred over samples by default.

    Example: ``oblique.regime.state_norm(states)``
    """

def weight_norm(w: npt.ArrayLike) -> float:
    """RMS entry times sqrt(N) of a weight matrix (rows x neurons; methods 3.2).

    Example: ``oblique.regime.weight_norm(w_out)``
    """

def pca(states: npt.ArrayLike, *, threshold: float = 0.9) -> Result:
    """PCA of the centred states: variance, cumulative_variance, components (neurons x
    PCs), participation_ratio, d_x (first k with cevr_k > threshold).

    Example: ``oblique.regime.pca(states)["d_x"]``
    """

def ridge(
    states: npt.ArrayLike, output: npt.ArrayLike, *, alphas: Optional[Sequence[float]] = None
) -> Result:
    """scikit-learn's RidgeCV (efficient leave-one-out, alphas logspace(-3, 6, 20),
    unpenalised intercept): alpha, alpha_index, loo_mse, coef, intercept, r2.

    Example: ``oblique.regime.ridge(states, output)["alpha"]``
    """

def dfit(
    states: npt.ArrayLike,
    output: npt.ArrayLike,
    *,
    fraction: float = 0.9,
    alphas: Optional[Sequence[float]] = None,
) -> Result:
    """D_fit, data variant (methods 3.5): first k with R^2 on the top-k PCs above
    fraction * R^2_full; d_fit, r2_full, fit_r2, fit_alpha.

    Example: ``oblique.regime.dfit(states, output)["d_fit"]``
    """

def procrustes(x: npt.ArrayLike, y: npt.ArrayLike) -> Result:
    """Angular Procrustes dissimilarity (radians, Fig. 4) and the Euclidean distance of two
    column-centred state matrices.

    Example: ``oblique.regime.procrustes(x_a, x_b)["angle"]``
    """

def subsample(
    states: npt.ArrayLike,
    output: npt.ArrayLike,
    *,
    repeats: int = 20,
    seed: int = 0,
    fractions: Optional[Sequence[float]] = None,
) -> Result:
    """Neuron subsampling (Fig. 8, methods 3.9): per size n_sub, the mean and sd of
    corr_sqrt_n, corr, r2, alpha, participation_ratio over seeded random subsets.

    Example: ``oblique.regime.subsample(states, output)["corr_sqrt_n"]["mean"]``
    """
