"""Checks the driver against two independent timers: for each call path, on
noop and add_i64, the net time per call measured by the standard library's
timeit in this process, and by pyperf (the project's pinned copy in
build/venv: its Runner with its default worker processes, timing the very
loops the driver's interp rows run; harness/tools/pyperf_rows.py), printed
beside the driver's own net figure from SUMMARY_CSV (interp mode, with its
95% interval), with their ratios; all on the CPU the results were measured
on (pin_like).  --pyperf-args (make's PYPERF_ARGS: pyperf options, e.g.
--processes=4) changes pyperf's defaults; without build/venv pyperf's column
says why it is empty.

timeit runs `f(a, b)` (by keyword on the *_kwcall paths) with f, a and b as
locals, as the driver's loop does, and subtracts its own empty statement.  A
disagreement above 15% is flagged, with what explains it where it is known:
the headline figures normally come from the front-end that runs this very
interpreter build, but with FRONTEND=embedded on Debian the driver ran the
shared libpython, a different build from the python3 executable; and results
made on another CPU (model, family/model/stepping, clock, caches) or with
another interpreter than this one cannot be compared with timeit here at all,
which is said first, and on every flagged row.

Usage: python3 -m harness.tools.validate SUMMARY_CSV [PATH,PATH...] [--pyperf-args=ARGS]
"""

import json
import os
import platform
import shlex
import statistics
import subprocess
import sys
import tempfile
import timeit

import harness
from harness import registry
from harness.pipeline import results_io, stage_cli
from harness.pipeline.measure import calibrate
from harness.registry import metadata


KERNELS = ("noop", "add_i64")
TOLERANCE = 0.15
VENV_PYTHON = os.path.join(harness.VENV, "bin", "python")
INHERITED = ("LD_PRELOAD", "PYTHONMALLOC", "ASAN_OPTIONS", "UBSAN_OPTIONS",
             "FFIBENCH_SANITIZER")


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
        return results_io.ResultsFolder(os.path.dirname(summary) or ".").metadata
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


def pyperf_missing():
    """Why pyperf cannot be run from build/venv, or ""."""
    if os.path.exists(os.path.join(harness.VENV, ".installed")):
        return ""
    try:
        with open(os.path.join(harness.BUILD, "venv.failed")) as f:
            return f"build/venv: {f.read().strip()}"
    except OSError:
        return "pyperf is not installed: run 'make venv'"


def pyperf_net_ns(rows, args=(), progress=True):
    """({row: net ns}, {row: CV %}) by pyperf (harness/tools/pyperf_rows.py,
    with pyperf options args) for the interp rows named, its figure of the
    empty loop subtracted; pyperf's progress on stderr, or none.  A
    RuntimeError when pyperf fails."""
    empty = f"{registry.BASELINE_KERNEL}/{registry.BASELINE_PATH}/interp"
    # pyperf's workers get a clean environment: the variables a sanitizer
    # build needs to load its modules (make test SANITIZER=...) are passed on
    inherit = [name for name in INHERITED if name in os.environ]
    with tempfile.TemporaryDirectory() as folder:
        out = os.path.join(folder, "pyperf.json")
        done = subprocess.run([VENV_PYTHON, "-m", "harness.tools.pyperf_rows",
                               f"--rows={','.join([empty, *rows])}", "-o", out,
                               *([f"--inherit-environ={','.join(inherit)}"] if inherit else []),
                               *args],
                              cwd=harness.ROOT,
                              stdout=sys.stderr if progress else subprocess.DEVNULL)
        if done.returncode != 0:
            raise RuntimeError(f"pyperf failed (exit {done.returncode})")
        with open(out) as f:
            suite = json.load(f)
    values = {b["metadata"]["name"]: [x for run in b["runs"] for x in run.get("values", [])]
              for b in suite["benchmarks"]}
    base = statistics.median(values[empty])
    net = {name: (statistics.median(found) - base) * 1e9
           for name, found in values.items() if name != empty}
    spread = {name: statistics.stdev(found) / statistics.fmean(found) * 100
              for name, found in values.items() if len(found) > 1}
    return net, spread


def pin_like(meta):
    """Runs this process, and so timeit and pyperf's processes (they inherit
    it), on the CPU the results were measured on, when there was one and it
    is allowed here: an unpinned process migrates between CPUs and meets the
    slower one, which the driver avoided.  Says what it did."""
    cpu, said = calibrate.results_cpu(meta)
    if cpu is not None and not harness.pin_to_cpu(cpu):
        return f"not pinned ({sys.implementation.name} cannot set its own CPU affinity)"
    return said


def main(argv=None):
    parser = stage_cli.command_line(__spec__.name, __doc__)
    parser.add_argument("summary", metavar="SUMMARY_CSV")
    parser.add_argument("paths", metavar="PATH,PATH...", nargs="?", default="",
                        help="only these call paths (default: every one)")
    parser.add_argument("--pyperf-args", default="",
                        help="pyperf's options instead of its defaults, e.g. --processes=4")
    args = parser.parse_args(argv)
    try:
        summary = {(r["kernel"], r["path"]): r for r in results_io.read_csv(args.summary)
                   if r["mode"] == "interp" and r["ns_net"]}
    except OSError as exc:
        print(f"validate: {args.summary}: {exc.strerror}: run 'make bench' first",
              file=sys.stderr)
        return 2
    wanted = args.paths.split(",") if args.paths else list(registry.CALL_PATHS)
    unknown = [p for p in wanted if p not in registry.CALL_PATHS]
    if unknown:
        print(f"validate: unknown path(s): {', '.join(unknown)}", file=sys.stderr)
        return 2
    meta = results_metadata(args.summary)
    pinned = pin_like(meta)
    here, theirs = metadata.libpython(), meta.get("python_libpython", "unknown")
    moved = elsewhere(meta) if meta else []
    if moved:
        print(f"validate: warning: {args.summary} was made on another machine or interpreter "
              f"than this one ({'; '.join(moved)}): timeit and pyperf here cannot check its "
              "figures; run make bench here, then validate")
    timeable, why_not = {}, {}
    for name in wanted:
        path = registry.CALL_PATHS[name]
        functions, reason = registry.load_path(path)
        missing = [k for k in KERNELS if k not in functions or (k, name) not in summary]
        if path.native or reason or missing:
            why_not[name] = reason or ("a C loop, not a Python call" if path.native
                                       else f"{', '.join(missing)} not in the summary")
        else:
            timeable[name] = functions
    rows = [f"{k}/{name}/interp" for name in timeable for k in KERNELS]
    print(f"validate: pyperf times {len(rows)} rows (its default worker processes unless "
          f"PYPERF_ARGS says otherwise: {args.pyperf_args or 'none'}); its "
          "progress follows", file=sys.stderr, flush=True)
    pyperf, pyperf_cv, pyperf_why = {}, {}, pyperf_missing()
    if not pyperf_why:
        try:
            pyperf, pyperf_cv = pyperf_net_ns(rows, shlex.split(args.pyperf_args))
        except RuntimeError as exc:
            pyperf_why = str(exc)
    print(f"validate: net ns per call, interp mode; the driver ran libpython {theirs}; "
          f"timeit runs in {sys.executable} (libpython: {here}); pyperf in "
          f"{os.path.relpath(VENV_PYTHON, harness.ROOT)}" + (f" ({pyperf_why})" if pyperf_why else "") + "; " + pinned)
    flagged = compared = 0
    for kernel_name in KERNELS:
        kernel = registry.KERNELS[kernel_name]
        print(f"\n### {kernel_name}\n")
        print("| path | driver | driver 95% interval | pyperf | pyperf CV % | timeit | "
              "pyperf / driver | timeit / driver | |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
        for name in wanted:
            if name in why_not:
                print(f"| {name} | | | | | | | | not compared: {why_not[name]} |")
                continue
            row = summary[kernel_name, name]
            driver = float(row["ns_net"])
            interval = (f"{float(row['ns_net_low']):.1f} to "
                        f"{float(row['ns_net_high']):.1f}" if row.get("ns_net_low") else "")
            ours = timeit_net_ns(timeable[name][kernel_name], kernel.bench_args,
                                 kernel.arg_names if registry.CALL_PATHS[name].by_keyword
                                 else ())
            theirs_pyperf = pyperf.get(f"{kernel_name}/{name}/interp")
            compared += 1
            ratios = [ours / driver if driver > 0 else float("nan")]
            if theirs_pyperf is not None:
                ratios.append(theirs_pyperf / driver if driver > 0 else float("nan"))
            note = ""
            worst = max(ratios, key=lambda r: abs(r - 1) if r == r else 1e9)
            if not abs(worst - 1) <= TOLERANCE:
                flagged += 1
                note = (f"differs by {abs(worst - 1):.0%}: "
                        f"{explanation(here == theirs, worst, bool(moved))}")
            cv = pyperf_cv.get(f"{kernel_name}/{name}/interp")
            cells = [f"{driver:.1f}", interval,
                     "" if theirs_pyperf is None else f"{theirs_pyperf:.1f}",
                     "" if cv is None else f"{cv:.1f}", f"{ours:.1f}",
                     "" if theirs_pyperf is None else f"{ratios[1]:.2f}", f"{ratios[0]:.2f}"]
            print(f"| {name} | " + " | ".join(cells) + f" | {note} |")
    print(f"\nvalidate: {flagged} of {compared} rows compared differ by more than "
          f"{TOLERANCE:.0%} from timeit or pyperf")
    return 0


if __name__ == "__main__":
    sys.exit(main())
