"""Where one row's instructions per call go, function by function, from the
callgrind dumps a count keeps; with a second folder of dumps, what changed
between the two, the largest change first.

    python3 -m harness.tools.instr_functions ROW DUMPS [OTHER_DUMPS] [--top=N]

ROW is a row's name as the dumps record it (add_i64/pybind11.v3/interp,
fail_if_negative/cffi.v2_abi/interp/fail); DUMPS a folder of callgrind dumps:
make releases keeps each release's in build/releases/<tool>-<version>/callgrind/,
and `python3 -m harness.tools.instr RESULTS [TEXT] --dumps=FOLDER` (make
bench-instr's counting) keeps the project's own in FOLDER.  A row runs n = batch and
n = 3 * batch calls, one dump each, so a function's instructions per call are

    (Ir of the function at 3 * batch - Ir at batch) / (2 * batch)

as instr.py counts the whole row: the harness's own frames (the driver's
loop, the interpreter's start) cancel out.  callgrind_annotate (valgrind's)
reads each dump, with each function's own instructions (not its callees').
The functions whose count differs by less than half an instruction per call
are left out.
"""

import re
import subprocess
import sys

from harness.pipeline import stage_cli
from harness.tools import instr

# callgrind_annotate's lines: "  351,000 (19.58%)  ???:dispatcher(...) [/path/lib.so]"
_LINE = re.compile(r"^\s*([\d,]+)\s+\([\d. ]+%\)\s+(.*?)\s*$")
SHOWN = 15


def annotate(path):
    """{function: its own Ir} of one callgrind dump, by callgrind_annotate;
    the program's total and the frames that hold all of it (main, the
    driver) are left out."""
    out = subprocess.run(["callgrind_annotate", "--inclusive=no", "--threshold=100", path],
                         capture_output=True, text=True, check=True).stdout
    counts, total = {}, None
    for line in out.splitlines():
        match = _LINE.match(line)
        if not match:
            continue
        ir, name = int(match.group(1).replace(",", "")), match.group(2)
        if name == "PROGRAM TOTALS":
            total = ir
        elif ir != total:
            counts[name] = counts.get(name, 0) + ir
    return counts


def short(name):
    """???:f [/path/lib.so] -> f [lib.so]"""
    name = re.sub(r"^(\?\?\?|[^:\[\s]*\.\w+):", "", name)
    return re.sub(r"\[(?:[^\]]*/)?([^\]/]+)\]$", r"[\1]", name)


def per_call(folder, row):
    """{function: instructions per call} of `row` in the dumps of `folder`."""
    runs = instr.dump_files(folder).get(row, {})
    if len(runs) != 2:
        raise ValueError(f"{folder} has no pair of dumps of the row {row!r} "
                         f"(rows there: {', '.join(sorted(instr.dump_files(folder))) or 'none'})")
    low, high = sorted(runs)
    a, b = annotate(runs[low]), annotate(runs[high])
    return {short(f): (b.get(f, 0) - a.get(f, 0)) / (high - low) for f in set(a) | set(b)}


def lines(row, folders, top=SHOWN):
    """The table's lines: one folder's functions, or two folders' changes."""
    counts = [per_call(folder, row) for folder in folders]
    if len(counts) == 1:
        shown = sorted(counts[0].items(), key=lambda item: -item[1])[:top]
        return [f"{row}: instructions per call by function ({folders[0]})",
                *(f"{value:10.1f}  {name}" for name, value in shown if value >= 0.5),
                f"{sum(counts[0].values()):10.1f}  (every function)"]
    a, b = counts
    changes = {name: b.get(name, 0.0) - a.get(name, 0.0) for name in set(a) | set(b)}
    shown = sorted((item for item in changes.items() if abs(item[1]) >= 0.5),
                   key=lambda item: -abs(item[1]))[:top]
    return [f"{row}: instructions per call by function, A = {folders[0]}, B = {folders[1]}",
            f"{'A':>10}  {'B':>10}  {'B - A':>10}  function",
            *(f"{a.get(name, 0.0):10.1f}  {b.get(name, 0.0):10.1f}  {change:+10.1f}  {name}"
              for name, change in shown),
            f"{sum(a.values()):10.1f}  {sum(b.values()):10.1f}  "
            f"{sum(b.values()) - sum(a.values()):+10.1f}  (every function)"]


def main(argv=None):
    parser = stage_cli.command_line(__spec__.name, __doc__)
    parser.add_argument("row", metavar="ROW")
    parser.add_argument("folders", metavar="DUMPS", nargs="+")
    parser.add_argument("--top", type=int, default=SHOWN)
    args = parser.parse_args(argv)
    if len(args.folders) > 2:
        parser.error("one or two folders of dumps")
    return stage_cli.run_command("instr_functions", lambda: print(
        "\n".join(lines(args.row, args.folders, args.top))),
        errors=(ValueError, OSError, subprocess.CalledProcessError))


if __name__ == "__main__":
    sys.exit(main())
