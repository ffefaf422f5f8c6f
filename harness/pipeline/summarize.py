"""Google Benchmark JSON (results/calls.json) -> results/summary.csv.

One row per kernel x path x mode x arg, with the columns of the summary.csv
contract (see README.md).  ns_net is the row's median minus the median of the
baseline (the empty timing loop) of the same mode and batch size in the same
run.

Statistics are Google Benchmark's own aggregates (median, min, max, cv over the
repetitions); a benchmark run with one repetition has no aggregates, and its one
measurement stands for median, min and max, with cv left empty.

Also writes metadata.json beside SUMMARY_CSV: the run's context block (the
machine, interpreter, build flags, git commit, the file each binding module
was loaded from), small enough to keep with the summary.

Usage: python3 -m harness.pipeline.summarize CALLS_JSON SUMMARY_CSV
"""

import json
import os
import sys

from harness.pipeline import results_io
from harness.registry import vocabulary as v

_NS_PER = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}


class Malformed(Exception):
    """The JSON is not Google Benchmark output of the shape this expects."""


def ns_of(entry):
    """A Google Benchmark entry's real time in ns per iteration."""
    try:
        return float(entry["real_time"]) * _NS_PER[entry.get("time_unit", "ns")]
    except (KeyError, TypeError, ValueError) as exc:
        raise Malformed(f"{entry.get('name', '?')}: bad time ({exc})") from exc


def _split_name(run_name):
    parts = run_name.split("/")
    if len(parts) not in (3, 4):
        raise Malformed(f"benchmark name {run_name!r} is not "
                        "<kernel>/<path>/<mode>[/<arg>]")
    return parts + [""] * (4 - len(parts))


def summarize(report):
    """Rows (dicts keyed by COLUMNS) from a parsed Google Benchmark report."""
    runs = {}   # run_name -> {"iterations": [...], "aggregates": {...}, ...}
    for entry in report.get("benchmarks", []):
        name = entry.get("run_name") or entry.get("name")
        if not name:
            raise Malformed("a benchmark entry has no name")
        run = runs.setdefault(name, {"times": [], "aggregates": {},
                                     "iterations": 0, "repetitions": 0,
                                     "entry": entry, "error": ""})
        if entry.get("error_occurred"):
            run["error"] = entry.get("error_message") or "error"
        elif entry.get("run_type") == "aggregate":
            aggregate = entry.get("aggregate_name")
            if entry.get("aggregate_unit") == "percentage":
                run["aggregates"][aggregate] = float(entry["real_time"])
            else:
                run["aggregates"][aggregate] = ns_of(entry)
        else:
            run["times"].append(ns_of(entry))
            run["iterations"] = int(entry.get("iterations", 0))
            run["repetitions"] = int(entry.get("repetitions", 1))
            run["entry"] = entry

    # Registration order (the registry's), whatever order the repetitions ran
    # in: with random interleaving the JSON lists them as they were run.
    def registration(item):
        entry = item[1]["entry"]
        return (entry.get("family_index", 0), entry.get("per_family_instance_index", 0))

    rows = []
    for name, run in sorted(runs.items(), key=registration):
        kernel, path, mode, arg = _split_name(name)
        aggregates, times = run["aggregates"], run["times"]
        median = lo = hi = cv = None
        if run["error"]:
            pass
        elif "median" in aggregates:
            median = aggregates["median"]
            lo = aggregates.get("min", min(times, default=median))
            hi = aggregates.get("max", max(times, default=median))
            cv = aggregates["cv"] * 100 if "cv" in aggregates else None
        elif times:
            median = lo = hi = times[0]
        else:
            raise Malformed(f"{name}: neither measurements nor an error")
        tags = dict(word.partition("=")[::2]
                    for word in run["entry"].get("label", "").split())
        gil = tags.get("gil_released")
        batch = tags.get("batch", "")
        rows.append({
            "kernel": kernel, "path": path, "family": path.split(".")[0],
            "mode": mode, "arg": arg, "ns_median": median, "ns_net": None,
            "ns_min": lo, "ns_max": hi, "cv_pct": cv,
            "repetitions": run["repetitions"] or len(times),
            "iterations": run["iterations"],
            "gil_released": "" if gil is None else gil,
            "skipped": run["error"],
            "batch": batch,
        })

    # Each row's baseline: the empty loop of its mode run in batches of the
    # same size (a batch shares one loop invocation among its calls).
    baselines = {(r["mode"], r["batch"]): r["ns_median"] for r in rows
                 if r["path"] == v.BASELINE_PATH and r["ns_median"] is not None}
    for r in rows:
        base = baselines.get((r["mode"], r.pop("batch")))
        if (r["path"] != v.BASELINE_PATH and r["ns_median"] is not None
                and base is not None):
            r["ns_net"] = r["ns_median"] - base
    return rows


# A row whose repetitions vary more than this is flagged: its median may be
# off by a similar share.  A load average above this share of the CPUs, not
# counting the benchmark's own single thread (a 1-minute load average taken
# right after a stage of make bench still holds that stage), means other work
# competed for them.
CV_WARNING_PCT = 5.0
LOAD_WARNING_SHARE = 0.5
OWN_LOAD = 1.0


def warnings(rows, context):
    """What makes this run's numbers less trustworthy, as sentences."""
    found = []
    noisy = sorted((r for r in rows if r["cv_pct"] is not None
                    and r["cv_pct"] > CV_WARNING_PCT),
                   key=lambda r: -r["cv_pct"])
    if noisy:
        worst = ", ".join(f"{r['kernel']}/{r['path']}/{r['mode']}"
                          f"{'/' + r['arg'] if r['arg'] else ''} {r['cv_pct']:.0f}%"
                          for r in noisy[:3])
        found.append(f"{len(noisy)} of {len(rows)} rows have a CV above "
                     f"{CV_WARNING_PCT:.0f}% (worst: {worst}); compare their medians "
                     "with care")
    cpus = int(context.get("num_cpus") or context.get("cpu_count") or 1)
    for key in ("load_avg_start", "load_avg_end"):
        first = str(context.get(key, "")).split()[:1]
        if first and float(first[0]) > OWN_LOAD + LOAD_WARNING_SHARE * cpus:
            found.append(f"{key.replace('_', ' ')} was {first[0]} on {cpus} CPUs, "
                         f"{OWN_LOAD:.0f} of it the benchmark's own: other work "
                         "competed with the measurement")
    return found


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    try:
        with open(argv[1]) as f:
            report = json.load(f)
        rows = summarize(report)
    except (OSError, ValueError, Malformed) as exc:
        print(f"summarize: {argv[1]}: {exc}", file=sys.stderr)
        return 1
    if not rows:
        print(f"summarize: {argv[1]}: no benchmarks in it", file=sys.stderr)
        return 1
    results_io.write_csv(rows, argv[2])
    context = dict(report.get("context", {}))
    context["load_avg_end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    context["warnings"] = warnings(rows, context)
    for warning in context["warnings"]:
        print(f"summarize: warning: {warning}", file=sys.stderr)
    results_io.write_json(context, os.path.join(os.path.dirname(argv[2]) or ".", "metadata.json"))
    unbased = sorted({r["mode"] for r in rows if r["ns_median"] is not None
                      and r["ns_net"] is None and r["path"] != v.BASELINE_PATH})
    for mode in unbased:
        print(f"summarize: no {v.BASELINE_PATH} row for some rows of mode {mode} "
              "in this run (filtered out?): their ns_net is left empty",
              file=sys.stderr)
    skipped = [r for r in rows if r["skipped"]]
    for r in skipped:
        print(f"summarize: skipped {r['kernel']}/{r['path']}: {r['skipped']}")
    print(f"summarize: {len(rows)} rows ({len(skipped)} skipped) -> {argv[2]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
