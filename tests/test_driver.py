"""The driver and the pipeline behind `make bench`: flags, the CSV contract,
the charts.  Checks structure, never timings (they are noise here)."""
import csv
import json
import os
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ElementTree

import pytest

import paths
import summarize

DRIVER = os.path.join(paths.BUILD, "ffibench-driver")


def run_driver(*args):
    return subprocess.run([DRIVER, *args], capture_output=True, text=True,
                          timeout=60)


@pytest.mark.parametrize("flag", ["--bogus", "extra", "--benchmark_bogus=1",
                                  "--root", "--pin=abc", "--pin=-1", "--pin="])
def test_unknown_flag_prints_usage_and_exits_2(flag):
    result = run_driver(flag)
    assert result.returncode == 2
    assert ("unknown argument" in result.stderr and "usage:" in result.stderr
            or "--pin needs a CPU number" in result.stderr)


def test_help_exits_0():
    result = run_driver("--help")
    assert result.returncode == 0 and "--benchmark_" in result.stdout


def test_pin_and_gc_are_recorded(tmp_path):
    out = tmp_path / "one.json"
    result = run_driver("--pin=0", "--benchmark_filter=^noop/capi.fastcall/interp$",
                        "--benchmark_min_time=0.001", f"--benchmark_out={out}",
                        "--benchmark_out_format=json")
    assert result.returncode == 0, result.stderr
    with open(out) as f:
        context = json.load(f)["context"]
    assert context["cpu_pinned"] == "0"
    assert context["python_gc"].startswith("disabled while timing")


def test_benchmark_flags_pass_through():
    result = run_driver("--benchmark_list_tests=true",
                        "--benchmark_filter=add_i64")
    assert result.returncode == 0, result.stderr
    names = result.stdout.split()
    want = [r.name for r in paths.rows() if r.kernel == "add_i64"]
    assert names == want


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory):
    """`make bench QUICK=1` into a temporary results folder."""
    results = tmp_path_factory.mktemp("results")
    done = subprocess.run(["make", "-C", paths.ROOT, "--no-print-directory",
                           "bench", "QUICK=1", f"RESULTS={results}",
                           f"PYTHON={sys.executable}"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return results


def read_csv(path):
    with open(path, newline="") as f:
        reader = csv.DictReader(f)
        return reader.fieldnames, list(reader)


def test_summary_has_a_row_for_every_registry_row(quick_run):
    columns, rows = read_csv(quick_run / "summary.csv")
    assert tuple(columns) == summarize.COLUMNS
    got = [(r["kernel"], r["path"], r["mode"], r["arg"]) for r in rows]
    want = [(r.kernel, r.path, r.mode, r.arg) for r in paths.rows()]
    assert got == want      # every registry row, in registry order
    for mode in (*paths.MODES, paths.NATIVE_MODE):
        assert (paths.BASELINE_KERNEL, paths.BASELINE_PATH, mode, "") in got


def test_summary_rows_are_complete(quick_run):
    _, rows = read_csv(quick_run / "summary.csv")
    registry = {(r.kernel, r.path, r.mode, r.arg): r for r in paths.rows()}
    for row in rows:
        assert row["skipped"] == "", row
        assert row["family"] == row["path"].split(".")[0]
        lo, median, hi = (float(row[k]) for k in ("ns_min", "ns_median", "ns_max"))
        assert 0 < lo <= median <= hi
        assert int(row["repetitions"]) == 3 and int(row["iterations"]) > 0
        assert float(row["cv_pct"]) >= 0
        want_gil = str(int(registry[row["kernel"], row["path"], row["mode"],
                                    row["arg"]].gil_released))
        assert row["gil_released"] == want_gil
    base = {(r["mode"], r["arg"]): float(r["ns_median"]) for r in rows
            if r["path"] == paths.BASELINE_PATH}
    for row in rows:
        if row["path"] == paths.BASELINE_PATH:
            assert row["ns_net"] == ""
        else:
            arg = row["arg"]
            batch = paths.batch_for(int(arg) if arg.isdigit() else arg)
            key = (row["mode"], "" if batch == paths.BATCH else f"batch{batch}")
            assert float(row["ns_net"]) == pytest.approx(
                float(row["ns_median"]) - base[key], abs=0.002)


def test_json_records_where_each_binding_came_from(quick_run):
    with open(quick_run / "calls.json") as f:
        context = json.load(f)["context"]
    with open(quick_run / "metadata.json") as f:
        kept = json.load(f)
    assert {k: kept[k] for k in context} == context
    assert kept["load_avg_end"] and isinstance(kept["warnings"], list)
    for path in paths.PATHS.values():
        where = context["module_" + path.module]
        assert os.path.realpath(where).startswith(paths.ROOT + os.sep), where
    for key in ("python_version", "cpu_model", "build_cflags", "python_libpython",
                "git_commit", "aslr", "load_avg_start", "cpu_scaling_governor",
                "build_benchmark_version", "python_pgo", "python_gc"):
        assert context[key], key


CHARTS = ("calls", "calls_vectorcall", "args", "buffer")


@pytest.mark.parametrize("chart", CHARTS)
def test_charts_are_valid(quick_run, chart):
    root = ElementTree.parse(quick_run / f"{chart}.svg").getroot()
    assert root.tag.endswith("svg")
    text = "".join(root.itertext())
    assert "net time per call [ns]" in text
    sweep = chart in ("args", "buffer")
    shown = [p for p in paths.PATHS.values() if p.sweeps or not sweep]
    for path in shown:
        assert path.name in text, path.name
    with open(quick_run / f"{chart}.png", "rb") as f:
        head = f.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR"
    width, height = struct.unpack(">II", head[16:24])
    assert width >= 600 and height >= 400


def test_no_partial_files_are_left(quick_run):
    assert not list(quick_run.glob("*.part"))
    assert (quick_run / "derived.csv").stat().st_size > 0


def test_validate_prints_both_figures(quick_run):
    done = subprocess.run(["make", "-C", paths.ROOT, "--no-print-directory", "validate",
                           f"RESULTS={quick_run}", f"PYTHON={sys.executable}",
                           "VALIDATE_PATHS=capi.fastcall,ctypes.cdll,c.direct"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    lines = {line.split("|")[1].strip(): line for line in done.stdout.splitlines()
             if line.startswith("| ") and "path" not in line}
    assert set(lines) == {"capi.fastcall", "ctypes.cdll", "c.direct"}
    for name in ("capi.fastcall", "ctypes.cdll"):
        cells = [c.strip() for c in lines[name].split("|")]
        assert float(cells[2]) > 0 and float(cells[3]) > 0 and float(cells[4]) > 0
    assert "not compared" in lines["c.direct"]
    assert "of 2 paths compared" in done.stdout


def test_validate_refuses_unknown_paths_and_missing_results(tmp_path):
    script = os.path.join(paths.ROOT, "harness", "validate.py")
    missing = subprocess.run([sys.executable, script, str(tmp_path / "summary.csv")],
                             capture_output=True, text=True)
    assert missing.returncode == 2 and "make bench" in missing.stderr
    summary = tmp_path / "summary.csv"
    summary.write_text(",".join(summarize.COLUMNS) + "\n")
    unknown = subprocess.run([sys.executable, script, str(summary), "capi.nothing"],
                             capture_output=True, text=True)
    assert unknown.returncode == 2 and "unknown path(s): capi.nothing" in unknown.stderr


def test_ctypes_binding_names_the_missing_library(tmp_path):
    folder = tmp_path / "ctypes_bindings"
    folder.mkdir()
    shutil.copy(os.path.join(paths.ROOT, "ctypes_bindings", "kernels_ctypes.py"),
                folder)
    result = subprocess.run([sys.executable, "-c", "import kernels_ctypes"],
                            cwd=folder, capture_output=True, text=True)
    assert result.returncode != 0
    assert "ImportError" in result.stderr
    assert str(tmp_path / "build" / "libkernels.so") in result.stderr
    assert "run 'make'" in result.stderr
