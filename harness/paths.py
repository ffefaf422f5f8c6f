"""THE registry of call paths: what is benchmarked, and what the tests check.

The driver (harness/driver.c) and the tests (tests/) both read this module, so a
path cannot be timed without being tested for correctness, nor the reverse.

- KERNELS: each C kernel with the arguments it is timed with, a Python reference
  of its result, the inputs the tests try, and the kinds of its arguments (from
  which the bad inputs are derived).
- PATHS: each call path, named <family>.<variant>, with a loader returning
  {kernel: callable} and what the path is known to do differently on bad input.
- rows(): one Row per (kernel, path) the path can express, plus the baseline.

Adding a path is one Path entry (and its binding); adding a kernel is one Kernel
entry (and its C function and bindings).  The driver needs no change for either.
"""

import ctypes
import importlib
import math
import os
import platform
import subprocess
import sys
import sysconfig
from dataclasses import dataclass, field
from typing import Callable, Optional

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(ROOT, "build")

# Where the bindings are imported from; the driver and the tests put these on
# sys.path, first, so that no installed module of the same name can shadow them.
IMPORT_DIRS = [os.path.join(ROOT, "harness"), BUILD,
               os.path.join(ROOT, "ctypes_bindings")]
for _folder in reversed(IMPORT_DIRS):
    if _folder not in sys.path:
        sys.path.insert(0, _folder)

INT64_MIN, INT64_MAX = -2**63, 2**63 - 1

# Calls per invocation of a timing loop.  Each batch costs one extra Python call
# into the loop function; 1000 calls make that a few hundredths of a ns per
# call, and the baseline pays it too.
BATCH = 1000


def wrap_i64(x):
    """x reduced modulo 2**64 into the int64 range, as the C kernel wraps."""
    return (x - INT64_MIN) % 2**64 + INT64_MIN


# ---------------------------------------------------------------------------
# Kernels

@dataclass(frozen=True)
class Kernel:
    name: str
    arg_kinds: tuple        # "i64" or "f64" per argument
    bench_args: tuple       # the arguments every path is timed with
    reference: Callable     # the result the C kernel gives, in Python
    cases: tuple = ()       # argument tuples the tests try on every path


_FLOAT_CASES = ((0.0, 0.0), (-0.0, -0.0), (-0.0, 0.0), (0.1, 0.2),
                (1.5, -2.25), (1e308, 1e308), (-1e308, -1e308),
                (math.inf, 1.0), (math.inf, -math.inf), (math.nan, 1.0),
                (5e-324, 5e-324), (1, 2), (INT64_MAX, 0))

KERNELS = {k.name: k for k in (
    Kernel("noop", (), (), lambda: None, ((),)),
    # Arguments outside the small-int cache, so that boxing the result
    # allocates, as it does for most real results; the same on every path.
    Kernel("add_i64", ("i64", "i64"), (12345, 67890),
           lambda a, b: wrap_i64(a + b),
           ((0, 0), (1, -1), (12345, 67890), (INT64_MAX, 0), (INT64_MIN, 0),
            (INT64_MAX, INT64_MIN), (INT64_MAX, 1), (INT64_MIN, -1),
            (-1, -1), (True, 2))),
    Kernel("add_f64", ("f64", "f64"), (1.5, 2.25),
           lambda a, b: float(a) + float(b), _FLOAT_CASES),
)}

# Bad inputs, derived from the argument kinds.  Each kind of mistake names the
# exception an extension module raises for it; a path may map it to its own
# (Path.errors) or be known to accept the input (Path.quirks).
_BAD_VALUES = {
    "i64": (("wrong_type", "1"), ("none", None), ("float_for_int", 1.5),
            ("int_overflow", 2**63), ("int_overflow", INT64_MIN - 1),
            ("int_overflow", 2**64 + 5)),
    "f64": (("wrong_type", "1.0"), ("none", None),
            ("float_overflow", 2**1024)),
}
_EXCEPTIONS = {"wrong_type": TypeError, "none": TypeError,
               "float_for_int": TypeError, "int_overflow": OverflowError,
               "float_overflow": OverflowError,
               "too_few": TypeError, "too_many": TypeError}


@dataclass(frozen=True)
class BadCall:
    kind: str               # key of _EXCEPTIONS
    args: tuple


def bad_calls(kernel):
    """Every bad call of a kernel: each bad value in each argument position
    (the others valid), one argument too few and one too many (an int)."""
    calls = []
    good = kernel.bench_args
    for position, arg_kind in enumerate(kernel.arg_kinds):
        for kind, value in _BAD_VALUES[arg_kind]:
            args = good[:position] + (value,) + good[position + 1:]
            calls.append(BadCall(kind, args))
    if good:
        calls.append(BadCall("too_few", good[:-1]))
    calls.append(BadCall("too_many", good + (1,)))
    return calls


# ---------------------------------------------------------------------------
# Paths

@dataclass(frozen=True)
class Path:
    name: str                       # <family>.<variant>
    load: Callable[[], dict]        # -> {kernel name: callable}; may raise
    module: str                     # the module the callables come from
    gil_released: bool = False      # the GIL is released around the kernel
    errors: dict = field(default_factory=dict)   # bad-call kind -> exception
    quirks: dict = field(default_factory=dict)   # bad-call kind -> what happens

    @property
    def family(self):
        return self.name.split(".")[0]

    def expected_error(self, kind):
        return self.errors.get(kind, _EXCEPTIONS[kind])


def _capi(convention):
    """Loader for capi.<convention>: ffibench_capi.<kernel>_<convention>."""
    def load():
        module = importlib.import_module("ffibench_capi")
        suffix = "_" + convention
        return {name[:-len(suffix)]: getattr(module, name)
                for name in dir(module) if name.endswith(suffix)}
    return load


def _ctypes_cdll():
    return importlib.import_module("kernels_ctypes").cdll


# ctypes wraps each conversion error in ctypes.ArgumentError (its message names
# the TypeError or OverflowError); it does not check int ranges, and a cdecl
# function takes extra arguments.  Both are how ctypes behaves for every user,
# so the path keeps them and the tests hold it to exactly them.
_CTYPES_ERRORS = {"wrong_type": ctypes.ArgumentError,
                  "none": ctypes.ArgumentError,
                  "float_for_int": ctypes.ArgumentError,
                  "float_overflow": ctypes.ArgumentError}
_CTYPES_QUIRKS = {"int_overflow": "reduced modulo 2**64, no error",
                  "too_many": "an extra int argument is passed on to C, no error"}

PATHS = {p.name: p for p in (
    Path("capi.noargs", _capi("noargs"), "ffibench_capi"),
    Path("capi.fastcall", _capi("fastcall"), "ffibench_capi"),
    Path("capi.varargs", _capi("varargs"), "ffibench_capi"),
    Path("ctypes.cdll", _ctypes_cdll, "kernels_ctypes", gil_released=True,
         errors=_CTYPES_ERRORS, quirks=_CTYPES_QUIRKS),
)}

BASELINE_PATH = "baseline"
BASELINE_KERNEL = "empty"
MODE = "interp"


# ---------------------------------------------------------------------------
# Rows

@dataclass
class Row:
    kernel: str
    path: str
    mode: str
    function: Optional[Callable]    # None for the baseline and skipped rows
    args: tuple
    gil_released: bool = False
    skipped: str = ""               # empty, or why the row was not measured

    @property
    def name(self):
        """The Google Benchmark name: <kernel>/<path>/<mode>."""
        return f"{self.kernel}/{self.path}/{self.mode}"


def load_path(path):
    """{kernel: callable} for a path, or the reason it could not be loaded."""
    try:
        return path.load(), ""
    except Exception as exc:   # any failure to load skips the path, with why
        return {}, f"{type(exc).__name__}: {exc}"


def rows():
    """The baseline, then every (kernel, path) row, in registry order."""
    result = [Row(BASELINE_KERNEL, BASELINE_PATH, MODE, None, ())]
    for path in PATHS.values():
        functions, reason = load_path(path)
        for kernel in KERNELS.values():
            if reason:
                result.append(Row(kernel.name, path.name, MODE, None,
                                  kernel.bench_args, path.gil_released, reason))
            elif kernel.name in functions:
                result.append(Row(kernel.name, path.name, MODE,
                                  functions[kernel.name], kernel.bench_args,
                                  path.gil_released))
    return result


def timing_loop(nargs, empty=False):
    """A new function loop(n, f, a0, ...) calling f(a0, ...) n times, with f
    and the arguments as locals; the empty loop has no call in its body.

    Every row gets its own, freshly compiled: CPython 3.11+ specialises the
    bytecode of a code object for the callables it meets, so a loop shared by
    two paths would time one of them through a de-specialised call site."""
    params = "".join(f", a{i}" for i in range(nargs))
    body = "pass" if empty else f"f({params[2:]})"
    source = (f"def loop(n, f{params}):\n"
              f"    for _ in range(n):\n"
              f"        {body}\n")
    namespace = {}
    exec(compile(source, "<timing loop>", "exec"), namespace)
    return namespace["loop"]


def bench_rows():
    """What the driver registers: one tuple per row,
    (name, loop, loop_args, batch, label, skipped).

    The driver calls loop(batch, *loop_args) once per batch of `batch` calls
    and reports `label` with the result: the row's tags as key=value words,
    which the summary reads back."""
    result = []
    for row in rows():
        empty = row.path == BASELINE_PATH
        loop = timing_loop(len(row.args), empty)
        loop_args = (row.function,) + tuple(row.args)
        label = f"gil_released={int(row.gil_released)} batch={BATCH}"
        result.append((row.name, loop, loop_args, BATCH, label, row.skipped))
    return result


# ---------------------------------------------------------------------------
# Metadata: the facts a citation needs, into the JSON "context" block.

def _cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _libpython():
    """The libpython mapped into this process, or 'static' if none is."""
    try:
        with open("/proc/self/maps") as f:
            for line in f:
                name = line.split()[-1]
                if "libpython" in os.path.basename(name):
                    return name
    except OSError:
        return "unknown"
    return "static (linked into the executable)"


def _git(*args):
    try:
        out = subprocess.run(["git", "-C", ROOT, *args], capture_output=True,
                             text=True, timeout=10)
        return out.stdout.strip() if out.returncode == 0 else ""
    except (OSError, subprocess.SubprocessError):
        return ""


def _build_info():
    """key=value lines the Makefile writes: compiler, its version, flags."""
    info = {}
    try:
        with open(os.path.join(BUILD, "build-info.txt")) as f:
            for line in f:
                key, sep, value = line.rstrip("\n").partition("=")
                if sep:
                    info["build_" + key] = value
    except OSError:
        info["build_info"] = "missing: build/build-info.txt"
    return info


def metadata():
    """{key: str} describing the machine, the interpreter, the build, and the
    file every binding module was actually loaded from."""
    facts = {
        "cpu_model": _cpu_model(),
        "python_version": platform.python_version(),
        "python_implementation": platform.python_implementation(),
        "python_executable": sys.executable,
        "python_libpython": _libpython(),
        "python_config_args": sysconfig.get_config_var("CONFIG_ARGS") or "",
        "git_commit": _git("rev-parse", "HEAD") or "unknown",
        "git_dirty": ("yes" if _git("status", "--porcelain", "--untracked-files=no")
                      else "no"),
        "timing_batch": str(BATCH),
    }
    facts.update(_build_info())
    for path in PATHS.values():
        module = sys.modules.get(path.module)
        where = getattr(module, "__file__", None) if module else None
        facts["module_" + path.module] = where or "not loaded"
    return facts
