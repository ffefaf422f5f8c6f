"""make compare: medians, intervals, ratios, resolution and the geometric mean, on
fixture files; clear errors on files that cannot be compared."""
import json
import os
import subprocess
import sys

import pytest

from harness.pipeline import stats
from harness.tools import compare
import harness

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures")
A = os.path.join(FIXTURES, "compare_a.json")
B = os.path.join(FIXTURES, "compare_b.json")


def test_medians_ratios_and_resolution():
    lines, geo = compare.compare(compare.load_runs(A), compare.load_runs(B))
    table = {line.split("|")[1].strip(): line for line in lines if line.startswith("| ")}
    fast = table["add_i64/capi.fastcall/interp"]
    # five values: the bootstrap interval of their median spans them
    assert "| 30.10 | 29.80 to 30.50 | 20.10 | 19.90 to 20.30 | 1.50x faster | yes" in fast
    # microseconds in A are converted: 0.311 us = 311 ns
    assert "| 311.00 |" in table["add_i64/ctypes.cdll/interp"]
    assert "| 310.00 |" in table["add_i64/ctypes.cdll/interp"]
    assert "no (the intervals overlap)" in table["noop/capi.fastcall/interp"]
    assert geo == pytest.approx((20.1 / 30.1 * 310 / 311 * 1.0) ** (1 / 3))
    assert any("only in A: 1" in line for line in lines)


def test_values_of_worker_processes_are_grouped(tmp_path):
    """A run of worker processes: each process's values form one group, and
    the interval resamples processes, so two processes that disagree give a
    wide interval, not the narrow one of values taken as independent."""
    def run(values_per_worker):
        return {"benchmarks": [
            {"name": "noop/capi.fastcall/interp", "run_type": "iteration",
             "real_time": x, "time_unit": "ns", "ffb_worker": w}
            for w, values in enumerate(values_per_worker) for x in values]}
    split = tmp_path / "split.json"
    split.write_text(json.dumps(run([[10.0, 10.1, 10.05], [20.0, 20.1, 20.05]])))
    runs = compare.load_runs(str(split))
    assert runs == {"noop/capi.fastcall/interp": [[10.0, 10.1, 10.05], [20.0, 20.1, 20.05]]}
    low, high = stats.median_interval(runs["noop/capi.fastcall/interp"])
    assert low <= 10.1 and high >= 20.0
    assert stats.processes_disagree(runs["noop/capi.fastcall/interp"]) is True
    assert stats.process_spread(runs["noop/capi.fastcall/interp"]) == pytest.approx(
        (20.05 - 10.05) / 15.05 * 100)
    calm = [[10.0, 10.2, 10.1], [10.1, 10.0, 10.2]]
    assert stats.processes_disagree(calm) is False
    assert stats.processes_disagree([[10.0], [20.0]]) is None     # no process's own noise
    assert stats.median_interval([[7.0]]) == (7.0, 7.0)


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
