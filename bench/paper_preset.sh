#!/usr/bin/env bash
# Issue 10's claim at the paper's preset: on every task, one network per output scale
# (g = 1.5, seed 1, N = 512, the published steps and lr0, all weights, Adam, batch 32)
# trained by `oblique train task`, two networks at a time on one thread each; then
# bench/paper_preset.py writes bench/results/paper_preset.json (final correlation per
# task and scale, the ratio, and each network's CPU time), which tests/readme_claims.rs
# checks the README's table against. About 30 min on 2 cores (measured: see the json).
#
#   bench/paper_preset.sh [RUN_DIR]      # RUN_DIR defaults to a temporary directory
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$(mktemp -d)}"
mkdir -p "$out"
cargo build --release --quiet --bin oblique --manifest-path "$root/Cargo.toml"
export BIN="$root/target/release/oblique" OUT="$out"
job() {
    local t=$1 s=$2
    [ -f "$OUT/$t-$s/summary.json" ] && return 0
    /usr/bin/time -f "%e s wall %U s user" -o "$OUT/$t-$s.time" \
        "$BIN" train task --task "$t" --output-scale "$s" --seed 1 --threads 1 \
        -o "$OUT/$t-$s" --force > /dev/null 2> "$OUT/$t-$s.err"
}
export -f job
# most expensive first, so that the two threads finish together
printf '%s\n' "complex-sine small" "complex-sine large" "mante small" "mante large" \
    "romo small" "romo large" "flipflop small" "flipflop large" "cycling small" "cycling large" |
    xargs -P 2 -L 1 bash -c 'job "$0" "$1"'
python3 "$root/bench/paper_preset.py" "$out"
