"""A results folder -> its charts: for each, plotdata.py writes a table and its
settings, gnuplot draws it (harness/pipeline/publish/plots/*.gp) as SVG, and
rsvg-convert draws the PNG from that SVG (one drawing: the same geometry and
the same font, whose widths plotdata lays the text out with: text_metrics.py).

A chart whose rows the run does not have (a filtered run, a stage that did not
run) is not drawn: it is named with the reason, on the terminal and in
metadata.json (`charts_not_drawn`), and REPORT.md says so.  Each file is
written under a temporary name and renamed when complete.

Usage: python3 -m harness.pipeline.publish.charts RESULTS [CHART ...]   (default: all it can)
"""

import os
import re
import subprocess
import sys

import harness
from harness.pipeline import stage_cli
from harness.pipeline.publish import plotdata


PLOTS = os.path.join(harness.ROOT, "harness", "pipeline", "publish", "plots")


def _calls(mode):
    return lambda rows, context, out: plotdata.calls_chart(rows, context, mode, out)


def _sweep(name):
    """A sweep chart's entry: its title from plotdata.SWEEPS, the sweep script."""
    return (plotdata.SWEEPS[name]["title"], "summary.csv", "metadata.json",
            lambda rows, context, out: plotdata.sweep_chart(rows, context, name, out), "sweep")


# chart -> (its title in REPORT.md, its input file, its metadata file, table
# writer, gnuplot script)
CHARTS = {
    "calls": ("Net time per call, interpreter loop (interp mode)",
              "summary.csv", "metadata.json", _calls("interp"), "calls"),
    "calls_vectorcall": ("Net time per call, PyObject_Vectorcall from C",
                         "summary.csv", "metadata.json", _calls("vectorcall"), "calls"),
    "objects": ("Net time per operation on an object over a C struct, interpreter loop",
                "summary.csv", "metadata.json",
                lambda rows, context, out: plotdata.calls_chart(
                    rows, context, "interp", out, "Net time per operation on an object",
                    workloads={"objects"}, headline=False), "calls"),
    "shapes": ("Net time per call by argument shape: keywords, defaults, keyword-only, "
               "*args, None", "summary.csv", "metadata.json",
               lambda rows, context, out: plotdata.calls_chart(
                   rows, context, "interp", out, "Net time per call by argument shape",
                   workloads={"shapes"}, headline=False), "calls"),
    "slowdown": ("Slowdown relative to the fastest C-API path",
                 "summary.csv", "metadata.json", plotdata.slowdown_chart, "calls"),
    "gil": ("What releasing the GIL costs",
            "summary.csv", "metadata.json", plotdata.gil_chart, "calls"),
    **{name: _sweep(name) for name in ("args", "buffer", "numpy", "numpy_out")},
    "import": ("Import cost per binding module",
               "import.csv", "metadata.json", plotdata.import_chart, "calls"),
    "threads": ("Two threads over one: when releasing the GIL pays off",
                "threads.csv", "metadata.json", plotdata.threads_chart, "threads"),
    "instr": ("Net instructions per call (callgrind)",
              "instr.csv", "instr_metadata.json", plotdata.instr_chart, "calls"),
}
# What make bench draws; instr comes from make bench-instr.
BENCH_CHARTS = tuple(c for c in CHARTS if c != "instr")


def table_folder(results):
    """Where a results folder's chart tables go: one folder per results
    folder, so that charting one never reuses another's tables."""
    return os.path.join(harness.BUILD, "plot",
                        os.path.abspath(results).strip("/").replace("/", "_"))


def draw(results, chart):
    """Draws one chart; returns None, or why it was not drawn."""
    _, source, meta_name, write_table, script = CHARTS[chart]
    try:
        rows = results.table(source)
        context = results.document(meta_name)
    except OSError as exc:
        return f"{exc.filename} is missing"
    return render(results, chart, lambda out: write_table(rows, context, out), script)


def render(results, chart, write_table, script="calls"):
    """chart.svg and chart.png in `results` from the table write_table(out)
    writes (it returns None, or why there is no chart) and a gnuplot script
    of plots/; returns None, or why it was not drawn."""
    folder = table_folder(results.path)
    os.makedirs(folder, exist_ok=True)
    table = os.path.join(folder, chart.replace("/", "_") + ".dat")
    problem = write_table(table)
    if problem:
        return problem
    svg = results.file(f"{chart}.svg")
    os.makedirs(os.path.dirname(svg), exist_ok=True)
    draw_svg_and_png(script, f'data="{table}"; vars="{table}.gp"', svg)
    return None


def draw_svg_and_png(script, settings, svg):
    """gnuplot's plots/<script>.gp, given `settings` (gnuplot assignments),
    draws `svg`; rsvg-convert draws the PNG beside it from that SVG: the same
    geometry and font, text for text.  Each file is written under a
    temporary name, renamed when complete."""
    png = svg.removesuffix(".svg") + ".png"
    done = subprocess.run(["gnuplot", "-e", f'{settings}; out="{svg}.part"',
                           os.path.join(PLOTS, script + ".gp")], capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"gnuplot failed on {os.path.basename(svg)}: "
                           + done.stderr.strip()[-800:])
    with open(svg + ".part", encoding="utf-8") as f:
        drawn = f.read()
    # The mouse mode's grid switch is an icon for the browser, not the picture.
    still = re.sub(r"<image[^>]*toggleGrid[^>]*>", "", drawn)
    done = subprocess.run(["rsvg-convert", "--background-color=white", "-o", png + ".part"],
                          input=still, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"rsvg-convert failed on {os.path.basename(svg)}: "
                           + done.stderr.strip()[-800:])
    os.replace(svg + ".part", svg)
    os.replace(png + ".part", png)


def draw_all(results, charts=BENCH_CHARTS, quiet=False):
    """Draws the charts; returns {chart: why not drawn} and records it in
    the metadata of `results` (a ResultsFolder), when it has one."""
    not_drawn = {}
    for chart in charts:
        problem = draw(results, chart)
        if problem:
            not_drawn[chart] = problem
            for fmt in ("svg", "png"):      # an older run's chart would mislead
                results.remove(f"{chart}.{fmt}")
        elif not quiet:
            print(f"  charts: {chart}.svg, {chart}.png")
    for chart, why in not_drawn.items():
        print(f"  charts: {chart} not drawn: {why}")
    if results.has(results.METADATA_FILE):
        recorded = {c: why for c, why in results.metadata.get("charts_not_drawn", {}).items()
                    if c not in charts}
        results.record(charts_not_drawn={**recorded, **not_drawn})
    return not_drawn


def main(argv=None):
    parser = stage_cli.command_line(__spec__.name, __doc__)
    parser.add_argument("results", metavar="RESULTS")
    parser.add_argument("charts", metavar="CHART", nargs="*",
                        help="default: every chart the run's rows allow; one of "
                        + " ".join(CHARTS))
    args = parser.parse_args(argv)
    unknown = [c for c in args.charts if c not in CHARTS]
    if unknown:     # not argparse's choices=, which refuses an empty list on Python 3.11
        parser.error(f"unknown chart {' '.join(unknown)}; the charts: {' '.join(CHARTS)}")
    if not os.path.exists(os.path.join(args.results, "summary.csv")) and not args.charts:
        print(f"charts: no measurements in {args.results}/: run 'make bench' first, or name "
              "a results folder with RESULTS=", file=sys.stderr)
        return 1
    return stage_cli.run_folder(
        "charts", args.results,
        lambda results: draw_all(results, tuple(args.charts) or BENCH_CHARTS),
        errors=(RuntimeError, ValueError))


if __name__ == "__main__":
    sys.exit(main())
