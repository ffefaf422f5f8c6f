"""The rows the driver times, from the registry: one Row per (kernel, path,
mode[, size]), the baselines (each mode's empty loop, per batch size in use),
and what each path x kernel pair is (timed, tested only, cannot, skipped).

A row's Google Benchmark name is <kernel>/<path>/<mode>[/<arg>].
"""

import importlib
from dataclasses import dataclass
from typing import Callable, Optional

from harness.registry import vocabulary as v
from harness.registry.call_paths import (CALL_PATHS, NOT_SWEPT, Arranged, arguments,
                                         load_path)
from harness.registry.workloads import EVERY_PATH_WORKLOADS, KERNELS, NUMPY, numpy_missing


@dataclass
class Row:
    kernel: str
    path: str
    mode: str
    function: Optional[Callable]    # None for the vectorcall baseline
    args: tuple
    by_keyword: bool = False
    gil_released: bool = False
    skipped: str = ""               # empty, or why the row was not measured
    arg: str = ""                   # the size n of a sized kernel
    batch: int = 0                  # calls per batch; 0: v.BATCH
    form: str = "call"              # how the loop reaches it (CallPath.form)
    member: str = ""                # the method or attribute of a form
    keywords: tuple = ()            # the names of its trailing arguments, by keyword

    @property
    def name(self):
        """The Google Benchmark name: <kernel>/<path>/<mode>[/<arg>]."""
        return "/".join(filter(None, (self.kernel, self.path, self.mode, self.arg)))


def batch_for(size):
    """Calls per batch for a kernel of this size: v.BATCH, fewer for large n, so
    that one batch of the slowest path stays well under the minimum time.  A
    batch of fewer calls shares its one loop invocation among fewer calls, so
    every batch size in use gets its own baseline.  Variants that are not
    sizes (e.g. "ok", "fail") keep v.BATCH."""
    return max(1, v.BATCH // size) if isinstance(size, int) and size else v.BATCH


def native_baseline():
    """The native mode's empty loop: c.direct's C loop without the call."""
    return importlib.import_module("ffibench_direct").loop_empty


def _baselines(batches):
    """The empty loop of each mode, once per batch size in use there."""
    _, reason = load_path(CALL_PATHS["c.direct"])
    empty_native = None if reason else native_baseline()
    rows = []
    for mode in (*v.MODES, v.NATIVE_MODE):
        for batch in sorted(batches.get(mode, {v.BATCH}), reverse=True):
            rows.append(Row(v.BASELINE_KERNEL, v.BASELINE_PATH, mode,
                            empty_native if mode == v.NATIVE_MODE else None, (),
                            skipped=reason if mode == v.NATIVE_MODE else "",
                            arg="" if batch == v.BATCH else f"batch{batch}",
                            batch=batch))
    return rows


def timed_on(path, kernel):
    """Whether a kernel the path has is timed on it (NOT_SWEPT)."""
    return path.sweeps or bool(set(kernel.workloads) & set(EVERY_PATH_WORKLOADS))


def _callable_and_args(functions, kernel, size):
    """The row's callable and arguments: instances made by the path, and an
    idiom's own shape of the arguments (Arranged), outside what is timed."""
    function = functions.get(kernel.name)
    args = kernel.timed_args(size)
    if not functions:
        return None, args
    args = arguments(functions, args)
    if isinstance(function, Arranged):
        return function.function, tuple(function.arrange(*args))
    return function, args


def rows(paths=None):
    """The baselines, then every (kernel, path, mode[, size]) row, in registry
    order; with paths (names), only those paths' rows are made (and only
    their modules loaded).  A path that could not be loaded gives skipped
    rows."""
    result = []
    for path in CALL_PATHS.values():
        if paths is not None and path.name not in paths:
            continue
        functions, reason = load_path(path)
        for kernel in KERNELS.values():
            if not reason and kernel.name not in functions:
                continue            # the path cannot express it: path.cannot
            if not timed_on(path, kernel):
                continue            # NOT_SWEPT
            for mode in path.modes:
                if kernel.only_modes and mode not in kernel.only_modes:
                    continue
                for size in kernel.sizes or (0,):
                    function, args = _callable_and_args(functions, kernel, size)
                    result.append(Row(
                        kernel.name, path.name, mode, function, args, path.by_keyword,
                        path.gil_released, reason,
                        str(size) if kernel.sizes else "", batch_for(size),
                        path.form(kernel), kernel.member, kernel.keywords))
    batches = {}
    for row in result:
        batches.setdefault(row.mode, {v.BATCH}).add(row.batch)
    return _baselines(batches) + result


def coverage():
    """One (path, kernel, status, reason) per pair: "timed" (in rows()),
    "tested only" (bound, but not on the workload sweeps), "cannot" (the path
    cannot express the kernel) or "skipped" (the path could not be loaded)."""
    result = []
    for path in CALL_PATHS.values():
        functions, reason = load_path(path)
        for kernel in KERNELS.values():
            if reason:
                status = ("skipped", reason)
            elif NUMPY in kernel.workloads and numpy_missing():
                status = ("skipped", numpy_missing())
            elif kernel.name not in functions:
                status = ("cannot", path.why_not(kernel))
            elif not timed_on(path, kernel):
                status = ("tested only", NOT_SWEPT)
            else:
                status = ("timed", "")
            result.append((path.name, kernel.name, *status))
    return result


def timing_loop(arg_names=(), by_keyword=False, empty=False, catch=False, form="call",
                member="", keywords=()):
    """A new function loop(n, f, a0, ...) calling f(a0, ...) (or
    f(name0=a0, ...), or with the trailing arguments by the names in
    `keywords`) n times, with f and the arguments as locals; the empty
    loop has no call in its body; with catch, each call is in a try block
    that passes on Exception (free in CPython 3.11+ unless raised).  The
    objects workload's forms are what Python code writes: a0.member(a1, ...)
    (form "method": the method found on the instance, then called),
    a0.member ("get") and a0.member = a1 ("set"); "new" calls f (the class).

    Every row gets its own, freshly compiled: CPython 3.11+ specialises the
    bytecode of a code object for the callables it meets, so a loop shared by
    two paths would time one of them through a de-specialised call site."""
    params = [f"a{i}" for i in range(len(arg_names))]
    passed = [f"{n}={p}" for n, p in zip(arg_names, params)] if by_keyword \
        else params
    if keywords and not by_keyword:
        count = len(params) - len(keywords)
        passed = params[:count] + [f"{n}={p}" for n, p in zip(keywords, params[count:])]
    statements = {"method": f"a0.{member}({', '.join(params[1:])})",
                  "get": f"a0.{member}", "set": f"a0.{member} = a1"}
    body = "pass" if empty else statements.get(form, f"f({', '.join(passed)})")
    if catch and not empty:
        body = f"try:\n            {body}\n        except Exception:\n            pass"
    source = (f"def loop(n, f{''.join(', ' + p for p in params)}):\n"
              f"    for _ in range(n):\n"
              f"        {body}\n")
    namespace = {}
    exec(compile(source, "<timing loop>", "exec"), namespace)
    return namespace["loop"]
