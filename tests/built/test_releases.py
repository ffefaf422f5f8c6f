"""make releases QUICK=1 (the first and last release of each tool's series)
and make gate on real counts: each release built over the same kernel
object, its own module measured (not the project's), every release either
measured on every row of the series or recorded with its first error line;
results/releases/'s tables and charts."""
import json
import os
import shutil
import subprocess
import sys

import pytest

import harness
from harness.pipeline import results_io
from harness.releases import run, series
from harness.tools import instr_functions

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("valgrind") is None, reason="valgrind is not installed"),
    pytest.mark.skipif(bool(os.environ.get("FFIBENCH_SANITIZER")),
                       reason="valgrind cannot run a sanitizer build"),
    pytest.mark.skipif(sys.implementation.name != "cpython" or sys.version_info[:2] != (3, 11),
                       reason="the series is pinned to the wheels of CPython 3.11"),
]


def make(*args, timeout=4 * 3600):
    return subprocess.run(["make", "-C", harness.ROOT, "--no-print-directory", *args,
                           f"PYTHON={sys.executable}"], capture_output=True, text=True,
                          timeout=timeout)


@pytest.fixture(scope="module")
def releases(tmp_path_factory):
    results = tmp_path_factory.mktemp("releases") / "releases"
    done = make("releases", "QUICK=1", f"RESULTS={results}")
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    return results_io.ResultsFolder(str(results)), done.stdout


def test_every_release_is_built_or_says_why(releases):
    results, out = releases
    builds = results.table("builds.csv")
    chosen = series.series(quick=True)
    assert [(b["tool"], b["release"]) for b in builds] == [(r.tool, r.version) for r in chosen]
    for b in builds:
        assert b["built"] == "yes" and not b["error"] or b["built"] == "no" and b["error"], b
    assert "[1/10]" in out and "min elapsed" in out


def test_each_built_release_is_measured_on_every_row_from_its_own_module(releases):
    results, _ = releases
    rows = results.table("releases.csv")
    for b in results.table("builds.csv"):
        if b["built"] != "yes":
            continue
        release = series.Release(b["tool"], b["release"], int(b["order"]))
        mine = [r for r in rows if (r["tool"], r["release"]) == (b["tool"], b["release"])]
        kernels = {(r["path"], r["kernel"], r["arg"]) for r in mine}
        for path in release.paths:
            expected = {(path, k, a) for k in series.KERNELS
                        for a in (("ok", "fail") if k == "fail_if_negative" else ("",))}
            assert expected <= kernels, (release.name, expected - kernels)
        for r in mine:
            assert float(r["instructions_net"]) > 0 and float(r["ns_net"]) > 0, r
        # the timing workers ran the release's modules; callgrind, the release
        with open(os.path.join(release.folder, "timing", "metadata.json")) as f:
            meta = json.load(f)
        loaded = {key: value for key, value in meta.items()
                  if key.startswith("ffb_release_module_")}
        assert loaded and all(value.startswith(release.folder + "/")
                              for value in loaded.values()), (release.name, loaded)
        if release.tool == "cffi":
            assert meta["ffb_release_cffi_backend"].startswith(release.folder + "/site/")
        assert meta["ffb_release"] == release.name
        with open(os.path.join(release.folder, "instr", "instr_metadata.json")) as f:
            assert json.load(f)["ffb_release"] == release.name


def test_each_built_release_returns_the_kernels_results_and_rejects_bad_input(releases):
    """tests/built/test_paths.py (the kernel's result, bad input raising as the
    registry says) on each built release's own modules: the one that is
    measured must be as correct as the project's."""
    results, _ = releases
    for b in results.table("builds.csv"):
        if b["built"] != "yes":
            continue
        release = series.Release(b["tool"], b["release"], int(b["order"]))
        done = subprocess.run([sys.executable, "-m", "pytest", "-v", "-p", "no:cacheprovider",
                               "tests/built/test_paths.py", "-k", "loads_from_this_build or "
                               "same_result or bad_input_raises or release_s_paths"],
                              cwd=harness.ROOT, env={**os.environ, **run.release_env(release)},
                              capture_output=True, text=True, timeout=1800)
        assert done.returncode == 0, (release.name, done.stdout[-4000:] + done.stderr[-2000:])
        assert "test_a_release_s_paths_load_its_own_modules PASSED" in done.stdout, release.name
        for path in release.paths:
            assert f"test_bad_input_raises[{path}-" in done.stdout, (release.name, path)


def test_report_and_charts(releases):
    results, _ = releases
    text = open(results.file("REPORT.md"), encoding="utf-8").read()
    for tool in series.TOOLS:
        assert f"## {tool} (" in text
        if any(r["tool"] == tool for r in results.table("releases.csv")):
            assert os.path.getsize(results.file(f"charts/{tool}.png")) > 0
    results.table("steps.csv")


def test_gate_on_two_releases_counts(releases, tmp_path):
    """The gate between the counts of one tool's two releases: a change in
    either direction is printed with both counts; the older release as BASE of
    the newer (or the reverse) fails where the later one grew."""
    results, _ = releases
    built = [r for r in series.series(("pybind11",), quick=True)
             if os.path.isfile(os.path.join(r.folder, "instr", "instr.csv"))]
    if len(built) < 2:
        pytest.skip("pybind11's two releases were not both built here")
    old, new = (os.path.join(r.folder, "instr") for r in built)
    done = subprocess.run([sys.executable, "-m", "harness.tools.gate", old, f"--current={new}"],
                          cwd=harness.ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode in (0, 1), done.stdout + done.stderr
    assert "add_i64/pybind11.v3/interp" in done.stdout
    assert ("GREW" in done.stdout) == (done.returncode == 1)


def test_instr_functions_adds_up_to_the_row_s_count(releases):
    """python3 -m harness.tools.instr_functions on a release's dumps: its
    functions' instructions per call add up to the row's count in
    instr.csv; two releases' dumps print what changed."""
    folders = [r.folder for r in series.series(("pybind11",), quick=True)
               if os.path.isfile(os.path.join(r.folder, "instr", "instr.csv"))]
    if not folders:
        pytest.skip("no pybind11 release was built here")
    row = "add_i64/pybind11.v3/interp"
    counted = [r for r in results_io.ResultsFolder(os.path.join(folders[0], "instr"))
               .table("instr.csv") if "/".join((r["kernel"], r["path"], r["mode"])) == row]
    functions = instr_functions.per_call(os.path.join(folders[0], "callgrind"), row)
    assert abs(sum(functions.values()) - float(counted[0]["instructions"])) < 0.1
    assert any("dispatcher" in name for name in functions)
    done = subprocess.run([sys.executable, "-m", "harness.tools.instr_functions", row,
                           *(os.path.join(f, "callgrind") for f in folders)],
                          cwd=harness.ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and "(every function)" in done.stdout, done.stderr
