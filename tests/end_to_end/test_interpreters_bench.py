"""make bench on every interpreter the README names, every stage: the two
commands a user types to set Debian's CPython beside another interpreter,
`make bench QUICK=1 PYTHONS="debian pypy3"` and `PYTHONS="debian 3.13t"`,
each finish with a merged COMPARISON.md, and on each interpreter every stage
either ran or was skipped with its reason (none left out silently, none
failed, no traceback).  Marked slow (make test SLOW=1, as CI runs it): each
builds what is missing (CPython 3.13t from Debian's sources, Debian's PyPy,
each interpreter's modules), then runs two QUICK benches."""
import json
import os
import subprocess

import pytest

import harness
from harness.pipeline import bench

# A run's stages with CHOICE=1 (bench.py; the choice's sub-stages by their
# modules' STAGE names): every one is in bench_stages, ran or skipped.
EVERY_STAGE = ("measure", "check", "processes", *bench.CHOICE_STAGES, "charts", "report",
               "page")
# The choice, which .ci/run once left out on these interpreters (CHOICE=0):
# here it must run.
CHOICE_TABLES = ("safety.csv", "firstcall.csv", "threads.csv", "scaling.csv", "ownership.csv",
                 "decision.csv")


@pytest.mark.slow
@pytest.mark.parametrize("other", ["pypy3", "3.13t"])
def test_every_stage_runs_on_another_interpreter_beside_debian(tmp_path, other):
    results = tmp_path / "results"
    done = subprocess.run(["make", "-C", harness.ROOT, "--no-print-directory", "bench",
                           "QUICK=1", f"PYTHONS=debian {other}", f"RESULTS={results}"],
                          capture_output=True, text=True, timeout=5400)
    said = done.stdout + done.stderr
    assert done.returncode == 0, said[-3000:]
    assert "Traceback (most recent call last)" not in said
    with open(results / "merged" / "runs.json") as f:
        runs = json.load(f)
    assert len(runs) == 2, list(runs)
    for label, meta in runs.items():
        stages = meta["bench_stages"]
        assert set(EVERY_STAGE) <= set(stages), (label, sorted(stages))
        for name, outcome in stages.items():
            assert outcome["outcome"] in ("ran", "skipped"), (label, name, outcome)
            assert outcome["outcome"] == "ran" or outcome["why"], (label, name)
        for name in bench.CHOICE_STAGES:
            assert stages[name]["outcome"] == "ran", (label, name, stages[name])
    folders = [p for p in results.iterdir() if p.name != "merged"]
    assert len(folders) == 2
    for folder in folders:
        for table in CHOICE_TABLES:
            assert (folder / table).stat().st_size > 0, (folder.name, table)
        report = (folder / "REPORT.md").read_text()
        assert "## Stages" in report and "| safety | ran (" in report
    comparison = (results / "merged" / "COMPARISON.md").read_text()
    assert "## add_i64: net ns per call" in comparison
    assert "## Not in this comparison" not in comparison
    assert os.path.getsize(results / "merged" / "comparison.png") > 0
