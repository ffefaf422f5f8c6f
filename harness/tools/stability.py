"""Measures the instrument: how much each row's median moves across back-to-
back full runs of `make bench` (summary.csv of each), how long they took, and
how pyperf does on the same rows at the same wall time.

For every row measured in all runs: spread = (max - min) / min of its
medians, in percent.  Reported against the targets of issue 13, for the rows
of 20 ns or more: the median and 90th percentile of the spread (<= 1 %,
<= 3 %), every row's CV (<= 5 %), the capi.fastcall rows' spread (<= 3 %),
and the wall time per run.

Then pyperf side by side: the interp rows of noop and add_i64 of every path,
measured RUNS times by the driver alone (make bench's measuring stage,
filtered to those rows) and RUNS times by pyperf (harness/tools/pyperf_rows.py,
the same loops) with as many worker processes as fit the driver's wall time
(sized by one run of pyperf at PYPERF_SIZING processes; when even those take
longer than the driver, the driver gets the worker processes that fit
pyperf's time instead); each side's spread of
the net medians over its runs, and every path's add_i64 against pyperf's
(within 5 %).

make stability runs `python3 -m harness.tools.stability` (three full runs into
build/stability/run1..3, then the pyperf comparison, about 25 minutes).

Usage: python3 -m harness.tools.stability [RUN_DIR ...]   (with folders: report those, run nothing)
"""

import os
import re
import shutil
import statistics
import subprocess
import sys
import time

import harness
from harness.pipeline import results_io, stage_cli
from harness.pipeline.config import WORKERS
from harness.pipeline.analyse.summarize import NOISE_FLOOR_NS
from harness.tools import validate

TARGET_PCT = 1.0            # the median row's spread
TARGET_90TH_PCT = 3.0
TARGET_CV_PCT = 5.0
TARGET_FASTCALL_PCT = 3.0
TARGET_PYPERF_PCT = 5.0     # add_i64 of every path against pyperf's
PYPERF_SIZING = 2           # pyperf's processes in the run that sizes the others


def medians(folder):
    """{row: its published figure, gross} (the headline estimator's)."""
    return {(r["kernel"], r["path"], r["mode"], r["arg"]): float(r["ns"])
            for r in results_io.ResultsFolder(folder).table("summary.csv")
            if r["ns"]}


def spreads(runs):
    """{row: spread in percent} for the rows every run measured."""
    common = set.intersection(*(set(r) for r in runs))
    return {key: (max(r[key] for r in runs) / min(r[key] for r in runs) - 1) * 100
            for key in common if min(r[key] for r in runs) > 0}


def percentile_90(values):
    ordered = sorted(values)
    return ordered[int(0.9 * (len(ordered) - 1))]


def describe(values):
    ordered = sorted(values)
    within = sum(v <= TARGET_PCT for v in ordered) / len(ordered) * 100
    return (f"median {statistics.median(ordered):.2f}%, 90th percentile "
            f"{percentile_90(ordered):.2f}%, max {ordered[-1]:.1f}%, "
            f"{within:.0f}% of rows within {TARGET_PCT:.0f}%")


def met(ok):
    return "met" if ok else "NOT met"


RUNS = 3
FOLDER = os.path.join(harness.BUILD, "stability")


def bench(folder, *extra, **env):
    """One run of the bench pipeline into folder; its wall seconds."""
    log = folder + ".log"
    start = time.monotonic()
    with open(log, "w") as out:
        done = subprocess.run([sys.executable, "-m", "harness.pipeline.bench", *extra],
                              env={**os.environ, "RESULTS": folder, **env},
                              stdout=out, stderr=subprocess.STDOUT, cwd=harness.ROOT)
    if done.returncode != 0:
        raise RuntimeError(f"{folder} failed: see {log}")
    wall = time.monotonic() - start
    with open(os.path.join(folder, "wall_seconds"), "w") as f:
        f.write(f"{wall:.0f}\n")
    return wall


def run_all():
    """RUNS back-to-back runs of the bench pipeline; their folders."""
    shutil.rmtree(FOLDER, ignore_errors=True)
    os.makedirs(FOLDER)
    folders = []
    for run in range(1, RUNS + 1):
        folder = os.path.join(FOLDER, f"run{run}")
        bench(folder)
        print(f"run {run} of {RUNS} done", flush=True)
        folders.append(folder)
    return folders


# --- pyperf side by side ---


def pyperf_rows(folder):
    """The interp rows of validate.KERNELS a full run measured."""
    return sorted(f"{r['kernel']}/{r['path']}/interp"
                  for r in results_io.ResultsFolder(folder).table("summary.csv")
                  if r["kernel"] in validate.KERNELS and r["mode"] == "interp"
                  and r["ns_net"])


def driver_side(rows, workers=None):
    """RUNS runs of the driver's measuring stage on rows (with `workers`
    worker processes, or make bench's number): ([{row: net ns}], [measuring
    seconds])."""
    # a later worker's names end in /iterations:N (its count is fixed)
    pattern = "^(" + "|".join(re.escape(r) for r in rows) + ")(/iterations:[0-9]+)?$"
    nets, walls = [], []
    for run in range(1, RUNS + 1):
        folder = os.path.join(FOLDER, f"driver{run}")
        bench(folder, "--measure-only", BENCH_ARGS=f"--benchmark_filter={pattern}",
              CHECK="0", **({"WORKERS": str(workers)} if workers else {}))
        run_results = results_io.ResultsFolder(folder)
        nets.append({f"{r['kernel']}/{r['path']}/interp": float(r["ns_net"])
                     for r in run_results.table("summary.csv")
                     if r["ns_net"] and r["mode"] == "interp"})
        walls.append(run_results.metadata["bench_seconds"]["measure"])
        print(f"driver run {run} of {RUNS} done ({walls[-1]:.0f} s)", flush=True)
    return nets, walls


def pyperf_run(rows, processes, cpu):
    """pyperf on rows with `processes` worker processes on `cpu` (pyperf's
    --affinity): ({row: net ns}, seconds)."""
    start = time.monotonic()
    net, _ = validate.pyperf_net_ns(rows, ["--quiet", f"--processes={processes}",
                                           f"--affinity={cpu}"], progress=False)
    return net, time.monotonic() - start


def pyperf_side(rows, processes, cpu):
    """RUNS runs of pyperf with `processes` worker processes on `cpu`: ([{row:
    net ns}], [seconds])."""
    nets, walls = [], []
    for run in range(1, RUNS + 1):
        net, seconds = pyperf_run(rows, processes, cpu)
        nets.append(net)
        walls.append(seconds)
        print(f"pyperf run {run} of {RUNS} done ({seconds:.0f} s)", flush=True)
    return nets, walls


def side_by_side(folders):
    """The pyperf comparison's lines, or why it was not made."""
    missing = validate.pyperf_missing()
    if missing:
        return [f"pyperf side by side: not made, {missing}"]
    rows = pyperf_rows(folders[0])
    # Equal wall time: pyperf gets the processes that fit the driver's time,
    # or, when even PYPERF_SIZING of them take longer (pyperf spawns a
    # process per row and value set, then calibrates), the driver gets the
    # workers that fit pyperf's time.
    workers = WORKERS["full"]
    driver, driver_walls = driver_side(rows)
    driver_time = statistics.median(driver_walls)
    # pyperf runs on the CPU the driver chose (an unpinned pyperf migrates
    # to the slower vCPU and pays for it, which is not what is compared)
    last_run = results_io.ResultsFolder(os.path.join(FOLDER, f"driver{RUNS}"))
    cpu = last_run.metadata["ffb_cpu"]["cpu"]
    _, sizing = pyperf_run(rows, PYPERF_SIZING, cpu)
    processes = max(PYPERF_SIZING, round(PYPERF_SIZING * driver_time / sizing))
    print(f"pyperf: {PYPERF_SIZING} processes took {sizing:.0f} s; the driver "
          f"{driver_time:.0f} s", flush=True)
    if sizing > driver_time * 1.5:
        workers = round(workers * sizing / driver_time)
        print(f"the driver gets {workers} worker processes to match pyperf's time",
              flush=True)
        driver, driver_walls = driver_side(rows, workers)
    pyperf, pyperf_walls = pyperf_side(rows, processes, cpu)
    lines = [f"pyperf side by side, the interp rows of {' and '.join(validate.KERNELS)} of "
             f"every path ({len(rows)} rows), {RUNS} runs each:"]
    for name, runs, walls, how in (
            ("driver", driver, driver_walls,
             f"make bench's measuring stage, {workers} worker processes"),
            ("pyperf", pyperf, pyperf_walls,
             f"{processes} worker processes on CPU {cpu}")):
        spread = [v for v in spreads(runs).values()]
        lines.append(f"  {name} ({how}, {statistics.median(walls):.0f} s a run): spread of "
                     f"the net medians: median {statistics.median(spread):.2f}%, 90th "
                     f"percentile {percentile_90(spread):.2f}%")
    ours = {r: statistics.median(run[r] for run in runs_of(folders) if r in run)
            for r in rows if r.startswith("add_i64/")}
    theirs = {r: statistics.median(run[r] for run in pyperf) for r in ours}
    off = {r: (ours[r] / theirs[r] - 1) * 100 for r in ours if theirs[r] > 0}
    worst = max(off, key=lambda r: abs(off[r]))
    lines.append(f"  add_i64, full runs against pyperf: {sum(abs(x) <= TARGET_PYPERF_PCT for x in off.values())}"
                 f" of {len(off)} paths within {TARGET_PYPERF_PCT:.0f}% (worst {worst} "
                 f"{off[worst]:+.1f}%): {met(all(abs(x) <= TARGET_PYPERF_PCT for x in off.values()))}")
    return lines


def runs_of(folders):
    """{row: net ns} of the interp rows of each full run."""
    return [{f"{r['kernel']}/{r['path']}/interp": float(r["ns_net"])
             for r in results_io.ResultsFolder(folder).table("summary.csv")
             if r["ns_net"] and r["mode"] == "interp"} for folder in folders]


def main(argv=None):
    parser = stage_cli.command_line(__spec__.name, __doc__)
    parser.add_argument("folders", metavar="RUN_DIR", nargs="*",
                        help="two or more results folders to report (none: run them)")
    folders = parser.parse_args(argv).folders
    if len(folders) == 1:
        parser.error("give two results folders or more, or none")
    fresh = not folders
    try:
        if fresh:
            folders = run_all()
        runs = [medians(folder) for folder in folders]
        spread = spreads(runs)
        first = runs[0]
        large = [v for k, v in spread.items() if first[k] >= NOISE_FLOOR_NS]
        print(f"stability over {len(folders)} back-to-back runs of make bench:")
        print(f"  rows >= {NOISE_FLOOR_NS:.0f} ns ({len(large)}): {describe(large)}")
        print(f"    targets: median <= {TARGET_PCT:.0f}%: "
              f"{met(statistics.median(large) <= TARGET_PCT)}; 90th percentile <= "
              f"{TARGET_90TH_PCT:.0f}%: {met(percentile_90(large) <= TARGET_90TH_PCT)}")
        print(f"  all rows ({len(spread)}): {describe(list(spread.values()))}")
        cvs = [float(r["cv_pct"]) for folder in folders
               for r in results_io.ResultsFolder(folder).table("summary.csv")
               if r["cv_pct"] and r["ns_median"] and float(r["ns_median"]) >= NOISE_FLOOR_NS]
        if cvs:
            print(f"  CV of rows >= {NOISE_FLOOR_NS:.0f} ns, every run: median "
                  f"{statistics.median(cvs):.2f}%, 90th percentile {percentile_90(cvs):.2f}%, "
                  f"max {max(cvs):.1f}%, {sum(c <= TARGET_CV_PCT for c in cvs)} of {len(cvs)} "
                  f"within {TARGET_CV_PCT:.0f}%: {met(max(cvs) <= TARGET_CV_PCT)}")
        fast = {k: v for k, v in spread.items() if k[1] == "capi.fastcall"}
        if fast:
            worst = max(fast, key=fast.get)
            print(f"  capi.fastcall rows ({len(fast)}): spread at most {fast[worst]:.2f}% "
                  f"({'/'.join(filter(None, worst))}) against {TARGET_FASTCALL_PCT:.0f}%: "
                  f"{met(fast[worst] <= TARGET_FASTCALL_PCT)}")
        walls = []
        for folder in folders:
            try:
                with open(os.path.join(folder, "wall_seconds")) as f:
                    walls.append(float(f.read()))
            except (OSError, ValueError):
                pass
        if walls:
            print("  wall time per run: " + ", ".join(f"{w:.0f} s" for w in walls))
        if fresh:
            print("\n".join(side_by_side(folders)))
    except RuntimeError as exc:
        print(f"stability: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
