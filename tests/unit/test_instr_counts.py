"""harness/tools/instr.py on callgrind dump fixtures: instructions per call by
difference of two runs, netted against the baseline."""
import os
import shutil

import pytest

from harness.tools import instr, instr_functions


def write_dump(folder, number, name, calls, instructions, functions=None):
    """A callgrind dump of one run of a row; `functions` {name: own Ir}
    (default: one function with all of it)."""
    functions = functions or {"x": instructions}
    with open(os.path.join(folder, f"cg.out.{number}"), "w") as f:
        f.write("# callgrind format\nversion: 1\n"
                f"desc: Trigger: Client Request: {name}|{calls}\n"
                f"events: Ir\nsummary: {instructions}\n\n"
                + "".join(f"ob=/opt/libk.so\nfl=lib.c\nfn={fn}\n0 {ir}\n" for fn, ir in functions.items()))


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


def test_instr_functions_names_are_short():
    assert instr_functions.short(
        "???:pybind11::cpp_function::dispatcher(_object*) [/work/build/releases/m.so]") == \
        "pybind11::cpp_function::dispatcher(_object*) [m.so]"
    assert instr_functions.short(
        "./malloc/./malloc/malloc.c:_int_free [/usr/lib/x86_64-linux-gnu/libc.so.6]") == \
        "_int_free [libc.so.6]"
    assert instr_functions.short("./string/../sysdeps/x86_64/multiarch/strcmp-avx2.S:"
                                 "__strcmp_avx2 [/usr/lib/libc.so.6]") == "__strcmp_avx2 [libc.so.6]"


@pytest.mark.skipif(shutil.which("callgrind_annotate") is None, reason="valgrind is not installed")
def test_instr_functions_are_per_call_differences_of_two_runs(tmp_path):
    row = "add_i64/capi.fastcall/interp"
    for number, calls in ((1, 1000), (2, 3000)):
        functions = {"fastcall": 40000 + 30 * calls, "PyLong_AsLongLong": 12 * calls,
                     "setup": 9000}
        write_dump(tmp_path, number, row, calls, sum(functions.values()), functions)
    counts = instr_functions.per_call(str(tmp_path), row)
    assert counts == {"fastcall [libk.so]": 30, "PyLong_AsLongLong [libk.so]": 12,
                      "setup [libk.so]": 0}
    with pytest.raises(ValueError, match="no pair of dumps of the row 'noop"):
        instr_functions.per_call(str(tmp_path), "noop/capi.fastcall/interp")
