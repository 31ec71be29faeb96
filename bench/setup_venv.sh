#!/usr/bin/env bash
# Creates (or updates) bench/.venv with numpy and scipy, plus any extra pip packages given
# as arguments, for the python comparison scripts in bench/.
#
#   bench/setup_venv.sh              # numpy + scipy
#   bench/setup_venv.sh torch        # ... plus torch
#   bench/.venv/bin/python bench/lyapunov_vs_scipy.py
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$here/.venv"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --upgrade pip
"$venv/bin/python" -m pip install --quiet numpy scipy "$@"
"$venv/bin/python" -c 'import numpy, scipy; print(f"bench/.venv ready: numpy {numpy.__version__}, scipy {scipy.__version__}")'
