"""No path leaks: many calls of every kernel on every path, good and bad, leave
the interpreter's allocated blocks and the arguments' reference counts where
they were.  A leak of one object or one reference per call shows as N blocks
or N references after N calls; what a call legitimately keeps (caches, a
first-call setup) does not grow with N, and the warm-up pays it."""
import gc
import os
import sys

import pytest

from harness import registry
from harness.registry import workloads

CALLS = 4000
WARM_UP = 200
# Growth allowed over CALLS calls of one argument set: far under one block per
# call, over what free lists and dict resizes can leave behind.
SLACK_BLOCKS = CALLS // 8
# An argument's references grown by this many over CALLS calls: a leak of
# one per call (or more).  Objects shared by the whole interpreter (None,
# small ints, the registry's constants, held by thousands of test cases)
# move by a few, not by one per call.
LEAKED_REFERENCES = CALLS // 2
# What is counted, reference counts and allocated blocks, is CPython's: PyPy
# has neither (sys.getrefcount, sys.getallocatedblocks), its objects being
# moved by a garbage collector.
pytestmark = pytest.mark.skipif(not hasattr(sys, "getrefcount"),
                                reason=f"{sys.implementation.name} has no reference counts "
                                       "to count (sys.getrefcount)")


def pairs():
    for path in registry.CALL_PATHS.values():
        functions, reason = registry.load_path(path)
        for kernel in registry.KERNELS.values():
            if not reason and kernel.name in functions:
                yield pytest.param(path, kernel, functions,
                                   id=f"{path.name}-{kernel.name}")


def calls_of(path, kernel, functions):
    """The (arguments, keywords, whether it may raise) to repeat: the timed
    ones (the smallest size) and the first bad call of each kind; instance
    arguments made once, so that their references are counted too (the
    constructor itself is the kernel point_new: object creation in a loop).
    Not the bad calls of a leak the registry records (recorded_leaks)."""
    sizes = kernel.sizes[:1] if kernel.sizes else (0,)
    good = [(registry.arguments(functions, kernel.timed_args(size)), (), False, kernel.raises)
            for size in sizes]
    bad = {}
    for call in workloads.bad_calls(kernel):
        if not path.quirk(call.kind, kernel) and call not in recorded_leaks(path, kernel):
            bad.setdefault(call.kind, as_repeated(functions, call))
    return good + list(bad.values())


def as_repeated(functions, call):
    return registry.arguments(functions, call.args), call.keywords, call.positional, True


def recorded_leaks(path, kernel):
    """The bad calls of a leak the registry records (CallPath.leaks): those
    whose bad value is in an argument after the first."""
    if kernel.name not in path.leaks:
        return []
    first = kernel.timed_args(kernel.sizes[0])[0] if kernel.sizes else kernel.bench_args[0]
    return [call for call in workloads.bad_calls(kernel)
            if call.args and call.args[0] == first and len(call.args) == len(kernel.arg_names)
            and not call.keywords]


def run(path, kernel, functions, argument_sets, n):
    for args, keywords, positional, may_raise in argument_sets:
        for _ in range(n):
            try:
                registry.call(path, kernel, functions, args, keywords, positional)
            except Exception:     # the bad calls, and fail_if_negative(-1)
                if not may_raise:
                    raise


# Under a sanitizer Python runs with PYTHONMALLOC=malloc, where there are no
# allocated blocks to count; the plain make test covers the same code.
def leaks(path, kernel, functions, argument_sets=None):
    """What grew over CALLS calls of each argument set (by default
    calls_of's): [] or sentences."""
    argument_sets = argument_sets or calls_of(path, kernel, functions)
    run(path, kernel, functions, argument_sets, WARM_UP)
    gc.collect()
    objects = [a for args, keywords, _, _ in argument_sets
               for a in (*args, *(value for _, value in keywords))]
    refcounts = [sys.getrefcount(a) for a in objects]
    before = sys.getallocatedblocks()
    run(path, kernel, functions, argument_sets, CALLS)
    gc.collect()
    grown = sys.getallocatedblocks() - before
    found = []
    if any(sys.getrefcount(a) - before_refs >= LEAKED_REFERENCES
           for a, before_refs in zip(objects, refcounts)):
        found.append("argument references leaked")
    if grown >= SLACK_BLOCKS * len(argument_sets):
        found.append(f"{grown} blocks more after {CALLS} calls of each of "
                     f"{len(argument_sets)} argument sets")
    return found


# Under a sanitizer Python runs with PYTHONMALLOC=malloc, where there are no
# allocated blocks to count; the plain make test covers the same code.
no_blocks = pytest.mark.skipif(bool(os.environ.get("FFIBENCH_SANITIZER")),
                               reason="no block counts with PYTHONMALLOC=malloc; "
                                      "run by the plain make test")


@no_blocks
@pytest.mark.parametrize("path,kernel,functions", list(pairs()))
def test_many_calls_leak_nothing(path, kernel, functions):
    assert leaks(path, kernel, functions) == []


@no_blocks
@pytest.mark.parametrize("path,kernel,functions",
                         [p for p in pairs() if p.values[1].name in p.values[0].leaks])
def test_a_recorded_leak_is_still_there(path, kernel, functions):
    """The registry's record of a tool's leak is held to it: each of its bad
    calls leaks the first argument's references (a fixed tool fails here,
    and its record goes)."""
    calls = recorded_leaks(path, kernel)
    assert calls, f"{path.name} {kernel.name}: the record matches no bad call"
    for call in calls:
        assert "argument references leaked" in leaks(
            path, kernel, functions, [as_repeated(functions, call)]), (path.name, call)


@no_blocks
def test_the_check_sees_a_leak():
    kept = []

    def leaky(a, b):          # keeps its arguments and a new object per call
        kept.append((a, b, [a]))
        return a + b

    found = leaks(registry.CALL_PATHS["python.def"], registry.KERNELS["add_i64"],
                  {"add_i64": leaky})
    assert found[0] == "argument references leaked" and "blocks more" in found[1]
