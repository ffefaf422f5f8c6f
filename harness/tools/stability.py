"""Measures the instrument: how much each row's median moves across back-to-
back full runs of `make bench` (summary.csv of each), and how long they took.

For every row measured in all runs: spread = (max - min) / min of its
medians, in percent.  Reports the median and 90th percentile of the spread,
and the share of rows within 2%, for the rows of 20 ns or more (the issue's
target: median variation <= 2% for those) and for all rows.

make stability runs `python3 -m harness.tools.stability` (three full runs of
the bench pipeline into build/stability/run1..3, about 15 minutes), then
reports them.

Usage: python3 -m harness.tools.stability [RUN_DIR ...]   (with folders: report those, run nothing)
"""

import os
import shutil
import statistics
import subprocess
import sys
import time

import harness
from harness.pipeline import results_io

THRESHOLD_NS = 20.0
TARGET_PCT = 2.0


def medians(folder):
    return {(r["kernel"], r["path"], r["mode"], r["arg"]): float(r["ns_median"])
            for r in results_io.read_csv(os.path.join(folder, "summary.csv"))
            if r["ns_median"]}


def spreads(runs):
    """{row: spread in percent} for the rows every run measured."""
    common = set.intersection(*(set(r) for r in runs))
    return {key: (max(r[key] for r in runs) / min(r[key] for r in runs) - 1) * 100
            for key in common if min(r[key] for r in runs) > 0}


def describe(values):
    ordered = sorted(values)
    within = sum(v <= TARGET_PCT for v in ordered) / len(ordered) * 100
    return (f"median {statistics.median(ordered):.2f}%, 90th percentile "
            f"{ordered[int(0.9 * (len(ordered) - 1))]:.2f}%, max {ordered[-1]:.1f}%, "
            f"{within:.0f}% of rows within {TARGET_PCT:.0f}%")


RUNS = 3
FOLDER = os.path.join(harness.BUILD, "stability")


def run_all():
    """RUNS back-to-back runs of the bench pipeline; their folders."""
    shutil.rmtree(FOLDER, ignore_errors=True)
    os.makedirs(FOLDER)
    folders = []
    for run in range(1, RUNS + 1):
        folder = os.path.join(FOLDER, f"run{run}")
        log = folder + ".log"
        start = time.monotonic()
        with open(log, "w") as out:
            done = subprocess.run([sys.executable, "-m", "harness.pipeline.bench"],
                                  env={**os.environ, "RESULTS": folder},
                                  stdout=out, stderr=subprocess.STDOUT, cwd=harness.ROOT)
        if done.returncode != 0:
            raise RuntimeError(f"run {run} failed: see {log}")
        with open(os.path.join(folder, "wall_seconds"), "w") as f:
            f.write(f"{time.monotonic() - start:.0f}\n")
        print(f"run {run} of {RUNS} done", flush=True)
        folders.append(folder)
    return folders


def main(argv):
    folders = argv[1:]
    if len(folders) == 1:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    if not folders:
        try:
            folders = run_all()
        except RuntimeError as exc:
            print(f"stability: {exc}", file=sys.stderr)
            return 1
    runs = [medians(folder) for folder in folders]
    spread = spreads(runs)
    first = runs[0]
    large = [v for k, v in spread.items() if first[k] >= THRESHOLD_NS]
    print(f"stability over {len(folders)} back-to-back runs of make bench:")
    print(f"  rows >= {THRESHOLD_NS:.0f} ns ({len(large)}): {describe(large)}")
    print(f"  all rows ({len(spread)}): {describe(list(spread.values()))}")
    walls = []
    for folder in folders:
        try:
            with open(os.path.join(folder, "wall_seconds")) as f:
                walls.append(float(f.read()))
        except (OSError, ValueError):
            pass
    if walls:
        print("  wall time per run: " + ", ".join(f"{w:.0f} s" for w in walls))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
