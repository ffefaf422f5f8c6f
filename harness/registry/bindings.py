"""The binding families, as a reader choosing one sees them: per binding (and
tool version), its call path and GIL twins, the glue we wrote for it, how a C error code
reaches Python through it, when it is loaded, what its build needs, and
whether it releases the GIL by default.  Part of the registry: the decision
stage (harness/pipeline/choice/decision.py) reads it with the paths' measurements.

Everything here is what the sources and the tools' documentation say; what
is measured (speed, import, first call, build time, size, glue lines, bad
input, threads) comes from the run.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Binding:
    name: str               # the row's label
    path: str               # the call path its figures come from (a plain binding of it)
    sources: tuple          # the glue we wrote for it (counted by ownership.py)
    error_glue: tuple       # (source, definition) that turns the C error code into an exception
    errors: str             # how the kernel's error code reaches Python
    loading: str            # "build time" (a compiled module) or "run time" (dlopen + declarations)
    build_needs: str        # what building it takes
    modules: tuple = ()     # the Makefile's modules (build/<module><suffix>) it builds
    releasing: str = ""     # its path that releases the GIL around the kernel
    holding: str = ""       # the GIL-holding twin of `releasing`
    gil_by_default: str = "held"   # what a plain binding of it does with the GIL
    no_threads: str = ""    # why it has no threads figure (no `releasing`)
    objects_path: str = ""  # its path of the objects workload, when not `path`


_CAPI_SOURCES = ("ext/capi/capi.c", "ext/capi/capi_kernels.h", "ext/capi/capi_point.h",
                 "ext/f64_buffer.h")
_C_BUILD = "a C compiler and Python's headers"
# The threads workload calls the buffer kernel, which HPy cannot express.
_HPY_NO_THREADS = "no buffer kernel: HPy 0.9 cannot read another object's buffer"

def _cffi_bindings(label, version, tool, abi_source, api_module):
    """One cffi's two modes (paths cffi.<version>abi, cffi.<version>api): the
    same declarations and glue (cffi_bindings/kernels_cdef.py), ABI mode
    loaded at run time, API mode's module (api_module) built."""
    glue = ("cffi_bindings/kernels_cdef.py", "fail_if_negative")
    errors = "our glue in Python: the return code tested, ValueError raised"
    return (
        Binding(f"{label} ABI", f"cffi.{version}abi",
                (f"cffi_bindings/{abi_source}", "cffi_bindings/kernels_abi.py",
                 "cffi_bindings/kernels_cdef.py"), glue, errors,
                "run time", f"{tool} (its compiled backend), the kernels as a shared library",
                releasing=f"cffi.{version}abi", gil_by_default="released"),
        Binding(f"{label} API", f"cffi.{version}api",
                ("cffi_bindings/build_cffi_api.py", "cffi_bindings/kernels_cdef.py"), glue,
                errors, "build time", f"{tool}, " + _C_BUILD, (api_module,),
                releasing=f"cffi.{version}api", gil_by_default="released"))


def _swig_bindings(version, label, tool, module):
    """One SWIG's two modes (paths swig.<version>, swig.<version>_builtin):
    the same interface file; default mode's module is a Python proxy over
    the compiled one."""
    source = "ext/swig/ffibench_swig.i"
    return tuple(
        Binding(f"{label}{title}", f"swig.{version}{mode}", (source,),
                (source, "%typemap(out) int ffk_fail_if_negative"),
                "our glue in the interface file: an out typemap on the kernel's return "
                "code sets ValueError", "build time", f"{tool}, " + _C_BUILD,
                (f"_{module}{mode}",), releasing=f"swig.{version}{mode}_nogil",
                holding=f"swig.{version}{mode}")
        for mode, title in (("", ""), ("_builtin", " -builtin")))


BINDINGS = (
    Binding("C API", "capi.fastcall", _CAPI_SOURCES,
            ("ext/capi/capi_kernels.h", "fail_if_negative_call"),
            "our glue: PyErr_SetString when the kernel returns an error code",
            "build time", _C_BUILD, ("ffibench_capi",),
            releasing="capi.fastcall_nogil", holding="capi.fastcall", objects_path="capi.class"),
    Binding("Limited API (abi3)", "abi3.fastcall", _CAPI_SOURCES,
            ("ext/capi/capi_kernels.h", "fail_if_negative_call"),
            "our glue: PyErr_SetString when the kernel returns an error code",
            "build time", _C_BUILD + " (one binary for every later CPython 3)",
            ("ffibench_abi3",), releasing="abi3.fastcall_nogil", holding="abi3.fastcall",
            objects_path="abi3.class"),
    Binding("ctypes", "ctypes.cdll", ("ctypes_bindings/kernels_ctypes.py",),
            ("ctypes_bindings/kernels_ctypes.py", "_raise_on_error_code"),
            "only through an errcheck function we wrote; without it the code comes back "
            "as an int, no error", "run time",
            "nothing but the kernels as a shared library (ctypes is in the standard library)",
            releasing="ctypes.cdll", holding="ctypes.pydll", gil_by_default="released (CDLL)"),
    *_cffi_bindings("cffi", "", "cffi", "kernels_cffi_abi.py", "ffibench_cffi"),
    # cffi 2 from PyPI: the same glue; cffi_bindings/cffi2_loader.py, which lets
    # it share a process with the interpreter's own cffi, is the toolkit's, not
    # a user's, and is not counted.
    *_cffi_bindings("cffi 2", "v2_", "cffi 2 from PyPI", "kernels_cffi2_abi.py",
                    "ffibench_cffi2"),
    Binding("Cython 0.29", "cython.v0_29", ("ext/cython/ffibench_cython.pyx",),
            ("ext/cython/ffibench_cython.pyx", "fail_if_negative"),
            "our glue in the .pyx: raise on the return code",
            "build time", "Cython 0.29, " + _C_BUILD, ("ffibench_cython",), releasing="cython.v0_29_nogil",
            holding="cython.v0_29"),
    Binding("Cython 3", "cython.v3", ("ext/cython/ffibench_cython.pyx",),
            ("ext/cython/ffibench_cython.pyx", "fail_if_negative"),
            "our glue in the .pyx: raise on the return code",
            "build time", "Cython 3, " + _C_BUILD, ("ffibench_cython3",), releasing="cython.v3_nogil",
            holding="cython.v3"),
    Binding("pybind11 2", "pybind11.v2",
            ("ext/pybind11/ffibench_pybind11.cpp", "ext/kept_error_callback.h"),
            ("ext/pybind11/ffibench_pybind11.cpp", "fail_if_negative"),
            "our glue: a C++ exception (py::value_error), translated by pybind11",
            "build time", "a C++ compiler, pybind11's headers, Python's headers",
            ("ffibench_pybind11",), releasing="pybind11.v2_nogil", holding="pybind11.v2"),
    Binding("pybind11 3", "pybind11.v3",
            ("ext/pybind11/ffibench_pybind11.cpp", "ext/kept_error_callback.h"),
            ("ext/pybind11/ffibench_pybind11.cpp", "fail_if_negative"),
            "our glue: a C++ exception (py::value_error), translated by pybind11",
            "build time", "a C++ compiler, pybind11's headers, Python's headers",
            ("ffibench_pybind11_v3",), releasing="pybind11.v3_nogil",
            holding="pybind11.v3"),
    Binding("nanobind", "nanobind.def",
            ("ext/nanobind/ffibench_nanobind.cpp", "ext/kept_error_callback.h"),
            ("ext/nanobind/ffibench_nanobind.cpp", "fail_if_negative"),
            "our glue: a C++ exception (nb::value_error), translated by nanobind",
            "build time", "a C++17 compiler, nanobind's headers and library sources, "
            "Python's headers", ("ffibench_nanobind",),
            releasing="nanobind.def_nogil", holding="nanobind.def"),
    Binding("PyO3", "pyo3.def",
            ("ext/pyo3/src/lib.rs", "ext/pyo3/build.rs", "ext/pyo3/Cargo.toml"),
            ("ext/pyo3/src/lib.rs", "fail_if_negative"),
            "our glue: Err(PyValueError) returned, raised by PyO3",
            "build time", "a Rust toolchain (cargo), the pyo3 crate and its dependencies",
            ("ffibench_pyo3",), releasing="pyo3.def_nogil", holding="pyo3.def"),
    Binding("HPy, CPython ABI", "hpy.cpython", ("ext/hpy/ffibench_hpy.c",),
            ("ext/hpy/ffibench_hpy.c", "fail_if_negative_impl"),
            "our glue: HPyErr_SetString when the kernel returns an error code",
            "build time", "hpy.devel (headers and runtime sources), " + _C_BUILD,
            ("ffibench_hpy_cpython",), no_threads=_HPY_NO_THREADS),
    Binding("HPy, universal ABI", "hpy.universal",
            ("ext/hpy/ffibench_hpy.c", "ext/hpy/hpy_universal_stub.py"),
            ("ext/hpy/ffibench_hpy.c", "fail_if_negative_impl"),
            "our glue: HPyErr_SetString when the kernel returns an error code",
            "build time", "hpy.devel (headers and runtime sources), a C compiler; at run "
            "time the hpy package (hpy.universal)", ("ffibench_hpy_universal",),
            no_threads=_HPY_NO_THREADS),
    Binding("Boost.Python", "boost_python.def", ("ext/boost_python/ffibench_boost_python.cpp",
                                                 "ext/kept_error_callback.h"),
            ("ext/boost_python/ffibench_boost_python.cpp", "fail_if_negative"),
            "our glue: PyErr_SetString and throw_error_already_set(), which Boost.Python "
            "turns back into the Python error", "build time",
            "a C++ compiler, Boost.Python's headers and its shared library "
            "(libboost_python, built for the interpreter's version), Python's headers",
            ("ffibench_boost_python",), releasing="boost_python.def_nogil",
            holding="boost_python.def"),
    Binding("cppyy", "cppyy.gbl", ("ext/cppyy/kernels_cppyy.py",),
            ("ext/cppyy/kernels_cppyy.py", "_error_code_call"),
            "our glue in Python: the return code tested, ValueError raised", "run time",
            "cppyy (Cling, a C++ interpreter with a JIT, and its precompiled headers), the "
            "kernels as a shared library and their header", releasing="cppyy.gbl_nogil",
            holding="cppyy.gbl"),
    *_swig_bindings("v4_1", "SWIG 4.1", "SWIG 4.1 (Debian)", "ffibench_swig"),
    *_swig_bindings("v4_5", "SWIG 4.5", "SWIG 4.5 (PyPI)", "ffibench_swig_v4_5"),
)


@dataclass(frozen=True)
class Caveat:
    """A choice of this toolkit that changes what a binding's figures say:
    shown as a footnote on the summary's cells it touches (REPORT.md, the
    README, the page).  Words only: what it costs is measured, in METHODOLOGY."""
    bindings: tuple         # the Binding names it touches
    columns: tuple          # the summary's columns it touches (publish/answer.py)
    text: str


# The columns of a call's cost (the time of a call, its figures).
_TIMES = ("add_i64", "method", "construct", "ndarray_in")

CAVEATS = (
    Caveat(("pybind11 2", "pybind11 3"), _TIMES,
           "built, as every path here, without -DNDEBUG, which release builds define: "
           "pybind11's headers then assert, and from 2.11 check the GIL on every reference "
           "taken or dropped; a release build's call costs fewer instructions "
           "(docs/METHODOLOGY.md, \"One set of C flags\")"),
    Caveat(("cffi 2 ABI", "cffi 2 API"), _TIMES,
           "PyPI's cffi 2 wheel, timed as users install it, has its backend compiled without "
           "optimisation; built from its source with -O2, ABI mode takes the instructions "
           "cffi 1.15 takes (docs/METHODOLOGY.md, \"Why cffi 2's ABI mode costs more\")"),
    Caveat(("nanobind",), (*_TIMES, "module_kb"),
           "its module and library built with the -O2 of every path; nanobind's own CMake "
           "release build uses -Os, for a smaller module (docs/METHODOLOGY.md, \"How the new "
           "tools are built\")"),
)
