"""Compares two runs: for every row both hold, the published figure (the
headline estimator, stats.HEADLINE) of A (the reference) and B with their
95% intervals (the summary's: a bootstrap over worker processes, then
values; harness/pipeline/analyse/stats.py), the ratio, and whether the difference is
resolved (the two intervals do not overlap); then the geometric mean of the
ratios.  These times are gross, as measured (the same loop overhead on both
sides).

Then the reproduction check, on the net figures (each run's own empty loop
subtracted, as summary.csv's ns_net): |B/A - 1| at the median row, the 90th
percentile and the worst, over the rows of NOISE_FLOOR_NS or more in A, and
the rows whose intervals do not overlap; it says whether the runs were made
on the same CPU model and interpreter (otherwise the numbers compare
machines, not runs).

--estimators A B [B ...]: the same reproduction figures for every candidate
estimator (stats.ESTIMATORS) on the same raw values, with the values
measured in a spell (spells.py) left out and kept: how the headline
estimator was chosen (docs/METHODOLOGY.md).

--workers A B [B ...]: the reproduction by the headline estimator with each
B cut to its first 1, 2, ... worker processes: how many a run needs.

Input: a results folder (its calls.json.gz: Google Benchmark's JSON with
every repetition, which ffi-bench runs keep, results/reference/ included), or
such a JSON file itself, gzipped or not.

Usage: python3 -m harness.tools.compare [--estimators|--workers] A B [B ...]   (each a results folder or a calls.json[.gz])
"""

import math
import os
import sys

from harness.pipeline import results_io, stage_cli
from harness.pipeline.analyse import reproduction, spells, stats
from harness.pipeline.analyse.summarize import NOISE_FLOOR_NS, Malformed, ns_of


class CompareError(Exception):
    """A file that cannot be compared, and why."""


def raw_file(path):
    """The Google Benchmark JSON a path names: itself, or a results folder's."""
    if os.path.isdir(path):
        try:
            return results_io.ResultsFolder(path).raw_file()
        except OSError as exc:
            raise CompareError(f"{path}: {exc.strerror}") from None
    if path.endswith((".csv", ".md", ".png", ".svg")):
        raise CompareError(f"{path}: compare expects calls.json(.gz) or a results folder, "
                           "which hold every repetition")
    return path


def load_report(path):
    """The parsed Google Benchmark JSON of a GB JSON file or a results folder."""
    path = raw_file(path)
    try:
        report = results_io.read_raw(path)
    except OSError as exc:
        raise CompareError(f"{path}: {exc.strerror or exc}") from exc
    except (ValueError, EOFError) as exc:
        raise CompareError(f"{path}: not JSON ({exc})") from exc
    if not isinstance(report, dict) or not isinstance(report.get("benchmarks"), list):
        raise CompareError(f"{path}: not Google Benchmark JSON (no 'benchmarks' list)")
    return report


def load_runs(path, report=None):
    """{row name: [[ns per call, ...] per worker process]} from a GB JSON
    file or a results folder (a run made in one process: one group), the
    values measured in a spell left out as the summary leaves them out."""
    report = report if report is not None else load_report(path)
    try:
        runs = spells.grouped(report["benchmarks"], ns_of)
    except (KeyError, TypeError, Malformed) as exc:
        raise CompareError(f"{path}: malformed benchmark entry ({exc!r})") from exc
    if not runs:
        raise CompareError(f"{path}: no measured benchmarks in it")
    return {name: groups for name, (groups, _) in runs.items()}


def _change(ratio):
    """B's median over A's, as 'faster' or 'slower'."""
    if not ratio > 0:
        return "n/a"
    if abs(ratio - 1) < 0.005:
        return "same"
    return f"{1 / ratio:.2f}x faster" if ratio < 1 else f"{ratio:.2f}x slower"


def compare(runs_a, runs_b, estimator=stats.HEADLINE):
    """(markdown lines, geometric mean of B/A) for the rows both hold."""
    common = [name for name in runs_a if name in runs_b]
    if not common:
        raise CompareError("the two runs have no row in common")
    lines = [f"| row | A {estimator} [ns] | A 95% interval | B {estimator} [ns] | "
             "B 95% interval | change | resolved |", "|---|---:|---:|---:|---:|---|---|"]
    ratios = []
    for name in common:
        a, b = runs_a[name], runs_b[name]
        ma, mb = stats.estimate(a, estimator), stats.estimate(b, estimator)
        ratio = mb / ma if ma > 0 else float("nan")
        if ma > 0 and mb > 0:
            ratios.append(ratio)
        (la, ha), (lb, hb) = stats.interval(a, estimator), stats.interval(b, estimator)
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


def net_rows(report, estimator=stats.HEADLINE, leave_out_spells=True):
    """reproduction.net_rows, a malformed report refused as CompareError."""
    try:
        return reproduction.net_rows(report, estimator, leave_out_spells)
    except Malformed as exc:
        raise CompareError(str(exc)) from exc


def comparable(path_a, path_b):
    """"" when both runs' metadata.json name the same CPU model and
    interpreter, else why not (or that it cannot tell)."""
    facts = []
    for path in (path_a, path_b):
        try:
            facts.append(results_io.ResultsFolder(_folder(path)).metadata)
        except (OSError, ValueError):
            return f"no metadata.json beside {path}: cannot tell whether the machines match"
    return reproduction.comparable(*facts)


def _folder(path):
    return path if os.path.isdir(path) else os.path.dirname(path)


def reproduction_lines(path_a, path_b, report_a, report_b):
    try:
        found = reproduction.check(net_rows(report_a), net_rows(report_b),
                                   reproduction.speed(*(spells.calm_sentinel(r["benchmarks"])
                                                        for r in (report_a, report_b))),
                                   *(reproduction.decision_table(
                                       results_io.ResultsFolder(_folder(p)))
                                     for p in (path_a, path_b)))
    except Malformed as exc:
        raise CompareError(str(exc)) from exc
    if found is None:
        return [f"Reproduction: no row of {NOISE_FLOOR_NS:.0f} ns or more has a net figure "
                "in both runs (no empty loop measured)"]
    lines = [f"Reproduction ({stats.HEADLINE}, net):",
             *(f"- {line}" for line in reproduction.describe_check(found))]
    why = comparable(path_a, path_b)
    lines.append("The runs are comparable (same CPU model and interpreter)." if not why else
                 f"Not a reproduction of the same setup: {why}.")
    outside = (found["at_speed"] or found["as_measured"])["outside"]
    if outside:
        where = " at A's speed" if found["at_speed"] else ""
        lines.append(f"Outside their interval{where}: " + ", ".join(outside[:20])
                     + (f" and {len(outside) - 20} more" if len(outside) > 20 else ""))
    return lines


def estimator_lines(path_a, paths_b):
    """The reproduction of each B against A, by every candidate estimator."""
    report_a = load_report(path_a)
    reports_b = [load_report(path) for path in paths_b]
    lines = [f"A = {path_a}; B = {', '.join(paths_b)}", "",
             "| estimator | values in spells | "
             + " | ".join(f"B{i + 1}: median row / p90 / worst"
                          for i in range(len(paths_b))) + " |",
             "|---|---|" + "---:|" * len(paths_b)]
    for name in stats.ESTIMATORS:
        for leave_out in (True, False):
            rows_a = net_rows(report_a, name, leave_out)
            cells = []
            for report in reports_b:
                found = reproduction.reproduction(rows_a, net_rows(report, name, leave_out))
                cells.append("n/a" if found is None else
                             f"{found['median_pct']:.1f}% / {found['p90_pct']:.1f}% / "
                             f"{found['worst_pct']:.1f}% ({len(found['outside'])} outside)")
            lines.append(f"| {name}{' (headline)' if name == stats.HEADLINE else ''} | "
                         f"{'left out' if leave_out else 'kept'} | "
                         + " | ".join(cells) + " |")
    return lines


def first_workers(report, count):
    """The report with the values of its first `count` worker processes only
    (as if the run had had `count` workers), or None when it has fewer."""
    kept = [e for e in report["benchmarks"] if e.get("ffb_worker", 0) < count]
    if max((e.get("ffb_worker", 0) for e in report["benchmarks"]), default=0) < count - 1:
        return None
    return {**report, "benchmarks": kept}


def worker_lines(path_a, paths_b):
    """The reproduction of each B against A (all of A's workers) by the
    headline estimator, with B cut to its first 1, 2, ... worker processes:
    how many workers a run needs."""
    rows_a = net_rows(load_report(path_a))
    decision_a = reproduction.decision_of_rows(rows_a)
    reports_b = [load_report(path) for path in paths_b]
    lines = [f"A = {path_a}; B = {', '.join(paths_b)} ({stats.HEADLINE}, net)", "",
             "| B's workers | " + " | ".join(f"B{i + 1}: median row / p90 / worst; the "
                                          "decision table's add_i64, worst"
                                          for i in range(len(paths_b))) + " |",
             "|---:|" + "---:|" * len(paths_b)]
    most = max(1 + max((e.get("ffb_worker", 0) for e in r["benchmarks"]), default=0)
               for r in reports_b)
    for count in range(1, most + 1):
        cells = []
        for report in reports_b:
            cut = first_workers(report, count)
            rows_b = cut and net_rows(cut)
            found = rows_b and reproduction.reproduction(rows_a, rows_b)
            decision = rows_b and reproduction.decision_deviation(
                decision_a, reproduction.decision_of_rows(rows_b))
            cells.append("n/a" if not found else
                         f"{found['median_pct']:.1f}% / {found['p90_pct']:.1f}% / "
                         f"{found['worst_pct']:.1f}% ({len(found['outside'])} outside)"
                         + (f"; add_i64 {decision[0]:.1f}% ({decision[1]})" if decision
                            else ""))
        lines.append(f"| {count} | " + " | ".join(cells) + " |")
    return lines


TABLES = {"--estimators": estimator_lines, "--workers": worker_lines}


def main(argv=None):
    parser = stage_cli.command_line(__spec__.name, __doc__)
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--estimators", dest="table", action="store_const",
                       const="--estimators", help="by every candidate estimator")
    which.add_argument("--workers", dest="table", action="store_const", const="--workers",
                       help="with each B cut to its first 1, 2, ... worker processes")
    parser.add_argument("paths", metavar="RUN", nargs="+",
                        help="A, then B (several with --estimators or --workers): results "
                        "folders or calls.json[.gz]")
    args = parser.parse_args(argv)
    table, paths = args.table, args.paths
    if len(paths) < 2 or (len(paths) > 2 and not table):
        parser.error("give A and one B (several Bs with --estimators or --workers)")
    try:
        if table:
            print("\n".join(TABLES[table](paths[0], paths[1:])))
            return 0
        report_a, report_b = load_report(paths[0]), load_report(paths[1])
        lines, _ = compare(load_runs(paths[0], report_a), load_runs(paths[1], report_b))
        lines += ["", *reproduction_lines(paths[0], paths[1], report_a, report_b)]
    except CompareError as exc:
        print(f"compare: {exc}", file=sys.stderr)
        return 2
    print(f"A = {paths[0]} (reference), B = {paths[1]}\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
