"""Loading: the first call of each path after its import, against a steady-
state call, in fresh processes (harness/pipeline/measure/probe.py `first`).

  python3 -m harness.pipeline.choice.first_call RESULTS [--quick]   -> RESULTS/firstcall.csv

Per path, PROCESSES fresh processes each time the first call of add_i64
(noop or sum_i64_1 for the paths without it) and the median of SAMPLES later calls, each
call alone between two clock readings, net of the same readings around an
empty loop.  The processes run on the run's CPU (where metadata.json's
CPU choice left it, calibrate.results_cpu), as the driver's workers did.  A first call pays for whatever the
binding does lazily (ctypes' argument converters, cffi's, a first overload
resolution) and for the interpreter's cold caches and unspecialised call site;
each call timed alone includes a clock reading's jitter (tens of ns), which is
why the steady figure is the median of many and the first is the median
over processes.
"""

import json
import os
import statistics
import subprocess
import sys

import harness
from harness import registry
from harness.pipeline import stage_cli
from harness.pipeline.measure import calibrate

PROBE = os.path.join(harness.ROOT, "harness", "pipeline", "measure", "probe.py")
SETTINGS = {"full": {"processes": 10, "samples": 2000},
            "quick": {"processes": 1, "samples": 300}}


def run_cpu(results):
    """The CPU the run's rows were measured on (calibrate.results_cpu), or
    None."""
    try:
        return calibrate.results_cpu(results.metadata)[0]
    except (OSError, ValueError):
        return None


def first_calls(results, settings):
    cpu = run_cpu(results)
    rows = []
    paths = [p for p in registry.CALL_PATHS.values() if not registry.load_path(p)[1]]
    print(f"  first call: {len(paths)} paths, {settings['processes']} fresh processes each"
          + (f", on CPU {cpu}" if cpu is not None else ""), flush=True)
    for path in paths:
        found = []
        for _ in range(settings["processes"]):
            done = subprocess.run(calibrate.on_cpu([sys.executable, "-I", PROBE, "first",
                                                    path.name, str(settings["samples"])], cpu),
                                  capture_output=True, text=True)
            if done.returncode != 0:
                raise RuntimeError(f"the first-call probe of {path.name} failed: "
                                   + done.stderr.strip()[-300:])
            found.append(json.loads(done.stdout))
        first = [r["first_ns"] for r in found]
        steady = statistics.median(r["steady_ns"] for r in found)
        rows.append({"path": path.name, "kernel": found[0]["kernel"],
                     "first_ns": statistics.median(first), "steady_ns": steady,
                     "first_over_steady": statistics.median(first) / steady if steady > 0 else None,
                     "first_ns_min": min(first), "first_ns_max": max(first),
                     "processes": len(found)})
    return rows


STAGE = stage_cli.Stage("first call", __spec__.name, "firstcall.csv",
                        first_calls, SETTINGS)


if __name__ == "__main__":
    sys.exit(STAGE.command())
