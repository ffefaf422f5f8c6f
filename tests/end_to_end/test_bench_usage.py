"""make bench as a user drives it (the shared QUICK run: conftest.py): a filtered run,
settings it must refuse with the fix named, what a citation and a comparison need.
Checks structure and messages, never timings."""
import json
import os
import shutil
import subprocess
import sys

import pytest

import harness
from harness.pipeline import results_io
from harness.pipeline.analyse import stats

REFERENCE = os.path.join(harness.ROOT, "results", "reference")
FIXTURES = os.path.join(harness.ROOT, "tests", "unit", "fixtures")


def make(*args, timeout=300):
    return subprocess.run(["make", "-C", harness.ROOT, "--no-print-directory", *args,
                           f"PYTHON={sys.executable}"],
                          capture_output=True, text=True, timeout=timeout)


def test_a_filtered_run_publishes_the_charts_its_rows_allow(quick_run, tmp_path):
    """The shared run cut to the rows a BENCH_ARGS filter of noop and
    add_i64 gives (the baselines with them: tests/unit/test_config.py), then
    make charts and make report on it."""
    filtered = tmp_path / "filtered"
    shutil.copytree(quick_run, filtered)
    rows = [r for r in results_io.read_csv(str(filtered / "summary.csv"))
            if r["kernel"] in ("empty", "add_i64", "noop")]
    results_io.write_csv(rows, str(filtered / "summary.csv"))
    for target in ("charts", "report"):
        done = make(target, f"RESULTS={filtered}", timeout=300)
        assert done.returncode == 0, done.stdout + done.stderr
    for chart in ("calls", "calls_vectorcall", "slowdown", "gil"):
        assert (filtered / f"{chart}.png").exists(), chart
    undrawn = {"args", "buffer", "numpy", "numpy_out", "objects", "shapes"}
    for chart in undrawn:   # the shared run drew them
        assert not (filtered / f"{chart}.png").exists(), chart
    with open(filtered / "metadata.json") as f:
        meta = json.load(f)
    assert set(meta["charts_not_drawn"]) == undrawn
    report = (filtered / "REPORT.md").read_text()
    assert "not made in this run (no c.direct rows for the buffer chart" in report


@pytest.mark.parametrize("setting, message", [
    # what only the driver can refuse (the knobs' own checks: tests/unit/test_config.py)
    ("BENCH_ARGS=--benchmark_bogus=1", "the driver refuses it"),
    ("BENCH_ARGS=--benchmark_filter=^nothing_matches/", "selects no row"),
    # one of config.py's, to show the one place that prints it
    ("PIN=abc", "PIN=abc: give a CPU number, none, or nothing"),
])
def test_bad_settings_are_refused_before_measuring(tmp_path, setting, message):
    results = tmp_path / "results"
    done = make("bench", "QUICK=1", f"RESULTS={results}", setting)
    assert done.returncode != 0 and message in done.stderr, done.stderr
    assert "Traceback" not in done.stderr and "== measuring" not in done.stdout
    assert not results.exists() and not (tmp_path / "results.part").exists()


def test_the_decision_rows_are_timed_again_in_the_extra_process(quick_run, timed_by):
    """EXTRA_WORKERS=1 (the shared run's): the decision table's rows and the
    empty loops come from one more process than the others (refine.py),
    which metadata.json records with how many rows it timed, and REPORT.md
    says so."""
    from harness.pipeline.analyse import refine
    rows = {refine.row_name(r): r for r in results_io.read_csv(str(quick_run / "summary.csv"))}
    again = {name for name, r in rows.items()
             if name in refine.decision_rows() or r["path"] == "baseline"}
    assert again and again < set(rows)
    # QUICK: one value per process; a value in a spell (left out) took its process
    assert {name for name, r in rows.items() if timed_by(r) == 3} >= again
    with open(quick_run / "metadata.json") as f:
        meta = json.load(f)
    kept = [w for w in meta["ffb_workers"] if w["status"] == "kept"]
    assert [w["rows"] for w in kept][:2] == ["all", "all"]
    assert kept[2]["rows"] >= len(again) and len(kept) == 3
    assert meta["bench_settings"]["EXTRA_WORKERS"] == "1"
    assert (f"Each row's values come from 2 worker processes (3 for the {kept[2]['rows']} rows "
            "that needed more") in (quick_run / "REPORT.md").read_text()


def test_the_cpu_is_identified_in_metadata_report_and_cite_line(quick_run):
    with open(quick_run / "metadata.json") as f:
        meta = json.load(f)
    for key in ("cpu_vendor", "cpu_family_model_stepping", "cpu_microarchitecture",
                "cpu_mhz", "cpu_caches", "cpu_virtualization", "kernel"):
        assert meta[key], key
    report = (quick_run / "REPORT.md").read_text()
    cite = next(line for line in report.splitlines() if line.startswith("**How to cite**"))
    assert meta["cpu_family_model_stepping"] in cite and meta["kernel"] in cite
    assert f"({sys.executable}, " in cite                 # the interpreter, not the driver
    assert f"| family, model, stepping | {meta['cpu_family_model_stepping']} |" in report


def test_compare_accepts_results_folders_and_the_reference(quick_run, tmp_path):
    done = make("compare", f"A={REFERENCE}", f"B={quick_run}")
    assert done.returncode == 0, done.stderr
    assert "| add_i64/capi.fastcall/interp |" in done.stdout and "Geometric mean" in done.stdout
    wrong = make("compare", f"A={REFERENCE}/summary.csv", f"B={quick_run}")
    assert wrong.returncode != 0
    assert "expects calls.json(.gz) or a results folder" in wrong.stderr


def test_validate_names_another_machine_or_interpreter(quick_run, tmp_path):
    (tmp_path / "summary.csv").write_text((quick_run / "summary.csv").read_text())
    with open(quick_run / "metadata.json") as f:
        meta = json.load(f)
    meta.update(cpu_mhz="1", python_interpreter="/elsewhere/python3")
    (tmp_path / "metadata.json").write_text(json.dumps(meta))
    done = subprocess.run([sys.executable, "-m", "harness.tools.validate",
                           str(tmp_path / "summary.csv"), "capi.fastcall",
                           "--pyperf-args=--processes=2 --values=2 --warmups=1 --min-time=0.01"],
                          capture_output=True, text=True, timeout=120, cwd=harness.ROOT)
    assert done.returncode == 0, done.stderr
    assert "made on another machine or interpreter" in done.stdout
    assert "cpu_mhz: 1 vs" in done.stdout and "python_interpreter: /elsewhere/python3" in done.stdout


def test_dependency_check_does_not_offer_apt_for_another_interpreter(tmp_path):
    fake = tmp_path / "python3"
    fake.write_text("#!/bin/sh\nexit 1\n")         # imports nothing
    fake.chmod(0o755)
    done = subprocess.run(["sh", os.path.join(harness.ROOT, "harness", "provision", "check_deps.sh"),
                           str(fake), "/usr/include/python3.11", str(tmp_path / "config.mk")],
                          capture_output=True, text=True, timeout=120)
    out = done.stdout + done.stderr
    assert f"{fake} -m pip install pytest" in out and f"{fake} -m pip install cffi" in out
    assert "python3-pytest" not in out and "Installing as root" not in out


def test_readme_tables_are_generated_from_the_reference():
    """README.md's and docs/'s figures come from results/reference, through
    make readme; a stale one fails here."""
    done = subprocess.run([sys.executable, "-m", "harness.pipeline.publish.readme", REFERENCE, "--check"],
                          capture_output=True, text=True, timeout=60, cwd=harness.ROOT)
    assert done.returncode == 0, done.stderr
    text = ""
    for name in ("README.md", "docs/USAGE.md", "docs/METHODOLOGY.md"):
        with open(os.path.join(harness.ROOT, name)) as f:
            text += f.read()
    for block in ("run", "headline", "frontends", "validate"):
        assert f"<!-- begin generated: {block} -->" in text, block


def test_a_crashing_path_is_isolated_and_reported(tmp_path):
    """A path that aborts (FFB_TEST_CRASH: the registry's test hook sends its
    calls to the C library's abort()) takes down its worker only: the row is
    marked crashed with the signal, the worker runs again without it, the
    other rows are measured, the report lists it."""
    results = tmp_path / "crash"
    crash = "add_i64/capi.fastcall/interp"
    done = subprocess.run(
        ["make", "-C", harness.ROOT, "--no-print-directory", "bench", "QUICK=1", "CHECK=0",
         f"RESULTS={results}", f"PYTHON={sys.executable}",
         "BENCH_ARGS=--benchmark_filter=^(noop|add_i64)/capi[.]fastcall/"],
        capture_output=True, text=True, timeout=300,
        env={**os.environ, "FFB_TEST_CRASH": crash})
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"{crash} crashed: SIGABRT (signal 6) in worker 1" in done.stdout
    rows = {f"{r['kernel']}/{r['path']}/{r['mode']}": r
            for r in results_io.read_csv(str(results / "summary.csv"))}
    assert rows[crash]["skipped"] == "crashed: SIGABRT (signal 6) in worker 1"
    assert rows[crash]["ns_median"] == ""
    others = [r for name, r in rows.items() if name != crash]
    assert others and all(r["ns_median"] and not r["skipped"] for r in others)
    with open(results / "metadata.json") as f:
        meta = json.load(f)
    assert meta["ffb_crashed"] == {crash: "crashed: SIGABRT (signal 6) in worker 1"}
    # QUICK's two workers kept (a worker dropped for a noisy calibration, and
    # re-run, is the calibration's business, not the crash's)
    statuses = [w["status"] for w in meta["ffb_workers"]]
    assert statuses.count("kept") == 2 and set(statuses) <= {"kept", "dropped"}
    assert any("crashed their worker" in w for w in meta["warnings"])
    assert f"`{crash}` (crashed: SIGABRT" in (results / "REPORT.md").read_text()


def test_make_compare_prints_markdown_and_fails_clearly(tmp_path):
    """make compare runs on the interpreter alone (no build, no venv)."""
    a, b = (os.path.join(FIXTURES, f"compare_{x}.json") for x in "ab")
    done = make("compare", f"A={a}", f"B={b}", timeout=120)
    assert done.returncode == 0, done.stderr
    assert f"| row | A {stats.HEADLINE} [ns] |" in done.stdout
    assert "Geometric mean" in done.stdout and "Reproduction" in done.stdout
    missing = make("compare", f"A={a}", f"B={tmp_path / 'none.json'}", timeout=120)
    assert missing.returncode != 0 and "No such file" in missing.stderr
    usage = make("compare", timeout=120)
    assert usage.returncode != 0 and "A=" in usage.stderr
