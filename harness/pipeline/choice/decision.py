"""The decision table: one row per binding (and tool version) of
harness/registry/bindings.py, with what this run measured of it on every
dimension of the choice, and what the registry records of it.

  python3 -m harness.pipeline.choice.decision RESULTS   -> RESULTS/decision.csv, decision.md

It reads the run's files: summary.csv (net ns of noop and add_i64, interp
mode, and of the objects workload's construct + free and method call, and of
a float64 NumPy array of one element passed in, ndarray_sum at n = 1),
derived.csv (the cost of one more int64 argument), import.csv,
firstcall.csv, ownership.csv, safety.csv, threads.csv.  A figure a file does
not have (a filtered or QUICK run, a stage that did not run) is left empty,
and decision.md names the files that were missing.  REPORT.md and the
README show the same table (table_lines).
"""

import sys

from harness import registry
from harness.registry import metadata
from harness.pipeline import stage_cli
from harness.pipeline.analyse import stats
from harness.pipeline.choice import threads

# The bad-call outcomes counted per binding, in the order shown.
OUTCOMES = ("raised", "silent", "crashed")


def _read(results, name, missing):
    rows = results.table_or_none(name)
    if rows is None:
        missing.append(name)
    return rows or []


def _fmt(value, digits=1):
    return "" if value in (None, "") else f"{float(value):.{digits}f}"


def pays_from_text(binding, threads_rows):
    """The n from which releasing the GIL pays, as the table says it."""
    if not binding.releasing:
        return binding.no_threads or "no GIL-releasing path"
    if not binding.holding:
        return "always released (no GIL-holding twin)"
    measured = {r["path"] for r in threads_rows}
    if binding.releasing not in measured or binding.holding not in measured:
        return ""
    n, otherwise = threads.pays_from(threads_rows, binding.releasing, binding.holding)
    if n is not None:
        return f"n >= {n}"
    return ("within noise up to the largest n" if otherwise == threads.WITHIN_NOISE
            else "never, up to the largest n")


def rows(results):
    """(the table's rows, the files that were missing)."""
    missing = []
    summary = _read(results, "summary.csv", missing)
    plain = {(r["kernel"], r["path"]): r for r in summary
             if r["mode"] == "interp" and not r["arg"] and not r["skipped"]}
    plain.update({("ndarray_in", r["path"]): r for r in summary
                  if r["kernel"] == "ndarray_sum" and r["arg"] == "1"
                  and r["mode"] == "interp" and not r["skipped"]})
    net = {key: r["ns_net"] for key, r in plain.items()}
    per_argument = {d["path"]: d["value"] for d in _read(results, "derived.csv", missing)
                    if d["figure"] == "args.per_argument" and d["mode"] == "interp"}
    imports = {}
    for r in _read(results, "import.csv", missing):
        for path in r["paths"].split():
            imports[path] = r
    first = {r["path"]: r for r in _read(results, "firstcall.csv", missing)}
    owned = {r["binding"]: r for r in _read(results, "ownership.csv", missing)}
    safety = _read(results, "safety.csv", missing)
    threads_rows = _read(results, "threads.csv", missing)
    table = []
    for binding in registry.BINDINGS:
        path = binding.path
        if (("add_i64", path) not in net and path not in first
                and binding.name not in owned):
            continue                # not in this build, or not measured in this run
        counts = {o: sum(r["outcome"] == o for r in safety if r["path"] == path)
                  for o in OUTCOMES}
        own = owned.get(binding.name, {})
        imported = imports.get(path) or {}
        objects = binding.objects_path or path
        rows_of = {"noop_ns": ("noop", path), "add_i64_ns": ("add_i64", path),
                   "construct_ns": ("point_new", objects), "method_ns": ("point_sum", objects),
                   "ndarray_in_ns": ("ndarray_in", path)}
        marks = " ".join(f"{column}={stats.noise_mark(plain[key])}"
                         for column, key in rows_of.items()
                         if key in plain and stats.noise_mark(plain[key]))
        table.append({
            "binding": binding.name, "path": path,
            "noop_ns": _fmt(net.get(("noop", path))),
            "add_i64_ns": _fmt(net.get(("add_i64", path))),
            "per_argument_ns": _fmt(per_argument.get(path)),
            "construct_ns": _fmt(net.get(("point_new", objects))),
            "method_ns": _fmt(net.get(("point_sum", objects))),
            "ndarray_in_ns": _fmt(net.get(("ndarray_in", path))), "marks": marks,
            "import_ms": _fmt(imported.get("ms_net"), 2),
            "import_resolved": imported.get("resolved", ""),
            "first_call_ns": _fmt(first[path]["first_ns"], 0) if path in first else "",
            "build_s": ("none (run time)" if own and not own["modules"]
                        else _fmt(own.get("build_s"))),
            "module_kb": ("none" if own and not own["modules"]
                          else _fmt(own.get("module_kb_stripped"), 0)),
            "glue_lines_per_kernel": _fmt(own.get("glue_lines_per_kernel")),
            **{f"bad_{o}": (str(counts[o]) if safety else "") for o in OUTCOMES},
            "errors": binding.errors, "loading": binding.loading,
            "gil_by_default": binding.gil_by_default,
            "release_pays_from_n": pays_from_text(binding, threads_rows)})
    return table, missing


# The compact table (REPORT.md, README.md): (column, header).
COMPACT = (("binding", "binding (path)"), ("add_i64_ns", "add_i64 (ns)"),
           ("noop_ns", "noop (ns)"), ("per_argument_ns", "+1 int arg (ns)"),
           ("construct_ns", "construct + free (ns)"), ("method_ns", "method `p.sum()` (ns)"),
           ("ndarray_in_ns", "ndarray in, n=1 (ns)"), ("import_ms", "import (ms)"), ("first_call_ns", "first call (ns)"),
           ("build_s", "build (s)"), ("module_kb", "module (KB)"),
           ("glue_lines_per_kernel", "glue lines / kernel"),
           ("bad", "bad calls: raised / silent / crashed"),
           ("release_pays_from_n", "releasing the GIL pays from"))


def marks_of(row):
    """{column: its noise mark} of a decision.csv row (its `marks` cell)."""
    return dict(word.split("=", 1) for word in (row.get("marks") or "").split())


def import_cell(row):
    """A binding's import cost as every table shows it: ms, or "within noise"
    when its interval holds 0 (a figure like -0.0 would read as a cost),
    "no cost" when it lies below the bare start-up."""
    if not row.get("import_ms"):
        return ""
    if row["import_resolved"] == "yes":
        return f"{float(row['import_ms']):.1f}"
    return "no cost (below the bare start-up)" if row["import_resolved"] == "below zero" \
        else "within noise"


def table_lines(table):
    """The compact decision table in Markdown, the noisy figures marked
    (stats.noise_mark) and the marks explained below it."""
    lines = ["| " + " | ".join(h for _, h in COMPACT) + " |",
             "|---|" + "---:|" * (len(COMPACT) - 2) + "---|"]
    marked = False
    for r in table:
        cells = []
        marks = marks_of(r)
        marked = marked or bool(marks)
        for column, _ in COMPACT:
            if column == "binding":
                cells.append(f"{r['binding']} (`{r['path']}`)")
            elif column == "import_ms":
                cells.append(import_cell(r))
            elif column == "bad":
                cells.append(" / ".join(r[f"bad_{o}"] for o in OUTCOMES)
                             if r["bad_raised"] else "")
            else:       # a run made before a column was added has none
                cells.append(r.get(column, "") + (marks.get(column, "") if r.get(column) else ""))
        lines.append("| " + " | ".join(cells) + " |")
    return lines + (["", stats.MARKS_LEGEND + "."] if marked else [])


def silent_and_crashed(results):
    """Lines naming, per path, the bad calls that did not raise."""
    safety = _read(results, "safety.csv", [])
    by = {}
    for r in safety:
        if r["outcome"] in ("silent", "crashed", "hung"):
            by.setdefault(r["path"], {}).setdefault((r["outcome"], r["kind"]), []).append(r)
    lines = []
    for path, kinds in by.items():
        parts = []
        for (outcome, kind), found in kinds.items():
            example = found[0]
            parts.append(f"{kind} {outcome} in {len(found)} call(s), e.g. `{example['call']}` "
                         f"-> {example['detail']}")
        lines.append(f"- `{path}`: " + "; ".join(parts))
    return lines


def provenance(results):
    """The run the table comes from, in one sentence: machine, interpreter,
    commit, date."""
    try:
        meta = results.metadata
    except (OSError, ValueError):
        return ""
    return (f"Measured on {metadata.cpu_short(meta)}, in Python "
            f"{meta.get('python_version', '?')}, at commit {meta.get('git_commit', '?')[:12]}, "
            f"{meta.get('date', '?')[:10]}.")


def markdown(results, table, missing, meta_line=""):
    lines = ["# Which binding? The decision table", "",
             "Generated by `make bench` (harness/pipeline/choice/decision.py) from the files of "
             "this folder; do not edit." + (f" {meta_line}" if meta_line else ""), ""]
    if missing:
        lines += [f"Not in this run: {', '.join(missing)} (their columns are empty).", ""]
    lines += table_lines(table)
    lines += ["", "Columns: net ns per call in the interpreter loop ("
              f"{stats.SHORT[stats.HEADLINE]} of the values minus the empty "
              "loop's, summary.csv); `+1 int arg`: the least-squares cost of one more int64 "
              "argument (derived.csv, the paths timed on the argument series); `construct + "
              "free`, `method`: an instance over the C struct made and dropped, `p.sum()` "
              "(the path of the binding's class); `ndarray in, n=1`: a float64 NumPy array of "
              "one element passed in (ndarray_sum; empty where the binding has no NumPy "
              "functions: coverage.csv says why); `import`: "
              "the module's import cost, net of a bare start-up (import.csv); `first call`: "
              "the first call after the import in a fresh process, median over processes "
              "(firstcall.csv; steady calls are timed there the same way); `build`: the "
              "module built from clean alone, -j1, net of make's own start (ownership.csv); "
              "`module`: its size stripped; `glue lines / kernel`: the code lines of the "
              "binding's sources over the kernels it binds (the C API's sources serve nine "
              "conventions and two modules); `bad calls`: what the path did on every bad call "
              "of the safety matrix (safety.csv); `releasing the GIL pays from`: the buffer "
              "length n from which 2 threads through the GIL-releasing path make more calls "
              "per second than its GIL-holding twin can, even the slowest of their rounds "
              "against the twin's fastest (threads.csv's min and max over every round of "
              "every process; threads.png).", ""]
    lines += ["## Errors, loading, the GIL, and what a build needs", ""]
    owned = {r["binding"]: r for r in _read(results, "ownership.csv", [])}
    raise_cost = {d["path"]: d["value"] for d in _read(results, "derived.csv", [])
                  if d["figure"] == "errors.raise_over_ok" and d["mode"] == "interp"}
    traceback = {r["path"]: r["traceback"] for r in _read(results, "safety.csv", [])
                 if r["kind"] == "callback_raises"}
    lines += ["`error glue`: the code lines of the definition that turns the error code into "
              "an exception (ownership.csv); `a raised error costs`: a failing call's net "
              "time minus a succeeding one's, the ValueError raised and caught (derived.csv, "
              "errors.raise_over_ok; only the paths timed on the error workload); `callback's exception`: "
              "whether an exception raised in a Python callback came back through the C "
              "kernel with its type and the callback's frame in its traceback (safety.csv).",
              "", "| binding | a C error code reaches Python | error glue (lines) | a raised "
              "error costs (ns) | callback's exception | loaded at | GIL by default | the build needs |",
              "|---|---|---:|---:|---|---|---|---|"]
    by_name = {b.name: b for b in registry.BINDINGS}
    for r in table:
        binding, path = by_name[r["binding"]], r["path"]
        glue = owned.get(r["binding"], {}).get("error_glue_lines", "")
        kept = {"kept": "type and traceback kept",
                "lost": "type kept, traceback lost"}.get(traceback.get(path), "")
        lines.append(f"| {r['binding']} | {r['errors']} | {glue} | "
                     f"{_fmt(raise_cost.get(path))} | {kept} | {r['loading']} | "
                     f"{r['gil_by_default']} | {binding.build_needs} |")
    lines += ["", "## Bad calls that did not raise", ""]
    lines += silent_and_crashed(results) or ["none"]
    return "\n".join(lines) + "\n"


def write(results):
    """RESULTS' measurements -> RESULTS/decision.csv and decision.md."""
    table, missing = rows(results)
    results.write_table("decision.csv", table)
    results.write_text("decision.md", markdown(results, table, missing, provenance(results)))
    print(f"  decision: {len(table)} bindings -> {results.path}/decision.md, decision.csv"
          + (f" (not in this run: {', '.join(missing)})" if missing else ""))


def main(argv=None):
    args = stage_cli.parse(argv, __spec__.name, __doc__, "RESULTS")
    return stage_cli.run_folder("decision", args.results, write)


if __name__ == "__main__":
    sys.exit(main())
