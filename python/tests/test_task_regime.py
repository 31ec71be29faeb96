"""oblique.train_task and oblique.regime.* against the command's JSON and run directory,
and the regime measures against independent numpy (and scikit-learn) computations."""

import json

import numpy as np
import pytest

import oblique
from conftest import assert_same, cli_error, run_cli

TASK = dict(task="romo", output_scale="large", g=0.7, n=24, steps=9, batch=4, seed=6,
            lr0=0.02, noise=0.1, train="w,w_out", corr_every=4, precision="f64")


@pytest.fixture(scope="module")
def task_run(tmp_path_factory):
    """A small Romo run by the command (2 threads) and by Python (1 thread)."""
    out = tmp_path_factory.mktemp("task") / "run"
    cli = run_cli("train", "task", "--task", "romo", "--output-scale", "large", "--g", 0.7, "--n", 24,
                  "--steps", 9, "--batch", 4, "--seed", 6, "--lr0", 0.02, "--noise", 0.1, "--train", "w,w_out",
                  "--corr-every", 4, "--precision", "f64", "--threads", 2, "-o", out)
    py = oblique.train_task(**TASK, threads=1)
    return cli, py, out


def test_train_task_summary_equals_cli(task_run):
    cli, py, out = task_run
    for d in (cli, py):
        d.pop("seconds")
        d["config"].pop("threads")
    assert_same(py, cli)
    assert py["status"] == "complete" and py["steps_done"] == 9
    assert json.loads((out / "summary.json").read_text())["corr_final"] == py["corr_final"]


def test_train_task_arrays_equal_run_directory(task_run):
    _, py, out = task_run
    curves = np.genfromtxt(out / "curves.csv", delimiter=",", names=True)
    for k in ("step", "loss", "l_bias", "l_var", "dw_norm", "corr"):
        np.testing.assert_array_equal(py["curves"][k], curves[k], err_msg=k)
    assert py["curves"]["step"].dtype == np.int64 and np.isnan(py["curves"]["corr"][1])
    for when, suffix in (("initial", "_0"), ("final", "")):
        for k in ("w", "w_in", "w_out", "h0"):
            np.testing.assert_array_equal(py[when][k], np.load(out / f"{k}{suffix}.npy"), err_msg=f"{when}.{k}")
    for k in ("input", "target", "mask"):
        np.testing.assert_array_equal(py["eval"][k], np.load(out / f"eval_{k}.npy"), err_msg=k)
    for when in ("before", "after"):
        for kind in ("noisefree", "noisy"):
            t = py["trajectories"][when][kind]
            assert t["x"].dtype == np.float32 and t["x"].shape[0] == 32 and t["x"].shape[2] == 24
            np.testing.assert_array_equal(t["x"], np.load(out / f"x_{when}_{kind}.npy"))
            np.testing.assert_array_equal(t["z"], np.load(out / f"z_{when}_{kind}.npy"))
    # the trained W moved by |W - W_0|_F as recorded one step before the end
    dw = np.linalg.norm(py["final"]["w"] - py["initial"]["w"])
    assert dw > py["curves"]["dw_norm"][-1] > 0
    # corr_final is gen_corr of the final W_out with the noise-free states at t >= 10
    x = py["trajectories"]["after"]["noisefree"]["x"].astype(np.float64)
    states = x[:, 50:, :].reshape(-1, 24)
    assert oblique.regime.gen_corr(py["final"]["w_out"], states) == pytest.approx(py["corr_final"], rel=1e-6)


def test_train_task_errors():
    for kw, cli_flags, words in [
        (dict(task="cycling", output_scale="small", batch=3), ["--task", "cycling", "--output-scale", "small", "--batch", "3"],
         "batch: 3 is odd; the cycling task needs an even batch"),
        (dict(task="juggling", output_scale="small"), ["--task", "juggling", "--output-scale", "small"], "task: unknown task 'juggling'"),
        (dict(task="sine", output_scale="small", train="w,bias"), ["--task", "sine", "--output-scale", "small", "--train", "w,bias"],
         "train: unknown weight 'bias'"),
    ]:
        with pytest.raises(ValueError) as e:
            oblique.train_task(**kw)
        assert words in str(e.value)
        assert cli_error("train", "task", *cli_flags, "-o", "/nonexistent-dir/run") == "--" + str(e.value)


@pytest.fixture(scope="module")
def recording():
    """Activity with a 3-D latent signal plus noise, and a readout of it (oblique-ish)."""
    rng = np.random.default_rng(11)
    latent = rng.standard_normal((300, 3))
    x = latent @ rng.standard_normal((3, 30)) + 0.3 * rng.standard_normal((300, 30))
    y = x @ rng.standard_normal((30, 2)) * 0.1 + 0.2 * rng.standard_normal((300, 2))
    return x, y


def test_measures_equal_cli(recording, tmp_path):
    x, y = recording
    np.save(tmp_path / "x.npy", x)
    np.save(tmp_path / "y.npy", y)
    cli = run_cli("regime", "--states", tmp_path / "x.npy", "--output", tmp_path / "y.npy",
                  "--subsample", 3, "--seed", 4, "--delay", 2)
    py = oblique.regime.measures(x, y, subsample=3, seed=4, delay=2)
    assert_same(py, cli)
    # any dtype and memory order: float32 in Fortran order gives the float32 numbers
    x32 = np.asfortranarray(x.astype(np.float32))
    a = oblique.regime.measures(x32, y, delay=2)
    b = oblique.regime.measures(x32.astype(np.float64), y, delay=2)
    assert a["r2"] == b["r2"] and a["corr"] == b["corr"]


def test_pieces_against_numpy(recording):
    x, y = recording
    xc, yc = x - x.mean(0), y - y.mean(0)
    lam = np.linalg.eigvalsh(np.cov(x.T))
    assert oblique.regime.participation_ratio(x) == pytest.approx(lam.sum() ** 2 / (lam ** 2).sum(), rel=1e-10)
    p = oblique.regime.pca(x)
    cevr = np.cumsum(lam[::-1]) / lam.sum()
    np.testing.assert_allclose(p["cumulative_variance"], cevr, rtol=1e-10)
    assert p["d_x"] == int(np.argmax(cevr > 0.9)) + 1
    w = np.random.default_rng(2).standard_normal((2, 30))
    want = np.linalg.norm(xc @ w.T) / (np.linalg.norm(xc) * np.linalg.norm(w))
    assert oblique.regime.corr_data(x, w) == pytest.approx(want, rel=1e-12)
    # RNN variant for one output: |B w| / (|w| |B^T B|_F^(1/2)) with rows centred across neurons
    b = x - x.mean(1, keepdims=True)
    w1 = w[:1] - w[:1].mean()
    want = np.linalg.norm(b @ w1.T) / (np.linalg.norm(w1) * np.sqrt(np.linalg.norm(b.T @ b)))
    assert oblique.regime.gen_corr(w[:1], x) == pytest.approx(want, rel=1e-10)
    z = x[:, ::-1] + 0.5 * np.random.default_rng(3).standard_normal(x.shape)
    zc = z - z.mean(0)
    nuc = np.linalg.norm(xc.T @ zc, "nuc")
    want = np.arccos(min(1.0, nuc / (np.linalg.norm(xc) * np.linalg.norm(zc))))
    assert oblique.regime.procrustes(x, z)["angle"] == pytest.approx(want, rel=1e-10)
    assert oblique.regime.state_norm(x) == pytest.approx(np.sqrt((xc ** 2).mean() * 30), rel=1e-12)
    assert oblique.regime.weight_norm(w) == pytest.approx(np.sqrt((w ** 2).mean() * 30), rel=1e-12)
    m = oblique.regime.measures(x, y, subsample=2, seed=9)
    d = oblique.regime.dfit(x, y)
    assert d["d_fit"] == m["d_fit"] and d["r2_full"] == m["r2"]
    s = oblique.regime.subsample(x, y, repeats=2, seed=9)
    np.testing.assert_array_equal(s["corr_sqrt_n"]["mean"], m["subsample"]["corr_sqrt_n"]["mean"])


def test_ridge_against_scikit_learn(recording):
    linear_model = pytest.importorskip("sklearn.linear_model")
    x, y = recording
    alphas = np.logspace(-3, 6, 20)
    ref = linear_model.RidgeCV(alphas=alphas).fit(x, y)
    r = oblique.regime.ridge(x, y)
    assert r["alpha"] == ref.alpha_
    np.testing.assert_allclose(r["coef"], ref.coef_, rtol=1e-8, atol=1e-12)
    np.testing.assert_allclose(r["intercept"], ref.intercept_, rtol=1e-8, atol=1e-12)
    assert r["r2"] == pytest.approx(ref.score(x, y), rel=1e-10)


def test_regime_errors():
    with pytest.raises(ValueError, match="states: expected a 1-D or 2-D array"):
        oblique.regime.measures(np.zeros((3, 4, 5)), np.zeros(3))
    with pytest.raises(ValueError, match="samples"):
        oblique.regime.measures(np.random.rand(20, 4), np.random.rand(19, 1))
    with pytest.raises(ValueError, match="w_out: 3 x 5 does not match"):
        oblique.regime.gen_corr(np.ones((3, 5)), np.ones((10, 4)))
