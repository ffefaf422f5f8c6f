"""The kernel declarations for cffi, read from kernels/kernels.h itself, so
that the cffi paths can never disagree with the C they call; and the kernels
of a cffi lib as Python callables, the same for ABI and API mode and for
either cffi (the interpreter's own, and cffi 2 through cffi2_loader)."""

import os

HEADER = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                       os.pardir, "kernels", "kernels.h"))
# build/, or the running interpreter's build folder, which the toolkit names
# in FFIBENCH_BUILD (harness/__init__.py, not imported here: the import stage
# times a binding's import with nothing of the toolkit imported before it).
BUILD_FOLDER = os.environ.get("FFIBENCH_BUILD") or os.path.normpath(os.path.join(
    os.path.dirname(os.path.abspath(__file__)), os.pardir, "build"))


# API mode's callback: a C function that cffi generates to call into Python
# (extern "Python"), the way cffi documents for callbacks.
CALLBACK_CDEF = '\nextern "Python" int64_t ffb_python_callback(void *, int64_t);\n'
INT64_MIN, INT64_MAX = -2**63, 2**63 - 1


def _call_python(ffi, ctx, i):
    """The callback's body: the Python callable in the handle ctx, called
    with i; the first error is kept (cffi would print it and return 0) and
    raised by the wrapper after the C call."""
    state = ffi.from_handle(ctx)
    if state[1] is not None:
        return 0
    try:
        value = state[0](i)
        if not isinstance(value, int):
            raise TypeError("callback must return an int")
        if not INT64_MIN <= value <= INT64_MAX:
            raise OverflowError("callback result does not fit in int64")
        return value
    except BaseException as exc:   # kept, raised after the C call
        state[1] = exc
        return 0


_TRAMPOLINES = {}


def _trampoline(ffi, lib):
    """The C callback for this ffi, made once: extern "Python" in API mode,
    ffi.callback in ABI mode."""
    if id(ffi) not in _TRAMPOLINES:
        def body(ctx, i):
            return _call_python(ffi, ctx, i)
        if hasattr(lib, "ffb_python_callback"):
            ffi.def_extern(name="ffb_python_callback")(body)
            _TRAMPOLINES[id(ffi)] = (ffi, lib.ffb_python_callback)
        else:
            _TRAMPOLINES[id(ffi)] = (ffi, ffi.callback("int64_t(void *, int64_t)", body))
    return _TRAMPOLINES[id(ffi)][1]


def cdef():
    """kernels.h without comments and preprocessor lines, which cffi's
    parser does not take, and without the C++ linkage braces."""
    import re   # here: the API modules' loaders import this module for BUILD_FOLDER
    with open(HEADER) as f:
        text = f.read()
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    lines = [line for line in text.splitlines()
             if not line.lstrip().startswith("#")
             and line.strip() not in ('extern "C" {', "}")]
    return "\n".join(lines)


# Kernels whose cffi function is wrapped in Python: cffi's from_buffer does not
# check a buffer's format, so the wrapper does (memoryview); the strings pass
# their size, and a str its UTF-8 encoding.
WRAPPED = ("sum_f64_buf", "len_bytes", "len_str", "fail_if_negative", "callback")


def point_new_args(x, y):
    """The arguments of cffi's idiom for making a C struct, ffi.new(type,
    initializer): the objects workload's constructor (a struct cffi owns and
    frees, passed by pointer to the C functions, its fields attributes)."""
    return "ffk_point *", (x, y)


def kernel_functions(ffi, lib):
    """{kernel: callable}: the lib's ffk_<kernel> functions as they are, and
    the buffer kernel through from_buffer after a format check; the objects
    workload's constructor is (ffi.new, point_new_args), its attributes the
    struct's type (they are read on the struct, never called)."""
    functions = {name[len("ffk_"):]: getattr(lib, name)
                 for name in dir(lib) if name.startswith("ffk_")
                 and not name.startswith("ffk_callback_fn")}
    del functions["point_make"]     # a struct is made with ffi.new
    del functions["sum_i64_n"]      # the C of *args: cffi has no argument shapes
    functions["point_new"] = (ffi.new, point_new_args)
    functions["point_get_x"] = functions["point_set_x"] = ffi.typeof("ffk_point")
    c_sum = functions["sum_f64_buf"]

    def sum_f64_buf(x):
        view = memoryview(x)
        if view.ndim != 1 or view.format not in ("d", "@d", "=d") or not view.c_contiguous:
            raise ValueError("a 1-D C-contiguous buffer of doubles is required")
        return c_sum(ffi.from_buffer("double[]", view), view.shape[0])

    c_len = functions["len_bytes"]

    def len_bytes(s):
        if not isinstance(s, bytes):
            raise TypeError(f"len_bytes() argument must be bytes, not {type(s).__name__}")
        return c_len(s, len(s))

    def len_str(s):
        if not isinstance(s, str):
            raise TypeError(f"len_str() argument must be str, not {type(s).__name__}")
        encoded = s.encode("utf-8")
        return c_len(encoded, len(encoded))

    c_check = functions["fail_if_negative"]

    def fail_if_negative(x):
        if c_check(x) != 0:
            raise ValueError("fail_if_negative: x is negative")

    c_callback, trampoline = functions["callback"], _trampoline(ffi, lib)

    def callback(f, k):
        if not callable(f):
            raise TypeError("callback() f must be callable")
        state = [f, None]
        result = c_callback(trampoline, ffi.new_handle(state), k)
        if state[1] is not None:
            raise state[1]
        return result

    functions.update(sum_f64_buf=sum_f64_buf, len_bytes=len_bytes, len_str=len_str,
                     fail_if_negative=fail_if_negative, callback=callback,
                     **_ndarray_functions(ffi, c_sum, functions.pop("scale_f64")))
    return functions


def _ndarray_functions(ffi, c_sum, c_scale):
    """The NumPy workload in cffi's idiom, ffi.from_buffer("double[]", x): the
    array's memory as doubles, its length its size in bytes / 8.  from_buffer
    checks neither dtype nor dimensions (the registry records what it reads),
    refuses a non-contiguous array, and a read-only one where
    require_writable; the new array from numpy.empty, NumPy imported by the
    first call."""
    from_buffer = ffi.from_buffer
    numpy_empty = []

    def ndarray_sum(x):
        data = from_buffer("double[]", x)
        return c_sum(data, len(data))

    def ndarray_scaled(x, k):
        if not numpy_empty:
            from numpy import empty
            numpy_empty.append(empty)
        data = from_buffer("double[]", x)
        out = numpy_empty[0](len(data))
        c_scale(data, from_buffer("double[]", out), len(data), k)
        return out

    def ndarray_scale(x, k):
        data = from_buffer("double[]", x, require_writable=True)
        c_scale(data, data, len(data), k)

    return {"ndarray_sum": ndarray_sum, "ndarray_scaled": ndarray_scaled,
            "ndarray_scale": ndarray_scale}
