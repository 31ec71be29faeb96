"""Regime measures: is a network, or a recording, aligned or oblique?

Every measure of ``oblique regime`` (methods section 3 of the published study) on numpy
arrays, samples as rows and neurons as columns (any float dtype and memory order):
``measures(states, output)`` returns the same numbers as ``oblique regime --json``; the
pieces are ``gen_corr`` (RNN variant), ``corr_data``, ``participation_ratio``,
``state_norm``, ``weight_norm``, ``pca`` (with D_x), ``ridge`` (RidgeCV, efficient
leave-one-out), ``dfit``, ``procrustes`` and ``subsample`` (Fig. 8).

>>> import numpy as np, oblique
>>> x = np.random.default_rng(0).standard_normal((500, 40))
>>> oblique.regime.measures(x, x[:, :2] @ [[1.0], [0.5]])["d_fit_rel"]
"""

from ._checked import named_ints
from ._oblique import regime as _regime

measures = named_ints(_regime.measures)
gen_corr = _regime.gen_corr
corr_data = _regime.corr_data
participation_ratio = _regime.participation_ratio
state_norm = _regime.state_norm
weight_norm = _regime.weight_norm
pca = _regime.pca
ridge = _regime.ridge
dfit = _regime.dfit
procrustes = _regime.procrustes
subsample = named_ints(_regime.subsample)

__all__ = [
    "corr_data",
    "dfit",
    "gen_corr",
    "measures",
    "participation_ratio",
    "pca",
    "procrustes",
    "ridge",
    "state_norm",
    "subsample",
    "weight_norm",
]
