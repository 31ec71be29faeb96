"""oblique.grid on a Dask LocalCluster of 2 workers, and with local processes."""

import os
import signal
import time

import numpy as np
import pytest

import oblique

distributed = pytest.importorskip("dask.distributed")

CONFIGS = [
    {"function": "train_rank2", "n": 32, "steps": 40, "batch": 8, "eval_batch": 8, "seed": s, "noise": noise}
    for noise in (0.5, 1.0)
    for s in (1, 2, 3)
] + [{"function": "train_linear", "n": 16, "fast_steps": 10, "slow_steps": 10, "batch": 4}]


def same(a, b):
    for k in ("m", "loss", "l_var", "kappa_norm"):
        if k in a:
            np.testing.assert_array_equal(a[k], b[k], err_msg=k)
    np.testing.assert_array_equal(a["records"]["loss"], b["records"]["loss"])


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None)
    c = distributed.Client(cluster)
    yield c
    c.close()
    cluster.close()


@pytest.fixture(scope="module")
def serial():
    return [oblique.grid.run_one(c) for c in CONFIGS]


def test_grid_on_dask_equals_serial(client, serial):
    results = oblique.grid.run(CONFIGS, client=client)
    assert len(results) == len(CONFIGS)
    for a, b in zip(results, serial):
        same(a, b)


def test_grid_local_processes_equal_serial(serial):
    for a, b in zip(oblique.grid.run(CONFIGS[:3], max_workers=2), serial[:3]):
        same(a, b)


def test_killed_worker_loses_no_result(client):
    configs = [{"n": 64, "steps": 150, "batch": 16, "eval_batch": 16, "seed": s} for s in range(6)]
    expected = [oblique.grid.run_one(c, threads=1) for c in configs[:2]]
    futures = client.map(oblique.grid.run_one, configs, pure=False)
    time.sleep(1.0)  # the first two are running
    pids = client.run(os.getpid)
    os.kill(next(iter(pids.values())), signal.SIGKILL)
    results = client.gather(futures)
    assert len(results) == 6 and all(r["steps"] == 150 for r in results)
    for a, b in zip(results, expected):
        same(a, b)


def test_grid_rejects_unknown_functions():
    with pytest.raises(ValueError, match="function: 'fit'"):
        oblique.grid.run([{"function": "fit"}])


def test_train_task_in_a_grid():
    """A task network in local processes equals the direct call (threads do not matter)."""
    cfg = {"function": "train_task", "task": "flipflop", "output_scale": "large", "n": 16, "steps": 3, "batch": 2}
    [r] = oblique.grid.run([cfg], max_workers=1)
    direct = oblique.train_task(**{k: v for k, v in cfg.items() if k != "function"})
    np.testing.assert_array_equal(r["curves"]["loss"], direct["curves"]["loss"])
    np.testing.assert_array_equal(r["final"]["w"], direct["final"]["w"])
    assert r["corr_final"] == direct["corr_final"]
