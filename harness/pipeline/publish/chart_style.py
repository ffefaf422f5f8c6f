"""How every chart looks: one colour per binding family, the floors' marks, the
tick labels (plain decimals), the axis ranges (fitting each panel's data, with
room for the value labels), the legend, subtitles that fit, and the settings
file gnuplot loads.  harness/pipeline/publish/plotdata.py makes the tables with it."""

import math

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
# Widths (pixels) the axis-room estimate works with: the charts are 1300
# pixels wide, dot charts two panels a row, with a left margin of
# NAME_MARGIN characters for the path names; a value label's character is
# about LABEL_CHAR pixels (its font is smaller than the axis font).
CHART_PX, NAME_MARGIN, CHAR_PX, LABEL_CHAR = 1300, 24, 7.5, 6.5
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
    (a label of c characters takes about c * LABEL_CHAR of the plot_px
    pixels the axis spans)."""
    low = min(b[1] for b, _ in items)
    high = max(b[2] for b, _ in items)
    if log:
        # the smallest positive value (a net cost <= 0 is drawn at SMALLEST)
        low = min((v for b, _ in items for v in b[:2] if v > 0), default=SMALLEST)
        # quarter decades, and a little below: gnuplot may drop a tick that
        # falls exactly on the axis's end
        xmin = 10 ** (math.floor(math.log10(low / 1.25) * 4) / 4) * 0.98
        a, needed = math.log10(xmin), math.log10(max(high, xmin * 1.5))
        for b, text in items:
            share = min((len(text) + 1) * LABEL_CHAR / plot_px, 0.6)
            needed = max(needed, (math.log10(max(b[2], xmin)) - share * a) / (1 - share))
        xmax = 10 ** (needed + 0.02)
        return xmin, xmax, gp_tics(log_ticks(xmin, xmax))
    xmin = min(0.0, low * 1.1)
    needed = max(high, xmin + 1e-9)
    for b, text in items:
        share = min((len(text) + 1) * LABEL_CHAR / plot_px, 0.6)
        needed = max(needed, (b[2] - share * xmin) / (1 - share))
    return xmin, needed + (needed - xmin) * 0.02, ""


def legend(families, floors, extra=()):
    """The legend's entries: (text, colour, point type) per family drawn,
    the floors, and any chart-specific markers."""
    entries = [(f, FAMILY_COLOURS.get(f, OTHER_COLOUR), POINT) for f in families]
    if floors:
        entries.append(("floors (c.direct, python.def)", FLOOR_COLOUR, FLOOR_POINT))
    return entries + list(extra)


def legend_settings(entries):
    """legend_count and legend_text_<i>, legend_colour_<i>, legend_point_<i>
    (gnuplot reads them with value(); a text may hold spaces)."""
    settings = {"legend_count": len(entries)}
    for i, (text, colour, point) in enumerate(entries, start=1):
        settings.update({f"legend_text_{i}": text, f"legend_colour_{i}": colour,
                         f"legend_point_{i}": point})
    return settings


def write_table(out, header, blocks, settings):
    with open(out, "w") as f:
        f.write(header + "\n")
        f.write("\n\n\n".join("\n".join(lines) for lines in blocks) + "\n")
    with open(out + ".gp", "w") as f:
        for key, value in settings.items():
            value = gp_string(value) if isinstance(value, str) else value
            f.write(f"{key} = {value}\n")
