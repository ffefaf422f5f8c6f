"""A QUICK make bench into a temporary folder: the CSV contract, the check by
the other front-end, the charts, the report, the whole-process stage, the
terminal, interruption, validate.  Checks structure, never timings."""
import csv
import gzip
import json
import math
import re
import os
import signal
import struct
import subprocess
import sys
import xml.etree.ElementTree as ElementTree

import pytest

import harness
from harness import registry
from harness.pipeline.analyse import stats
from harness.pipeline.choice import decision, scaling, threads
from harness.pipeline.publish import plotdata, readable, report
from harness.tools import validate
from harness.registry import vocabulary as v




@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_interrupted_bench_keeps_the_previous_results(tmp_path, sig):
    """Ctrl-C (SIGINT to the foreground process group) or SIGTERM in the middle
    of make bench: exit non-zero, the previous results as they were."""
    results = tmp_path / "results"
    results.mkdir()
    before = {"summary.csv": "previous summary\n", "REPORT.md": "previous report\n"}
    for name, text in before.items():
        (results / name).write_text(text)
    process = subprocess.Popen(["make", "-C", harness.ROOT, "--no-print-directory", "bench",
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


def read_csv(path):
    with open(path, newline="") as f:
        reader = csv.DictReader(f)
        return reader.fieldnames, list(reader)


def test_summary_has_a_row_for_every_registry_row(quick_run):
    columns, rows = read_csv(quick_run / "summary.csv")
    assert tuple(columns) == v.SUMMARY_COLUMNS
    got = [(r["kernel"], r["path"], r["mode"], r["arg"]) for r in rows]
    want = [(r.kernel, r.path, r.mode, r.arg) for r in registry.rows()]
    assert got == want      # every registry row, in registry order
    for mode in (*registry.MODES, registry.NATIVE_MODE):
        assert (registry.BASELINE_KERNEL, registry.BASELINE_PATH, mode, "") in got


def within_rounding(row, column, of_min_and_max, half=0.0005):
    """row[column] is of_min_and_max(ns_min, ns_max), every figure as
    written to 3 decimals: within what the rounding of the three allows."""
    low, high = float(row["ns_min"]), float(row["ns_max"])
    found = [of_min_and_max(low + a, high + b) for a in (-half, half) for b in (-half, half)]
    return min(found) - half <= float(row[column]) <= max(found) + half


def test_summary_rows_are_complete(quick_run, timed_by):
    _, rows = read_csv(quick_run / "summary.csv")
    by_name = {(r.kernel, r.path, r.mode, r.arg): r for r in registry.rows()}
    for row in rows:
        assert row["skipped"] == "", row
        assert row["family"] == row["path"].split(".")[0]
        lo, figure, median, hi = (float(row[k]) for k in ("ns_min", "ns", "ns_median",
                                                          "ns_max"))
        assert 0 < lo <= figure <= hi and lo <= median <= hi
        # QUICK: 2 worker processes of one repetition each, 3 for the rows
        # timed again (EXTRA_WORKERS=1); a value measured in a spell is left
        # out, unless every one was (then all are kept, and counted)
        processes = int(row["processes"])
        assert timed_by(row) in (2, 3) and processes >= 1
        assert int(row["repetitions"]) == processes
        # one value (the others in a spell): no CV, no spread of processes
        one = processes == 1
        assert int(row["iterations"]) > 0
        if processes == 2:  # two values: CV and spread follow from min and max
            # (as written, to 3 decimals: the bounds take the rounding in)
            assert within_rounding(row, "cv_pct", lambda low, high:
                                   (high - low) / 2 ** 0.5 / ((low + high) / 2) * 100)
            assert within_rounding(row, "process_spread_pct", lambda low, high:
                                   (high - low) / ((low + high) / 2) * 100)
        assert (row["cv_pct"] == "") == one and (row["process_spread_pct"] == "") == one
        if row["ns_net"]:       # every published figure lies in its own interval
            assert (float(row["ns_net_low"]) <= float(row["ns_net"])
                    <= float(row["ns_net_high"]))
        assert row["multimodal"] == ""      # one value per process: cannot tell
        want_gil = str(int(by_name[row["kernel"], row["path"], row["mode"],
                                   row["arg"]].gil_released))
        assert row["gil_released"] == want_gil
    base = {(r["mode"], r["arg"]): (float(r["ns"]), float(r["ns_median"])) for r in rows
            if r["path"] == registry.BASELINE_PATH}
    for row in rows:
        if row["path"] == registry.BASELINE_PATH:
            assert row["ns_net"] == ""
        else:
            arg = row["arg"]
            batch = registry.batch_for(int(arg) if arg.isdigit() else arg)
            key = (row["mode"], "" if batch == registry.BATCH else f"batch{batch}")
            # the headline net of the baseline's headline, the median of its median
            assert float(row["ns_net"]) == pytest.approx(
                float(row["ns"]) - base[key][0], abs=0.002)
            assert float(row["ns_net_median"]) == pytest.approx(
                float(row["ns_median"]) - base[key][1], abs=0.002)


def test_json_records_where_each_binding_came_from(quick_run):
    with gzip.open(quick_run / "calls.json.gz", "rt") as f:
        context = json.load(f)["context"]
    with open(quick_run / "metadata.json") as f:
        kept = json.load(f)
    assert {k: kept[k] for k in context} == context
    assert kept["load_avg_end"] and isinstance(kept["warnings"], list)
    # every key the pipeline records (one schema), and nothing outside it
    assert set(v.METADATA) <= set(kept), set(v.METADATA) - set(kept)
    assert all(v.metadata_key(k) for k in kept), [k for k in kept if not v.metadata_key(k)]
    for path in registry.CALL_PATHS.values():
        where = context["module_" + path.module]
        assert os.path.realpath(where).startswith(harness.ROOT + os.sep), where
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
    assert {headline, check} == set(v.FRONTENDS)
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
    timed = {(r["path"], r["mode"]) for r in checked if r["path"] != registry.BASELINE_PATH}
    assert {(r["path"], r["mode"]) for r in ratios} == timed
    for r in ratios:
        if r["path"] != "c.direct":
            assert float(r["embedded_over_hosted"]) > 0
            assert float(r["ratio_min"]) <= float(r["embedded_over_hosted"]) <= float(r["ratio_max"])


def measure(results, *settings):
    return subprocess.run(["make", "-C", harness.ROOT, "--no-print-directory", "measure",
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
    return not registry.load_path(path)[1]


def paths_with(kernels):
    """The paths that have one of these kernels (loaded, or not loadable:
    a skipped path is named in the chart's footnote)."""
    return [p.name for p in registry.CALL_PATHS.values()
            if not loadable(p) or set(registry.load_path(p)[0]) & set(kernels)]


def swept_with(kernel):
    """The sweep paths that have the kernel."""
    return [p.name for p in registry.CALL_PATHS.values()
            if p.sweeps and kernel in registry.load_path(p)[0]]


def headline_with(kernels):
    """The paths of every kernel's charts (each binding's own, the floors)
    that have one of these kernels."""
    return [p for p in paths_with(kernels) if p in plotdata.headline_paths()]


# chart -> (a text its SVG must hold, the names it must show)
CHARTS = {
    "calls": (r"net time per call \[ns\]", lambda: headline_with(plotdata.calls_kernels())),
    "calls_vectorcall": (r"net time per call \[ns\]",
                         lambda: headline_with(plotdata.calls_kernels())),
    "objects": (r"net time per call \[ns\]",
                lambda: paths_with(plotdata.calls_kernels({"objects"}))),
    "shapes": (r"net time per call \[ns\]",
               lambda: paths_with(plotdata.calls_kernels({"shapes"}))),
    "args": (r"net time per call \[ns\]",
             lambda: [p.name for p in registry.CALL_PATHS.values() if p.sweeps]),
    "buffer": (r"c\.direct's at the same n", lambda: swept_with("sum_f64_buf")),
    "numpy": (r"c\.direct's at the same n", lambda: swept_with("ndarray_sum")),
    "numpy_out": (r"c\.direct's at the same n", lambda: swept_with("ndarray_scaled")),
    "gil": ("release the GIL around the kernel, circles hold it", lambda: list(plotdata.gil_pairs())),
    "slowdown": ("the fastest C-API path", lambda: [
        p.name for p in registry.CALL_PATHS.values() if "add_i64" in registry.load_path(p)[0]
        and p.name in plotdata.headline_paths()]),
    "import": (r"net import time \[ms\]", lambda: ["capi", "ctypes", "python.def"]),
    "threads": (r"2 threads / 1 thread, calls per second", threads.pairs),
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
    assert readable.svg_problems(quick_run / f"{chart}.svg") == []
    with open(quick_run / f"{chart}.png", "rb") as f:
        head = f.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR"
    width, height = struct.unpack(">II", head[16:24])
    assert width >= 600 and height >= 300


def test_processes_measured_every_binding_and_path(quick_run):
    _, imports = read_csv(quick_run / "import.csv")
    modules = {p.module for p in registry.CALL_PATHS.values() if loadable(p)}
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


def test_the_safety_matrix_has_every_bad_call_of_every_binding(quick_run):
    columns, rows = read_csv(quick_run / "safety.csv")
    assert tuple(columns) == v.SAFETY_COLUMNS
    bindings = {p.name for p in registry.CALL_PATHS.values() if loadable(p) and not p.floor}
    assert {r["path"] for r in rows} == bindings
    for r in rows:
        assert r["outcome"] in ("raised", "silent", "correct", "crashed"), r
        # what the tests check of each path, the matrix finds too
        assert r["agrees"] == ("" if r["path"] == registry.UNTYPED_PATH
                               and r["kind"].startswith("untyped_") else "yes"), r
    # the crashes: untyped ctypes given an int for a function pointer, and
    # the crashes the registry records (ctypes' None for a pointer)
    crashed = {(r["path"], r["kernel"], r["kind"]) for r in rows if r["outcome"] == "crashed"}
    recorded = {(p.name, kernel.name, bad.kind) for p in registry.CALL_PATHS.values()
                if loadable(p) for kernel in registry.KERNELS.values()
                if kernel.name in registry.load_path(p)[0]
                for bad in registry.bad_calls(kernel)
                if p.quirk(bad.kind, kernel).startswith(registry.CRASHES)}
    assert recorded and crashed == recorded | {
        (registry.UNTYPED_PATH, "callback", "untyped_int_for_function_pointer")}


def test_first_calls_threads_and_ownership_are_measured(quick_run):
    columns, first = read_csv(quick_run / "firstcall.csv")
    assert tuple(columns) == v.FIRSTCALL_COLUMNS
    assert {r["path"] for r in first} == {p.name for p in registry.CALL_PATHS.values()
                                          if loadable(p)}
    for r in first:
        assert math.isfinite(float(r["first_ns"])) and int(r["processes"]) >= 1
    columns, rows = read_csv(quick_run / "threads.csv")
    assert tuple(columns) == v.THREADS_COLUMNS
    sizes = registry.KERNELS[threads.KERNEL].sizes
    assert {(r["path"], int(r["n"]), int(r["threads"])) for r in rows} == {
        (p, n, t) for p in threads.pairs() for n in sizes for t in threads.THREAD_COUNTS}
    assert all(float(r["calls_per_s"]) > 0 for r in rows)
    columns, scaled = read_csv(quick_run / "scaling.csv")
    assert tuple(columns) == v.SCALING_COLUMNS
    assert {(r["path"], r["kernel"], int(r["threads"])) for r in scaled} == {
        (p, k, t) for p, kernels in scaling.pairs() for k in kernels
        for t in scaling.thread_counts()}
    assert {r["gil"] for r in scaled} <= {"on", "off"}
    assert all(float(r["calls_per_s"]) > 0 for r in scaled)
    assert all(float(r["over_one_thread"]) == 1.0 for r in scaled if r["threads"] == "1")
    columns, owned = read_csv(quick_run / "ownership.csv")
    assert tuple(columns) == v.OWNERSHIP_COLUMNS
    present = [b.name for b in registry.BINDINGS if b.path in registry.CALL_PATHS
               and loadable(registry.CALL_PATHS[b.path])]
    assert [r["binding"] for r in owned] == present
    for r in owned:
        assert int(r["glue_lines"]) > 0 and int(r["error_glue_lines"]) > 0
        assert r["build_s"] == ""               # not measured in a QUICK pass
        assert (r["module_kb_stripped"] == "") == (r["modules"] == "")


def test_the_decision_table_has_a_row_per_binding(quick_run):
    columns, rows = read_csv(quick_run / "decision.csv")
    assert tuple(columns) == v.DECISION_COLUMNS
    _, owned = read_csv(quick_run / "ownership.csv")
    assert [r["binding"] for r in rows] == [r["binding"] for r in owned]
    for r in rows:
        assert r["add_i64_ns"] and r["first_call_ns"] and r["bad_raised"], r
        assert r["release_pays_from_n"], r
    text = (quick_run / "decision.md").read_text()
    assert "\n".join(decision.table_lines(rows)) in text
    assert "## Bad calls that did not raise" in text and "untyped_int_for_function_pointer" in text
    assert "\n".join(decision.table_lines(rows)) in (quick_run / "REPORT.md").read_text()


def test_report_has_what_a_citation_needs(quick_run):
    text = (quick_run / "REPORT.md").read_text()
    for heading in ("## Environment", "## Warnings", "## Charts",
                    "## Net time per call, by kernel", "## Front-ends",
                    "## Import cost per binding", "## End to end", "## Skipped paths",
                    "## Which binding? The decision table", "## Against the committed reference"):
        assert heading in text, heading
    assert f"**How to cite**: {report.citation_title()}, commit " in text and "Python 3." in text
    # against the committed reference: its reproduction figures, or why not
    against = text.split("## Against the committed reference\n\n")[1].split("\n")[0]
    assert against.startswith(("This run (B) against results/reference", "Not compared: "))
    meta = json.loads((quick_run / "metadata.json").read_text())
    assert meta["estimator"] == stats.HEADLINE and meta["slowed_machine"] in (True, False)
    for chart in CHARTS:
        assert f"]({chart}.png)" in text
    for kernel in plotdata.calls_kernels():
        assert re.search(rf"^### {kernel}(:|$)", text, re.M), kernel
    assert "| capi.fastcall | " in text and "times faster than ctypes.cdll" in text


def test_stages_and_progress_on_the_terminal_the_table_in_a_log(quick_run):
    output = (quick_run.parent / "make-output.txt").read_text()
    for stage in ("== measuring ", "== checking with the",
                  "== whole processes", "== the choice of a binding", "== charts =="):
        assert stage in output, stage
    assert re.search(rf"done: {len(registry.rows())} rows in \d+:\d\d", output)
    # Google Benchmark's table goes to the log, not the terminal
    assert not [line for line in output.splitlines()
                if line.startswith("add_i64/capi.fastcall/interp")]
    assert re.search(r"worker 2 of 2 on (CPU \d+|no pinned CPU) \(calibration [\d.]+ ns", output)
    # Google Benchmark's context block goes with its table, into the log
    for line in ("Library was built as DEBUG", "Run on (", "CPU Caches:"):
        assert line not in output, line
    # a few lines of derived figures, not one per figure
    assert len([line for line in output.splitlines() if line.startswith("derive:")]) <= 5
    assert "generating " not in output        # cffi's own announcement
    log = (quick_run / "driver.log").read_text()
    assert "==== worker 1 (hash seed " in log and "==== worker 2 (hash seed " in log
    assert "\nadd_i64/capi.fastcall/interp " in log and "Run on (" in log
    assert (quick_run / "check" / "driver.log").exists()


def test_no_partial_files_are_left(quick_run):
    assert not list(quick_run.glob("*.part"))
    assert (quick_run / "derived.csv").stat().st_size > 0


def test_validate_prints_the_driver_pyperf_and_timeit(quick_run):
    """Per kernel (noop, add_i64), a table: the driver's net figure with its
    interval, pyperf's (a short pyperf run here: the mechanics, not its
    defaults) and timeit's, and their ratios."""
    done = subprocess.run(["make", "-C", harness.ROOT, "--no-print-directory", "validate",
                           f"RESULTS={quick_run}", f"PYTHON={sys.executable}",
                           "VALIDATE_PATHS=capi.fastcall,ctypes.cdll,c.direct",
                           "PYPERF_ARGS=--processes=2 --values=2 --warmups=1 --min-time=0.01"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    tables = done.stdout.split("\n### ")[1:]
    assert [t.splitlines()[0] for t in tables] == ["noop", "add_i64"]
    with_pyperf = not pyperf_missing()
    for table in tables:
        lines = {line.split("|")[1].strip(): line for line in table.splitlines()
                 if line.startswith("| ") and not line.startswith("| path")}
        assert set(lines) == {"capi.fastcall", "ctypes.cdll", "c.direct"}
        for name in ("capi.fastcall", "ctypes.cdll"):
            cells = [c.strip() for c in lines[name].split("|")]
            driver, interval, pyperf, _, timeit = cells[2:7]
            low, high = (float(x) for x in interval.split(" to "))
            assert low <= float(driver) <= high and float(timeit) > 0
            # a number (pyperf's net figure of such a short run may come out at
            # or below zero: no threshold on a timing), or none without pyperf
            assert math.isfinite(float(pyperf)) if with_pyperf else pyperf == ""
        assert "not compared" in lines["c.direct"]
    assert "of 4 rows compared" in done.stdout


def test_validate_refuses_unknown_paths_and_missing_results(tmp_path):
    script = ["-m", "harness.tools.validate"]
    missing = subprocess.run([sys.executable, *script, str(tmp_path / "summary.csv")],
                             capture_output=True, text=True, cwd=harness.ROOT)
    assert missing.returncode == 2 and "make bench" in missing.stderr
    summary = tmp_path / "summary.csv"
    summary.write_text(",".join(v.SUMMARY_COLUMNS) + "\n")
    unknown = subprocess.run([sys.executable, *script, str(summary), "capi.nothing"],
                             capture_output=True, text=True, cwd=harness.ROOT)
    assert unknown.returncode == 2 and "unknown path(s): capi.nothing" in unknown.stderr


VENV_PYTHON = validate.VENV_PYTHON
pyperf_missing = validate.pyperf_missing


def test_the_run_is_a_pyperf_suite_that_pyperf_reads(quick_run):
    """pyperf.json holds every measured row's repetitions in pyperf's format;
    pyperf's own stats and compare_to read it."""
    with open(quick_run / "pyperf.json") as f:
        suite = json.load(f)
    _, rows = read_csv(quick_run / "summary.csv")
    names = ["/".join(filter(None, (r["kernel"], r["path"], r["mode"], r["arg"])))
             for r in rows if not r["skipped"]]
    assert [b["metadata"]["name"] for b in suite["benchmarks"]] == names
    # QUICK: one pyperf run per worker process, one value each (3 for the
    # rows timed again)
    assert all(len(b["runs"]) in (2, 3) and all(len(run["values"]) == 1 for run in b["runs"])
               for b in suite["benchmarks"])
    missing = pyperf_missing()
    if missing:
        pytest.skip(missing)
    for command in (["stats"], ["compare_to", "--table"]):
        extra = [str(quick_run / "pyperf.json")] if command[0] == "compare_to" else []
        done = subprocess.run([VENV_PYTHON, "-m", "pyperf", *command,
                               str(quick_run / "pyperf.json"), *extra],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
    # a suite against itself: no difference is significant, and pyperf names the rows so
    assert "not significant" in done.stdout and "add_i64/capi.fastcall/interp" in done.stdout


def test_worker_processes_ran_with_their_own_recorded_seeds(quick_run):
    """QUICK: two worker processes of the headline front-end and the extra
    one (EXTRA_WORKERS=1), each with its own hash seed
    (which took effect: the hash it recorded is the one a python3 with that
    seed computes), its layout and the calibrations of its CPU before and
    after; the CPU choice with its calibrations and warm-up."""
    with open(quick_run / "metadata.json") as f:
        meta = json.load(f)
    workers = meta["ffb_workers"]
    kept = [w for w in workers if w["status"] == "kept"]
    assert [w["index"] for w in kept] == [0, 1, 2]
    assert len({w["hash_seed"] for w in kept}) == 3
    assert len({w["hash_check"] for w in kept}) == 3
    assert len({w["process_id"] for w in kept}) == 3
    for w in kept:
        expected = subprocess.run([sys.executable, "-c", 'print(hash("ffi-bench"))'],
                                  env={**os.environ, "PYTHONHASHSEED": str(w["hash_seed"])},
                                  capture_output=True, text=True).stdout.strip()
        assert w["hash_check"] == expected
        assert w["layout"].startswith("None at 0x") and "heap at 0x" in w["layout"]
        for c in (w["before"], w["after"]):
            assert c["ns"] > 0 and c["cv_pct"] > 0 and str(c["cpu"]) == str(w["cpu"])
    cpu = meta["ffb_cpu"]
    # the base: the warm-up's last calibration, the machine's calm speed; a
    # move to another CPU during the run never raises it to that CPU's speed,
    # only the wait for the reference's calm speed (not in a QUICK pass) may
    # take a calmer one of its calibrations
    held = [m for m in cpu.get("moves", []) if m["why"].startswith("slower than the reference")]
    assert cpu["warmup"]
    assert cpu["base"] == cpu["warmup"][-1] or any(cpu["base"] in m["calibrations"]
                                                   for m in held)
    allowed = harness.allowed_cpus()
    if len(allowed) > 1:
        assert {c["cpu"] for c in cpu["calibrations"]} == set(allowed)
        assert cpu["how"].startswith("the calmest of CPUs")
    assert meta["ffb_crashed"] == {}
    with gzip.open(quick_run / "calls.json.gz", "rt") as f:
        values = json.load(f)["benchmarks"]
    timed = [b for b in values if not b.get("error_occurred")]
    assert {b["ffb_worker"] for b in timed} == {0, 1, 2}
    # every value carries the sentinel timed after it in its worker, and the
    # spells it showed are recorded (spells.py)
    assert all(b["sentinel_ns"] > 0 and b["sentinel_at_s"] > 0 for b in timed)
    spells = meta["ffb_spells"]
    assert spells["calm_ns"] > 0 and spells["values"] == len(timed)
    assert spells["in_spells"] == sum(s["values"] for s in spells["spells"])
    report = (quick_run / "REPORT.md").read_text()
    assert "## How it was measured: worker processes and the CPU" in report
    assert f"| 1 | {kept[0]['cpu']} | {kept[0]['hash_seed']} |" in report
