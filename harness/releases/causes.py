"""Why a binding tool's call changed between two releases of its series: the
upstream change that explains each step of more than 5 % in the committed
run (results/reference/releases/steps.csv), keyed by (tool, the release
before, the release after).

Each entry was found in the tool's changelog and pull requests (search,
fetch), and checked against callgrind's counts per function of the two
releases' calls (build/releases/<tool>-<version>/callgrind/, which make
releases keeps): the functions whose instructions changed are named.  Where
nothing upstream explains a step, the entry says so.  A step of the reference
without an entry fails tests/unit/test_releases_report.py.
"""

NOT_LOOKED_UP = "Cause not looked up (harness/releases/causes.py has no entry)."

CAUSES = {
    ("pybind11", "2.10.4", "2.11.2"): (
        "pybind11#4246 (2.11.0) turned the PyGILState_Check() of handle::inc_ref() and dec_ref() "
        "back on in every build without NDEBUG: this project compiles every module without it "
        "(docs/METHODOLOGY.md, \"One set of C flags\"), so the check runs on each reference taken, as it "
        "would not in a module built with NDEBUG; callgrind: PyGILState_Check, "
        "pthread_getspecific and an out-of-line inc_ref() are new in the call."),
    ("pybind11", "2.13.6", "3.0.1"): (
        "pybind11#5580 (3.0.0) made a function's record a Python object of its own type instead "
        "of a PyCapsule (to pickle bound functions): the dispatcher now checks that type "
        "(is_function_record_PyObject) and reaches pybind11's internals for it on every call "
        "(get_internals), where 2.13 read the capsule (PyCapsule_GetPointer)."),
    ("pybind11", "3.0.1", "3.0.4"): (
        "pybind11 3.0.2's call path: vectorcall instead of tp_call (#5948; the dispatcher takes "
        "the arguments as an array, and _PyObject_MakeTpCall and its tuple are gone), no heap "
        "array for 6 or fewer arguments (#5824: malloc and free are gone), thread_local for "
        "loader_life_support and the internals (#5830, #5834: pthread_getspecific and "
        "pthread_setspecific are gone) and nanobind's two-level type lookup (#5842); the error "
        "row gains less, its cost being C++'s unwinding."),
    ("nanobind", "2.0.0", "2.12.0"): (
        "nanobind#944 (2.6.1) added dispatchers for functions of 0 and 1 arguments "
        "(nb_func_vectorcall_simple_0 and _1 replace nb_func_vectorcall_simple), and nanobind#1257 "
        "(2.11.0) made nb_method and nb_func immutable types, so that CPython 3.11 specialises "
        "the method's lookup (LOAD_ATTR_METHOD: _PyObject_GetMethod is gone from the method "
        "call)."),
    ("nanobind", "2.12.0", "2.15.0"): (
        "nanobind#1370 (2.13.0), the \"medium\" dispatcher for functions whose arguments are named "
        "(nb::arg) with no *args or **kwargs: nb_func_vectorcall_medium_pos replaces the general "
        "nb_func_vectorcall_complex; with #1374's tuning of the call path (load_i64)."),
    ("cython", "0.29.37", "3.0.12"): (
        "Cython 3.0 compiles def functions as binding cyfunctions by default (the binding "
        "directive, docs' \"Migrating from Cython 0.29 to 3.0\") called through vectorcall "
        "(PEP 590, 3.0's main optimisation): a call of two arguments no longer builds a tuple "
        "(_PyObject_MakeTpCall is gone), while a call of one (a METH_O builtin in 0.29, which "
        "CPython 3.11 specialises in its CALL instruction) now goes through PyObject_Vectorcall "
        "and __Pyx_CyFunction_Vectorcall_FASTCALL_KEYWORDS, unspecialised: the method call, the "
        "error kernel's success and len_str grew."),
    ("pyo3", "0.20.3", "0.22.6"): (
        "PyO3 0.22 ended the GIL Refs API's pool on every call: the trampoline no longer makes "
        "a GILPool (pyo3#4188; <GILPool as Drop>::drop and the malloc and free of its owned "
        "objects are gone) and the reference pool is made lazily (pyo3#4178: "
        "ReferencePool::update_counts is gone); 0.20, whose only API is the GIL Refs one, "
        "made a GILPool on every call."),
    ("pyo3", "0.24.2", "0.26.0"): (
        "pyo3#5324 (0.26.0), a fast path to a #[pyclass]'s type object: taking the method's "
        "self (extract_pyclass_ref) no longer goes through "
        "LazyTypeObjectInner::get_or_try_init."),
    ("pyo3", "0.27.2", "0.28.3"): (
        "pyo3#6426: since 0.28 every #[pyfunction] is made with METH_STATIC (its selection "
        "moved into FnSpec::get_methoddef, #5581), and the issue reports calls of a function "
        "with parameters slower on CPython 3.11 and later, none for one without (noop here); "
        "callgrind: the call now goes through PyObject_Vectorcall and PyO3's "
        "fastcall_cfunction_with_keywords, and the interpreter's own frame costs more."),
    ("pyo3", "0.28.3", "0.30.1"): (
        "pyo3#6428 (0.30.0) removed the METH_STATIC of 0.28 (PyObject_Vectorcall leaves the "
        "call again). The method call's smaller step (Borrowed<T>::cast::inner, the check of "
        "self's type, is gone from it) is named by no entry of the 0.29 and 0.30 changelogs."),
    ("cffi", "1.17.1", "2.0.0"): (
        "Not cffi's code but its wheel's build: PyPI's cffi 2 backend is compiled without "
        "optimisation (setuptools 75.7 and later let cffi's CI's CFLAGS replace Python's -O2; "
        "docs/METHODOLOGY.md, \"Why cffi 2's ABI mode costs more\"); callgrind: the C API's "
        "inline functions (PyType_HasFeature, Py_TYPE, PyTuple_GET_SIZE) and the backend's "
        "own small functions (examine_argument, write_raw_integer_data, read_raw_signed_data) "
        "are calls of their own in _cffi_backend, and its bundled libffi's ffi_call grew. API "
        "mode's generated C is compiled here with -O2: only its calls into the backend "
        "(_my_PyLong_AsLongLong) grew."),
}


def cause(tool, before, after):
    return CAUSES.get((tool, before, after), NOT_LOOKED_UP)
