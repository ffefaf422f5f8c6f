"""ffi-bench's harness, one folder per job (docs/ARCHITECTURE.md):

  driver/    the C driver: the Google Benchmark wrapper, the driver library,
             its embedded executable and its hosted module
  registry/  the call paths, the workloads, the shared vocabulary, the run
             metadata, where bindings are imported from
  pipeline/  make bench: its stages by job (measure, analyse, choice,
             publish); bench.py runs them
  commands/  the commands over results folders: merge, interpreters
  tools/     compare, validate, instr, stability, memcheck, pyperf_rows
  mine/      make mine: the user's functions through every binding
  provision/ what the build needs: the dependency checks, the venvs, the
             CPython builds, the build's provenance

ROOT and BUILD: the checkout, and the folder everything built for this
interpreter goes to: build/ for the default one (Debian's /usr/bin/python3),
build/<LABEL> for any other (LABEL from interpreter_label(), e.g.
cpython-3.13.5t-source), so that every interpreter keeps its own modules;
FFIBENCH_BUILD (set by the Makefile; a command started without make passes
it on to the processes it starts, export_build()) names it outright.
Importing this module changes nothing and imports nothing beyond os, sys and
sysconfig, and runs on every interpreter the toolkit builds for
(PyPy's Python 3.9 included).
"""
import os
import sys
import sysconfig

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_PYTHON = "/usr/bin/python3"


def interpreter_label():
    """IMPLEMENTATION-VERSION[t]-ORIGIN of the running interpreter: t for a
    free-threaded build; ORIGIN debian (Debian's package), source (built by
    make pythons), pyenv, or other."""
    version = sys.version.split()[0]
    if sys.implementation.name == "pypy":
        version = "%d.%d-%s" % (sys.version_info[:2] + (
            ".".join(map(str, sys.pypy_version_info[:3])),))
    free = "t" if sysconfig.get_config_var("Py_GIL_DISABLED") else ""
    base = os.path.realpath(sys.base_prefix)
    if base == "/usr" or base.startswith("/usr/lib/"):
        origin = "debian"
    elif os.sep + "pythons" + os.sep in base + os.sep:
        origin = "source"
    elif os.sep + ".pyenv" + os.sep in base:
        origin = "pyenv"
    else:
        origin = "other"
    return "%s-%s%s-%s" % (sys.implementation.name, version, free, origin)


def _is_default_python():
    try:
        return (os.path.realpath(sys.executable) == os.path.realpath(DEFAULT_PYTHON)
                and sys.base_prefix == sys.base_exec_prefix == "/usr")
    except OSError:
        return False


DEFAULT_BUILD = os.path.join(ROOT, "build")
BUILD = os.environ.get("FFIBENCH_BUILD") or (
    DEFAULT_BUILD if _is_default_python()
    else os.path.join(ROOT, "build", interpreter_label()))
# The project's own environment of pinned Python tools and packages (make
# venv: pyperf, NumPy, the binding tools from PyPI), one per build folder.
VENV = os.path.join(BUILD, "venv")
# cffi 2 from PyPI, installed beside it (make venv; requirements/cffi2.txt).
CFFI2 = os.path.join(BUILD, "cffi2")
# The interpreter as make was given it (PYTHON=), which `make` run from a
# script must be given again to build into this BUILD.
PYTHON = os.environ.get("FFIBENCH_PYTHON") or sys.executable


def allowed_cpus():
    """The CPUs this process may run on, sorted, on every interpreter: the
    one place the harness asks (PyPy's os has no sched_getaffinity, so there
    the kernel's own list, Cpus_allowed_list in /proc/self/status;
    tests/unit/test_portable.py holds every other module to this function)."""
    if hasattr(os, "sched_getaffinity"):
        return sorted(os.sched_getaffinity(0))
    with open("/proc/self/status") as f:
        listed = next(line.split(":", 1)[1].strip() for line in f
                      if line.startswith("Cpus_allowed_list:"))
    cpus = []
    for part in listed.split(","):
        low, _, high = part.partition("-")
        cpus.extend(range(int(low), int(high or low) + 1))
    return cpus


def pin_to_cpu(cpu):
    """Runs this process, and those it starts, on `cpu` alone; False where
    the interpreter cannot (PyPy's os has no sched_setaffinity: a process is
    then started under taskset instead, calibrate.on_cpu)."""
    if not hasattr(os, "sched_setaffinity"):
        return False
    os.sched_setaffinity(0, {cpu})
    return True


def export_build():
    """Passes BUILD on to the processes this one starts: the embedded
    driver's interpreter, for one, cannot tell which build folder it belongs
    to.  Every command calls it (stage_cli.command_line); make exports it
    anyway."""
    os.environ["FFIBENCH_BUILD"] = BUILD
