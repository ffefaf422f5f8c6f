/* The buffer check shared by the C extension modules (capi.c, direct.c):
 * what an extension taking `const double *x, size_t n` must verify before
 * handing a Python buffer to C. */
#ifndef FFIBENCH_F64_BUFFER_H
#define FFIBENCH_F64_BUFFER_H

#include <Python.h>
#include <string.h>

/* Fills *view with obj's buffer if it is a 1-D C-contiguous buffer of C
 * doubles; otherwise sets TypeError (not a buffer) or ValueError (wrong
 * format, dimensions or layout) and returns -1.  The caller releases the view
 * with PyBuffer_Release. */
static int
get_f64_vector(PyObject *obj, Py_buffer *view)
{
    if (PyObject_GetBuffer(obj, view, PyBUF_RECORDS_RO) < 0) {
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

#endif /* FFIBENCH_F64_BUFFER_H */
