"""Arguments for the user's functions, made from their types: the sets the
check calls every binding with, the wrong-type call each must refuse, and the
arguments a timed row passes.

  check_sets(function, strings, spec=None) -> [tuple]
  bad_call(function, strings) -> (tuple, param name) or None
  timed(function, strings, size) -> tuple

A set is the defaults with one parameter changed at a time to each of its
values (small ints, the type's bounds, a short string, a buffer of a few
elements), so that every value of every parameter is passed once without the
product of them all.  A spec file (ARGS=, JSON: {"function": [[arg, ...],
...]}) replaces a function's sets; a list there is a buffer of its
parameter's type.  A writable buffer is made afresh for every call.
"""

import array
import json

from harness.mine.header import Buffer, Scalar, Text

BUFFER_ELEMENTS = 5


def scalar_values(t):
    """Values of a scalar type: the defaults first."""
    if t.kind == "bool":
        return [True, False]
    if t.kind == "float":
        return [1.5, 0.0, -2.25, 1e300 if t.bits == 64 else 3.0e38]
    lo, hi = t.limits()
    values = [3, 0, 1, 7, hi] + ([-1, lo] if lo < 0 else [])
    return values


def text_values(strings):
    values = ["abc", "", "héllo wörld"]
    return [v.encode("utf-8") for v in values] if strings == "bytes" else values


def buffer_of(t, elements):
    """An array.array of the buffer's type holding `elements`."""
    return array.array(t.typecode, elements)


def buffer_values(t, n=BUFFER_ELEMENTS):
    """Buffers of n elements: 1, 2, ... (or halves, for floats), then empty."""
    start = [(i + 1) / 2 if t.element.kind == "float" else (i + 1) % 100 for i in range(n)]
    return [start, []]


def values(param, strings):
    t = param.type
    if isinstance(t, Scalar):
        return scalar_values(t)
    if isinstance(t, Text):
        return text_values(strings)
    return buffer_values(t)


class Fresh:
    """A buffer argument, made anew at each call (the function may write)."""

    def __init__(self, buffer, elements):
        self.buffer, self.elements = buffer, list(elements)

    def make(self):
        return buffer_of(self.buffer, self.elements)

    def __repr__(self):
        return f"array({self.buffer.typecode!r}, {self.elements!r})"


def _wrap(param, value):
    return Fresh(param.type, value) if isinstance(param.type, Buffer) else value


def load_spec(path):
    """{function: [[arg, ...], ...]} from ARGS= (JSON)."""
    if not path:
        return {}
    with open(path) as f:
        spec = json.load(f)
    if not isinstance(spec, dict) or not all(isinstance(v, list) for v in spec.values()):
        raise ValueError(f"ARGS={path}: expected {{\"function\": [[arg, ...], ...]}}")
    return spec


def check_sets(function, strings, spec=None):
    """The argument sets of the check (Fresh for a buffer)."""
    params = function.params
    if spec and function.name in spec:
        sets = []
        for given in spec[function.name]:
            if len(given) != len(params):
                raise ValueError(f"ARGS: {function.name} takes {len(params)} arguments, "
                                 f"a set has {len(given)}: {given!r}")
            sets.append(tuple(_wrap(p, value) for p, value in zip(params, given)))
        return sets
    options = [values(p, strings) for p in params]
    defaults = tuple(_wrap(p, o[0]) for p, o in zip(params, options))
    sets = [defaults]
    for i, (p, o) in enumerate(zip(params, options)):
        for value in o[1:]:
            sets.append(defaults[:i] + (_wrap(p, value),) + defaults[i + 1:])
    return sets


def realize(args):
    """The arguments of one call: a Fresh buffer made."""
    return tuple(a.make() if isinstance(a, Fresh) else a for a in args)


def wrong_type(param, strings):
    """A value of the wrong type for the parameter, or None for a bool (the
    tools that read a bool by its truth accept anything)."""
    t = param.type
    if isinstance(t, Scalar):
        return None if t.kind == "bool" else "not a number"
    if isinstance(t, Text):
        return 12345
    return "not a buffer"


def bad_call(function, strings):
    """The default set with its first non-bool parameter of the wrong type,
    and that parameter's name; None when every parameter is a bool or there
    is none."""
    defaults = check_sets(function, strings)[0]
    for i, p in enumerate(function.params):
        wrong = wrong_type(p, strings)
        if wrong is not None:
            return defaults[:i] + (wrong,) + defaults[i + 1:], p.name
    return None


def has_buffer(function):
    return any(isinstance(p.type, Buffer) for p in function.params)


def timed(function, strings, size):
    """The arguments of a timed row: the defaults, each buffer of `size`
    elements (one array reused by every call)."""
    out = []
    for p in function.params:
        if isinstance(p.type, Buffer):
            out.append(buffer_of(p.type, buffer_values(p.type, size)[0]))
        else:
            out.append(values(p, strings)[0])
    return tuple(out)
