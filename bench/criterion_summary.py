#!/usr/bin/env python3
"""Collects criterion's estimates of a benchmark group into bench/results/<group>.json.

Run after `cargo bench -p oblique-validate --bench train` (group `train`); writes, per
benchmark, the median and the 95% interval of the time per iteration in milliseconds,
with the machine (CPU, cores, AVX-512 or not) and the load average at collection time,
so that tests/readme_claims.rs can check the README's speed figures against it.

Usage: python3 bench/criterion_summary.py [group] [--previous] (default group: train).
With --previous, also the run saved with `--save-baseline previous` (e.g. the previous
kernels, run just before from another build of the bench) and the ratio of the medians.
"""

import json
import os
import sys

import machine

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    group = args[0] if args else "train"
    base = os.path.join(ROOT, "target", "criterion", group)
    benches = {}
    for name in sorted(os.listdir(base)):
        path = os.path.join(base, name, "new", "estimates.json")
        if not os.path.exists(path):
            continue
        with open(path) as f:
            est = json.load(f)["median"]
        ci = est["confidence_interval"]
        row = {
            "median_ms": round(est["point_estimate"] / 1e6, 4),
            "low_ms": round(ci["lower_bound"] / 1e6, 4),
            "high_ms": round(ci["upper_bound"] / 1e6, 4),
        }
        # with --previous, the run saved as criterion baseline `previous` (its median
        # and the ratio new / previous; run the two one after the other)
        prev = os.path.join(base, name, "previous", "estimates.json")
        if "--previous" in sys.argv and os.path.exists(prev):
            with open(prev) as f:
                old = json.load(f)["median"]["point_estimate"] / 1e6
            row["previous_median_ms"] = round(old, 4)
            row["ratio_to_previous"] = round(row["median_ms"] / old, 3)
        benches[name] = row
    out = {
        "group": group,
        **machine.describe(),
        "threads": os.environ.get("RAYON_NUM_THREADS", "all cores"),
        "benches": benches,
    }
    machine.write_json(machine.results_path(group), out)
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
