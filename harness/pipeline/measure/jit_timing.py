"""The measuring stage on an interpreter with a JIT (PyPy), in place of the C
driver: the driver's timing loop is C calling Python, which on PyPy goes
through cpyext and is not what a PyPy program pays; here the loop is the
driver's own interp-mode loop (registry.timing_loop: `for _ in range(n):
f(a, b)`, freshly compiled per row), run and timed in Python, where the JIT
compiles it as it would a user's.

The method (docs/METHODOLOGY.md, "Interpreters with a JIT"), per path and
kernel, in each of several fresh worker processes on the run's CPU:

  1. rounds of n calls, n doubled until a round takes ROUND_NS (and again
     after step 2, once the loop is compiled);
  2. warm-up: rounds until the median per-call time of the last SETTLE_ROUNDS
     rounds is within SETTLE_SHARE of that of the SETTLE_ROUNDS before them
     (the JIT has compiled the loop and the call); the number of rounds and
     of calls it took is recorded, and a row that has not settled after
     MAX_WARMUP_ROUNDS is said to be so;
  3. MEASURE_ROUNDS rounds of the loop, each followed by a round of the same
     loop with no call (the empty loop, the row's own baseline): the row's
     value is the median per-call time, its net value that minus the median
     of the empty rounds.

Writes summary.csv (the contract's columns, mode interp; each row's ns_net
net of its own empty rounds), jit.csv (the warm-up of every row: rounds,
calls, settled in how many processes) and metadata.json.  The whole-process
stage (whole_processes.py) then times add_i64 end to end, independently: REPORT.md
puts the two side by side.

Usage: python -m harness.pipeline.measure.jit_timing RESULTS [--quick]
       python -m harness.pipeline.measure.jit_timing worker PATH SETTINGS_JSON   (one process)
"""
import json
import os
import statistics
import subprocess
import sys
import time

import harness
from harness import registry
from harness.pipeline import stage_cli
from harness.pipeline.analyse import stats
from harness.pipeline.measure import calibrate
from harness.registry import metadata
from harness.registry import vocabulary as v

KERNELS = ("noop", "add_i64", "add_f64")
ROUND_NS = {"full": 2_000_000, "quick": 1_000_000}
SETTLE_ROUNDS = 5
SETTLE_SHARE = 0.02
MAX_WARMUP_ROUNDS = {"full": 400, "quick": 150}
MEASURE_ROUNDS = {"full": 20, "quick": 8}
WORKERS = {"full": 5, "quick": 2}


def _per_call(loop, n, f, args):
    start = time.perf_counter_ns()
    loop(n, f, *args)
    return (time.perf_counter_ns() - start) / n


def time_row(path, kernel, function, level):
    """One process's figures for one row: warm-up, then measured rounds."""
    args = kernel.timed_args(0)
    loop = registry.timing_loop(kernel.arg_names, path.by_keyword)
    empty = registry.timing_loop(kernel.arg_names, empty=True)
    n, calls, started = 64, 0, time.perf_counter_ns()
    while _per_call(loop, n, function, args) * n < ROUND_NS[level] and n < 1 << 26:
        calls += n      # the calibration's calls warm up too, and count
        n *= 2
    calls += n
    rounds = []
    settled = False
    while len(rounds) < MAX_WARMUP_ROUNDS[level]:
        rounds.append(_per_call(loop, n, function, args))
        calls += n
        if len(rounds) >= 2 * SETTLE_ROUNDS:
            last = statistics.median(rounds[-SETTLE_ROUNDS:])
            before = statistics.median(rounds[-2 * SETTLE_ROUNDS:-SETTLE_ROUNDS])
            if abs(last - before) <= SETTLE_SHARE * last:
                settled = True
                break
    # n again, now that the loop is compiled: a round of the measured calls
    # takes ROUND_NS (the slow rounds before compilation stopped the first
    # doubling early)
    while _per_call(loop, n, function, args) * n < ROUND_NS[level] and n < 1 << 26:
        calls += n
        n *= 2
    warmup_ms = (time.perf_counter_ns() - started) / 1e6
    values, empties = [], []
    for _ in range(MEASURE_ROUNDS[level]):
        values.append(_per_call(loop, n, function, args))
        empties.append(_per_call(empty, n, function, args))
    # warmup_rounds: the rounds of n calls it took to settle, after the
    # calibration; warmup_calls: every call before the measured rounds
    return {"round_calls": n, "warmup_rounds": len(rounds), "warmup_calls": calls,
            "warmup_ms": warmup_ms, "settled": settled, "values": values, "empties": empties}


def worker(name, level):
    """Every kernel of KERNELS the path has, in this process, as JSON lines."""
    import gc
    path = registry.CALL_PATHS[name]
    functions, reason = registry.load_path(path)
    gc.collect()
    gc.disable()        # as the driver: no collection inside a timed round
    for kernel_name in KERNELS:
        if reason or kernel_name not in functions:
            continue
        row = time_row(path, registry.KERNELS[kernel_name], functions[kernel_name], level)
        print(json.dumps({"kernel": kernel_name, **row}), flush=True)
    return 0


def _paths():
    """(loadable paths timed here, {path: why not}), the floors included; the
    native-loop floor (c.direct) runs its loop in C and is left to the
    drivers."""
    timed, skipped = [], {}
    for path in registry.CALL_PATHS.values():
        if path.native:
            skipped[path.name] = "runs its loop in C: not a call from Python code"
            continue
        functions, reason = registry.load_path(path)
        if reason:
            skipped[path.name] = reason
        elif any(k in functions for k in KERNELS):
            timed.append(path)
    return timed, skipped


def _row(kernel, path, groups, empty_groups, skipped=""):
    row = dict.fromkeys(v.SUMMARY_COLUMNS, "")
    row.update(kernel=kernel, path=path, family=path.split(".")[0], mode="interp",
               skipped=skipped)
    if not any(groups):
        return row
    figures = stats.row_figures(groups)
    row.update({key: figures[key] for key in v.SUMMARY_COLUMNS if key in figures})
    row.update(repetitions=sum(map(len, groups)), processes=len(groups))
    if empty_groups is not None:
        row.update(stats.net_of(figures, stats.row_figures(empty_groups)))
    return row


def measure(results, quick=False, cpu=None, workers=None):
    """Every path, `workers` processes each (default WORKERS; sequential, on
    `cpu` if given): summary.csv, jit.csv and the metadata of `results` (a
    ResultsFolder)."""
    level = "quick" if quick else "full"
    workers = workers or WORKERS[level]
    timed, skipped = _paths()
    settings = json.dumps(level)
    found = {}      # (path, kernel) -> [process figures]
    total = len(timed) * workers
    done = 0
    for path in timed:
        for _ in range(workers):
            # -E -s: isolated from PYTHON* variables and the user site, as -I,
            # but with this folder (the checkout) on sys.path
            command = [sys.executable, "-E", "-s", "-m", "harness.pipeline.measure.jit_timing", "worker",
                       path.name, settings]
            out = subprocess.run(calibrate.on_cpu(command, cpu), capture_output=True, text=True,
                                 cwd=harness.ROOT)
            done += 1
            if out.returncode != 0:
                why = (out.stderr.strip().splitlines() or [f"exit status {out.returncode}"])[-1]
                skipped[path.name] = f"its worker process failed: {why}"
                print(f"  [{done}/{total}] {path.name}: failed ({why})", flush=True)
                continue
            for line in out.stdout.splitlines():
                figures = json.loads(line)
                found.setdefault((path.name, figures["kernel"]), []).append(figures)
            print(f"  [{done}/{total}] {path.name}", flush=True)
    rows, jit_rows = [], []
    empties_all = [f["empties"] for runs in found.values() for f in runs]
    rows.append(_row("empty", v.BASELINE_PATH, empties_all, None))
    for (name, kernel), runs in found.items():
        if name in skipped:
            continue
        row = _row(kernel, name, [f["values"] for f in runs], [f["empties"] for f in runs])
        rows.append(row)
        jit_rows.append({
            "path": name, "kernel": kernel, "processes": len(runs),
            "round_calls": runs[0]["round_calls"],
            "warmup_rounds": ";".join(str(f["warmup_rounds"]) for f in runs),
            "warmup_calls": statistics.median(f["warmup_calls"] for f in runs),
            "warmup_ms": round(statistics.median(f["warmup_ms"] for f in runs), 1),
            "settled": f"{sum(f['settled'] for f in runs)}/{len(runs)}",
            "ns_net": row["ns_net"]})
    for name, why in skipped.items():
        rows.append(_row("add_i64", name, [], None, skipped=f"skipped: {why}"))
    results.write_table("summary.csv", rows)
    results.write_table("jit.csv", jit_rows)
    facts = metadata.run_metadata()
    facts.update({
        "driver_frontend": "none: harness/pipeline/measure/jit_timing.py (a JIT: the loop timed in Python)",
        "jit_method": (f"warm-up until the median of the last {SETTLE_ROUNDS} rounds is within "
                       f"{SETTLE_SHARE:.0%} of the {SETTLE_ROUNDS} before (at most "
                       f"{MAX_WARMUP_ROUNDS[level]} rounds of about {ROUND_NS[level] / 1e6:g} ms), "
                       f"then {MEASURE_ROUNDS[level]} rounds, each with an empty-loop round; "
                       f"{workers} processes per path"),
        "cpu_pinned": "" if cpu is None else str(cpu),
        "date": time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime()),
        "ffb_workers": str(workers)})
    results.start_metadata(facts)
    return 0


def main(argv=None):
    parser = stage_cli.command_line(__spec__.name, __doc__)
    parser.add_argument("results", metavar="RESULTS")
    parser.add_argument("--quick", action="store_true", help="the QUICK=1 settings")
    args = parser.parse_args(argv)
    os.makedirs(args.results, exist_ok=True)
    return stage_cli.run_folder("jit_timing", args.results,
                                lambda results: measure(results, quick=args.quick))


if __name__ == "__main__":
    if sys.argv[1:2] == ["worker"]:     # one path's process, started by measure()
        sys.exit(worker(sys.argv[2], json.loads(sys.argv[3])))
    sys.exit(main())
