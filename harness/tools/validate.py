"""Checks the driver against an independent timer: for each call path of
add_i64, the net time per call measured by the standard library's timeit in
this process (not the driver's), printed beside the driver's own net figure
from SUMMARY_CSV (interp mode), with their ratio.

timeit runs `f(a, b)` (by keyword on the *_kwcall paths) with f, a and b as
locals, as the driver's loop does, and subtracts its own empty statement.  A
disagreement above 15% is flagged, with what explains it where it is known:
the headline figures normally come from the front-end that runs this very
interpreter build, but with FRONTEND=embedded on Debian the driver ran the
shared libpython, a different build from the python3 executable; and results
made on another CPU (model, family/model/stepping, clock, caches) or with
another interpreter than this one cannot be compared with timeit here at all,
which is said first, and on every flagged row.

Usage: python3 -m harness.tools.validate SUMMARY_CSV [PATH,PATH...]
"""

import json
import os
import platform
import statistics
import sys
import timeit

from harness import registry
from harness.pipeline import results_io
from harness.registry import metadata


KERNEL = "add_i64"
TOLERANCE = 0.15


def timeit_net_ns(function, args, keywords=(), repeat=7):
    """Median net ns per call of function(*args) under timeit; with keywords
    (the parameter names), the call passes the arguments by keyword, as the
    path's rows do."""
    names = [f"a{i}" for i in range(len(args))]
    setup = "; ".join([f"{n} = _args[{i}]" for i, n in enumerate(names)] + ["f = _f"])
    scope = {"_f": function, "_args": args}
    passed = [f"{k}={n}" for k, n in zip(keywords, names)] if keywords else names
    call = timeit.Timer(f"f({', '.join(passed)})", setup=setup, globals=scope)
    empty = timeit.Timer("pass", setup=setup, globals=scope)
    number, _ = call.autorange()
    number = max(number, 10000)
    per_call = statistics.median(call.repeat(repeat, number)) / number
    per_empty = statistics.median(empty.repeat(repeat, number)) / number
    return (per_call - per_empty) * 1e9


def results_metadata(summary):
    """metadata.json beside the summary, or {}."""
    try:
        with open(os.path.join(os.path.dirname(summary) or ".", "metadata.json")) as f:
            return json.load(f)
    except (OSError, ValueError):
        return {}


def elsewhere(meta):
    """What differs between the machine and interpreter of the results and
    this one: ['key: theirs vs here', ...]."""
    here = {**metadata.cpu_identity(), "cpu_model": metadata.cpu_model(),
            "cpu_count": str(os.cpu_count()), "python_version": platform.python_version(),
            "python_interpreter": os.path.realpath(sys.executable)}
    theirs = dict(meta)
    theirs["python_interpreter"] = os.path.realpath(
        meta.get("python_interpreter") or meta.get("python_executable") or "?")
    return metadata.differences(theirs, here, (*metadata.CPU_IDENTITY_KEYS,
                                               "python_version", "python_interpreter"))


def explanation(same_build, ratio, other_machine=False):
    """What is known to explain a disagreement, and what is not."""
    if other_machine:
        return ("the results were made on another machine or interpreter (above): "
                "not comparable; run make bench here first")
    if same_build:
        return "not explained: both ran the same libpython; rerun, look at the CV"
    if ratio < 1:
        return ("the driver ran the embedded libpython, this the python3 "
                "executable, a different build (faster on Debian)")
    return ("not explained by the build difference (it would make timeit faster, "
            "not slower); rerun, look at the CV")


def main(argv):
    if len(argv) not in (2, 3):
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    try:
        measured = results_io.net_figures(argv[1], KERNEL)
    except OSError as exc:
        print(f"validate: {argv[1]}: {exc.strerror}: run 'make bench' first",
              file=sys.stderr)
        return 2
    wanted = argv[2].split(",") if len(argv) == 3 else list(registry.CALL_PATHS)
    unknown = [p for p in wanted if p not in registry.CALL_PATHS]
    if unknown:
        print(f"validate: unknown path(s): {', '.join(unknown)}", file=sys.stderr)
        return 2
    meta = results_metadata(argv[1])
    here, theirs = metadata.libpython(), meta.get("python_libpython", "unknown")
    kernel = registry.KERNELS[KERNEL]
    moved = elsewhere(meta) if meta else []
    if moved:
        print(f"validate: warning: {argv[1]} was made on another machine or interpreter "
              f"than this one ({'; '.join(moved)}): timeit here cannot check its figures; "
              "run make bench here, then validate")
    print(f"validate: {KERNEL}, net ns per call; the driver ran libpython {theirs}; "
          f"timeit runs in {sys.executable} (libpython: {here})")
    print("| path | driver (interp) | timeit | timeit / driver | |")
    print("|---|---:|---:|---:|---|")
    flagged = compared = 0
    for name in wanted:
        path = registry.CALL_PATHS[name]
        functions, reason = registry.load_path(path)
        if path.native or reason or KERNEL not in functions or name not in measured:
            why = reason or ("a C loop, not a Python call" if path.native
                             else "not in the summary")
            print(f"| {name} | | | | not compared: {why} |")
            continue
        ours = timeit_net_ns(functions[KERNEL], kernel.bench_args,
                             kernel.arg_names if path.by_keyword else ())
        compared += 1
        ratio = ours / measured[name] if measured[name] > 0 else float("nan")
        note = ""
        if not abs(ratio - 1) <= TOLERANCE:
            flagged += 1
            note = (f"differs by {abs(ratio - 1):.0%}: "
                    f"{explanation(here == theirs, ratio, bool(moved))}")
        print(f"| {name} | {measured[name]:.1f} | {ours:.1f} | {ratio:.2f} | {note} |")
    print(f"validate: {flagged} of {compared} paths compared differ by more than "
          f"{TOLERANCE:.0%}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
