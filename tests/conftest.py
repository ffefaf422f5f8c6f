"""Puts the registry on sys.path (it puts the binding folders there in turn)
and checks that the build the tests need exists."""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "harness"))

import paths  # noqa: E402  (needs the sys.path entry above)

if not os.path.exists(os.path.join(paths.BUILD, "libkernels.so")):
    raise SystemExit("tests: build/ is empty: run 'make test', which builds first")


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
        f"{len(tried.get('failed', []))} did not; none crashed the interpreter")
