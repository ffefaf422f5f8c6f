"""RESULTS/index.html: the run as a page a reader can sort, filter and
search, written beside REPORT.md by every make bench (and for the committed
reference).  It opens from disk: no server, no network, no library (a few
lines of its own script); the charts are the run's SVGs beside it, whose
legends hide and show a series (gnuplot's own script, inside each SVG).

  - the cite line and where the run was made;
  - the summary per binding (answer.py), its footnotes and conclusions;
  - the decision table, every column;
  - the charts;
  - every row of summary.csv, searchable;
  - the raw values of the rows the tables cite: each figure links to them.

The tables sort by any column (a click on its heading) and filter by binding
family; every figure keeps the marks of REPORT.md (stats.noise_mark).

Usage: python3 -m harness.pipeline.publish.page RESULTS
"""

import html
import os
import re
import sys

from harness.pipeline import stage_cli
from harness.pipeline.analyse import stats, summarize
from harness.pipeline.choice import decision
from harness.pipeline.publish import answer, chart_style, charts, report
from harness.registry import vocabulary as v

PAGE = "index.html"
STYLE = """
body { font-family: Helvetica, Arial, sans-serif; margin: 1.5em; color: #222; max-width: 1400px; }
table { border-collapse: collapse; margin: 0.5em 0 1em; font-size: 13px; }
th, td { border-bottom: 1px solid #ddd; padding: 3px 7px; text-align: right; }
th:first-child, td:first-child { text-align: left; }
th { cursor: pointer; background: #f4f4f4; position: sticky; top: 0; }
th[aria-sort=ascending]::after { content: " \\25B2"; }
th[aria-sort=descending]::after { content: " \\25BC"; }
tr.hidden { display: none; }
.note { font-size: 13px; color: #444; max-width: 1100px; }
iframe { border: 0; width: 1300px; display: block; }
.controls { margin: 0.8em 0; }
a { color: #1f5fa8; }
"""
# Sorting (by data-sort, else the text), filtering by family, searching.
SCRIPT = """
function sortBy(th) {
  const table = th.closest('table'), body = table.tBodies[0];
  const column = Array.from(th.parentNode.children).indexOf(th);
  const down = th.getAttribute('aria-sort') === 'ascending';
  table.querySelectorAll('th').forEach(h => h.removeAttribute('aria-sort'));
  th.setAttribute('aria-sort', down ? 'descending' : 'ascending');
  const key = row => {
    const cell = row.children[column];
    const sort = cell.getAttribute('data-sort');
    return sort === null ? cell.textContent.trim() : (sort === '' ? Infinity : Number(sort));
  };
  const rows = Array.from(body.rows);
  rows.sort((a, b) => {
    const x = key(a), y = key(b);
    const order = (typeof x === 'number' && typeof y === 'number') ? x - y
                  : String(x).localeCompare(String(y));
    return down ? -order : order;
  });
  rows.forEach(row => body.appendChild(row));
}
function filterFamily(family) {
  document.querySelectorAll('table.by-family tbody tr').forEach(row => {
    row.classList.toggle('hidden', family !== '' && row.dataset.family !== family);
  });
}
function search(text) {
  const words = text.toLowerCase().split(/\\s+/).filter(w => w);
  document.querySelectorAll('#rows tbody tr').forEach(row => {
    const line = row.textContent.toLowerCase();
    row.classList.toggle('hidden', !words.every(w => line.includes(w)));
  });
}
document.addEventListener('DOMContentLoaded', () => {
  document.querySelectorAll('th').forEach(th => th.addEventListener('click', () => sortBy(th)));
  document.getElementById('family').addEventListener('change', e => filterFamily(e.target.value));
  document.getElementById('search').addEventListener('input', e => search(e.target.value));
});
"""


def _e(text):
    return html.escape(str(text), quote=True)


def row_id(kernel, path, mode, arg=""):
    """A summary.csv row's name, as the raw values' anchors use it."""
    return "/".join(filter(None, (kernel, path, mode, arg)))


def family_of(path):
    return chart_style.group_of(path)


def _inline(text):
    """Escaped text, its Markdown `code` spans (the report's cells share the
    page's) as <code>."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", _e(text))


def _cell(text, sort=None, link=None):
    shown = _inline(text)
    if link:
        shown = f'<a href="#raw-{_e(link)}">{shown}</a>'
    return f'<td data-sort="{"" if sort is None else sort}">{shown}</td>' if sort is not None \
        or link else f"<td>{shown}</td>"


def _table(table_id, headers, rows, by_family=True):
    """An HTML table: headers, then rows of (family, [cell html])."""
    head = "".join(f"<th>{_inline(h)}</th>" for h in headers)
    body = "\n".join(f'<tr data-family="{_e(family)}">{"".join(cells)}</tr>'
                     for family, cells in rows)
    classes = ' class="by-family"' if by_family else ""
    return (f'<table id="{table_id}"{classes}><thead><tr>{head}</tr></thead>'
            f"<tbody>\n{body}\n</tbody></table>")


# The summary's columns whose figure is a row of summary.csv (its raw values).
# (kernel, arg) of each.
_SUMMARY_ROWS = {"add_i64": ("add_i64", ""), "method": ("point_sum", ""),
                 "construct": ("point_new", ""), "ndarray_in": ("ndarray_sum", "1")}


def summary_table(results):
    decided = {d["binding"]: d for d in results.table_or_none("decision.csv") or []}
    by_binding = {b.name: b for b in answer.registry.BINDINGS}
    rows = []
    for row in answer.summary(results):
        name = next(n for n in decided if row["binding"].text.startswith(f"{n} (`"))
        path = decided[name]["path"]
        binding = by_binding.get(name)
        objects = (binding.objects_path or path) if binding else path
        cells = []
        for key, _ in answer.COLUMNS:
            cell = row[key]
            kernel, arg = _SUMMARY_ROWS.get(key, (None, ""))
            link = row_id(kernel, objects if key in ("method", "construct") else path,
                          "interp", arg) if kernel and cell.value is not None else None
            cells.append(_cell(cell.text, cell.value if key != "binding" else None, link))
        rows.append((family_of(path), cells))
    return _table("summary", [header for _, header in answer.COLUMNS], rows)


def decision_table(results):
    rows = []
    for d in results.table_or_none("decision.csv") or []:
        marks = decision.marks_of(d)
        cells = []
        for column, _ in decision.COMPACT:
            if column == "binding":
                cells.append(_cell(f"{d['binding']} ({d['path']})"))
            elif column == "import_ms":
                cells.append(_cell(decision.import_cell(d), _number(d["import_ms"])))
            elif column == "bad":
                cells.append(_cell(" / ".join(d[f"bad_{o}"] for o in decision.OUTCOMES),
                                   _number(d["bad_silent"])))
            else:
                text = d.get(column, "") + (marks.get(column, "") if d.get(column) else "")
                cells.append(_cell(text, _number(d.get(column))))
        rows.append((family_of(d["path"]), cells))
    return _table("decision", [header for _, header in decision.COMPACT], rows)


def _number(text):
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def rows_table(results):
    """Every row of summary.csv (but the empty loops'), searchable."""
    found = []
    for r in results.table_or_none("summary.csv") or []:
        if r["path"] == v.BASELINE_PATH:
            continue
        name = row_id(r["kernel"], r["path"], r["mode"], r["arg"])
        net = _number(r["ns_net"])
        cells = [_cell(name), _cell(r["kernel"]), _cell(r["path"]), _cell(r["mode"]),
                 _cell(r["arg"], _number(r["arg"]) if r["arg"].isdigit() else None),
                 _cell(f"{net:.1f}{stats.noise_mark(r)}" if net is not None else r["skipped"],
                       net, name if net is not None else None),
                 _cell(report.net_interval(r)), _cell(r["processes"], _number(r["processes"])),
                 _cell(r["process_spread_pct"], _number(r["process_spread_pct"]))]
        found.append((family_of(r["path"]), cells))
    return _table("rows", ["row", "kernel", "path", "mode", "arg", "net ns", "95 % interval",
                           "processes", "process spread %"], found)


def raw_values(results, names):
    """The raw values of the rows `names`: per row, each worker process's
    values (gross ns per call), from calls.json.gz."""
    try:
        report_json = results.raw()
    except (OSError, ValueError):
        return "<p>no raw values in this folder (calls.json.gz)</p>"
    values = {}
    for entry in report_json.get("benchmarks", []):
        # A crashed or failed row has an error entry and no time.
        if (entry.get("run_type") == "iteration" and entry.get("run_name") in names
                and not entry.get("error_occurred")):
            values.setdefault(entry["run_name"], {}).setdefault(
                entry.get("ffb_worker", 0), []).append(summarize.ns_of(entry))
    parts = []
    for name in sorted(values):
        workers = "; ".join(f"worker {w + 1}: " + ", ".join(f"{x:.1f}" for x in xs)
                            for w, xs in sorted(values[name].items()))
        parts.append(f'<li id="raw-{_e(name)}"><code>{_e(name)}</code>: {_e(workers)}</li>')
    return ("<p class=\"note\">Gross ns per call of each value (Google Benchmark's real time "
            "per iteration), by worker process; a row's figure is the "
            f"{_e(stats.SHORT[stats.HEADLINE])} of its values minus the empty loop's, the "
            "values measured in a slowed spell left out (summary.csv's spell_values).</p>"
            f"<ul class=\"note\">{''.join(parts)}</ul>")


def _svg_height(svg_file):
    with open(svg_file, encoding="utf-8") as f:
        head = f.read(400)
    found = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', head)
    return float(found.group(2)) if found else 800.0


def charts_part(results):
    parts = []
    for name in charts.BENCH_CHARTS + ("instr",):
        if not results.has(f"{name}.svg"):
            continue
        title = charts.CHARTS[name][0]
        height = _svg_height(results.file(f"{name}.svg"))
        parts.append(f'<h3 id="chart-{name}">{_e(title)}</h3>'
                     f'<iframe src="{name}.svg" title="{_e(title)}" '
                     f'style="height:{height:.0f}px"></iframe>')
    return "\n".join(parts)


def page(results):
    """index.html's text."""
    meta = results.metadata
    families = sorted({family_of(d["path"]) for d in results.table_or_none("decision.csv") or []})
    options = "".join(f'<option value="{_e(f)}">{_e(f)}</option>' for f in families)
    linked = {row_id(kernel, d["path"], "interp", arg)
              for d in results.table_or_none("decision.csv") or []
              for kernel, arg in (("add_i64", ""), ("noop", ""), ("ndarray_sum", "1"))}
    for b in answer.registry.BINDINGS:
        linked |= {row_id(k, b.objects_path or b.path, "interp") for k in ("point_sum",
                                                                             "point_new")}
    said = "".join(f"<li>{_inline(s)}</li>" for s in answer.conclusions(results))
    summary_notes = "".join(f"<p class=\"note\">{_inline(line)}</p>"
                            for line in answer.summary_lines(results)
                            if line and not line.startswith("|"))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>ffi-bench: {_e(meta.get('python_version', ''))} on {_e(meta.get('cpu_model', ''))}</title>
<style>{STYLE}</style>
<script>{SCRIPT}</script>
</head><body>
<h1>ffi-bench: what it costs to call C from Python</h1>
<p class="note"><b>How to cite</b>: {_e(report.cite_line(meta, report.other_provenance(results)))}</p>
<div class="controls"><label>Binding family: <select id="family"><option value="">all</option>{options}</select></label>
(filters the tables below; a click on a heading sorts by it)</div>
<h2>The answer: one row per binding</h2>
{summary_table(results)}
{summary_notes}
<h3>What the figures say</h3>
<ul class="note">{said}</ul>
<h2>The decision table, every column</h2>
{decision_table(results)}
<p class="note">{_e(stats.MARKS_LEGEND)}. Each column: <a href="decision.md">decision.md</a>.</p>
<h2>Charts</h2>
<p class="note">A click on a legend entry of a chart with lines hides or shows its series.</p>
{charts_part(results)}
<h2>Every row (summary.csv)</h2>
<div class="controls"><label>Search: <input id="search" type="search" size="40"
 placeholder="e.g. add_i64 interp capi"></label></div>
{rows_table(results)}
<h2>Raw values</h2>
{raw_values(results, linked)}
<p class="note">Generated by make bench (harness/pipeline/publish/page.py) from the files of this folder;
<a href="REPORT.md">REPORT.md</a> has every table and the environment.</p>
</body></html>
"""


def write(results):
    results.write_text(PAGE, page(results))
    print(f"page: -> {results.file(PAGE)}")


def main(argv=None):
    args = stage_cli.parse(argv, __spec__.name, __doc__, "RESULTS")
    return stage_cli.run_folder("page", args.results, write)


if __name__ == "__main__":
    sys.exit(main())
