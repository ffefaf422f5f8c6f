"""The python.def floor: the kernels as plain Python functions.

"Equivalent" means the same contract as the C paths: the same results
(int64 wrap-around included) and the same exceptions for bad input, written
the way a Python programmer would, inline.  A bare ``a + b`` would be faster,
and would not be equivalent: it accepts floats for ints and never overflows.
"""

_INT64_MIN, _INT64_MAX = -2**63, 2**63 - 1
_WRAP = 2**64


def noop():
    return None


def add_i64(a, b):
    if not (isinstance(a, int) and isinstance(b, int)):
        raise TypeError("an integer is required")
    if not (_INT64_MIN <= a <= _INT64_MAX and _INT64_MIN <= b <= _INT64_MAX):
        raise OverflowError("int too big to convert to int64")
    result = a + b
    if result > _INT64_MAX:
        return result - _WRAP
    if result < _INT64_MIN:
        return result + _WRAP
    return result


def add_f64(a, b):
    if not (isinstance(a, (int, float)) and isinstance(b, (int, float))):
        raise TypeError("must be real number")
    return float(a) + float(b)      # OverflowError past the double range


def _f64_vector(x):
    view = memoryview(x)
    if view.ndim != 1 or view.format not in ("d", "@d", "=d") or not view.c_contiguous:
        raise ValueError("a 1-D C-contiguous buffer of doubles is required")
    return view


def sum_f64_buf(x):
    total = 0.0
    for value in _f64_vector(x):
        total += value
    return total


# The NumPy workload: the kernels' loops in Python over the array's memory
# (NumPy's own x * k would be NumPy's C loop, not a floor of Python code);
# the new array from numpy.empty, NumPy imported by the first call (as every
# binding does: an interpreter without NumPy still imports this module).
ndarray_sum = sum_f64_buf
_numpy_empty = None


def _scale_factor(k):
    if not isinstance(k, (int, float)):
        raise TypeError("must be real number")
    return float(k)     # OverflowError past the double range


def ndarray_scaled(x, k):
    global _numpy_empty
    if _numpy_empty is None:
        from numpy import empty as _numpy_empty
    view, k = _f64_vector(x), _scale_factor(k)
    out = _numpy_empty(len(view))
    written = memoryview(out)
    for i, value in enumerate(view):
        written[i] = k * value
    return out


def ndarray_scale(x, k):
    view, k = _f64_vector(x), _scale_factor(k)
    if view.readonly:
        raise ValueError("the array is read-only")
    for i, value in enumerate(view):
        view[i] = k * value


def len_bytes(s):
    if not isinstance(s, bytes):
        raise TypeError(f"len_bytes() argument must be bytes, not {type(s).__name__}")
    return len(s)


def len_str(s):
    if not isinstance(s, str):
        raise TypeError(f"len_str() argument must be str, not {type(s).__name__}")
    return len(s.encode("utf-8"))


def fail_if_negative(x):
    if not isinstance(x, int):
        raise TypeError("an integer is required")
    if not _INT64_MIN <= x <= _INT64_MAX:
        raise OverflowError("int too big to convert to int64")
    if x < 0:
        raise ValueError("fail_if_negative: x is negative")


def callback(f, k):
    if not callable(f):
        raise TypeError("callback() f must be callable")
    if not isinstance(k, int):
        raise TypeError("an integer is required")
    if not _INT64_MIN <= k <= _INT64_MAX:
        raise OverflowError("int too big to convert to int64")
    total = 0
    for i in range(k):
        value = f(i)
        if not isinstance(value, int):
            raise TypeError("callback must return an int")
        if not _INT64_MIN <= value <= _INT64_MAX:
            raise OverflowError("callback result does not fit in int64")
        total += value
    return (total - _INT64_MIN) % _WRAP + _INT64_MIN


def _sum_function(count):
    """sum_i64_<count>: the same contract written out for `count` named
    arguments, compiled once (a *args function would cost more per call)."""
    names = "abcdefgh"[:count]
    checks = " and ".join(f"isinstance({n}, int)" for n in names) or "True"
    ranges = " and ".join(f"_INT64_MIN <= {n} <= _INT64_MAX" for n in names) or "True"
    total = " + ".join(names) or "0"
    source = (f"def sum_i64_{count}({', '.join(names)}):\n"
              f"    if not ({checks}):\n"
              f"        raise TypeError('an integer is required')\n"
              f"    if not ({ranges}):\n"
              f"        raise OverflowError('int too big to convert to int64')\n"
              f"    return ({total} - _INT64_MIN) % _WRAP + _INT64_MIN\n")
    namespace = {"_INT64_MIN": _INT64_MIN, "_INT64_MAX": _INT64_MAX,
                 "_WRAP": _WRAP}
    exec(compile(source, f"<python.def sum_i64_{count}>", "exec"), namespace)
    return namespace[f"sum_i64_{count}"]


for _count in range(9):
    globals()[f"sum_i64_{_count}"] = _sum_function(_count)


def _i64(value):
    """value as the C parameter takes it: an int in the int64 range."""
    if not isinstance(value, int):
        raise TypeError("an integer is required")
    if not _INT64_MIN <= value <= _INT64_MAX:
        raise OverflowError("int too big to convert to int64")
    return value


def _wrap(value):
    return (value - _INT64_MIN) % _WRAP + _INT64_MIN


def sum_defaults(a, b=0, c=0):
    return _wrap(_i64(a) + _i64(b) + _i64(c))


def sum_kwonly(a, *, b=0):
    return _wrap(_i64(a) + _i64(b))


def sum_star(*args):
    total = 0
    for value in args:
        total += _i64(value)
    return _wrap(total)


def add_optional(a, b=None):
    return _wrap(_i64(a) + (0 if b is None else _i64(b)))


class Point:
    """The objects workload as a plain Python class (no __slots__, the way a
    class is first written): its attributes are plain, so that setting x
    takes any value (a quirk the registry records)."""

    def __init__(self, x, y):
        self.x = _i64(x)
        self.y = _i64(y)

    def sum(self):
        return _wrap(self.x + self.y)

    def shift(self, d):
        _i64(d)
        self.x = _wrap(self.x + d)
        self.y = _wrap(self.y + d)

    def scaled(self, k):
        _i64(k)
        return Point(_wrap(self.x * k), _wrap(self.y * k))


def point_dot(a, b):
    if not (isinstance(a, Point) and isinstance(b, Point)):
        raise TypeError("point_dot() arguments must be Point")
    return _wrap(a.x * b.x + a.y * b.y)
