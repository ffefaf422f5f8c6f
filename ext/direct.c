/* ffibench_direct: the c.direct floor.  Each function runs a kernel n times
 * from C, as C code calls C code, and returns the last result: the physical
 * limit of a call on this machine, beside which every binding is measured.
 *
 * The arguments are converted once per loop, outside the calls.  The driver
 * calls each loop once per batch of n calls, so that one Python call is shared
 * by the batch (a few hundredths of a ns per kernel call); loop_empty, the same
 * loop without the call, is the baseline subtracted from these rows.
 *
 * Compiler barriers make each iteration read its arguments afresh and use its
 * result, so that no call is hoisted out of the loop or dropped.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "gbench.h"   /* gb_do_not_optimize, gb_clobber_memory */
#include "kernels.h"

_Static_assert(sizeof(long long) == sizeof(int64_t),
               "long long must be 64 bits wide");

static int
check_count(Py_ssize_t n)
{
    if (n < 1) {
        PyErr_SetString(PyExc_ValueError, "n must be at least 1");
        return -1;
    }
    return 0;
}

static PyObject *
loop_empty(PyObject *Py_UNUSED(module), PyObject *args)
{
    Py_ssize_t n;
    if (!PyArg_ParseTuple(args, "n:loop_empty", &n) || check_count(n) < 0) {
        return NULL;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        gb_clobber_memory();
    }
    Py_RETURN_NONE;
}

static PyObject *
loop_noop(PyObject *Py_UNUSED(module), PyObject *args)
{
    Py_ssize_t n;
    if (!PyArg_ParseTuple(args, "n:noop", &n) || check_count(n) < 0) {
        return NULL;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        gb_clobber_memory();
        ffk_noop();
    }
    Py_RETURN_NONE;
}

static PyObject *
loop_sum_i64_1(PyObject *Py_UNUSED(module), PyObject *args)
{
    Py_ssize_t n;
    long long a;
    int64_t result = 0;
    if (!PyArg_ParseTuple(args, "nL:sum_i64_1", &n, &a) || check_count(n) < 0) {
        return NULL;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        gb_clobber_memory();
        result = ffk_sum_i64_1(a);
        gb_do_not_optimize(result);
    }
    return PyLong_FromLongLong(result);
}

static PyObject *
loop_add_i64(PyObject *Py_UNUSED(module), PyObject *args)
{
    Py_ssize_t n;
    long long a, b;
    int64_t result = 0;
    if (!PyArg_ParseTuple(args, "nLL:add_i64", &n, &a, &b)
        || check_count(n) < 0) {
        return NULL;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        gb_clobber_memory();
        result = ffk_add_i64(a, b);
        gb_do_not_optimize(result);
    }
    return PyLong_FromLongLong(result);
}

static PyObject *
loop_add_f64(PyObject *Py_UNUSED(module), PyObject *args)
{
    Py_ssize_t n;
    double a, b, result = 0.0;
    if (!PyArg_ParseTuple(args, "ndd:add_f64", &n, &a, &b)
        || check_count(n) < 0) {
        return NULL;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        gb_clobber_memory();
        result = ffk_add_f64(a, b);
        gb_do_not_optimize(result);
    }
    return PyFloat_FromDouble(result);
}

static PyMethodDef direct_methods[] = {
    {"loop_empty",     loop_empty, METH_VARARGS,
        PyDoc_STR("loop_empty(n): the loop below with no call in it")},
    {"loop_noop",      loop_noop, METH_VARARGS,
        PyDoc_STR("loop_noop(n) -> None: ffk_noop() n times")},
    {"loop_sum_i64_1", loop_sum_i64_1, METH_VARARGS,
        PyDoc_STR("loop_sum_i64_1(n, a) -> int: ffk_sum_i64_1(a) n times")},
    {"loop_add_i64",   loop_add_i64, METH_VARARGS,
        PyDoc_STR("loop_add_i64(n, a, b) -> int: ffk_add_i64(a, b) n times")},
    {"loop_add_f64",   loop_add_f64, METH_VARARGS,
        PyDoc_STR("loop_add_f64(n, a, b) -> float: ffk_add_f64(a, b) n times")},
    {NULL, NULL, 0, NULL}   /* sentinel */
};

static PyModuleDef_Slot direct_slots[] = {
    {0, NULL}   /* sentinel */
};

static struct PyModuleDef direct_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "ffibench_direct",
    .m_doc = PyDoc_STR("The c.direct floor: kernels called n times from C."),
    .m_size = 0,
    .m_methods = direct_methods,
    .m_slots = direct_slots,
};

PyMODINIT_FUNC
PyInit_ffibench_direct(void)
{
    return PyModuleDef_Init(&direct_module);
}
