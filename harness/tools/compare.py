"""Compares two runs: for every row both hold, the median time per call of A
(the reference) and B with their 95% intervals (the summary's: a bootstrap
over worker processes, then values; harness/pipeline/stats.py), the ratio,
and whether the difference is resolved (the two intervals do not overlap);
then the geometric mean of the ratios.  Markdown on standard output.

Input: a results folder (its calls.json.gz: Google Benchmark's JSON with
every repetition, which ffi-bench runs keep, results/reference/ included), or
such a JSON file itself, gzipped or not.  Times compared are the gross times
per call as measured (the same loop overhead on both sides).

Usage: python3 -m harness.tools.compare A B   (each a results folder or a calls.json[.gz])
"""

import math
import os
import statistics
import sys

from harness.pipeline import results_io, stats
from harness.pipeline.summarize import Malformed, ns_of



class CompareError(Exception):
    """A file that cannot be compared, and why."""


RAW_NAMES = ("calls.json.gz", "calls.json")


def raw_file(path):
    """The Google Benchmark JSON a path names: itself, or a results folder's."""
    if os.path.isdir(path):
        for name in RAW_NAMES:
            if os.path.exists(os.path.join(path, name)):
                return os.path.join(path, name)
        raise CompareError(f"{path}: a folder without {' or '.join(RAW_NAMES)}: not a "
                           "results folder of make bench")
    if path.endswith((".csv", ".md", ".png", ".svg")):
        raise CompareError(f"{path}: compare expects calls.json(.gz) or a results folder, "
                           "which hold every repetition")
    return path


def load_runs(path):
    """{row name: [[ns per call, ...] per worker process]} from a GB JSON
    file or a results folder (a run made in one process: one group)."""
    path = raw_file(path)
    try:
        report = results_io.read_raw(path)
    except OSError as exc:
        raise CompareError(f"{path}: {exc.strerror or exc}") from exc
    except (ValueError, EOFError) as exc:
        raise CompareError(f"{path}: not JSON ({exc})") from exc
    if not isinstance(report, dict) or not isinstance(report.get("benchmarks"), list):
        raise CompareError(f"{path}: not Google Benchmark JSON (no 'benchmarks' list)")
    runs = {}
    for entry in report["benchmarks"]:
        if not isinstance(entry, dict) or entry.get("run_type") == "aggregate":
            continue
        if entry.get("error_occurred"):
            continue
        try:
            name = entry.get("run_name") or entry["name"]
            value = ns_of(entry)
        except (KeyError, Malformed) as exc:
            raise CompareError(f"{path}: malformed benchmark entry ({exc!r})") from exc
        runs.setdefault(name, {}).setdefault(entry.get("ffb_worker", 0), []).append(value)
    if not runs:
        raise CompareError(f"{path}: no measured benchmarks in it")
    return {name: list(groups.values()) for name, groups in runs.items()}


def _change(ratio):
    """B's median over A's, as 'faster' or 'slower'."""
    if not ratio > 0:
        return "n/a"
    if abs(ratio - 1) < 0.005:
        return "same"
    return f"{1 / ratio:.2f}x faster" if ratio < 1 else f"{ratio:.2f}x slower"


def compare(runs_a, runs_b):
    """(markdown lines, geometric mean of B/A) for the rows both hold."""
    common = [name for name in runs_a if name in runs_b]
    if not common:
        raise CompareError("the two runs have no row in common")
    lines = ["| row | A median [ns] | A 95% interval | B median [ns] | B 95% interval | "
             "change | resolved |", "|---|---:|---:|---:|---:|---|---|"]
    ratios = []
    for name in common:
        a, b = runs_a[name], runs_b[name]
        ma = statistics.median([x for g in a for x in g])
        mb = statistics.median([x for g in b for x in g])
        ratio = mb / ma if ma > 0 else float("nan")
        if ma > 0 and mb > 0:
            ratios.append(ratio)
        (la, ha), (lb, hb) = stats.median_interval(a), stats.median_interval(b)
        if min(sum(map(len, a)), sum(map(len, b))) < 2:
            verdict = "n/a (one value)"
        elif hb < la or lb > ha:
            verdict = "yes (the intervals do not overlap)"
        else:
            verdict = "no (the intervals overlap)"
        lines.append(f"| {name} | {ma:.2f} | {la:.2f} to {ha:.2f} | {mb:.2f} | "
                     f"{lb:.2f} to {hb:.2f} | {_change(ratio)} | {verdict} |")
    geo = math.exp(sum(math.log(r) for r in ratios) / len(ratios)) if ratios else float("nan")
    only_a = [n for n in runs_a if n not in runs_b]
    only_b = [n for n in runs_b if n not in runs_a]
    lines.append("")
    lines.append(f"Geometric mean of B/A over {len(ratios)} rows: {geo:.3f} ({_change(geo)})")
    if only_a or only_b:
        lines.append(f"Rows only in A: {len(only_a)}; only in B: {len(only_b)} (not compared)")
    return lines, geo


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    try:
        lines, _ = compare(load_runs(argv[1]), load_runs(argv[2]))
    except CompareError as exc:
        print(f"compare: {exc}", file=sys.stderr)
        return 2
    print(f"A = {argv[1]} (reference), B = {argv[2]}\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
