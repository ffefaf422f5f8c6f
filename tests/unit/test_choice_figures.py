"""The figures of the choice stage from given inputs: lines of code counted,
a definition found, the n from which releasing the GIL pays, the decision
table's Markdown."""
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
    assert threads.pays_from(rows, "r", "h") == 1000
    rows = _rows({1: 150, 10: 120}, {1: 100, 10: 100})
    assert threads.pays_from(rows, "r", "h") == 1
    rows = _rows({1: 50, 10: 99}, {1: 100, 10: 100})
    assert threads.pays_from(rows, "r", "h") is None


def test_the_decision_table_shows_every_binding_row():
    row = {"binding": "C API", "path": "capi.fastcall", "add_i64_ns": "18.1", "noop_ns": "7.5",
           "per_argument_ns": "", "construct_ns": "61.2", "method_ns": "13.7",
           "import_ms": "0.21", "import_resolved": "no",
           "first_call_ns": "1100", "build_s": "0.5", "module_kb": "49",
           "glue_lines_per_kernel": "31.4", "bad_raised": "300", "bad_silent": "2",
           "bad_crashed": "0", "release_pays_from_n": "n >= 1000"}
    lines = decision.table_lines([row])
    assert len(lines) == 3 and lines[0].count("|") == lines[1].count("|") == lines[2].count("|")
    assert "C API (`capi.fastcall`)" in lines[2] and "300 / 2 / 0" in lines[2]
    assert "0.2 (within noise)" in lines[2] and "n >= 1000" in lines[2]
    assert "| 61.2 | 13.7 |" in lines[2]
