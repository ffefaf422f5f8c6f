"""The one QUICK `make bench` that the end-to-end tests share (the others
start a run of their own only for what a finished run cannot show: an
interruption, a refusal, a crash, a skipped stage)."""
import subprocess
import sys

import pytest

import harness


@pytest.fixture(scope="session")
def quick_run(tmp_path_factory):
    """`make bench QUICK=1 EXTRA_WORKERS=1` into a temporary results folder:
    2 worker processes, and 1 more for the rows that need it (none by
    default in QUICK), so that the extra process is exercised too."""
    results = tmp_path_factory.mktemp("results")
    done = subprocess.run(["make", "-C", harness.ROOT, "--no-print-directory",
                           "bench", "QUICK=1", "EXTRA_WORKERS=1", f"RESULTS={results}",
                           f"PYTHON={sys.executable}"],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    (results.parent / "make-output.txt").write_text(done.stdout + done.stderr)
    return results


def processes_that_timed(row):
    """How many worker processes timed a summary row (QUICK: one value
    each): its `processes`, plus its values left out as measured in a spell;
    a row with every value in a spell keeps them all (processes ==
    spell_values, and there are at most 3 processes)."""
    processes, in_spells = int(row["processes"]), int(row["spell_values"])
    return processes if processes + in_spells > 3 else processes + in_spells


@pytest.fixture(scope="session")
def timed_by():
    return processes_that_timed
