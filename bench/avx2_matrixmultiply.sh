#!/usr/bin/env bash
# Prints the path of a copy of the locked matrixmultiply without its default `avx512`
# feature (made once under target/avx2-emulation/), for builds that run only the AVX2
# kernels on a CPU with AVX-512:
#   cargo ... --features oblique-validate/avx2-only \
#       --config "patch.crates-io.matrixmultiply.path=\"$(bench/avx2_matrixmultiply.sh)\""
# Used by bench/avx2_emulation.sh (speed) and .ci/run (the packed products' AVX2 kernels
# against matrixmultiply's, bit for bit).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
src="$(cargo metadata --format-version 1 | python3 -c '
import json, sys
pkgs = json.load(sys.stdin)["packages"]
print(next(p["manifest_path"] for p in pkgs if p["name"] == "matrixmultiply").rsplit("/", 1)[0])')"
mm="$root/target/avx2-emulation/$(basename "$src")"
if [ ! -f "$mm/.avx512-removed" ]; then
    rm -rf "$mm"
    mkdir -p "$(dirname "$mm")"
    cp -r "$src" "$mm"
    python3 - "$mm/Cargo.toml" <<'PY'
import re, sys
path = sys.argv[1]
text = open(path).read()
new = re.sub(r'(default\s*=\s*\[[^\]]*?)\s*"avx512",?', r"\1", text, count=1)
assert new != text, "matrixmultiply's default features did not name avx512"
open(path, "w").write(new)
PY
    touch "$mm/.avx512-removed"
fi
echo "$mm"
