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


def sum_i64_1(a):
    if not isinstance(a, int):
        raise TypeError(f"an integer is required, not {type(a).__name__}")
    if not _INT64_MIN <= a <= _INT64_MAX:
        raise OverflowError("int too big to convert to int64")
    return int(a)           # an int subclass (bool) becomes a plain int


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
