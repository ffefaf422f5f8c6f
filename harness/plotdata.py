"""results/summary.csv -> the tables and settings harness/plots/calls.gp draws.

For one timing mode, writes OUT_DAT: one block per kernel (blocks separated by
two blank lines, for gnuplot's `index`), one line per measured path, sorted by
net cost with the cheapest at the bottom:

    y  path  ns_net  ns_net_min  ns_net_max  rgb  point_type

and OUT_DAT.gp, the gnuplot variables: title, kernels, rows per kernel, the
x range, and a footnote naming the skipped paths with their reasons.

The floors are drawn in every chart: c.direct (measured in the native mode)
and python.def, as grey diamonds; each binding family has one colour.

Usage: plotdata.py SUMMARY_CSV CALLS_JSON MODE OUT_DAT
"""

import csv
import json
import math
import sys

BASELINE_PATH = "baseline"
NATIVE_MODE = "native"
FLOOR_FAMILIES = ("c", "python")
# ColorBrewer Dark2, one colour per binding family; floors are grey.
FAMILY_COLOURS = {"capi": 0x1b9e77, "abi3": 0x66a61e, "ctypes": 0xd95f02,
                  "cffi": 0x7570b3, "cython": 0xe7298a, "pybind11": 0xe6ab02}
OTHER_COLOUR, FLOOR_COLOUR = 0xa6761d, 0x666666
POINT, FLOOR_POINT = 7, 13      # filled circle, filled diamond
SMALLEST = 0.05                 # ns: where a net cost <= 0 is drawn (log axis)


def _num(text):
    return float(text) if text not in ("", None) else None


def _gp_string(text):
    """A gnuplot double-quoted string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def select(rows, mode):
    """The rows a chart of `mode` shows: that mode's, plus the native floor."""
    return [r for r in rows if r["path"] != BASELINE_PATH
            and (r["mode"] == mode or r["mode"] == NATIVE_MODE)]


def panels(rows):
    """{kernel: [table lines]} with the measured rows sorted by net cost, and
    the list of skipped rows as 'kernel/path: reason'."""
    skipped = sorted({f"{r['path']}: {r['skipped']}" for r in rows if r["skipped"]})
    measured = [r for r in rows if not r["skipped"] and r["ns_net"] != ""]
    result = {}
    for kernel in dict.fromkeys(r["kernel"] for r in measured):
        group = sorted((r for r in measured if r["kernel"] == kernel),
                       key=lambda r: _num(r["ns_net"]))
        lines = []
        for y, r in enumerate(group, start=1):
            base = _num(r["ns_median"]) - _num(r["ns_net"])
            net = max(_num(r["ns_net"]), SMALLEST)
            lo = max(_num(r["ns_min"]) - base, SMALLEST)
            hi = max(_num(r["ns_max"]) - base, net)
            floor = r["family"] in FLOOR_FAMILIES
            colour = FLOOR_COLOUR if floor else FAMILY_COLOURS.get(r["family"], OTHER_COLOUR)
            lines.append(f"{y} {_gp_string(r['path'])} {net:.3f} {lo:.3f} "
                         f"{hi:.3f} {colour} {FLOOR_POINT if floor else POINT}")
        result[kernel] = lines
    return result, skipped


def main(argv):
    if len(argv) != 5:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    _, summary, calls, mode, out = argv
    with open(summary, newline="") as f:
        rows = select(list(csv.DictReader(f)), mode)
    with open(calls) as f:
        context = json.load(f).get("context", {})
    tables, skipped = panels(rows)
    if not tables:
        print(f"plotdata: no measured {mode} rows in {summary}", file=sys.stderr)
        return 1
    with open(out, "w") as f:
        f.write("# y path ns_net ns_net_min ns_net_max rgb point_type\n")
        f.write("\n\n\n".join("\n".join(lines) for lines in tables.values()))
        f.write("\n")
    values = [float(line.split()[i]) for lines in tables.values()
              for line in lines for i in (3, 4)]
    xmin = 10 ** math.floor(math.log10(min(values)))
    xmax = 10 ** math.ceil(math.log10(max(values) * 1.8))
    title = (f"Net time per call, {mode} mode - Python "
             f"{context.get('python_version', '?')} "
             f"({context.get('driver_frontend', '?')}), "
             f"{context.get('cpu_model', 'unknown CPU')}")
    note = ("skipped: " + "; ".join(skipped)) if skipped else ""
    with open(out + ".gp", "w") as f:
        f.write(f"run_title = {_gp_string(title)}\n")
        f.write(f"kernels = {_gp_string(' '.join(tables))}\n")
        f.write(f"counts = {_gp_string(' '.join(str(len(v)) for v in tables.values()))}\n")
        f.write(f"xmin = {xmin}\nxmax = {xmax}\n")
        f.write(f"footnote = {_gp_string(note)}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
