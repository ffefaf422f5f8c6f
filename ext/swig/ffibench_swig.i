/* The kernels through SWIG, from their C header, as SWIG's documentation
 * wraps a C library: kernels.h %included, the ffk_ prefix stripped, typemaps
 * where a C parameter pair is one Python argument, %extend for the struct's
 * methods.  One interface file makes four modules (ext/swig/swig.mk): SWIG
 * 4.1 (Debian) and SWIG 4.5 (PyPI, build/venv), each in its default mode (a
 * Python proxy module over the compiled one) and with -builtin (the compiled
 * module's own types and functions, the mode SWIG's documentation calls
 * faster); -keyword in all four, so that the arguments have their names.
 * The module's name comes from the command line (-module). */
%module ffibench_swig

%{
#include <stdlib.h>

#include "f64_buffer.h"
#include "kernels.h"

/* Functions wrapped under a second name (the argument shapes, NumPy, the
 * _nogil twins): the wrapper calls the kernel itself, no function between. */
#define len_str ffk_len_bytes
#define sum_defaults ffk_sum_i64_3
#define ndarray_sum ffk_sum_f64_buf
#define noop_nogil ffk_noop
#define add_i64_nogil ffk_add_i64
#define add_f64_nogil ffk_add_f64
#define sum_f64_buf_nogil ffk_sum_f64_buf
%}

%include <stdint.i>
%include <constraints.i>

%rename("%(strip:[ffk_])s") "";

/* A buffer of doubles (sum_f64_buf, ndarray_sum) is one Python argument, its
 * buffer checked as every C extension here checks it (ext/f64_buffer.h); the
 * view is released after the call, and on an error in a later argument. */
%typemap(in) (const double *x, size_t n) (Py_buffer view = {0}) {
    if (get_f64_vector($input, &view, 0) < 0) {
        SWIG_fail;
    }
    $1 = view.buf;
    $2 = (size_t)view.shape[0];
}
%typemap(freearg) (const double *x, size_t n) {
    PyBuffer_Release(&view$argnum);
}
/* The same, writable: the array scaled in place (ndarray_scale). */
%typemap(in) (double *x_inout, size_t n) (Py_buffer view = {0}) {
    if (get_f64_vector($input, &view, 1) < 0) {
        SWIG_fail;
    }
    $1 = view.buf;
    $2 = (size_t)view.shape[0];
}
%typemap(freearg) (double *x_inout, size_t n) {
    PyBuffer_Release(&view$argnum);
}

/* bytes as they are (SWIG's own char * typemaps take a str): a view of the
 * object's contents, no copy. */
%typemap(in) (const char *s, size_t n) {
    char *data;
    Py_ssize_t size;
    if (PyBytes_AsStringAndSize($input, &data, &size) < 0) {
        SWIG_fail;
    }
    $1 = data;
    $2 = (size_t)size;
}
/* A str through SWIG's own typemap for a pointer and a size: encoded to UTF-8. */
%apply (char *STRING, size_t LENGTH) { (const char *s, size_t size) };

/* The error code raised as ValueError, None returned otherwise. */
%typemap(out) int ffk_fail_if_negative {
    if ($1 != 0) {
        PyErr_SetString(PyExc_ValueError, "fail_if_negative: x is negative");
        SWIG_fail;
    }
    $result = SWIG_Py_Void();
}

/* The callback: a Python callable in place of the C function pointer and its
 * context, as SWIG's documentation passes a Python callback; after the first
 * error the C function returns 0 without calling, and the wrapper raises
 * that error when the kernel returns. */
%{
typedef struct {
    PyObject *f;
    int failed;
} swig_callback;

static int64_t
swig_call_python(void *ctx, int64_t i)
{
    swig_callback *cb = ctx;
    if (cb->failed) {
        return 0;
    }
    PyObject *arg = PyLong_FromLongLong(i);
    PyObject *result = arg != NULL ? PyObject_CallOneArg(cb->f, arg) : NULL;
    Py_XDECREF(arg);
    long long value = result != NULL ? PyLong_AsLongLong(result) : -1;
    Py_XDECREF(result);
    if (value == -1 && PyErr_Occurred()) {
        cb->failed = 1;
        return 0;
    }
    return value;
}
%}
%typemap(in) (ffk_callback_fn f, void *ctx) (swig_callback cb = {NULL, 0}) {
    if (!PyCallable_Check($input)) {
        PyErr_SetString(PyExc_TypeError, "callback() f must be callable");
        SWIG_fail;
    }
    cb.f = $input;
    $1 = swig_call_python;
    $2 = &cb;
}
/* After the kernel's result is made into $result: dropped, the error raised. */
%typemap(argout) (ffk_callback_fn f, void *ctx) {
    if (cb$argnum.failed) {
        Py_CLEAR($result);
        SWIG_fail;
    }
}

/* The struct as the class Point: its fields as attributes (SWIG's own), the
 * constructor and the methods by %extend, declared without a body: SWIG then
 * calls the C functions named <struct>_<method> (ffk_point_sum for sum), the
 * kernels themselves, and new_<struct> for the constructor. */
%{
static ffk_point *
new_ffk_point(int64_t x, int64_t y)
{
    ffk_point *p = malloc(sizeof *p);
    if (p != NULL) {
        *p = ffk_point_make(x, y);
    }
    return p;
}
%}
%rename(Point) ffk_point;
%extend ffk_point {
    ffk_point(int64_t x, int64_t y);
    int64_t sum();
    void shift(int64_t d);
    ffk_point scaled(int64_t k);
}
%exception ffk_point::ffk_point {
    $action
    if (result == NULL) {
        PyErr_NoMemory();
        SWIG_fail;
    }
}
%ignore ffk_point_make;
%ignore ffk_point_sum;
%ignore ffk_point_shift;
%ignore ffk_point_scaled;
/* SWIG passes None as a NULL pointer: refused by constraints.i's check
 * before the kernel reads it. */
%apply Pointer NONNULL { const ffk_point *a, const ffk_point *b };

/* The *args shape's array, and the C function pointer type: not Python's. */
%ignore ffk_sum_i64_n;
%ignore ffk_callback_fn;
%ignore ffk_scale_f64;

%include "kernels.h"

/* len_str: a str, through SWIG's typemap above. */
size_t len_str(const char *s, size_t size);

/* The argument shapes SWIG has: defaults (and keywords, -keyword). */
int64_t sum_defaults(int64_t a, int64_t b = 0, int64_t c = 0);

/* NumPy arrays through their buffers (the typemaps above; SWIG's numpy.i is
 * not in NumPy's wheels); a new array by numpy.empty, NumPy imported by the
 * first call (ext/f64_buffer.h). */
%{
static PyObject *numpy_empty;

static void
ndarray_scale(double *x_inout, size_t n, double k)
{
    ffk_scale_f64(x_inout, x_inout, n, k);
}

static PyObject *
ndarray_scaled(const double *x, size_t n, double k)
{
    Py_buffer out;
    PyObject *result = new_f64_array(&numpy_empty, (Py_ssize_t)n, &out);
    if (result != NULL) {
        ffk_scale_f64(x, out.buf, n, k);
        PyBuffer_Release(&out);
    }
    return result;
}
%}
double ndarray_sum(const double *x, size_t n);
PyObject *ndarray_scaled(const double *x, size_t n, double k);
void ndarray_scale(double *x_inout, size_t n, double k);

/* The _nogil twins: the GIL released around the kernel, after the
 * arguments are converted (%exception's $action is the call). */
%define RELEASING_THE_GIL(function)
%exception function {
    Py_BEGIN_ALLOW_THREADS
    $action
    Py_END_ALLOW_THREADS
}
%enddef
RELEASING_THE_GIL(noop_nogil)
RELEASING_THE_GIL(add_i64_nogil)
RELEASING_THE_GIL(add_f64_nogil)
RELEASING_THE_GIL(sum_f64_buf_nogil)
void noop_nogil(void);
int64_t add_i64_nogil(int64_t a, int64_t b);
double add_f64_nogil(double a, double b);
double sum_f64_buf_nogil(const double *x, size_t n);
