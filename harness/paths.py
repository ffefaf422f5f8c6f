"""THE registry of call paths: what is benchmarked, and what the tests check.

The driver (harness/driver.c) and the tests (tests/) both read this module, so a
path cannot be timed without being tested for correctness, nor the reverse.

- KERNELS (from harness/workloads.py): each C kernel with the arguments it is
  timed with, a Python reference of its result, the inputs the tests try, and
  the kinds of its arguments (from which the bad inputs are derived).
- PATHS: each call path, named <family>.<variant>, with a loader returning
  {kernel: callable}, why it cannot express the kernels it lacks, and what it
  is known to do differently on bad input.
- rows(): one Row per (kernel, path, mode), plus one baseline per mode.

Modes: `interp` times a generated Python loop calling the path's callable;
`vectorcall` calls it from C with PyObject_Vectorcall once per call; `native`
(the c.direct floor only) runs the kernel in a C loop.  Each mode has its own
baseline row (`empty/baseline/<mode>`), which the summary subtracts.

Adding a path is one Path entry (and its binding); adding a kernel is one Kernel
entry (and its C function and bindings).  The driver needs no change for either.
"""

import ctypes
import gc
import importlib
import os
import platform
import re
import sys
import sysconfig
from dataclasses import dataclass, field
from typing import Callable, Optional

import metadata  # harness/ is this file's folder, so importable already

ROOT, BUILD = metadata.ROOT, metadata.BUILD

# Where the bindings are imported from, first on sys.path, so that no
# installed module of the same name can shadow them.
from import_dirs import IMPORT_DIRS  # noqa: E402,F401  (puts them first)

from workloads import EXCEPTIONS, KERNELS  # noqa: E402  (after the sys.path setup)

# Calls per batch: per invocation of a timing loop (interp, native), and per
# KeepRunningBatch step (vectorcall).  A loop invocation costs one extra
# Python call; over 1000 calls that is a few hundredths of a ns per call, and
# the baseline of the mode pays it too.
BATCH = 1000

MODES = ("interp", "vectorcall")
NATIVE_MODE = "native"
BASELINE_PATH = "baseline"
BASELINE_KERNEL = "empty"


# ---------------------------------------------------------------------------
# Paths

@dataclass(frozen=True)
class Path:
    name: str                       # <family>.<variant>
    load: Callable[[], dict]        # -> {kernel name: callable}; may raise
    module: str                     # the module the callables come from
    cannot: str = ""                # why the kernels it lacks are not possible
    gil_released: bool = False      # the GIL is released around the kernel
    by_keyword: bool = False        # called with keyword arguments
    native: bool = False            # callable(n, *args) runs n calls in C
    sweeps: bool = False            # timed on the workloads beyond "calls"
    floor: bool = False             # a reference point, not a binding
    needs: str = ""                 # optional tool: SKIP_<needs> in config.mk
    errors: dict = field(default_factory=dict)   # bad-call kind -> exception
    quirks: dict = field(default_factory=dict)   # bad-call kind -> what happens
    # Kernels the binding wraps in Python: errors and quirks, which describe
    # the binding's own conversions, do not apply to them.
    wrapped: tuple = ()

    @property
    def modes(self):
        return (NATIVE_MODE,) if self.native else MODES

    def expected_error(self, kind, kernel):
        if kernel.name in self.wrapped:
            return EXCEPTIONS[kind]
        return self.errors.get(kind, EXCEPTIONS[kind])

    def quirk(self, kind, kernel):
        """What the path does instead of raising for this bad call, or ""."""
        return "" if kernel.name in self.wrapped else self.quirks.get(kind, "")


def call(path, kernel, function, args):
    """Calls a path's function for kernel with args the way the path is timed:
    positionally, by keyword (extra arguments as extra keywords), or as a
    native loop of one call."""
    if path.native:
        return function(1, *args)
    if path.by_keyword:
        names = kernel.arg_names + tuple(f"extra{i}" for i in range(len(args)))
        return function(**dict(zip(names, args)))
    return function(*args)


def _module_functions(module_name, template, kernels=None):
    """Loader: {kernel: module.<template.format(kernel)>} for the kernels the
    module has (or only `kernels`)."""
    def load():
        module = importlib.import_module(module_name)
        wanted = kernels or KERNELS
        return {k: getattr(module, template.format(k)) for k in wanted
                if hasattr(module, template.format(k))}
    return load


def _attribute(module_name, attribute):
    """Loader: the {kernel: callable} dict module.<attribute>."""
    def load():
        return getattr(importlib.import_module(module_name), attribute)
    return load


def _cffi_lib(module_name):
    """Loader: the kernels of a cffi module (ffi, lib), as kernels_cdef
    presents them."""
    def load():
        module = importlib.import_module(module_name)
        return importlib.import_module("kernels_cdef").kernel_functions(
            module.ffi, module.lib)
    return load


_WITH_ARGS = [k for k, kernel in KERNELS.items() if kernel.arg_names]


# PyArg_ParseTuple's "s#" takes a read-only bytes-like object as well as a str.
_S_HASH_QUIRKS = {"bytes_for_str": "bytes accepted for str by \"s#\", passed as "
                                   "they are"}


def _c_api_paths(family, module, sweeps):
    """The C-API paths of one module (ffibench_capi or its abi3 twin); with
    sweeps, its fastcall and varargs paths take part in the workload sweeps."""
    def conv(convention, **kw):
        return Path(f"{family}.{convention}",
                    _module_functions(module, "{}_" + convention), module, **kw)
    return [
        conv("noargs", cannot="METH_NOARGS takes no arguments"),
        conv("o", cannot="METH_O takes exactly one argument"),
        conv("fastcall", sweeps=sweeps),
        conv("fastcall_kw"),
        Path(f"{family}.fastcall_kw_kwcall",
             _module_functions(module, "{}_fastcall_kw", _WITH_ARGS), module,
             by_keyword=True, cannot="no arguments to pass by keyword"),
        conv("fastcall_nogil", gil_released=True),
        conv("varargs", sweeps=sweeps, quirks=_S_HASH_QUIRKS),
        conv("varargs_kw", quirks=_S_HASH_QUIRKS),
        Path(f"{family}.varargs_kw_kwcall",
             _module_functions(module, "{}_varargs_kw", _WITH_ARGS), module,
             by_keyword=True, cannot="no arguments to pass by keyword",
             quirks=_S_HASH_QUIRKS),
    ]


# ctypes wraps each conversion error in ctypes.ArgumentError (its message names
# the TypeError or OverflowError); it does not check int ranges, and a cdecl
# function takes extra arguments.  Both are how ctypes behaves for every user,
# so the paths keep them and the tests hold them to exactly that.
_CTYPES_ERRORS = {"wrong_type": ctypes.ArgumentError,
                  "none": ctypes.ArgumentError,
                  "float_for_int": ctypes.ArgumentError,
                  "float_overflow": ctypes.ArgumentError}
_CTYPES_QUIRKS = {"int_overflow": "reduced modulo 2**64, no error",
                  "too_many": "an extra int argument is passed on to C, no error"}
_CTYPES_WRAPPED = ("sum_f64_buf", "len_bytes", "len_str", "callback")  # kernels_ctypes
# pybind11 reports every failed conversion of an argument as a TypeError
# ("incompatible function arguments"), overflow and unencodable str included,
# and a callback result it cannot convert as a RuntimeError ("Unable to cast");
# its std::string caster takes bytes as well as str.
_PYBIND11_ERRORS = {"int_overflow": TypeError, "float_overflow": TypeError,
                    "surrogate": TypeError, "callback_wrong_type": RuntimeError}
_PYBIND11_QUIRKS = {"bytes_for_str": "bytes accepted for str by the std::string "
                                     "caster, passed as they are"}


# A typed memoryview asks the exporter for a C-contiguous buffer, and a
# strided memoryview refuses with BufferError.
_CYTHON_ERRORS = {"non_contiguous": BufferError}


def _cython_quirks():
    """Cython 0.29 converts a float argument to a C integer with __int__
    (truncating); Cython 3 refuses it.  Which one built the module is in
    build/build-info.txt."""
    version = metadata.build_info().get("build_cython_version", "")
    if re.search(r"version 0\.", version):
        return {"float_for_int": "truncated to int (Cython 0.29 uses __int__)"}
    return {}

PATHS = {p.name: p for p in (
    *_c_api_paths("capi", "ffibench_capi", sweeps=True),
    *_c_api_paths("abi3", "ffibench_abi3", sweeps=False),
    Path("ctypes.cdll", _attribute("kernels_ctypes", "cdll"), "kernels_ctypes",
         gil_released=True, errors=_CTYPES_ERRORS, quirks=_CTYPES_QUIRKS,
         wrapped=_CTYPES_WRAPPED, sweeps=True),
    Path("ctypes.cdll_untyped", _attribute("kernels_ctypes", "cdll_untyped"),
         "kernels_ctypes", gil_released=True,
         cannot="without argtypes ctypes passes an int as a C int and refuses a "
                "float: only kernels without arguments are called correctly",
         quirks={"too_many": _CTYPES_QUIRKS["too_many"]}),
    Path("ctypes.pydll", _attribute("kernels_ctypes", "pydll"), "kernels_ctypes",
         errors=_CTYPES_ERRORS, quirks=_CTYPES_QUIRKS, wrapped=_CTYPES_WRAPPED),
    Path("cffi.abi", _cffi_lib("kernels_cffi_abi"), "kernels_cffi_abi",
         gil_released=True, needs="CFFI", sweeps=True),
    Path("cffi.api", _cffi_lib("ffibench_cffi"), "ffibench_cffi",
         gil_released=True, needs="CFFI", sweeps=True),
    Path("cython.def", _module_functions("ffibench_cython", "{}"),
         "ffibench_cython", needs="CYTHON", quirks=_cython_quirks(),
         errors=_CYTHON_ERRORS, sweeps=True),
    Path("pybind11.def", _module_functions("ffibench_pybind11", "{}"),
         "ffibench_pybind11", needs="PYBIND11", errors=_PYBIND11_ERRORS,
         quirks=_PYBIND11_QUIRKS, sweeps=True),
    Path("python.def", _module_functions("python_floor", "{}"), "python_floor",
         sweeps=True, floor=True),
    Path("c.direct", _module_functions("ffibench_direct", "loop_{}"),
         "ffibench_direct", native=True, sweeps=True, floor=True,
         cannot="the callback is a Python callable: calling it from C is what "
                "the capi paths do"),
)}

# Why the paths without `sweeps` are not timed on the workload sweeps (their
# bindings are still tested on every kernel they have).
NOT_SWEPT = ("the sweeps time one path per conversion mechanism: the other C-API "
             "conventions and the abi3 twins add a per-call constant, measured "
             "on the calls kernels, and would double the run time")


# ---------------------------------------------------------------------------
# Rows

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
    batch: int = 0                  # calls per batch; 0: BATCH

    @property
    def name(self):
        """The Google Benchmark name: <kernel>/<path>/<mode>[/<arg>]."""
        return "/".join(filter(None, (self.kernel, self.path, self.mode, self.arg)))


def batch_for(size):
    """Calls per batch for a kernel of this size: BATCH, fewer for large n, so
    that one batch of the slowest path stays well under the minimum time.  A
    batch of fewer calls shares its one loop invocation among fewer calls, so
    every batch size in use gets its own baseline.  Variants that are not
    sizes (e.g. "ok", "fail") keep BATCH."""
    return max(1, BATCH // size) if isinstance(size, int) and size else BATCH


def config_skips():
    """{tool: reason} from the SKIP_<tool> lines check_deps.sh wrote."""
    skips = {}
    try:
        with open(os.path.join(BUILD, "config.mk")) as f:
            for line in f:
                match = re.match(r"SKIP_(\w+) := (.*)", line.strip())
                if match:
                    skips[match.group(1)] = match.group(2)
    except OSError:
        pass
    return skips


def load_path(path):
    """{kernel: callable} for a path, or the reason it could not be loaded."""
    reason = config_skips().get(path.needs) if path.needs else None
    if reason:
        return {}, reason
    try:
        return path.load(), ""
    except Exception as exc:   # any failure to load skips the path, with why
        return {}, f"{type(exc).__name__}: {exc}"


def native_baseline():
    """The native mode's empty loop: c.direct's C loop without the call."""
    return importlib.import_module("ffibench_direct").loop_empty


def _baselines(batches):
    """The empty loop of each mode, once per batch size in use there."""
    _, reason = load_path(PATHS["c.direct"])
    empty_native = None if reason else native_baseline()
    rows = []
    for mode in (*MODES, NATIVE_MODE):
        for batch in sorted(batches.get(mode, {BATCH}), reverse=True):
            rows.append(Row(BASELINE_KERNEL, BASELINE_PATH, mode,
                            empty_native if mode == NATIVE_MODE else None, (),
                            skipped=reason if mode == NATIVE_MODE else "",
                            arg="" if batch == BATCH else f"batch{batch}",
                            batch=batch))
    return rows


def rows():
    """The baselines, then every (kernel, path, mode[, size]) row, in registry
    order.  A path that could not be loaded gives skipped rows."""
    result = []
    for path in PATHS.values():
        functions, reason = load_path(path)
        for kernel in KERNELS.values():
            if not reason and kernel.name not in functions:
                continue            # the path cannot express it: path.cannot
            if "calls" not in kernel.workloads and not path.sweeps:
                continue            # NOT_SWEPT
            for mode in path.modes:
                for size in kernel.sizes or (0,):
                    result.append(Row(
                        kernel.name, path.name, mode, functions.get(kernel.name),
                        kernel.timed_args(size), path.by_keyword,
                        path.gil_released, reason,
                        str(size) if kernel.sizes else "", batch_for(size)))
    batches = {}
    for row in result:
        batches.setdefault(row.mode, {BATCH}).add(row.batch)
    return _baselines(batches) + result


def coverage():
    """One (path, kernel, status, reason) per pair: "timed" (in rows()),
    "tested only" (bound, but not on the workload sweeps), "cannot" (the path
    cannot express the kernel) or "skipped" (the path could not be loaded)."""
    result = []
    for path in PATHS.values():
        functions, reason = load_path(path)
        for kernel in KERNELS.values():
            if reason:
                status = ("skipped", reason)
            elif kernel.name not in functions:
                status = ("cannot", path.cannot)
            elif "calls" not in kernel.workloads and not path.sweeps:
                status = ("tested only", NOT_SWEPT)
            else:
                status = ("timed", "")
            result.append((path.name, kernel.name, *status))
    return result


def timing_loop(arg_names=(), by_keyword=False, empty=False, catch=False):
    """A new function loop(n, f, a0, ...) calling f(a0, ...) (or
    f(name0=a0, ...)) n times, with f and the arguments as locals; the empty
    loop has no call in its body; with catch, each call is in a try block
    that passes on Exception (free in CPython 3.11+ unless raised).

    Every row gets its own, freshly compiled: CPython 3.11+ specialises the
    bytecode of a code object for the callables it meets, so a loop shared by
    two paths would time one of them through a de-specialised call site."""
    params = [f"a{i}" for i in range(len(arg_names))]
    passed = [f"{n}={p}" for n, p in zip(arg_names, params)] if by_keyword \
        else params
    body = "pass" if empty else f"f({', '.join(passed)})"
    if catch and not empty:
        body = f"try:\n            {body}\n        except Exception:\n            pass"
    source = (f"def loop(n, f{''.join(', ' + p for p in params)}):\n"
              f"    for _ in range(n):\n"
              f"        {body}\n")
    namespace = {}
    exec(compile(source, "<timing loop>", "exec"), namespace)
    return namespace["loop"]


def bench_rows():
    """What the driver registers: one tuple per row,
    (name, kind, callable, args, kwnames, batch, label, skipped, catch).

    kind "loop": the driver calls callable(batch, *args) once per batch.
    kind "call": the driver calls callable(*args) `batch` times per batch with
    PyObject_Vectorcall, the last len(kwnames) arguments by keyword; a None
    callable is the empty loop.  `label` holds the row's tags as key=value
    words, reported with the result and read back by the summary.  With
    `catch`, an Exception raised by a call is cleared and timing goes on."""
    result = []
    for row in rows():
        kernel = KERNELS.get(row.kernel)
        names = kernel.arg_names if kernel else ()
        catch = bool(kernel and kernel.raises)
        empty = row.path == BASELINE_PATH
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


def run_metadata():
    """{key: str} describing the machine, the interpreter, the build, and the
    file every binding module was actually loaded from."""
    facts = {
        "cpu_model": metadata.cpu_model(),
        "python_version": platform.python_version(),
        "python_implementation": platform.python_implementation(),
        "python_executable": sys.executable,
        "python_libpython": metadata.libpython(),
        "python_config_args": sysconfig.get_config_var("CONFIG_ARGS") or "",
        "git_commit": metadata.git("rev-parse", "HEAD") or "unknown",
        # dirty: a tracked file that can change a number differs from the
        # commit (results/ are outputs, rewritten by every run, and Markdown
        # is documentation, so neither counts)
        "git_dirty": ("yes" if metadata.git("status", "--porcelain",
                                            "--untracked-files=no", "--", ".",
                                            ":(exclude)results", ":(exclude)*.md")
                      else "no"),
        "timing_batch": str(BATCH),
        "python_gc": "disabled while timing, after one gc.collect()",
    }
    facts.update(metadata.build_info())
    facts.update(metadata.cpu_identity())
    facts.update(metadata.machine())
    facts.update(metadata.python_build(
        facts["python_config_args"],
        sysconfig.get_config_var("PY_CFLAGS_NODIST") or ""))
    for path in PATHS.values():
        module = sys.modules.get(path.module)
        where = getattr(module, "__file__", None) if module else None
        facts["module_" + path.module] = where or "not loaded"
    return facts
