"""How every chart looks: one colour per binding family, the floors' marks, the
tick labels (plain decimals), the axis ranges (fitting each panel's data, with
room for the value labels), the legend, subtitles that fit, and the settings
file gnuplot loads.  harness/pipeline/publish/plotdata.py makes the tables with it."""

import math

from harness.pipeline.publish.text_metrics import text_px

# One colour per binding family, in every chart (ColorBrewer Dark2 and Set1,
# chosen so that neighbours differ: the C API dark green, its abi3 twin lime).
FAMILY_COLOURS = {"capi": 0x1b9e77, "abi3": 0x9acd32, "ctypes": 0xd95f02,
                  "cffi": 0x7570b3, "cython": 0xe7298a, "pybind11": 0xe6ab02,
                  "nanobind": 0x1f78b4, "pyo3": 0xa6761d, "hpy": 0xe31a1c,
                  "swig": 0x17becf, "boost_python": 0x882255, "cppyy": 0x332288}
OTHER_COLOUR = 0x999999
# A tool's other major version timed beside it in the same run, whose lines
# would otherwise share its colour and its line styles, is drawn as a group
# of its own (in the legend too): cffi 2's two modes beside cffi 1's, in a
# lighter purple; SWIG 4.5's two modes beside SWIG 4.1's, in a lighter cyan.
# pybind11's and Cython's two versions have one path each on the sweeps,
# told apart by line style.
VERSION_GROUPS = {"cffi.v2_": "cffi 2", "swig.v4_5": "SWIG 4.5"}
FAMILY_COLOURS["cffi 2"] = 0x9e9ac8
FAMILY_COLOURS["SWIG 4.5"] = 0x9edae5


def group_of(path):
    """The colour group of a path: its family (the name before the dot), or
    its VERSION_GROUPS entry."""
    for prefix, group in VERSION_GROUPS.items():
        if path.startswith(prefix):
            return group
    return path.split(".")[0]


# The floors: grey diamonds in the dot charts; in the sweeps a dashed black
# (c.direct) and grey (python.def) line.
FLOOR_COLOUR = 0x666666
FLOOR_LINE_COLOURS = {"c.direct": 0x000000, "python.def": 0x888888}
SOLID, DASHED, DASH_DOT = 1, 2, 4
POINT, SQUARE, FLOOR_POINT = 7, 5, 13   # filled circle, square, diamond
SMALLEST = 0.05                 # ns: where a net cost <= 0 is drawn (log axis)
# The size every chart fits (README's width; a screen's height), in pixels,
# and the fonts' sizes in pixels (the SVG's; the PNG is drawn from it): the
# titles, the row labels (path names), the value labels beside the
# whiskers, the legend, the footnote.
CHART_PX, MAX_HEIGHT_PX = 1300, 2000
TITLE_FONT, ROW_FONT, VALUE_FONT, LEGEND_FONT, FOOT_FONT = 12, 11, 9, 11, 10
# A dot chart's rows: ROW_PX apart, down to MIN_ROW_PX where that fits the
# height (under it a row's label would touch the next one's); a panel's own
# title, tick labels and unit label take PANEL_PX more.
ROW_PX, MIN_ROW_PX, PANEL_PX = 16, 13, 86
SUBTITLE_CHARS = 150            # a subtitle line longer than this is wrapped
FOOTNOTE_CHARS = 190            # the same for the (smaller) footnote


def gp_string(text):
    """A gnuplot double-quoted string literal."""
    return ('"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
            + '"')


def wrap(text, width=SUBTITLE_CHARS):
    """Text broken into lines of at most width characters (at '; ' or a
    space), joined by a newline: a subtitle that fits the chart."""
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return "\n".join(lines + [line])


def tick_label(value):
    """A tick label in plain decimal notation: 0.5, 20, 1,000, 1,000,000."""
    return f"{value:,.0f}" if value >= 1 else f"{value:g}"


def log_ticks(lo, hi):
    """Tick values for a log axis from lo to hi: decades, and the 2s and 5s
    between them when the axis spans under two decades."""
    steps = (1, 2, 5) if math.log10(hi / lo) < 2 else (1,)
    ticks = []
    for exponent in range(math.floor(math.log10(lo)), math.ceil(math.log10(hi)) + 1):
        for step in steps:
            value = step * 10.0 ** exponent
            if lo * (1 - 1e-9) <= value <= hi * (1 + 1e-9):
                ticks.append(value)
    return ticks


def gp_tics(values):
    """A gnuplot tic list: ("1" 1, "10" 10, ...)."""
    return "(" + ", ".join(f'"{tick_label(v)}" {v:g}' for v in values) + ")"


def axis_range(items, log, plot_px):
    """(xmin, xmax, tic list or "") of a panel holding items (bounds, label):
    the data's range, with room on the right of each whisker for its label
    (its width in the value labels' font, of the plot_px pixels the axis
    spans, and the gap between whisker and label)."""
    low = min(b[1] for b, _ in items)
    high = max(b[2] for b, _ in items)

    def share(text):
        return min((text_px(text, VALUE_FONT) + VALUE_FONT) / plot_px, 0.75)
    if log:
        # the smallest positive value (a net cost <= 0 is drawn at SMALLEST)
        low = min((v for b, _ in items for v in b[:2] if v > 0), default=SMALLEST)
        # quarter decades, and a little below: gnuplot may drop a tick that
        # falls exactly on the axis's end
        xmin = 10 ** (math.floor(math.log10(low / 1.25) * 4) / 4) * 0.98
        a, needed = math.log10(xmin), math.log10(max(high, xmin * 1.5))
        for b, text in items:
            needed = max(needed, (math.log10(max(b[2], xmin)) - share(text) * a)
                         / (1 - share(text)))
        xmax = 10 ** (needed + 0.02)
        return xmin, xmax, gp_tics(thinned(log_ticks(xmin, xmax), plot_px, xmin, xmax))
    xmin = min(0.0, low * 1.1)
    needed = max(high, xmin + 1e-9)
    for b, text in items:
        needed = max(needed, (b[2] - share(text) * xmin) / (1 - share(text)))
    return xmin, needed + (needed - xmin) * 0.02, ""


def thinned(ticks, plot_px, xmin, xmax):
    """Log-axis ticks whose labels do not touch: every other one dropped
    (the decades kept) until each label has its room."""
    def fits(chosen):
        where = [math.log10(t / xmin) / math.log10(xmax / xmin) * plot_px for t in chosen]
        widths = [text_px(tick_label(t), ROW_FONT) for t in chosen]
        return all(b - a > (wa + wb) / 2 + 6 for a, b, wa, wb in
                   zip(where, where[1:], widths, widths[1:]))
    while not fits(ticks) and len(ticks) > 2:
        decades = [t for t in ticks if math.log10(t) == round(math.log10(t))]
        ticks = decades if len(decades) < len(ticks) else ticks[::2]
    return ticks


def legend_layout(entries, width=CHART_PX, start_y=0.0):
    """Where each legend entry goes: [(x, row)], x in pixels from the left,
    entries side by side in the order given, a new row when the next would
    pass the chart's right edge; and the number of rows."""
    placed, x, row = [], 20.0, 0
    for text, _, _ in entries:
        wide = 16 + text_px(text, LEGEND_FONT) + 22
        if x + wide > width - 10 and placed:
            x, row = 20.0, row + 1
        placed.append((x, row))
        x += wide
    return placed, (row + 1 if entries else 0)


def legend(families, floors, extra=()):
    """The legend's entries: (text, colour, point type) per family drawn,
    the floors, and any chart-specific markers."""
    entries = [(f, FAMILY_COLOURS.get(f, OTHER_COLOUR), POINT) for f in families]
    if floors:
        entries.append(("floors (c.direct, python.def)", FLOOR_COLOUR, FLOOR_POINT))
    return entries + list(extra)


def legend_settings(entries, top_px, height):
    """legend_count and legend_text_<i>, legend_colour_<i>, legend_point_<i>,
    legend_x_<i>, legend_y_<i> (screen fractions: the rows start top_px from
    the top; gnuplot reads them with value(); a text may hold spaces)."""
    placed, _ = legend_layout(entries)
    settings = {"legend_count": len(entries)}
    for i, ((text, colour, point), (x, row)) in enumerate(zip(entries, placed), start=1):
        settings.update({f"legend_text_{i}": text, f"legend_colour_{i}": colour,
                         f"legend_point_{i}": point, f"legend_x_{i}": x / CHART_PX,
                         f"legend_y_{i}": 1.0 - (top_px + 18 * row) / height})
    return settings


def lines_of(text):
    return text.count("\n") + 1 if text else 0


def write_table(out, header, blocks, settings):
    with open(out, "w") as f:
        f.write(header + "\n")
        f.write("\n\n\n".join("\n".join(lines) for lines in blocks) + "\n")
    with open(out + ".gp", "w") as f:
        for key, value in settings.items():
            value = gp_string(value) if isinstance(value, str) else value
            f.write(f"{key} = {value}\n")
