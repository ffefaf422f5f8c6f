"""The kernels as Python sees them: for each C kernel, the arguments every
path is timed with, a Python reference of its result, the inputs the tests try,
and the kinds of its arguments, from which the bad inputs are derived.  Part of
the registry: call_paths.py puts these together with the call paths.
"""

import array
import functools
import inspect
import math
from dataclasses import dataclass
from typing import Callable, Optional

from harness.registry import import_dirs  # noqa: F401  (NumPy's folder on sys.path: numpy_missing)

INT64_MIN, INT64_MAX = -2**63, 2**63 - 1


def wrap_i64(x):
    """x reduced modulo 2**64 into the int64 range, as the C kernel wraps."""
    return (x - INT64_MIN) % 2**64 + INT64_MIN


@dataclass(frozen=True)
class Kernel:
    name: str
    arg_names: tuple        # the C parameter names, for calls by keyword
    arg_kinds: tuple        # "i64" or "f64" per argument
    bench_args: tuple       # the arguments every path is timed with
    reference: Callable     # the result the C kernel gives, in Python
    cases: tuple = ()       # argument tuples the tests try on every path
    # "calls": timed on every path; any other workload (e.g. "args", the
    # argument-count series) is timed on the paths with `sweeps` only.
    workloads: tuple = ("calls",)
    # A sized kernel is timed once per size n (the benchmark's arg), with the
    # arguments sized_args(n) instead of bench_args.
    sizes: tuple = ()
    sized_args: Optional[Callable] = None
    # The C function it calls, when not ffk_<name> (two Python-level kernels
    # may share one C kernel, e.g. len_str and len_bytes); "-" for none (an
    # attribute is the struct's field, read or written by the binding).
    c_kernel: str = ""
    # Some timed calls raise (the error workload): the timing loops catch
    # Exception around every call, for its succeeding rows too.
    raises: bool = False
    # How Python reaches it (the objects workload): "call" a module function
    # named like the kernel; "new" the class named `member` (called, and the
    # instance dropped: construct plus free); "method" the method `member` of
    # the instance in its first argument; "get"/"set" its attribute `member`.
    form: str = "call"
    member: str = ""
    # The modes it is timed in, when not every mode: an attribute access is
    # not a call, so there is nothing to vectorcall.
    only_modes: tuple = ()
    # The argument shapes: the module function it calls, when not its own
    # name (several shapes call one function); the names of its trailing
    # arguments, passed by keyword; and its calls with too few or too many
    # arguments, when not one fewer and one more (defaults and *args change
    # what is too few or too many).
    binds: str = ""
    keywords: tuple = ()
    arity_calls: Optional[tuple] = None

    @property
    def c_name(self):
        if self.c_kernel == "-":
            return ""
        return self.c_kernel or "ffk_" + self.name

    def timed_args(self, size):
        return self.sized_args(size) if self.sizes else self.bench_args

    @property
    def function_name(self):
        """The name of the module function it calls."""
        return self.binds or self.name


def split_keywords(kernel, args):
    """(positional, {name: value}) of a call of the kernel with args: its
    trailing arguments by its keyword names (as many as there are)."""
    count = min(len(kernel.keywords), len(args))
    positional = args[:len(args) - count]
    return positional, dict(zip(kernel.keywords, args[len(args) - count:]))


def reference_call(kernel, args):
    """The kernel's reference given args the way its call passes them."""
    positional, keywords = split_keywords(kernel, args)
    return kernel.reference(*positional, **keywords)


_FLOAT_CASES = ((0.0, 0.0), (-0.0, -0.0), (-0.0, 0.0), (0.1, 0.2),
                (1.5, -2.25), (1e308, 1e308), (-1e308, -1e308),
                (math.inf, 1.0), (math.inf, -math.inf), (math.nan, 1.0),
                (5e-324, 5e-324), (1, 2), (INT64_MAX, 0))



def _sum_kernel(count):
    """sum_i64_<count>: the argument-count series, N = 0..8."""
    bench = tuple(12345 + 1111 * i for i in range(count))
    cases = ((0,) * count, tuple(range(1, count + 1)), (-1,) * count, bench,
             (INT64_MAX,) * count, (INT64_MIN,) * count,
             tuple(INT64_MAX if i % 2 else INT64_MIN for i in range(count)),
             (True,) + (2,) * (count - 1) if count else ())
    return Kernel(f"sum_i64_{count}", tuple("abcdefgh"[:count]),
                  ("i64",) * count, bench, lambda *args: wrap_i64(sum(args)),
                  tuple(dict.fromkeys(cases)),
                  ("args", "calls") if count == 1 else ("args",))


@dataclass(frozen=True)
class BadCall:
    kind: str               # key of EXCEPTIONS
    args: tuple
    keywords: tuple = ()    # (name, value) pairs passed by keyword as well
    # all args positionally, the kernel's keyword names notwithstanding
    positional: bool = False


# sum_defaults(a, b=0, c=0): no argument, or four.
_DEFAULTS_ARITY = (BadCall("too_few", ()), BadCall("too_many", (1, 2, 3, 4)))


@dataclass(frozen=True)
class PointArg:
    """An instance argument of the objects workload: each path makes it with
    its own constructor (the kernel point_new) from these coordinates when a
    row or a test call is built, outside what is timed."""
    x: int
    y: int


class RefPoint:
    """The objects workload's reference: what the C struct holds."""

    def __init__(self, x, y):
        self.x, self.y = x, y

    def __eq__(self, other):
        return (self.x, self.y) == (other.x, other.y)

    def __repr__(self):
        return f"RefPoint({self.x}, {self.y})"


def point_value(obj):
    """The coordinates of a path's instance (every binding's class, a ctypes
    Structure, a cffi struct) as a RefPoint, for comparing with the reference."""
    return RefPoint(obj.x, obj.y)


def _checked_i64(value):
    """value as the C parameter takes it: an int in the int64 range."""
    if not isinstance(value, int):
        raise TypeError("an integer is required")
    if not INT64_MIN <= value <= INT64_MAX:
        raise OverflowError("int too big to convert to int64")
    return value


def _point_new(x, y):
    return RefPoint(_checked_i64(x), _checked_i64(y))


def _point_shift(p, d):
    d = _checked_i64(d)
    p.x, p.y = wrap_i64(p.x + d), wrap_i64(p.y + d)


def _point_scaled(p, k):
    k = _checked_i64(k)
    return RefPoint(wrap_i64(p.x * k), wrap_i64(p.y * k))


def _point_set_x(p, value):
    p.x = _checked_i64(value)


def _sum_defaults(a, b=0, c=0):
    return wrap_i64(_checked_i64(a) + _checked_i64(b) + _checked_i64(c))


def _sum_kwonly(a, *, b=0):
    return wrap_i64(_checked_i64(a) + _checked_i64(b))


def _sum_star(*args):
    return wrap_i64(sum(_checked_i64(a) for a in args))


def _add_optional(a, b=None):
    return wrap_i64(_checked_i64(a) + (0 if b is None else _checked_i64(b)))


POINT_CLASS = "Point"
_POINT = PointArg(12345, 67890)
_OTHER = PointArg(-3, 7)
_POINTS = (PointArg(0, 0), PointArg(1, -1), _POINT, PointArg(INT64_MAX, 1),
           PointArg(INT64_MIN, INT64_MIN), PointArg(INT64_MAX, INT64_MAX))


def sequential_sum(x):
    """The buffer kernel's result: left to right, in doubles."""
    total = 0.0
    for value in memoryview(x):
        total += value
    return total


@functools.lru_cache(maxsize=None)
def f64_array(n):
    """The buffer every path is timed with for size n (one object, shared)."""
    return array.array("d", (0.25 * (i % 8) for i in range(n)))


def _f64(values):
    return array.array("d", values)


_BUFFER_CASES = (
    (_f64([]),), (_f64([1.5]),), (_f64([0.1] * 10),), (f64_array(1000),),
    (_f64([1e308, 1e308, -1e308]),), (_f64([math.inf, 1.0]),),
    (_f64([math.inf, -math.inf]),), (_f64([1.0, math.nan]),),
    (_f64([-0.0, -0.0]),), (_f64([5e-324] * 3),),
    (memoryview(_f64([1.0, 2.0, 3.5])),),
    (memoryview(_f64([2.5] * 4)).cast("B").cast("d"),),
)

@dataclass(frozen=True)
class NdArg:
    """A NumPy array argument of the numpy workload, made (make_ndarray) when a
    row or a test call is built: NumPy is imported then, not with the
    registry, so that an interpreter without it still runs every other
    workload.  Either the timed array of n doubles (0.25 * (i % 8), as the
    buffer's) or the given values; of a dtype; every `step`-th element of it
    (a non-contiguous view); reshaped; read-only.  `fresh`: a new array for
    each use (a kernel that writes into it), else one object shared."""
    n: int = 0
    values: tuple = ()
    dtype: str = "float64"
    step: int = 1
    shape: tuple = ()
    read_only: bool = False
    fresh: bool = False


NUMPY = "numpy"
NDARRAY_KERNELS = ("ndarray_sum", "ndarray_scaled", "ndarray_scale")


@functools.lru_cache(maxsize=None)
def numpy_missing():
    """Why NumPy cannot be imported here ("" when it can)."""
    try:
        import numpy  # noqa: F401  (only whether it imports)
    except ImportError as exc:
        return (f"NumPy is not installed for this interpreter ({exc}); make venv installs "
                f"it from requirements/bindings.txt where a wheel exists (build/venv.log)")
    return ""


@functools.lru_cache(maxsize=None)
def _shared_ndarray(arg):
    return _new_ndarray(arg)


def _new_ndarray(arg):
    import numpy
    if arg.values or not arg.n:
        array = numpy.array(arg.values, dtype=arg.dtype)
    else:   # 0.25 * (i % 8), exact in float64 (as the buffer's f64_array)
        array = (numpy.arange(arg.n) % 8 * 0.25).astype(arg.dtype)
    array = array[::arg.step]
    if arg.shape:
        array = array.reshape(arg.shape)
    array.flags.writeable = not arg.read_only
    return array


def make_ndarray(arg):
    """The array an NdArg describes."""
    return _new_ndarray(arg) if arg.fresh else _shared_ndarray(arg)


def is_ndarray(value):
    return type(value).__module__ == "numpy" and type(value).__name__ == "ndarray"


def same_value(got, want):
    """Equal, of the same type; floats equal bit for bit in meaning (nan is
    nan, -0.0 is not 0.0); NumPy arrays of the same dtype and shape, bit for
    bit."""
    if type(got) is not type(want):
        return False
    if is_ndarray(want):
        return (got.dtype == want.dtype and got.shape == want.shape
                and got.tobytes() == want.tobytes())
    if isinstance(want, float):
        if math.isnan(want):
            return math.isnan(got)
        return got == want and math.copysign(1, got) == math.copysign(1, want)
    return got == want


def _ndarray_sum(x):
    if not is_ndarray(x):
        raise TypeError("a NumPy array is required")
    return sequential_sum(x)


def _scale_factor(x, k):
    if not is_ndarray(x):
        raise TypeError("a NumPy array is required")
    if not isinstance(k, (int, float)):
        raise TypeError("k must be a real number")
    return float(k)


def _ndarray_scaled(x, k):
    import numpy
    k = _scale_factor(x, k)
    with numpy.errstate(over="ignore", invalid="ignore"):   # inf and nan as C makes them
        return x * k


def _ndarray_scale(x, k):
    import numpy
    k = _scale_factor(x, k)
    with numpy.errstate(over="ignore", invalid="ignore"):
        x *= k


def _ndarray_cases(fresh=False):
    values = ((), (1.5,), (0.1,) * 10, (1e308, 1e308, -1e308), (math.inf, 1.0),
              (math.inf, -math.inf), (1.0, math.nan), (-0.0, -0.0), (5e-324,) * 3)
    return (*(NdArg(values=v, fresh=fresh) for v in values), NdArg(n=1000, fresh=fresh))


_NDARRAY_SIZES = (1, 10, 100, 1000, 10**4, 10**5, 10**6)


def _fail_if_negative(x):
    """The error kernel's outcome: None, or ValueError for x < 0."""
    if x < 0:
        raise ValueError("fail_if_negative: x is negative")


_ERROR_VARIANTS = {"ok": (1,), "fail": (-1,)}


def identity(i):
    """The callback every path is timed with: as cheap as a Python function
    gets, so that what is measured is the crossing."""
    return i


def _callback_reference(f, k):
    total = 0
    for i in range(k):
        value = f(i)
        if not isinstance(value, int):
            raise TypeError("callback must return an int")
        total += value
    return wrap_i64(total)


def _raises_key_error(i):
    raise KeyError(i)


def _returns_str(i):
    return "not an int"

# Arguments outside the small-int cache, so that boxing an int result
# allocates, as it does for most real results; the same on every path.
KERNELS = {k.name: k for k in (
    Kernel("noop", (), (), (), lambda: None, ((),)),
    Kernel("add_i64", ("a", "b"), ("i64", "i64"), (12345, 67890),
           lambda a, b: wrap_i64(a + b),
           ((0, 0), (1, -1), (12345, 67890), (INT64_MAX, 0), (INT64_MIN, 0),
            (INT64_MAX, INT64_MIN), (INT64_MAX, 1), (INT64_MIN, -1),
            (-1, -1), (True, 2))),
    Kernel("add_f64", ("a", "b"), ("f64", "f64"), (1.5, 2.25),
           lambda a, b: float(a) + float(b), _FLOAT_CASES),
    *(_sum_kernel(count) for count in range(9)),
    # Strings: pointer + size, of bytes as they are and of a str encoded to
    # UTF-8 (non-ASCII, so that the encoding has work to do).
    Kernel("len_bytes", ("s",), ("bytes",), (b"hello, world",), len,
           ((b"",), (b"a",), (b"a\0b",), (b"\0" * 5,), (bytes(range(256)),),
            (b"x" * 10000,)), ("strings",)),
    Kernel("len_str", ("s",), ("str",), ("h\u00e9llo, w\u00f6rld",),
           lambda s: len(s.encode("utf-8")),
           (("",), ("a",), ("a\0b",), ("h\u00e9llo",), ("\u65e5\u672c\u8a9e",),
            ("\U0001f600",), ("x" * 10000,)), ("strings",),
           c_kernel="ffk_len_bytes"),
    # Errors: the same call succeeding (x = 1) and failing (x = -1).
    Kernel("fail_if_negative", ("x",), ("i64",), (1,), _fail_if_negative,
           ((0,), (1,), (INT64_MAX,), (-1,), (INT64_MIN,), (True,)), ("errors",),
           sizes=tuple(_ERROR_VARIANTS), sized_args=_ERROR_VARIANTS.get,
           raises=True),
    # Callbacks: k calls from C back into a Python callable; k = 0 and 16, so
    # that the difference is 16 callbacks.
    Kernel("callback", ("f", "k"), ("callable", "i64"), (identity, 16),
           _callback_reference,
           ((identity, 0), (identity, 1), (identity, 10), (identity, -3),
            (lambda i: -i, 5), (lambda i: INT64_MAX, 2), (lambda i: True, 3),
            (abs, 4)), ("callbacks",),
           sizes=(0, 16), sized_args=lambda k: (identity, k)),
    Kernel("sum_f64_buf", ("x",), ("buf_f64",), (), sequential_sum,
           _BUFFER_CASES, ("buffer",),
           sizes=(1, 10, 100, 1000, 10**4, 10**5, 10**6),
           sized_args=lambda n: (f64_array(n),)),
    # NumPy arrays: a float64 array in (its sum), a new array of n out (k * x),
    # and the array scaled in place (read-only arrays refused); k = -1.0 keeps
    # an array scaled in place again and again the same numbers.
    Kernel("ndarray_sum", ("x",), ("ndarray_f64",), (), _ndarray_sum,
           tuple((a,) for a in _ndarray_cases()) + ((NdArg(n=6, read_only=True),),),
           (NUMPY,), sizes=_NDARRAY_SIZES, sized_args=lambda n: (NdArg(n),),
           c_kernel="ffk_sum_f64_buf"),
    Kernel("ndarray_scaled", ("x", "k"), ("ndarray_f64", "f64"), (), _ndarray_scaled,
           tuple((a, k) for a in _ndarray_cases() for k in (-1.0, 2.0))
           + ((NdArg(n=6, read_only=True), 3.0),),
           (NUMPY,), sizes=_NDARRAY_SIZES, sized_args=lambda n: (NdArg(n), -1.0),
           c_kernel="ffk_scale_f64"),
    Kernel("ndarray_scale", ("x", "k"), ("ndarray_f64_writable", "f64"), (), _ndarray_scale,
           tuple((a, k) for a in _ndarray_cases(fresh=True) for k in (-1.0, 0.5)),
           (NUMPY,), sizes=(1, 1000, 10**6), sized_args=lambda n: (NdArg(n, fresh=True), -1.0),
           c_kernel="ffk_scale_f64"),
    # Argument shapes: add_i64 called by keyword; sum_defaults(a, b=0, c=0)
    # with its defaults omitted, one given by name, and all positionally;
    # sum_kwonly(a, *, b=0) given b; sum_star(*args) of three ints;
    # add_optional(a, b=None) given None.
    Kernel("add_i64_kw", ("a", "b"), ("i64", "i64"), (12345, 67890),
           lambda a, b: wrap_i64(_checked_i64(a) + _checked_i64(b)),
           ((0, 0), (INT64_MAX, 1), (-1, -1), (True, 2)), ("shapes",),
           c_kernel="ffk_add_i64", binds="add_i64", keywords=("a", "b")),
    Kernel("defaults_omitted", ("a",), ("i64",), (12345,), _sum_defaults,
           ((0,), (INT64_MAX,), (-5,)), ("shapes",), c_kernel="ffk_sum_i64_3",
           binds="sum_defaults", arity_calls=_DEFAULTS_ARITY),
    Kernel("defaults_by_name", ("a", "c"), ("i64", "i64"), (12345, 67890), _sum_defaults,
           ((0, 0), (INT64_MAX, 1), (-5, 3)), ("shapes",), c_kernel="ffk_sum_i64_3",
           binds="sum_defaults", keywords=("c",), arity_calls=_DEFAULTS_ARITY),
    Kernel("defaults_positional", ("a", "b", "c"), ("i64", "i64", "i64"),
           (12345, 67890, 11111), _sum_defaults, ((0, 0, 0), (INT64_MAX, 1, 1), (-5, 3, 2)),
           ("shapes",), c_kernel="ffk_sum_i64_3", binds="sum_defaults",
           arity_calls=_DEFAULTS_ARITY),
    Kernel("kwonly", ("a", "b"), ("i64", "i64"), (12345, 67890), _sum_kwonly,
           ((0, 0), (INT64_MAX, 1), (-5, 3)), ("shapes",), c_kernel="ffk_sum_i64_2",
           binds="sum_kwonly", keywords=("b",),
           arity_calls=(BadCall("too_few", ()), BadCall("too_many", (1, 2, 3)),
                        BadCall("keyword_only_given_positionally", (1, 2), positional=True))),
    Kernel("star_args", ("a", "b", "c"), ("i64", "i64", "i64"), (12345, 67890, 11111),
           _sum_star, ((), (1,), (INT64_MAX, 1), (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
                                                    15, 16, 17, 18, 19, 20)),
           ("shapes",), c_kernel="ffk_sum_i64_n", binds="sum_star", arity_calls=()),
    Kernel("optional_none", ("a", "b"), ("i64", "optional_i64"), (12345, None), _add_optional,
           ((0, None), (INT64_MAX, None), (5, 6), (INT64_MAX, 1), (-1, 0)), ("shapes",),
           c_kernel="ffk_add_i64", binds="add_optional",
           arity_calls=(BadCall("too_few", ()), BadCall("too_many", (1, 2, 3)))),
    # Objects: a C struct (ffk_point) behind each binding's class, or held as
    # a struct by ctypes and cffi, whose functions take its pointer.
    Kernel("point_new", ("x", "y"), ("i64", "i64"), (12345, 67890), _point_new,
           ((0, 0), (INT64_MAX, INT64_MIN), (-1, 2), (True, 3)), ("objects",),
           c_kernel="ffk_point_make", form="new", member=POINT_CLASS),
    Kernel("point_sum", ("self",), ("self",), (_POINT,),
           lambda p: wrap_i64(p.x + p.y), tuple((p,) for p in _POINTS), ("objects",),
           form="method", member="sum"),
    Kernel("point_shift", ("self", "d"), ("self", "i64"), (_POINT, 1), _point_shift,
           tuple((p, d) for p in _POINTS for d in (0, 1, -7, INT64_MAX)), ("objects",),
           form="method", member="shift"),
    Kernel("point_scaled", ("self", "k"), ("self", "i64"), (_POINT, 3), _point_scaled,
           tuple((p, k) for p in _POINTS for k in (0, 1, -2, 3, INT64_MAX)), ("objects",),
           form="method", member="scaled"),
    Kernel("point_dot", ("a", "b"), ("point", "point"), (_POINT, _OTHER),
           lambda a, b: wrap_i64(a.x * b.x + a.y * b.y),
           tuple((a, b) for a in _POINTS for b in (_OTHER, _POINT, PointArg(INT64_MAX, 2))),
           ("objects",)),
    Kernel("point_get_x", ("self",), ("self",), (_POINT,), lambda p: p.x,
           tuple((p,) for p in _POINTS), ("objects",), c_kernel="-", form="get",
           member="x", only_modes=("interp",)),
    Kernel("point_set_x", ("self", "value"), ("self", "i64"), (_POINT, 54321), _point_set_x,
           tuple((p, v) for p in _POINTS[:3] for v in (0, -1, 54321, INT64_MAX, INT64_MIN,
                                                       True)),
           ("objects",), c_kernel="-", form="set", member="x", only_modes=("interp",)),
)}

# The workloads timed on every path that has them; the others only on the
# paths with `sweeps` (call_paths.NOT_SWEPT says why).
EVERY_PATH_WORKLOADS = ("calls", "objects", "shapes")

def _ndarray_bad(fresh=False):
    """The bad arrays (new ones for each call where the kernel writes: a path
    that accepts one, cffi, writes into it)."""
    return (("wrong_type", [1.0, 2.0]), ("none", None),
            ("wrong_format", NdArg(values=(1, 2), dtype="int64", fresh=fresh)),
            ("wrong_format", NdArg(values=(1.0, 2.0), dtype="float32", fresh=fresh)),
            ("non_contiguous", NdArg(n=8, step=2, fresh=fresh)),
            ("wrong_dims", NdArg(n=8, shape=(2, 4), fresh=fresh)))


# Bad inputs, derived from the argument kinds.  Each kind of mistake names the
# exception an extension module raises for it; a path may map it to its own
# (Path.errors) or be known to accept the input (Path.quirks).
_BAD_VALUES = {
    "i64": (("wrong_type", "1"), ("none", None), ("float_for_int", 1.5),
            ("int_overflow", 2**63), ("int_overflow", INT64_MIN - 1),
            ("int_overflow", 2**64 + 5)),
    "f64": (("wrong_type", "1.0"), ("none", None),
            ("float_overflow", 2**1024)),
    "callable": (("not_callable", 5), ("not_callable", None),
                 ("callback_raises", _raises_key_error),
                 ("callback_wrong_type", _returns_str)),
    "bytes": (("wrong_type", "abc"), ("wrong_type", bytearray(b"ab")),
              ("wrong_type", 5), ("none", None)),
    "str": (("bytes_for_str", b"abc"), ("wrong_type", 5), ("none", None),
            ("surrogate", "a\ud800")),
    # An optional int: None is valid (the default).
    "optional_i64": (("wrong_type", "1"), ("float_for_int", 1.5), ("int_overflow", 2**63)),
    # The instance a method is called on: a binding's own method cannot be
    # reached from another type's instance the way Python code calls it.
    "self": (),
    "point": (("wrong_type", 5), ("wrong_type", object()), ("none", None)),
    "ndarray_f64": _ndarray_bad(),
    # An array the kernel writes into: a read-only one refused as well.
    "ndarray_f64_writable": _ndarray_bad(fresh=True) + (("read_only", NdArg(n=4, read_only=True)),),
    "buf_f64": (("wrong_type", [1.0, 2.0]), ("none", None),
                ("wrong_format", array.array("q", [1, 2])),
                ("wrong_format", array.array("f", [1.0, 2.0])),
                ("wrong_format", b"12345678"),
                ("non_contiguous", memoryview(array.array("d", range(8)))[::2]),
                ("wrong_dims", memoryview(array.array("d", range(8)))
                 .cast("B").cast("d", shape=[2, 4]))),
}
EXCEPTIONS = {"wrong_type": TypeError, "none": TypeError,
               "float_for_int": TypeError, "int_overflow": OverflowError,
               "float_overflow": OverflowError,
               "wrong_format": ValueError, "non_contiguous": ValueError,
               "wrong_dims": ValueError, "read_only": ValueError,
               "bytes_for_str": TypeError, "surrogate": UnicodeEncodeError,
               "not_callable": TypeError, "callback_raises": KeyError,
               "callback_wrong_type": TypeError,
               "too_few": TypeError, "too_many": TypeError,
               "unknown_keyword": TypeError, "keyword_only_given_positionally": TypeError}

# The keyword no kernel has: every path must refuse it.
UNKNOWN_KEYWORD = "no_such_argument"


# What a path's documented quirk (CallPath.quirks) does instead of raising:
# per bad-call kind, the result it gives for (kernel, args).
QUIRK_RESULTS = {
    "int_overflow": lambda k, args: reference_call(
        k, [wrap_i64(a) if isinstance(a, int) else a for a in args]),
    "too_many": lambda k, args: reference_call(k, args[:len(k.arg_kinds)]),
    "float_for_int": lambda k, args: reference_call(
        k, [int(a) if isinstance(a, float) else a for a in args]),
    "bytes_for_str": lambda k, args: len(args[0]),
    # None as a NULL pointer of size SIZE_MAX (SWIG's (char *STRING, size_t
    # LENGTH)): the kernel returns the size.
    "none:len_str": lambda k, args: 2**64 - 1,
    "unknown_keyword": lambda k, args: reference_call(k, args),
    # A bytes-like object accepted where bytes are asked for (PyPy's "y#");
    # a str still refused.
    "wrong_type:len_bytes": lambda k, args: _bytes_like_length(args[0]),
    # Extra positional arguments ignored (HPy 0.9's HPyArg_ParseKeywords):
    # the leading ones fill the function's parameters, keywords given too lose.
    **{f"too_many:{kernel}": lambda k, args: k.reference(
        *args[:len(inspect.signature(k.reference).parameters)])
       for kernel in ("defaults_omitted", "defaults_by_name", "defaults_positional",
                      "optional_none")},
    # An array's bytes read as doubles, whatever its dtype and shape (cffi's
    # ffi.from_buffer("double[]", x) sees bytes).
    **{f"{kind}:{kernel}": lambda k, args: k.reference(_as_flat_f64(args[0]), *args[1:])
       for kind in ("wrong_format", "wrong_dims")
       for kernel in NDARRAY_KERNELS},
    # A str of digits taken as the int it spells (nanobind before 2.14.0, in
    # make releases' series: harness/releases/series.py).
    **{f"wrong_type:{kernel}": lambda k, args: reference_call(
        k, [int(a) if isinstance(a, str) else a for a in args])
       for kernel in ("add_i64", "fail_if_negative")},
    # A plain Python attribute (the python.def floor's class) takes any value.
    **{f"{kind}:point_set_x": lambda k, args: None
       for kind in ("wrong_type", "none", "float_for_int", "int_overflow")},
}


def _as_flat_f64(x):
    import numpy
    data = x.tobytes()
    return numpy.frombuffer(data[:len(data) // 8 * 8], dtype=numpy.float64).copy()


def _bytes_like_length(value):
    if isinstance(value, str):
        raise TypeError("a str is not bytes-like")
    return len(memoryview(value))


def quirk_result(kind, kernel):
    """What a path's quirk for this bad call returns instead of raising: the
    QUIRK_RESULTS entry for "kind:kernel" (a quirk of one kernel), or for kind,
    as a function of (kernel, args) (instance arguments as the reference's)."""
    result = QUIRK_RESULTS.get(f"{kind}:{kernel.name}") or QUIRK_RESULTS[kind]
    return lambda k, args: result(k, reference_args(args))


def reference_args(args):
    """args as the reference takes them: each instance argument (a PointArg,
    or a path's instance) as a RefPoint of its coordinates; each NdArg as its
    array (a new one where it is fresh: the reference writes into its own)."""
    return tuple(RefPoint(a.x, a.y) if isinstance(a, PointArg) or _is_instance(a)
                 else make_ndarray(a) if isinstance(a, NdArg) else a for a in args)


def _is_instance(value):
    return hasattr(value, "x") and hasattr(value, "y") and not isinstance(value, RefPoint)




def bad_calls(kernel):
    """Every bad call of a kernel: each bad value in each argument position
    (the others valid), one argument too few and one too many (an int), and
    the valid arguments with a keyword the kernel does not have.  A method
    keeps its instance (too few: one argument fewer after it); an attribute
    has no call to get wrong, only the value it is set to."""
    calls = []
    good = kernel.bench_args
    if kernel.sizes and not good:
        good = kernel.timed_args(kernel.sizes[0])
    for position, arg_kind in enumerate(kernel.arg_kinds):
        for kind, value in _BAD_VALUES[arg_kind]:
            args = good[:position] + (value,) + good[position + 1:]
            calls.append(BadCall(kind, args))
    if kernel.form in ("get", "set"):
        return calls
    if kernel.arity_calls is not None:
        calls.extend(kernel.arity_calls)
        calls.append(BadCall("unknown_keyword", good, ((UNKNOWN_KEYWORD, 1),)))
        return calls
    if len(good) > (kernel.form == "method"):
        calls.append(BadCall("too_few", good[:-1]))
    calls.append(BadCall("too_many", good + (1,)))
    calls.append(BadCall("unknown_keyword", good, ((UNKNOWN_KEYWORD, 1),)))
    return calls
