"""oblique.sweep against the CSV of `oblique sweep`, its columns, dtypes and inputs."""

import csv

import numpy as np
import pytest

import oblique
from conftest import cli_error, run_cli


def read_csv(path):
    with open(path) as f:
        rows = list(csv.DictReader(f))
    num = lambda k: np.array([float(r[k]) if r[k] else np.nan for r in rows])
    return {
        "n": np.array([int(r["n"]) for r in rows]),
        "lambda_plus": num("lambda_plus"),
        "lambda_minus": num("lambda_minus"),
        "status": [r["status"] for r in rows],
        "kappa_norm": num("kappa_norm"),
        "rho": num("rho"),
        "l_var": num("l_var"),
    }


@pytest.mark.parametrize("nonlinearity", ["erf", "tanh"])
def test_sweep_equals_cli_csv(tmp_path, nonlinearity):
    out = tmp_path / "s.csv"
    done = run_cli("sweep", "--lambda-plus", "1.2:3.1:23", "--lambda-minus", "-7:2.5:9", "--n", "3,64,1000",
                   "--noise", 0.9, "--target", 1.3, "--nonlinearity", nonlinearity, "-o", out, json_output=False)
    assert done.returncode == 0, done.stderr
    cli = read_csv(out)
    lp = np.linspace(1.2, 3.1, 23)
    lm = np.linspace(-7, 2.5, 9)
    # the CLI computes the range as start + i * step: use its values
    lp, lm = np.unique(cli["lambda_plus"]), np.unique(cli["lambda_minus"])
    s = oblique.sweep(lp, lm, [3, 64, 1000], noise=0.9, target=1.3, nonlinearity=nonlinearity)
    assert list(s) == ["n", "lambda_plus", "lambda_minus", "status", "kappa_norm", "rho", "l_var"]
    assert set(cli["status"]) == {"ok", "no_fixed_point", "rho_above_one", "unstable"}
    assert list(s["status"]) == cli["status"]
    for k in ("n", "lambda_plus", "lambda_minus", "kappa_norm", "rho", "l_var"):
        np.testing.assert_array_equal(s[k], cli[k], err_msg=k)


def test_sweep_dtypes_shapes_and_frame():
    lp = np.linspace(1.5, 3.0, 40, dtype=np.float32)
    lm = np.array([[-5.0, -1.0]])[:, ::-1].ravel()  # a strided view
    s = oblique.sweep(lp, lm, 256)
    assert all(v.shape == (80,) for v in s.values())
    assert s["n"].dtype == np.int64 and s["l_var"].dtype == np.float64
    assert s["status"].dtype.kind == "U"
    np.testing.assert_array_equal(s["lambda_plus"][:40], lp.astype(np.float64))
    assert s["lambda_minus"][0] == -1.0
    ok = s["status"] == "ok"
    assert np.all(np.isfinite(s["l_var"][ok])) and np.all(np.isnan(s["l_var"][~ok]))
    # a second method: every ok point equals oblique.mft at that point (Eq. 53 vs Lyapunov)
    i = np.flatnonzero(ok)[7]
    r = oblique.mft(lambda_plus=float(s["lambda_plus"][i]), lambda_minus=float(s["lambda_minus"][i]), n=256)
    assert s["l_var"][i] == pytest.approx(r["l_var"], rel=1e-9)
    df = oblique.sweep(lp, lm, [64, 256], as_frame=True)
    assert len(df) == 160 and str(df["status"].dtype) == "category"
    assert df["status"].astype(str).tolist() == list(oblique.sweep(lp, lm, [64, 256])["status"])


def test_sweep_errors():
    with pytest.raises(ValueError) as e:
        oblique.sweep([2.0], [-5.0], 256, noise=0)
    assert str(e.value) == cli_error("sweep", "--lambda-plus", 2, "--lambda-minus", -5, "--n", 256,
                                     "--noise", 0, "-o", "/nonexistent/x.csv").removeprefix("--")
    with pytest.raises(ValueError, match="n: 1 is too small"):
        oblique.sweep([2.0], [-5.0], [1, 2])
    with pytest.raises(ValueError, match="lambda_plus: expected a number or a 1-D"):
        oblique.sweep(np.ones((2, 2)), [-5.0], 256)
    with pytest.raises(ValueError, match="lambda-"):
        oblique.sweep([2.0], [np.nan], 256)
