/* The buffer check shared by the C extension modules (capi.c, direct.c):
 * what an extension taking `const double *x, size_t n` must verify before
 * handing a Python buffer to C. */
#ifndef FFIBENCH_F64_BUFFER_H
#define FFIBENCH_F64_BUFFER_H

#include <Python.h>
#include <string.h>

/* Fills *view with obj's buffer if it is a 1-D C-contiguous buffer of C
 * doubles (and writable, if `writable`: the kernel writes into it); otherwise
 * sets TypeError (not a buffer), the exporter's error (read-only: NumPy's
 * ValueError) or ValueError (wrong format, dimensions or layout) and returns
 * -1.  The caller releases the view with PyBuffer_Release. */
static int
get_f64_vector(PyObject *obj, Py_buffer *view, int writable)
{
    if (PyObject_GetBuffer(obj, view, writable ? PyBUF_RECORDS : PyBUF_RECORDS_RO) < 0) {
        return -1;
    }
    const char *format = view->format != NULL ? view->format : "B";
    const char *problem = NULL;
    if (view->ndim != 1) {
        problem = "a 1-dimensional buffer is required";
    }
    else if (view->itemsize != (Py_ssize_t)sizeof(double)
             || (strcmp(format, "d") != 0 && strcmp(format, "@d") != 0
                 && strcmp(format, "=d") != 0)) {
        problem = "a buffer of doubles (format 'd') is required";
    }
    else if (view->shape[0] > 1 && view->strides[0] != (Py_ssize_t)sizeof(double)) {
        problem = "a C-contiguous buffer is required";
    }
    if (problem != NULL) {
        PyBuffer_Release(view);
        PyErr_SetString(PyExc_ValueError, problem);
        return -1;
    }
    return 0;
}

/* A new float64 NumPy array of n (numpy.empty(n)), with its writable buffer
 * in *view (the caller releases it); NULL with the error set.  *empty holds
 * numpy.empty (a strong reference, the caller's to keep or clear): NumPy is
 * imported by the first call, not with the module (as pybind11, nanobind and
 * rust-numpy do), so that a module's import time stays its own.  Two threads
 * of a free-threaded build may both import it: the first to store it wins,
 * the other drops its reference. */
static PyObject *
new_f64_array(PyObject **empty, Py_ssize_t n, Py_buffer *view)
{
    PyObject *function = __atomic_load_n(empty, __ATOMIC_ACQUIRE);
    if (function == NULL) {
        PyObject *numpy = PyImport_ImportModule("numpy");
        if (numpy == NULL) {
            return NULL;
        }
        PyObject *found = PyObject_GetAttrString(numpy, "empty");
        Py_DECREF(numpy);
        if (found == NULL) {
            return NULL;
        }
        if (__atomic_compare_exchange_n(empty, &function, found, 0, __ATOMIC_ACQ_REL,
                                        __ATOMIC_ACQUIRE)) {
            function = found;
        }
        else {
            Py_DECREF(found);   /* another thread's is in *empty, and in function */
        }
    }
    PyObject *length = PyLong_FromSsize_t(n);
    if (length == NULL) {
        return NULL;
    }
    PyObject *array = PyObject_CallFunctionObjArgs(function, length, NULL);
    Py_DECREF(length);
    if (array != NULL && get_f64_vector(array, view, 1) < 0) {
        Py_CLEAR(array);
    }
    return array;
}

#endif /* FFIBENCH_F64_BUFFER_H */
