"""The tests, by what they need (make test runs them all, after building):

  unit/        fixtures only: no build and no make, seconds
  built/       the built modules and driver: results per path, bad input,
               leaks, identical kernel bytes, the driver's flags
  end_to_end/  make bench itself (QUICK runs into temporary folders)

The valgrind runs, and make bench beside other interpreters (which builds
them first), are marked slow (minutes between them): `make test` leaves them
out, `make test SLOW=1` (as CI does) runs them too.

This puts the checkout on sys.path (the harness package; its registry puts
the binding folders there in turn).  The tests that need build/ are skipped,
saying so, when it is empty; `make test` builds first.
"""
import os
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

import harness  # noqa: E402  (needs the sys.path entry above)

NEEDS_BUILD = ("built", "end_to_end")


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: a valgrind run, or make bench on other "
                            "interpreters (make test SLOW=1 runs it)")


def pytest_collection_modifyitems(config, items):
    """Skips the tests that need build/ when it is empty, with the reason."""
    if os.path.exists(os.path.join(harness.BUILD, "libkernels.so")):
        return
    skip = pytest.mark.skip(reason="build/ is empty: run 'make test', which builds first")
    for item in items:
        if os.path.basename(os.path.dirname(str(item.fspath))) in NEEDS_BUILD:
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter):
    """How many bad inputs were tried, on how many paths and kernels (issue:
    'the number of cases tried is printed')."""
    tried = {}
    for outcome in ("passed", "failed"):
        for report in terminalreporter.stats.get(outcome, []):
            if report.when == "call" and "test_bad_input_raises[" in report.nodeid:
                tried.setdefault(outcome, []).append(report.nodeid)
    cases = sum(len(ids) for ids in tried.values())
    if not cases:
        return
    names = [nodeid.split("[", 1)[1] for ids in tried.values() for nodeid in ids]
    paths_seen = {name.split("-", 1)[0] for name in names}
    kernels_seen = {name.split("-")[1] for name in names}
    terminalreporter.write_line(
        f"bad input: {cases} cases tried on {len(paths_seen)} paths and "
        f"{len(kernels_seen)} kernels: {len(tried.get('passed', []))} raised the expected "
        "exception (or did what the registry records the path does instead), "
        f"{len(tried.get('failed', []))} did not (the calls run in this process: a crash "
        "would have ended the run before this line)")
