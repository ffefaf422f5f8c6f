"""The kernels through cppyy, as its documentation binds a C library at run
time: kernels/kernels.h parsed by Cling (cppyy.include) and the kernels'
shared library loaded (cppyy.load_library: build/libkernels.so, the same
kernel object as every path).  Each kernel is then cppyy.gbl.<its C name>,
which converts the Python arguments by the C declaration; cppyy compiles
(Cling's JIT) the call wrapper of a function the first time it is called,
and a C function for each Python callable passed as a function pointer.  No
C++ of ours is compiled: only the header is parsed.

Where a kernel's C parameters are not its Python arguments (a pointer and a
size, the callback's context) or a C return code must become an exception,
a Python function here does what a user's would (the registry's `wrapped`
kernels): the buffer checked (cppyy takes a 2-D array, and writes into a
read-only one, as a pointer), the size passed, the callback adapted to the
kernel's (ctx, i), the error code raised as ValueError.

The objects workload is the C struct as cppyy presents it, a class with its
fields as attributes, made by ffk_point_make (returned by value, held by the
new instance) and passed to the C functions, which take its pointer.

The GIL-releasing twins are the same C functions through an overload object
of their own (__overload__) with __release_gil__ set, cppyy's switch for
releasing the GIL around a call.
"""

import ctypes
import functools
import os

import cppyy
# The Python side of a C function of a pointer and a size is ctypes' binding's
# (its module only defines functions and types when imported).
from kernels_ctypes import bytes_call, f64_vector, str_call

# Importing cppyy installs its (ROOT's) handlers of the crash signals: on a
# crash, a gdb stack trace and an exit status in place of the signal.  Its
# own gSystem.ResetSignals() puts back the handlers it found (faulthandler's,
# if on), so that a crash anywhere in the process (any path's) ends it by its
# signal, as the workers and the safety matrix expect.
cppyy.gbl.gSystem.ResetSignals()

# build/, or the running interpreter's build folder, which the toolkit names
# in FFIBENCH_BUILD (harness/__init__.py, not imported here: the import stage
# times a binding's import with nothing of the toolkit imported before it).
_ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                      os.pardir, os.pardir))
BUILD_FOLDER = os.environ.get("FFIBENCH_BUILD") or os.path.join(_ROOT, "build")
HEADER = os.path.join(_ROOT, "kernels", "kernels.h")
LIBRARY = os.path.join(BUILD_FOLDER, "libkernels.so")

if not os.path.exists(LIBRARY):
    raise ImportError(f"{LIBRARY} is missing: run 'make' first", path=LIBRARY)
# cppyy.include, not cppyy.c_include: kernels.h declares its C linkage for
# C++ itself (c_include's own extern "C" wrapping found none of its functions
# with cppyy 3.5).
if not cppyy.include(HEADER):
    raise ImportError(f"cppyy could not parse {HEADER}", path=HEADER)
# The library may be in the process already, opened by ctypes or cffi's ABI
# mode (RTLD_LOCAL): cppyy's load then finds it loaded and leaves it so, and
# Cling cannot resolve its symbols ("unresolved while linking").  Opening it
# RTLD_GLOBAL first (dlopen promotes a loaded library; cppyy imports ctypes
# itself) gives Cling its symbols whichever path opened it first: the same
# file, the same mapping.
ctypes.CDLL(LIBRARY, mode=os.RTLD_NOW | os.RTLD_GLOBAL)
cppyy.load_library(LIBRARY)
_C = cppyy.gbl


def _pointer(view):
    """The buffer as cppyy passes it to a pointer parameter: cppyy refuses an
    empty buffer (TypeError), whose pointer the kernels never read, so an
    empty one is passed as nullptr."""
    return view if view.shape[0] else cppyy.nullptr


def _buffer_call(function):
    def sum_f64_buf(x):
        view = f64_vector(x)
        return function(_pointer(view), view.shape[0])
    return sum_f64_buf


def _error_code_call(function):
    def fail_if_negative(x):
        if function(x) != 0:
            raise ValueError("fail_if_negative: x is negative")
    return fail_if_negative


@functools.lru_cache(maxsize=64)
def _adapter(f):
    """f(i) as the kernel's callback takes it, (ctx, i).  Made once per f:
    cppyy JIT-compiles a C function for each Python callable it is handed
    (about 0.1 ms here), and caches it per callable, so the same f passed
    again is the same adapter, as a user's own callback would be."""
    return lambda ctx, i: f(i)


def _callback_call(function):
    """callback(f, k): cppyy calls f from C; a Python error in f stops the
    calls (cppyy's C function returns 0 while it is pending) and is raised
    after the kernel returns."""
    def callback(f, k):
        if not callable(f):
            raise TypeError("callback() f must be callable")
        try:
            adapter = _adapter(f)
        except TypeError:            # an unhashable callable: an adapter of its own
            adapter = _adapter.__wrapped__(f)
        return function(adapter, cppyy.nullptr, k)
    return callback


def _calls_kernels():
    """{kernel: callable} of the calls, argument-count, strings, errors,
    callbacks and buffer workloads, and add_i64 by keyword (cppyy takes the
    C parameters' names as keywords)."""
    functions = {name: getattr(_C, "ffk_" + name)
                 for name in ("noop", "add_i64", "add_f64",
                              *(f"sum_i64_{n}" for n in range(9)))}
    functions["add_i64_kw"] = functions["add_i64"]
    functions["sum_f64_buf"] = _buffer_call(_C.ffk_sum_f64_buf)
    functions["len_bytes"] = bytes_call(_C.ffk_len_bytes)
    functions["len_str"] = str_call(_C.ffk_len_bytes)
    functions["fail_if_negative"] = _error_code_call(_C.ffk_fail_if_negative)
    functions["callback"] = _callback_call(_C.ffk_callback)
    return functions


def _object_kernels():
    """{kernel: callable} of the objects workload: the C functions over the
    struct, and the struct's class for its attribute."""
    return {"point_new": _C.ffk_point_make, "point_sum": _C.ffk_point_sum,
            "point_shift": _C.ffk_point_shift, "point_scaled": _C.ffk_point_scaled,
            "point_dot": _C.ffk_point_dot, "point_get_x": _C.ffk_point,
            "point_set_x": _C.ffk_point}


def _releasing(name, signature):
    """The C function `name` through an overload object of its own that
    releases the GIL around the call (the plain one keeps it)."""
    twin = getattr(_C, name).__overload__(signature)
    twin.__release_gil__ = True
    return twin


def _nogil_kernels():
    """{kernel: callable} of the GIL-releasing twins."""
    return {"noop": _releasing("ffk_noop", ""),
            "add_i64": _releasing("ffk_add_i64", "int64_t, int64_t"),
            "add_f64": _releasing("ffk_add_f64", "double, double"),
            "sum_f64_buf": _buffer_call(_releasing("ffk_sum_f64_buf",
                                                   "const double*, size_t"))}


def ndarray_kernels():
    """{kernel: function} of the NumPy workload: the arrays' buffers checked
    and passed as pointers, a new array from numpy.empty.  Made on request:
    NumPy is imported here, not with the module."""
    import numpy
    scale = _C.ffk_scale_f64

    def ndarray_scaled(x, k):
        view = f64_vector(x)
        out = numpy.empty(view.shape[0])
        scale(_pointer(view), _pointer(memoryview(out)), view.shape[0], k)
        return out

    def ndarray_scale(x, k):
        view = f64_vector(x, writable=True)
        scale(_pointer(view), _pointer(view), view.shape[0], k)

    return {"ndarray_sum": _buffer_call(_C.ffk_sum_f64_buf),
            "ndarray_scaled": ndarray_scaled, "ndarray_scale": ndarray_scale}


gbl = {**_calls_kernels(), **_object_kernels()}
gbl_nogil = _nogil_kernels()
