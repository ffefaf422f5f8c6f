"""The answer first: one summary row per binding, what a reader choosing one
looks at before anything else; the caveats that change a conclusion as
footnotes on the cells they touch (registry.CAVEATS); and a few sentences
generated from the run's figures, each written only where the intervals
support it, each quoting its figures.  REPORT.md, README.md and index.html
show them, from the run's files (decision.csv, summary.csv, import.csv,
firstcall.csv, derived.csv).

  summary(results)          [row]: per binding, {column: Cell}
  summary_lines(results)    the Markdown table, its marks' legend, its footnotes
  conclusions(results)      the sentences
"""

import dataclasses

from harness import registry
from harness.pipeline.analyse import stats
from harness.pipeline.choice import decision, threads

# The C API's path, the yardstick of "x C API".
C_API = "capi.fastcall"
# The conclusions' thresholds: a binding within WITHIN times the C API's
# add_i64, or FAR times it or more, by both ends of their intervals; a
# raised error costing RAISE_TIMES its successful call or more.
WITHIN, FAR, RAISE_TIMES = 1.5, 5.0, 10.0


@dataclasses.dataclass(frozen=True)
class Cell:
    text: str               # as the table shows it, marks and footnotes included
    value: float = None     # what it sorts by (None: last)


# The summary's columns: (key, header).
COLUMNS = (("binding", "binding (path)"), ("add_i64", "add_i64 (ns, 95 % interval)"),
           ("ratio", "× C API"), ("method", "method `p.sum()` (ns)"),
           ("construct", "construct + free (ns)"), ("ndarray_in", "ndarray in, n=1 (ns)"),
           ("import", "import (ms)"), ("first_call", "first call (µs)"),
           ("build", "build (s)"), ("module_kb", "module (KB)"),
           ("bad", "bad calls: silent / crashed"))
# The decision.csv column of each summary column it takes a figure from.
FROM_DECISION = {"method": "method_ns", "construct": "construct_ns",
                 "ndarray_in": "ndarray_in_ns", "build": "build_s", "module_kb": "module_kb"}


def _number(text):
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def footnotes():
    """{(binding, column): its footnote numbers}, and the footnotes' texts in
    order."""
    marks, texts = {}, []
    for number, caveat in enumerate(registry.CAVEATS, start=1):
        texts.append(caveat.text)
        for binding in caveat.bindings:
            for column in caveat.columns:
                marks.setdefault((binding, column), []).append(number)
    return marks, texts


SUPERSCRIPTS = str.maketrans("0123456789,", "⁰¹²³⁴⁵⁶⁷⁸⁹˒")


def _noted(text, numbers):
    return text + (",".join(map(str, numbers)).translate(SUPERSCRIPTS) if numbers and text
                   else "")


def _interp_rows(results):
    """{(kernel, path): summary.csv row} of the plain interp rows."""
    return {(r["kernel"], r["path"]): r for r in results.table_or_none("summary.csv") or []
            if r["mode"] == "interp" and not r["arg"] and not r["skipped"] and r["ns_net"]}


def summary(results):
    """Per binding of the run's decision table: {column: Cell}."""
    table = results.table_or_none("decision.csv") or []
    rows = _interp_rows(results)
    notes, _ = footnotes()
    c_api = _number((rows.get(("add_i64", C_API)) or {}).get("ns_net"))
    found = []
    for d in table:
        name, marks = d["binding"], decision.marks_of(d)
        add = rows.get(("add_i64", d["path"]))
        cells = {"binding": Cell(f"{name} (`{d['path']}`)")}
        net = _number(add["ns_net"]) if add else None
        if net is None:
            cells["add_i64"] = Cell("")
        else:
            interval = (f" ({float(add['ns_net_low']):.1f}–{float(add['ns_net_high']):.1f})"
                        if add["ns_net_low"] else "")
            cells["add_i64"] = Cell(_noted(f"{net:.1f}{interval}{stats.noise_mark(add)}",
                                           notes.get((name, "add_i64"))), net)
        cells["ratio"] = (Cell(f"{net / c_api:.1f}", net / c_api) if net and c_api
                          else Cell(""))
        for column, source in FROM_DECISION.items():
            value = _number(d.get(source))
            text = d.get(source, "") + (marks.get(source, "") if d.get(source) else "")
            cells[column] = Cell(_noted(text, notes.get((name, column))), value)
        imported = decision.import_cell(d)
        cells["import"] = Cell(imported, _number(d["import_ms"])
                               if d.get("import_resolved") == "yes" else 0.0)
        first = _number(d.get("first_call_ns"))
        cells["first_call"] = Cell(f"{first / 1000:.1f}" if first is not None else "",
                                   first / 1000 if first is not None else None)
        cells["bad"] = (Cell(f"{d['bad_silent']} / {d['bad_crashed']}",
                             float(d["bad_silent"]) + 1000 * float(d["bad_crashed"]))
                        if d.get("bad_raised") else Cell(""))
        found.append(cells)
    return found


def summary_lines(results):
    """The summary as Markdown: the table, what its marks mean, its footnotes."""
    found = summary(results)
    if not found:
        return ["not made in this run (decision.csv is missing)"]
    lines = ["| " + " | ".join(header for _, header in COLUMNS) + " |",
             "|---|" + "---:|" * (len(COLUMNS) - 1)]
    lines += ["| " + " | ".join(row[key].text for key, _ in COLUMNS) + " |" for row in found]
    _, texts = footnotes()
    shown = {n for row in found for key, _ in COLUMNS
             for n in range(1, len(texts) + 1)
             if str(n).translate(SUPERSCRIPTS) in row[key].text}
    lines += ["", "Net ns per call in the interpreter loop, the add_i64 figure with its 95 % "
              "interval; `× C API`: over the C API's add_i64 (`capi.fastcall`); `first call`: "
              "the first call after the import in a fresh process; `bad calls`: of the "
              "safety matrix's, those that returned a value in silence or killed the process "
              "(decision.md names them). " + stats.MARKS_LEGEND + "."]
    for n, text in enumerate(texts, start=1):
        if n in shown:
            lines += ["", f"{str(n).translate(SUPERSCRIPTS)} {text}."]
    return lines


def _figure(row):
    return f"{float(row['ns_net']):.1f} ns"


def _bounds(row):
    return float(row["ns_net_low"] or row["ns_net"]), float(row["ns_net_high"] or row["ns_net"])


def _names(items):
    """'a', 'a and b', 'a, b and c'."""
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _speed_sentences(results):
    """Which bindings are within WITHIN times the C API's add_i64, and which
    FAR times it or more, by both ends of the intervals."""
    rows = _interp_rows(results)
    c_api = rows.get(("add_i64", C_API))
    table = results.table_or_none("decision.csv") or []
    if not c_api:
        return []
    c_low, c_high = _bounds(c_api)
    near, far = [], []
    for d in table:
        row = rows.get(("add_i64", d["path"]))
        if not row or d["path"].split(".")[0] in ("capi", "abi3"):
            continue
        low, high = _bounds(row)
        ratio = float(row["ns_net"]) / float(c_api["ns_net"])
        said = f"{d['binding']} ({_figure(row)}, {ratio:.1f}x)"
        if high <= WITHIN * c_low:
            near.append((ratio, said))
        elif low >= FAR * c_high:
            far.append((ratio, said))
    found = []
    head = f"the C API's add_i64 ({_figure(c_api)}, `{C_API}`)"
    if near:
        found.append(f"Within {WITHIN}x of {head}, by both ends of their 95 % intervals: "
                     + _names(s for _, s in sorted(near)) + ".")
    if far:
        found.append(f"{FAR:.0f}x {head} or more: "
                     + _names(s for _, s in sorted(far, reverse=True)) + ".")
    return found


def _import_sentence(results):
    """The binding whose import dominates, where its interval is apart from
    the next one's; and the modules whose import is within the noise of a
    bare start-up."""
    by_path = {path: r for r in results.table_or_none("import.csv") or [] if r["ms_net"]
               for path in r["paths"].split()}
    found = [(d["binding"], by_path[d["path"]])
             for d in results.table_or_none("decision.csv") or [] if d["path"] in by_path]
    costs = sorted(((float(r["ms_net"]), name, r) for name, r in found if r["resolved"] == "yes"),
                   key=lambda x: -x[0])
    if len(costs) < 2 or float(costs[0][2]["ms_net_low"]) <= float(costs[1][2]["ms_net_high"]):
        return []
    (top, name, first), (second, next_name, _) = costs[0], costs[1]
    within = [name for name, r in found if r["resolved"] != "yes"]
    return [f"{name}'s import dominates: {top:.1f} ms "
            f"({float(first['ms_net_low']):.1f} to {float(first['ms_net_high']):.1f}), "
            f"{top / second:.1f}x the next, {next_name}'s {second:.1f} ms"
            + (f"; {_names(within)} import within the noise of a bare start-up"
               if within else "") + "."]


def _error_sentence(results):
    """What raising the kernel's error as an exception costs over the
    successful call, where the two rows' intervals are apart."""
    summary_rows = results.table_or_none("summary.csv") or []
    rows = {(r["path"], r["arg"]): r for r in summary_rows
            if r["kernel"] == "fail_if_negative" and r["mode"] == "interp" and r["ns_net"]}
    ratios = []
    for d in results.table_or_none("decision.csv") or []:
        ok, fail = rows.get((d["path"], "ok")), rows.get((d["path"], "fail"))
        if not ok or not fail or float(ok["ns_net"]) <= 0:
            continue
        if _bounds(fail)[0] > _bounds(ok)[1]:
            ratios.append((float(fail["ns_net"]) / float(ok["ns_net"]), d["binding"], ok, fail))
    if len(ratios) < 2:
        return []
    ratios.sort(key=lambda x: x[0])
    (least, who_least, *_), (most, who_most, ok, fail) = ratios[0], ratios[-1]
    big = [who for ratio, who, *_ in ratios if ratio >= RAISE_TIMES]
    return [f"A failing call, the kernel's error raised as an exception and caught, costs from "
            f"{least:.1f}x the successful call ({who_least}) to {most:.1f}x ({who_most}: "
            f"{_figure(fail)} against {_figure(ok)})"
            + (f"; {RAISE_TIMES:.0f}x or more on {len(big)} of {len(ratios)} bindings"
               if big else "") + "."]


def _bad_call_sentence(results):
    """How the bindings met the safety matrix's bad calls (counts, exact)."""
    table = [d for d in results.table_or_none("decision.csv") or [] if d.get("bad_raised")]
    if not table:
        return []
    clean = [d["binding"] for d in table if d["bad_silent"] == "0" and d["bad_crashed"] == "0"]
    crashed = [f"{d['binding']} ({d['bad_crashed']})" for d in table if d["bad_crashed"] != "0"]
    silent = sorted(table, key=lambda d: -int(d["bad_silent"]))[0]
    said = (f"{len(clean)} of {len(table)} bindings raised an exception on every bad call of "
            "the safety matrix")
    if int(silent["bad_silent"]):
        said += (f"; the most returned in silence by {silent['binding']} "
                 f"({silent['bad_silent']} calls)")
    if crashed:
        said += "; bad calls killed the process through " + _names(crashed)
    return [said + "."]


def _gil_sentence(results):
    """Where releasing the GIL around the kernel pays, by the n the decision
    table gives (threads.pays_from: ranges apart)."""
    by = {}
    for d in results.table_or_none("decision.csv") or []:
        cell = d.get("release_pays_from_n", "")
        if cell.startswith("n >= ") or cell.startswith(threads.WITHIN_NOISE):
            by.setdefault(cell, []).append(d["binding"])
    if not by:
        return []
    steps = sorted((int(cell[5:]), names) for cell, names in by.items() if cell.startswith("n"))
    parts = [f"from n = {n} doubles summed for {_names(names)}" for n, names in steps]
    noisy = [name for cell, names in by.items() if not cell.startswith("n") for name in names]
    return ["Two threads through the path that releases the GIL make more calls per second "
            "than its GIL-holding twin, even its slowest round against the twin's fastest, "
            + "; ".join(parts)
            + (f"; within noise for {_names(noisy)}" if noisy else "")
            + ". Below that, releasing and taking back the GIL costs more than the "
            "second thread gains."] if parts else []


def _first_call_sentence(results):
    """The dearest first call, where its processes' range is apart from the
    next one's."""
    paths = {d["path"]: d["binding"] for d in results.table_or_none("decision.csv") or []}
    found = sorted(((float(r["first_ns"]), r) for r in results.table_or_none("firstcall.csv") or []
                    if r["path"] in paths and r["first_ns"]), key=lambda x: -x[0])
    if len(found) < 2 or float(found[0][1]["first_ns_min"]) <= float(found[1][1]["first_ns_max"]):
        return []
    (top, first), (second, runner) = found[0], found[1]
    return [f"The first call after the import costs most through {paths[first['path']]}: "
            f"{top / 1000:.0f} µs (every process between {float(first['first_ns_min']) / 1000:.0f} "
            f"and {float(first['first_ns_max']) / 1000:.0f}), against "
            f"{second / 1000:.1f} µs for the next, {paths[runner['path']]}."]


def conclusions(results):
    """The sentences, in the order a reader asks: speed, import, first call,
    errors, bad calls, threads."""
    return [*_speed_sentences(results), *_import_sentence(results),
            *_first_call_sentence(results), *_error_sentence(results),
            *_bad_call_sentence(results), *_gil_sentence(results)]
