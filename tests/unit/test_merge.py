"""make merge (harness/commands/merge.py) on two results folders made from
fixtures: the comparison, each run's ratio to the first, and the refusal of
runs that did not call the same code."""
import json
import os

import pytest

from harness.commands import merge
from harness.pipeline import results_io
from harness.registry import vocabulary as v

SAME = {"build_kernels_o_sha256": "ab" * 32, "build_cflags": "-O2", "build_cc_version": "gcc 12"}


def run_folder(root, name, figures, **meta):
    """A results folder with metadata.json and summary.csv: figures is
    {(path, kernel): net ns}."""
    folder = root / name
    folder.mkdir()
    (folder / "metadata.json").write_text(json.dumps({
        "python_implementation": "CPython", "python_version": name, "cpu_model": "a CPU",
        "build_python_label": f"cpython-{name}-source", **SAME, **meta}))
    rows = []
    for (path, kernel), net in figures.items():
        row = dict.fromkeys(v.SUMMARY_COLUMNS, "")
        row.update(kernel=kernel, path=path, family=path.split(".")[0], mode="interp",
                   ns=net + 5, ns_median=net + 5, ns_net=net, ns_net_low=net - 1,
                   ns_net_high=net + 1)
        rows.append(row)
    skipped = dict.fromkeys(v.SUMMARY_COLUMNS, "")
    skipped.update(kernel="add_i64", path="abi3.fastcall", family="abi3", mode="interp",
                   skipped="skipped: not available: the Limited API (abi3): no stable ABI")
    rows.append(skipped)
    results_io.write_csv(rows, str(folder / "summary.csv"))
    return str(folder)


def test_two_runs_side_by_side_with_ratios_to_the_first(tmp_path):
    first = run_folder(tmp_path, "3.11", {("capi.fastcall", "add_i64"): 20.0,
                                          ("ctypes.cdll", "add_i64"): 200.0,
                                          ("capi.fastcall", "noop"): 8.0})
    second = run_folder(tmp_path, "3.13", {("capi.fastcall", "add_i64"): 30.0,
                                           ("ctypes.cdll", "add_i64"): 100.0})
    out = tmp_path / "merged"
    assert merge.main([str(out), first, second]) == 0
    rows = {(r["path"], r["kernel"], r["run"]): r
            for r in results_io.read_csv(str(out / "comparison.csv"))}
    assert float(rows[("capi.fastcall", "add_i64", "cpython-3.13-source, a CPU")]
                 ["ratio_to_first"]) == pytest.approx(1.5)
    assert float(rows[("ctypes.cdll", "add_i64", "cpython-3.13-source, a CPU")]
                 ["ratio_to_first"]) == pytest.approx(0.5)
    text = (out / "COMPARISON.md").read_text()
    assert "| capi.fastcall | 20.0 | 30.0 (x 1.50) |" in text
    assert "| capi.fastcall | 8.0 |  |" in text          # a kernel one run lacks
    assert "the Limited API (abi3): no stable ABI" in text   # why a path was not timed
    kept = json.loads((out / "runs.json").read_text())
    assert set(kept) == {"cpython-3.11-source, a CPU", "cpython-3.13-source, a CPU"}
    assert kept["cpython-3.13-source, a CPU"]["python_version"] == "3.13"
    assert os.path.getsize(out / "comparison.png") > 0
    assert os.path.getsize(out / "comparison.svg") > 0


@pytest.mark.parametrize("key, what", [("build_kernels_o_sha256", "the kernel object"),
                                       ("build_cflags", "the C flags")])
def test_runs_of_other_code_are_refused_unless_forced(tmp_path, capsys, key, what):
    first = run_folder(tmp_path, "3.11", {("capi.fastcall", "add_i64"): 20.0})
    second = run_folder(tmp_path, "3.13", {("capi.fastcall", "add_i64"): 30.0},
                        **{key: "something else"})
    out = tmp_path / "merged"
    assert merge.main([str(out), first, second]) == 1
    said = capsys.readouterr().err
    assert what in said and "something else" in said and "FORCE=1" in said
    assert not out.exists()
    assert merge.main([str(out), first, second, "--force"]) == 0
    text = (out / "COMPARISON.md").read_text()
    assert "Forced (FORCE=1)" in text and "something else" in text


def test_a_folder_without_results_is_named(tmp_path, capsys):
    first = run_folder(tmp_path, "3.11", {("capi.fastcall", "add_i64"): 20.0})
    (tmp_path / "empty").mkdir()
    assert merge.main([str(tmp_path / "out"), first, str(tmp_path / "empty")]) == 1
    assert "is not a results folder of make bench" in capsys.readouterr().err


def test_a_failed_stage_and_a_missing_run_are_named(tmp_path):
    """A run whose later stage failed is merged and its stage named; a run
    that gave no folder is named with why."""
    first = run_folder(tmp_path, "3.11", {("capi.fastcall", "add_i64"): 20.0})
    second = run_folder(tmp_path, "3.13", {("capi.fastcall", "add_i64"): 30.0},
                        bench_stages={"measure": {"outcome": "ran", "seconds": 9.0},
                                      "safety": {"outcome": "failed", "why": "OSError: gone"}})
    out = tmp_path / "merged"
    merge.merge(str(out), [first, second],
                missing=[("pypy3", "make bench failed: the measure stage failed on pypy: x")])
    text = (out / "COMPARISON.md").read_text()
    assert "## Not in this comparison, and why" in text
    assert "- **pypy3**: no results: make bench failed: the measure stage failed on pypy: x" \
        in text
    assert "- **cpython-3.13-source, a CPU**: merged, but its safety stage failed " \
        "(OSError: gone)" in text
    assert "cpython-3.11-source, a CPU**: merged" not in text


def test_interpreters_merge_the_runs_that_published_and_name_the_one_that_failed(
        tmp_path, monkeypatch, capsys):
    """make bench PYTHONS=...: one interpreter's make bench fails before
    publishing, another's succeeds, a third's publishes but a later stage
    fails: the comparison has the two that published, names the failure,
    and the exit status is 1."""
    from harness.commands import interpreters
    results = tmp_path / "results"
    results.mkdir()
    outcomes = {"good": (True, "3.11", ""), "late": (False, "3.13", "the safety stage failed"),
                "bad": (False, None, "the measure stage failed on pypy: AttributeError: x")}
    monkeypatch.setattr(interpreters, "resolve", lambda spec, cache: (f"/bin/{spec}", ""))
    monkeypatch.setattr(interpreters, "label_of", lambda python: python.rsplit("/", 1)[1])

    def bench(python, folder):
        succeeded, version, why = outcomes[os.path.basename(folder)]
        if version:
            run_folder(results, os.path.basename(folder),
                       {("capi.fastcall", "add_i64"): 20.0}, python_version=version,
                       build_python_label=f"label-{version}")
        return succeeded, bool(version), why
    monkeypatch.setattr(interpreters, "bench", bench)
    assert interpreters.main([f"--results={results}", "good", "bad", "late"]) == 1
    text = (results / "merged" / "COMPARISON.md").read_text()
    assert "label-3.11" in text and "label-3.13" in text
    assert ("- **bad**: no results: make bench failed: the measure stage failed on pypy: "
            "AttributeError: x") in text
    said = capsys.readouterr()
    assert "make bench failed for bad, late" in said.err
    assert "COMPARISON.md names what is missing" in said.err


def test_interpreters_say_when_nothing_could_be_merged(tmp_path, monkeypatch, capsys):
    from harness.commands import interpreters
    monkeypatch.setattr(interpreters, "resolve", lambda spec, cache: (f"/bin/{spec}", ""))
    monkeypatch.setattr(interpreters, "label_of", lambda python: "x")
    monkeypatch.setattr(interpreters, "bench", lambda python, folder: (False, False, "why"))
    assert interpreters.main([f"--results={tmp_path}", "pypy3"]) == 1
    assert "no run finished, nothing merged" in capsys.readouterr().err
    assert not (tmp_path / "merged").exists()
