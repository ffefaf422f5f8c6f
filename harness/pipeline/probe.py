"""What hyperfine times as a whole process (harness/processes.py):

  python3 -I harness/pipeline/probe.py import [MODULE]
      start up, put the binding folders on sys.path, import MODULE (nothing
      without it: the reference the import cost is the difference from)
  python3 -I harness/pipeline/probe.py call|empty PATH N
      start up, load the registry and PATH, then N calls of add_i64 through
      PATH in the same freshly compiled loop as the driver's interp mode (GC
      off, as there); `empty` runs the same loop N times with no call (the
      driver's baseline), so that the difference of the two processes is the
      N calls alone, as net as the driver's figure
"""
import os
import sys

# -I leaves the checkout off sys.path; os and sys are loaded at start-up
# anyway.  The harness package and import_dirs import nothing else.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
from harness.registry import import_dirs  # noqa: E402,F401  (the binding folders first on sys.path)

KERNEL = "add_i64"


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
    print("usage: python3 -m harness.pipeline.probe import [MODULE] | probe.py call|empty PATH N",
          file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
