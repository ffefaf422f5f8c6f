"""make releases' series and report (harness/releases/series.py, report.py)
on rows made from fixtures: the series and its QUICK subset, the steps
between consecutive built releases, and REPORT.md's tables read from the
rows; every step of the committed reference run names its cause."""
import os

import pytest

import harness
from harness.pipeline import results_io
from harness.releases import causes, report, series


def test_each_series_is_in_release_order_and_quick_keeps_its_ends():
    for tool in series.TOOLS.values():
        keys = [series.version_key(v) for v in tool.versions]
        assert keys == sorted(keys) and len(set(keys)) == len(keys), tool.name
    quick = series.series(quick=True)
    assert [r.name for r in quick if r.tool == "pyo3"] == ["pyo3-0.20.3", "pyo3-0.30.1"]
    assert all(sum(r.tool == t for r in quick) == 2 for t in series.TOOLS)
    assert [r.order for r in series.series(("cffi",))] == [0, 1, 2, 3]
    with pytest.raises(ValueError, match="no series for swig"):
        series.series(("swig",))


def test_every_release_is_pinned_by_a_committed_file():
    for release in series.series():
        with open(release.pin) as f:
            text = f.read()
        if release.tool == "pyo3":
            assert f'name = "pyo3"\nversion = "{release.version}"' in text, release.pin
        else:
            assert f"{release.tool}=={release.version} " in text and "--hash=sha256:" in text, \
                release.pin


def measured(tool, release, order, kernel, instructions, ns, arg="", path=None):
    return {"tool": tool, "order": order, "release": release,
            "path": path or series.TOOLS[tool].paths[0], "kernel": kernel, "arg": arg,
            "instructions_net": f"{instructions:.1f}", "ns_net": f"{ns:.3f}",
            "ns_net_low": f"{ns - 1:.3f}", "ns_net_high": f"{ns + 1:.3f}"}


def built(tool, release, order, error=""):
    return {"tool": tool, "order": order, "release": release, "built": "no" if error else "yes",
            "error": error, "seconds": "3"}


def test_steps_are_changes_over_five_percent_between_built_releases():
    rows = [measured("pybind11", "2.10.4", 0, "add_i64", 500, 60),
            measured("pybind11", "2.11.2", 1, "add_i64", 510, 61),      # +2 %: no step
            measured("pybind11", "3.1.0", 5, "add_i64", 300, 40),       # -41 %
            measured("pybind11", "2.10.4", 0, "noop", 200, 30),
            measured("pybind11", "2.11.2", 1, "noop", 220, 31),         # +10 %
            measured("pybind11", "3.1.0", 5, "noop", 220, 30)]
    builds = [built("pybind11", "2.10.4", 0), built("pybind11", "2.11.2", 1),
              built("pybind11", "3.0.4", 4, "error: no member named x"),
              built("pybind11", "3.1.0", 5)]
    found = report.steps(rows, builds)
    assert [(s["kernel"], s["before"], s["after"], s["change_pct"]) for s in found] == [
        ("noop", "2.10.4", "2.11.2", "+10.0"), ("add_i64", "2.11.2", "3.1.0", "-41.2")]


def test_report_tables_come_from_the_rows(tmp_path):
    rows = [measured("cffi", "1.15.1", 0, "add_i64", 900, 95, path="cffi.v2_abi"),
            measured("cffi", "2.1.1", 3, "add_i64", 1400, 170, path="cffi.v2_abi"),
            measured("cffi", "1.15.1", 0, "fail_if_negative", 3000, 300, "fail", "cffi.v2_api"),
            measured("cffi", "2.1.1", 3, "fail_if_negative", 3000, 310, "fail", "cffi.v2_api")]
    builds = [built("cffi", "1.15.1", 0), built("cffi", "2.1.1", 3)]
    results = results_io.ResultsFolder(str(tmp_path))
    results.start_metadata({})
    found = report.write(results, rows, builds, say=lambda text: None)
    text = (tmp_path / "REPORT.md").read_text()
    assert "| add_i64 (cffi.v2_abi) | 900 | 1400 |" in text
    assert "| fail_if_negative/fail (cffi.v2_api) | 300.0 | 310.0 |" in text
    assert ("- cffi 1.15.1 → 2.1.1: add_i64 (cffi.v2_abi) 900 → 1400 (+55.6 %). "
            f"{causes.NOT_LOOKED_UP}") in text
    assert len(found) == 1 and "## pybind11" not in text
    assert results.table("steps.csv")[0]["change_pct"] == "+55.6"
    assert (tmp_path / "charts" / "cffi.svg").stat().st_size > 0
    # python3 -m harness.releases.report makes it all again from the two tables
    results.save()
    for name in ("REPORT.md", "steps.csv", "charts/cffi.svg"):
        (tmp_path / name).unlink()
    assert report.main([str(tmp_path)]) == 0
    assert (tmp_path / "REPORT.md").read_text() == text
    assert (tmp_path / "charts" / "cffi.svg").stat().st_size > 0


def test_every_step_of_the_reference_names_its_cause():
    """results/reference/releases/steps.csv: each step's cause is
    harness/releases/causes.py's entry (python3 -m harness.releases.report
    writes it again when an entry changed), and every entry is a step."""
    found = results_io.ResultsFolder(os.path.join(
        harness.ROOT, "results", "reference", "releases")).table("steps.csv")
    pairs = {(s["tool"], s["before"], s["after"]) for s in found}
    for s in found:
        assert s["cause"] == causes.cause(s["tool"], s["before"], s["after"]) != \
            causes.NOT_LOOKED_UP, s
    assert set(causes.CAUSES) <= pairs, set(causes.CAUSES) - pairs



def test_a_release_has_the_quirks_of_the_versions_before_their_fix():
    old, new = (series.Release("nanobind", v, series.TOOLS["nanobind"].versions.index(v))
                for v in ("2.12.0", "2.15.0"))
    assert set(old.quirks) == {"wrong_type:add_i64", "wrong_type:fail_if_negative"}
    assert new.quirks == {} and series.series(("pybind11",))[0].quirks == {}
