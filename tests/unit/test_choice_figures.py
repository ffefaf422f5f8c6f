"""The figures of the choice stage from given inputs: lines of code counted,
a definition found, the n from which releasing the GIL pays, the decision
table's Markdown."""
import os

import harness
from harness.pipeline import results_io
from harness.pipeline.analyse import stats
from harness.pipeline.choice import decision, ownership, threads

C_SOURCE = """/* a header comment
   over two lines */
#include <stdint.h>

// a line comment
static int
helper(int x)   /* trailing */
{
    return x;   // trailing too
}

#[pyfunction]
fn glue(x: i64) -> PyResult<()> {
    if x < 0 {
        return Err(e);
    }
    Ok(())
}
"""

PY_SOURCE = '''"""The module's docstring,
over two lines."""
import os  # a comment


def glue(x):
    """Its docstring."""
    # a comment
    if x:
        raise ValueError(
            "two lines")


def other():
    return 1
'''


def test_code_lines_leave_out_comments_blank_lines_and_docstrings():
    assert ownership.code_lines("x.c", C_SOURCE) == {3, 6, 7, 8, 9, 10, 12, 13, 14, 15,
                                                      16, 17, 18}
    assert ownership.code_lines("x.py", PY_SOURCE) == {3, 6, 9, 10, 11, 14, 15}


def test_a_definition_is_found_with_its_lines_above_it():
    assert ownership.definition_lines("x.rs", "glue", C_SOURCE) == 7
    assert ownership.definition_lines("x.c", "helper", C_SOURCE) == 5
    assert ownership.definition_lines("x.py", "glue", PY_SOURCE) == 4


def _rows(releasing, holding):
    """threads.csv rows: {n: calls per second} of 2 threads for releasing,
    of 1 thread for holding (its 2 threads a little slower)."""
    rows = []
    for n, value in releasing.items():
        rows.append({"path": "r", "n": str(n), "threads": "2", "calls_per_s": str(value)})
    for n, value in holding.items():
        rows.append({"path": "h", "n": str(n), "threads": "1", "calls_per_s": str(value)})
        rows.append({"path": "h", "n": str(n), "threads": "2", "calls_per_s": str(value * 0.9)})
    return rows


def test_releasing_pays_from_the_first_n_of_the_last_winning_run():
    rows = _rows({1: 50, 10: 120, 100: 80, 1000: 300}, {1: 100, 10: 100, 100: 100, 1000: 100})
    assert threads.pays_from(rows, "r", "h") == (1000, "")
    rows = _rows({1: 150, 10: 120}, {1: 100, 10: 100})
    assert threads.pays_from(rows, "r", "h") == (1, "")
    rows = _rows({1: 50, 10: 99}, {1: 100, 10: 100})
    assert threads.pays_from(rows, "r", "h") == (None, threads.NEVER)


def _spread(rows, share):
    """The rows with a min and max `share` below and above their median."""
    return [{**r, "calls_per_s_min": str(float(r["calls_per_s"]) * (1 - share)),
             "calls_per_s_max": str(float(r["calls_per_s"]) * (1 + share))} for r in rows]


def test_a_clear_step_gives_its_n_and_noise_gives_within_noise():
    """A step the ranges support (2x, ranges of 10 %) gives its n; the same
    medians with ranges of 60 % do not, and say so; twins over the same code
    with different medians but touching ranges give the same cell."""
    step = _rows({1: 50, 10: 60, 100: 200, 1000: 200}, {1: 100, 10: 100, 100: 100, 1000: 100})
    assert threads.pays_from(_spread(step, 0.10), "r", "h") == (100, "")
    assert threads.pays_from(_spread(step, 0.60), "r", "h") == (None, threads.WITHIN_NOISE)
    # 110 and 140 calls/s, each +- 30 %, against the twin's 100 +- 5 %
    first = _spread(_rows({10: 110, 100: 250}, {10: 100, 100: 100}), 0.30)
    second = _spread(_rows({10: 140, 100: 250}, {10: 100, 100: 100}), 0.30)
    for twin in (first, second):
        twin[:] = [r if r["path"] == "r" else {**r, **_spread([r], 0.05)[0]} for r in twin]
    assert threads.pays_from(first, "r", "h") == threads.pays_from(second, "r", "h") == (100, "")


_ROW = {"binding": "C API", "path": "capi.fastcall", "add_i64_ns": "18.1", "noop_ns": "7.5",
        "per_argument_ns": "", "construct_ns": "61.2", "method_ns": "13.7",
        "import_ms": "-0.01", "import_resolved": "no",
        "first_call_ns": "1100", "build_s": "0.5", "module_kb": "49",
        "glue_lines_per_kernel": "31.4", "bad_raised": "300", "bad_silent": "2",
        "bad_crashed": "0", "release_pays_from_n": "n >= 1000"}


def test_the_decision_table_shows_every_binding_row():
    lines = decision.table_lines([_ROW])
    assert len(lines) == 3 and lines[0].count("|") == lines[1].count("|") == lines[2].count("|")
    assert "C API (`capi.fastcall`)" in lines[2] and "300 / 2 / 0" in lines[2]
    # an import cost whose interval holds 0 is no figure: not "-0.0"
    assert "| within noise |" in lines[2] and "-0.0" not in lines[2]
    assert "n >= 1000" in lines[2] and "| 61.2 | 13.7 |" in lines[2]


def test_on_the_reference_the_twins_over_the_same_code_give_the_same_cells():
    """The C API's fastcall and the Limited API's are the same C over the same
    kernel: every cell that states a threshold, a category or a mark is the
    same for both, and their timed figures' intervals overlap."""
    reference = results_io.ResultsFolder(os.path.join(harness.ROOT, "results", "reference"))
    table, _ = decision.rows(reference)
    capi, abi3 = (next(r for r in table if r["binding"] == name)
                  for name in ("C API", "Limited API (abi3)"))
    for column in ("release_pays_from_n", "marks", "bad_raised", "bad_silent", "bad_crashed"):
        assert capi[column] == abi3[column], column
    assert decision.import_cell(capi) == decision.import_cell(abi3)
    summary = {(r["kernel"], r["path"]): r for r in reference.table("summary.csv")
               if r["mode"] == "interp" and not r["arg"]}
    for kernel in ("noop", "add_i64", "add_f64"):
        a, b = summary[(kernel, capi["path"])], summary[(kernel, abi3["path"])]
        assert float(a["ns_net_low"]) <= float(b["ns_net_high"]), kernel
        assert float(b["ns_net_low"]) <= float(a["ns_net_high"]), kernel


def test_a_noisy_figure_carries_its_mark():
    row = {"ns_net": "20.0", "ns_net_low": "19.5", "ns_net_high": "20.5", "multimodal": "no"}
    assert stats.noise_mark(row) == ""
    assert stats.noise_mark({**row, "multimodal": "yes"}) == stats.MULTIMODAL_MARK
    assert stats.noise_mark({**row, "ns_net_high": "23.0"}) == stats.WIDE_MARK
    # a nanosecond row: its width is under the resolution, however large a share
    assert stats.noise_mark({"ns_net": "1.1", "ns_net_low": "0.9", "ns_net_high": "1.5"}) == ""
    line = decision.table_lines([{**_ROW, "marks": f"add_i64_ns={stats.WIDE_MARK}"}])
    assert f"| 18.1{stats.WIDE_MARK} |" in line[2] and line[-1] == stats.MARKS_LEGEND + "."
