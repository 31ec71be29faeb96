#!/usr/bin/env bash
# The task-training speed comparison (bench/tasks_vs_torch.py) as a CPU with AVX2 and FMA but
# no AVX-512 runs it, on a machine that has AVX-512: both sides are kept off AVX-512.
#   - Rust: oblique-validate built with its feature `avx2-only` (the packed products never
#     take their AVX-512 kernels) and against a copy of matrixmultiply whose default
#     `avx512` feature is removed (its runtime dispatch then picks the AVX2+FMA kernels), in a
#     separate target directory (target/avx2-emulation);
#   - PyTorch: ATEN_CPU_CAPABILITY=avx2, MKL_ENABLE_INSTRUCTIONS=AVX2, ONEDNN_MAX_CPU_ISA=AVX2.
# Writes bench/results/tasks_avx2_emulated.json (the file records both sides' settings).
#
#   bench/avx2_emulation.sh [--reps 7 --rounds 5 ...]   (extra arguments go to tasks_vs_torch.py;
#   a later --write replaces the default results file)
# Setup: bench/setup_venv.sh torch
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
cd "$root"
mm="$("$here/avx2_matrixmultiply.sh")"
CARGO_TARGET_DIR="$root/target/avx2-emulation" cargo build --release -q -p oblique-validate \
    --features avx2-only --example tasks_timing \
    --config "patch.crates-io.matrixmultiply.path=\"$mm\""
ATEN_CPU_CAPABILITY=avx2 MKL_ENABLE_INSTRUCTIONS=AVX2 ONEDNN_MAX_CPU_ISA=AVX2 \
    "$here/.venv/bin/python" "$here/tasks_vs_torch.py" \
    --rust-bin "$root/target/avx2-emulation/release/examples/tasks_timing" \
    --write "$here/results/tasks_avx2_emulated.json" "$@"
