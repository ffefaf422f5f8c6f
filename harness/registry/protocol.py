"""What the C driver (harness/driver/driver.c) asks of the registry: its four
calls, in this order, and the shape of their answers.  The driver knows
nothing of kernels or paths; this is the whole contract.

  run_metadata() -> {str: str}
      facts about the machine, interpreter, build and modules, copied into
      Google Benchmark's JSON context (harness/registry/metadata.py)
  bench_rows() -> [tuple, ...]
      one tuple per row to register, parsed by register_row() in driver.c
      with the format "ssOO!OLsspL":
        (name, kind, callable, args, kwnames, batch, label, skipped, catch,
         iterations)
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
      iterations int  calls per timed run (a multiple of batch), or 0: Google
                      Benchmark grows the count until a run lasts min_time
  sentinel() -> (callable, calls, rounds)
      the sentinel (harness/registry/sentinel.py), timed after every timed
      run of a row: `rounds` times callable(calls), whose median ns per call
      the run reports as its counter sentinel_ns (and CLOCK_MONOTONIC seconds
      as sentinel_at_s), so that a value measured during a spell is known
  prepare_timing() -> None
      the last word before timing (no cyclic GC from then on)

Three environment variables change bench_rows() for the run's workers
(harness/pipeline/measure/workers.py):
  FFB_SKIP_ROWS   a file of "name<TAB>reason" lines: those rows are skipped
                  with that reason (the rows that crashed an earlier worker)
  FFB_ITERATIONS  a file of "name<TAB>count" lines: those rows' iteration
                  counts, found by the first worker, so that later workers
                  spend their time measuring instead of growing the count
  FFB_TEST_CRASH  a row name: its calls go to the C library's abort(), a
                  deliberate crash in a binding, for the tests of crash
                  isolation only
"""

import dataclasses
import functools
import gc
import os

from harness.registry import sentinel as sentinel_calls
from harness.registry import vocabulary as v
from harness.registry.metadata import run_metadata  # noqa: F401  (the driver calls it)
from harness.registry.benchmark_rows import rows, timing_loop
from harness.registry.workloads import KERNELS


@functools.lru_cache(maxsize=None)
def named_lines(path):
    """{row name: text} from a file of "name<TAB>text" lines (none: {})."""
    if not path:
        return {}
    with open(path) as f:
        return dict(line.rstrip("\n").split("\t", 1) for line in f if "\t" in line)


def crash_function():
    """The C library's abort() as a Python callable taking any arguments."""
    import ctypes
    return ctypes.CDLL(None).abort


def bench_rows():
    """The tuples of the protocol above, one per row."""
    return kernel_rows(rows())


def kernel_rows(rows):
    """The tuples of registry rows (of the registry's kernels), as this worker
    runs them (rows_for_workers)."""
    result = []
    for row in rows_for_workers(rows):
        kernel = KERNELS.get(row.kernel)
        # the names of the arguments passed by keyword; else one per argument
        names = kernel.arg_names if row.by_keyword else None
        result.append(row_tuple(row, names, bool(kernel and kernel.raises)))
    return result


def rows_for_workers(rows):
    """The rows as this worker runs them: the rows that crashed an earlier
    worker skipped (FFB_SKIP_ROWS), the crash test's row made to abort
    (FFB_TEST_CRASH)."""
    skips = named_lines(os.environ.get("FFB_SKIP_ROWS"))
    crash = os.environ.get("FFB_TEST_CRASH")
    for row in rows:
        if row.name in skips:
            row = dataclasses.replace(row, skipped=skips[row.name])
        if row.name == crash:
            row = dataclasses.replace(row, function=crash_function())
        yield row


def row_tuple(row, names=None, catch=False):
    """One row's tuple of the protocol above; `names`: the arguments' names
    when they are passed by keyword, `catch`: its calls may raise.  Its
    iteration count from FFB_ITERATIONS, when the first worker found it."""
    iterations = named_lines(os.environ.get("FFB_ITERATIONS"))
    names = names or tuple(f"a{i}" for i in range(len(row.args)))
    keywords = () if row.by_keyword else row.keywords
    empty = row.path == v.BASELINE_PATH
    kwnames = None
    if row.mode == "interp":
        loop = timing_loop(names, row.by_keyword, empty, catch, row.form, row.member,
                           keywords)
        kind, target, args = "loop", loop, (row.function, *row.args)
    elif row.mode == "vectorcall":
        kind, target, args = "call", row.function, row.args
        kwnames = names if row.by_keyword else (keywords or None)
    else:
        kind, target, args = "loop", row.function, row.args
    label = f"gil_released={int(row.gil_released)} batch={row.batch}"
    return (row.name, kind, target, tuple(args), kwnames, row.batch, label, row.skipped,
            int(catch), int(iterations.get(row.name, 0)))


def sentinel():
    """The tuple of the protocol above."""
    return sentinel_calls.labs_loop(), sentinel_calls.CALLS, sentinel_calls.ROUNDS


def prepare_timing():
    """Called by the driver just before timing: one full collection, then no
    cyclic garbage collection while timing, so that no row pays for a
    collection that garbage made by other rows triggered."""
    gc.collect()
    gc.disable()
