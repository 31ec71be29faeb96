"""Many independent trainings (or any other ``oblique`` calls) on a Dask cluster.

A grid is a list of parameter dicts. Each dict names the function in ``"function"``
(default ``"train_rank2"``; any of ``train_rank2``, ``train_linear``, ``train_task``,
``simulate``, ``linear``, ``mft``, ``optimum``, ``sweep``, ``flr``) and gives its keyword
arguments (the study's grid is ``{"function": "train_task", "task": t, "output_scale": s,
"seed": k}`` over tasks x output scales x seeds)::

    configs = [
        {"function": "train_rank2", "n": 256, "noise": s, "seed": seed}
        for s in (0.2, 1.0) for seed in range(10)
    ]
    results = oblique.grid.run(configs)                 # local processes
    results = oblique.grid.run(configs, client=client)  # a dask.distributed.Client

The results come back in the order of ``configs``. Every run is seeded by its own
parameters, so a result does not depend on where or when it ran, and Dask reruns a task
whose worker died (a killed worker loses no result).

SLURM, through dask-jobqueue (``pip install dask-jobqueue``)::

    from dask_jobqueue import SLURMCluster
    from dask.distributed import Client
    cluster = SLURMCluster(cores=8, processes=1, memory="16GB", walltime="02:00:00",
                           job_extra_directives=["--partition=compute"])
    cluster.scale(jobs=10)            # 10 SLURM jobs, one Dask worker each
    client = Client(cluster)
    results = oblique.grid.run(configs, client=client, threads=8)

The package must be installed in the environment the jobs start (``pip install ./python``
in a shared virtual environment; pass ``python=".../bin/python"`` to SLURMCluster).
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

#: Functions a config may name.
FUNCTIONS = ("train_rank2", "train_linear", "train_task", "simulate", "linear", "mft", "optimum", "sweep", "flr")
#: Functions that take a ``threads`` argument.
THREADED = ("train_rank2", "train_linear", "train_task", "simulate")


def _split(config, threads):
    """(function name, keyword arguments) of one config; checks the name."""
    if not isinstance(config, dict):
        raise ValueError(f"configs: each entry must be a dict of parameters, got {type(config).__name__}")
    kwargs = dict(config)
    name = kwargs.pop("function", "train_rank2")
    if name not in FUNCTIONS:
        raise ValueError(f"function: '{name}' is not one of {', '.join(FUNCTIONS)}")
    if threads is not None and name in THREADED:
        kwargs.setdefault("threads", threads)
    return name, kwargs


def run_one(config, threads=None):
    """Runs one config in this process and returns its result."""
    import oblique

    name, kwargs = _split(config, threads)
    return getattr(oblique, name)(**kwargs)


def run(configs, client=None, *, threads=None, max_workers=None):
    """Runs every config and returns the results in input order.

    Parameters
    ----------
    configs : list of dict
        Keyword arguments of one call each, with the function's name under ``"function"``
        (default "train_rank2").
    client : dask.distributed.Client, optional
        Run on this cluster (one task per config). Without a client the configs run in
        local processes (``max_workers`` of them, default the number of cores).
    threads : int, optional
        Threads per run for the training and simulation functions. Default: 1 in local
        processes (the processes already use every core), all of a worker's cores on Dask.
        Results do not depend on it.
    max_workers : int, optional
        Local processes (no client only).

    Returns
    -------
    list
        One result per config, in the order of ``configs``.

    Example
    -------
    >>> configs = [{"n": 64, "steps": 100, "seed": s} for s in range(4)]
    >>> [r["l_var"] for r in oblique.grid.run(configs)]
    """
    configs = list(configs)
    for c in configs:
        _split(c, None)  # fail early on a bad name
    if client is not None:
        futures = client.map(run_one, configs, threads=threads, pure=False)
        return client.gather(futures)
    if not configs:
        return []
    workers = max_workers or min(len(configs), os.cpu_count() or 1)
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
        futures = [pool.submit(run_one, c, 1 if threads is None else threads) for c in configs]
        return [f.result() for f in futures]
