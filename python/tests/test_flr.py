"""oblique.flr against `oblique flr --json`, with a random and with a given network."""

import numpy as np
import pytest

import oblique
from conftest import assert_same, run_cli


def test_flr_random_network_equals_cli():
    cli = run_cli("flr", "--n", 60, "--pairs", 3, "--seed", 4, "--rule", "delta", "--g", 0.3)
    r = oblique.flr(n=60, pairs=3, seed=4, rule="delta", g=0.3)
    cli.pop("source")
    assert_same(r, cli)
    assert r["predictions"]["exact"].shape == (3,)


def test_flr_given_arrays_equal_cli_files(tmp_path):
    rng = np.random.default_rng(0)
    n = 30
    j = rng.normal(0, 0.5 / np.sqrt(n), (n, n))
    xi = np.sign(rng.normal(size=n))
    eta = np.sign(rng.normal(size=n))
    np.savetxt(tmp_path / "j.csv", j, delimiter=",", fmt="%.17g")
    np.savetxt(tmp_path / "xi.csv", xi, fmt="%.17g")
    np.savetxt(tmp_path / "eta.csv", eta, fmt="%.17g")
    cli = run_cli("flr", "--j", tmp_path / "j.csv", "--xi", tmp_path / "xi.csv", "--eta", tmp_path / "eta.csv")
    # Fortran order and float32 patterns are converted, not rejected
    r = oblique.flr(j=np.asfortranarray(j), xi=xi.astype(np.float32), eta=eta)
    cli.pop("source")
    assert_same(r, cli)


def test_flr_errors():
    with pytest.raises(ValueError, match="rule"):
        oblique.flr(rule="oja")
    with pytest.raises(ValueError, match="start_memory: memory 9"):
        oblique.flr(n=20, start_memory=9)
