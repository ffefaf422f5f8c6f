/* The NumPy workload through the C API, in the idiom of an extension that is
 * not compiled against NumPy: an array comes in through the buffer protocol
 * (f64_buffer.h checks dimensions, format and layout, and asks for a writable
 * buffer where the kernel writes; ndarray_sum is sum_f64_buf's METH_FASTCALL
 * function, named for the workload), and a new array is made by calling
 * numpy.empty, whose buffer the kernel fills (new_f64_array: NumPy imported by
 * the first call, the module state keeping numpy.empty).  METH_FASTCALL,
 * stable ABI only; included by capi.c alone, after its check_nargs and
 * capi_point.h (which defines the state).
 */
#ifndef FFIBENCH_CAPI_NDARRAY_H
#define FFIBENCH_CAPI_NDARRAY_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "f64_buffer.h"
#include "kernels.h"

/* ndarray_scaled(x, k) -> a new float64 array, k * x. */
static PyObject *
ndarray_scaled_fastcall(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    Py_buffer in, out;
    double k;
    if (check_nargs("ndarray_scaled", nargs, 2) < 0 || as_f64(args[1], &k) < 0) {
        return NULL;
    }
    capi_state *state = PyModule_GetState(module);
    if (state == NULL || get_f64_vector(args[0], &in, 0) < 0) {
        return NULL;
    }
    PyObject *result = new_f64_array(&state->numpy_empty, in.shape[0], &out);
    if (result != NULL) {
        ffk_scale_f64(in.buf, out.buf, (size_t)in.shape[0], k);
        PyBuffer_Release(&out);
    }
    PyBuffer_Release(&in);
    return result;
}

/* ndarray_scale(x, k) -> None: x scaled in place; a read-only x refused. */
static PyObject *
ndarray_scale_fastcall(PyObject *Py_UNUSED(module), PyObject *const *args, Py_ssize_t nargs)
{
    Py_buffer view;
    double k;
    if (check_nargs("ndarray_scale", nargs, 2) < 0 || as_f64(args[1], &k) < 0
        || get_f64_vector(args[0], &view, 1) < 0) {
        return NULL;
    }
    ffk_scale_f64(view.buf, view.buf, (size_t)view.shape[0], k);
    PyBuffer_Release(&view);
    Py_RETURN_NONE;
}

#define FFB_NDARRAY_METHODS                                                   \
    {"ndarray_sum_fastcall", FASTCALL(sum_f64_buf_fastcall), METH_FASTCALL,   \
        PyDoc_STR("ndarray_sum(x) -> float: sum_f64_buf's function  [METH_FASTCALL]")}, \
    {"ndarray_scaled_fastcall", FASTCALL(ndarray_scaled_fastcall),            \
        METH_FASTCALL,                                                        \
        PyDoc_STR("ndarray_scaled(x, k) -> new array k * x  [METH_FASTCALL]")}, \
    {"ndarray_scale_fastcall", FASTCALL(ndarray_scale_fastcall), METH_FASTCALL, \
        PyDoc_STR("ndarray_scale(x, k) -> None, x *= k  [METH_FASTCALL]")},

#endif /* FFIBENCH_CAPI_NDARRAY_H */
