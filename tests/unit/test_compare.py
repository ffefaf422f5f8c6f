"""make compare: medians, ratios, significance and the geometric mean, on
fixture files; clear errors on files that cannot be compared."""
import json
import math
import os
import subprocess
import sys

import pytest

from harness.tools import compare
import harness

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures")
A = os.path.join(FIXTURES, "compare_a.json")
B = os.path.join(FIXTURES, "compare_b.json")


def test_medians_ratios_and_significance():
    lines, geo = compare.compare(compare.load_runs(A), compare.load_runs(B))
    table = {line.split("|")[1].strip(): line for line in lines if line.startswith("| ")}
    fast = table["add_i64/capi.fastcall/interp"]
    assert "| 30.10 | 20.10 | 1.50x faster | yes (p=0.008) |" in fast
    # microseconds in A are converted: 0.311 us = 311 ns
    assert "| 311.00 | 310.00 |" in table["add_i64/ctypes.cdll/interp"]
    assert "not significant" in table["noop/capi.fastcall/interp"]
    assert geo == pytest.approx((20.1 / 30.1 * 310 / 311 * 1.0) ** (1 / 3))
    assert any("only in A: 1" in line for line in lines)


def test_exact_mann_whitney_p_of_separated_samples():
    # all of B below all of A, 5 against 5: 2 of the 252 splits are as extreme
    assert compare.mann_whitney_p([5, 6, 7, 8, 9], [1, 2, 3, 4, 4.5]) == pytest.approx(2 / 252)
    assert compare.mann_whitney_p([1, 2, 3], [1, 2, 3]) == pytest.approx(1.0)


def test_normal_approximation_with_ties_agrees_in_direction():
    p_far = compare.mann_whitney_p([10.0] * 4 + [11.0] * 4, [1.0] * 4 + [2.0] * 4)
    p_near = compare.mann_whitney_p([1.0, 2.0, 2.0, 3.0], [1.0, 2.0, 3.0, 3.0])
    assert p_far < 0.01 < p_near <= 1.0
    assert not math.isnan(p_far)


@pytest.mark.parametrize("content,message", [
    ("not json", "not JSON"),
    ('{"context": {}}', "no 'benchmarks' list"),
    ('{"benchmarks": []}', "no measured benchmarks"),
    ('{"benchmarks": [{"name": "x/y/z", "run_type": "iteration"}]}', "malformed"),
])
def test_malformed_files_are_refused(tmp_path, content, message):
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    with pytest.raises(compare.CompareError, match=message):
        compare.load_runs(str(bad))


def test_runs_without_common_rows_are_refused(tmp_path):
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"benchmarks": [
        {"name": "a/b/c", "run_type": "iteration", "real_time": 1.0, "time_unit": "ns"}]}))
    with pytest.raises(compare.CompareError, match="no row in common"):
        compare.compare(compare.load_runs(A), compare.load_runs(str(other)))


def test_make_compare_prints_markdown_and_fails_clearly(tmp_path):
    def make(*args):
        return subprocess.run(["make", "-C", harness.ROOT, "--no-print-directory",
                               "compare", f"PYTHON={sys.executable}", *args],
                              capture_output=True, text=True, timeout=120)
    done = make(f"A={A}", f"B={B}")
    assert done.returncode == 0, done.stderr
    assert "| row | A median [ns] |" in done.stdout and "Geometric mean" in done.stdout
    missing = make(f"A={A}", f"B={tmp_path / 'none.json'}")
    assert missing.returncode != 0 and "No such file" in missing.stderr
    usage = make()
    assert usage.returncode != 0 and "A=" in usage.stderr
