"""make bench-instr: instruction counts per call under callgrind, by
difference of two runs; identical from run to run."""
import csv
import json
import os
import shutil
import subprocess
import sys

import pytest

import instr
import paths


def write_dump(folder, number, name, calls, instructions):
    with open(os.path.join(folder, f"cg.out.{number}"), "w") as f:
        f.write("# callgrind format\nversion: 1\n"
                f"desc: Trigger: Client Request: {name}|{calls}\n"
                f"events: Ir\nsummary: {instructions}\n\nfn=x\n0 {instructions}\n")


def test_counts_per_call_are_differences_netted_against_the_baseline(tmp_path):
    write_dump(tmp_path, 1, "empty/baseline/interp", 1000, 50000 + 200 * 1000)
    write_dump(tmp_path, 2, "empty/baseline/interp", 3000, 50000 + 200 * 3000)
    write_dump(tmp_path, 3, "add_i64/capi.fastcall/interp", 1000, 90000 + 590 * 1000)
    write_dump(tmp_path, 4, "add_i64/capi.fastcall/interp", 3000, 90000 + 590 * 3000)
    write_dump(tmp_path, 5, "noop/half.done/interp", 1000, 5)      # one run only
    rows = {r["path"]: r for r in instr.rows(instr.per_call(instr.read_dumps(str(tmp_path))))}
    assert rows["baseline"]["instructions"] == 200
    assert rows["capi.fastcall"]["instructions"] == 590
    assert rows["capi.fastcall"]["instructions_net"] == 390
    assert "half.done" not in rows


def test_driver_refuses_instr_outside_valgrind():
    done = subprocess.run([os.path.join(paths.BUILD, "ffibench-driver"), "--instr"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "make bench-instr" in done.stderr


def bench_instr(results, frontend):
    return subprocess.run(["make", "-C", paths.ROOT, "--no-print-directory",
                           "bench-instr", "INSTR=add_i64/capi.fastcall",
                           f"FRONTEND={frontend}", f"RESULTS={results}",
                           f"PYTHON={sys.executable}"],
                          capture_output=True, text=True, timeout=600)


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
    for mode in paths.MODES:
        row = rows["add_i64", "capi.fastcall", mode, ""]
        assert float(row["instructions_net"]) > 0
        assert float(row["instructions"]) > float(row["instructions_net"])
    assert ("empty", "baseline", paths.NATIVE_MODE, "") in rows
    assert (first / "instr.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (first / "instr.svg").stat().st_size > 0
