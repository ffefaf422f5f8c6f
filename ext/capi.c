/* ffibench_capi: the kernels exposed through the CPython C API, once per
 * calling convention, so that the conventions can be timed side by side.
 *
 * Method names are <kernel>_<convention>; the registry (harness/paths.py) maps
 * the path capi.<convention> to them.  Each wrapper does what an idiomatic
 * extension does for that convention and nothing more: check the argument
 * count, convert, call the kernel, box the result.
 *
 * Only functions of the stable ABI are used, so that the same file can later be
 * built with Py_LIMITED_API as the abi3 module.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "kernels.h"

/* "L" in PyArg_ParseTuple writes a long long; the kernels take int64_t. */
_Static_assert(sizeof(long long) == sizeof(int64_t),
               "long long must be 64 bits wide");

/* The argument-count check every FASTCALL wrapper needs, with the message
 * PyArg_ParseTuple would give, so that conventions differ only in cost. */
static int
check_nargs(const char *name, Py_ssize_t nargs, Py_ssize_t expected)
{
    if (nargs != expected) {
        PyErr_Format(PyExc_TypeError,
                     "%s() takes exactly %zd argument%s (%zd given)",
                     name, expected, expected == 1 ? "" : "s", nargs);
        return -1;
    }
    return 0;
}

/* noop ------------------------------------------------------------------ */

static PyObject *
noop_noargs(PyObject *Py_UNUSED(module), PyObject *Py_UNUSED(ignored))
{
    ffk_noop();
    Py_RETURN_NONE;
}

static PyObject *
noop_fastcall(PyObject *Py_UNUSED(module), PyObject *const *Py_UNUSED(args),
              Py_ssize_t nargs)
{
    if (check_nargs("noop", nargs, 0) < 0) {
        return NULL;
    }
    ffk_noop();
    Py_RETURN_NONE;
}

static PyObject *
noop_varargs(PyObject *Py_UNUSED(module), PyObject *args)
{
    if (!PyArg_ParseTuple(args, ":noop")) {
        return NULL;
    }
    ffk_noop();
    Py_RETURN_NONE;
}

/* add_i64 --------------------------------------------------------------- */

static PyObject *
add_i64_fastcall(PyObject *Py_UNUSED(module), PyObject *const *args,
                 Py_ssize_t nargs)
{
    if (check_nargs("add_i64", nargs, 2) < 0) {
        return NULL;
    }
    long long a = PyLong_AsLongLong(args[0]);
    if (a == -1 && PyErr_Occurred()) {
        return NULL;
    }
    long long b = PyLong_AsLongLong(args[1]);
    if (b == -1 && PyErr_Occurred()) {
        return NULL;
    }
    return PyLong_FromLongLong(ffk_add_i64(a, b));
}

static PyObject *
add_i64_varargs(PyObject *Py_UNUSED(module), PyObject *args)
{
    long long a, b;
    if (!PyArg_ParseTuple(args, "LL:add_i64", &a, &b)) {
        return NULL;
    }
    return PyLong_FromLongLong(ffk_add_i64(a, b));
}

/* add_f64 --------------------------------------------------------------- */

static PyObject *
add_f64_fastcall(PyObject *Py_UNUSED(module), PyObject *const *args,
                 Py_ssize_t nargs)
{
    if (check_nargs("add_f64", nargs, 2) < 0) {
        return NULL;
    }
    double a = PyFloat_AsDouble(args[0]);
    if (a == -1.0 && PyErr_Occurred()) {
        return NULL;
    }
    double b = PyFloat_AsDouble(args[1]);
    if (b == -1.0 && PyErr_Occurred()) {
        return NULL;
    }
    return PyFloat_FromDouble(ffk_add_f64(a, b));
}

static PyObject *
add_f64_varargs(PyObject *Py_UNUSED(module), PyObject *args)
{
    double a, b;
    if (!PyArg_ParseTuple(args, "dd:add_f64", &a, &b)) {
        return NULL;
    }
    return PyFloat_FromDouble(ffk_add_f64(a, b));
}

/* module ---------------------------------------------------------------- */

static PyMethodDef capi_methods[] = {
    {"noop_noargs",      noop_noargs, METH_NOARGS,
        PyDoc_STR("noop() -> None  [METH_NOARGS]")},
    {"noop_fastcall",    (PyCFunction)(void (*)(void))noop_fastcall, METH_FASTCALL,
        PyDoc_STR("noop() -> None  [METH_FASTCALL]")},
    {"noop_varargs",     noop_varargs, METH_VARARGS,
        PyDoc_STR("noop() -> None  [METH_VARARGS]")},
    {"add_i64_fastcall", (PyCFunction)(void (*)(void))add_i64_fastcall, METH_FASTCALL,
        PyDoc_STR("add_i64(a, b) -> int  [METH_FASTCALL]")},
    {"add_i64_varargs",  add_i64_varargs, METH_VARARGS,
        PyDoc_STR("add_i64(a, b) -> int  [METH_VARARGS]")},
    {"add_f64_fastcall", (PyCFunction)(void (*)(void))add_f64_fastcall, METH_FASTCALL,
        PyDoc_STR("add_f64(a, b) -> float  [METH_FASTCALL]")},
    {"add_f64_varargs",  add_f64_varargs, METH_VARARGS,
        PyDoc_STR("add_f64(a, b) -> float  [METH_VARARGS]")},
    {NULL, NULL, 0, NULL}   /* sentinel */
};

/* Multi-phase init; the module keeps no state, so there is no exec step. */
static PyModuleDef_Slot capi_slots[] = {
    {0, NULL}   /* sentinel */
};

static struct PyModuleDef capi_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "ffibench_capi",
    .m_doc = PyDoc_STR("ffi-bench kernels through the C API, one function per "
                       "kernel and calling convention."),
    .m_size = 0,
    .m_methods = capi_methods,
    .m_slots = capi_slots,
};

PyMODINIT_FUNC
PyInit_ffibench_capi(void)
{
    return PyModuleDef_Init(&capi_module);
}
