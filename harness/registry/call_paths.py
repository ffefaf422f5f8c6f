"""THE registry of call paths: what is benchmarked, and what the tests check.

The driver (harness/driver/, through harness/registry/protocol.py) and the
tests both read it, so a path cannot be timed without being tested for
correctness, nor the reverse.

- CALL_PATHS: each call path, a CallPath named <family>.<variant>, with a
  loader returning {kernel: callable}, why it cannot express the kernels it
  lacks, and what it is known to do differently on bad input.
- KERNELS (harness/registry/workloads.py): each C kernel with the arguments it
  is timed with, a Python reference of its result, the inputs the tests try,
  and the kinds of its arguments (from which the bad inputs are derived).
- harness/registry/benchmark_rows.py turns the two into the rows the driver times.

Adding a path is one CallPath entry (and its binding); adding a kernel is one
Kernel entry (and its C function and bindings).  The driver needs no change
for either (docs/ARCHITECTURE.md has the checklists).
"""

import array
import ctypes
import importlib
import os
import re
import sys
from dataclasses import dataclass, field, replace
from typing import Callable

from harness import BUILD
from harness.registry import import_dirs  # noqa: F401  (the binding folders first on sys.path)
from harness.registry import metadata
from harness.registry import vocabulary as v
from harness.registry.workloads import (EXCEPTIONS, KERNELS, NDARRAY_KERNELS, NUMPY,
                                        POINT_CLASS, NdArg,
                                        PointArg, make_ndarray, numpy_missing,
                                        split_keywords)


# ---------------------------------------------------------------------------
# Paths

@dataclass(frozen=True)
class CallPath:
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
    # Why it has no argument shapes (keywords, defaults, keyword-only, *args,
    # an optional argument): a path of a module that binds them elsewhere,
    # or a tool whose functions take positional arguments only.
    no_shapes: str = ""
    # The objects workload: "class" (a class over the C struct; its methods
    # are called as methods), "functions" (the struct as ctypes and cffi hold
    # it, passed to the C functions by pointer), or "" (not on this path: a
    # module has one class, timed on one of its paths).
    objects: str = ""
    # Why it has no NumPy functions: a path of a module that binds them on
    # another of its paths, or a tool that cannot read another object's buffer.
    no_numpy: str = ""
    # {kernel: why}: a tool's known leak, that the leak test holds it to: a bad
    # call whose error is in an argument after the first (an array already
    # taken) leaks a reference to the first.
    leaks: dict = field(default_factory=dict)

    @property
    def modes(self):
        return (v.NATIVE_MODE,) if self.native else v.MODES

    def expected_error(self, kind, kernel):
        """The exception of a bad call (a class, or a tuple of the classes one
        of which it raises): the path's for "kind:kernel" (of that kernel
        only) or for kind, else the kind's own (EXCEPTIONS)."""
        if kernel.name in self.wrapped:
            return EXCEPTIONS[kind]
        return self.errors.get(f"{kind}:{kernel.name}") or self.errors.get(kind, EXCEPTIONS[kind])

    def form(self, kernel):
        """How the path reaches the kernel: its form, except that a method of
        a "functions" path is its C function, called with the instance."""
        if kernel.form == "method" and self.objects == "functions":
            return "call"
        return kernel.form

    def why_not(self, kernel):
        """Why the path does not have the kernel."""
        if "objects" in kernel.workloads and not self.objects and not self.native:
            return OBJECTS_ELSEWHERE
        if "shapes" in kernel.workloads and self.no_shapes:
            return self.no_shapes
        if NUMPY in kernel.workloads and (self.no_numpy or numpy_missing()):
            return self.no_numpy or numpy_missing()
        return self.cannot

    def quirk(self, kind, kernel):
        """What the path does instead of raising for this bad call, or "" (a
        quirk keyed "kind:kernel" is of that kernel only)."""
        if kernel.name in self.wrapped:
            return ""
        one = f"{kind}:{kernel.name}"   # "" there: this kernel has not the kind's quirk
        return self.quirks[one] if one in self.quirks else self.quirks.get(kind, "")


OBJECTS_ELSEWHERE = ("a module has one class over the C struct: the objects workload is "
                     "timed on the path of that class (capi.class), not on each calling "
                     "convention or GIL-releasing twin")


@dataclass(frozen=True)
class Arranged:
    """A path's callable whose idiom takes the kernel's arguments in another
    shape: function(*arrange(*args)), arranged when the row is built (outside
    what is timed).  cffi makes a struct with ffi.new("ffk_point *", (x, y))."""
    function: Callable
    arrange: Callable


def arguments(functions, args):
    """args with each instance argument (a PointArg) made by the path's own
    constructor (functions["point_new"]), and each NumPy array (an NdArg)
    made, as a row's or a test's call needs."""
    if not any(isinstance(a, (PointArg, NdArg)) for a in args):
        return args
    return tuple(_called(functions["point_new"], (a.x, a.y)) if isinstance(a, PointArg)
                 else make_ndarray(a) if isinstance(a, NdArg) else a for a in args)


def _called(function, args, extra=None):
    if isinstance(function, Arranged):
        return function.function(*function.arrange(*args), **(extra or {}))
    return function(*args, **(extra or {}))


def call(path, kernel, functions, args, keywords=(), positional=False):
    """Calls a path's function for kernel (functions: the path's loaded dict)
    with args the way the path is timed: positionally, by keyword (extra
    arguments as extra keywords), as a native loop of one call, or as a
    method or attribute of the instance in args[0]; a kernel's trailing
    arguments by its keyword names (Kernel.keywords), unless `positional`;
    `keywords` ((name, value) pairs) are passed by keyword in every case.
    Instance arguments (PointArg) are made by the path first (arguments())."""
    function, args, extra = functions[kernel.name], arguments(functions, args), dict(keywords)
    if kernel.keywords and not positional:
        args, named = split_keywords(kernel, args)
        extra.update(named)
    form = path.form(kernel)
    if form == "method":
        return getattr(args[0], kernel.member)(*args[1:], **extra)
    if form == "get":
        return getattr(args[0], kernel.member)
    if form == "set":
        setattr(args[0], kernel.member, *args[1:])
        return None
    if path.native:
        return function(1, *args, **extra)
    if path.by_keyword:
        names = kernel.arg_names + tuple(f"extra{i}" for i in range(len(args)))
        return function(**dict(zip(names, args)), **extra)
    return _called(function, args, extra)


def _module_functions(module_name, template, kernels=None, objects=False, lacks=()):
    """Loader: {kernel: module.<template.format(kernel)>} for the kernels the
    module has (or only `kernels`; not `lacks`, which it cannot express); with
    objects, and the objects workload from its class (object_functions)."""
    def load():
        module = importlib.import_module(module_name)
        wanted = kernels or [k for k in KERNELS if "objects" not in KERNELS[k].workloads
                             and k not in lacks]
        names = {k: template.format(KERNELS[k].function_name) for k in wanted}
        found = {k: getattr(module, name) for k, name in names.items() if hasattr(module, name)}
        return {**found, **(object_functions(module) if objects else {})}
    return load


def object_functions(module, variant="", lacks=()):
    """{kernel: callable} of the objects workload from a module with a class
    over the C struct: the class (point_new), its methods as the class holds
    them (unbound: vectorcall mode calls them with the instance first, as the
    interpreter does after its method lookup), the module's functions, and
    the class for an attribute (reached on the instance, never called).  A
    variant's class and functions are named Point<Variant>, <function>_<variant>;
    `lacks`: the kernels its idiom cannot express."""
    cls = getattr(module, POINT_CLASS + variant.capitalize())
    found = {}
    for name, kernel in KERNELS.items():
        if "objects" not in kernel.workloads or name in lacks:
            continue
        if kernel.form == "method":
            found[name] = getattr(cls, kernel.member)
        elif kernel.form == "call":
            found[name] = getattr(module, "_".join(filter(None, (name, variant))))
        else:
            found[name] = cls
    return found


def _class_path(module_name, variant="", lacks=()):
    """Loader: only the objects workload, from the module's class (or its
    variant's)."""
    return lambda: object_functions(importlib.import_module(module_name), variant, lacks)


# The faster variants of a class that the tools' docs offer, each a path of
# the objects workload only.
_VARIANT_CANNOT = "a variant of the module's class: the objects workload only"
_FROZEN_LACKS = ("point_shift", "point_set_x")
_FROZEN_CANNOT = (f"{_VARIANT_CANNOT}; frozen is immutable: no method that changes the "
                  "object, no setter")


def _attribute(module_name, attribute):
    """Loader: the {kernel: callable} dict module.<attribute>."""
    def load():
        return getattr(importlib.import_module(module_name), attribute)
    return load


def _cffi_lib(module_name):
    """Loader: the kernels of a cffi module (ffi, lib), as kernels_cdef
    presents them (a (function, arrange) pair: Arranged)."""
    def load():
        module = importlib.import_module(module_name)
        functions = importlib.import_module("kernels_cdef").kernel_functions(
            module.ffi, module.lib)
        return {k: Arranged(*f) if isinstance(f, tuple) else f for k, f in functions.items()}
    return load


def _cffi_paths(version, abi_module, api_module, needs):
    """cffi.<version>abi and cffi.<version>api: one cffi's ABI mode (the
    kernels' library dlopen-ed by abi_module) and API mode (api_module's
    compiled lib), both releasing the GIL around the C call."""
    return [CallPath(f"cffi.{version}{mode}", _cffi_lib(module), module, gil_released=True,
                     needs=needs, sweeps=True, objects="functions",
                     no_shapes=_POSITIONAL_ONLY.format("cffi"), quirks=_CFFI_QUIRKS)
            for mode, module in (("abi", abi_module), ("api", api_module))]


_WITH_ARGS = [k for k, kernel in KERNELS.items() if kernel.arg_names]

# The tools harness/provision/check_tools.sh looks for (build/tools.mk).
VENV_TOOLS = ("NANOBIND", "PYBIND11_V3", "CYTHON3", "HPY", "PYO3", "CFFI2", "SWIG_V4_5",
              "CPPYY")


# PyArg_ParseTuple's "s#" takes a read-only bytes-like object as well as a str.
_S_HASH_QUIRKS = {"bytes_for_str": "bytes accepted for str by \"s#\", passed as "
                                   "they are"}


# The C API's argument shapes are one path's, in the idiom its docs teach for
# keywords and defaults: METH_VARARGS | METH_KEYWORDS, PyArg_ParseTupleAndKeywords.
_CAPI_SHAPES_ELSEWHERE = ("the C API's argument shapes are bound once, on varargs_kw "
                          "(PyArg_ParseTupleAndKeywords, the idiom its docs teach)")


# The C API's NumPy functions (the buffer protocol in, numpy.empty out) are one
# path's, on METH_FASTCALL: the other conventions would add what they add to
# every call, measured on the calls kernels.
_CAPI_NUMPY_ELSEWHERE = ("the C API's NumPy functions are bound once, on fastcall (the other "
                         "conventions' cost per call is measured on the calls kernels)")


def _c_api_paths(family, module, sweeps, needs=""):
    """The C-API paths of one module (ffibench_capi or its abi3 twin); with
    sweeps, its fastcall and varargs paths take part in the workload sweeps."""
    def conv(convention, **kw):
        kw.setdefault("no_shapes", "" if convention == "varargs_kw" else _CAPI_SHAPES_ELSEWHERE)
        kw.setdefault("no_numpy", "" if convention == "fastcall" else _CAPI_NUMPY_ELSEWHERE)
        return CallPath(f"{family}.{convention}",
                    _module_functions(module, "{}_" + convention), module, needs=needs, **kw)
    return [
        CallPath(f"{family}.class", _class_path(module), module, needs=needs,
                 objects="class", cannot="a heap type over the C struct: the objects "
                 "workload only (the functions are timed on each calling convention)"),
        conv("noargs", cannot="METH_NOARGS takes no arguments"),
        conv("o", cannot="METH_O takes exactly one argument"),
        conv("fastcall", sweeps=sweeps),
        conv("fastcall_kw"),
        CallPath(f"{family}.fastcall_kw_kwcall",
             _module_functions(module, "{}_fastcall_kw", _WITH_ARGS), module,
             by_keyword=True, cannot="no arguments to pass by keyword", needs=needs,
             no_shapes=_CAPI_SHAPES_ELSEWHERE, no_numpy=_CAPI_NUMPY_ELSEWHERE),
        conv("fastcall_nogil", gil_released=True),
        conv("varargs", sweeps=sweeps, quirks=_S_HASH_QUIRKS),
        conv("varargs_kw", quirks=_S_HASH_QUIRKS),
        CallPath(f"{family}.varargs_kw_kwcall",
             _module_functions(module, "{}_varargs_kw", _WITH_ARGS), module,
             by_keyword=True, cannot="no arguments to pass by keyword",
             quirks=_S_HASH_QUIRKS, needs=needs, no_shapes=_CAPI_SHAPES_ELSEWHERE,
             no_numpy=_CAPI_NUMPY_ELSEWHERE),
    ]


# ctypes wraps each conversion error in ctypes.ArgumentError (its message names
# the TypeError or OverflowError); it does not check int ranges, and a cdecl
# function takes extra arguments.  Both are how ctypes behaves for every user,
# so the paths keep them and the tests hold them to exactly that.
_CTYPES_ERRORS = {"wrong_type": ctypes.ArgumentError,
                  "none": ctypes.ArgumentError,
                  "float_for_int": ctypes.ArgumentError,
                  "float_overflow": ctypes.ArgumentError,
                  # a Structure's field is set without a call: a plain TypeError
                  **{f"{kind}:point_set_x": TypeError
                     for kind in ("wrong_type", "none", "float_for_int")},
                  # numpy.ctypeslib.ndpointer refuses an array in the call (and
                  # len(None), before it, is a TypeError)
                  **{f"{kind}:{kernel}": ctypes.ArgumentError
                     for kind in ("wrong_type", "wrong_format", "non_contiguous", "wrong_dims",
                                  "read_only")
                     for kernel in NDARRAY_KERNELS},
                  "none:ndarray_sum": TypeError,
                  # None for x: len(None)'s TypeError; for k: ctypes' ArgumentError
                  **{f"none:{kernel}": (TypeError, ctypes.ArgumentError)
                     for kernel in ("ndarray_scaled", "ndarray_scale")}}
# A quirk that takes the process down starts with this (the tests check it
# in a process of their own; the safety matrix records the signal).
CRASHES = "crashes:"
_CTYPES_QUIRKS = {"none:point_dot": f"{CRASHES} ctypes passes None to a POINTER argument "
                                    "as NULL, and the kernel reads it",
                  "int_overflow": "reduced modulo 2**64, no error",
                  "too_many": "an extra int argument is passed on to C, no error",
                  "unknown_keyword": "keyword arguments are ignored, no error",
                  # the NumPy functions are Python functions (they pass the
                  # length): their own arity is checked
                  **{f"{kind}:{kernel}": "" for kind in ("too_many", "unknown_keyword")
                     for kernel in NDARRAY_KERNELS}}
_CTYPES_WRAPPED = ("sum_f64_buf", "len_bytes", "len_str", "callback")  # kernels_ctypes


def _run_time_functions(module_name, attribute, ndarrays=None):
    """Loader of a binding made at run time (ctypes, cppyy): the dict
    <module>.<attribute>, and its NumPy functions, ndarrays(module) (made on
    request, NumPy imported then), where NumPy is installed."""
    def load():
        module = importlib.import_module(module_name)
        functions = getattr(module, attribute)   # {} where ctypes has no PyDLL (PyPy)
        if functions and ndarrays and not numpy_missing():
            functions = {**functions, **ndarrays(module)}
        return functions
    return load


def _ctypes_functions(name, loader):
    """Loader: kernels_ctypes.<name>, with its NumPy functions through `loader`."""
    return _run_time_functions("kernels_ctypes", name,
                               lambda module: module.ndarray_functions(loader))


# cffi's ffi.from_buffer("double[]", x) sees an array's bytes: it checks
# neither the dtype nor the dimensions (workloads.QUIRK_RESULTS says what the
# kernel then computes).
_CFFI_QUIRKS = {f"{kind}:{kernel}": f"{what} accepted by ffi.from_buffer, its bytes read "
                                    "as doubles"
                for kind, what in (("wrong_format", "an array of another dtype"),
                                   ("wrong_dims", "a 2-D array"))
                for kernel in NDARRAY_KERNELS}
# A C function reached through libffi takes its parameters positionally.
_POSITIONAL_ONLY = ("{} calls a C function with its parameters in order: no keyword "
                    "arguments, defaults, keyword-only arguments or *args")
# pybind11 reports every failed conversion of an argument as a TypeError
# ("incompatible function arguments"), overflow and unencodable str included,
# and a callback result it cannot convert as a RuntimeError ("Unable to cast");
# its std::string caster takes bytes as well as str.
# py::array_t<double, c_style> with noconvert(): an array of another dtype or
# layout does not match the signature either (TypeError); the dimensions are
# checked by the function (ValueError).
_PYBIND11_ERRORS = {"int_overflow": TypeError, "float_overflow": TypeError,
                    "surrogate": TypeError, "callback_wrong_type": RuntimeError,
                    **{f"{kind}:{kernel}": TypeError for kind in ("wrong_format", "non_contiguous")
                       for kernel in NDARRAY_KERNELS}}
_PYBIND11_QUIRKS = {"bytes_for_str": "bytes accepted for str by the std::string "
                                     "caster, passed as they are"}
_PYBIND11_V2_NO_NUMPY = ("Debian's pybind11 2.10 predates NumPy 2 support (pybind/pybind11#5009, "
                         "fixed in 2.12 by #5050): against NumPy 2 its array_t reads a dtype's "
                         "itemsize as 0, and a new array it made came back as zeros; its NumPy "
                         "functions are built from 2.12 on (pybind11.v3 has them)")


# nanobind, like pybind11, reports every failed conversion of an argument as a
# TypeError ("incompatible function arguments"): overflow, and a buffer its
# nb::ndarray refuses (format, dimensions, layout), included; a callback
# result it cannot convert is a RuntimeError (nb::cast_error).
_NANOBIND_ERRORS = {"int_overflow": TypeError, "float_overflow": TypeError,
                    "wrong_format": TypeError, "wrong_dims": TypeError,
                    "non_contiguous": TypeError, "read_only": TypeError,
                    "callback_wrong_type": RuntimeError}
# PyO3's PyBuffer<f64> refuses a buffer of another item type with BufferError;
# the numpy crate's arrays refuse another dtype, dimensions or a read-only
# array where it writes (extraction) and a non-contiguous one (as_slice) with
# TypeError.
_PYO3_ERRORS = {"wrong_format": BufferError,
                **{f"{kind}:{kernel}": TypeError for kind in ("wrong_format", "wrong_dims",
                   "non_contiguous", "read_only") for kernel in NDARRAY_KERNELS}}
# HPy raises what the C API does: HPyArg_Parse is PyArg_ParseTuple's twin.
_HPY_ERRORS = {}
# HPy 0.9's HPyArg_ParseKeywords (its src/runtime/argparse.c, parse_keywords)
# checks neither for positional arguments beyond its format nor for keywords
# it does not know: both are ignored.
_HPY_KEYWORDS = ("defaults_omitted", "defaults_by_name", "defaults_positional", "kwonly",
                 "optional_none")
_HPY_QUIRKS = {
    **{f"too_many:{k}": "extra positional arguments ignored by HPyArg_ParseKeywords "
                        "(HPy 0.9)" for k in _HPY_KEYWORDS if k != "kwonly"},
    **{f"unknown_keyword:{k}": "a keyword it does not know ignored by HPyArg_ParseKeywords "
                               "(HPy 0.9)" for k in _HPY_KEYWORDS}}
_HPY_NO_NUMPY = ("HPy 0.9 exports buffers but has no call to read another object's "
                 "buffer, and NumPy has no HPy API: no array in or out")
_HPY_CANNOT = ("HPy 0.9 exports buffers but has no call to read another "
               "object's buffer: sum_f64_buf cannot be written in HPy; its add_i64 is "
               "HPyFunc_VARARGS, positional only like METH_FASTCALL (HPy's keywords are "
               "timed on its argument shapes, HPyFunc_KEYWORDS)")

# SWIG's typemaps for a C double turn an int too large for one into their
# TypeError; its typemap for a pointer and a size reports a str it cannot
# encode as a TypeError too.  constraints.i's NONNULL (None would be a NULL
# pointer) raises ValueError in SWIG 4.1, TypeError in 4.5.  The buffers are
# checked by ext/f64_buffer.h, as the C API's are.
_SWIG_ERRORS = {"float_overflow": TypeError, "surrogate": TypeError}
_SWIG_V4_1_ERRORS = {**_SWIG_ERRORS, "none:point_dot": ValueError}
_SWIG_QUIRKS = {"none:len_str": "None accepted by SWIG's (char *STRING, size_t LENGTH) typemap "
                                "as a NULL pointer of size SIZE_MAX (its size of 0, less one)"}
# -builtin makes a method without arguments a METH_NOARGS-like wrapper that
# is handed the keywords and never looks at them.
_SWIG_BUILTIN_QUIRKS = {**_SWIG_QUIRKS, "unknown_keyword:point_sum": "keyword arguments "
                        "ignored by -builtin's wrapper of a method without arguments"}
_SWIG_CANNOT = ("SWIG wraps C declarations: a C parameter has no keyword-only form, C's "
                "varargs (...) are not Python's *args, and its int64_t typemap refuses "
                "None (an optional argument would be a typemap of our own)")


def _swig_paths(version, module, needs, errors):
    """swig.<version> (SWIG's default mode: the proxy module `module` over
    the compiled _<module>) and swig.<version>_builtin (-builtin), each with
    its _nogil twin: one interface file, ext/swig/ffibench_swig.i."""
    paths = []
    for mode, quirks in (("", _SWIG_QUIRKS), ("_builtin", _SWIG_BUILTIN_QUIRKS)):
        name = module + mode
        paths += [
            CallPath(f"swig.{version}{mode}", _module_functions(name, "{}", objects=True), name,
                     needs=needs, errors=errors, quirks=quirks, sweeps=True,
                     objects="class", cannot=_SWIG_CANNOT),
            CallPath(f"swig.{version}{mode}_nogil", _module_functions(name, "{}_nogil",
                                                                      _NOGIL_KERNELS),
                     name, needs=needs, errors=errors, gil_released=True, **_NOGIL_PATH)]
    return paths


# Boost.Python reports an argument it cannot convert as its ArgumentError (a
# TypeError); its std::string converter takes bytes as well as str.
_BOOST_PYTHON_QUIRKS = {"bytes_for_str": "bytes accepted for str by Boost.Python's "
                                         "std::string converter, passed as they are"}


# cppyy: the kernels whose C function a Python function of
# ext/cppyy/kernels_cppyy.py calls (the NumPy functions among them).
_CPPYY_WRAPPED = ("sum_f64_buf", "len_bytes", "len_str", "callback", "fail_if_negative",
                  *NDARRAY_KERNELS)
_CPPYY_CANNOT = ("cppyy calls the C declarations: their parameters by position or by "
                 "name, but C has no defaults, keyword-only parameters, *args or "
                 "optional values")


# A typed memoryview asks the exporter for a C-contiguous buffer, and a
# strided memoryview refuses with BufferError (a NumPy array: ValueError).
_CYTHON_ERRORS = {"non_contiguous": BufferError,
                  **{f"non_contiguous:{kernel}": ValueError for kernel in NDARRAY_KERNELS}}
# Cython 0.29 leaks a reference to a typed memoryview argument when a later
# argument fails to convert (its wrapper returns before the function that
# releases the view: cython/cython#4296, fixed in Cython 3.0 by #4848).
_CYTHON_0_29_LEAKS = {kernel: "a reference to the array leaks when k fails to convert "
                              "(cython/cython#4296, fixed in Cython 3.0)"
                      for kernel in ("ndarray_scaled", "ndarray_scale")}
# Cython (0.29 and 3.3 alike) converts a float argument to a C integer with
# __int__, truncating.
_CYTHON_QUIRKS = {"float_for_int": "truncated to int (Cython converts with __int__)"}

# The kernels the GIL-releasing twins of nanobind and PyO3 define: those of
# the "calls" workloads and the buffer (the threads workload's kernel).
_NOGIL_KERNELS = ("noop", "add_i64", "add_f64", "sum_f64_buf")
_NOGIL_CANNOT = ("the GIL-releasing twin is defined for the kernels of the calls "
                 "workloads and the buffer; the others convert their arguments "
                 "exactly as the path without _nogil")
_NOGIL_PATH = {"cannot": _NOGIL_CANNOT, "no_shapes": _NOGIL_CANNOT}

# What PyPy (7.3: cpyext for the C API, its own ctypes) does differently on
# bad input, found by tests/built/test_paths.py run on it: path name ->
# (errors, quirks), added to the path's on PyPy only.
_BYTEARRAY_QUIRK = {"wrong_type:len_bytes": "a bytearray accepted for bytes by PyPy's \"y#\" "
                                            "(cpyext), passed as it is"}
_CYTHON_ON_PYPY = ({"non_contiguous": ValueError}, {})   # PyPy's memoryview says ValueError
ON_PYPY = {
    "capi.varargs": ({}, _BYTEARRAY_QUIRK),
    "capi.varargs_kw": ({}, _BYTEARRAY_QUIRK),
    "capi.varargs_kw_kwcall": ({}, _BYTEARRAY_QUIRK),
    # PyPy's ctypes does not wrap the OverflowError of an int too large for a double
    "ctypes.cdll": ({"float_overflow": OverflowError}, {}),
    "cython.v0_29": _CYTHON_ON_PYPY, "cython.v0_29_nogil": _CYTHON_ON_PYPY,
    "cython.v3": _CYTHON_ON_PYPY, "cython.v3_nogil": _CYTHON_ON_PYPY,
}


# HPy 0.9 does not support CPython 3.13 (hpyproject/hpy#490): CPython took
# bit 2 of tp_flags, which HPy uses to mark its types, and a method call on an
# instance of an HPy type crashed in the specializer's attribute lookup here
# (3.13.5, both ABIs; hpyproject/hpy#493).  Its module still loads and its
# functions work; its class is not used.
_HPY_OBJECTS_FROM = (3, 13)
_HPY_NO_OBJECTS = ("HPy 0.9 does not support CPython 3.13 and later (hpyproject/hpy#490): a "
                   "method call on an instance of its type crashes CPython's specializer "
                   "(hpyproject/hpy#493), so the objects workload is left out here")


def _without_objects(load):
    def loader():
        return {k: f for k, f in load().items() if "objects" not in KERNELS[k].workloads}
    return loader


def _on_this_interpreter(path):
    """The path as this interpreter runs it (ON_PYPY's differences on PyPy;
    HPy's class left out from CPython 3.13 on)."""
    if (path.name.startswith("hpy.") and sys.implementation.name == "cpython"
            and sys.version_info >= _HPY_OBJECTS_FROM):
        return replace(path, load=_without_objects(path.load),
                       cannot=f"{path.cannot}; {_HPY_NO_OBJECTS}")
    if sys.implementation.name != "pypy" or path.name not in ON_PYPY:
        return path
    errors, quirks = ON_PYPY[path.name]
    return replace(path, errors={**path.errors, **errors}, quirks={**path.quirks, **quirks})


# The python.def floor's class has plain attributes: x takes any value.
_PLAIN_ATTRIBUTE_QUIRKS = {f"{kind}:point_set_x": "a plain Python attribute takes any value"
                           for kind in ("wrong_type", "none", "float_for_int", "int_overflow")}

CALL_PATHS = {p.name: _on_this_interpreter(p) for p in (
    *_c_api_paths("capi", "ffibench_capi", sweeps=True),
    *_c_api_paths("abi3", "ffibench_abi3", sweeps=False, needs="ABI3"),
    CallPath("ctypes.cdll", _ctypes_functions("cdll", ctypes.CDLL), "kernels_ctypes",
         gil_released=True, errors=_CTYPES_ERRORS, quirks=_CTYPES_QUIRKS,
         wrapped=_CTYPES_WRAPPED, sweeps=True, objects="functions",
         no_shapes=_POSITIONAL_ONLY.format("ctypes")),
    CallPath("ctypes.cdll_untyped", _attribute("kernels_ctypes", "cdll_untyped"),
         "kernels_ctypes", gil_released=True,
         cannot="without argtypes ctypes passes an int as a C int and refuses a "
                "float: only kernels without arguments are called correctly",
         no_shapes=_POSITIONAL_ONLY.format("ctypes"),
         quirks={k: _CTYPES_QUIRKS[k] for k in ("too_many", "unknown_keyword")}),
    CallPath("ctypes.pydll", _ctypes_functions("pydll", getattr(ctypes, "PyDLL", None)),
         "kernels_ctypes",
         needs="PYDLL", errors=_CTYPES_ERRORS, quirks=_CTYPES_QUIRKS, wrapped=_CTYPES_WRAPPED,
         no_shapes=_POSITIONAL_ONLY.format("ctypes")),
    *_cffi_paths("", "kernels_cffi_abi", "ffibench_cffi", "CFFI"),
    # The same two modes through cffi 2 from PyPI (build/cffi2), beside the
    # interpreter's own cffi in the same process (cffi_bindings/cffi2_loader.py).
    *_cffi_paths("v2_", "kernels_cffi2_abi", "kernels_cffi2_api", "CFFI2"),
    # One .pyx (ext/cython/ffibench_cython.pyx) through Debian's Cython 0.29 and
    # through Cython 3 (build/venv).
    CallPath("cython.v0_29", _module_functions("ffibench_cython", "{}", objects=True),
         "ffibench_cython", needs="CYTHON", quirks=_CYTHON_QUIRKS,
         errors=_CYTHON_ERRORS, sweeps=True, objects="class", leaks=_CYTHON_0_29_LEAKS),
    CallPath("cython.v3", _module_functions("ffibench_cython3", "{}", objects=True),
         "ffibench_cython3", needs="CYTHON3", quirks=_CYTHON_QUIRKS,
         errors=_CYTHON_ERRORS, sweeps=True, objects="class"),
    # Their classes as @cython.final and @cython.freelist(8).
    *(CallPath(f"cython.{version}_final", _class_path(module, "final"), module, needs=tool,
               quirks=_CYTHON_QUIRKS, errors=_CYTHON_ERRORS, objects="class",
               cannot=_VARIANT_CANNOT)
      for version, module, tool in (("v0_29", "ffibench_cython", "CYTHON"),
                                    ("v3", "ffibench_cython3", "CYTHON3"))),
    # Their twins with the GIL released around the kernel (`with nogil`).
    CallPath("cython.v0_29_nogil",
         _module_functions("ffibench_cython", "{}_nogil", _NOGIL_KERNELS),
         "ffibench_cython", needs="CYTHON", quirks=_CYTHON_QUIRKS, errors=_CYTHON_ERRORS,
         gil_released=True, **_NOGIL_PATH),
    CallPath("cython.v3_nogil",
         _module_functions("ffibench_cython3", "{}_nogil", _NOGIL_KERNELS),
         "ffibench_cython3", needs="CYTHON3", quirks=_CYTHON_QUIRKS, errors=_CYTHON_ERRORS,
         gil_released=True, **_NOGIL_PATH),
    # One .cpp (ext/pybind11/ffibench_pybind11.cpp) against Debian's pybind11 2.10 and
    # against pybind11 3 (build/venv).
    CallPath("pybind11.v2", _module_functions("ffibench_pybind11", "{}", objects=True),
         "ffibench_pybind11", needs="PYBIND11", errors=_PYBIND11_ERRORS,
         quirks=_PYBIND11_QUIRKS, sweeps=True, objects="class",
         no_numpy=_PYBIND11_V2_NO_NUMPY),
    CallPath("pybind11.v3", _module_functions("ffibench_pybind11_v3", "{}", objects=True),
         "ffibench_pybind11_v3", needs="PYBIND11_V3", errors=_PYBIND11_ERRORS,
         quirks=_PYBIND11_QUIRKS, sweeps=True, objects="class"),
    # Their classes with py::is_final().
    *(CallPath(f"pybind11.{version}_final", _class_path(module, "final"), module, needs=tool,
               errors=_PYBIND11_ERRORS, quirks=_PYBIND11_QUIRKS, objects="class",
               cannot=_VARIANT_CANNOT)
      for version, module, tool in (("v2", "ffibench_pybind11", "PYBIND11"),
                                    ("v3", "ffibench_pybind11_v3", "PYBIND11_V3"))),
    # Their twins with the GIL released around the kernel (py::call_guard).
    CallPath("pybind11.v2_nogil",
         _module_functions("ffibench_pybind11", "{}_nogil", _NOGIL_KERNELS),
         "ffibench_pybind11", needs="PYBIND11", errors=_PYBIND11_ERRORS,
         gil_released=True, **_NOGIL_PATH),
    CallPath("pybind11.v3_nogil",
         _module_functions("ffibench_pybind11_v3", "{}_nogil", _NOGIL_KERNELS),
         "ffibench_pybind11_v3", needs="PYBIND11_V3", errors=_PYBIND11_ERRORS,
         gil_released=True, **_NOGIL_PATH),
    CallPath("nanobind.def", _module_functions("ffibench_nanobind", "{}", objects=True),
         "ffibench_nanobind", needs="NANOBIND", errors=_NANOBIND_ERRORS,
         sweeps=True, objects="class"),
    CallPath("nanobind.def_final", _class_path("ffibench_nanobind", "final"),
         "ffibench_nanobind", needs="NANOBIND", errors=_NANOBIND_ERRORS, objects="class",
         cannot=_VARIANT_CANNOT),
    CallPath("nanobind.def_nogil",
         _module_functions("ffibench_nanobind", "{}_nogil", _NOGIL_KERNELS),
         "ffibench_nanobind", needs="NANOBIND", errors=_NANOBIND_ERRORS,
         gil_released=True, **_NOGIL_PATH),
    CallPath("pyo3.def", _module_functions("ffibench_pyo3", "{}", objects=True), "ffibench_pyo3",
         needs="PYO3", errors=_PYO3_ERRORS, sweeps=True, objects="class"),
    CallPath("pyo3.def_frozen", _class_path("ffibench_pyo3", "frozen", _FROZEN_LACKS),
         "ffibench_pyo3", needs="PYO3", errors=_PYO3_ERRORS, objects="class",
         cannot=_FROZEN_CANNOT),
    CallPath("pyo3.def_nogil", _module_functions("ffibench_pyo3", "{}_nogil", _NOGIL_KERNELS),
         "ffibench_pyo3", needs="PYO3", errors=_PYO3_ERRORS, gil_released=True,
         **_NOGIL_PATH),
    # One C file (ext/hpy/ffibench_hpy.c) built for HPy's CPython ABI and for its
    # universal ABI (loaded by hpy.universal through its stub).
    CallPath("hpy.cpython", _module_functions("ffibench_hpy_cpython", "{}", objects=True,
                                                       lacks=("add_i64_kw",)),
         "ffibench_hpy_cpython", needs="HPY", errors=_HPY_ERRORS, quirks=_HPY_QUIRKS, sweeps=True,
         cannot=_HPY_CANNOT, no_numpy=_HPY_NO_NUMPY, objects="class"),
    CallPath("hpy.universal", _module_functions("ffibench_hpy_universal", "{}", objects=True,
                                                         lacks=("add_i64_kw",)),
         "ffibench_hpy_universal", needs="HPY", errors=_HPY_ERRORS, quirks=_HPY_QUIRKS,
         sweeps=True,
         cannot=_HPY_CANNOT, no_numpy=_HPY_NO_NUMPY, objects="class"),
    # One interface file (ext/swig/ffibench_swig.i) through Debian's SWIG 4.1 and
    # through SWIG 4.5 (build/venv), in its default mode and with -builtin.
    *_swig_paths("v4_1", "ffibench_swig", "SWIG", _SWIG_V4_1_ERRORS),
    *_swig_paths("v4_5", "ffibench_swig_v4_5", "SWIG_V4_5", _SWIG_ERRORS),
    CallPath("boost_python.def", _module_functions("ffibench_boost_python", "{}", objects=True),
         "ffibench_boost_python", needs="BOOST_PYTHON", quirks=_BOOST_PYTHON_QUIRKS,
         sweeps=True, objects="class",
         cannot="Boost.Python has no keyword-only arguments (its arg() names parameters "
                "that may be given either way)"),
    CallPath("boost_python.def_nogil",
         _module_functions("ffibench_boost_python", "{}_nogil", _NOGIL_KERNELS),
         "ffibench_boost_python", needs="BOOST_PYTHON", quirks=_BOOST_PYTHON_QUIRKS,
         gil_released=True, **_NOGIL_PATH),
    # cppyy: kernels.h parsed and build/libkernels.so loaded at run time.
    CallPath("cppyy.gbl", _run_time_functions("kernels_cppyy", "gbl",
                                                  lambda module: module.ndarray_kernels()),
         "kernels_cppyy",
         needs="CPPYY", wrapped=_CPPYY_WRAPPED, sweeps=True, objects="functions",
         cannot=_CPPYY_CANNOT),
    CallPath("cppyy.gbl_nogil", _run_time_functions("kernels_cppyy", "gbl_nogil"), "kernels_cppyy",
         needs="CPPYY", wrapped=_CPPYY_WRAPPED, gil_released=True, **_NOGIL_PATH),
    CallPath("python.def", _module_functions("python_floor", "{}", objects=True), "python_floor",
         sweeps=True, floor=True, objects="class", quirks=_PLAIN_ATTRIBUTE_QUIRKS),
    CallPath("c.direct", _module_functions("ffibench_direct", "loop_{}"),
         "ffibench_direct", native=True, sweeps=True, floor=True,
         cannot="the callback is a Python callable: calling it from C is what "
                "the capi paths do; the objects are Python objects: the C floor of "
                "their functions is the calls kernels' (a call of a few instructions)",
         no_shapes="the argument shapes are Python's: a C loop passes C values"),
)}

# The paths a SANITIZER build leaves out (the Makefile does not build their
# module), and why: the sanitizer suite checks the project's C code; PyO3's
# module is Rust glue around the same kernel object, checked by the plain
# suite.
SANITIZER_LEAVES_OUT = {
    "pyo3": "not in a SANITIZER build: PyO3's Rust code cannot be built with the "
            "sanitizers on stable Rust, and its module, linking the instrumented "
            "kernel object, crashed the interpreter at exit under ASan (glibc "
            "found its .fini_array zeroed)"}
# LEFT_OUT: {path: why} of the paths this build leaves out of CALL_PATHS;
# what reads results made by another build (the README's reference) names
# paths from both.
LEFT_OUT = {}
if "-fsanitize" in metadata.build_info().get("build_cflags", ""):
    LEFT_OUT = {name: SANITIZER_LEAVES_OUT[name.split(".")[0]] for name in CALL_PATHS
                if name.split(".")[0] in SANITIZER_LEAVES_OUT}
    CALL_PATHS = {name: p for name, p in CALL_PATHS.items() if name not in LEFT_OUT}

# Untyped ctypes given what the kernel's Python-level call takes: each call
# passes the C function's arguments as a user who forgot argtypes would;
# `python_args` is the same call through a correct binding, whose result (the
# kernel's reference) the safety matrix compares with what came back.  Not
# tested for an outcome (one of them crashes the process): recorded by the
# safety matrix in a subprocess.
@dataclass(frozen=True)
class UntypedCall:
    kind: str
    kernel: str
    c_args: tuple
    python_args: tuple


UNTYPED_PATH = "ctypes.cdll_untyped"
UNTYPED_CALLS = (
    UntypedCall("untyped_small_int", "add_i64", (12345, 67890), (12345, 67890)),
    UntypedCall("untyped_large_int", "add_i64", (2**40, 1), (2**40, 1)),
    UntypedCall("untyped_negative_int", "add_i64", (-5, 2), (-5, 2)),
    UntypedCall("untyped_float", "add_f64", (1.5, 2.25), (1.5, 2.25)),
    UntypedCall("untyped_list_for_pointer", "sum_f64_buf", ([1.0, 2.0], 2),
                (array.array("d", [1.0, 2.0]),)),
    UntypedCall("untyped_str_for_char_pointer", "len_bytes", ("abc", 3), (b"abc",)),
    # an int where the C function pointer goes: the kernel calls address 5
    UntypedCall("untyped_int_for_function_pointer", "callback", (5, None, 3),
                (lambda i: i, 3)),
    UntypedCall("untyped_error_code", "fail_if_negative", (-1,), (-1,)),
)


def untyped_functions():
    """{kernel: foreign function without argtypes} for UNTYPED_CALLS."""
    return importlib.import_module("kernels_ctypes").untyped_foreign()


# Why the paths without `sweeps` are not timed on the workload sweeps (their
# bindings are still tested on every kernel they have).
NOT_SWEPT = ("the sweeps time one path per conversion mechanism: the other C-API "
             "conventions and the abi3 twins add a per-call constant, measured "
             "on the calls kernels, and would double the run time")


def config_skips():
    """{tool: reason} from the SKIP_<tool> lines check_deps.sh and
    check_tools.sh wrote (a tool of build/venv with no tools.mk yet: not
    checked, so skipped with that reason)."""
    skips = {}
    for name in ("config.mk", "tools.mk"):
        try:
            # UTF-8: a reason may quote a compiler (‘’), and the embedded
            # driver's interpreter may run in the C locale
            with open(os.path.join(BUILD, name), encoding="utf-8", errors="replace") as f:
                for line in f:
                    match = re.match(r"SKIP_(\w+) := (.*)", line.strip())
                    if match:
                        skips[match.group(1)] = match.group(2)
        except OSError:
            if name == "tools.mk":
                for tool in VENV_TOOLS:
                    skips[tool] = "not checked: build/tools.mk is missing (run make)"
    return skips


def load_path(path):
    """{kernel: callable} for a path, or the reason it could not be loaded;
    without the argument shapes where the path has none (no_shapes: its
    functions may still be found under their names, add_i64 for add_i64_kw),
    nor the NumPy functions where it has none or NumPy is not installed."""
    reason = config_skips().get(path.needs) if path.needs else None
    if reason:
        return {}, reason
    try:
        loaded = path.load()
    except Exception as exc:   # any failure to load skips the path, with why
        return {}, f"{type(exc).__name__}: {exc}"
    if path.no_shapes:
        loaded = {k: f for k, f in loaded.items() if "shapes" not in KERNELS[k].workloads}
    if path.no_numpy or numpy_missing():
        loaded = {k: f for k, f in loaded.items() if NUMPY not in KERNELS[k].workloads}
    return loaded, ""
