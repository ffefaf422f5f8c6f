"""What the C driver (harness/driver/driver.c) asks of the registry: its three
calls, in this order, and the shape of their answers.  The driver knows
nothing of kernels or paths; this is the whole contract.

  run_metadata() -> {str: str}
      facts about the machine, interpreter, build and modules, copied into
      Google Benchmark's JSON context (harness/registry/metadata.py)
  bench_rows() -> [tuple, ...]
      one tuple per row to register, parsed by register_row() in driver.c
      with the format "ssOO!OLssp":
        (name, kind, callable, args, kwnames, batch, label, skipped, catch)
      name     str    the Google Benchmark name, <kernel>/<path>/<mode>[/<arg>]
      kind     str    "loop": callable(batch, *args) once per batch;
                      "call": callable(*args) `batch` times per batch through
                      PyObject_Vectorcall, the last len(kwnames) arguments by
                      keyword; a None callable is the empty C loop
      callable object or None
      args     tuple  the arguments
      kwnames  tuple of str, or None
      batch    int    calls per batch (>= 1)
      label    str    the row's tags as key=value words, reported with the
                      result and read back by the summary
      skipped  str    "" or why the row is not measured
      catch    bool   an Exception raised by a call is cleared, timing goes on
  prepare_timing() -> None
      the last word before timing (no cyclic GC from then on)
"""

import gc

from harness.registry import vocabulary as v
from harness.registry.metadata import run_metadata  # noqa: F401  (the driver calls it)
from harness.registry.benchmark_rows import rows, timing_loop
from harness.registry.workloads import KERNELS


def bench_rows():
    """The tuples of the protocol above, one per row."""
    result = []
    for row in rows():
        kernel = KERNELS.get(row.kernel)
        names = kernel.arg_names if kernel else ()
        catch = bool(kernel and kernel.raises)
        empty = row.path == v.BASELINE_PATH
        kwnames = None
        if row.mode == "interp":
            loop = timing_loop(names, row.by_keyword, empty, catch)
            kind, target, args = "loop", loop, (row.function, *row.args)
        elif row.mode == "vectorcall":
            kind, target, args = "call", row.function, row.args
            kwnames = names if row.by_keyword else None
        else:
            kind, target, args = "loop", row.function, row.args
        label = f"gil_released={int(row.gil_released)} batch={row.batch}"
        result.append((row.name, kind, target, tuple(args), kwnames, row.batch,
                       label, row.skipped, int(catch)))
    return result


def prepare_timing():
    """Called by the driver just before timing: one full collection, then no
    cyclic garbage collection while timing, so that no row pays for a
    collection that garbage made by other rows triggered."""
    gc.collect()
    gc.disable()
