"""The command line the measuring stages of the choice share (loading.py,
threads.py, ownership.py): `python3 -m harness.pipeline.<stage> RESULTS
[QUICK]`, the stage run with its QUICK or full settings, its rows written to
RESULTS/<file>; an error is printed, named by the stage, and gives exit
status 1."""

import os
import subprocess
import sys

from harness.pipeline import results_io


def main(argv, stage, settings, run, file, columns):
    """rows = run(results, settings["quick" or "full"]) for the command line
    argv, written to results/file with these columns."""
    if len(argv) not in (2, 3):
        print(f"usage: python3 -m harness.pipeline.{stage} RESULTS [QUICK]", file=sys.stderr)
        return 2
    try:
        rows = run(argv[1], settings["quick" if argv[2:] == ["1"] else "full"])
        out = os.path.join(argv[1], file)
        results_io.write_csv(rows, out, columns)
    except (OSError, RuntimeError, ValueError, subprocess.CalledProcessError) as exc:
        print(f"{stage}: {exc}", file=sys.stderr)
        return 1
    print(f"  {stage}: {len(rows)} rows -> {out}")
    return 0
