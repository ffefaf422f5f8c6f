"""The glue of each binding for the user's functions, written as each tool's
documentation teaches it, from the header's Functions (header.py).

  BINDINGS: one Binding per call path, with the function writing its sources
  sources(binding, functions, header, strings) -> [Source]

Every binding calls the user's functions from one compiled object
(build.py); what a binding adds is its own conversion of the arguments.
The choices that could bias a figure, the same for every binding:
- an integer is range-checked to its C type (OverflowError), a float takes a
  Python float or int, a bool is read by truth where the tool does so;
- a buffer is any 1-D C-contiguous buffer of the element's format
  (array.array of the type code header.TYPECODES gives); Python passes the
  buffer alone, the binding passes its length;
- text is a str, encoded to UTF-8 by the binding (STRINGS=bytes: bytes,
  passed as they are); with a length parameter, the binding passes the
  encoded length.
ctypes and cffi cannot check a buffer's format or encode a str themselves,
so for those functions a Python wrapper does (as the toolkit's own ctypes
and cffi bindings do); their other functions are the foreign functions
themselves.  The C API's two conventions share their converters; they differ
only by the convention.
"""

import os
from dataclasses import dataclass, field
from typing import Callable, Tuple

from harness.mine.header import Buffer, Scalar, Text

MODULE_PREFIX = "mine_"


@dataclass
class Source:
    name: str                   # the file's name under the binding's folder
    text: str
    spans: dict = field(default_factory=dict)   # function -> [(first, last) line]


@dataclass(frozen=True)
class Binding:
    path: str                   # the call path's name, as make bench names it
    module: str                 # the module Python imports
    write: Callable             # (module, functions, header, strings) -> [Source]
    build: str                  # how build.py makes it: python, cffi_api, c, cython, cxx
    flags: str = ""             # build-info.txt's key of the project's flags for it
    tool: str = ""              # the tool it needs (SKIP_<tool> in build/*.mk)
    options: Tuple[str, ...] = ()   # build details (c: the convention's macro)
    # function -> why this tool cannot bind it (None: it can)
    cannot: Callable = lambda function: None


class Writer:
    """Lines, with the span of each function's own lines kept."""

    def __init__(self):
        self.lines, self.spans = [], {}

    def add(self, text=""):
        self.lines.extend(text.split("\n"))

    def function(self, name, text):
        first = len(self.lines) + 1
        self.add(text)
        self.spans.setdefault(name, []).append((first, len(self.lines)))

    def source(self, name):
        return Source(name, "\n".join(self.lines) + "\n", self.spans)


def _python_names(function):
    return ", ".join(p.name for p in function.params)


def wrapper_parts(function, scalar, text, buffer):
    """(the wrapper's parameters, its lines before the call, the call's
    arguments): each parameter's part from the tool's rule for its kind,
    rule(param) -> (parameter, [lines], [arguments])."""
    params, lines, call = [], [], []
    for p in function.params:
        rule = (scalar if isinstance(p.type, Scalar) else
                text if isinstance(p.type, Text) else buffer)
        param, before, args = rule(p)
        params.append(param)
        lines += before
        call += args
    return params, lines, call


def _needs_wrapper(function):
    return any(not isinstance(p.type, Scalar) for p in function.params)


# --- ctypes and cffi's ABI and API modes: Python over the foreign function ---

CTYPES = {"int8_t": "c_int8", "uint8_t": "c_uint8", "int16_t": "c_int16",
          "uint16_t": "c_uint16", "int32_t": "c_int32", "uint32_t": "c_uint32",
          "int64_t": "c_int64", "uint64_t": "c_uint64", "float": "c_float",
          "double": "c_double", "bool": "c_bool"}

PYTHON_HELPERS = '''
def _view(obj, code, writable):
    """memoryview of obj if it is a 1-D C-contiguous buffer of format `code`
    (and writable, when the function writes into it)."""
    view = memoryview(obj)
    if view.format.lstrip("@=") != code or view.ndim != 1 or not view.c_contiguous:
        raise TypeError(f"expected a 1-D contiguous buffer of format {code!r}, "
                        f"got {type(obj).__name__} of format {view.format!r}")
    if writable and view.readonly:
        raise TypeError(f"expected a writable buffer, got a read-only {type(obj).__name__}")
    return view


def _text(obj):
    """The bytes the C function reads: TEXT."""
    if not isinstance(obj, TYPE):
        raise TypeError(f"expected TYPE, got {type(obj).__name__}")
    return ENCODE
'''


def _helpers(strings):
    text, encode = (("bytes, as they are", "obj") if strings == "bytes" else
                    ("a str, in UTF-8", 'obj.encode("utf-8")'))
    return PYTHON_HELPERS.replace("TEXT", text).replace("TYPE", strings).replace(
        "ENCODE", encode)


def _python_wrapper(function, target, buffer_of):
    """A def around the foreign function `target`: the buffers and text
    turned into what it takes; buffer_of(param, view) -> the pointer."""
    lines, call = [f"def {function.name}({_python_names(function)}):"], []
    for p in function.params:
        t = p.type
        if isinstance(t, Scalar):
            call.append(p.name)
        elif isinstance(t, Text):
            lines.append(f"    {p.name}_c = _text({p.name})")
            call += [f"{p.name}_c"] + ([f"len({p.name}_c)"] if t.length else [])
        else:
            lines.append(f"    {p.name}_v = _view({p.name}, {t.typecode!r}, {t.writable})")
            call += [buffer_of(p, f"{p.name}_v"), f"len({p.name}_v)"]
    lines.append(f"    return {target}({', '.join(call)})")
    return "\n".join(lines)


def write_ctypes(module, functions, header, strings):
    w = Writer()
    w.add(f'"""{os.path.basename(header)} through ctypes: argtypes and restype for every '
          'function (generated by make mine)."""\nimport ctypes\nimport os\n\n'
          'LIBRARY = os.path.join(os.path.dirname(os.path.abspath(__file__)), '
          'os.pardir, "libmine.so")\n_lib = ctypes.CDLL(LIBRARY)\n' + _helpers(strings))
    for f in functions:
        argtypes = []
        for ctype, _ in f.c_params():
            base = ctype.replace("const ", "").replace(" *", "").strip()
            pointer = ctype.endswith("*")
            argtypes.append("ctypes.c_char_p" if base == "char" else
                            f"ctypes.POINTER(ctypes.{CTYPES[base]})" if pointer else
                            f"ctypes.{CTYPES[base]}")
        restype = f"ctypes.{CTYPES[f.result.c]}" if f.result else "None"
        text = (f"_lib.{f.name}.argtypes = [{', '.join(argtypes)}]\n"
                f"_lib.{f.name}.restype = {restype}\n")
        if _needs_wrapper(f):
            text += "\n\n" + _python_wrapper(
                f, f"_lib.{f.name}",
                lambda p, view: (f"(ctypes.{CTYPES[p.type.element.c]} * len({view}))"
                                 f".from_buffer({view}) if len({view}) else None"))
        else:
            text += f"{f.name} = _lib.{f.name}"
        w.add("")
        w.function(f.name, text)
    return [w.source(f"{module}.py")]


def _cffi_wrappers(w, functions, lib):
    for f in functions:
        if _needs_wrapper(f):
            w.add("")
            w.function(f.name, _python_wrapper(
                f, f"{lib}.{f.name}",
                lambda p, view: (f'ffi.from_buffer("{p.type.element.c}[]", {view}, '
                                 f'require_writable={p.type.writable})')))
        else:
            w.function(f.name, f"{f.name} = {lib}.{f.name}")


# cffi 2 (build/cffi2) beside the interpreter's own cffi: loaded under names
# of its own by cffi_bindings/cffi2_loader.py, as the project's cffi.v2 paths
# are, so that one process can hold both.
CFFI_FFI = {"v1": "import cffi\n\nffi = cffi.FFI()",
            "v2": "from cffi2_loader import FFI\n\nffi = FFI()    # cffi 2's, build/cffi2"}


def write_cffi_abi(module, functions, header, strings, version="v1"):
    w = Writer()
    cdef = "\n".join(f.c_declaration() for f in functions)
    w.add(f'"""{os.path.basename(header)} through cffi {"2 " if version == "v2" else ""}in ABI '
          'mode: ffi.cdef of its prototypes, ffi.dlopen of the library (generated by make '
          f'mine)."""\nimport os\n\n{CFFI_FFI[version]}\nffi.cdef("""\n{cdef}\n""")\n'
          '_lib = ffi.dlopen(os.path.join(os.path.dirname(os.path.abspath(__file__)), '
          'os.pardir, "libmine.so"))\n' + _helpers(strings))
    _cffi_wrappers(w, functions, "_lib")
    return [w.source(f"{module}.py")]


def write_cffi_api(module, functions, header, strings, version="v1"):
    """The builder (run by build.py; with cffi 2's package first on the path
    for version v2) and the module users import, over the compiled extension
    `_<module>`."""
    cdef = "\n".join(f.c_declaration() for f in functions)
    builder = (f'"""Writes _{module}.c: cffi\'s out-of-line API mode over '
               f'{os.path.basename(header)}."""\nimport sys\n\nimport cffi\n\n'
               f'ffi = cffi.FFI()\nffi.cdef("""\n{cdef}\n""")\n'
               f'ffi.set_source("_{module}", \'#include "{os.path.abspath(header)}"\')\n'
               'ffi.emit_c_code(sys.argv[1])\n')
    load = (f"from _{module} import ffi, lib as _lib" if version == "v1" else
            "from cffi2_loader import import_api_module\n\n"
            f"_module = import_api_module(\"_{module}\")    # bound to cffi 2's backend\n"
            "ffi, _lib = _module.ffi, _module.lib")
    w = Writer()
    w.add(f'"""{os.path.basename(header)} through cffi {"2 " if version == "v2" else ""}in API '
          f'mode (generated by make mine)."""\n{load}\n' + _helpers(strings))
    _cffi_wrappers(w, functions, "_lib")
    return [Source(f"build_{module}.py", builder), w.source(f"{module}.py")]


def write_cffi2_abi(module, functions, header, strings):
    return write_cffi_abi(module, functions, header, strings, "v2")


def write_cffi2_api(module, functions, header, strings):
    return write_cffi_api(module, functions, header, strings, "v2")


# --- the C API: one source, both conventions, and the Limited API ---

C_PRELUDE = r'''/* {header} through the C API (generated by make mine): a wrapper per
 * function, METH_FASTCALL, or METH_VARARGS when built with MINE_VARARGS (and
 * with Py_LIMITED_API for the Limited API); or the C floor instead, loops
 * that call each function n times from C and return the last result. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include "{include}"
'''

# The converters every generated C or C++ source shares (static inline: a
# source that uses some of them does not warn about the others).
C_CONVERTERS = r'''static inline int
mine_int(PyObject *o, long long min, long long max, long long *out)
{{
    long long v = PyLong_AsLongLong(o);
    if (v == -1 && PyErr_Occurred()) {{
        return -1;
    }}
    if (v < min || v > max) {{
        PyErr_SetString(PyExc_OverflowError, "int out of the range of the C type");
        return -1;
    }}
    *out = v;
    return 0;
}}

static inline int
mine_uint(PyObject *o, unsigned long long max, unsigned long long *out)
{{
    if (!PyLong_Check(o)) {{
        PyErr_SetString(PyExc_TypeError, "expected int");
        return -1;
    }}
    unsigned long long v = PyLong_AsUnsignedLongLong(o);
    if (v == (unsigned long long)-1 && PyErr_Occurred()) {{
        return -1;
    }}
    if (v > max) {{
        PyErr_SetString(PyExc_OverflowError, "int out of the range of the C type");
        return -1;
    }}
    *out = v;
    return 0;
}}

static inline int
mine_bool(PyObject *o, bool *out)
{{
    int v = PyObject_IsTrue(o);
    if (v < 0) {{
        return -1;
    }}
    *out = v;
    return 0;
}}

static inline int
mine_double(PyObject *o, double *out)
{{
    double v = PyFloat_AsDouble(o);
    if (v == -1.0 && PyErr_Occurred()) {{
        return -1;
    }}
    *out = v;
    return 0;
}}

/* {text_doc} */
static inline int
mine_text(PyObject *o, const char **s, Py_ssize_t *n)
{{
{text_body}
}}

/* A 1-D C-contiguous buffer of `format`; released by the caller. */
static inline int
mine_buffer(PyObject *o, Py_buffer *view, const char *format, Py_ssize_t itemsize,
            int writable)
{{
    if (PyObject_GetBuffer(o, view, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT
                           | (writable ? PyBUF_WRITABLE : 0)) < 0) {{
        return -1;
    }}
    const char *got = view->format ? view->format : "B";
    if (got[0] == '@' || got[0] == '=') {{
        got++;
    }}
    if (view->ndim != 1 || view->itemsize != itemsize || strcmp(got, format) != 0) {{
        PyBuffer_Release(view);
        PyErr_Format(PyExc_TypeError, "expected a 1-D buffer of format '%s'", format);
        return -1;
    }}
    return 0;
}}
'''


TEXT_BODY = {
    "str": ("a str, as UTF-8 (cached in the str by CPython)",
            "    if (!PyUnicode_Check(o)) {\n"
            "        PyErr_SetString(PyExc_TypeError, \"expected str\");\n"
            "        return -1;\n    }\n"
            "    *s = PyUnicode_AsUTF8AndSize(o, n);\n    return *s ? 0 : -1;"),
    "bytes": ("bytes, as they are",
              "    char *data;\n    if (!PyBytes_Check(o)) {\n"
              "        PyErr_SetString(PyExc_TypeError, \"expected bytes\");\n"
              "        return -1;\n    }\n"
              "    if (PyBytes_AsStringAndSize(o, &data, n) < 0) {\n        return -1;\n    }\n"
              "    *s = data;\n    return 0;"),
}


def converters(strings):
    """C_CONVERTERS with the text converter of STRINGS."""
    doc, body = TEXT_BODY[strings]
    return C_CONVERTERS.format(text_doc=doc, text_body=body)


def _box(scalar, expression):
    """The new reference to a Python value of a C result."""
    box = {"int": "PyLong_FromLongLong", "uint": "PyLong_FromUnsignedLongLong",
           "bool": "PyBool_FromLong", "float": "PyFloat_FromDouble"}[scalar.kind]
    return f"{box}({expression})"


def _c_result(function, call):
    r = function.result
    if r is None:
        return f"    {call};\n    Py_RETURN_NONE;"
    return f"    {r.c} value = {call};\n    return {_box(r, 'value')};"


def _c_conversions(function):
    """(declarations and conversions from o[i], the call's arguments, the
    releases): the shared body of the wrapper and of the floor's loop."""
    body, args, release = [], [], []
    for i, p in enumerate(function.params):
        t, v = p.type, f"v_{p.name}"
        if isinstance(t, Scalar):
            if t.kind == "int":
                lo, hi = t.limits()
                body.append(f"    long long {v};\n    if (mine_int(o[{i}], {lo}LL, {hi}LL, &{v}) < 0) "
                            "{\n        goto done;\n    }" if t.bits < 64 else
                            f"    long long {v};\n    if (mine_int(o[{i}], LLONG_MIN, LLONG_MAX, "
                            f"&{v}) < 0) {{\n        goto done;\n    }}")
            elif t.kind == "uint":
                body.append(f"    unsigned long long {v};\n    if (mine_uint(o[{i}], "
                            f"{t.limits()[1]}ULL, &{v}) < 0) {{\n        goto done;\n    }}")
            elif t.kind == "bool":
                body.append(f"    bool {v};\n    if (mine_bool(o[{i}], &{v}) < 0) "
                            "{\n        goto done;\n    }")
            else:
                body.append(f"    double {v};\n    if (mine_double(o[{i}], &{v}) < 0) "
                            "{\n        goto done;\n    }")
            args.append(f"({t.c}){v}")
        elif isinstance(t, Text):
            body.append(f"    const char *{v};\n    Py_ssize_t {v}_n;\n"
                        f"    if (mine_text(o[{i}], &{v}, &{v}_n) < 0) {{\n        goto done;\n    }}")
            args += [v] + ([f"({t.length_type.c}){v}_n"] if t.length else [])
        else:
            size = f"sizeof({t.element.c})"
            body.append(f"    Py_buffer {v};\n    if (mine_buffer(o[{i}], &{v}, \"{t.typecode}\", "
                        f"{size}, {int(t.writable)}) < 0) {{\n        goto done;\n    }}\n"
                        f"    held_{i} = 1;")
            const = "" if t.writable else "const "
            args += [f"({const}{t.element.c} *){v}.buf", f"({t.length_type.c})({v}.len / {size})"]
            release.append(f"    if (held_{i}) {{\n        PyBuffer_Release(&{v});\n    }}")
    return body, args, release


def _c_function(function, floor):
    """A wrapper (or the floor's loop) of one function."""
    n = len(function.params)
    body, args, release = _c_conversions(function)
    held = "".join(f"    int held_{i} = 0;\n" for i, p in enumerate(function.params)
                   if isinstance(p.type, Buffer))
    call = f"{function.name}({', '.join(args)})"
    name = function.name
    if floor:
        head = (f"static PyObject *\nloop_{name}(PyObject *Py_UNUSED(module), "
                "PyObject *const *args, Py_ssize_t nargs)\n{\n"
                f"    PyObject *result = NULL;\n{held}"
                f"    if (nargs != {n + 1}) {{\n        PyErr_SetString(PyExc_TypeError, "
                f"\"loop_{name} takes n and {n} arguments\");\n        return NULL;\n    }}\n"
                "    Py_ssize_t count = PyLong_AsSsize_t(args[0]);\n"
                "    if (count < 1) {\n        if (!PyErr_Occurred()) {\n"
                "            PyErr_SetString(PyExc_ValueError, \"n must be at least 1\");\n"
                "        }\n        return NULL;\n    }\n"
                + ("    PyObject *const *o = args + 1;\n" if n else ""))
        # the last call's result is returned, so that the check compares it
        r = function.result
        last = "" if r is None else f"    {r.c} last = 0;\n"
        keep = "" if r is None else \
            f"        last = {call};\n        ffb_do_not_optimize(last);\n"
        loop = (last + "    for (Py_ssize_t i = 0; i < count; i++) {\n"
                "        ffb_clobber_memory();\n"
                + (keep or f"        {call};\n") + "    }\n"
                + ("    result = Py_None;\n    Py_INCREF(result);\n" if r is None else
                   f"    result = {_box(r, 'last')};\n"))
        tail = ("done:\n" if body else "") + "\n".join(release) + ("\n" if release else "") + "    return result;\n}"
        return head + "\n".join(body) + "\n" + loop + tail
    unpack = ("#ifdef MINE_VARARGS\n"
              f"static PyObject *\nw_{name}(PyObject *Py_UNUSED(module), PyObject *args)\n{{\n"
              f"    PyObject *o[{max(n, 1)}];\n"
              f"    if (!PyArg_UnpackTuple(args, \"{name}\", {n}, {n}{''.join(f', &o[{i}]' for i in range(n))})) {{\n"
              "        return NULL;\n    }\n"
              "#else\n"
              f"static PyObject *\nw_{name}(PyObject *Py_UNUSED(module), PyObject *const *o, "
              "Py_ssize_t nargs)\n{\n"
              f"    if (nargs != {n}) {{\n        PyErr_Format(PyExc_TypeError, "
              f"\"{name}() takes {n} arguments (%zd given)\", nargs);\n        return NULL;\n    }}\n"
              "#endif\n")
    if n == 0:
        unpack = unpack.replace("    PyObject *o[1];\n", "").replace(
            f"PyArg_UnpackTuple(args, \"{name}\", 0, 0)", f"PyArg_UnpackTuple(args, \"{name}\", 0, 0)")
        unpack = unpack.replace("PyObject *const *o,", "PyObject *const *Py_UNUSED(o),")
    if not body:
        return unpack + _c_result(function, call) + "\n}"
    result_var = "    PyObject *result = NULL;\n"
    after = _c_result(function, call).replace("    return ", "    result = ").replace(
        "    Py_RETURN_NONE;", "    result = Py_None;\n    Py_INCREF(result);")
    return (unpack + result_var + held + "\n".join(body) + "\n" + after + "\ndone:\n"
            + "\n".join(release) + ("\n" if release else "") + "    return result;\n}")


def write_c(module, functions, header, strings, floor=False):
    w = Writer()
    w.add(C_PRELUDE.format(header=os.path.basename(header), include=os.path.abspath(header))
          + "\n" + converters(strings))
    if floor:
        w.add('#include "barriers.h"   /* ffb_do_not_optimize, ffb_clobber_memory */\n\n'
              "static PyObject *\nloop_empty(PyObject *Py_UNUSED(module), PyObject *const *args,"
              " Py_ssize_t nargs)\n{\n    Py_ssize_t count = nargs == 1 ? "
              "PyLong_AsSsize_t(args[0]) : -1;\n    if (count < 1) {\n"
              "        if (!PyErr_Occurred()) {\n            PyErr_SetString(PyExc_ValueError, "
              "\"loop_empty takes n, at least 1\");\n        }\n        return NULL;\n    }\n"
              "    for (Py_ssize_t i = 0; i < count; i++) {\n        ffb_clobber_memory();\n"
              "    }\n    Py_RETURN_NONE;\n}\n")
    for f in functions:
        w.function(f.name, _c_function(f, floor))
        w.add("")
    if floor:
        entries = ['    {"loop_empty", (PyCFunction)(void (*)(void))loop_empty, METH_FASTCALL, NULL},']
        entries += [f'    {{"loop_{f.name}", (PyCFunction)(void (*)(void))loop_{f.name}, '
                    'METH_FASTCALL, NULL},' for f in functions]
    else:
        entries = [f'    {{"{f.name}", (PyCFunction)(void (*)(void))w_{f.name}, MINE_CONVENTION, '
                   'NULL},' for f in functions]
    w.add("#ifdef MINE_VARARGS\n#define MINE_CONVENTION METH_VARARGS\n#else\n"
          "#define MINE_CONVENTION METH_FASTCALL\n#endif\n" if not floor else "")
    w.add("static PyMethodDef methods[] = {\n" + "\n".join(entries) +
          "\n    {NULL, NULL, 0, NULL}\n};\n\n"
          "static struct PyModuleDef module_def = {\n    PyModuleDef_HEAD_INIT, MINE_MODULE, NULL,"
          " 0, methods, NULL, NULL, NULL, NULL\n};\n\n"
          "#define MINE_INIT_(name) PyInit_##name\n#define MINE_INIT(name) MINE_INIT_(name)\n"
          "PyMODINIT_FUNC\nMINE_INIT(MINE_MODULE_NAME)(void)\n{\n"
          "    return PyModule_Create(&module_def);\n}")
    return [w.source(f"{module}.c")]


def write_floor(module, functions, header, strings):
    return write_c(module, functions, header, strings, floor=True)


# --- Cython: a .pxd of the header's declarations, typed defs ---

def _cython_type(scalar):
    return "bint" if scalar.kind == "bool" else scalar.c


def write_cython(module, functions, header, strings):
    pxd = Writer()
    pxd.add(f"# {os.path.basename(header)}'s declarations, for Cython (generated by make "
            "mine)\nfrom libc.stdint cimport int8_t, uint8_t, int16_t, uint16_t, int32_t, "
            f"uint32_t, int64_t, uint64_t\n\ncdef extern from \"{os.path.abspath(header)}\":"
            + ("" if functions else "\n    pass"))
    for f in functions:
        pxd.function(f.name, f"    {_cython_type(f.result) if f.result else 'void'} {f.name}("
                     + ", ".join(f"{'const ' if 'const' in t else ''}"
                                 f"{_cython_type_of(t)}{' *' if t.endswith('*') else ''} {n}"
                                 for t, n in f.c_params()) + ")")
    w = Writer()
    w.add(f"# cython: language_level=3\n\"\"\"{os.path.basename(header)} through Cython: typed "
          "defs (generated by make mine).\"\"\"\n"
          "from libc.stdint cimport int8_t, uint8_t, int16_t, uint16_t, int32_t, uint32_t, "
          f"int64_t, uint64_t\ncimport {module}_decls as c\n")
    def text(p):
        if strings == "bytes":
            return (f"bytes {p.name}", [f"    cdef const char *{p.name}_c = {p.name}"],
                    [f"{p.name}_c"] + ([f"len({p.name})"] if p.type.length else []))
        return (f"str {p.name}", [f"    cdef bytes {p.name}_b = {p.name}.encode('utf-8')",
                                  f"    cdef const char *{p.name}_c = {p.name}_b"],
                [f"{p.name}_c"] + ([f"len({p.name}_b)"] if p.type.length else []))

    def buffer(p):
        const = "" if p.type.writable else "const "
        return (f"{const}{p.type.element.c}[::1] {p.name}", [],
                [f"&{p.name}[0] if {p.name}.shape[0] else NULL", f"{p.name}.shape[0]"])

    for f in functions:
        params, lines, call = wrapper_parts(
            f, lambda p: (f"{_cython_type(p.type)} {p.name}", [], [p.name]), text, buffer)
        code = f"def {f.name}({', '.join(params)}):\n" + "".join(l + "\n" for l in lines)
        code += f"    return c.{f.name}({', '.join(call)})" if f.result else \
            f"    c.{f.name}({', '.join(call)})"
        w.add("")
        w.function(f.name, code)
    return [pxd.source(f"{module}_decls.pxd"), w.source(f"{module}.pyx")]


def _cython_type_of(c_type):
    base = c_type.replace("const ", "").replace("*", "").strip()
    return "bint" if base == "bool" else base


# --- pybind11 and nanobind: m.def of the function, a lambda where the
# arguments are not the C parameters ---

def write_cxx(module, functions, header, strings, tool):
    ns = "py" if tool == "pybind11" else "nb"
    w = Writer()
    if tool == "pybind11":
        w.add(f"// {os.path.basename(header)} through pybind11 (generated by make mine)\n"
              "#include <pybind11/pybind11.h>\n#include <string_view>\n"
              "namespace py = pybind11;\n")
    else:
        w.add(f"// {os.path.basename(header)} through nanobind (generated by make mine)\n"
              "#include <nanobind/nanobind.h>\n#include <nanobind/ndarray.h>\n"
              "#include <nanobind/stl/string_view.h>\nnamespace nb = nanobind;\n")
    w.add(f'extern "C" {{\n#include "{os.path.abspath(header)}"\n}}\n')
    if tool == "pybind11":
        w.add("// A 1-D contiguous buffer of T, as pybind11's documentation checks one.\n"
              "template <typename T>\nstatic py::buffer_info checked(const py::buffer &b, "
              "bool writable)\n{\n    py::buffer_info info = b.request(writable);\n"
              "    if (info.ndim != 1 || info.format != py::format_descriptor<T>::format() ||\n"
              "        (info.size > 1 && info.strides[0] != (py::ssize_t)sizeof(T)))\n"
              "        throw py::type_error(\"expected a 1-D contiguous buffer of \" +\n"
              "                             py::format_descriptor<T>::format());\n"
              "    return info;\n}\n")
    def scalar(p):
        return f"{p.type.c} {p.name}", [], [p.name]

    def text(p):
        length = p.type.length
        if strings == "bytes" and tool == "pybind11":
            return (f"py::bytes {p.name}", [f"std::string_view {p.name}_s = {p.name};"],
                    [f"{p.name}_s.data()"] + ([f"{p.name}_s.size()"] if length else []))
        if strings == "bytes":
            return (f"nb::bytes {p.name}", [],
                    [f"{p.name}.c_str()"] + ([f"{p.name}.size()"] if length else []))
        if length:
            return f"std::string_view {p.name}", [], [f"{p.name}.data()", f"{p.name}.size()"]
        return f"const char *{p.name}", [], [p.name]

    def buffer(p):
        t = p.type
        const = "" if t.writable else "const "
        if tool == "pybind11":
            return (f"const py::buffer &{p.name}",
                    [f"py::buffer_info {p.name}_i = checked<{t.element.c}>({p.name}, "
                     f"{'true' if t.writable else 'false'});"],
                    [f"static_cast<{const}{t.element.c} *>({p.name}_i.ptr)",
                     f"static_cast<{t.length_type.c}>({p.name}_i.size)"])
        return (f"nb::ndarray<{const}{t.element.c}, nb::ndim<1>, nb::c_contig, "
                f"nb::device::cpu> {p.name}", [],
                [f"{p.name}.data()", f"static_cast<{t.length_type.c}>({p.name}.size())"])

    defs = []
    for f in functions:
        names = "".join(f', {ns}::arg("{p.name}")' for p in f.params)
        if not _needs_wrapper(f):
            defs.append((f.name, f'    m.def("{f.name}", &{f.name}{names});'))
            continue
        params, pre, call = wrapper_parts(f, scalar, text, buffer)
        body = "".join(f"        {line}\n" for line in pre)
        body += (f"        return {f.name}({', '.join(call)});" if f.result
                 else f"        {f.name}({', '.join(call)});")
        defs.append((f.name, f'    m.def("{f.name}", []({", ".join(params)}) {{\n{body}\n'
                             f"    }}{names});"))
    w.add(f"{'PYBIND11_MODULE' if tool == 'pybind11' else 'NB_MODULE'}({module}, m)\n{{")
    for name, code in defs:
        w.function(name, code)
    w.add("}")
    return [w.source(f"{module}.cpp")]


def write_pybind11(module, functions, header, strings):
    return write_cxx(module, functions, header, strings, "pybind11")


def write_nanobind(module, functions, header, strings):
    return write_cxx(module, functions, header, strings, "nanobind")


# --- SWIG: an interface file of the prototypes, typemaps where a C pair is
# one Python argument ---

def _swig_pair(t, name):
    """The typemap pattern of a pointer and its length."""
    const = "" if isinstance(t, Buffer) and t.writable else "const "
    element = "char" if isinstance(t, Text) else t.element.c
    return f"({const}{element} *{name}, {t.length_type.c} {t.length})"


def write_swig(module, functions, header, strings):
    """One .i for the four SWIG modules (4.1 and 4.5, default and -builtin:
    build.py gives the mode); the prototypes in fixed-width types, which
    stdint.i maps (SWIG's parser does not follow a header's #includes)."""
    w = Writer()
    w.add(f"/* {os.path.basename(header)} through SWIG (generated by make mine): its "
          "prototypes, typemaps\n * where a pointer and its length are one Python argument. */\n"
          f"%module {module}\n\n%{{\n#include <stdbool.h>\n#include <stdint.h>\n"
          f"#include <string.h>\n#include \"{os.path.abspath(header)}\"\n\n"
          + converters(strings) + "%}\n\n%include <stdint.i>\n")
    for f in functions:
        maps = []
        for p in f.params:
            t = p.type
            if isinstance(t, Buffer):
                pattern = _swig_pair(t, p.name)
                size = f"sizeof({t.element.c})"
                maps.append(
                    f"%typemap(in) {pattern} (Py_buffer view = {{0}}) {{\n"
                    f"    if (mine_buffer($input, &view, \"{t.typecode}\", {size}, "
                    f"{int(t.writable)}) < 0) {{\n        SWIG_fail;\n    }}\n"
                    f"    $1 = ($1_ltype)view.buf;\n    $2 = ($2_ltype)(view.len / {size});\n}}\n"
                    f"%typemap(freearg) {pattern} {{\n    if (view$argnum.obj) {{\n"
                    "        PyBuffer_Release(&view$argnum);\n    }\n}")
            elif isinstance(t, Text) and (t.length or strings == "bytes"):
                pattern = _swig_pair(t, p.name) if t.length else f"(const char *{p.name})"
                length = "    $2 = ($2_ltype)size;\n" if t.length else ""
                maps.append(
                    f"%typemap(in) {pattern} {{\n    const char *text;\n    Py_ssize_t size;\n"
                    "    if (mine_text($input, &text, &size) < 0) {\n        SWIG_fail;\n    }\n"
                    f"    $1 = ($1_ltype)text;\n{length}}}")
        w.add("")
        w.function(f.name, "\n".join(maps + [f.c_declaration()]))
    return [w.source(f"{module}.i")]


# --- Boost.Python: def() of the function, a function of ours where the
# arguments are not the C parameters ---

BOOST_VIEW = r"""namespace {

// A buffer as the C function needs it (mine_buffer), released with this.
class View {
 public:
  View(const bp::object &o, const char *format, Py_ssize_t itemsize, bool writable) {
    if (mine_buffer(o.ptr(), &view_, format, itemsize, writable ? 1 : 0) < 0) {
      bp::throw_error_already_set();
    }
  }
  ~View() { PyBuffer_Release(&view_); }
  View(const View &) = delete;
  View &operator=(const View &) = delete;
  void *data() const { return view_.buf; }
  Py_ssize_t size() const { return view_.len / view_.itemsize; }

 private:
  Py_buffer view_;
};

// Text as the C function reads it (mine_text).
const char *text_of(const bp::object &o, Py_ssize_t *size) {
  const char *s;
  if (mine_text(o.ptr(), &s, size) < 0) {
    bp::throw_error_already_set();
  }
  return s;
}

}  // namespace
"""


def write_boost_python(module, functions, header, strings):
    w = Writer()
    w.add(f"// {os.path.basename(header)} through Boost.Python (generated by make mine): def()"
          " of each function\n#include <boost/python.hpp>\n\n#include <cstdint>\n#include <cstring>\n\n"
          f'extern "C" {{\n#include "{os.path.abspath(header)}"\n}}\n\nnamespace bp = boost::python;\n\n'
          + converters(strings) + "\n" + BOOST_VIEW)

    def scalar(p):
        return f"{p.type.c} {p.name}", [], [p.name]

    def text(p):
        return (f"const bp::object &{p.name}",
                [f"  Py_ssize_t {p.name}_n;\n  const char *{p.name}_s = "
                 f"text_of({p.name}, &{p.name}_n);"],
                [f"{p.name}_s"] + ([f"static_cast<{p.type.length_type.c}>({p.name}_n)"]
                                   if p.type.length else []))

    def buffer(p):
        t = p.type
        const = "" if t.writable else "const "
        return (f"const bp::object &{p.name}",
                [f'  View {p.name}_v({p.name}, "{t.typecode}", sizeof({t.element.c}), '
                 f"{'true' if t.writable else 'false'});"],
                [f"static_cast<{const}{t.element.c} *>({p.name}_v.data())",
                 f"static_cast<{t.length_type.c}>({p.name}_v.size())"])

    defs = []
    for f in functions:
        names = ", ".join(f'bp::arg("{p.name}")' for p in f.params)
        names = f", ({names})" if len(f.params) > 1 else (f", {names}" if names else "")
        if not any(not isinstance(p.type, Scalar) for p in f.params):
            defs.append((f.name, f'  bp::def("{f.name}", &{f.name}{names});'))
            continue
        params, pre, call = wrapper_parts(f, scalar, text, buffer)
        result = f.result.c if f.result else "void"
        body = "\n".join(pre) + ("\n" if pre else "")
        body += (f"  return {f.name}({', '.join(call)});" if f.result
                 else f"  {f.name}({', '.join(call)});")
        w.function(f.name, f"static {result} w_{f.name}({', '.join(params)}) {{\n{body}\n}}\n")
        defs.append((f.name, f'  bp::def("{f.name}", &w_{f.name}{names});'))
    w.add(f"BOOST_PYTHON_MODULE({module}) {{")
    for name, code in defs:
        w.function(name, code)
    w.add("}")
    return [w.source(f"{module}.cpp")]


# --- cppyy: the header parsed by Cling at run time, the library loaded ---

CPPYY_POINTER = '''

def _pointer(view):
    """cppyy refuses an empty buffer for a pointer: nullptr instead."""
    return view if len(view) else cppyy.nullptr
'''


def write_cppyy(module, functions, header, strings):
    w = Writer()
    w.add(f'"""{os.path.basename(header)} through cppyy (generated by make mine): its '
          "prototypes declared to Cling\n(cppyy.cppdef; build.py leaves out one Cling refuses), "
          "the library loaded;\ncppyy.gbl.<function> itself where the C parameters are the "
          'Python arguments."""\nimport ctypes\nimport os\n\nimport cppyy\n\n'
          "cppyy.gbl.gSystem.ResetSignals()      # the toolkit isolates crashes itself\n"
          'LIBRARY = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, '
          '"libmine.so")\n'
          + "cppyy.cppdef(\"\"\"extern \"C\" {\n" + "\n".join(f.c_declaration() for f in functions)
          + "\n}\n\"\"\")\n"
          "ctypes.CDLL(LIBRARY, mode=os.RTLD_NOW | os.RTLD_GLOBAL)\ncppyy.load_library(LIBRARY)\n"
          "_C = cppyy.gbl\n" + _helpers(strings) + CPPYY_POINTER)
    for f in functions:
        direct = all(isinstance(p.type, Scalar) or (isinstance(p.type, Text) and not p.type.length
                                                    and strings == "str")
                     for p in f.params)
        w.add("")
        if direct:
            w.function(f.name, f"{f.name} = _C.{f.name}")
        else:
            w.function(f.name, _python_wrapper(f, f"_C.{f.name}",
                                               lambda p, view: f"_pointer({view})"))
    return [w.source(f"{module}.py")]


# --- HPy: HPyDef_METH of each function, in both of its ABIs ---

HPY_PRELUDE = r'''/* {header} through HPy (generated by make mine): HPyDef_METH of each function,
 * its arguments converted as the C API's are (range-checked); the same source
 * is built with HPY_ABI_CPYTHON and with HPY_ABI_UNIVERSAL (build.py). */
#include <stdbool.h>
#include <stdint.h>

#include "hpy.h"
#include "{include}"

static inline int
mine_int(HPyContext *ctx, HPy o, long long min, long long max, long long *out)
{{
    int64_t v = HPyLong_AsInt64_t(ctx, o);
    if (v == -1 && HPyErr_Occurred(ctx)) {{
        return -1;
    }}
    if (v < min || v > max) {{
        HPyErr_SetString(ctx, ctx->h_OverflowError, "int out of the range of the C type");
        return -1;
    }}
    *out = v;
    return 0;
}}

static inline int
mine_uint(HPyContext *ctx, HPy o, unsigned long long max, unsigned long long *out)
{{
    if (!HPy_TypeCheck(ctx, o, ctx->h_LongType)) {{
        HPyErr_SetString(ctx, ctx->h_TypeError, "expected int");
        return -1;
    }}
    uint64_t v = HPyLong_AsUInt64_t(ctx, o);
    if (v == (uint64_t)-1 && HPyErr_Occurred(ctx)) {{
        return -1;
    }}
    if (v > max) {{
        HPyErr_SetString(ctx, ctx->h_OverflowError, "int out of the range of the C type");
        return -1;
    }}
    *out = v;
    return 0;
}}

static inline int
mine_bool(HPyContext *ctx, HPy o, bool *out)
{{
    int v = HPy_IsTrue(ctx, o);
    if (v < 0) {{
        return -1;
    }}
    *out = v;
    return 0;
}}

static inline int
mine_double(HPyContext *ctx, HPy o, double *out)
{{
    double v = HPyFloat_AsDouble(ctx, o);
    if (v == -1.0 && HPyErr_Occurred(ctx)) {{
        return -1;
    }}
    *out = v;
    return 0;
}}

/* {text_doc} */
static inline int
mine_text(HPyContext *ctx, HPy o, const char **s, HPy_ssize_t *n)
{{
{text_body}
}}
'''

HPY_TEXT = {
    "str": ("a str, as UTF-8",
            "    if (!HPyUnicode_Check(ctx, o)) {\n"
            "        HPyErr_SetString(ctx, ctx->h_TypeError, \"expected str\");\n"
            "        return -1;\n    }\n"
            "    *s = HPyUnicode_AsUTF8AndSize(ctx, o, n);\n    return *s ? 0 : -1;"),
    "bytes": ("bytes, as they are",
              "    if (!HPyBytes_Check(ctx, o)) {\n"
              "        HPyErr_SetString(ctx, ctx->h_TypeError, \"expected bytes\");\n"
              "        return -1;\n    }\n"
              "    *s = HPyBytes_AsString(ctx, o);\n    *n = HPyBytes_Size(ctx, o);\n"
              "    return 0;"),
}
HPY_BOX = {"int": "HPyLong_FromInt64_t", "uint": "HPyLong_FromUInt64_t",
           "bool": "HPyBool_FromBool", "float": "HPyFloat_FromDouble"}
HPY_NO_BUFFER = ("HPy 0.9 has no call to read another object's buffer (it can only export "
                 "one)")


def hpy_cannot(function):
    """Why HPy cannot bind the function, or None."""
    return HPY_NO_BUFFER if any(isinstance(p.type, Buffer) for p in function.params) else None


def write_hpy(module, functions, header, strings):
    doc, body = HPY_TEXT[strings]
    w = Writer()
    w.add(HPY_PRELUDE.format(header=os.path.basename(header), include=os.path.abspath(header),
                             text_doc=doc, text_body=body))
    for f in functions:
        n = len(f.params)
        lines, args = [], []
        for i, p in enumerate(f.params):
            t, v = p.type, f"v_{p.name}"
            fail = "{\n        return HPy_NULL;\n    }"
            if isinstance(t, Text):
                lines.append(f"    const char *{v};\n    HPy_ssize_t {v}_n;\n"
                             f"    if (mine_text(ctx, args[{i}], &{v}, &{v}_n) < 0) {fail}")
                args += [v] + ([f"({t.length_type.c}){v}_n"] if t.length else [])
                continue
            if t.kind == "int":
                lo, hi = (f"{t.limits()[0]}LL", f"{t.limits()[1]}LL") if t.bits < 64 else \
                    ("INT64_MIN", "INT64_MAX")
                lines.append(f"    long long {v};\n    if (mine_int(ctx, args[{i}], {lo}, {hi}, "
                             f"&{v}) < 0) {fail}")
            elif t.kind == "uint":
                lines.append(f"    unsigned long long {v};\n    if (mine_uint(ctx, args[{i}], "
                             f"{t.limits()[1]}ULL, &{v}) < 0) {fail}")
            elif t.kind == "bool":
                lines.append(f"    bool {v};\n    if (mine_bool(ctx, args[{i}], &{v}) < 0) {fail}")
            else:
                lines.append(f"    double {v};\n    if (mine_double(ctx, args[{i}], &{v}) < 0) "
                             f"{fail}")
            args.append(f"({t.c}){v}")
        call = f"{f.name}({', '.join(args)})"
        result = (f"    {call};\n    return HPy_Dup(ctx, ctx->h_None);" if f.result is None else
                  f"    return {HPY_BOX[f.result.kind]}(ctx, ({'int64_t' if f.result.kind == 'int' else 'uint64_t' if f.result.kind == 'uint' else f.result.c}){call});")
        if n == 0:
            head = (f'HPyDef_METH(def_{f.name}, "{f.name}", HPyFunc_NOARGS)\n'
                    f"static HPy def_{f.name}_impl(HPyContext *ctx, HPy self)\n{{\n    (void)self;\n")
        else:
            head = (f'HPyDef_METH(def_{f.name}, "{f.name}", HPyFunc_VARARGS)\n'
                    f"static HPy def_{f.name}_impl(HPyContext *ctx, HPy self, const HPy *args, "
                    f"size_t nargs)\n{{\n    (void)self;\n    if (nargs != {n}) {{\n"
                    f'        HPyErr_SetString(ctx, ctx->h_TypeError, "{f.name}() takes {n} '
                    'arguments");\n        return HPy_NULL;\n    }\n')
        w.add("")
        w.function(f.name, head + "".join(line + "\n" for line in lines) + result + "\n}")
    w.add("\nstatic HPyDef *module_defines[] = {\n"
          + "".join(f"    &def_{f.name},\n" for f in functions) + "    NULL\n};\n\n"
          "static HPyModuleDef moduledef = {\n    .defines = module_defines,\n};\n\n"
          f"HPy_MODINIT({module}, moduledef)")
    return [w.source(f"{module}.c")]


# --- PyO3: a #[pyfunction] per function over `extern "C"` declarations,
# in a crate of its own that cargo builds (build.py) ---

RUST_TYPES = {"int8_t": "i8", "uint8_t": "u8", "int16_t": "i16", "uint16_t": "u16",
              "int32_t": "i32", "uint32_t": "u32", "int64_t": "i64", "uint64_t": "u64",
              "float": "f32", "double": "f64", "bool": "bool"}

PYO3_PRELUDE = r'''//! {header} through PyO3 (generated by make mine): a `#[pyfunction]` per
//! function, calling the C function of the user's object through `extern "C"`
//! (build.rs links it).
#![allow(unused_imports)]

use std::ffi::{{c_char, CString}};

use pyo3::buffer::{{Element, PyBuffer}};
use pyo3::exceptions::{{PyTypeError, PyValueError}};
use pyo3::prelude::*;
use pyo3::types::PyMemoryView;

/// A 1-D C-contiguous buffer of T, as the C function takes it: its address
/// and length, and the PyBuffer holding it.  PyBuffer::get checks the format
/// (and the alignment: an empty array.array's placeholder address is not
/// aligned, so an empty buffer of the format is taken as the empty slice).
#[allow(dead_code)]
fn mine_view<T: Element>(x: &Bound<'_, PyAny>, writable: bool)
    -> PyResult<(Option<PyBuffer<T>>, *mut T, usize)> {{
    let buffer = match PyBuffer::<T>::get(x) {{
        Ok(buffer) => buffer,
        Err(err) => {{
            if let Ok(memory) = PyMemoryView::from(x) {{
                if memory.getattr("nbytes")?.extract::<usize>()? == 0
                    && memory.getattr("ndim")?.extract::<usize>()? == 1 {{
                    return Ok((None, std::ptr::NonNull::<T>::dangling().as_ptr(), 0));
                }}
            }}
            return Err(err);
        }}
    }};
    if buffer.dimensions() != 1 || !buffer.is_c_contiguous() {{
        return Err(PyTypeError::new_err("expected a 1-D contiguous buffer"));
    }}
    if writable && buffer.readonly() {{
        return Err(PyTypeError::new_err("expected a writable buffer"));
    }}
    let (data, n) = (buffer.buf_ptr() as *mut T, buffer.item_count());
    Ok((Some(buffer), data, n))
}}

/// NUL-terminated text for a C `const char *` (a copy: Rust's strings are not).
#[allow(dead_code)]
fn mine_text(s: &[u8]) -> PyResult<CString> {{
    CString::new(s).map_err(|_| PyValueError::new_err("text with a NUL character"))
}}
'''


def write_pyo3(module, functions, header, strings):
    w = Writer()
    w.add(PYO3_PRELUDE.format(header=os.path.basename(header)))
    w.add('extern "C" {')
    for f in functions:
        params = []
        for ctype, name in f.c_params():
            base = ctype.replace("const ", "").replace("*", "").strip()
            pointer = ctype.endswith("*")
            rust = "c_char" if base == "char" else RUST_TYPES[base]
            params.append(f"{name}: " + (f"*{'const' if 'const' in ctype else 'mut'} {rust}"
                                         if pointer else rust))
        result = f" -> {RUST_TYPES[f.result.c]}" if f.result else ""
        w.function(f.name, f"    fn {f.name}({', '.join(params)}){result};")
    w.add("}\n")
    def scalar(p):
        return f"{p.name}: {RUST_TYPES[p.type.c]}", [], [p.name]

    def text(p):
        param = f"{p.name}: {'&[u8]' if strings == 'bytes' else '&str'}"
        if p.type.length:
            return param, [], [f"{p.name}.as_ptr() as *const c_char",
                               f"{p.name}.len() as {RUST_TYPES[p.type.length_type.c]}"]
        bytes_ = p.name if strings == "bytes" else f"{p.name}.as_bytes()"
        return param, [f"    let {p.name}_c = mine_text({bytes_})?;"], [f"{p.name}_c.as_ptr()"]

    def buffer(p):
        t = p.type
        element = RUST_TYPES[t.element.c]
        return (f"{p.name}: &Bound<'_, PyAny>",
                [f"    let (_{p.name}_buffer, {p.name}_data, {p.name}_n) = "
                 f"mine_view::<{element}>({p.name}, {'true' if t.writable else 'false'})?;"],
                [f"{p.name}_data as *{'mut' if t.writable else 'const'} {element}",
                 f"{p.name}_n as {RUST_TYPES[t.length_type.c]}"])

    for f in functions:
        params, pre, call = wrapper_parts(f, scalar, text, buffer)
        result = RUST_TYPES[f.result.c] if f.result else "()"
        w.add("")
        w.function(f.name, "#[pyfunction]\n"
                   f'#[pyo3(name = "{f.name}")]\n'
                   f"fn py_{f.name}({', '.join(params)}) -> PyResult<{result}> {{\n"
                   + "".join(line + "\n" for line in pre)
                   + f"    Ok(unsafe {{ {f.name}({', '.join(call)}) }})\n}}")
    w.add("\n#[pymodule(gil_used = false)]\n"
          f"fn {module}(m: &Bound<'_, PyModule>) -> PyResult<()> {{")
    for f in functions:
        w.function(f.name, f"    m.add_function(wrap_pyfunction!(py_{f.name}, m)?)?;")
    w.add("    Ok(())\n}")
    return [w.source("lib.rs")]


# The call paths, in the order of make bench's (the floor last).
BINDINGS = {b.path: b for b in (
    Binding("capi.fastcall", "mine_capi", write_c, "c", "cflags_capi"),
    Binding("capi.varargs", "mine_capi_varargs", write_c, "c", "cflags_capi",
            options=("-DMINE_VARARGS",)),
    Binding("abi3.varargs", "mine_abi3", write_c, "c", "cflags_capi_abi3", "ABI3",
            options=("-DMINE_VARARGS",)),
    Binding("ctypes.cdll", "mine_ctypes", write_ctypes, "python"),
    Binding("cffi.abi", "mine_cffi_abi", write_cffi_abi, "python", tool="CFFI"),
    Binding("cffi.api", "mine_cffi_api", write_cffi_api, "cffi_api", "cflags_cffi", "CFFI"),
    Binding("cffi.v2_abi", "mine_cffi2_abi", write_cffi2_abi, "python", tool="CFFI2"),
    Binding("cffi.v2_api", "mine_cffi2_api", write_cffi2_api, "cffi_api", "cflags_cffi2",
            "CFFI2"),
    Binding("cython.v0_29", "mine_cython", write_cython, "cython", "cflags_cython", "CYTHON"),
    Binding("cython.v3", "mine_cython3", write_cython, "cython", "cflags_cython3", "CYTHON3"),
    Binding("pybind11.v2", "mine_pybind11", write_pybind11, "cxx", "cxxflags_pybind11",
            "PYBIND11"),
    Binding("pybind11.v3", "mine_pybind11_v3", write_pybind11, "cxx", "cxxflags_pybind11_v3",
            "PYBIND11_V3"),
    Binding("nanobind.def", "mine_nanobind", write_nanobind, "cxx", "cxxflags_nanobind",
            "NANOBIND"),
    Binding("pyo3.def", "mine_pyo3", write_pyo3, "pyo3", tool="PYO3"),
    *(Binding(f"hpy.{abi}", f"mine_hpy_{abi}", write_hpy, "hpy", f"cflags_hpy_{abi}", "HPY",
              cannot=hpy_cannot) for abi in ("cpython", "universal")),
    *(Binding(f"swig.{version}{mode}", f"mine_swig{'' if version == 'v4_1' else '_v4_5'}{mode}",
              write_swig, "swig", f"cflags_swig{'' if version == 'v4_1' else '_v4_5'}{mode}",
              "SWIG" if version == "v4_1" else "SWIG_V4_5",
              options=(("-builtin",) if mode else ()))
      for version in ("v4_1", "v4_5") for mode in ("", "_builtin")),
    Binding("boost_python.def", "mine_boost_python", write_boost_python, "cxx",
            "cxxflags_boost_python", "BOOST_PYTHON"),
    Binding("cppyy.gbl", "mine_cppyy", write_cppyy, "cppyy", tool="CPPYY"),
    Binding("c.direct", "mine_direct", write_floor, "c", "cflags_direct"),
)}
FLOOR = "c.direct"


def sources(binding, functions, header, strings):
    return binding.write(binding.module, functions, header, strings)
