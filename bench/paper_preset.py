#!/usr/bin/env python3
"""Collects the runs of bench/paper_preset.sh into bench/results/paper_preset.json.

Per task: the correlation between W_out and the noise-free evaluation states after
training (`corr_final` of each run's summary.json, paper-methods 3.1a) for small and large
output weights, their ratio (the study's claim: several times larger for small output
weights), the final loss and the CPU seconds of each network (one thread).

Usage: python3 bench/paper_preset.py RUN_DIR
"""
import json
import os
import sys

import machine

TASKS = ["cycling", "flipflop", "mante", "romo", "complex-sine"]


def cpu_seconds(path):
    """User seconds from the `/usr/bin/time -f "%e s wall %U s user"` line."""
    with open(path) as f:
        words = f.read().split()
    return float(words[words.index("user") - 2])


def main():
    run_dir = sys.argv[1]
    rows = []
    for task in TASKS:
        row = {"task": task}
        for scale in ("small", "large"):
            with open(os.path.join(run_dir, f"{task}-{scale}", "summary.json")) as f:
                s = json.load(f)
            row[f"corr_{scale}"] = round(s["corr_final"], 4)
            row[f"loss_{scale}"] = round(s["last"]["loss"], 4)
            row[f"steps_{scale}"] = s["steps_done"]
            row[f"cpu_s_{scale}"] = round(cpu_seconds(os.path.join(run_dir, f"{task}-{scale}.time")), 1)
        row["ratio"] = round(row["corr_small"] / row["corr_large"], 2)
        rows.append(row)
    _, avx512 = machine.cpu()
    out = {
        "setup": "N = 512, g = 1.5, seed 1, batch 32, published steps and lr0, all weights, Adam; one thread per network",
        "avx512": avx512,
        "tasks": rows,
    }
    machine.write_json(machine.results_path("paper_preset"), out)
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
