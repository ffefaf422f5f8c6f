"""results/summary.csv -> the tables and settings the gnuplot scripts draw.

  plotdata.py calls MODE SUMMARY_CSV METADATA_JSON OUT_DAT   (harness/plots/calls.gp)
  plotdata.py instr MODE INSTR_CSV METADATA_JSON OUT_DAT     (harness/plots/calls.gp)
  plotdata.py gil|slowdown SUMMARY_CSV METADATA_JSON OUT_DAT (harness/plots/calls.gp)
  plotdata.py import IMPORT_CSV METADATA_JSON OUT_DAT        (harness/plots/calls.gp)
  plotdata.py args|buffer SUMMARY_CSV METADATA_JSON OUT_DAT  (harness/plots/sweep.gp)

calls: for one timing mode and the kernels of the "calls" workload, OUT_DAT
holds one block per kernel (blocks separated by two blank lines, for gnuplot's
`index`), one line per measured path, sorted by net cost with the cheapest at
the bottom:  y  path  value  value_min  value_max  rgb  point_type  label
The other dot charts have the same shape: instr (instructions instead of
time), gil (the paths that release the GIL beside their twins that hold it),
slowdown (net time over the fastest C-API path's), import (net start-up cost
per binding module, from hyperfine).

args, buffer: a sweep (the argument-count series sum_i64_<N>, or the buffer
kernel over its lengths n); OUT_DAT holds one block per mode and path:
x  ns_net  ns_net_min  ns_net_max

Each writes OUT_DAT.gp too, the gnuplot variables: title, names and counts of
the blocks, ranges, colours, and a footnote naming the skipped paths with their
reasons.  The floors are drawn in every chart: c.direct (measured in the native
mode) and python.def, in grey; each binding family has one colour.
"""

import csv
import json
import math
import re
import sys

import derive
import paths

BASELINE_PATH = "baseline"
NATIVE_MODE = "native"
# ColorBrewer Dark2, one colour per binding family; floors are grey.
FAMILY_COLOURS = {"capi": 0x1b9e77, "abi3": 0x66a61e, "ctypes": 0xd95f02,
                  "cffi": 0x7570b3, "cython": 0xe7298a, "pybind11": 0xe6ab02}
OTHER_COLOUR, FLOOR_COLOUR = 0xa6761d, 0x666666
FLOOR_COLOURS = ((0x000000, "black"), (0x888888, "grey"))   # line charts, in order
SOLID, DASHED = 1, 2
# ColorBrewer Paired (dark members first): one colour per path in line charts.
SERIES_COLOURS = (0x1f78b4, 0x33a02c, 0xe31a1c, 0xff7f00, 0x6a3d9a, 0xb15928,
                  0xa6cee3, 0xb2df8a, 0xfb9a99, 0xfdbf6f, 0xcab2d6)
POINT, FLOOR_POINT = 7, 13      # filled circle, filled diamond
SMALLEST = 0.05                 # ns: where a net cost <= 0 is drawn (log axis)


def _num(text):
    return float(text) if text not in ("", None) else None


def is_floor(path):
    """The registry's word on whether a path is a floor."""
    return path in paths.PATHS and paths.PATHS[path].floor


def _gp_string(text):
    """A gnuplot double-quoted string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def select(rows, mode):
    """The rows a chart of `mode` shows: that mode's, plus the native floor."""
    return [r for r in rows if r["path"] != BASELINE_PATH
            and (r["mode"] == mode or r["mode"] == NATIVE_MODE)]


def _panel(r):
    """A panel's name: the kernel, and its variant if it has one."""
    return f"{r['kernel']}:{r['arg']}" if r["arg"] else r["kernel"]


def _line(y, name, family, bounds, label, point=None):
    """One line of a dot chart's table."""
    floor = is_floor(name)
    colour = FLOOR_COLOUR if floor else FAMILY_COLOURS.get(family, OTHER_COLOUR)
    point = point or (FLOOR_POINT if floor else POINT)
    value, lo, hi = bounds
    return (f"{y} {_gp_string(name)} {value:.4g} {lo:.4g} {hi:.4g} {colour} "
            f"{point} {_gp_string(label)}")


def panels(rows, panel_of=None, bounds=None, label=None, point=None):
    """{panel: [table lines]} with the measured rows sorted by value, one
    panel per kernel (and variant) unless panel_of says otherwise, and the
    skipped rows as 'path: reason'.  bounds(r) -> (value, min, max) (net ns
    by default), label(r, value) -> the text beside the whisker, point(r) ->
    a point type (default: by floor or not)."""
    panel_of = panel_of or _panel
    bounds = bounds or _net_bounds
    label = label or (lambda r, value: f" {value:.1f}")
    skipped = sorted({f"{r['path']}: {r['skipped']}" for r in rows if r["skipped"]})
    measured = [r for r in rows if not r["skipped"] and r["ns_net"] != ""]
    result = {}
    for panel in dict.fromkeys(panel_of(r) for r in measured):
        group = sorted(((bounds(r), r) for r in measured if panel_of(r) == panel),
                       key=lambda item: item[0][0])
        result[panel] = [_line(y, r["path"], r["family"], b, label(r, b[0]),
                               point(r) if point else None)
                         for y, (b, r) in enumerate(group, start=1)]
    return result, skipped


def _net_bounds(r):
    """(net, net min, net max) of a summary row, clipped for a log axis."""
    base = _num(r["ns_median"]) - _num(r["ns_net"])
    net = max(_num(r["ns_net"]), SMALLEST)
    lo = max(_num(r["ns_min"]) - base, SMALLEST)
    hi = max(_num(r["ns_max"]) - base, net)
    return net, lo, hi


def _title(what, context):
    return (f"{what} - Python {context.get('python_version', '?')} "
            f"({context.get('driver_frontend', '?')}), "
            f"{context.get('cpu_model', 'unknown CPU')}")


def _write(out, header, blocks, settings):
    with open(out, "w") as f:
        f.write(header + "\n")
        f.write("\n\n\n".join("\n".join(lines) for lines in blocks) + "\n")
    with open(out + ".gp", "w") as f:
        for key, value in settings.items():
            value = _gp_string(value) if isinstance(value, str) else value
            f.write(f"{key} = {value}\n")


def _footnote(skipped):
    return ("skipped: " + "; ".join(skipped)) if skipped else ""


# The workloads the calls charts show, one panel per kernel and variant; the
# sweeps (args, buffer) have their own charts.
CALLS_WORKLOADS = {"calls", "strings", "errors", "callbacks"}


FLOORS_NOTE = ("grey diamonds: floors (c.direct = kernel called from C, "
               "python.def = pure Python)")
SPREAD_NOTE = ("net = median minus the empty loop of the same mode; "
               "whiskers: min-max over repetitions")


def dot_chart(tables, skipped, out, title, unit_label, subtitle, log=True, room=1.8):
    """Writes the table and settings of harness/plots/calls.gp; `room`: how
    far right of the largest value the axis goes, for the labels."""
    if not tables:
        return "nothing measured to draw"
    values = [float(line.split()[i]) for lines in tables.values()
              for line in lines for i in (3, 4)]
    if log:
        values = [v for v in values if v > 0] or [SMALLEST]
        xmin = 10 ** math.floor(math.log10(min(values)))
        xmax = 10 ** math.ceil(math.log10(max(values) * room))
    else:       # room on the right for the labels
        xmin = min(0.0, min(values) * 1.2)
        xmax = max(values) * 1.25
    _write(out, "# y name value value_min value_max rgb point_type label",
           tables.values(), {
               "run_title": title, "unit_label": unit_label, "subtitle": subtitle,
               # panel names, quoted: gnuplot's word() keeps a quoted one whole
               "kernels": " ".join(f'"{name}"' for name in tables),
               "counts": " ".join(str(len(v)) for v in tables.values()),
               "logscale": int(log), "xmin": xmin, "xmax": xmax,
               "footnote": _footnote(skipped)})
    return None


def calls_kernels():
    return {k for k, kernel in paths.KERNELS.items()
            if CALLS_WORKLOADS & set(kernel.workloads)}


def calls_chart(rows, context, mode, out, measure="Net time per call",
                unit_label="net time per call [ns], log scale", spread=SPREAD_NOTE):
    """The calls chart's table: the kernels of CALLS_WORKLOADS in one mode."""
    tables, skipped = panels([r for r in select(rows, mode)
                              if r["kernel"] in calls_kernels()])
    return dot_chart(tables, skipped, out, _title(f"{measure}, {mode} mode", context),
                     unit_label, f"{spread}; {FLOORS_NOTE}")


def gil_pairs():
    """{path: (twin, releases)} of the GIL-release pairs derive.py names."""
    pairs = {}
    for figure, releasing, holding, _ in derive.DIFFERENCES:
        if figure.startswith("gil_release."):
            pairs[releasing] = (holding, True)
            pairs[holding] = (releasing, False)
    return pairs


# Point types of the GIL chart: filled triangle releases, filled circle holds.
RELEASES_POINT, HOLDS_POINT = 9, 7


def gil_chart(rows, context, out):
    """The paths that release the GIL beside their twins that hold it, per
    kernel of the calls workload and mode, labelled with what releasing costs."""
    pairs = gil_pairs()
    candidates = [r for r in rows if r["path"] in pairs and r["mode"] in paths.MODES
                  and not r["arg"] and r["ns_net"] and not r["skipped"]]
    net = {(r["kernel"], r["mode"], r["path"]): _num(r["ns_net"]) for r in candidates}
    # only the kernels where both members of a pair were timed
    chosen = [r for r in candidates
              if (r["kernel"], r["mode"], pairs[r["path"]][0]) in net]

    def label(r, value):
        twin, releases = pairs[r["path"]]
        other = net[r["kernel"], r["mode"], twin]
        return f" {value:.1f} ({value - other:+.1f})" if releases else f" {value:.1f}"

    tables, skipped = panels(
        chosen, panel_of=lambda r: f"{r['kernel']}, {r['mode']} mode", label=label,
        point=lambda r: RELEASES_POINT if pairs[r["path"]][1] else HOLDS_POINT)
    return dot_chart(tables, skipped, out, _title("What releasing the GIL costs", context),
                     "net time per call [ns], log scale",
                     "triangles release the GIL around the kernel, circles hold it; "
                     "(+x): ns over the twin that holds it; whiskers: min-max",
                     room=2.5)


MIN_REFERENCE_NS = 1.0


def slowdown_chart(rows, context, out, mode="interp"):
    """Net time per call over the fastest C-API path's, per kernel."""
    chosen = [r for r in select(rows, mode) if r["kernel"] in calls_kernels()]
    # A panel's reference: its fastest capi/abi3 path, if that measured at
    # least MIN_REFERENCE_NS (a ratio over a net figure at the timer's
    # resolution, or below zero in a noisy run, would mean nothing).
    fastest = {}
    for r in chosen:
        if (r["family"] in ("capi", "abi3") and r["ns_net"] and not r["skipped"]
                and _num(r["ns_net"]) >= MIN_REFERENCE_NS):
            key = _panel(r)
            if key not in fastest or _num(r["ns_net"]) < fastest[key][0]:
                fastest[key] = (_num(r["ns_net"]), r["path"])
    chosen = [r for r in chosen if _panel(r) in fastest]

    def bounds(r):
        value, lo, hi = _net_bounds(r)
        base = fastest[_panel(r)][0]
        return value / base, lo / base, hi / base

    tables, skipped = panels(chosen, bounds=bounds,
                             label=lambda r, value: f" x{value:.2g}")
    names = {panel: path for panel, (_, path) in fastest.items()}
    renamed = {f"{panel} (1 = {names[panel]})": lines for panel, lines in tables.items()}
    return dot_chart(renamed, skipped, out,
                     _title(f"Slowdown relative to the fastest C-API path, {mode} mode",
                            context),
                     "net time per call / the fastest C-API path's, log scale",
                     f"each panel: a kernel, and its fastest capi/abi3 path (= 1); "
                     f"whiskers: min-max over repetitions; {FLOORS_NOTE}")


def import_chart(rows, context, out):
    """Net start-up cost of importing each binding module (hyperfine)."""
    measured = [{"path": r["binding"], "family": r["paths"].split(".")[0],
                 "ns_net": r["ms_net"], "spread": float(r["ms_net_stddev"] or 0),
                 "skipped": ""}
                for r in rows if r["ms_net"]]

    def bounds(r):
        value = float(r["ns_net"])
        return value, value - r["spread"], value + r["spread"]

    tables, _ = panels(measured, panel_of=lambda r: "import", bounds=bounds,
                       label=lambda r, value: f" {value:.2f}")
    return dot_chart(tables, [], out, _title("Import cost per binding module", context),
                     "net import time [ms] (process with the import minus without)",
                     "hyperfine: median of whole python3 -I processes importing the module, "
                     "minus the same process importing nothing; whiskers: +-1 combined "
                     "standard deviation; diamonds: the floors' modules", log=False)


# The sweep charts: which rows, their x value, and how the axes read.
SWEEPS = {
    "args": {"kernel": re.compile(r"sum_i64_(\d+)$"), "x": "kernel",
             "xlabel": "N, int64 arguments per call", "log": 0,
             "title": "Net time per call vs number of int64 arguments"},
    "buffer": {"kernel": re.compile(r"sum_f64_buf$"), "x": "arg",
               "xlabel": "n, doubles in the buffer (sum_f64_buf)", "log": 1,
               "title": "Net time per call vs buffer length"},
}


def sweep_chart(rows, context, sweep, out):
    """A sweep chart's table: net ns vs x per mode and path (the paths with
    `sweeps`); floors included."""
    spec = SWEEPS[sweep]

    def x_of(r):
        return int(spec["kernel"].match(r["kernel"]).group(1)
                   if spec["x"] == "kernel" else r["arg"])

    blocks, names, skipped = [], [], set()
    for mode in paths.MODES:
        chosen = [r for r in select(rows, mode) if spec["kernel"].match(r["kernel"])
                  and r["path"] in paths.PATHS and paths.PATHS[r["path"]].sweeps]
        skipped |= {f"{r['path']}: {r['skipped']}" for r in chosen if r["skipped"]}
        measured = [r for r in chosen if not r["skipped"] and r["ns_net"] != ""]
        for path in dict.fromkeys(r["path"] for r in measured):
            points = sorted((x_of(r), r) for r in measured if r["path"] == path)
            blocks.append([f"{x} " + " ".join(f"{v:.3f}" for v in _net_bounds(r))
                           for x, r in points])
            names.append((mode, path))
    if not blocks:
        return f"no measured rows for the {sweep} chart"
    paths_in_order = list(dict.fromkeys(p for _, p in names))
    floors = [p for p in paths_in_order if is_floor(p)]
    bindings = [p for p in paths_in_order if not is_floor(p)]
    colours = [FLOOR_COLOURS[floors.index(p) % len(FLOOR_COLOURS)][0] if is_floor(p)
               else SERIES_COLOURS[bindings.index(p) % len(SERIES_COLOURS)]
               for _, p in names]
    _write(out, "# x ns_net ns_net_min ns_net_max", blocks, {
        "run_title": _title(spec["title"], context),
        "xlabel": spec["xlabel"], "logscale": spec["log"],
        "block_modes": " ".join(m for m, _ in names),
        "block_paths": " ".join(p for _, p in names),
        "block_colours": " ".join(str(c) for c in colours),
        "block_dashes": " ".join(str(DASHED if is_floor(p) else SOLID) for _, p in names),
        "floor_note": "dashed: floors (" + ", ".join(
            f"{FLOOR_COLOURS[i % len(FLOOR_COLOURS)][1]} {p}"
            for i, p in enumerate(floors)) + ")",
        "modes": " ".join(paths.MODES),
        "footnote": _footnote(sorted(skipped))})
    return None


def instr_as_summary(r):
    """An instr.csv row in the shape of a summary.csv row, so that the calls
    chart can draw instruction counts (one count: min = median = max)."""
    return {**r, "ns_median": r["instructions"], "ns_net": r["instructions_net"],
            "ns_min": r["instructions"], "ns_max": r["instructions"], "skipped": ""}


def main(argv):
    usage = [line.strip() for line in __doc__.splitlines() if "plotdata.py" in line]
    kind = argv[1] if len(argv) > 1 else ""
    if not ((kind in ("calls", "instr") and len(argv) == 6)
            or (kind in (*SWEEPS, "gil", "slowdown", "import") and len(argv) == 5)):
        print("usage:\n  " + "\n  ".join(usage), file=sys.stderr)
        return 2
    if kind in ("calls", "instr"):
        mode, summary, metadata, out = argv[2:]
    else:
        (summary, metadata, out), mode = argv[2:], None
    with open(summary, newline="") as f:
        rows = list(csv.DictReader(f))
    with open(metadata) as f:
        context = json.load(f)
    if kind == "instr":
        rows = [instr_as_summary(r) for r in rows]
        problem = calls_chart(rows, context, mode, out,
                              "Net instructions per call (callgrind)",
                              "net instructions per call, log scale",
                              "net = count minus the empty loop of the same mode; "
                              "counts are deterministic, so no whiskers")
    elif kind == "calls":
        problem = calls_chart(rows, context, mode, out)
    elif kind == "gil":
        problem = gil_chart(rows, context, out)
    elif kind == "slowdown":
        problem = slowdown_chart(rows, context, out)
    elif kind == "import":
        problem = import_chart(rows, context, out)
    else:
        problem = sweep_chart(rows, context, kind, out)
    if problem:
        print(f"plotdata: {summary}: {problem}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
