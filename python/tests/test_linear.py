"""oblique.linear against `oblique linear --json`."""

import numpy as np
import pytest

import oblique
from conftest import assert_same, run_cli


def test_linear_equals_cli():
    kw = dict(n=100, rho_sqrt_n=0.3, noise=0.8, lr=0.003, fast_steps=300, slow_steps=900, samples=21)
    cli = run_cli("linear", "--n", 100, "--rho-sqrt-n", 0.3, "--noise", 0.8, "--lr", 0.003,
                  "--fast-steps", 300, "--slow-steps", 900, "--samples", 21)
    r = oblique.linear(**kw)
    assert_same(r, cli)
    assert r["flow"]["phase"].tolist() == ["fast"] * 21 + ["slow"] * 21
    assert r["fast"]["l_var"].shape == (21,) and r["fast"]["l_var"].dtype == np.float64


def test_linear_sgd_equals_cli():
    cli = run_cli("linear", "--n", 32, "--fast-steps", 50, "--slow-steps", 100, "--samples", 5,
                  "--dt", 0.2, "--batch", 4, "--m0", "0.1,0,0,-0.2")
    r = oblique.linear(n=32, fast_steps=50, slow_steps=100, samples=5, dt=0.2, batch=4,
                       m0=np.array([[0.1, 0.0], [0.0, -0.2]]))
    assert_same(r, cli)
    assert r["sgd"]["sd_m11"].shape == (10,)


def test_linear_errors():
    with pytest.raises(ValueError, match="SGD theory needs dt"):
        oblique.linear(batch=4)
    with pytest.raises(ValueError, match="space"):
        oblique.linear(space="diagonal")
    with pytest.raises(ValueError, match="m0"):
        oblique.linear(m0=[[2.0, 0.0], [0.0, 0.0]])
