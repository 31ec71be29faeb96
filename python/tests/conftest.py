"""Shared fixtures: the release binary of the command line, run with --json."""

import re
import json
import os
import subprocess
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]


def _binary():
    path = Path(os.environ.get("OBLIQUE_BIN", ROOT / "target" / "release" / "oblique"))
    if not path.exists():
        pytest.fail(f"{path} not found: build the command line with `cargo build --release` (or set OBLIQUE_BIN)")
    return path


def run_cli(*args, json_output=True):
    """Runs `oblique <args>`; returns the parsed JSON (or the completed process)."""
    argv = [str(_binary()), *map(str, args)]
    if json_output:
        argv.append("--json")
    done = subprocess.run(argv, capture_output=True, text=True)
    if not json_output:
        return done
    if done.returncode != 0:
        raise AssertionError(f"{' '.join(argv)} failed: {done.stderr}")
    return json.loads(done.stdout)


def cli_error(*args):
    """The message `oblique <args>` prints on failure (after 'error: ')."""
    done = run_cli(*args, json_output=False)
    assert done.returncode != 0, f"expected `oblique {' '.join(map(str, args))}` to fail"
    message = done.stderr.strip().removeprefix("error: ")
    # A value refused by the argument parser: "invalid value 'V' for '--flag <X>': reason".
    m = re.match(r"invalid value '[^']*' for '(--[a-z-]+)[^']*': (.*?)\n", message + "\n")
    return f"{m.group(1)}: {m.group(2)}" if m else message


def assert_same(py, cli, path="result", rtol=0.0):
    """`py` (dicts, numpy arrays, floats) equals the CLI's JSON `cli` wherever `cli` has a
    key; arrays compare entry by entry (exactly unless `rtol` is given)."""
    if isinstance(cli, dict):
        assert isinstance(py, dict), f"{path}: expected a dict, got {type(py).__name__}"
        for k, v in cli.items():
            assert k in py, f"{path}: key {k!r} missing"
            assert_same(py[k], v, f"{path}.{k}", rtol)
    elif isinstance(cli, list) and cli and isinstance(cli[0], dict):
        for k in cli[0]:
            assert_same(py[k], [row[k] for row in cli], f"{path}.{k}", rtol)
    elif isinstance(cli, list) and all(isinstance(x, str) for x in cli):
        assert list(py) == cli, path
    elif isinstance(cli, (list, float, int)) and not isinstance(cli, bool):
        a = np.asarray(py, dtype=float)
        b = np.asarray(cli, dtype=float)
        assert a.shape == b.shape, f"{path}: shape {a.shape} != {b.shape}"
        np.testing.assert_allclose(a, b, rtol=rtol, atol=0, err_msg=path)
    else:
        assert py == cli, f"{path}: {py!r} != {cli!r}"
