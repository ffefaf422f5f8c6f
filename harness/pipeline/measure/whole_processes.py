"""The whole-process stage of make bench, timed by hyperfine.

  python3 -m harness.pipeline.measure.whole_processes import RESULTS [--quick]
      the start-up cost of each binding: `PYTHON -I harness/pipeline/measure/probe.py import
      MODULE` against the same without a module; -> RESULTS/import.json
      (hyperfine's) and RESULTS/import.csv (net ms per binding module)
  python3 -m harness.pipeline.measure.whole_processes e2e RESULTS [--quick]
      per path, a process making N calls of add_i64 against the same loop
      without the call: (median(calls) - median(empty)) / N is a net per-call
      figure independent of the driver, written beside the driver's (RESULTS/summary.csv) ->
      RESULTS/e2e.json and RESULTS/e2e.csv.  N is chosen per path from the
      driver's figure so that the calls take about a fixed time (a start-up
      varies by milliseconds, which N calls must outweigh), rounded to one
      significant digit.

PYTHON is the interpreter running this script.  hyperfine runs the commands
without a shell (-N), so no shell start-up is in the figures.
"""

import json
import math
import os
import subprocess
import sys

import harness
from harness import registry
from harness.pipeline import results_io, stage_cli
from harness.pipeline.analyse import stats


PROBE = os.path.join(harness.ROOT, "harness", "pipeline", "measure", "probe.py")
E2E_KERNEL = "add_i64"
# Runs per command and warm-up runs, for the imports and the end-to-end
# processes, and how long the calls of one end-to-end process should take.
SETTINGS = {"full": {"import_runs": 40, "import_warmup": 5, "runs": 8, "warmup": 2,
                     "calls_seconds": 0.2},
            "quick": {"import_runs": 3, "import_warmup": 0, "runs": 2, "warmup": 0,
                      "calls_seconds": 0.005}}

def probe(*args):
    return " ".join([sys.executable, "-I", PROBE, *args])


def hyperfine(commands, out_json, runs, warmup, prepare=None):
    """Runs hyperfine over {name: command}, each after its command in
    `prepare` ({name: command}, "true" for the others) if given; returns
    {name: result}."""
    argv = ["hyperfine", "-N", "--style", "basic", "--runs", str(runs),
            "--warmup", str(warmup), "--export-json", out_json + ".part"]
    for name, command in commands.items():
        if prepare is not None:
            argv += ["--prepare", prepare.get(name, "true")]
        argv += ["--command-name", name, command]
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True)
    if done.returncode != 0:
        raise RuntimeError(f"hyperfine exited with {done.returncode}: "
                           + done.stderr.strip()[-500:])
    outliers = done.stderr.count("Statistical outliers")
    if outliers:
        print(f"  hyperfine: outliers among the runs of {outliers} of "
              f"{len(commands)} commands (the medians are kept)")
    os.replace(out_json + ".part", out_json)
    with open(out_json) as f:
        return {r["command"]: r for r in json.load(f)["results"]}


def binding_modules():
    """({module: (binding name, [paths])} for the modules of the loadable
    paths, {module: why not} for the others)."""
    modules, skipped = {}, {}
    for path in registry.CALL_PATHS.values():
        _, reason = registry.load_path(path)
        if reason:
            skipped[path.module] = reason
        else:
            modules.setdefault(path.module, []).append(path.name)
    # a module one of whose paths loads is timed (kernels_ctypes on PyPy,
    # which has no ctypes.pydll)
    skipped = {module: why for module, why in skipped.items() if module not in modules}
    named = {}
    for module, names in modules.items():
        # a module of one path is named by it (cffi.abi, python.def), one of
        # several by their family (capi, ctypes)
        named[module] = (names[0] if len(names) == 1 else names[0].split(".")[0], names)
    return named, skipped


def _ms(seconds):
    return seconds * 1e3


def import_costs(results, settings):
    modules, skipped = binding_modules()
    commands = {"(no module)": probe("import")}
    commands.update({module: probe("import", module) for module in modules})
    print(f"  hyperfine: importing {len(modules)} binding modules, "
          f"{settings['import_runs']} runs each")
    found = hyperfine(commands, results.file("import.json"),
                      settings["import_runs"], settings["import_warmup"])
    reference = found["(no module)"]
    rows = [{"binding": "(start-up, no module)", "module": "", "paths": "",
             "ms_median": _ms(reference["median"]), "ms_net": None, "ms_net_low": None,
             "ms_net_high": None, "resolved": "", "ms_net_stddev": None,
             "ms_min": _ms(reference["min"]), "ms_max": _ms(reference["max"]),
             "runs": len(reference["times"])}]
    for module, (binding, names) in modules.items():
        r = found[module]
        low, high = stats.median_difference_interval(r["times"], reference["times"])
        rows.append({
            "binding": binding, "module": module, "paths": " ".join(names),
            "ms_median": _ms(r["median"]),
            "ms_net": _ms(r["median"] - reference["median"]),
            # a cost whose interval holds 0 is within the start-up's noise;
            # one wholly below zero is no cost either (an import only adds
            # work): the processes drifted between the commands
            "ms_net_low": _ms(low), "ms_net_high": _ms(high),
            "resolved": "yes" if low > 0 else ("below zero" if high < 0 else "no"),
            "ms_net_stddev": _ms(math.hypot(r["stddev"], reference["stddev"])),
            "ms_min": _ms(r["min"]), "ms_max": _ms(r["max"]), "runs": len(r["times"])})
    _write(results, "import.csv", rows)
    for module, reason in skipped.items():
        print(f"  hyperfine: skipped {module}: {reason}")
    return rows


def calls_for(ns, seconds):
    """Calls taking about `seconds` at ns each, to one significant digit."""
    n = seconds / (max(ns, 1.0) * 1e-9)
    scale = 10 ** math.floor(math.log10(n))
    return int(round(n / scale) * scale)


def end_to_end(results, settings):
    driver = results_io.net_figures(results.table("summary.csv"), E2E_KERNEL)
    wanted = {}
    for path in registry.CALL_PATHS.values():
        functions, reason = registry.load_path(path)
        if not reason and E2E_KERNEL in functions and path.name in driver:
            wanted[path.name] = calls_for(driver[path.name], settings["calls_seconds"])
    if not wanted:
        print(f"  hyperfine: no {E2E_KERNEL} row in this run (filtered?): no end-to-end "
              "figures")
        return []
    commands = {}
    for name, calls in wanted.items():
        commands[f"{name} empty x{calls}"] = probe("empty", name, str(calls))
        commands[f"{name} x{calls}"] = probe("call", name, str(calls))
    print(f"  hyperfine: {len(wanted)} paths, a process of about "
          f"{settings['calls_seconds']} s of {E2E_KERNEL} calls and one of its empty "
          f"loop each, {settings['runs']} runs each")
    found = hyperfine(commands, results.file("e2e.json"),
                      settings["runs"], settings["warmup"])
    rows = []
    for name, calls in wanted.items():
        full, empty = found[f"{name} x{calls}"], found[f"{name} empty x{calls}"]
        per_call = (full["median"] - empty["median"]) / calls * 1e9
        ours = driver[name]
        rows.append({
            "path": name, "calls": calls, "ms_median": _ms(full["median"]),
            "ms_median_empty_loop": _ms(empty["median"]), "ns_per_call": per_call,
            "ns_per_call_stddev": math.hypot(full["stddev"], empty["stddev"]) / calls * 1e9,
            "driver_ns_net": ours,
            "e2e_over_driver": per_call / ours if ours > 0 else None})
    _write(results, "e2e.csv", rows)
    return rows


def _write(results, name, rows):
    results.write_table(name, rows)
    print(f"  hyperfine: {len(rows)} rows -> {results.file(name)}")


STAGES = {"import": import_costs, "e2e": end_to_end}


def run(results, quick, stages=tuple(STAGES)):
    """The hyperfine stages into results, with their QUICK or full settings;
    raises one of stage_cli.ERRORS (or KeyError: a row missing) on a
    failure."""
    for stage in stages:
        STAGES[stage](results, SETTINGS["quick" if quick else "full"])


def main(argv=None):
    parser = stage_cli.command_line(__spec__.name,
                                    "The hyperfine stages of make bench alone.")
    parser.add_argument("stage", choices=STAGES)
    parser.add_argument("results", metavar="RESULTS", help="a results folder of make bench")
    parser.add_argument("--quick", action="store_true", help="the QUICK=1 settings")
    args = parser.parse_args(argv)
    return stage_cli.run_folder(f"processes: {args.stage}", args.results,
                                lambda results: run(results, args.quick, (args.stage,)),
                                errors=(*stage_cli.ERRORS, KeyError))


if __name__ == "__main__":
    sys.exit(main())
