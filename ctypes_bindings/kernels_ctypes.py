"""The kernels through ctypes, on build/libkernels.so.

Three bindings, as ctypes users write them:
- cdll:         ``CDLL`` (releases the GIL around every call), argtypes and
                restype declared for every kernel;
- pydll:        the same through ``PyDLL``, which keeps the GIL held;
- cdll_untyped: ``CDLL`` with restype but no argtypes, ctypes' default
                conversions.  Those pass a Python int as a C int and refuse
                floats, so only the kernels without arguments can be called
                correctly this way.

The objects workload (cdll only) is the ctypes idiom for a C struct: a
``Structure`` with the struct's fields, made by the C constructor
(restype Point), read and written as attributes, and passed to the C
functions by pointer (argtypes ``POINTER(Point)``, to which ctypes passes a
Point by reference).  ctypes passes None to a pointer as NULL: the registry
records that the kernel then crashes the process.

Nothing is added on the Python side, so what is timed is ctypes' own cost,
except for the buffer kernel: ctypes cannot check a buffer's format, so its
wrapper does (memoryview), then passes the memory with from_buffer.
Two ctypes behaviours follow from that and are kept, not hidden (the registry
records them and the tests check them): an int out of the int64 range is
silently reduced modulo 2**64, and a cdecl function accepts extra arguments.
"""

import ctypes
import operator
import os

# build/, or the running interpreter's build folder, which the toolkit names
# in FFIBENCH_BUILD (harness/__init__.py).
LIBRARY = os.path.join(os.environ.get("FFIBENCH_BUILD") or os.path.normpath(os.path.join(
    os.path.dirname(os.path.abspath(__file__)), os.pardir, "build")), "libkernels.so")

# The C callback type: int64_t f(void *ctx, int64_t i).
CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int64, ctypes.c_void_p, ctypes.c_int64)



class Point(ctypes.Structure):
    """ffk_point of kernels/kernels.h."""
    _fields_ = [("x", ctypes.c_int64), ("y", ctypes.c_int64)]


_POINTER = ctypes.POINTER(Point)

# kernel name -> (restype, argtypes), as declared in kernels/kernels.h
SIGNATURES = {
    "noop": (None, []),
    "add_i64": (ctypes.c_int64, [ctypes.c_int64, ctypes.c_int64]),
    "add_f64": (ctypes.c_double, [ctypes.c_double, ctypes.c_double]),
    **{f"sum_i64_{n}": (ctypes.c_int64, [ctypes.c_int64] * n) for n in range(9)},
    "sum_f64_buf": (ctypes.c_double, [ctypes.POINTER(ctypes.c_double),
                                      ctypes.c_size_t]),
    "len_bytes": (ctypes.c_size_t, [ctypes.c_char_p, ctypes.c_size_t]),
    "fail_if_negative": (ctypes.c_int, [ctypes.c_int64]),
    "callback": (ctypes.c_int64, [CALLBACK, ctypes.c_void_p, ctypes.c_int64]),
}
# The objects workload: kernel name -> (C function, restype, argtypes).
OBJECT_SIGNATURES = {
    "point_new": ("ffk_point_make", Point, [ctypes.c_int64, ctypes.c_int64]),
    "point_sum": ("ffk_point_sum", ctypes.c_int64, [_POINTER]),
    "point_shift": ("ffk_point_shift", None, [_POINTER, ctypes.c_int64]),
    "point_scaled": ("ffk_point_scaled", Point, [_POINTER, ctypes.c_int64]),
    "point_dot": ("ffk_point_dot", ctypes.c_int64, [_POINTER, _POINTER]),
}

INT64_MIN, INT64_MAX = -2**63, 2**63 - 1


def _callback_call(function):
    """callback(f, k): f wrapped in a CFUNCTYPE per call.  ctypes prints and
    drops an exception raised in a callback, and converts a wrong result
    silently, so the trampoline keeps the first error and the wrapper raises
    it; k is checked here, as ctypes would wrap it modulo 2**64."""
    def callback(f, k):
        if not callable(f):
            raise TypeError("callback() f must be callable")
        k = operator.index(k)
        if not INT64_MIN <= k <= INT64_MAX:
            raise OverflowError("k does not fit in int64")
        errors = []

        def trampoline(ctx, i):
            if errors:
                return 0
            try:
                value = f(i)
                if not isinstance(value, int):
                    raise TypeError("callback must return an int")
                if not INT64_MIN <= value <= INT64_MAX:
                    raise OverflowError("callback result does not fit in int64")
                return value
            except BaseException as exc:   # kept, raised after the C call
                errors.append(exc)
                return 0
        result = function(CALLBACK(trampoline), None, k)
        if errors:
            raise errors[0]
        return result
    return callback


def _raise_on_error_code(result, function, args):
    """errcheck: ctypes' own hook for turning a C return code into an
    exception."""
    if result != 0:
        raise ValueError("fail_if_negative: x is negative")
    return None

# Kernels whose foreign function is wrapped in Python (the registry does not
# expect ctypes' own conversion errors from them): the buffer, whose format
# ctypes cannot check, and the strings, whose size ctypes does not pass.
WRAPPED = ("sum_f64_buf", "len_bytes", "len_str", "callback")


def f64_vector(x, writable=False):
    """memoryview of x, if it is a 1-D C-contiguous buffer of doubles (and
    writable, if the kernel writes into it).  Also cppyy's
    (ext/cppyy/kernels_cppyy.py), which passes the view as the pointer."""
    view = memoryview(x)
    if view.ndim != 1 or view.format not in ("d", "@d", "=d") or not view.c_contiguous:
        raise ValueError("a 1-D C-contiguous buffer of doubles is required")
    if writable and view.readonly:
        raise ValueError("a writable buffer is required")
    return view


# len_bytes and len_str over a C function taking a pointer and a size (here
# and in ext/cppyy/kernels_cppyy.py): the size passed, the type checked.
def bytes_call(function):
    def len_bytes(s):
        if not isinstance(s, bytes):
            raise TypeError(f"len_bytes() argument must be bytes, not {type(s).__name__}")
        return function(s, len(s))
    return len_bytes


def str_call(function):
    def len_str(s):
        if not isinstance(s, str):
            raise TypeError(f"len_str() argument must be str, not {type(s).__name__}")
        encoded = s.encode("utf-8")
        return function(encoded, len(encoded))
    return len_str


def _buffer_call(function):
    def sum_f64_buf(x):
        view = f64_vector(x)
        n = view.shape[0]
        return function((ctypes.c_double * n).from_buffer(view), n)
    return sum_f64_buf

if not os.path.exists(LIBRARY):
    raise ImportError(f"{LIBRARY} is missing: run 'make' in "
                      f"{os.path.dirname(os.path.dirname(LIBRARY))} first",
                      path=LIBRARY)


def load(loader, typed=True, objects=False):
    """{kernel: foreign function} from a fresh handle of the library, with
    restype declared.  With typed=False, no argtypes are declared, and only the
    kernels without arguments are returned: default conversions pass a Python
    int as a C int and refuse a float.  With objects, the objects workload
    too (its attributes: the Structure, whose fields they are)."""
    lib = loader(LIBRARY)
    functions = {}
    for kernel, (c_name, restype, argtypes) in OBJECT_SIGNATURES.items() if objects else ():
        function = getattr(lib, c_name)
        function.restype, function.argtypes = restype, argtypes
        functions[kernel] = function
    if objects:
        functions["point_get_x"] = functions["point_set_x"] = Point
    for kernel, (restype, argtypes) in SIGNATURES.items():
        if not typed and argtypes:
            continue
        function = getattr(lib, "ffk_" + kernel)
        function.restype = restype
        if typed:
            function.argtypes = argtypes
            if kernel == "fail_if_negative":
                function.errcheck = _raise_on_error_code
        functions[kernel] = function
    if "sum_f64_buf" in functions:
        functions["sum_f64_buf"] = _buffer_call(functions["sum_f64_buf"])
    if "callback" in functions:
        functions["callback"] = _callback_call(functions["callback"])
    if "len_bytes" in functions:
        functions["len_str"] = str_call(functions["len_bytes"])
        functions["len_bytes"] = bytes_call(functions["len_bytes"])
    return functions


def ndarray_functions(loader):
    """{kernel: function} of the NumPy workload, in numpy.ctypeslib's idiom:
    argtypes ndpointer(float64, ndim=1, C_CONTIGUOUS[, WRITEABLE]), which
    check dtype, dimensions, layout and writability (ctypes.ArgumentError),
    and a Python function passing the length (len(x): None is a TypeError
    there), a new array from numpy.empty.  Made on request, not with the
    module: NumPy is imported here, so that importing kernels_ctypes stays
    ctypes' own cost, and an interpreter without NumPy still has the rest."""
    import numpy
    from numpy.ctypeslib import ndpointer
    lib = loader(LIBRARY)
    read = ndpointer(numpy.float64, ndim=1, flags="C_CONTIGUOUS")
    written = ndpointer(numpy.float64, ndim=1, flags="C_CONTIGUOUS, WRITEABLE")
    # lib[name]: a foreign function of its own (lib.name is cached), so that
    # the symbol scaled into a new array and in place has two argtypes
    c_sum, c_scale, c_scale_in_place = (lib["ffk_sum_f64_buf"], lib["ffk_scale_f64"],
                                        lib["ffk_scale_f64"])
    empty = numpy.empty
    c_sum.restype, c_sum.argtypes = ctypes.c_double, [read, ctypes.c_size_t]
    c_scale.restype = c_scale_in_place.restype = None
    c_scale.argtypes = [read, written, ctypes.c_size_t, ctypes.c_double]
    c_scale_in_place.argtypes = [written, written, ctypes.c_size_t, ctypes.c_double]

    def ndarray_sum(x):
        return c_sum(x, len(x))

    def ndarray_scaled(x, k):
        out = empty(len(x))
        c_scale(x, out, len(x), k)
        return out

    def ndarray_scale(x, k):
        c_scale_in_place(x, x, len(x), k)

    return {"ndarray_sum": ndarray_sum, "ndarray_scaled": ndarray_scaled,
            "ndarray_scale": ndarray_scale}


def untyped_foreign():
    """{kernel: foreign function} of every kernel with its restype but no
    argtypes and no wrapper: what a user who forgot argtypes calls.  The
    safety matrix (harness/pipeline/choice/safety.py) records what such calls do;
    nothing is timed through them."""
    lib = ctypes.CDLL(LIBRARY)
    functions = {}
    for kernel, (restype, _) in SIGNATURES.items():
        function = getattr(lib, "ffk_" + kernel)
        function.restype = restype
        functions[kernel] = function
    return functions


cdll = load(ctypes.CDLL, objects=True)
# PyPy's ctypes has no PyDLL (there is no GIL to keep held around a call).
pydll = load(ctypes.PyDLL) if hasattr(ctypes, "PyDLL") else {}
cdll_untyped = load(ctypes.CDLL, typed=False)
