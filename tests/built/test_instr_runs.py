"""make bench-instr: the driver under callgrind gives identical counts from run
to run (with either front-end); the driver refuses --instr outside valgrind."""
import csv
import json
import os
import shutil
import subprocess
import sys

import pytest

import harness
from harness import registry


def test_driver_refuses_instr_outside_valgrind():
    done = subprocess.run([os.path.join(harness.BUILD, "ffibench-driver"), "--instr"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "make bench-instr" in done.stderr


def bench_instr(results, frontend):
    return subprocess.run(["make", "-C", harness.ROOT, "--no-print-directory",
                           "bench-instr", "INSTR=add_i64/capi.fastcall",
                           f"FRONTEND={frontend}", f"RESULTS={results}",
                           f"PYTHON={sys.executable}"],
                          capture_output=True, text=True, timeout=600)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("valgrind") is None, reason="valgrind is not installed")
@pytest.mark.skipif(bool(os.environ.get("FFIBENCH_SANITIZER")),
                    reason="valgrind cannot run a sanitizer build")
@pytest.mark.parametrize("frontend", ["embedded", "hosted"])
def test_counts_are_identical_from_run_to_run(tmp_path, frontend):
    first, second = tmp_path / "first", tmp_path / "second"
    for folder in (first, second):
        done = bench_instr(folder, frontend)
        assert done.returncode == 0, done.stdout + done.stderr
        assert f"{frontend} front-end" in done.stdout
    assert (first / "instr.csv").read_bytes() == (second / "instr.csv").read_bytes()
    with open(first / "instr_metadata.json") as f:
        assert json.load(f)["driver_frontend"] == f"{frontend}, under callgrind"
    with open(first / "instr.csv", newline="") as f:
        rows = {(r["kernel"], r["path"], r["mode"], r["arg"]): r for r in csv.DictReader(f)}
    for mode in registry.MODES:
        row = rows["add_i64", "capi.fastcall", mode, ""]
        assert float(row["instructions_net"]) > 0
        assert float(row["instructions"]) > float(row["instructions_net"])
    assert ("empty", "baseline", registry.NATIVE_MODE, "") in rows
    assert (first / "instr.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (first / "instr.svg").stat().st_size > 0
