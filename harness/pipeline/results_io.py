"""Reading and writing results files: every writer goes through a temporary
file renamed into place, so that an interrupted run never leaves a
half-written file; the one reader of "a kernel's net ns per path"; the raw
Google Benchmark JSON, gzipped or not."""

import csv
import gzip
import json
import os

from harness.registry import vocabulary as v


def _fmt(x, digits=3):
    return "" if x is None else f"{x:.{digits}f}"


def read_csv(path):
    """The rows of a CSV file as dicts."""
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def read_raw(path):
    """Google Benchmark's JSON from calls.json or calls.json.gz."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt") as f:
        return json.load(f)


def net_figures(summary, kernel, modes=("interp", "native")):
    """{path: net ns} of a kernel (its plain row, no size or variant) in the
    first of `modes` that the path has, from a SUMMARY_CSV: by default the
    interpreter loop, and the native loop for the c.direct floor."""
    found = {}
    with open(summary, newline="") as f:
        for r in csv.DictReader(f):
            if (r["kernel"] == kernel and not r["arg"] and r["ns_net"]
                    and r["mode"] in modes and r["path"] != v.BASELINE_PATH):
                found.setdefault(r["path"], {})[r["mode"]] = float(r["ns_net"])
    return {path: next(by_mode[m] for m in modes if m in by_mode)
            for path, by_mode in found.items()}


def write_csv(rows, out, columns=v.SUMMARY_COLUMNS):
    """Writes the rows to `out` through a temporary file, so that an
    interrupted run never leaves a half-written file."""
    tmp = out + ".part"
    with open(tmp, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for r in rows:
            writer.writerow({k: _fmt(v) if isinstance(v, float) else v
                             for k, v in r.items()})
    os.replace(tmp, out)


def write_json(obj, out):
    """Writes obj as sorted, indented JSON through a temporary file."""
    with open(out + ".part", "w") as f:
        json.dump(obj, f, indent=1, sort_keys=True)
        f.write("\n")
    os.replace(out + ".part", out)


def write_text(text, out):
    """Writes text to `out` through a temporary file."""
    with open(out + ".part", "w") as f:
        f.write(text)
    os.replace(out + ".part", out)


def update_json(path, facts):
    """Adds facts to the JSON object in path (atomically)."""
    with open(path) as f:
        obj = json.load(f)
    obj.update(facts)
    write_json(obj, path)
