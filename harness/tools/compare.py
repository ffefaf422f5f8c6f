"""Compares two runs: for every row both hold, the median time per call of A
(the reference) and B, the ratio, and whether the difference is significant
(Mann-Whitney U over the repetitions, two-sided, alpha = 0.05); then the
geometric mean of the ratios.  Markdown on standard output.

Input: a results folder (its calls.json.gz: Google Benchmark's JSON with
every repetition, which ffi-bench runs keep, results/reference/ included), or
such a JSON file itself, gzipped or not.  Times compared are the gross times
per call as measured (the same loop overhead on both sides).

Usage: python3 -m harness.tools.compare A B   (each a results folder or a calls.json[.gz])
"""

import itertools
import os
import math
import statistics
import sys

from harness.pipeline import results_io

ALPHA = 0.05


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
    """{row name: [ns per call of each repetition]} from a GB JSON file or a
    results folder."""
    path = raw_file(path)
    try:
        report = results_io.read_raw(path)
    except OSError as exc:
        raise CompareError(f"{path}: {exc.strerror or exc}") from exc
    except (ValueError, EOFError) as exc:
        raise CompareError(f"{path}: not JSON ({exc})") from exc
    if not isinstance(report, dict) or not isinstance(report.get("benchmarks"), list):
        raise CompareError(f"{path}: not Google Benchmark JSON (no 'benchmarks' list)")
    units = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}
    runs = {}
    for entry in report["benchmarks"]:
        if not isinstance(entry, dict) or entry.get("run_type") == "aggregate":
            continue
        if entry.get("error_occurred"):
            continue
        try:
            name = entry.get("run_name") or entry["name"]
            value = float(entry["real_time"]) * units[entry.get("time_unit", "ns")]
        except (KeyError, TypeError, ValueError) as exc:
            raise CompareError(f"{path}: malformed benchmark entry ({exc!r})") from exc
        runs.setdefault(name, []).append(value)
    if not runs:
        raise CompareError(f"{path}: no measured benchmarks in it")
    return runs


def mann_whitney_p(a, b):
    """Two-sided p-value of the Mann-Whitney U test: exact (by enumerating
    every split of the pooled ranks) for small samples without ties, else the
    normal approximation with tie correction."""
    n1, n2 = len(a), len(b)
    pooled = sorted((v, i) for i, v in enumerate(a + b))
    ranks = [0.0] * (n1 + n2)
    i = 0
    while i < len(pooled):
        j = i
        while j + 1 < len(pooled) and pooled[j + 1][0] == pooled[i][0]:
            j += 1
        for k in range(i, j + 1):
            ranks[pooled[k][1]] = (i + j) / 2 + 1
        i = j + 1
    u = sum(ranks[:n1]) - n1 * (n1 + 1) / 2
    mean_u = n1 * n2 / 2
    ties = len(set(a + b)) < n1 + n2
    if not ties and math.comb(n1 + n2, n1) <= 20000:
        all_ranks = range(1, n1 + n2 + 1)
        extreme = abs(u - mean_u)
        count = total = 0
        for chosen in itertools.combinations(all_ranks, n1):
            total += 1
            if abs(sum(chosen) - n1 * (n1 + 1) / 2 - mean_u) >= extreme - 1e-9:
                count += 1
        return count / total
    groups = {}
    for v in a + b:
        groups[v] = groups.get(v, 0) + 1
    n = n1 + n2
    tie_term = sum(t ** 3 - t for t in groups.values()) / (n * (n - 1))
    sigma = math.sqrt(n1 * n2 / 12 * ((n + 1) - tie_term))
    if sigma == 0:
        return 1.0
    z = (abs(u - mean_u) - 0.5) / sigma
    return math.erfc(max(z, 0) / math.sqrt(2))


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
    lines = ["| row | A median [ns] | B median [ns] | change | significant (Mann-Whitney U) |",
             "|---|---:|---:|---|---|"]
    ratios = []
    for name in common:
        a, b = runs_a[name], runs_b[name]
        ma, mb = statistics.median(a), statistics.median(b)
        ratio = mb / ma if ma > 0 else float("nan")
        if ma > 0 and mb > 0:
            ratios.append(ratio)
        if min(len(a), len(b)) < 2:
            verdict = "n/a (one repetition)"
        else:
            p = mann_whitney_p(a, b)
            verdict = f"{'yes' if p < ALPHA else 'not significant'} (p={p:.3f})"
        lines.append(f"| {name} | {ma:.2f} | {mb:.2f} | {_change(ratio)} | {verdict} |")
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
