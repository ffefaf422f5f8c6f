"""The answer first (harness/pipeline/publish/answer.py): the reference's
REPORT.md opens with its summary per binding and the conclusions, and is the
toolkit's own; a conclusion is written only where the intervals support it,
and quotes its figures."""
import os

import harness
from harness.pipeline import results_io
from harness.pipeline.publish import answer, report
from harness.registry import vocabulary as v

REFERENCE = os.path.join(harness.ROOT, "results", "reference")


def test_the_reference_report_opens_with_the_answer():
    with open(os.path.join(REFERENCE, "REPORT.md"), encoding="utf-8") as f:
        text = f.read()
    lines = text.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("| binding (path) |"))
    rows = []
    for line in lines[header + 2:]:
        if not line.startswith("| "):
            break
        rows.append(line)
    assert header < 40 and header + 2 + len(rows) <= 40 and len(rows) >= 15
    conclusions = lines.index("### What the figures say")
    assert lines[header + 2 + len(rows):conclusions]          # the notes, then the sentences
    assert all(not line.startswith("## ") for line in lines[header:conclusions])
    assert lines[conclusions + 2].startswith("- ")
    assert lines.index("## Environment") > lines.index("## Charts")   # the environment last
    assert text == report.report(results_io.ResultsFolder(REFERENCE)), \
        "results/reference/REPORT.md is stale: python3 -m harness.pipeline.publish.report " \
        "results/reference"


def _summary_row(path, net, low, high, kernel="add_i64", arg=""):
    row = dict.fromkeys(v.SUMMARY_COLUMNS, "")
    row.update(kernel=kernel, path=path, family=path.split(".")[0], mode="interp", arg=arg,
               ns_net=net, ns_net_low=low, ns_net_high=high, multimodal="no")
    return row


def _folder(tmp_path, rows, bindings):
    results = results_io.ResultsFolder(str(tmp_path))
    results_io.write_csv(rows, results.file("summary.csv"))
    table = [{**dict.fromkeys(v.DECISION_COLUMNS, ""), "binding": name, "path": path}
             for name, path in bindings]
    results.write_table("decision.csv", table)
    return results


def test_within_the_c_api_only_where_both_ends_of_the_intervals_say_so(tmp_path):
    """Within 1.5x of 20 ns: a binding at 27 ns whose interval reaches 29 is
    said to be; one at 28 ns whose interval reaches 31 (past 1.5 x the C
    API's lower end) is not, though its figure is."""
    results = _folder(tmp_path, [_summary_row("capi.fastcall", 20.0, 19.8, 20.4),
                                 _summary_row("cython.v3", 27.0, 26.5, 29.0),
                                 _summary_row("nanobind.def", 28.0, 27.0, 31.0),
                                 _summary_row("ctypes.cdll", 150.0, 140.0, 160.0)],
                      [("C API", "capi.fastcall"), ("Cython 3", "cython.v3"),
                       ("nanobind", "nanobind.def"), ("ctypes", "ctypes.cdll")])
    said = answer.conclusions(results)
    near = next(s for s in said if s.startswith("Within 1.5x"))
    assert "Cython 3 (27.0 ns, 1.4x)" in near and "nanobind" not in near
    far = next(s for s in said if s.startswith("5x"))
    assert "ctypes (150.0 ns, 7.5x)" in far


def test_no_sentence_where_the_intervals_do_not_support_one(tmp_path):
    """A binding at 1.45x with an interval to 1.6x, and one at 5.2x with an
    interval down to 4.8x: neither sentence is written."""
    results = _folder(tmp_path, [_summary_row("capi.fastcall", 20.0, 19.8, 20.4),
                                 _summary_row("cython.v3", 29.0, 28.0, 32.0),
                                 _summary_row("ctypes.cdll", 104.0, 97.0, 110.0)],
                      [("C API", "capi.fastcall"), ("Cython 3", "cython.v3"),
                       ("ctypes", "ctypes.cdll")])
    said = answer.conclusions(results)
    assert not [s for s in said if s.startswith(("Within", "5x"))]


def test_a_caveat_is_a_footnote_on_the_cells_it_touches(tmp_path):
    results = _folder(tmp_path, [_summary_row("capi.fastcall", 20.0, 19.8, 20.4),
                                 _summary_row("pybind11.v3", 60.0, 59.0, 61.0)],
                      [("C API", "capi.fastcall"), ("pybind11 3", "pybind11.v3")])
    rows = {row["binding"].text.split(" (")[0]: row for row in answer.summary(results)}
    number = next(i for i, caveat in enumerate(answer.registry.CAVEATS, start=1)
                  if "pybind11 3" in caveat.bindings)
    mark = str(number).translate(answer.SUPERSCRIPTS)
    assert rows["pybind11 3"]["add_i64"].text.endswith(mark)
    assert not rows["C API"]["add_i64"].text.endswith(mark)
    lines = answer.summary_lines(results)
    assert any(line.startswith(mark + " ") and "NDEBUG" in line for line in lines)
