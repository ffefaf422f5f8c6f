"""make mine's results folder: functions.csv (each function, bound or
skipped, and why), bindings.csv (each binding: built or not, its functions,
its glue lines, build time and module size), the generated sources
(sources/<path>/, to copy the fastest binding's glue from), and REPORT.md:
the functions x bindings table of net ns per call, beside the C floor.
"""

import os
import shutil

from harness.mine import build
from harness.pipeline.analyse import stats
from harness.registry import metadata


def _glue_lines(files):
    """Non-blank lines of a binding's generated sources."""
    total = 0
    for name in files:
        with open(os.path.join(build.SOURCES, name)) as f:
            total += sum(1 for line in f if line.strip())
    return total


def write_tables(results, parsed, built, refused, plan):
    functions = [{"function": f.name, "declaration": f.declaration, "status": "bound",
                  "reason": ""} for f in parsed.functions]
    functions += [{"function": s.name, "declaration": "", "status": "skipped",
                   "reason": s.reason} for s in parsed.skipped]
    results.write_table("functions.csv", functions)
    rows = []
    for path, b in built.items():
        reasons = [f"{name}: {why}" for name, why in b.skipped.items()]
        reasons += [f"{name}: {why}" for name, why in refused.get(path, {}).items()]
        rows.append({
            "path": path, "module": b.module,
            "status": "not built" if b.failed else "built",
            "functions": len(b.functions), "timed": len(plan.built.get(path, [])),
            "glue_lines": "" if b.failed else _glue_lines(b.files),
            "build_s": "" if b.failed else f"{b.seconds:.2f}",
            "module_bytes": "" if b.failed else b.size,
            "reason": b.failed or "; ".join(reasons)})
    results.write_table("bindings.csv", rows)


def copy_sources(results, built):
    for path, b in built.items():
        if b.failed:
            continue
        folder = results.file(os.path.join("sources", path))
        os.makedirs(folder, exist_ok=True)
        for name in b.files:
            shutil.copyfile(os.path.join(build.SOURCES, name), os.path.join(folder, name))


def _cell(row):
    if not row or row["skipped"] or row["ns_net"] == "":
        return "–"
    return f"{float(row['ns_net']):.1f}"


def table(summary, functions, paths):
    """The functions x bindings table: net ns per call, interp mode (the
    floor: native), a row per function and buffer length."""
    found = {(r["kernel"], r["path"], r["arg"]): r for r in summary
             if r["path"] != "baseline"}
    keys = sorted({(r["kernel"], r["arg"]) for r in summary if r["kernel"] in functions},
                  key=lambda k: (functions.index(k[0]), int(k[1] or 0)))
    lines = ["| function | " + " | ".join(f"`{p}`" for p in paths) + " |",
             "|---|" + "---:|" * len(paths)]
    for function, arg in keys:
        label = f"`{function}`" + (f" (n={arg})" if arg else "")
        lines.append(f"| {label} | " + " | ".join(_cell(found.get((function, p, arg)))
                                                  for p in paths) + " |")
    return "\n".join(lines)


def write(results, plan):
    meta = results.metadata
    summary = results.table("summary.csv")
    bindings = results.table("bindings.csv")
    functions = [r["function"] for r in results.table("functions.csv") if r["status"] == "bound"]
    paths = [b["path"] for b in bindings if b["status"] == "built" and int(b["timed"] or 0)]
    lines = [f"# Your functions through every binding: {os.path.basename(plan.header)}", "",
             f"Made by `make mine` on {metadata.cpu_short(meta)}, Python "
             f"{meta.get('python_version', '?')} ({meta.get('driver_frontend', '?')} front-end), "
             f"commit {meta.get('git_commit', '?')[:12]}"
             + (", QUICK (a rough pass)" if plan.quick else "") + ".", "",
             f"Net time per call in ns ({stats.SHORT[stats.HEADLINE]} of every value, minus "
             "the empty loop's), the call written in a Python loop (interp mode); `c.direct` "
             "is the C floor: the function called from a C loop.  – : not timed (the reasons "
             "are below).  summary.csv has each figure's 95% interval.", "",
             table(summary, functions, paths), ""]
    for warning in meta.get("warnings", []):
        lines += [f"**Warning:** {warning}", ""]
    lines += ["## The bindings", "",
              "| binding | module | functions timed | glue lines | build s | module bytes |",
              "|---|---|---:|---:|---:|---:|"]
    for b in bindings:
        if b["status"] == "built":
            lines.append(f"| `{b['path']}` | `{b['module']}` | {b['timed']} of "
                         f"{len(functions)} | {b['glue_lines']} | {b['build_s']} | "
                         f"{b['module_bytes']} |")
    lines += ["", "Glue lines: the non-blank lines of the generated sources (sources/<binding>/),"
              " which you can copy.  Build s: generating and compiling the module, from its "
              "sources, over the one object of yours.", ""]
    notes = [f"- `{b['path']}`: {'not built: ' if b['status'] != 'built' else ''}{b['reason']}"
             for b in bindings if b["reason"]]
    skipped = [f"- {r['reason']}" for r in results.table("functions.csv")
               if r["status"] == "skipped"]
    if notes or skipped:
        lines += ["## What was left out, and why", ""] + skipped + notes + [""]
    lines += ["## The charts", ""]
    for function in functions:
        if results.has(f"charts/{function}.svg"):
            lines.append(f"- [{function}](charts/{function}.svg)")
    lines += ["", "## Environment", "",
              f"- header: `{plan.header}`; "
              + (f"library: `{plan.library}`" if plan.library else
                 "sources: " + ", ".join(f"`{s}`" for s in plan.sources)),
              f"- strings passed as `{plan.strings}`; buffer lengths timed: "
              + ", ".join(map(str, sorted({int(r['arg']) for r in summary if r['arg'].isdigit()})))
              + ("" if any(r["arg"].isdigit() for r in summary) else "none"),
              f"- compiler: {meta.get('build_cc_version', '?')}; flags: the project's, per "
              "binding (build/build-info.txt), the user's object with the kernel object's",
              f"- interpreter: {meta.get('python_interpreter') or meta.get('python_executable')}",
              f"- the whole run: {meta.get('bench_wall_seconds', '?')} s", ""]
    results.write_text("REPORT.md", "\n".join(lines))
