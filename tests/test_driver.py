"""The driver and the pipeline behind `make bench`: flags, the CSV contract,
the charts.  Checks structure, never timings (they are noise here)."""
import csv
import gzip
import json
import re
import os
import shutil
import signal
import struct
import subprocess
import sys
import xml.etree.ElementTree as ElementTree

import pytest

import paths
import plotdata
import summarize

DRIVER = os.path.join(paths.BUILD, "ffibench-driver")
HOSTED = os.path.join(paths.ROOT, "harness", "hosted_driver.py")
# The two front-ends of the same driver code, as make bench runs them.
FRONTENDS = {"embedded": [DRIVER], "hosted": [sys.executable, "-I", HOSTED]}


def run_driver(*args, frontend="embedded"):
    return subprocess.run([*FRONTENDS[frontend], *args], capture_output=True,
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
                        "--benchmark_filter=add_i64", frontend=frontend)
    assert result.returncode == 0, result.stderr
    names = result.stdout.split()
    want = [r.name for r in paths.rows() if r.kernel == "add_i64"]
    assert names == want


@pytest.mark.parametrize("frontend", FRONTENDS)
@pytest.mark.parametrize("selection, rows", [
    ("--benchmark_filter=^noop/capi", "^noop/capi"), ("--benchmark_filter=", "")])
def test_progress_lines_count_the_repetitions_of_the_rows_run(frontend, selection, rows):
    rows = len([r for r in paths.rows() if re.search(rows, r.name)])
    result = run_driver("--progress=0", selection, "--benchmark_repetitions=2",
                        "--benchmark_min_time=0.0002", frontend=frontend)
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if "progress:" in line]
    assert lines and f"of {2 * rows} repetitions of {rows} rows" in lines[-1]
    assert f"done: {rows} rows in " in result.stderr


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_interrupted_bench_keeps_the_previous_results(tmp_path, sig):
    """Ctrl-C (SIGINT to the foreground process group) or SIGTERM in the middle
    of make bench: exit non-zero, the previous results as they were."""
    results = tmp_path / "results"
    results.mkdir()
    before = {"summary.csv": "previous summary\n", "REPORT.md": "previous report\n"}
    for name, text in before.items():
        (results / name).write_text(text)
    process = subprocess.Popen(["make", "-C", paths.ROOT, "--no-print-directory", "bench",
                                "QUICK=1", f"RESULTS={results}", f"PYTHON={sys.executable}"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               start_new_session=True)
    for line in process.stdout:             # measuring has begun
        if line.startswith("== measuring"):
            break
    os.killpg(process.pid, sig)
    process.communicate(timeout=120)
    assert process.returncode != 0
    assert {p.name: p.read_text() for p in results.iterdir()} == before


def test_both_frontends_produce_the_same_rows():
    listed = {}
    for frontend in FRONTENDS:
        result = run_driver("--benchmark_list_tests=true", frontend=frontend)
        assert result.returncode == 0, result.stderr
        listed[frontend] = result.stdout.split()
    assert listed["embedded"] == listed["hosted"] == [r.name for r in paths.rows()]


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
    result = subprocess.run([sys.executable, "-I", "-c", code, paths.BUILD, paths.ROOT],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "noop/capi.fastcall/interp" in result.stdout
    assert "refused: the driver runs once per process" in result.stdout


def test_hosted_driver_names_make_when_not_built(tmp_path):
    (tmp_path / "harness").mkdir()
    shutil.copy(HOSTED, tmp_path / "harness")
    result = subprocess.run([sys.executable, "-I", str(tmp_path / "harness" / "hosted_driver.py")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "run 'make'" in result.stderr


@pytest.mark.parametrize("frontend", FRONTENDS)
def test_interrupt_stops_the_run(frontend):
    """Ctrl-C ends the run (killed by SIGINT) instead of failing one row."""
    process = subprocess.Popen([*FRONTENDS[frontend], "--benchmark_filter=add_i64",
                                "--benchmark_min_time=1"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    first = process.stdout.readline()           # the run has started
    process.send_signal(signal.SIGINT)
    process.communicate(timeout=60)
    assert first and process.returncode == -signal.SIGINT


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory):
    """`make bench QUICK=1` into a temporary results folder."""
    results = tmp_path_factory.mktemp("results")
    done = subprocess.run(["make", "-C", paths.ROOT, "--no-print-directory",
                           "bench", "QUICK=1", f"RESULTS={results}",
                           f"PYTHON={sys.executable}"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    (results.parent / "make-output.txt").write_text(done.stdout + done.stderr)
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
    with gzip.open(quick_run / "calls.json.gz", "rt") as f:
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


def test_the_other_frontend_checks_the_headline(quick_run):
    with open(quick_run / "metadata.json") as f:
        meta = json.load(f)
    with open(quick_run / "check" / "metadata.json") as f:
        check_meta = json.load(f)
    headline, check = meta["frontend_headline"], meta["frontend_check"]
    assert {headline, check} == set(FRONTENDS)
    assert meta["driver_frontend"] == headline and check_meta["driver_frontend"] == check
    # This interpreter's own code gives the headline: a python3 that maps no
    # libpython (Debian's) can only be measured by the hosted front-end.
    if not os.path.isabs(meta["frontend_libpython_hosted"]):
        assert headline == "hosted", meta["frontend_headline_why"]
    assert meta["frontend_headline_why"]
    # The check covers the rows every path has, with the headline's names.
    _, rows = read_csv(quick_run / "summary.csv")
    _, checked = read_csv(quick_run / "check" / "summary.csv")
    key = lambda r: (r["kernel"], r["path"], r["mode"], r["arg"])
    assert [key(r) for r in checked] == [
        key(r) for r in rows if r["kernel"] in ("empty", "noop", "add_i64", "add_f64")]
    _, ratios = read_csv(quick_run / "frontends.csv")
    timed = {(r["path"], r["mode"]) for r in checked if r["path"] != paths.BASELINE_PATH}
    assert {(r["path"], r["mode"]) for r in ratios} == timed
    for r in ratios:
        if r["path"] != "c.direct":
            assert float(r["embedded_over_hosted"]) > 0
            assert float(r["ratio_min"]) <= float(r["embedded_over_hosted"]) <= float(r["ratio_max"])


def measure(results, *settings):
    return subprocess.run(["make", "-C", paths.ROOT, "--no-print-directory", "measure",
                           "QUICK=1", "BENCH_ARGS=--benchmark_filter='^(empty|noop)/'",
                           f"RESULTS={results}", f"PYTHON={sys.executable}", *settings],
                          capture_output=True, text=True, timeout=300)


def test_check_can_be_skipped_and_the_headline_forced(tmp_path):
    done = measure(tmp_path, "CHECK=0", "FRONTEND=embedded")
    assert done.returncode == 0, done.stdout + done.stderr
    with open(tmp_path / "metadata.json") as f:
        meta = json.load(f)
    assert meta["driver_frontend"] == meta["frontend_headline"] == "embedded"
    assert meta["frontend_headline_why"] == "chosen with FRONTEND=embedded"
    assert meta["frontend_check"] == "not run (CHECK=0)"
    assert not (tmp_path / "frontends.csv").exists()
    wrong = measure(tmp_path, "FRONTEND=both")
    assert wrong.returncode != 0 and "FRONTEND=both: use embedded or hosted" in wrong.stderr


def loadable(path):
    return not paths.load_path(path)[1]


# chart -> (a text its SVG must hold, the names it must show)
CHARTS = {
    "calls": (r"net time per call \[ns\]", lambda: [p.name for p in paths.PATHS.values()]),
    "calls_vectorcall": (r"net time per call \[ns\]",
                         lambda: [p.name for p in paths.PATHS.values()]),
    "args": (r"net time per call \[ns\]",
             lambda: [p.name for p in paths.PATHS.values() if p.sweeps]),
    "buffer": (r"net time per call \[ns\]",
               lambda: [p.name for p in paths.PATHS.values() if p.sweeps]),
    "gil": ("release the GIL around the kernel, circles hold it", lambda: list(plotdata.gil_pairs())),
    "slowdown": ("the fastest C-API path", lambda: [
        p.name for p in paths.PATHS.values() if "add_i64" in paths.load_path(p)[0]]),
    "import": (r"net import time \[ms\]", lambda: ["capi", "ctypes", "python.def"]),
}


@pytest.mark.parametrize("chart", CHARTS)
def test_charts_are_valid(quick_run, chart):
    root = ElementTree.parse(quick_run / f"{chart}.svg").getroot()
    assert root.tag.endswith("svg")
    text = "".join(root.itertext())
    label, names = CHARTS[chart]
    assert re.search(label, text), label
    with open(quick_run / "metadata.json") as f:
        meta = json.load(f)
    assert f"Python {meta['python_version']}" in text and meta["cpu_model"] in text
    for name in names():
        assert name in text, name
    with open(quick_run / f"{chart}.png", "rb") as f:
        head = f.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR"
    width, height = struct.unpack(">II", head[16:24])
    assert width >= 600 and height >= 300


def test_processes_measured_every_binding_and_path(quick_run):
    _, imports = read_csv(quick_run / "import.csv")
    modules = {p.module for p in paths.PATHS.values() if loadable(p)}
    assert {r["module"] for r in imports} == modules | {""}
    for r in imports:
        assert float(r["ms_median"]) > 0 and int(r["runs"]) >= 3
    _, e2e = read_csv(quick_run / "e2e.csv")
    _, summary = read_csv(quick_run / "summary.csv")
    with_kernel = {r["path"] for r in summary if r["kernel"] == "add_i64"
                   and r["mode"] in ("interp", "native")}
    assert {r["path"] for r in e2e} == with_kernel
    for r in e2e:
        assert int(r["calls"]) >= 1000 and r["ns_per_call"] and float(r["driver_ns_net"]) > 0
    for name in ("import.json", "e2e.json"):
        with open(quick_run / name) as f:
            assert json.load(f)["results"]


def test_report_has_what_a_citation_needs(quick_run):
    text = (quick_run / "REPORT.md").read_text()
    for heading in ("## Environment", "## Warnings", "## Charts",
                    "## Net time per call, by kernel", "## Front-ends",
                    "## Import cost per binding", "## End to end", "## Skipped paths"):
        assert heading in text, heading
    assert "**How to cite**: ffi-bench " in text and "Python 3." in text
    for chart in CHARTS:
        assert f"]({chart}.png)" in text
    for kernel in plotdata.calls_kernels():
        assert re.search(rf"^### {kernel}(:|$)", text, re.M), kernel
    assert "| capi.fastcall | " in text and "times faster than ctypes.cdll" in text


def test_stages_and_progress_on_the_terminal_the_table_in_a_log(quick_run):
    output = (quick_run.parent / "make-output.txt").read_text()
    for stage in ("== measuring ", "== checking with the",
                  "== whole processes", "== charts =="):
        assert stage in output, stage
    assert re.search(rf"done: {len(paths.rows())} rows in \d+:\d\d", output)
    assert "add_i64/capi.fastcall/interp_median" not in output
    # Google Benchmark's context block goes with its table, into the log
    for line in ("Library was built as DEBUG", "Run on (", "CPU Caches:"):
        assert line not in output, line
    # a few lines of derived figures, not one per figure
    assert len([line for line in output.splitlines() if line.startswith("derive:")]) <= 5
    assert "generating " not in output        # cffi's own announcement
    log = (quick_run / "driver.log").read_text()
    assert "add_i64/capi.fastcall/interp_median" in log and "Run on (" in log
    assert (quick_run / "check" / "driver.log").exists()


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
