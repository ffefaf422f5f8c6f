"""The driver's protocol (harness/registry/protocol.py documents it) for
make mine: the user's functions through every binding that passed the
check, in interp mode (the timing loop of make bench's rows), and the C
floor (each function called from C, mine_direct's loops) in native mode.
The driver runs it with --protocol=harness.mine.protocol; the plan it times
is build/mine/plan.json (harness/mine/plan.py).

A row's name is <function>/<path>/<mode>[/<buffer length>]: the same shape
as make bench's, so that the same summary, estimator and intervals apply.
"""

import importlib
import os
import sys

from harness.mine import arguments, build, plan as plans
from harness.registry import vocabulary as v
from harness.registry.benchmark_rows import Row, batch_for
from harness.registry.metadata import run_metadata as registry_metadata
from harness.registry.protocol import (prepare_timing, row_tuple,  # noqa: F401
                                       rows_for_workers, sentinel)

PLAN = os.path.join(build.MINE_BUILD, "plan.json")
FLOOR = "c.direct"


def _plan():
    return plans.load(PLAN)


def rows(plan=None):
    """The baselines, then every function x path [x size] row."""
    plan = plan or _plan()
    sys.path.insert(0, build.LIB)
    functions = {f.name: f for f in plan.parsed().functions}
    result, batches = [], {}
    for path, names in plan.built.items():
        module = importlib.import_module(plan.modules[path])
        native = path == FLOOR
        for name in names:
            f = functions[name]
            sizes = plans.timed_sizes(plan) if arguments.has_buffer(f) else (0,)
            for size in sizes:
                args = arguments.timed(f, plan.strings, size)
                batch = batch_for(size)
                mode = v.NATIVE_MODE if native else "interp"
                batches.setdefault(mode, set()).add(batch)
                result.append(Row(name, path, mode,
                                  getattr(module, f"loop_{name}" if native else name), args,
                                  arg=str(size) if size else "", batch=batch))
    baselines = []
    for mode, sizes in batches.items():
        for batch in sorted(sizes | {v.BATCH}, reverse=True):
            function = None
            if mode == v.NATIVE_MODE:
                function = importlib.import_module(plan.modules[FLOOR]).loop_empty
            baselines.append(Row(v.BASELINE_KERNEL, v.BASELINE_PATH, mode, function, (),
                                 arg="" if batch == v.BATCH else f"batch{batch}", batch=batch))
    return baselines + result


def bench_rows():
    return [row_tuple(row) for row in rows_for_workers(rows())]


def run_metadata():
    """The registry's facts about the machine and build, and where each of
    make mine's modules was loaded from."""
    facts = registry_metadata()
    plan = _plan()
    for path, module in plan.modules.items():
        loaded = sys.modules.get(module)
        facts["module_" + module] = getattr(loaded, "__file__", None) or "not loaded"
    facts["ffb_mine_header"] = plan.header
    return facts
