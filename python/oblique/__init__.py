"""oblique: theory and simulation of learning in noisy recurrent neural networks.

The mean-field theory of aligned and oblique dynamics (Schuessler et al. 2024), the linear
learning theory, simulations and BPTT training of the full noisy RNN, and the
fluctuation-learning relationship, from Python. Every function has the parameters,
defaults and results of the ``oblique`` command of the same name (``oblique mft --json``
and ``oblique.mft(...)`` give the same numbers); results are dicts of floats and numpy
arrays. Long computations release the GIL and run on the library's threads; Ctrl-C
interrupts them. Invalid input raises ``ValueError`` with a message naming the parameter.

>>> import oblique
>>> oblique.mft(lambda_plus=1.9, lambda_minus=-5, n=256)["l_var"]
>>> land = oblique.sweep(np.linspace(1.61, 3, 200), -5, n=[64, 256], as_frame=True)

``oblique.train_task`` trains the task networks of the study; ``oblique.regime`` measures
whether a network or a recording is aligned or oblique; ``oblique.grid.run(configs,
client=None)`` runs many trainings on a Dask cluster.
"""

from ._oblique import __version__, mft
from . import _oblique
from ._checked import named_ints
from ._columns import as_frame, optimum, sweep
from . import grid, regime

# sizes and counts out of range name their argument (mft checks its n itself: a call of a
# microsecond keeps no wrapper)
flr = named_ints(_oblique.flr)
linear = named_ints(_oblique.linear)
simulate = named_ints(_oblique.simulate)
train_linear = named_ints(_oblique.train_linear)
train_rank2 = named_ints(_oblique.train_rank2)
train_task = named_ints(_oblique.train_task)

__all__ = [
    "__version__",
    "as_frame",
    "flr",
    "grid",
    "linear",
    "mft",
    "optimum",
    "regime",
    "simulate",
    "sweep",
    "train_linear",
    "train_rank2",
    "train_task",
]
