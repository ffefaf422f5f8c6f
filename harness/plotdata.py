"""results/summary.csv -> the table and settings harness/plots/calls.gp draws.

Writes OUT_DAT (one line per measured row of the interp mode: x position,
kernel, path, net ns, net min, net max, colour index) and OUT_DAT.gp (gnuplot
variables: title, x tics at the kernel groups, path names for the legend,
skipped paths for the footnote).  Within a kernel the bars are sorted by cost;
each path keeps one colour across kernels.

Usage: plotdata.py SUMMARY_CSV CALLS_JSON OUT_DAT
"""

import csv
import json
import os
import sys

MODE = "interp"
BASELINE_PATH = "baseline"


def _num(text):
    return float(text) if text not in ("", None) else None


def _gp_string(text):
    """A gnuplot double-quoted string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def plot_table(rows):
    """(lines of the .dat table, kernel tic positions, path names, skipped)."""
    rows = [r for r in rows if r["mode"] == MODE and r["path"] != BASELINE_PATH]
    skipped = [f"{r['kernel']}/{r['path']}: {r['skipped']}"
               for r in rows if r["skipped"]]
    measured = [r for r in rows if not r["skipped"] and r["ns_net"] != ""]
    paths = list(dict.fromkeys(r["path"] for r in measured))
    kernels = list(dict.fromkeys(r["kernel"] for r in measured))
    lines, tics, x = [], [], 0
    for kernel in kernels:
        group = sorted((r for r in measured if r["kernel"] == kernel),
                       key=lambda r: _num(r["ns_net"]))
        first = x + 1
        for r in group:
            x += 1
            base = _num(r["ns_median"]) - _num(r["ns_net"])
            lines.append(f"{x} {_gp_string(kernel)} {_gp_string(r['path'])} "
                         f"{_num(r['ns_net']):.3f} {_num(r['ns_min']) - base:.3f} "
                         f"{_num(r['ns_max']) - base:.3f} "
                         f"{paths.index(r['path']) + 1}")
        tics.append((kernel, (first + x) / 2))
        x += 1   # a gap between kernel groups
    return lines, tics, paths, skipped


def main(argv):
    if len(argv) != 4:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    with open(argv[1], newline="") as f:
        rows = list(csv.DictReader(f))
    with open(argv[2]) as f:
        context = json.load(f).get("context", {})
    lines, tics, paths, skipped = plot_table(rows)
    if not lines:
        print(f"plotdata: no measured {MODE} rows in {argv[1]}", file=sys.stderr)
        return 1
    with open(argv[3], "w") as f:
        f.write("# x kernel path ns_net ns_net_min ns_net_max colour\n")
        f.write("\n".join(lines) + "\n")
    title = (f"Python {context.get('python_version', '?')} "
             f"({context.get('driver_frontend', '?')}), "
             f"{context.get('cpu_model', 'unknown CPU')}")
    tic_list = ", ".join(f"{_gp_string(k)} {x}" for k, x in tics)
    note = "skipped: " + "; ".join(skipped) if skipped else ""
    with open(argv[3] + ".gp", "w") as f:
        f.write(f"run_title = {_gp_string(title)}\n")
        f.write(f"kernel_tics = {_gp_string('(' + tic_list + ')')}\n")
        f.write(f"paths = {_gp_string(' '.join(paths))}\n")
        f.write(f"xmax = {len(lines) + len(tics)}\n")
        f.write(f"footnote = {_gp_string(note)}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
