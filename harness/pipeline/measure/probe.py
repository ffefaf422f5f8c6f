"""What hyperfine times as a whole process (harness/pipeline/measure/whole_processes.py):

  python3 -I harness/pipeline/measure/probe.py import [MODULE]
      start up, put the binding folders on sys.path, import MODULE (nothing
      without it: the reference the import cost is the difference from)
  python3 -I harness/pipeline/measure/probe.py call|empty PATH N
      start up, load the registry and PATH, then N calls of add_i64 through
      PATH in the same freshly compiled loop as the driver's interp mode (GC
      off, as there); `empty` runs the same loop N times with no call (the
      driver's baseline), so that the difference of the two processes is the
      N calls alone, as net as the driver's figure
  python3 -I harness/pipeline/measure/probe.py first PATH SAMPLES
      start up, load the registry and PATH, then time its first call of
      add_i64 (noop, or sum_i64_1, where it has no add_i64) and SAMPLES calls after a
      warm-up, each alone between two perf_counter_ns readings; prints
      {"kernel", "first_ns", "steady_ns"} as JSON, both net of the same
      reading around an empty loop
"""
import os
import sys

# -I leaves the checkout off sys.path; os and sys are loaded at start-up
# anyway.  The harness package and import_dirs import nothing else.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))))
from harness.registry import import_dirs  # noqa: E402,F401  (the binding folders first on sys.path)

KERNEL = "add_i64"


# The kernel whose first call is timed: the first of these the path has
# (METH_NOARGS has only noop, METH_O only the one-argument kernels, a C-API
# class only the objects: its constructor, called like a function).
FIRST_KERNELS = (KERNEL, "noop", "sum_i64_1", "point_new")
# Calls made before the steady-state samples: past CPython's specialisation
# (a few calls) and any binding's lazy set-up.
WARMUP_CALLS = 10000


def first_call(name, samples):
    """The first call of a freshly loaded path, and steady-state calls, each
    timed alone the same way: one call of the timing loop between two
    perf_counter_ns readings, net of the median reading around the loop
    with no call (it and the loop are run once with nothing timed first, so
    that the first call pays only for itself)."""
    import json
    import statistics
    from time import perf_counter_ns
    from harness import registry
    path = registry.CALL_PATHS[name]
    functions, reason = registry.load_path(path)
    kernel_name = next((k for k in FIRST_KERNELS if k in functions), None)
    if reason or kernel_name is None:
        print(f"probe: {name} has none of {', '.join(FIRST_KERNELS)}: {reason or path.cannot}",
              file=sys.stderr)
        return 1
    kernel = registry.KERNELS[kernel_name]
    args, f = kernel.timed_args(0), functions[kernel_name]
    if path.native:
        loop, empty = (lambda n, g, *a: g(n, *a) if n else None), (lambda n, g, *a: None)
    else:
        loop = registry.timing_loop(kernel.arg_names, path.by_keyword)
        empty = registry.timing_loop(kernel.arg_names, path.by_keyword, empty=True)
    loop(0, f, *args)
    empty(0, f, *args)
    perf_counter_ns()
    t0 = perf_counter_ns()
    loop(1, f, *args)
    first = perf_counter_ns() - t0
    loop(WARMUP_CALLS, f, *args)

    def timed(function):
        values = []
        for _ in range(samples):
            t0 = perf_counter_ns()
            function(1, f, *args)
            values.append(perf_counter_ns() - t0)
        return statistics.median(values)
    overhead = timed(empty)
    print(json.dumps({"kernel": kernel_name, "first_ns": first - overhead,
                      "steady_ns": timed(loop) - overhead}))
    return 0


def main(argv):
    if len(argv) in (2, 3) and argv[1] == "import":
        if len(argv) == 3:
            __import__(argv[2])
        return 0
    if len(argv) == 4 and argv[1] in ("call", "empty") and argv[3].isdigit():
        from harness import registry
        from harness.registry import protocol
        path = registry.CALL_PATHS[argv[2]]
        functions, reason = registry.load_path(path)
        if reason or KERNEL not in functions:
            print(f"probe: {path.name} cannot call {KERNEL}: {reason or path.cannot}",
                  file=sys.stderr)
            return 1
        kernel, n, empty = registry.KERNELS[KERNEL], int(argv[3]), argv[1] == "empty"
        args = kernel.timed_args(0)
        protocol.prepare_timing()
        if path.native:     # the C loop, or the same without the call
            loop_empty = registry.native_baseline()
            if n > 0:
                loop_empty(n) if empty else functions[KERNEL](n, *args)
        else:
            loop = registry.timing_loop(kernel.arg_names, path.by_keyword, empty)
            loop(n, functions[KERNEL], *args)
        return 0
    if len(argv) == 4 and argv[1] == "first" and argv[3].isdigit():
        return first_call(argv[2], int(argv[3]))
    print("usage: python3 -m harness.pipeline.measure.probe import [MODULE] | probe.py call|empty PATH N"
          " | probe.py first PATH SAMPLES", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
