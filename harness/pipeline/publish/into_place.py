"""Moves a finished make bench run from its working folder into RESULTS.

make bench measures, charts and reports into RESULTS.part/, so that an
interrupted or failed run (Ctrl-C, SIGTERM, an error) leaves RESULTS as the
previous run left it.  Only when every stage has finished does this move each
file into RESULTS (each move is atomic), remove the outputs of an earlier run
that this one does not have (the hyperfine files when hyperfine is missing,
the check run with CHECK=0), and remove the working folder.  Files in RESULTS
that make bench never writes (instr.*, from make bench-instr) stay.

Called by harness/pipeline/bench.py, last.
"""
import os
import shutil

from harness.pipeline.publish import charts


# What make bench writes only under some conditions (hyperfine, the check
# run, a chart whose rows a filtered run has; the drivers' files or PyPy's;
# the choice's files with CHOICE=1; any stage's after measuring, which may
# fail while the run goes on: bench.Stages), and what older versions wrote
# (calls.json, now kept compressed).
OPTIONAL = ("import.csv", "import.json", "e2e.csv", "e2e.json", "frontends.csv",
            "check", "calls.json", "check/calls.json", "coverage.csv", "pyperf.json",
            "jit.csv", "safety.csv", "firstcall.csv", "threads.csv", "scaling.csv",
            "ownership.csv", "build.json", "decision.csv", "decision.md", "REPORT.md", "index.html",
            *(f"{chart}.{fmt}" for chart in charts.BENCH_CHARTS for fmt in ("svg", "png")))
# A stage's unfinished file or scratch folder (NAME.part, left by a stage
# that failed): never published.
UNFINISHED_SUFFIX = ".part"
# The lock file of the run writing PART (harness/pipeline/bench.py): not published.
LOCK_NAME = ".lock"


def publish(part, results, partial=False):
    """Moves PART's files into RESULTS; with partial (make measure), the
    older outputs this run does not make are kept."""
    os.makedirs(results, exist_ok=True)
    missing = [] if partial else [
        name for name in OPTIONAL if not os.path.lexists(os.path.join(part, name))]
    moved = 0
    for folder, folders, files in os.walk(part):
        folders[:] = [name for name in folders if not name.endswith(UNFINISHED_SUFFIX)]
        target = os.path.join(results, os.path.relpath(folder, part))
        os.makedirs(target, exist_ok=True)
        for name in files:
            if (name == LOCK_NAME and folder == part) or name.endswith(UNFINISHED_SUFFIX):
                continue
            os.replace(os.path.join(folder, name), os.path.join(target, name))
            moved += 1
    for name in missing:
        old = os.path.join(results, name)
        if os.path.lexists(old):
            if os.path.isdir(old):
                shutil.rmtree(old)
            else:
                os.remove(old)
    shutil.rmtree(part)
    return moved
