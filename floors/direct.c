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

#include "f64_buffer.h"
#include "barriers.h"   /* ffb_do_not_optimize, ffb_clobber_memory */
#include "kernel_list.h"
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
        ffb_clobber_memory();
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
        ffb_clobber_memory();
        ffk_noop();
    }
    Py_RETURN_NONE;
}

/* Reads (n, v[0], ..., v[count-1]) for the int64 loops: n >= 1 calls of a
 * kernel taking `count` int64 arguments. */
static int
parse_i64_loop(PyObject *args, const char *name, Py_ssize_t count,
               Py_ssize_t *n, long long *v)
{
    Py_ssize_t given = PyTuple_Size(args);
    if (given < 0) {
        return -1;
    }
    if (given != count + 1) {
        PyErr_Format(PyExc_TypeError,
                     "%s() takes exactly %zd arguments (%zd given)",
                     name, count + 1, given);
        return -1;
    }
    *n = PyLong_AsSsize_t(PyTuple_GetItem(args, 0));
    if (*n == -1 && PyErr_Occurred()) {
        return -1;
    }
    for (Py_ssize_t i = 0; i < count; i++) {
        v[i] = PyLong_AsLongLong(PyTuple_GetItem(args, i + 1));
        if (v[i] == -1 && PyErr_Occurred()) {
            return -1;
        }
    }
    return check_count(*n);
}

/* loop_<K>(n, a, ...): the int64 kernel K called n times with v[] as its
 * arguments (CALL spells the call). */
#define I64_LOOP(K, COUNT, CALL)                                              \
    static PyObject *                                                         \
    loop_##K(PyObject *Py_UNUSED(module), PyObject *args)                     \
    {                                                                         \
        Py_ssize_t n;                                                         \
        long long v[COUNT + 1];                                               \
        int64_t result = 0;                                                   \
        if (parse_i64_loop(args, #K, COUNT, &n, v) < 0) {                     \
            return NULL;                                                      \
        }                                                                     \
        for (Py_ssize_t i = 0; i < n; i++) {                                  \
            ffb_clobber_memory();                                              \
            result = CALL;                                                    \
            ffb_do_not_optimize(result);                                       \
        }                                                                     \
        return PyLong_FromLongLong(result);                                   \
    }

I64_LOOP(add_i64, 2, ffk_add_i64(v[0], v[1]))
I64_LOOP(sum_i64_0, 0, ffk_sum_i64_0())
I64_LOOP(sum_i64_1, 1, ffk_sum_i64_1(v[0]))
I64_LOOP(sum_i64_2, 2, ffk_sum_i64_2(v[0], v[1]))
I64_LOOP(sum_i64_3, 3, ffk_sum_i64_3(v[0], v[1], v[2]))
I64_LOOP(sum_i64_4, 4, ffk_sum_i64_4(v[0], v[1], v[2], v[3]))
I64_LOOP(sum_i64_5, 5, ffk_sum_i64_5(v[0], v[1], v[2], v[3], v[4]))
I64_LOOP(sum_i64_6, 6, ffk_sum_i64_6(v[0], v[1], v[2], v[3], v[4], v[5]))
I64_LOOP(sum_i64_7, 7, ffk_sum_i64_7(v[0], v[1], v[2], v[3], v[4], v[5], v[6]))
I64_LOOP(sum_i64_8, 8,
         ffk_sum_i64_8(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]))

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
        ffb_clobber_memory();
        result = ffk_add_f64(a, b);
        ffb_do_not_optimize(result);
    }
    return PyFloat_FromDouble(result);
}

/* The buffer is taken and checked once per loop, as a C caller holding a
 * pointer would; only the kernel call is repeated. */
static PyObject *
loop_sum_f64_buf(PyObject *Py_UNUSED(module), PyObject *args)
{
    Py_ssize_t n;
    PyObject *obj;
    Py_buffer view;
    double result = 0.0;
    if (!PyArg_ParseTuple(args, "nO:sum_f64_buf", &n, &obj)
        || check_count(n) < 0 || get_f64_vector(obj, &view, 0) < 0) {
        return NULL;
    }
    const double *x = view.buf;
    size_t length = (size_t)view.shape[0];
    for (Py_ssize_t i = 0; i < n; i++) {
        ffb_clobber_memory();
        result = ffk_sum_f64_buf(x, length);
        ffb_do_not_optimize(result);
    }
    PyBuffer_Release(&view);
    return PyFloat_FromDouble(result);
}

/* The string loops take the pointer and size once, as a C caller holding
 * them would: from a bytes object, or from a str encoded to UTF-8. */
static PyObject *
len_loop(Py_ssize_t n, const char *s, Py_ssize_t length)
{
    size_t result = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        ffb_clobber_memory();
        result = ffk_len_bytes(s, (size_t)length);
        ffb_do_not_optimize(result);
    }
    return PyLong_FromSize_t(result);
}

static PyObject *
loop_len_bytes(PyObject *Py_UNUSED(module), PyObject *args)
{
    Py_ssize_t n, length;
    PyObject *obj;
    char *s;
    if (!PyArg_ParseTuple(args, "nS:len_bytes", &n, &obj) || check_count(n) < 0
        || PyBytes_AsStringAndSize(obj, &s, &length) < 0) {
        return NULL;
    }
    return len_loop(n, s, length);
}

static PyObject *
loop_len_str(PyObject *Py_UNUSED(module), PyObject *args)
{
    Py_ssize_t n, length;
    PyObject *obj;
    if (!PyArg_ParseTuple(args, "nU:len_str", &n, &obj) || check_count(n) < 0) {
        return NULL;
    }
    const char *s = PyUnicode_AsUTF8AndSize(obj, &length);
    return s != NULL ? len_loop(n, s, length) : NULL;
}

/* The error code is read each time, as a C caller would; a failure becomes
 * one ValueError at the end of the loop (the test calls it with n = 1). */
static PyObject *
loop_fail_if_negative(PyObject *Py_UNUSED(module), PyObject *args)
{
    Py_ssize_t n;
    long long x;
    int failures = 0;
    if (parse_i64_loop(args, "fail_if_negative", 1, &n, &x) < 0) {
        return NULL;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        ffb_clobber_memory();
        if (ffk_fail_if_negative(x) != 0) {
            failures++;
        }
    }
    if (failures > 0) {
        PyErr_SetString(PyExc_ValueError, "fail_if_negative: x is negative");
        return NULL;
    }
    Py_RETURN_NONE;
}

/* The NumPy kernels' floor: the same C kernels on the array's memory, as a C
 * caller holding the pointers would (ndarray_sum is sum_f64_buf's loop); the
 * new array (numpy.empty, new_f64_array) is made once, outside the loop, and
 * written n times. */
static PyObject *numpy_empty;   /* numpy.empty, kept for the process */

static PyObject *
scale_loop(PyObject *args, const char *format, int in_place)
{
    Py_ssize_t n;
    PyObject *obj, *result = NULL;
    double k;
    Py_buffer in, out;
    if (!PyArg_ParseTuple(args, format, &n, &obj, &k) || check_count(n) < 0
        || get_f64_vector(obj, &in, in_place) < 0) {
        return NULL;
    }
    if (in_place) {
        out = in;
        Py_INCREF(Py_None);
        result = Py_None;
    }
    else {
        result = new_f64_array(&numpy_empty, in.shape[0], &out);
    }
    if (result != NULL) {
        for (Py_ssize_t i = 0; i < n; i++) {
            ffb_clobber_memory();
            ffk_scale_f64(in.buf, out.buf, (size_t)in.shape[0], k);
        }
        if (!in_place) {
            PyBuffer_Release(&out);
        }
    }
    PyBuffer_Release(&in);
    return result;
}

static PyObject *
loop_ndarray_scaled(PyObject *Py_UNUSED(module), PyObject *args)
{
    return scale_loop(args, "nOd:ndarray_scaled", 0);
}

static PyObject *
loop_ndarray_scale(PyObject *Py_UNUSED(module), PyObject *args)
{
    return scale_loop(args, "nOd:ndarray_scale", 1);
}

/* loop_<kernel> for every kernel of C arguments (kernels/kernel_list.h). */
#define LOOP_METHOD(K, SIGNATURE)                                             \
    {"loop_" #K, loop_##K, METH_VARARGS,                                      \
        PyDoc_STR("loop_" #K "(n, ...): " SIGNATURE ", called n times from C")},

static PyMethodDef direct_methods[] = {
    {"loop_empty", loop_empty, METH_VARARGS,
        PyDoc_STR("loop_empty(n): the loops' loop with no call in it")},
    FFB_C_KERNELS(LOOP_METHOD)
    {"loop_ndarray_sum", loop_sum_f64_buf, METH_VARARGS,
        PyDoc_STR("loop_ndarray_sum(n, x): ndarray_sum(x) -> float, called n times from C")},
    {"loop_ndarray_scaled", loop_ndarray_scaled, METH_VARARGS,
        PyDoc_STR("loop_ndarray_scaled(n, x, k): a new array k * x, written n times")},
    {"loop_ndarray_scale", loop_ndarray_scale, METH_VARARGS,
        PyDoc_STR("loop_ndarray_scale(n, x, k): x *= k, n times from C")},
    {NULL, NULL, 0, NULL}   /* sentinel */
};

/* Like ext/capi/capi.c's: no GIL needed on a free-threaded build. */
static PyModuleDef_Slot direct_slots[] = {
#ifdef Py_GIL_DISABLED
    {Py_mod_gil, Py_MOD_GIL_NOT_USED},
#endif
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
