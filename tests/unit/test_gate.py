"""make gate (harness/tools/gate.py) on instruction counts made from
fixtures: it passes on an identical baseline, fails on one made to look
cheaper (naming the row, largest change first), and refuses a baseline that
is missing or counted another kernel object, compiler or flags."""
import csv
import json
import os
import subprocess
import sys

import harness
from harness.registry import vocabulary as v
from harness.tools import gate

SAME = {"build_kernels_o_sha256": "ab" * 32, "build_cflags": "-O2", "build_cc_version": "gcc 12",
        "git_commit": "0123456789abcdef"}
COUNTS = {("add_i64", "pybind11.v3", "interp", ""): 300.0,
          ("noop", "pybind11.v3", "interp", ""): 200.0,
          ("fail_if_negative", "cffi.v2_api", "interp", "fail"): 1500.0}


def counts_folder(root, name, counts=COUNTS, **meta):
    """A results folder with instr.csv and instr_metadata.json."""
    folder = root / name
    folder.mkdir()
    (folder / "instr_metadata.json").write_text(json.dumps({**SAME, **meta}))
    with open(folder / "instr.csv", "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=v.INSTR_COLUMNS)
        writer.writeheader()
        writer.writerow({"kernel": "empty", "path": "baseline", "family": "baseline",
                         "mode": "interp", "arg": "", "instructions": 170.0,
                         "instructions_net": ""})
        for (kernel, path, mode, arg), net in counts.items():
            writer.writerow({"kernel": kernel, "path": path, "family": path.split(".")[0],
                             "mode": mode, "arg": arg, "instructions": net + 170,
                             "instructions_net": net})
    return str(folder)


def run_gate(base, current, pct=2.0):
    lines = []
    status = gate.gate(base, pct, current, out=lines.append)
    return status, lines


def test_identical_counts_pass(tmp_path):
    base = counts_folder(tmp_path, "base")
    current = counts_folder(tmp_path, "current")
    status, lines = run_gate(base, current)
    assert status == gate.EXIT_PASSED
    assert lines[-1].startswith("gate: passed") and "3 of 3 unchanged" in lines[-1]


def test_a_baseline_made_cheaper_fails_naming_the_rows_largest_first(tmp_path):
    cheaper = dict(COUNTS)
    cheaper[("add_i64", "pybind11.v3", "interp", "")] = 250.0        # now +20 %
    cheaper[("fail_if_negative", "cffi.v2_api", "interp", "fail")] = 1470.0   # now +2.04 %
    cheaper[("noop", "pybind11.v3", "interp", "")] = 199.0          # now +0.5 %: within 2 %
    base = counts_folder(tmp_path, "base", cheaper)
    current = counts_folder(tmp_path, "current")
    status, lines = run_gate(base, current)
    assert status == gate.EXIT_GREW
    changed = [line for line in lines if " %  " in line]
    assert changed[0].split() == ["+20.00", "%", "add_i64/pybind11.v3/interp:", "250.0", "->",
                                  "300.0", "GREW"]
    assert changed[1].endswith("1470.0 -> 1500.0  GREW")
    assert "noop/pybind11.v3/interp: 199.0 -> 200.0" in changed[2] and "GREW" not in changed[2]
    assert lines[-1] == "gate: FAILED: 2 rows grew more than 2 % (0 unchanged)"
    # a wider threshold lets the same change pass
    assert run_gate(base, current, pct=25.0)[0] == gate.EXIT_PASSED


def test_a_cheaper_current_build_passes_and_rows_on_one_side_never_fail(tmp_path):
    fewer = {k: n * 0.5 for k, n in COUNTS.items()}
    fewer[("add_f64", "nanobind.def", "interp", "")] = 90.0
    base = counts_folder(tmp_path, "base")
    current = counts_folder(tmp_path, "current", fewer)
    status, lines = run_gate(base, current)
    assert status == gate.EXIT_PASSED
    assert "  not in BASE: add_f64/nanobind.def/interp" in lines


def test_refused_when_base_is_missing_or_counted_other_code(tmp_path):
    current = counts_folder(tmp_path, "current")
    status, lines = run_gate(str(tmp_path / "nowhere"), current)
    assert status == gate.EXIT_REFUSED and "no instr.csv" in lines[-1]
    for key, what in gate.SAME_CODE_KEYS:
        other = counts_folder(tmp_path, f"other_{key}", **{key: "something else"})
        status, lines = run_gate(other, current)
        assert status == gate.EXIT_REFUSED
        assert what in lines[-1] and "'something else' in BASE" in lines[-1]
    # a baseline without the facts: the code it counted is unknown
    bare = counts_folder(tmp_path, "bare")
    os.remove(os.path.join(bare, "instr_metadata.json"))
    assert run_gate(bare, current)[0] == gate.EXIT_REFUSED


def test_the_command_exits_with_the_gates_status(tmp_path):
    """python3 -m harness.tools.gate: the status a workflow reads."""
    cheaper = {k: n - 100 for k, n in COUNTS.items()}
    base = counts_folder(tmp_path, "base", cheaper)
    current = counts_folder(tmp_path, "current")
    for args, status in (([current], 0), ([base], 1), ([str(tmp_path / "none")], 2)):
        done = subprocess.run([sys.executable, "-m", "harness.tools.gate", *args,
                               f"--current={current}"], cwd=harness.ROOT, capture_output=True,
                              text=True, timeout=300)
        assert done.returncode == status, done.stdout + done.stderr


def test_counts_from_another_cpu_are_compared_with_a_warning(tmp_path):
    base = counts_folder(tmp_path, "base", cpu_microarchitecture="Zen 4", cpu_model="AMD EPYC")
    current = counts_folder(tmp_path, "current", cpu_microarchitecture="Zen 3",
                            cpu_model="AMD EPYC")
    status, lines = run_gate(base, current)
    assert status == gate.EXIT_PASSED
    assert any("different CPUs (Zen 4 / Zen 3)" in line for line in lines), lines
    status, lines = run_gate(base, counts_folder(tmp_path, "same", cpu_microarchitecture="Zen 4",
                                                 cpu_model="AMD EPYC"))
    assert not any("different CPUs" in line for line in lines), lines
