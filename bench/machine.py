"""What every results file in bench/results/ records about the machine, and how the bench/
scripts write those files: one place for both, imported by the scripts (`import machine`
works because Python puts a script's own directory first on sys.path).

    >>> model, avx512 = cpu()
    >>> isinstance(model, str) and isinstance(avx512, bool)
    True
"""
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def cpu():
    """(model name, whether the CPU has AVX-512) of the first processor in /proc/cpuinfo."""
    model, flags = "unknown", ""
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name") and model == "unknown":
                model = line.split(":", 1)[1].strip()
            if line.startswith("flags") and not flags:
                flags = line.split(":", 1)[1]
    return model, "avx512f" in flags.split()


def load_average():
    """The 1, 5 and 15 minute load averages, rounded."""
    return [round(x, 2) for x in os.getloadavg()]


def describe():
    """The machine fields of a results file: cpu, avx512, cores and the load average now."""
    model, avx512 = cpu()
    return {"cpu": model, "avx512": avx512, "cores": os.cpu_count(), "load_average": load_average()}


def results_path(name):
    """bench/results/<name>.json"""
    return os.path.join(ROOT, "bench", "results", f"{name}.json")


def write_json(path, out):
    """Writes `out` as indented JSON with a final newline (creating the folder); returns `path`."""
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w") as f:
        json.dump(out, f, indent=2)
        f.write("\n")
    return path


def regime_files(d, prefix="regime"):
    """The `oblique regime --run ... --json` files in `d` whose names start with `prefix`:
    regime.json first, then regime_s<K>.json by K as a number (s2 before s10).

    >>> import tempfile
    >>> d = tempfile.mkdtemp()
    >>> for k in ("regime_s10", "regime_s2", "regime", "other"):
    ...     open(os.path.join(d, k + ".json"), "w").close()
    >>> regime_files(d)
    ['regime.json', 'regime_s2.json', 'regime_s10.json']
    """
    def seed(name):
        stem = name[:-len(".json")]
        return int(stem[len("regime_s"):]) if stem.startswith("regime_s") else -1
    names = [f for f in os.listdir(d) if f.startswith(prefix) and f.endswith(".json")
             and (f == "regime.json" or f[len("regime_s"):-len(".json")].isdigit())]
    return sorted(names, key=seed)


def shown(path):
    """`path` as the results files show it: relative to the repository's root when absolute."""
    return os.path.relpath(path, ROOT) if os.path.isabs(path) else path


def command():
    """The command line that ran this script (sys.argv), as it would be typed at the
    repository's root: bench/.venv/bin/python bench/<script> ..., absolute paths made relative
    to the root."""
    args = [shown(a) for a in sys.argv[1:]]
    script = os.path.relpath(os.path.abspath(sys.argv[0]), ROOT)
    return " ".join(["bench/.venv/bin/python", script] + args)


def lay_over(old, new, key):
    """The rows of `old` that `new` does not measure again (by `key(row)`), then `new`.

    >>> lay_over([{"k": 1, "v": "a"}, {"k": 2, "v": "b"}], [{"k": 2, "v": "c"}], lambda r: r["k"])
    [{'k': 1, 'v': 'a'}, {'k': 2, 'v': 'c'}]
    """
    fresh = {key(r) for r in new}
    return [r for r in old if key(r) not in fresh] + new


def write_rows(path, rows, key, append):
    """Writes the results file `path` of a script whose results are a list of rows (machine,
    commands, rows), each row named by its field `key`. With `append`, laid over the file
    there: its commands first, its note kept, and its rows whose `key` this call did not
    measure again. Prints and returns `path`."""
    out = {"machine": describe(), "commands": [command()], "rows": rows}
    if append and os.path.exists(path):
        with open(path) as f:
            old = json.load(f)
        out["commands"] = old["commands"] + out["commands"]
        if "note" in old:
            out["note"] = old["note"]
        out["rows"] = lay_over(old["rows"], rows, lambda r: r[key])
    print(f"wrote {write_json(path, out)}")
    return path
