"""Google Benchmark JSON (RESULTS/calls.json[.gz]) -> RESULTS/summary.csv and metadata.json.

One row per kernel x path x mode x arg, with the columns of the summary.csv
contract (harness/registry/vocabulary.py, docs/USAGE.md).  ns_net is the
published figure: the headline estimator of the row's values
(stats.HEADLINE) minus the same estimator of the baseline (the empty timing
loop) of the same mode and batch size in the same run, with its 95 %
interval (ns_net_low, ns_net_high); ns_net_median is the median's
counterpart, kept beside it.

Statistics are over every value of the row, from every worker process
(workers.py; a value's process is its "ffb_worker", 0 when absent), but
those measured during a spell of a slowed CPU, which the sentinel timed
after each value shows (spells.py; counted in spell_values): the
headline estimator, median, min, max, CV, the 95 % interval of the headline
(stats.interval, which resamples processes, then values), the spread of the
processes' medians and whether they disagree (multimodal).  Google
Benchmark's own per-process aggregates are not used.

Also starts the run's metadata.json: its context block (the machine,
interpreter, build flags, git commit, the file each binding module was
loaded from), small enough to keep with the summary.

Usage: python3 -m harness.pipeline.analyse.summarize RESULTS
"""

import os
import statistics
import sys

from harness.pipeline import stage_cli
from harness.pipeline.analyse import spells, stats
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


def position(entry):
    """Where a value's row was registered, in its worker: the smallest over
    a row's values is its place in the registry's order, the first worker's
    (every worker registers every row but those timed again by the extra
    workers, refine.py, whose filter numbers their rows from 0)."""
    return (entry.get("ffb_worker", 0), entry.get("family_index", 0),
            entry.get("per_family_instance_index", 0))


def summarize(report, estimator=stats.HEADLINE, leave_out_spells=True):
    """Rows (dicts keyed by COLUMNS) from a parsed Google Benchmark report;
    the published figure is `estimator`'s (a name in stats.ESTIMATORS), of
    the values measured outside spells of a slowed CPU (spells.py) unless
    leave_out_spells is false."""
    runs = {}   # run_name -> {"iterations": [...], "entry": ..., "error": ...}
    entries = report.get("benchmarks", [])
    for entry in entries:
        name = entry.get("run_name") or entry.get("name")
        if not name:
            raise Malformed("a benchmark entry has no name")
        run = runs.setdefault(name, {"iterations": [], "entry": entry, "error": "",
                                     "order": position(entry)})
        run["order"] = min(run["order"], position(entry))
        if entry.get("error_occurred"):
            run["error"] = entry.get("error_message") or "error"
        elif entry.get("run_type") != "aggregate":
            run["iterations"].append(int(entry.get("iterations", 0)))
            run["entry"] = entry
    values = spells.grouped(entries, ns_of, leave_out_spells)

    # Registration order (the registry's), whatever order the repetitions ran
    # in: with random interleaving the JSON lists them as they were run.
    rows, figures_of = [], {}
    for name, run in sorted(runs.items(), key=lambda item: item[1]["order"]):
        kernel, path, mode, arg = _split_name(name)
        groups, spell_values = values.get(name, ([], 0))
        if not run["error"] and not groups:
            raise Malformed(f"{name}: neither measurements nor an error")
        figures = {} if run["error"] else stats.row_figures(groups, estimator)
        tags = dict(word.partition("=")[::2]
                    for word in run["entry"].get("label", "").split())
        gil = tags.get("gil_released")
        row = dict.fromkeys(v.SUMMARY_COLUMNS)
        row.update({key: figures.get(key) for key in v.SUMMARY_COLUMNS if key in figures})
        row.update({
            "kernel": kernel, "path": path, "family": path.split(".")[0],
            "mode": mode, "arg": arg,
            "repetitions": sum(map(len, groups)), "processes": len(groups),
            "spell_values": spell_values,
            "multimodal": figures.get("multimodal", ""),
            "iterations": statistics.median_low(run["iterations"]) if run["iterations"] else 0,
            "gil_released": "" if gil is None else gil,
            "skipped": run["error"],
        })
        rows.append(row)
        figures_of[id(row)] = (figures, tags.get("batch", ""))

    # Each row's baseline: the empty loop of its mode run in batches of the
    # same size (a batch shares one loop invocation among its calls).
    baselines = {(r["mode"], figures_of[id(r)][1]): figures_of[id(r)][0] for r in rows
                 if r["path"] == v.BASELINE_PATH and r["ns"] is not None}
    for r in rows:
        figures, batch = figures_of[id(r)]
        base = baselines.get((r["mode"], batch))
        if r["path"] != v.BASELINE_PATH and figures and base is not None:
            r.update(stats.net_of(figures, base))
    return rows


# Rows this fast or faster are at the timer's and the loop's noise floor: the
# comparisons across runs leave them out.
NOISE_FLOOR_NS = 20.0

# A row whose repetitions vary more than this is flagged: its median may be
# off by a similar share.  A load average above this share of the CPUs, not
# counting the benchmark's own single thread (a 1-minute load average taken
# right after a stage of make bench still holds that stage), means other work
# competed for them.
CV_WARNING_PCT = 5.0
LOAD_WARNING_SHARE = 0.5
OWN_LOAD = 1.0


# Calibrations of the workers' CPU that differ by more than this share
# within one run: the machine's speed drifted while it was measured.
DRIFT_SHARE = 0.10


def calibration_warnings(workers, cpu):
    """The dropped workers, a CPU that did not settle, and drift of the
    calibrations within the run, as sentences."""
    found = [f"worker {w['index'] + 1} was dropped and run again: {w['why']}"
             for w in workers if w.get("status") == "dropped"]
    found += [f"MEASURED ON A SLOWED MACHINE: {why}; this run's figures are not those of a "
              "calm machine" for why in (cpu or {}).get("slowed", [])]
    if cpu and not cpu.get("settled", True):
        found.append(f"the calibration of CPU {cpu['cpu']} did not settle during the "
                     f"warm-up ({len(cpu.get('warmup', []))} calibrations): the machine "
                     "was still changing speed when the run began")
    kept = [c["ns"] for w in workers if w.get("status") == "kept"
            for c in (w["before"], w["after"])]
    if kept and max(kept) > min(kept) * (1 + DRIFT_SHARE):
        found.append(f"the calibration drifted within the run: {min(kept):.1f} to "
                     f"{max(kept):.1f} ns per call ({(max(kept) / min(kept) - 1) * 100:.0f}%"
                     f" apart, more than {DRIFT_SHARE * 100:.0f}%): the machine's speed "
                     "changed while it was measured")
    return found


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
                     f"{CV_WARNING_PCT:.0f}% (worst: {worst}); compare their figures "
                     "with care")
    split = [r for r in rows if r.get("multimodal") == "yes"]
    if split:
        worst = ", ".join(f"{r['kernel']}/{r['path']}/{r['mode']}"
                          f"{'/' + r['arg'] if r['arg'] else ''} "
                          f"{r['process_spread_pct']:.0f}%" for r in sorted(
                              split, key=lambda r: -r["process_spread_pct"])[:3])
        found.append(f"{len(split)} rows are multimodal: their worker processes disagree "
                     f"(process spread, worst: {worst}); one process would have given "
                     "one of their figures, the published one is over all")
    crashed = context.get("ffb_crashed") or {}
    if crashed:
        found.append(f"{len(crashed)} rows crashed their worker process and have no "
                     "figure: " + "; ".join(f"{name} ({why})" for name, why in crashed.items()))
    found += calibration_warnings(context.get("ffb_workers") or [], context.get("ffb_cpu"))
    found += list(filter(None, [spells.warning(context.get("ffb_spells"))]))
    cpus = int(context.get("num_cpus") or context.get("cpu_count") or 1)
    for key in ("load_avg_start", "load_avg_end"):
        first = str(context.get(key, "")).split()[:1]
        if first and float(first[0]) > OWN_LOAD + LOAD_WARNING_SHARE * cpus:
            found.append(f"{key.replace('_', ' ')} was {first[0]} on {cpus} CPUs, "
                         f"{OWN_LOAD:.0f} of it the benchmark's own: other work "
                         "competed with the measurement")
    return found


def write(results):
    """The raw values of `results` (a ResultsFolder) -> its summary.csv and
    metadata; raises Malformed or OSError/ValueError on a file that cannot
    be read."""
    report = results.raw()
    rows = summarize(report)
    if not rows:
        raise Malformed("no benchmarks in it")
    results.write_table("summary.csv", rows)
    context = dict(report.get("context", {}))
    context["load_avg_end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    context["estimator"] = stats.HEADLINE
    context["slowed_machine"] = bool((context.get("ffb_cpu") or {}).get("slowed"))
    context["ffb_spells"] = spells.records(report.get("benchmarks", []))
    context["warnings"] = warnings(rows, context)
    for warning in context["warnings"]:
        print(f"summarize: warning: {warning}", file=sys.stderr)
    results.start_metadata(context)
    unbased = sorted({r["mode"] for r in rows if r["ns"] is not None
                      and r["ns_net"] is None and r["path"] != v.BASELINE_PATH})
    for mode in unbased:
        print(f"summarize: no {v.BASELINE_PATH} row for some rows of mode {mode} "
              "in this run (filtered out?): their ns_net is left empty",
              file=sys.stderr)
    skipped = [r for r in rows if r["skipped"]]
    for r in skipped:
        print(f"summarize: skipped {r['kernel']}/{r['path']}: {r['skipped']}")
    print(f"summarize: {len(rows)} rows ({len(skipped)} skipped) -> "
          f"{results.file('summary.csv')}")
    return rows


def main(argv=None):
    args = stage_cli.parse(argv, __spec__.name, __doc__, "RESULTS")
    return stage_cli.run_folder(f"summarize: {args.results}", args.results, write,
                                errors=(OSError, ValueError, Malformed))


if __name__ == "__main__":
    sys.exit(main())
