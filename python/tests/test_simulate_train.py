"""oblique.simulate, train_rank2 and train_linear against the command's JSON (and CSV)."""

import csv

import numpy as np
import pytest

import oblique
from conftest import assert_same, run_cli


def read_records(path):
    with open(path) as f:
        rows = list(csv.DictReader(f))
    return {k: np.array([float(r[k]) for r in rows]) for k in rows[0]}


def test_simulate_equals_cli():
    kw = dict(lambda_plus=2.2, lambda_minus=-3.0, n=40, batch=8, t_max=12.0, t_stat=4.0, seed=5, noise=0.9)
    cli = run_cli("simulate", "--lambda-plus", 2.2, "--lambda-minus", -3, "--n", 40, "--batch", 8,
                  "--t-max", 12, "--t-stat", 4, "--seed", 5, "--noise", 0.9, "--threads", 2)
    r = oblique.simulate(**kw, threads=1)
    assert_same(r, cli)
    assert r["theory_euler"]["l_var"] == cli["theory_euler"]["l_var"]
    assert r["kappa_bar"].shape == (2, 2) and r["covariance"].shape == (2, 2)


def test_simulate_bulk_equals_cli():
    cli = run_cli("simulate", "--lambda-plus", 2.5, "--n", 32, "--batch", 4, "--t-max", 6, "--t-stat", 2, "--g", 0.3)
    r = oblique.simulate(2.5, n=32, batch=4, t_max=6, t_stat=2, g=0.3)
    assert_same(r, cli)
    assert r["theory_euler"] is None and cli["theory_euler"] is None


def test_simulate_errors():
    with pytest.raises(ValueError, match="lambda_plus is required"):
        oblique.simulate(n=32)
    with pytest.raises(ValueError, match="batch: 1 is too small"):
        oblique.simulate(2.0, batch=1)
    with pytest.raises(ValueError, match="threads: 0"):
        oblique.simulate(2.0, threads=0)
    # the Euler map of the simulation is unstable: refused before the run, naming dt
    with pytest.raises(ValueError, match="^dt: .*lower dt or make the coupling"):
        oblique.simulate(2.0, lambda_minus=-30.0, dt=0.5)


def test_train_rank2_equals_cli(tmp_path):
    out = tmp_path / "r.csv"
    cli = run_cli("train", "rank2", "--n", 48, "--steps", 30, "--batch", 8, "--eval-batch", 16, "--seed", 3,
                  "--lr", 0.02, "--noise", 0.5, "--optimizer", "adam", "-o", out)
    r = oblique.train_rank2(n=48, steps=30, batch=8, eval_batch=16, seed=3, lr=0.02, noise=0.5, optimizer="adam")
    for k in ("csv", "seconds"):
        cli.pop(k)
    assert_same(r, cli)
    for k, v in read_records(out).items():
        np.testing.assert_array_equal(r["records"][k], v, err_msg=k)
    assert r["records"]["step"].dtype == np.int64 and r["records"]["loss"].shape == (30,)
    assert r["m"].shape == (2, 2)


def test_train_linear_equals_cli(tmp_path):
    out = tmp_path / "l.csv"
    cli = run_cli("train", "linear", "--n", 24, "--fast-steps", 20, "--slow-steps", 30, "--batch", 4,
                  "--seed", 2, "-o", out)
    r = oblique.train_linear(n=24, fast_steps=20, slow_steps=30, batch=4, seed=2)
    for k in ("csv", "seconds"):
        cli.pop(k)
    assert_same(r, cli)
    rec = read_records(out)
    for k, v in rec.items():
        np.testing.assert_array_equal(r["records"][k], v, err_msg=k)
    assert r["w"].shape == (24, 24)
    # the recorded m11 of the last step is e1^T W e1 of a W one update earlier: the summary's
    # m11 is that of the final W, so it is close to (not equal to) the last record
    assert r["m11"] == pytest.approx(r["records"]["m11"][-1], abs=0.05)


def test_train_errors():
    with pytest.raises(ValueError, match="steps cannot be combined"):
        oblique.train_linear(steps=10, fast_steps=5)
    with pytest.raises(ValueError, match="optimizer"):
        oblique.train_rank2(optimizer="lbfgs")
    with pytest.raises(ValueError, match="lr: -1"):
        oblique.train_rank2(lr=-1)
