"""The binding generators: each SWIG path is the SWIG version and mode its name
says, and cppyy's binding leaves the process's signal handlers as it found
them (a crash of any path must end a worker by its signal)."""
import inspect
import re
import subprocess
import sys
import textwrap

import pytest

import harness
from harness.registry import call_paths

SWIG_MODULES = {"ffibench_swig": ("4.1", "default"), "ffibench_swig_builtin": ("4.1", "-builtin"),
                "ffibench_swig_v4_5": ("4.5", "default"),
                "ffibench_swig_v4_5_builtin": ("4.5", "-builtin")}


def _needs(tool):
    reason = call_paths.config_skips().get(tool)
    if reason:
        if harness.BUILD == harness.DEFAULT_BUILD:
            pytest.fail(f"{tool} is skipped for the default interpreter: {reason}")
        pytest.skip(f"not built for {harness.interpreter_label()}: {reason}")


@pytest.mark.parametrize("module", SWIG_MODULES)
def test_each_swig_path_is_its_version_and_mode(module):
    """The proxy module was written by the SWIG its path is named after, and
    default mode's functions are Python functions over the compiled module's
    (its proxy), -builtin's the compiled module's own."""
    version, mode = SWIG_MODULES[module]
    _needs("SWIG" if version == "4.1" else "SWIG_V4_5")
    loaded = __import__(module)
    with open(loaded.__file__) as f:
        written_by = re.search(r"Version (\d+\.\d+)\.", f.read(2000))
    assert written_by and written_by.group(1) == version
    assert inspect.isfunction(loaded.add_i64) == (mode == "default")
    assert loaded.add_i64(a=40, b=2) == 42


def test_cppyy_leaves_the_signal_handlers_as_it_found_them():
    """Importing cppyy installs ROOT's crash handlers (a gdb stack trace, an
    exit status in place of the signal); the binding puts back what was
    there, before and after its first calls (which JIT-compile)."""
    _needs("CPPYY")
    code = textwrap.dedent("""
        import ctypes, faulthandler, signal
        faulthandler.enable()
        libc = ctypes.CDLL(None)

        class Action(ctypes.Structure):
            _fields_ = [("handler", ctypes.c_void_p), ("mask", ctypes.c_ulong * 16),
                        ("flags", ctypes.c_int), ("restorer", ctypes.c_void_p)]

        def handlers():
            found = {}
            for number in signal.valid_signals():
                action = Action()
                if libc.sigaction(int(number), None, ctypes.byref(action)) == 0:
                    found[int(number)] = action.handler
            return found

        before = handlers()
        from harness.registry.call_paths import CALL_PATHS, load_path
        for name in ("cppyy.gbl", "cppyy.gbl_nogil"):
            functions, why = load_path(CALL_PATHS[name])
            assert not why, why
            assert functions["add_i64"](40, 2) == 42
        after = handlers()
        print(sorted(n for n in before if before[n] != after.get(n)))
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=harness.ROOT, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "[]", f"signals whose handler changed: {done.stdout}"


def test_cppyy_releases_the_gil_on_its_twin_only():
    """cppyy.gbl_nogil's functions release the GIL (cppyy's __release_gil__)
    through overload objects of their own: cppyy.gbl's keep it."""
    _needs("CPPYY")
    plain, why = call_paths.load_path(call_paths.CALL_PATHS["cppyy.gbl"])
    twins, why_twins = call_paths.load_path(call_paths.CALL_PATHS["cppyy.gbl_nogil"])
    assert not why and not why_twins
    for kernel in ("noop", "add_i64", "add_f64"):
        assert twins[kernel].__release_gil__ and not plain[kernel].__release_gil__
