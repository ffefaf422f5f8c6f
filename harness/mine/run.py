"""make mine: the user's functions through every binding, checked, timed and
published, in steps that each take the Plan (plan.py):

  parse     the header's prototypes (header.py): what each binding can
            express, and a one-line reason for each function it cannot
  build     the user's sources into one object (or LIB=), every binding's
            generated glue built over it (generate.py, build.py)
  check     every binding called with the same arguments: equal results,
            and a wrong-type argument refused (check.py)
  measure   the driver times what passed (protocol.py), with make bench's
            workers, estimator and intervals (harness/pipeline/bench.py)
  publish   summary.csv, functions.csv, bindings.csv, a chart per function,
            the generated sources (sources/), REPORT.md (report.py)

Everything goes to RESULTS.part/ first and is published into RESULTS
(default results/mine) when every step has finished, as for make bench.

Usage: make mine HEADER=lib.h SOURCES="a.c b.c" [FUNCS=...] [RESULTS=...] [QUICK=1]
       (python3 -m harness.mine.run reads the same knobs from the environment)
"""

import dataclasses
import os
import shutil
import signal
import sys
import time

from harness.mine import (arguments, build, check, generate, header, plan as plans, protocol,
                          report)
from harness.pipeline import bench, config
from harness.pipeline.publish import charts, plotdata


class Stop(Exception):
    """make mine cannot go on; the message says why and what to do."""


def parse(plan):
    try:
        parsed = plan.parsed()
    except header.HeaderError as exc:
        raise Stop(str(exc)) from None
    print(f"== {os.path.basename(plan.header)}: {len(parsed.functions)} functions to bind"
          + (f", {len(parsed.skipped)} skipped" if parsed.skipped else "") + " ==", flush=True)
    for skipped in parsed.skipped:
        print(f"  skipped {skipped.reason}")
    if not parsed.functions:
        raise Stop(f"no function of {plan.header} can be bound "
                   + ("(see the reasons above)" if parsed.skipped else "(it declares none)"))
    try:        # ARGS= checked before anything is built
        spec = arguments.load_spec(plan.args)
        unknown = sorted(set(spec) - {f.name for f in parsed.functions})
        if unknown:
            raise ValueError(f"{', '.join(unknown)}: not among the functions bound "
                             f"({', '.join(f.name for f in parsed.functions)})")
        for function in parsed.functions:
            arguments.check_sets(function, plan.strings, spec)
    except (OSError, ValueError) as exc:
        raise Stop(f"ARGS={plan.args}: {exc}") from None
    return parsed


def build_all(plan, parsed):
    """{path: Built} over one object of the user's sources (or LIB=)."""
    info = build.build_info()
    if os.path.isdir(build.MINE_BUILD):
        shutil.rmtree(build.MINE_BUILD)     # no module of an earlier header left
    try:
        if plan.library:
            build.prebuilt(plan.library)
        else:
            build.compile_sources(plan.sources, plan.includes or (os.path.dirname(plan.header),),
                                  info)
    except build.BuildError as exc:
        raise Stop(str(exc)) from None
    print(f"== building {len(generate.BINDINGS)} bindings over "
          f"{'LIB=' + plan.library if plan.library else 'one object of SOURCES'} ==",
          flush=True)
    built = {}
    for binding in generate.BINDINGS.values():
        built[binding.path] = result = build.build_binding(
            binding, parsed.functions, plan.header, plan.strings, info,
            object_links=not plan.library, say=lambda text: print(text, flush=True))
        print(f"  {binding.path}: " + (f"not built: {result.failed}" if result.failed else
                                       f"{len(result.functions)} functions, "
                                       f"{result.seconds:.1f} s"), flush=True)
    if not any(b.functions for path, b in built.items() if path != generate.FLOOR):
        raise Stop("no binding could be built; the reasons are above")
    return built


def with_built(plan, built, refused=None):
    """The plan with what each binding has (less what the check refused)."""
    refused = refused or {}
    return dataclasses.replace(
        plan,
        built={path: [f for f in b.functions if f not in refused.get(path, {})]
               for path, b in built.items() if not b.failed},
        modules={path: generate.BINDINGS[path].module for path, b in built.items()
                 if not b.failed})


def run(plan):
    started, seconds = time.monotonic(), {}
    parsed = parse(plan)
    start = time.monotonic()
    built = build_all(plan, parsed)
    seconds["build"] = time.monotonic() - start
    plan = with_built(plan, built)
    plan.save(protocol.PLAN)
    print("== checking: the same results from every binding, a wrong type refused ==",
          flush=True)
    start = time.monotonic()
    refused = check.check(plan, protocol.PLAN, say=lambda text: print(text, flush=True))
    seconds["check"] = time.monotonic() - start
    plan = with_built(plan, built, refused)
    plan.save(protocol.PLAN)
    if not any(names for path, names in plan.built.items() if path != generate.FLOOR):
        raise Stop("no binding passed the check; the reasons are above")
    cfg = config.from_knobs({"QUICK": "1" if plan.quick else "", "V": "1" if plan.verbose
                             else "", "RESULTS": plan.results})
    try:
        with bench.working_folder(plan.results) as results:
            timings = {}
            bench.time_rows(cfg, results, timings, protocol=(f"--protocol={protocol.__name__}",))
            seconds["measure"] = timings["measure"]
            start = time.monotonic()
            results.record(mine_plan=dataclasses.asdict(plan))
            report.write_tables(results, parsed, built, refused, plan)
            report.copy_sources(results, built)
            not_drawn = {}
            for function in sorted({r["kernel"] for r in results.table("summary.csv")}
                                   - {"empty"}):
                rows, context = results.table("summary.csv"), results.metadata
                problem = charts.render(results, f"charts/{function}", lambda out: (
                    plotdata.function_chart(rows, context, function, out)))
                if problem:
                    not_drawn[function] = problem
            results.record(charts_not_drawn=not_drawn)
            seconds["publish"] = time.monotonic() - start
            results.record(mine_seconds={k: round(x, 1) for k, x in seconds.items()},
                           bench_wall_seconds=round(time.monotonic() - started, 1))
            report.write(results, plan)
    except (bench.Stop, RuntimeError) as exc:
        raise Stop(str(exc)) from None
    wall = round(time.monotonic() - started)
    print(f"results in {plan.results}/ ({results.moved} files, {wall // 60}:{wall % 60:02d} "
          f"min:s): open {plan.results}/REPORT.md")


def _raise_interrupted(signum, frame):
    raise KeyboardInterrupt()


def main():
    signal.signal(signal.SIGTERM, _raise_interrupted)
    try:
        plan = plans.from_environ()
    except plans.PlanError as exc:
        print(f"make mine: {exc}", file=sys.stderr)
        return 1
    try:
        run(plan)
    except KeyboardInterrupt:
        print(f"\nmake mine: interrupted; {plan.results}/ keeps the previous run",
              file=sys.stderr)
        return 130
    except (Stop, bench.Stop) as exc:
        print(f"make mine: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
