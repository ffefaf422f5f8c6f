"""make releases' results (results/releases/):

  releases.csv   tool, order, release, path, kernel, arg: net instructions
                 per call (callgrind, interp mode, net of the empty loop) and
                 net ns per call (make bench's estimator, its 95 % interval)
  builds.csv     tool, order, release: built or not, its first error line,
                 the seconds its install and build took
  steps.csv      each change between consecutive built releases larger
                 than STEP_PCT, in net instructions per call, and the
                 upstream change that explains it (harness/releases/causes.py)
  charts/<tool>.svg|png   the series: instructions (top), time (bottom)
  REPORT.md      per tool, its tables and the releases where each step
                 happened

Everything here is read from the tables above, never typed.

  python3 -m harness.releases.report RESULTS   steps.csv, the charts and
      REPORT.md again from RESULTS' releases.csv and builds.csv (after
      harness/releases/causes.py changed: make releases runs this itself)
"""

import sys

from harness.pipeline import stage_cli
from harness.pipeline.publish import charts, readme
from harness.registry import metadata
from harness.releases import causes, series

STEP_PCT = 5.0


def _num(text):
    return float(text) if text not in ("", None) else None


def row_label(row, tool):
    """kernel[/arg], and the path where the tool has several."""
    label = "/".join(filter(None, (row["kernel"], row["arg"])))
    return f"{label} ({row['path']})" if len(series.TOOLS[tool].paths) > 1 else label


def by_row(rows, tool):
    """{label: [rows, release order]} of one tool."""
    found = {}
    for row in sorted((r for r in rows if r["tool"] == tool), key=lambda r: int(r["order"])):
        found.setdefault(row_label(row, tool), []).append(row)
    return found


def steps(rows, builds):
    """The changes larger than STEP_PCT between consecutive built releases of
    each row, in net instructions per call (deterministic: no noise to
    exceed): by tool and release, the largest first within a release."""
    built = {(b["tool"], b["release"]) for b in builds if b["built"] == "yes"}
    found = []
    for tool in series.TOOLS:
        for label, series_rows in by_row(rows, tool).items():
            kept = [r for r in series_rows if (tool, r["release"]) in built
                    and _num(r["instructions_net"])]
            for before, after in zip(kept, kept[1:]):
                a, b = _num(before["instructions_net"]), _num(after["instructions_net"])
                change = 100.0 * (b - a) / a
                if abs(change) > STEP_PCT:
                    found.append({"tool": tool, "path": after["path"], "kernel": after["kernel"],
                                  "arg": after["arg"], "before": before["release"],
                                  "after": after["release"], "instructions_before": f"{a:.0f}",
                                  "instructions_after": f"{b:.0f}", "change_pct": f"{change:+.1f}",
                                  "ns_before": before["ns_net"], "ns_after": after["ns_net"],
                                  "cause": causes.cause(tool, before["release"],
                                                        after["release"])})
    order = {(r["tool"], r["release"]): int(r["order"]) for r in rows}
    return sorted(found, key=lambda s: (list(series.TOOLS).index(s["tool"]),
                                        order[s["tool"], s["after"]],
                                        -abs(float(s["change_pct"]))))


def _cell(text, digits=0):
    value = _num(text)
    return "–" if value is None else f"{value:.{digits}f}"


# Instruction counts within this share of each other count as the same code.
SAME_CODE_PCT = 1.0


def apart(before, after):
    """Whether two releases' times of a row differ by their intervals (the
    95 % intervals do not touch): only then is a step in time drawn."""
    bounds = [(_num(r["ns_net_low"]), _num(r["ns_net_high"])) for r in (before, after)]
    if any(b is None for pair in bounds for b in pair):
        return False
    (low_a, high_a), (low_b, high_b) = bounds
    return high_a < low_b or high_b < low_a


def time_without_code(rows, tool):
    """Lines naming each pair of consecutive releases of a row whose time
    moved (intervals apart) while its instructions stayed within
    SAME_CODE_PCT: the machine's doing, not the code's."""
    found = []
    for label, series_rows in by_row(rows, tool).items():
        for before, after in zip(series_rows, series_rows[1:]):
            a, b = _num(before["instructions_net"]), _num(after["instructions_net"])
            if a and b and abs(b - a) <= a * SAME_CODE_PCT / 100 and apart(before, after):
                found.append(f"- {label}, {before['release']} → {after['release']}: "
                             f"{a:.0f} → {b:.0f} instructions, "
                             f"{_num(before['ns_net']):.1f} → {_num(after['ns_net']):.1f} ns")
    return found


def tool_section(tool, rows, builds, found_steps):
    """REPORT.md's part for one tool."""
    releases = [b for b in builds if b["tool"] == tool]
    if not releases:
        return []
    names = [b["release"] for b in releases]
    lines = [f"## {tool} ({', '.join(series.TOOLS[tool].paths)})", "",
             f"![{tool}](charts/{tool}.svg)", ""]
    for title, key, digits in (("Net instructions per call (callgrind)", "instructions_net", 0),
                               ("Net ns per call (make bench's estimator; each release timed in a "
                                "run of its own, minutes from the others, so a slowed spell of the "
                                "machine can move a release's figures by itself: the instructions "
                                "above tell what the code changed)", "ns_net", 1)):
        lines += [f"{title}:", "", "| row | " + " | ".join(names) + " |",
                  "|---|" + "---:|" * len(names)]
        for label, series_rows in by_row(rows, tool).items():
            cells = {r["release"]: _cell(r[key], digits) for r in series_rows}
            lines.append(f"| {label} | " + " | ".join(cells.get(n, "–") for n in names) + " |")
        lines.append("")
    lines.append(f"Steps larger than {STEP_PCT:g} % in net instructions per call:")
    lines.append("")
    lines += readme.release_step_lines(s for s in found_steps if s["tool"] == tool) or ["- none"]
    unexplained = time_without_code(rows, tool)
    if unexplained:
        lines += ["", f"Times that moved, by their 95 % intervals, while the instructions stayed "
                  f"within {SAME_CODE_PCT:g} %: not a change of the instructions, but that release's "
                  "run (a slowed spell of the machine, or its binary's layout); the chart draws "
                  "a step in time only where the intervals are apart:",
                  "", *unexplained]
    failed = [b for b in releases if b["built"] != "yes"]
    if failed:
        lines += ["", "Not built (the first error line):", ""]
        lines += [f"- {b['release']}: {b['error']}" for b in failed]
    return lines + [""]


def chart_table(rows, tool, out, context=None):
    """The gnuplot blocks of one tool's chart (plots/releases.gp), or why
    there is none."""
    releases = sorted({(int(r["order"]), r["release"]) for r in rows if r["tool"] == tool})
    found = by_row(rows, tool)
    if not found:
        return f"no measured row of {tool}"
    index = {name: i for i, (_, name) in enumerate(releases)}
    with open(out, "w") as f:
        for label, series_rows in found.items():
            f.write(f"# {label}\n")
            for r in series_rows:
                values = [r[k] or "0" for k in ("instructions_net", "ns_net", "ns_net_low",
                                                 "ns_net_high")]
                f.write(f"{index[r['release']]} {' '.join(values)}\n")
            f.write("\n\n")
        # then, per row, the steps in time the intervals support: segments
        # from one release's figure to the next one's (a point when none)
        for label, series_rows in found.items():
            f.write(f"# {label}: steps in time\n")
            steps_drawn = [(a, b) for a, b in zip(series_rows, series_rows[1:]) if apart(a, b)]
            for a, b in steps_drawn:
                f.write(f"{index[a['release']]} {a['ns_net']} {index[b['release']]} "
                        f"{b['ns_net']}\n")
            if not steps_drawn:
                f.write("0 NaN 0 NaN\n")
            f.write("\n\n")
    labels = " ".join(label.replace(" ", "_") for label in found)
    ticks = ", ".join(f'\\"{name}\\" {i}' for name, i in index.items())
    with open(out + ".gp", "w") as f:
        machine = (f" - {metadata.cpu_short(context)}, commit "
                   f"{context.get('git_commit', '?')[:7]}") if context else ""
        f.write(f'title = "{tool}: each release over the same kernel object (make releases)'
                f'{machine}"\nrows = "{labels}"\nnreleases = {len(index)}\nxtics = "{ticks}"\n')
    return None


def write(results, rows, builds, say=print):
    """The tables, charts and REPORT.md into `results` (a ResultsFolder)."""
    found_steps = steps(rows, builds)
    results.write_table("releases.csv", rows)       # columns: vocabulary.FILES
    results.write_table("builds.csv", builds)
    results.write_table("steps.csv", found_steps)
    context = results.metadata.get("releases_context", {}) if results.has(
        results.METADATA_FILE) else {}
    not_drawn = {}
    for tool in series.TOOLS:
        if any(r["tool"] == tool for r in rows):
            problem = charts.render(results, f"charts/{tool}",
                                    lambda out, tool=tool: chart_table(rows, tool, out, context),
                                    script="releases")
            if problem:
                not_drawn[tool] = problem
    lines = ["# What each release of a binding tool did to the call", "",
             "Made by `make releases` (harness/releases/): each release built over the same "
             "kernel object with the project's flags, its instructions counted by callgrind "
             "(interp mode, net of the empty loop) and its time measured by make bench's "
             "estimator on the same rows. docs/METHODOLOGY.md, \"Releases\", says how.", "",
             f"Measured on {metadata.cpu_short(context)}, {context.get('cpu_count', '?')} CPUs, "
             f"in Python {context.get('python_version', '?')}, at commit "
             f"{context.get('git_commit', '?')[:12]}"
             + ("+uncommitted changes" if context.get("git_dirty") == "yes" else "") + ".", ""]
    for tool in series.TOOLS:
        lines += tool_section(tool, rows, builds, found_steps)
    with open(results.file("REPORT.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    results.record(charts_not_drawn=not_drawn)
    say(f"releases: {len(rows)} rows, {len(found_steps)} steps over {STEP_PCT:g} % -> "
        f"{results.file('REPORT.md')}")
    return found_steps


def main(argv=None):
    args = stage_cli.parse(argv, __spec__.name, __doc__, "RESULTS")
    return stage_cli.run_folder("releases report", args.results, lambda results: write(
        results, results.table("releases.csv"), results.table("builds.csv")))


if __name__ == "__main__":
    sys.exit(main())
