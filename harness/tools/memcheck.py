"""Reads the log of valgrind --tool=memcheck over a short driver run (make
memcheck) and says which definite leaks and memory errors are the toolkit's.

A record is the toolkit's when its innermost frame in a toolkit binary (under
build/) is reached without Python code in between (no _PyEval_EvalFrameDefault
between the allocation and that frame) and is not a module's initialisation:
what Python code allocates (the registry's imports, run under ffb_run) and what
a module's init keeps for the life of the process (PyInit_*, Cython's
__pyx_pymod_exec_* and __Pyx_* helpers, the PyModuleDef HPy's
_HPyModuleDef_* functions build for a CPython-ABI module, the member
definitions HPy's ctx_Type_FromSpec allocates for a type) belong to the interpreter and to
the module's lifetime, and Debian's static python3 does not free either at exit
(nor SWIG 4.1's runtime at exit: MODULE_INIT says why).

make memcheck runs `python3 -m harness.tools.memcheck`: valgrind's memcheck
over a short run of the hosted driver (rows of noop, add_i64, add_f64 and the
baselines, one short repetition each), PYTHONMALLOC=malloc so that memcheck
sees every Python allocation (hence -s and a cleared environment instead of
-I, which would ignore it), the log in build/memcheck.log; then fails on a
definite leak or a memory error in the toolkit's own code.

Usage: python3 -m harness.tools.memcheck [LOG]   (with LOG: read that log, run nothing)
"""
import os
import re
import subprocess
import sys

from harness import BUILD, CFFI2, VENV
from harness.pipeline import stage_cli
from harness.pipeline.measure import frontends

LOG = os.path.join(BUILD, "memcheck.log")
ROWS = "^(empty|noop|add_i64|add_f64)/"
_PREFIX = re.compile(r"^==\d+== ?")
_HEAD = re.compile(r"(definitely lost in loss record|Invalid (read|write|free)|"
                   r"uninitialised|Mismatched free|Source and destination overlap)")
_FRAME = re.compile(r"(?:at|by) 0x[0-9A-F]+: (\S+) \((?:in )?([^)]*)\)")
# HPy 0.9's ctx_Type_FromSpec (compiled into a CPython-ABI module, in
# hpy.universal for a universal one; reached through HPyHelpers_AddType when
# the module is executed) allocates a type's member definitions and never
# frees them: once per type, for the process's life.
# SWIG 4.1's runtime, when the interpreter exits (SWIG_Python_DestroyModule),
# makes its module's globals object only to drop it (Py_DECREF(SWIG_globals()),
# the module has no C globals), and that object's type does not free it: 24
# bytes once per module and process, in SWIG's generated C, not in our
# typemaps (SWIG 4.5 drops only what it made).
MODULE_INIT = ("PyInit_", "__pyx_pymod_exec_", "__Pyx_", "_HPyModuleDef_", "ctx_Type_FromSpec",
               "HPyHelpers_AddType", "SWIG_Python_DestroyModule")


def records(text):
    """[(headline, [(function, where)])] of the log's error and leak records."""
    found, current = [], None
    for raw in text.splitlines():
        line = _PREFIX.sub("", raw)
        if _HEAD.search(line):
            current = (line.strip(), [])
            found.append(current)
        elif current is not None:
            frame = _FRAME.search(line)
            if frame:
                current[1].append(frame.groups())
            elif not line.strip():
                current = None
    return found


# The packages installed into BUILD/venv (NumPy, whose module init keeps
# objects memcheck calls lost; hpy.universal) and BUILD/cffi2 (cffi 2's
# backend, whose lib objects keep what they build) are not the toolkit's code.
INSTALLED_FOLDERS = (VENV + os.sep, CFFI2 + os.sep)


def owner(frames):
    """'toolkit', 'python code' or 'module init' (or 'python' when no toolkit
    binary is on the stack)."""
    for depth, (function, where) in enumerate(frames):
        if where.startswith(BUILD) and not where.startswith(INSTALLED_FOLDERS):
            if any(f == "_PyEval_EvalFrameDefault" for f, _ in frames[:depth]):
                return "python code"
            if function.startswith(MODULE_INIT):
                return "module init"
            return "toolkit"
    return "python"


def run(log):
    """The driver under memcheck, its log into `log`."""
    print("== valgrind memcheck over a short driver run (about 15 s) ==", flush=True)
    driver = frontends.command("hosted", [
        f"--benchmark_filter={ROWS}", "--benchmark_min_time=0.0002",
        "--benchmark_repetitions=1", "--progress=1000"], python_flags=("-s",))
    done = subprocess.run(["env", "-i", f"PATH={os.environ.get('PATH', '')}",
                           "PYTHONMALLOC=malloc", "valgrind", "--tool=memcheck",
                           "--leak-check=full", "--show-leak-kinds=definite",
                           "--errors-for-leak-kinds=definite", "--num-callers=40",
                           f"--log-file={log}", *driver], stdout=subprocess.DEVNULL)
    return done.returncode


def main(argv=None):
    parser = stage_cli.command_line(__spec__.name, __doc__)
    parser.add_argument("log", metavar="LOG", nargs="?",
                        help="read this log of an earlier run, run nothing")
    given = parser.parse_args(argv).log
    log = given or LOG
    if not given and run(log) != 0:
        print(f"memcheck: the driver under valgrind failed; see {log}", file=sys.stderr)
        return 1
    with open(log) as f:
        found = records(f.read())
    counts, ours = {}, []
    for headline, frames in found:
        kind = owner(frames)
        counts[kind] = counts.get(kind, 0) + 1
        if kind == "toolkit":
            ours.append((headline, frames))
    print("memcheck: " + (", ".join(f"{n} from {k}" for k, n in sorted(counts.items()))
                          or "no definite leak and no memory error"))
    for headline, frames in ours:
        print(f"memcheck: the toolkit's: {headline}")
        for function, where in frames[:12]:
            print(f"    {function} ({where})")
    print(f"memcheck: {len(ours)} definite leaks or memory errors in the toolkit's code")
    return 1 if ours else 0


if __name__ == "__main__":
    sys.exit(main())
