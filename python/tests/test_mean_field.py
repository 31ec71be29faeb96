"""oblique.mft and oblique.optimum against `oblique mft --json` / `oblique optimum --json`."""

import numpy as np
import pytest

import oblique
from conftest import assert_same, cli_error, run_cli


@pytest.mark.parametrize(
    "kwargs, argv",
    [
        (dict(lambda_plus=1.9, lambda_minus=-5, n=256), ["--lambda-plus", 1.9, "--lambda-minus", -5, "--n", 256]),
        (
            dict(lambda_plus=2.3, lambda_minus=-1.5, n=64, noise=0.7, target=0.5, nonlinearity="tanh", dt=0.1),
            ["--lambda-plus", 2.3, "--lambda-minus", -1.5, "--n", 64, "--noise", 0.7, "--target", 0.5,
             "--nonlinearity", "tanh", "--dt", 0.1],
        ),
        (dict(m=np.array([[2.1, 0.3], [0.2, -1.0]], dtype=np.float32).T, n=128),
         ["--m", ",".join(repr(float(v)) for v in np.array([[2.1, 0.3], [0.2, -1.0]], dtype=np.float32).T.ravel()), "--n", 128]),
        (dict(lambda_plus=2.5, lambda_minus=-3, n=512, g=0.4), ["--lambda-plus", 2.5, "--lambda-minus", -3, "--n", 512, "--g", 0.4]),
    ],
)
def test_mft_equals_cli(kwargs, argv):
    assert_same(oblique.mft(**kwargs), run_cli("mft", *argv))


def test_mft_types_and_shapes():
    r = oblique.mft(lambda_plus=1.9, lambda_minus=-5, n=256, dt=0.2)
    for key in ("m", "jacobian", "covariance", "white_covariance"):
        assert r[key].shape == (2, 2) and r[key].dtype == np.float64
    assert r["kappa_bar"].shape == (2,)
    assert isinstance(r["l_var"], float) and isinstance(r["stable"], bool)
    assert r["euler"]["covariance"].shape == (2, 2)
    # L_var of Eq. 53 and of the Lyapunov route agree (erf, symmetric M)
    assert r["l_var"] == pytest.approx(r["l_var_closed_form"], rel=1e-10)


def test_mft_unknown_nonlinearity_names_the_parameter_and_the_choices():
    # the CLI's message for this one comes from clap ("[possible values: erf, tanh, identity]")
    assert "erf, tanh, identity" in cli_error(
        "mft", "--lambda-plus", 2, "--lambda-minus", -5, "--n", 256, "--nonlinearity", "relu"
    )
    with pytest.raises(ValueError) as e:
        oblique.mft(lambda_plus=2.0, lambda_minus=-5, n=256, nonlinearity="relu")
    assert str(e.value) == "nonlinearity: unknown nonlinearity 'relu': expected one of erf, tanh, identity"


@pytest.mark.parametrize(
    "kwargs, argv",
    [
        (dict(lambda_plus=1.5, lambda_minus=-5, n=256), ["--lambda-plus", 1.5, "--lambda-minus", -5, "--n", 256]),
        (dict(lambda_plus=2.0, lambda_minus=-5, n=256, noise=-1), ["--lambda-plus", 2, "--lambda-minus", -5, "--n", 256, "--noise", -1]),
        (dict(lambda_plus=2.0, lambda_minus=-5, n=1), ["--lambda-plus", 2, "--lambda-minus", -5, "--n", 1]),
    ],
)
def test_mft_errors_carry_the_cli_message(kwargs, argv):
    message = cli_error("mft", *argv)
    with pytest.raises(ValueError) as e:
        oblique.mft(**kwargs)
    # the CLI names flags (--noise), Python the parameter (noise)
    assert str(e.value).replace("_", "-") == message.replace("--", "").replace("_", "-")


def test_mft_needs_both_eigenvalues():
    with pytest.raises(ValueError, match="lambda_minus is required"):
        oblique.mft(lambda_plus=2.0, n=256)


def test_optimum_equals_cli():
    r = oblique.optimum(-3.5, n=[64, 300, 2048], noise=0.8)
    cli = run_cli("optimum", "--lambda-minus", -3.5, "--n", "64,300,2048", "--noise", 0.8)
    assert_same(r, cli["optima"])
    assert r["n"].dtype == np.int64 and r["l_var"].shape == (3,)
    # at the minimiser, L_var is below its neighbours (a second method: mft itself)
    lp = r["lambda_plus_opt"][1]
    at = lambda x: oblique.mft(lambda_plus=x, lambda_minus=-3.5, n=300, noise=0.8)["l_var"]
    assert at(lp) <= min(at(lp * 0.98), at(lp * 1.02))


def test_optimum_frame_and_errors():
    df = oblique.optimum(-5, n=256, as_frame=True)
    assert list(df.columns) == ["n", "lambda_plus_opt", "kappa_norm", "rho", "l_var"]
    with pytest.raises(ValueError, match="n: 1 is too small"):
        oblique.optimum(-5, n=[64, 1])


def test_mft_without_finite_n_is_the_same_point():
    full = oblique.mft(lambda_plus=2.4, lambda_minus=-2, n=100)
    fast = oblique.mft(lambda_plus=2.4, lambda_minus=-2, n=100, finite_n=False)
    assert fast["l_var_finite_n"] is None and full["l_var_finite_n"] > full["l_var"]
    assert fast["l_var"] == full["l_var"]
    np.testing.assert_array_equal(fast["covariance"], full["covariance"])
