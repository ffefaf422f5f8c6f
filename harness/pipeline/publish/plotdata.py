"""results/summary.csv (or import.csv, instr.csv) -> the tables and settings
that the gnuplot scripts draw; harness/pipeline/publish/charts.py calls these for each chart.

Dot charts (harness/pipeline/publish/plots/calls.gp): calls (one timing mode, the kernels of
the "calls" workloads), instr (instructions instead of time), gil (the paths
that release the GIL beside their twins that hold it), slowdown (net time over
the fastest C-API path's), import (net start-up cost per binding module).
The table holds one block per panel (blocks separated by two blank lines, for
gnuplot's `index`), one line per path, sorted by value with the cheapest at
the bottom:  y  path  value  value_min  value_max  rgb  point_type  label

Sweeps (harness/pipeline/publish/plots/sweep.gp): args (net ns vs the number of int64
arguments), buffer (vs the buffer length n); one block per mode and path:
x  ns_net  ns_net_min  ns_net_max

Each writes OUT_DAT.gp too, the gnuplot variables: title, panels, each panel's
axis range and tick labels, colours, the legend, and a footnote naming the
skipped paths with their reasons.

One colour per binding family in every chart (chart_style.py), the floors
(c.direct, python.def) in grey or black, with diamonds; every chart has a
legend.  Axes fit each panel's data, with room for the value labels; tick
labels are plain decimal numbers.
"""

import math
import re

from harness import registry
from harness.pipeline.publish import chart_style as style
from harness.pipeline.analyse import derive, stats
from harness.registry import metadata
from harness.registry import vocabulary as v


def _num(text):
    return float(text) if text not in ("", None) else None


def is_floor(path):
    """The registry's word on whether a path is a floor."""
    return path in registry.CALL_PATHS and registry.CALL_PATHS[path].floor


def select(rows, mode):
    """The rows a chart of `mode` shows: that mode's, plus the native floor."""
    return [r for r in rows if r["path"] != v.BASELINE_PATH
            and (r["mode"] == mode or r["mode"] == v.NATIVE_MODE)]


def panel_name(r):
    """A panel's name: the kernel, and its variant if it has one."""
    return f"{r['kernel']}:{r['arg']}" if r["arg"] else r["kernel"]


_KERNEL_ORDER = {name: i for i, name in enumerate(registry.KERNELS)}
# the legend lists families in the registry's order, in every chart
_FAMILY_ORDER = {f: i for i, f in enumerate(dict.fromkeys(
    style.group_of(name) for name in registry.CALL_PATHS))}


def panel_order(r):
    """Where a row's panel comes: in the registry's kernel order, a kernel's
    sizes or variants in the order it is timed with; the same in every chart
    and table."""
    name, arg = r.get("kernel", ""), r.get("arg", "")
    kernel = registry.KERNELS.get(name)
    variants = [str(size) for size in kernel.sizes] if kernel and kernel.sizes else []
    return (_KERNEL_ORDER.get(name, len(_KERNEL_ORDER)),
            variants.index(arg) if arg in variants else 0)


def colour_of(path):
    if is_floor(path):
        return style.FLOOR_COLOUR
    return style.FAMILY_COLOURS.get(style.group_of(path), style.OTHER_COLOUR)


def _line(y, name, bounds, label, point=None):
    """One line of a dot chart's table."""
    point = point or (style.FLOOR_POINT if is_floor(name) else style.POINT)
    value, lo, hi = bounds
    return (f"{y} {style.gp_string(name)} {value:.4g} {lo:.4g} {hi:.4g} "
            f"{colour_of(name)} {point} {style.gp_string(label)}")


def panels(rows, panel_of=None, bounds=None, label=None, point=None, order=None):
    """({panel: [(line, bounds, label)]}, skipped, families) with the
    measured rows sorted by value, one panel per kernel (and variant) unless
    panel_of says otherwise, in panel_order (or `order`); skipped: the rows
    not measured as 'path: reason'; families: the families drawn, in order.
    bounds(r) -> (value, min, max) (net ns by default), label(r, value) ->
    the text beside the whisker, point(r) -> a point type (default: by floor
    or not)."""
    panel_of = panel_of or panel_name
    bounds = bounds or _net_bounds
    label = label or (lambda r, value: f" {value:.1f}")
    order = order or panel_order
    skipped = sorted({f"{r['path']}: {r['skipped']}" for r in rows if r["skipped"]})
    measured = [r for r in rows if not r["skipped"] and r["ns_net"] != ""]
    firsts = {}
    for r in measured:
        firsts.setdefault(panel_of(r), r)
    result = {}
    for panel in sorted(firsts, key=lambda p: order(firsts[p])):
        group = sorted(((bounds(r), r) for r in measured if panel_of(r) == panel),
                       key=lambda item: item[0][0])
        result[panel] = []
        for y, (b, r) in enumerate(group, start=1):
            text = label(r, b[0])
            result[panel].append((_line(y, r["path"], b, text,
                                        point(r) if point else None), b, text))
    families = sorted({style.group_of(r["path"]) for r in measured if not is_floor(r["path"])},
                      key=lambda f: _FAMILY_ORDER.get(f, len(_FAMILY_ORDER)))
    floors = any(is_floor(r["path"]) for r in measured)
    return result, skipped, (families, floors)


def _net_bounds(r):
    """(net, low, high) of a summary row, clipped for a log axis: the 95%
    interval of its published figure (min and max of its values, net like
    it, for a row without one, e.g. the instruction counts)."""
    net = max(_num(r["ns_net"]), style.SMALLEST)
    if r.get("ns_net_low") not in (None, ""):
        low, high = _num(r["ns_net_low"]), _num(r["ns_net_high"])
    else:
        base = _num(r["ns_median"]) - _num(r["ns_net"])
        low, high = _num(r["ns_min"]) - base, _num(r["ns_max"]) - base
    return net, max(min(low, net), style.SMALLEST), max(high, net)


def _title(what, context):
    """A chart's title: what it shows, and the run it came from (interpreter,
    front-end, CPU, commit, date): one provenance per chart."""
    return (f"{what} - Python {context.get('python_version', '?')} "
            f"({context.get('driver_frontend', '?')}), {metadata.cpu_short(context)}, "
            f"commit {context.get('git_commit', '?')[:7]}"
            + (f", {context['date'][:10]}" if context.get("date") else ""))


def _footnote(skipped):
    return ("skipped: " + "; ".join(skipped)) if skipped else ""


# The workloads the calls charts show, one panel per kernel and variant; the
# sweeps (args, buffer) have their own charts.
CALLS_WORKLOADS = {"calls", "strings", "errors", "callbacks"}


NET_WORDS = (f"{stats.SHORT[stats.HEADLINE]} of all values minus the empty loop's, same "
             "mode")
WHISKERS = "whiskers: its 95% interval"
SPREAD_NOTE = f"net = {NET_WORDS}; {WHISKERS}"


def dot_chart(tables, skipped, out, title, unit_label, subtitle, log=True,
              legend_entries=()):
    """Writes the table and settings of harness/pipeline/publish/plots/calls.gp,
    laid out to fit chart_style's width and height: panels three a row (two
    for four or fewer, one alone), rows ROW_PX apart or closer where the
    height needs it; room for the path names and the value labels from their
    widths in the font drawn; the legend wrapped into rows; each panel with
    its own axis range and ticks."""
    if not tables:
        return "no measured rows for it in this run"
    width, counts = style.CHART_PX, [len(items) for items in tables.values()]
    columns = 1 if len(tables) == 1 else 2 if len(tables) <= 4 else 3
    row_counts = [max(counts[i:i + columns]) for i in range(0, len(counts), columns)]
    subtitle = style.wrap(subtitle)
    footnote = style.wrap(_footnote(skipped), style.FOOTNOTE_CHARS)
    _, legend_rows = style.legend_layout(legend_entries)
    legend_top = 24 + 15 * style.lines_of(subtitle) + 12
    head = legend_top + 18 * legend_rows + 6
    foot = 13 * style.lines_of(footnote) + 12 if footnote else 6
    room = style.MAX_HEIGHT_PX - head - foot - style.PANEL_PX * len(row_counts)
    pitch = max(style.MIN_ROW_PX, min(style.ROW_PX, room / sum(row_counts)))
    height = int(head + foot + sum(style.PANEL_PX + pitch * n for n in row_counts))
    names = max(style.text_px(line.split('"')[1], style.ROW_FONT)
                for items in tables.values() for line, _, _ in items)
    panel_px = (width - 10) / columns
    plot_px = panel_px - names - 40
    settings = {"run_title": title, "unit_label": unit_label, "subtitle": subtitle,
                # panel names, quoted: gnuplot's word() keeps a quoted one whole
                "kernels": " ".join(f'"{name}"' for name in tables),
                "counts": " ".join(map(str, counts)), "logscale": int(log),
                "footnote": footnote, "height": height,
                "title_y": 1 - 16 / height, "subtitle_y": 1 - 33 / height,
                "footnote_y": (13 * style.lines_of(footnote) - 2) / height,
                **style.legend_settings(legend_entries, legend_top, height)}
    top = head
    for k, (items, count) in enumerate(zip(tables.values(), counts), start=1):
        column, row = (k - 1) % columns, (k - 1) // columns
        if column == 0 and k > 1:
            top += style.PANEL_PX + pitch * row_counts[row - 1]
        left = 5 + column * panel_px
        # gnuplot puts a tick label 17.4 px left of its axis: room for it
        settings.update({f"left_{k}": (left + names + 22) / width,
                         f"right_{k}": (left + panel_px - 18) / width,
                         f"top_{k}": 1 - (top + 24) / height,
                         f"bottom_{k}": 1 - (top + 24 + pitch * count) / height})
        settings[f"xmin_{k}"], settings[f"xmax_{k}"], settings[f"tics_{k}"] = \
            style.axis_range([(b, text) for _, b, text in items], log, plot_px)
    style.write_table(out, "# y name value value_min value_max rgb point_type label",
                      [[line for line, _, _ in items] for items in tables.values()], settings)
    return None


def calls_kernels(workloads=CALLS_WORKLOADS):
    """The kernels of these workloads (the calls chart's, by default)."""
    return {k for k, kernel in registry.KERNELS.items()
            if set(workloads) & set(kernel.workloads)}


def headline_paths():
    """The paths the charts of every kernel show: each binding's own (the
    decision table's) and the floors.  Every path is in REPORT.md's tables
    and on the results page; fifty rows a panel would not fit a screen."""
    return ({b.path for b in registry.BINDINGS}
            | {name for name, p in registry.CALL_PATHS.items() if p.floor})


HEADLINE_NOTE = ("each binding's own path and the floors (every path: REPORT.md's tables and "
                 "index.html)")


def calls_chart(rows, context, mode, out, measure="Net time per call",
                unit_label="net time per call [ns], log scale", spread=SPREAD_NOTE,
                workloads=CALLS_WORKLOADS, headline=True):
    """The calls chart's table: the kernels of `workloads` in one mode, a
    panel each, the headline paths (or, headline=False, every path: the
    objects and shapes charts, whose workloads fewer paths have)."""
    shown = headline_paths() if headline else None
    tables, skipped, (families, floors) = panels(
        [r for r in select(rows, mode) if r["kernel"] in calls_kernels(workloads)
         and (shown is None or r["path"] in shown)])
    return dot_chart(tables, skipped, out, _title(f"{measure}, {mode} mode", context),
                     unit_label, f"{spread}; colours: binding families, diamonds: the floors"
                     + (f"; rows: {HEADLINE_NOTE}" if headline else ""),
                     legend_entries=style.legend(families, floors))


def function_chart(rows, context, function, out):
    """make mine's chart of one of the user's functions: its net time per
    call through each binding (interp mode) beside the C floor, a panel per
    buffer length."""
    tables, skipped, (families, floors) = panels(
        [r for r in select(rows, "interp") if r["kernel"] == function],
        order=lambda r: (0, int(r["arg"] or 0)))
    return dot_chart(tables, skipped, out,
                     _title(f"Your function {function} through each binding, interp mode",
                            context),
                     "net time per call [ns], log scale",
                     f"{SPREAD_NOTE}; colours: binding families, diamonds: the C floor "
                     "(the function called from C, in a C loop)",
                     legend_entries=style.legend(families, floors))


def instr_chart(rows, context, out, mode="interp"):
    """The calls chart of instruction counts (make bench-instr)."""
    return calls_chart([instr_as_summary(r) for r in rows], context, mode, out,
                       "Net instructions per call (callgrind)",
                       "net instructions per call, log scale",
                       "net = count minus the empty loop of the same mode; counts are "
                       "deterministic, so no whiskers")


def gil_pairs():
    """{path: (twin, releases)} of the GIL-release pairs derive.py names (of
    the paths this build has)."""
    pairs = {}
    for figure, releasing, holding, _ in derive.DIFFERENCES:
        if figure.startswith("gil_release.") and releasing in registry.CALL_PATHS:
            pairs[releasing] = (holding, True)
            pairs[holding] = (releasing, False)
    return pairs


# Point types of the GIL chart: a filled triangle releases the GIL, an open
# circle holds it (shapes and fills both differ, in one family colour).
RELEASES_POINT, HOLDS_POINT = 9, 6


def gil_chart(rows, context, out):
    """The paths that release the GIL beside their twins that hold it, per
    kernel of the calls workload and mode, labelled with what releasing costs."""
    pairs = gil_pairs()
    candidates = [r for r in rows if r["path"] in pairs and r["mode"] in v.MODES
                  and not r["arg"] and r["ns_net"] and not r["skipped"]]
    found = {(r["kernel"], r["mode"], r["path"]): r for r in candidates}
    # only the kernels where both members of a pair were timed
    chosen = [r for r in candidates
              if (r["kernel"], r["mode"], pairs[r["path"]][0]) in found]

    def label(r, value):
        twin, releases = pairs[r["path"]]
        if not releases:
            return f" {value:.1f}"
        cost, _, resolved = derive.difference(r, found[r["kernel"], r["mode"], twin])
        return f" {value:.1f} ({cost:+.1f}{'' if resolved == 'yes' else ', within noise'})"

    tables, skipped, (families, _) = panels(
        chosen, panel_of=lambda r: f"{r['kernel']}, {r['mode']} mode", label=label,
        point=lambda r: RELEASES_POINT if pairs[r["path"]][1] else HOLDS_POINT,
        order=lambda r: (*panel_order(r), v.MODES.index(r["mode"])))
    return dot_chart(tables, skipped, out, _title("What releasing the GIL costs", context),
                     "net time per call [ns], log scale",
                     "triangles release the GIL around the kernel, circles hold it; "
                     "(+x): ns over the twin that holds it (within noise: not a measured "
                     "cost, as in derived.csv); " + WHISKERS,
                     legend_entries=style.legend(families, False, (
                         ("releases the GIL", style.FLOOR_COLOUR, RELEASES_POINT),
                         ("holds it", style.FLOOR_COLOUR, HOLDS_POINT))))


MIN_REFERENCE_NS = 1.0
C_API_FAMILIES = ("capi", "abi3")


def slowdown_references(rows):
    """{panel: (net ns, path)}: per kernel (and variant), the fastest C-API
    path (capi or abi3) of the rows given, if it measured at least
    MIN_REFERENCE_NS (a ratio over a net figure at the timer's resolution, or
    below zero in a noisy run, would mean nothing).  The one normalisation of
    the slowdown chart and the report's tables."""
    fastest = {}
    for r in rows:
        if (r["family"] in C_API_FAMILIES and r["ns_net"] and not r["skipped"]
                and _num(r["ns_net"]) >= MIN_REFERENCE_NS):
            key = panel_name(r)
            if key not in fastest or _num(r["ns_net"]) < fastest[key][0]:
                fastest[key] = (_num(r["ns_net"]), r["path"])
    return fastest


def slowdown_chart(rows, context, out, mode="interp"):
    """Net time per call over the fastest C-API path's, per kernel."""
    chosen = [r for r in select(rows, mode) if r["kernel"] in calls_kernels()]
    fastest = slowdown_references([r for r in chosen if r["mode"] == mode])
    chosen = [r for r in chosen if panel_name(r) in fastest and r["path"] in headline_paths()]

    def bounds(r):
        value, lo, hi = _net_bounds(r)
        base = fastest[panel_name(r)][0]
        return value / base, lo / base, hi / base

    tables, skipped, (families, floors) = panels(
        chosen, bounds=bounds, label=lambda r, value: f" x{value:.2g}")
    renamed = {f"{panel} (1 = {fastest[panel][1]})": lines
               for panel, lines in tables.items()}
    return dot_chart(renamed, skipped, out,
                     _title(f"Slowdown relative to the fastest C-API path, {mode} mode",
                            context),
                     "net time per call / the fastest C-API path's, log scale",
                     "each panel: a kernel, and its fastest capi/abi3 path (= 1); " + WHISKERS
                     + f"; rows: {HEADLINE_NOTE}",
                     legend_entries=style.legend(families, floors))


def module_path(r):
    """The path an import.csv row (a module) is shown by: the binding's own
    path among the module's paths (the decision table's), else its first."""
    paths = r["paths"].split()
    own = headline_paths()
    return next((p for p in paths if p in own), paths[0] if paths else r["module"])


def import_chart(rows, context, out):
    """Net start-up cost of importing each binding module (hyperfine), with
    its 95% interval, each row named by its binding's path, on a log axis
    (the costs span decades); a cost within the start-up's noise is drawn at
    the axis's start and labelled so."""
    measured = [{"path": module_path(r), "ns_net": r["ms_net"],
                 "low": float(r["ms_net_low"]), "high": float(r["ms_net_high"]),
                 "resolved": r["resolved"], "skipped": ""}
                for r in rows if r["ms_net"]]

    def label(r, value):
        if r["resolved"] == "yes":
            return f" {value:.2f}"
        where = "below the bare start-up" if r["resolved"] == "below zero" else "within noise"
        return f" {where} ({r['low']:.1f} to {r['high']:.1f})"

    def bounds(r):
        net = max(float(r["ns_net"]), style.SMALLEST) if r["resolved"] == "yes" \
            else style.SMALLEST
        return net, max(min(r["low"], net), style.SMALLEST), max(r["high"], net)
    tables, _, (families, floors) = panels(
        measured, panel_of=lambda r: "import", bounds=bounds, label=label)
    return dot_chart(tables, [], out, _title("Import cost per binding module", context),
                     "net import time [ms], log scale (process with the import minus without)",
                     "hyperfine: median of whole python3 -I processes importing the module, "
                     "minus the same process importing nothing; whiskers: 95% interval of "
                     "that difference (bootstrap); within noise: the interval holds 0 (drawn at "
                     f"{style.SMALLEST} ms)", legend_entries=style.legend(families, floors))


# The sweep charts: which rows, their x value, and how the axes read.
SWEEPS = {
    "args": {"kernel": re.compile(r"sum_i64_(\d+)$"), "x": "kernel",
             "xlabel": "N, int64 arguments per call", "log": 0,
             "title": "Net time per call vs number of int64 arguments"},
    "buffer": {"kernel": re.compile(r"sum_f64_buf$"), "x": "arg",
               "xlabel": "n, doubles in the buffer (sum_f64_buf), log scale", "log": 1,
               "title": "Net time per call over the C floor's vs buffer length",
               "over_floor": True},
    "numpy": {"kernel": re.compile(r"ndarray_sum$"), "x": "arg",
              "xlabel": "n, float64 elements of the NumPy array passed in (ndarray_sum), "
                        "log scale", "log": 1,
              "title": "Net time per call over the C floor's vs NumPy array length, array in",
              "over_floor": True},
    "numpy_out": {"kernel": re.compile(r"ndarray_scaled$"), "x": "arg",
                  "xlabel": "n, float64 elements of the array in and of the new array out "
                            "(ndarray_scaled), log scale", "log": 1,
                  "title": "Net time per call over the C floor's vs NumPy array length, new "
                           "array out", "over_floor": True},
}
# Where a sweep's kernel does the work (the buffers and the arrays), every
# path is drawn over the C floor at the same n: the time spans seven
# decades, which would press the paths into one line, and the question is
# how much a call adds to the work, which this shows (1: nothing).
C_FLOOR = "c.direct"


def sweep_styles(names):
    """(colour, dash type, point type) per path: the family's colour; the
    second path of a family dash-dotted with squares; floors dashed."""
    members = {}
    styles = []
    for path in names:
        if is_floor(path):
            styles.append((style.FLOOR_LINE_COLOURS.get(path, style.FLOOR_COLOUR), style.DASHED,
                           style.FLOOR_POINT))
            continue
        family = style.group_of(path)
        rank = members.setdefault(family, [])
        if path not in rank:
            rank.append(path)
        second = rank.index(path) % 2
        styles.append((style.FAMILY_COLOURS.get(family, style.OTHER_COLOUR),
                       style.DASH_DOT if second else style.SOLID,
                       style.SQUARE if second else style.POINT))
    return styles


def sweep_chart(rows, context, sweep, out):
    """A sweep chart's table: net ns vs x per mode and path (the paths with
    `sweeps`); floors included.  Both axes of a panel fit its data; the ns
    axis is logarithmic (the paths span two decades and more)."""
    spec = SWEEPS[sweep]

    def x_of(r):
        return int(spec["kernel"].match(r["kernel"]).group(1)
                   if spec["x"] == "kernel" else r["arg"])

    floor = {}
    if spec.get("over_floor"):
        floor = {x_of(r): _net_bounds(r) for r in rows if r["path"] == C_FLOOR
                 and spec["kernel"].match(r["kernel"]) and not r["skipped"] and r["ns_net"]}
        if not floor:
            return f"no {C_FLOOR} rows for the {sweep} chart in this run (its paths are drawn over it)"

    def bounds_of(x, r):
        value, low, high = _net_bounds(r)
        if not floor:
            return value, low, high
        c_value, c_low, c_high = floor[x]
        return value / c_value, low / c_high, high / c_low

    blocks, names, skipped, ranges = [], [], set(), {}
    for mode in v.MODES:
        chosen = [r for r in select(rows, mode) if spec["kernel"].match(r["kernel"])
                  and r["path"] in registry.CALL_PATHS and registry.CALL_PATHS[r["path"]].sweeps
                  and not (floor and r["path"] == C_FLOOR)]
        skipped |= {f"{r['path']}: {r['skipped']}" for r in chosen if r["skipped"]}
        measured = [r for r in chosen if not r["skipped"] and r["ns_net"] != ""
                    and (not floor or x_of(r) in floor)]
        for path in dict.fromkeys(r["path"] for r in measured):
            points = sorted((x_of(r), r) for r in measured if r["path"] == path)
            bounds = [bounds_of(x, r) for x, r in points]
            blocks.append([f"{x} " + " ".join(f"{value:.3f}" for value in b)
                           for (x, _), b in zip(points, bounds)])
            names.append((mode, path))
            low, high = ranges.get(mode, (math.inf, 0.0))
            ranges[mode] = (min(low, *(b[1] for b in bounds)),
                            max(high, *(b[2] for b in bounds)))
    if not blocks:
        return f"no measured rows for the {sweep} chart in this run"
    xs = sorted({int(line.split()[0]) for block in blocks for line in block})
    styles = sweep_styles([p for _, p in names])
    shown = list(dict.fromkeys(p for _, p in names))
    settings = {
        "run_title": _title(spec["title"], context),
        "subtitle": style.wrap(f"net = {NET_WORDS}; {WHISKERS}; colours: binding families (a family's "
                         "second path dash-dotted), dashed: the floors"
                         + (f"; y: the path's net time over {C_FLOOR}'s (the kernel called from "
                            "C) at the same n: 1 = the call adds nothing" if floor else "")),
        "ylabel": (f"net time per call / {C_FLOOR}'s at the same n, log scale" if floor
                   else "net time per call [ns], log scale"),
        "xlabel": spec["xlabel"], "logscale": spec["log"],
        "xmin": xs[0] / 1.5 if spec["log"] else xs[0] - 0.3,
        "xmax": xs[-1] * 1.5 if spec["log"] else xs[-1] + 0.3,
        "xtics": style.gp_tics(xs),
        "block_modes": " ".join(m for m, _ in names),
        "block_paths": " ".join(p for _, p in names),
        "block_colours": " ".join(str(c) for c, _, _ in styles),
        "block_dashes": " ".join(str(d) for _, d, _ in styles),
        "block_points": " ".join(str(pt) for _, _, pt in styles),
        "legend_paths": " ".join(shown),
        "modes": " ".join(m for m in v.MODES if m in ranges),
        # room left of each panel for the longest tick label and the axis label
        "name_margin": 0,
        "footnote": style.wrap(_footnote(sorted(skipped)), style.FOOTNOTE_CHARS)}
    for m, mode in enumerate(settings["modes"].split(), start=1):
        low, high = ranges[mode]
        ymin = 10 ** (math.floor(math.log10(max(low, style.SMALLEST) / 1.25) * 4) / 4) * 0.98
        ymax = 10 ** (math.ceil(math.log10(high * 1.25) * 4) / 4)
        settings[f"ymin_{m}"], settings[f"ymax_{m}"] = ymin, ymax
        ticks = style.log_ticks(ymin, ymax)
        settings[f"ytics_{m}"] = style.gp_tics(ticks)
        settings["name_margin"] = max(settings["name_margin"],
                                      max(len(style.tick_label(t)) for t in ticks) + 5)
    style.write_table(out, "# x ns_net ns_net_min ns_net_max", blocks, settings)
    return None


def instr_as_summary(r):
    """An instr.csv row in the shape of a summary.csv row, so that the calls
    chart can draw instruction counts (one count: min = median = max)."""
    return {**r, "ns_median": r["instructions"], "ns_net": r["instructions_net"],
            "ns_min": r["instructions"], "ns_max": r["instructions"], "skipped": ""}


def threads_chart(rows, context, out):
    """The threads chart's table (threads.csv): per path, total calls per
    second of 2 threads over 1 thread against the buffer length n; the
    GIL-releasing paths solid, their GIL-holding twins dashed, in the
    family's colour; whiskers: the 2-thread figure's min and max over rounds
    and processes, over the 1-thread median."""
    two = [r for r in rows if r["threads"] == "2"]
    if not two:
        return "no threads.csv rows in this run"
    blocks, names, colours, dashes, markers, where = [], [], [], [], [], []
    seen = {}
    panels_of = {group: i for i, groups in enumerate(THREADS_PANELS) for group in groups}
    for path in sorted(dict.fromkeys(r["path"] for r in two),
                       key=lambda p: panels_of.get(style.group_of(p), len(THREADS_PANELS))):
        points = sorted((int(r["n"]), r) for r in two if r["path"] == path)
        blocks.append([f"{n} {float(r['over_one_thread']):.4f} "
                       f"{float(r['over_one_thread']) * float(r['calls_per_s_min']) / float(r['calls_per_s']):.4f} "
                       f"{float(r['over_one_thread']) * float(r['calls_per_s_max']) / float(r['calls_per_s']):.4f}"
                       for n, r in points])
        released = points[0][1]["gil_released"] == "yes"
        names.append(path + ("" if released else "[holds-GIL]"))  # one word each
        family = style.group_of(path)
        colours.append(style.FAMILY_COLOURS.get(family, style.OTHER_COLOUR))
        dashes.append(style.SOLID if released else style.DASHED)
        # a family's second releasing path (cffi's two modes): squares
        twice = released and seen.get(family)
        seen[family] = seen.get(family, False) or released
        markers.append(style.SQUARE if twice else style.POINT)
        where.append(panels_of.get(family, len(THREADS_PANELS)))
    xs = sorted({int(line.split()[0]) for block in blocks for line in block})
    high = max(float(line.split()[3]) for block in blocks for line in block)
    used = sorted(set(where))
    titles = [", ".join(THREADS_PANELS[i]) if i < len(THREADS_PANELS) else "others"
              for i in used]
    subtitle = style.wrap("y: calls per second of 2 threads together over 1 thread "
                          "(2 = the threads run in parallel, 1 = serialised by the GIL); "
                          "solid: the path releases the GIL around the kernel, dashed: "
                          "its twin holding it; whiskers: min and max over rounds and "
                          "processes; threads not pinned")
    columns, head, panel_h = min(2, len(used)), 36 + 15 * style.lines_of(subtitle), 420
    height = int(head + panel_h * ((len(used) + columns - 1) // columns) + 10)
    settings = {
        "run_title": _title("Two threads over one: total calls per second, sum_f64_buf",
                            context),
        "subtitle": subtitle, "height": height,
        "title_y": 1 - 16 / height, "subtitle_y": 1 - 33 / height,
        "xlabel": "n, doubles in the buffer (sum_f64_buf), log scale",
        "ylabel": "2 threads / 1 thread, calls per second",
        "xmin": xs[0] / 1.5, "xmax": xs[-1] * 1.5, "xtics": style.gp_tics(xs),
        "ymax": max(2.2, high * 1.05),
        "panel_titles": " ".join(f'"{t}"' for t in titles),
        "block_panels": " ".join(str(used.index(w) + 1) for w in where),
        "block_paths": " ".join(names), "block_colours": " ".join(map(str, colours)),
        "block_dashes": " ".join(map(str, dashes)),
        "block_points": " ".join(map(str, markers))}
    width = style.CHART_PX / columns
    for p in range(len(used)):
        left, top = (p % columns) * width, head + (p // columns) * panel_h
        settings.update({f"left_{p + 1}": (left + 70) / style.CHART_PX,
                         f"right_{p + 1}": (left + width - 25) / style.CHART_PX,
                         f"top_{p + 1}": 1 - (top + 26) / height,
                         f"bottom_{p + 1}": 1 - (top + panel_h - 72) / height})
    style.write_table(out, "# n over_one_thread low high", blocks, settings)
    return None


# The threads chart's panels: the families each shows (a few bindings a
# panel, each with its own legend).
THREADS_PANELS = (("capi", "abi3", "ctypes"), ("cffi", "cffi 2"), ("cython", "pybind11"),
                  ("nanobind", "pyo3", "boost_python", "cppyy"), ("swig", "SWIG 4.5"))
