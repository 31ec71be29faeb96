#!/usr/bin/env bash
# Times `oblique reproduce` (build of the binary included, as the README states it) and
# writes bench/results/reproduce.json: wall seconds of the build and of the run, the
# machine (CPU model, cores, AVX-512 or not) and the load average before and after, so
# that tests/readme_claims.rs can check the README's figure against it.
#
#   bench/time_reproduce.sh [OUT_DIR] [extra reproduce flags, e.g. --quick]
# OUT_DIR defaults to a temporary directory (the committed figures/ are not touched).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$(mktemp -d)}"
shift || true
cd "$root"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
t0=$(date +%s.%N)
cargo build --release --quiet --bin oblique
t1=$(date +%s.%N)
mkdir -p "$out"
# exit status 2 means "some report row missed its target": the time is still valid
status=0
./target/release/oblique reproduce all --out "$out" "$@" >/dev/null || status=$?
t2=$(date +%s.%N)
if [ "$status" -ne 0 ] && [ "$status" -ne 2 ]; then
    echo "reproduce failed with status $status" >&2
    exit "$status"
fi
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
avx512=false
grep -qw avx512f /proc/cpuinfo && avx512=true
python3 - "$t0" "$t1" "$t2" "$load_before" "$load_after" "$cpu" "$(nproc)" "$avx512" "$*" "$status" <<'PY'
import json, sys
t0, t1, t2 = map(float, sys.argv[1:4])
res = {
    "build_s": round(t1 - t0, 1),
    "run_s": round(t2 - t1, 1),
    "total_s": round(t2 - t0, 1),
    "load_before": sys.argv[4],
    "load_after": sys.argv[5],
    "cpu": sys.argv[6],
    "cores": int(sys.argv[7]),
    "avx512": sys.argv[8] == "true",
    "flags": sys.argv[9],
    "exit_status": int(sys.argv[10]),
}
name = "reproduce_quick.json" if "--quick" in sys.argv[9] else "reproduce.json"
with open(f"bench/results/{name}", "w") as f:
    json.dump(res, f, indent=2)
    f.write("\n")
print(json.dumps(res))
PY
