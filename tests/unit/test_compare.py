"""make compare: medians, intervals, ratios, resolution and the geometric mean, on
fixture files; clear errors on files that cannot be compared."""
import json
import os

import pytest

from harness.pipeline import results_io
from harness.pipeline.analyse import reproduction, stats, summarize
from harness.tools import compare
import harness

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures")
A = os.path.join(FIXTURES, "compare_a.json")
B = os.path.join(FIXTURES, "compare_b.json")


def test_medians_ratios_and_resolution():
    lines, geo = compare.compare(compare.load_runs(A), compare.load_runs(B), "median")
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


def test_the_headline_estimator_is_compared_by_default():
    lines, _ = compare.compare(compare.load_runs(A), compare.load_runs(B))
    table = {line.split("|")[1].strip(): line for line in lines if line.startswith("| ")}
    assert f"| A {stats.HEADLINE} [ns] |" in lines[0]
    want = stats.estimate([[30.0, 30.5, 29.8, 30.2, 30.1]])
    assert f"| {want:.2f} |" in table["add_i64/capi.fastcall/interp"]


def raw_run(values, empty):
    """A raw report: {row: [[values] per process]}, and the empty loop's."""
    rows = {"empty/baseline/interp": empty, **values}
    return {"benchmarks": [
        {"name": name, "run_name": name, "run_type": "iteration", "real_time": x,
         "time_unit": "ns", "ffb_worker": w, "label": "gil_released=0 batch=1000"}
        for name, groups in rows.items() for w, group in enumerate(groups) for x in group]}


def test_reproduction_is_net_of_each_runs_empty_loop_and_skips_fast_rows():
    a = compare.net_rows(raw_run({"add/x.y/interp": [[50.0, 51.0], [50.5, 52.0]],
                                  "noop/x.y/interp": [[15.0], [15.2]],
                                  "mul/x.y/interp": [[110.0], [111.0]]},
                                 [[10.0, 10.1], [10.0, 10.2]]), "min")
    # B: the loop 2 ns dearer, add the same net, mul 10 % slower net
    b = compare.net_rows(raw_run({"add/x.y/interp": [[52.0, 52.5], [52.2, 53.0]],
                                  "noop/x.y/interp": [[30.0], [30.0]],
                                  "mul/x.y/interp": [[122.0], [123.0]]},
                                 [[12.0, 12.3], [12.1, 12.0]]), "min")
    found = reproduction.reproduction(a, b)
    # noop is 5 ns net in A: below the noise floor, left out
    assert found["rows"] == 2
    assert found["worst_row"] == "mul/x.y/interp"
    assert found["worst_pct"] == pytest.approx(10.0)
    assert found["median_pct"] == pytest.approx(5.0)
    assert found["outside"] == ["mul/x.y/interp"]
    assert "2 rows >= 20 ns" in reproduction.describe(found)


def test_estimators_table_has_every_candidate(tmp_path):
    path_a, path_b = tmp_path / "a.json", tmp_path / "b.json"
    path_a.write_text(json.dumps(raw_run({"add/x.y/interp": [[50.0, 80.0], [51.0, 90.0]]},
                                         [[10.0, 10.0], [10.0, 10.0]])))
    path_b.write_text(json.dumps(raw_run({"add/x.y/interp": [[50.0, 51.0], [52.0, 53.0]]},
                                         [[10.0, 10.0], [10.0, 10.0]])))
    lines = compare.estimator_lines(str(path_a), [str(path_b)])
    rows = {line.split("|")[1].split()[0]: line for line in lines if line.startswith("| ")}
    assert set(stats.ESTIMATORS) <= set(rows)
    assert "(headline)" in rows[stats.HEADLINE]
    # the minimum is the same on both sides: 0 %; the median moved
    assert "0.0% / 0.0% / 0.0%" in rows["min"]
    assert "0.0% / 0.0% / 0.0%" not in rows["median"]


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


def test_the_workers_table_cuts_b_to_its_first_workers(tmp_path):
    """--workers: B's reproduction with 1, 2, ... of its worker processes;
    a B with fewer workers than a line asks for says n/a."""
    path_a, path_b = tmp_path / "a.json", tmp_path / "b.json"
    path_a.write_text(json.dumps(raw_run({"add/x.y/interp": [[50.0, 50.0], [50.0, 50.0]]},
                                         [[10.0, 10.0], [10.0, 10.0]])))
    # B's first worker is 10 % slow, its second exact
    path_b.write_text(json.dumps(raw_run({"add/x.y/interp": [[54.0, 54.0], [50.0, 50.0]]},
                                         [[10.0, 10.0], [10.0, 10.0]])))
    one = tmp_path / "one.json"
    one.write_text(json.dumps(raw_run({"add/x.y/interp": [[50.0, 50.0]]}, [[10.0, 10.0]])))
    lines = compare.worker_lines(str(path_a), [str(path_b), str(one)])
    rows = {line.split("|")[1].strip(): line for line in lines if line.startswith("| ")}
    assert rows["1"].split("|")[2].strip().startswith("10.0% / 10.0% / 10.0%")
    assert not rows["2"].split("|")[2].strip().startswith("10.0%")
    assert rows["2"].split("|")[3].strip() == "n/a"


def with_sentinel(report, ns):
    """The report with every value's sentinel at `ns` (its machine's speed)."""
    return {"benchmarks": [dict(e, sentinel_ns=ns, sentinel_at_s=float(i))
                           for i, e in enumerate(report["benchmarks"])]}


def test_the_reproduction_at_the_references_machine_speed(tmp_path):
    a = raw_run({"add/x.y/interp": [[50.0, 51.0], [50.5, 52.0]],
                 "mul/x.y/interp": [[110.0], [111.0]]}, [[10.0, 10.1], [10.0, 10.2]])
    # B: the same run on a machine state 1.25x faster, every time alike
    b = {"benchmarks": [dict(e, real_time=e["real_time"] / 1.25) for e in a["benchmarks"]]}
    decision = {"C API": {"binding": "C API", "add_i64_ns": "40.0"}}
    a_timed, b_timed = with_sentinel(a, 150.0), with_sentinel(b, 120.0)
    found = reproduction.check(reproduction.net_rows(a_timed), reproduction.net_rows(b_timed),
                               reproduction.speed(150.0, 120.0),
                               decision, {"C API": {"add_i64_ns": "32.4"}})
    assert found["as_measured"]["median_pct"] == pytest.approx(20.0)
    assert found["speed"]["scale"] == pytest.approx(1.25)
    assert found["at_speed"]["worst_pct"] == pytest.approx(0.0, abs=1e-9)
    assert found["at_speed"]["outside"] == []
    assert found["decision"] == (pytest.approx(19.0), "C API")
    assert found["decision_at_speed"] == (pytest.approx(1.25), "C API")
    said = reproduction.describe_check(found)
    assert "x 1.250" in said[1] and "150.0 ns in A against 120.0 in B" in said[1]
    # without sentinels, the speed is not known, and said so
    plain = reproduction.check(reproduction.net_rows(a), reproduction.net_rows(b),
                               reproduction.speed(None, None))
    assert plain["speed"] is None and plain["at_speed"] is None
    assert "not known" in reproduction.describe_check(plain)[1]


def test_a_folders_summary_rows_are_its_raw_values_net_rows(tmp_path):
    report = raw_run({"add/x.y/interp": [[50.0, 51.0], [50.5, 52.0]],
                      "mul/x.y/interp": [[110.0], [111.0]]}, [[10.0, 10.1], [10.0, 10.2]])
    raw = tmp_path / "calls.json"
    raw.write_text(json.dumps(report))
    written = results_io.ResultsFolder(str(tmp_path))
    summarize.write(written)
    written.save()
    # read back from the files, as another run's folder is
    read = reproduction.summary_rows(results_io.ResultsFolder(str(tmp_path)))
    computed = reproduction.net_rows(report)
    assert read.keys() == computed.keys()
    for name, row in computed.items():
        for column in ("ns_net", "ns_net_low", "ns_net_high"):
            assert read[name][column] == pytest.approx(row[column], abs=1e-3), (name, column)
    assert read["add/x.y/interp"]["ns_net"] is not None
    assert read["empty/baseline/interp"]["ns_net"] is None


def test_the_bootstrap_draws_what_random_choices_draws():
    """interval() inlines rng.choices for speed: for every estimator, the
    same seed gives the same resamples, so the same interval, as the two-level
    bootstrap written with rng.choices."""
    import random
    groups = [[10.0, 10.4, 11.0, 30.0], [10.2, 10.3], [12.0, 12.5, 13.1], [9.9]]

    def with_choices(name):
        rng, figure = random.Random(stats.SEED), stats.ESTIMATORS[name]
        found = sorted(figure([rng.choices(g, k=len(g)) for g in rng.choices(groups, k=len(groups))])
                       for _ in range(stats.RESAMPLES))
        return stats._percentiles(found, stats.LEVEL)

    for name in stats.ESTIMATORS:
        assert stats.interval(groups, name) == with_choices(name), name
