"""The driver, both front-ends: flags, usage, rows, progress, Ctrl-C, the
hosted module once per process.  Checks structure, never timings."""
import json
import re
import os
import shutil
import signal
import subprocess
import sys

import pytest

import harness
from harness import registry
from harness.pipeline.measure import frontends
from harness.registry import vocabulary as v


# The two front-ends of the same driver code, started as make bench starts them.
FRONTENDS = v.FRONTENDS


def run_driver(*args, frontend="embedded"):
    return subprocess.run(frontends.command(frontend, list(args)), capture_output=True,
                          text=True, timeout=60)


@pytest.mark.parametrize("frontend", FRONTENDS)
@pytest.mark.parametrize("flag", ["--bogus", "extra", "--benchmark_bogus=1",
                                  "--root", "--pin=abc", "--pin=-1", "--pin=",
                                  "--progress=x", "--progress=-1", "--progress="])
def test_unknown_flag_prints_usage_and_exits_2(flag, frontend):
    result = run_driver(flag, frontend=frontend)
    assert result.returncode == 2
    assert ("unknown argument" in result.stderr and "usage:" in result.stderr
            or "--pin needs a CPU number" in result.stderr
            or "--progress needs seconds" in result.stderr)


@pytest.mark.parametrize("frontend", FRONTENDS)
def test_help_exits_0(frontend):
    result = run_driver("--help", frontend=frontend)
    assert result.returncode == 0 and "--benchmark_" in result.stdout
    assert f"({frontend} front-end)" in result.stdout


@pytest.mark.parametrize("frontend", FRONTENDS)
def test_pin_gc_and_frontend_are_recorded(tmp_path, frontend):
    out = tmp_path / "one.json"
    result = run_driver("--pin=0", "--benchmark_filter=^noop/capi.fastcall/interp$",
                        "--benchmark_min_time=0.001", f"--benchmark_out={out}",
                        "--benchmark_out_format=json", frontend=frontend)
    assert result.returncode == 0, result.stderr
    with open(out) as f:
        context = json.load(f)["context"]
    assert context["cpu_pinned"] == "0"
    assert context["python_gc"].startswith("disabled while timing")
    assert context["driver_frontend"] == frontend
    if frontend == "hosted":    # the interpreter of the process that ran it
        assert context["python_executable"] == sys.executable


@pytest.mark.parametrize("frontend", FRONTENDS)
def test_benchmark_flags_pass_through(frontend):
    result = run_driver("--benchmark_list_tests=true",
                        "--benchmark_filter=^add_i64/", frontend=frontend)
    assert result.returncode == 0, result.stderr
    names = result.stdout.split()
    want = [r.name for r in registry.rows() if r.kernel == "add_i64"]
    assert names == want


@pytest.mark.parametrize("frontend", FRONTENDS)
@pytest.mark.parametrize("selection, rows", [
    ("--benchmark_filter=^noop/capi", "^noop/capi"), ("--benchmark_filter=", "")])
def test_progress_lines_count_the_repetitions_of_the_rows_run(frontend, selection, rows):
    rows = len([r for r in registry.rows() if re.search(rows, r.name)])
    result = run_driver("--progress=0", selection, "--benchmark_repetitions=2",
                        "--benchmark_min_time=0.0002", frontend=frontend)
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if "progress:" in line]
    assert lines and f"of {2 * rows} repetitions of {rows} rows" in lines[-1]
    assert f"done: {rows} rows in " in result.stderr


def test_both_frontends_produce_the_same_rows():
    listed = {}
    for frontend in FRONTENDS:
        result = run_driver("--benchmark_list_tests=true", frontend=frontend)
        assert result.returncode == 0, result.stderr
        listed[frontend] = result.stdout.split()
    assert listed["embedded"] == listed["hosted"] == [r.name for r in registry.rows()]


def test_hosted_driver_runs_once_per_process():
    code = ("import sys; sys.path.insert(0, sys.argv[1]); import ffibench_driver as d\n"
            "for bad in (None, [], [1]):\n"
            "    try: d.main(bad)\n"
            "    except TypeError: pass\n"
            "    else: raise SystemExit('accepted ' + repr(bad))\n"
            "assert d.main(['x', '--benchmark_list_tests=true',"
            " '--benchmark_filter=^noop/capi.fastcall/', '--root=' + sys.argv[2]]) == 0\n"
            "try: d.main(['x'])\n"
            "except RuntimeError as e: print('refused:', e)\n")
    result = subprocess.run([sys.executable, "-I", "-c", code, harness.BUILD, harness.ROOT],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "noop/capi.fastcall/interp" in result.stdout
    assert "refused: the driver runs once per process" in result.stdout


def test_hosted_driver_names_make_when_not_built(tmp_path):
    (tmp_path / "harness" / "driver").mkdir(parents=True)
    shutil.copy(frontends.HOSTED, tmp_path / "harness" / "driver")
    result = subprocess.run([sys.executable, "-I",
                             str(tmp_path / "harness" / "driver" / "hosted_driver.py")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "run 'make'" in result.stderr


@pytest.mark.parametrize("frontend", FRONTENDS)
def test_interrupt_stops_the_run(frontend):
    """Ctrl-C ends the run (killed by SIGINT) instead of failing one row."""
    process = subprocess.Popen(frontends.command(frontend, ["--benchmark_filter=add_i64",
                                                            "--benchmark_min_time=1"]),
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    first = process.stdout.readline()           # the run has started
    process.send_signal(signal.SIGINT)
    process.communicate(timeout=60)
    assert first and process.returncode == -signal.SIGINT


def test_ctypes_binding_names_the_missing_library(tmp_path):
    folder = tmp_path / "ctypes_bindings"
    folder.mkdir()
    shutil.copy(os.path.join(harness.ROOT, "ctypes_bindings", "kernels_ctypes.py"),
                folder)
    alone = {k: v for k, v in os.environ.items() if k != "FFIBENCH_BUILD"}
    result = subprocess.run([sys.executable, "-c", "import kernels_ctypes"],
                            cwd=folder, capture_output=True, text=True, env=alone)
    assert result.returncode != 0
    assert "ImportError" in result.stderr
    assert str(tmp_path / "build" / "libkernels.so") in result.stderr
    assert "run 'make'" in result.stderr


def test_the_filter_of_the_rows_timed_again_lists_exactly_them():
    """refine.filter_flag as Google Benchmark's regular expressions read it
    (POSIX extended, not Python's): every name chosen, nothing else."""
    from harness.pipeline.analyse import refine
    listed = run_driver("--benchmark_list_tests=true").stdout.split()
    names = [n for n in listed if "/interp" in n][:40:3] + [listed[-1]]
    result = run_driver("--benchmark_list_tests=true", refine.filter_flag(names))
    assert result.returncode == 0, result.stderr
    assert sorted(result.stdout.split()) == sorted(names)
