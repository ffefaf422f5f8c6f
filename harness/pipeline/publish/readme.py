"""The generated parts of README.md and docs/*.md, from the reference run
(results/reference/): the text between `<!-- begin generated: NAME -->` and
`<!-- end generated: NAME -->` is rewritten from the run's files, never typed.

  answer     the answer first: where the reference was made, the summary per
             binding with its footnotes, and the conclusions (answer.py)
  run        how the reference run was made: command, commit, interpreter,
             CPU, and how long make bench took (and QUICK=1, from
             quick_metadata.json, the metadata of the QUICK run that make
             reference makes beside it)
  headline   the table of net ns per path (report.py --headline)
  decision   the decision table, one row per binding (decision.csv)
  frontends  the two front-ends side by side (frontends.csv)
  validate   make validate's table (validate.md, which make reference keeps)
             and the end-to-end figures beside the driver's (e2e.csv)
  release_steps  each release where a binding tool's call changed by more
             than 5 %, and why (releases/steps.csv, which make releases
             RESULTS=results/reference/releases makes; harness/releases/causes.py)
  knobs      every knob of the Makefile (config.KNOBS; not from the run)

  python3 -m harness.pipeline.publish.readme [RESULTS]           rewrites the documents
  python3 -m harness.pipeline.publish.readme [RESULTS] --check   exits 1, naming the
                                     stale parts, when a document differs
"""

import os
import re
import sys

import harness
from harness.pipeline import config, results_io, stage_cli
from harness.pipeline.choice import decision
from harness.pipeline.publish import answer, report
from harness.registry import metadata
from harness.registry import vocabulary as v


DOCUMENTS = [os.path.join(harness.ROOT, name) for name in
             ("README.md", "docs/USAGE.md", "docs/METHODOLOGY.md")]
REFERENCE = os.path.join(harness.ROOT, "results", "reference")
QUICK_METADATA = "quick_metadata.json"
BLOCK = re.compile(r"(<!-- begin generated: (\w+) -->\n)(.*?)(<!-- end generated: \2 -->)",
                   re.S)


def _minutes(seconds):
    seconds = round(float(seconds))
    return f"{seconds // 60} min {seconds % 60:02d} s" if seconds >= 60 else f"{seconds} s"


def run_section(results):
    meta, quick = results.metadata, {}
    try:
        quick = results.document(QUICK_METADATA)
    except OSError:
        pass
    taken = meta.get("bench_seconds", {})
    stages = ", ".join(f"{stage} {_minutes(taken[stage])}" for stage in v.BENCH_STAGES
                       if stage in taken)
    wall = meta.get("bench_wall_seconds")
    text = (f"Made with `make reference` (that is `make bench RESULTS=results/reference`, "
            f"then a `make bench QUICK=1` whose time is quoted) from commit "
            f"{meta.get('git_commit', '?')[:7]}"
            f"{' with uncommitted changes' if meta.get('git_dirty') == 'yes' else ''}, "
            f"on {meta.get('date', '?')[:10]}, in `{meta.get('python_interpreter', '?')}` "
            f"{meta.get('python_version', '?')} ({meta.get('driver_frontend', '?')} "
            f"front-end), on {metadata.cpu_short(meta)}, {meta.get('cpu_count', '?')} CPUs, "
            f"{meta.get('kernel', '?')}. ")
    cpu, workers = meta.get("ffb_cpu"), meta.get("ffb_workers") or []
    if cpu:
        text += (f"Each row was timed in {report.processes_clause(workers)} on "
                 + ("no pinned CPU" if cpu["cpu"] is None else f"CPU {cpu['cpu']}")
                 + f", {cpu['how']}. ")
    if wall:
        text += f"The full `make bench` took {_minutes(wall)} ({stages})"
        if quick.get("bench_wall_seconds"):
            text += f"; `make bench QUICK=1` took {_minutes(quick['bench_wall_seconds'])}"
            # QUICK's settings can change without what the full run measures:
            # its time is then refreshed alone, and says from which commit.
            if quick.get("git_commit", meta.get("git_commit")) != meta.get("git_commit"):
                text += f" (at commit {quick['git_commit'][:7]})"
        text += ". "
    warnings = meta.get("warnings", [])
    if warnings:
        text += "Its warnings: " + "; ".join(warnings) + "."
    return text + "\n"


def answer_section(results):
    """README's first table: the summary of the reference, where it was made,
    and what its figures say."""
    meta = results.metadata
    said = answer.conclusions(results)
    return "\n".join([
        f"Made on {metadata.cpu_short(meta)}, in `{meta.get('python_interpreter', '?')}` "
        f"{meta.get('python_version', '?')}, at commit {meta.get('git_commit', '?')[:7]} on "
        f"{meta.get('date', '?')[:10]} ([how](#the-reference-run)).", "",
        *answer.summary_lines(results), "", "**What the figures say** (each sentence is "
        "written only where the intervals support it):", "",
        *(f"- {sentence}" for sentence in said)]) + "\n"


def validate_section(results):
    parts = []
    try:
        with open(results.file("validate.md")) as f:
            lines = f.read().rstrip().splitlines()
        # validate's sentences as paragraphs, apart from its tables; its
        # "### kernel" headings as bold lines (the documents own the headings)
        parts.append("".join((f"**{line[4:]}**" if line.startswith("### ") else line)
                             + ("\n" if line.startswith("|") else "\n\n")
                             for line in lines if line.strip()).rstrip() + "\n")
    except OSError:
        parts.append("(no validate.md in the reference run)\n")
    e2e = results.table_or_none("e2e.csv")
    if e2e:
        parts.append("\n".join(report.table(
            [{"path": r["path"], "e2e": report.number(r["ns_per_call"]),
              "driver": report.number(r["driver_ns_net"]),
              "ratio": report.number(r["e2e_over_driver"], 2)} for r in e2e],
            ("path", "e2e", "driver", "ratio"),
            ("path", "add_i64 end to end (ns)", "driver (ns)", "end to end / driver"))) + "\n")
    return "\n".join(parts)


def decision_section(results):
    chosen = results.table_or_none("decision.csv")
    if not chosen:
        return "(no decision.csv in the reference run)\n"
    return "\n".join(decision.table_lines(chosen)) + "\n"


def release_step_lines(steps):
    """One line per pair of releases of steps.csv (make releases writes it in
    release order: harness/releases/report.py): the rows that moved, their
    net instructions per call before and after, and the upstream change that
    explains the step (its `cause`).  REPORT.md's and METHODOLOGY's."""
    pairs = {}
    for step in steps:
        pairs.setdefault((step["tool"], step["before"], step["after"]), []).append(step)
    return [f"- {tool} {before} → {after}: " + "; ".join(
                f"{'/'.join(filter(None, (s['kernel'], s['arg'])))} ({s['path']}) "
                f"{s['instructions_before']} → {s['instructions_after']} ({s['change_pct']} %)"
                for s in moved) + f". {moved[0]['cause']}"
            for (tool, before, after), moved in pairs.items()]


def release_steps_section(results):
    found = results.sub("releases").table_or_none("steps.csv")
    if found is None:
        return ("(no releases/steps.csv in the reference run: "
                "make releases RESULTS=results/reference/releases)\n")
    return "\n".join(release_step_lines(found) or ["- none"]) + "\n"


def sections(results):
    """Every generated block's text, from `results` (a ResultsFolder)."""
    frontends = results.table_or_none("frontends.csv")
    return {
        "answer": answer_section(results),
        "run": run_section(results),
        "headline": report.headline(results),
        "decision": decision_section(results),
        "frontends": ("\n".join(report.frontends_table(frontends)) + "\n"
                      if frontends else "(no frontends.csv in the reference run)\n"),
        "validate": validate_section(results),
        "release_steps": release_steps_section(results),
        "knobs": config.markdown_table(),
    }


def render(text, generated):
    """text with every generated block replaced; unknown block names are an
    error."""
    def replace(match):
        name = match.group(2)
        if name not in generated:
            raise KeyError(f"README.md has a generated block '{name}' that readme.py "
                           "does not know")
        return match.group(1) + generated[name] + match.group(4)
    return BLOCK.sub(replace, text)


def stale(text, generated):
    return [m.group(2) for m in BLOCK.finditer(text)
            if m.group(3) != generated.get(m.group(2), m.group(3))]


def main(argv=None):
    parser = stage_cli.command_line(__spec__.name, __doc__)
    parser.add_argument("results", metavar="RESULTS", nargs="?", default=REFERENCE)
    parser.add_argument("--check", action="store_true",
                        help="exit 1, naming the stale parts, when a document differs")
    args = parser.parse_args(argv)
    results = args.results
    try:
        generated = sections(results_io.ResultsFolder(results))
    except OSError as exc:
        print(f"readme: {exc.filename}: {exc.strerror}: make reference first", file=sys.stderr)
        return 1
    stale_parts = []
    for document in DOCUMENTS:
        with open(document) as f:
            text = f.read()
        name = os.path.relpath(document, harness.ROOT)
        if args.check:
            stale_parts += [f"{name}: {part}" for part in stale(text, generated)]
        else:
            results_io.write_text(render(text, generated), document)
    if stale_parts:
        print(f"readme: stale against {results}: {', '.join(stale_parts)}; "
              "run 'make readme'", file=sys.stderr)
        return 1
    if not args.check:
        print(f"readme: the generated parts of {len(DOCUMENTS)} documents from {results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
