/* The kernels as pieces for the C-API wrappers of capi.c.
 *
 * Each kernel K is described by: its parameter names (K_params), its PyArg
 * format and targets (K_FORMAT, K_TARGETS), its argument count (K_NPARAMS),
 * the struct of converted arguments (K_in), their conversion from an array of
 * objects (K_convert) and the kernel call that boxes the result, with or
 * without the GIL (K_call).  capi.c assembles every calling convention from
 * these, so that a convention's wrappers differ from each other only in what
 * the convention itself does.  Included by capi.c alone.
 */
#ifndef FFIBENCH_CAPI_KERNELS_H
#define FFIBENCH_CAPI_KERNELS_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "f64_buffer.h"
#include "kernels.h"

/* "L" in PyArg_ParseTuple writes a long long; the kernels take int64_t. */
_Static_assert(sizeof(long long) == sizeof(int64_t),
               "long long must be 64 bits wide");

/* Forces the inlining of the per-kernel pieces into each wrapper, so that a
 * wrapper pays for its own convention only (no runtime flag tests). */
#define FFB_INLINE static inline __attribute__((always_inline))

/* Runs `statement` (the kernel call) with the GIL released if release_gil. */
#define RUN_KERNEL(release_gil, statement)                                   \
    do {                                                                      \
        if (release_gil) {                                                    \
            Py_BEGIN_ALLOW_THREADS                                            \
            statement;                                                        \
            Py_END_ALLOW_THREADS                                              \
        }                                                                     \
        else {                                                                \
            statement;                                                        \
        }                                                                     \
    } while (0)

FFB_INLINE int
as_i64(PyObject *obj, long long *out)
{
    *out = PyLong_AsLongLong(obj);
    return *out == -1 && PyErr_Occurred() ? -1 : 0;
}

FFB_INLINE int
as_f64(PyObject *obj, double *out)
{
    *out = PyFloat_AsDouble(obj);
    return *out == -1.0 && PyErr_Occurred() ? -1 : 0;
}

/* The kernels, each as four pieces: its parameters, their conversion from
 * an argument array, their PyArg format, and the call that boxes the result
 * (with or without the GIL).  The wrappers are assembled from these below. */

typedef struct { char unused; } noop_in;
static const char *const noop_params[] = {NULL};
#define noop_FORMAT ""
#define noop_TARGETS(in)
#define noop_NPARAMS 0

FFB_INLINE int
noop_convert(PyObject *const *Py_UNUSED(argv), noop_in *Py_UNUSED(in))
{
    return 0;
}

FFB_INLINE PyObject *
noop_call(const noop_in *Py_UNUSED(in), int release_gil)
{
    RUN_KERNEL(release_gil, ffk_noop());
    Py_RETURN_NONE;
}

typedef struct { long long a, b; } add_i64_in;
static const char *const add_i64_params[] = {"a", "b", NULL};
#define add_i64_FORMAT "LL"
#define add_i64_TARGETS(in) , &(in).a, &(in).b
#define add_i64_NPARAMS 2

FFB_INLINE int
add_i64_convert(PyObject *const *argv, add_i64_in *in)
{
    return as_i64(argv[0], &in->a) < 0 || as_i64(argv[1], &in->b) < 0 ? -1 : 0;
}

FFB_INLINE PyObject *
add_i64_call(const add_i64_in *in, int release_gil)
{
    int64_t result;
    RUN_KERNEL(release_gil, result = ffk_add_i64(in->a, in->b));
    return PyLong_FromLongLong(result);
}

typedef struct { double a, b; } add_f64_in;
static const char *const add_f64_params[] = {"a", "b", NULL};
#define add_f64_FORMAT "dd"
#define add_f64_TARGETS(in) , &(in).a, &(in).b
#define add_f64_NPARAMS 2

FFB_INLINE int
add_f64_convert(PyObject *const *argv, add_f64_in *in)
{
    return as_f64(argv[0], &in->a) < 0 || as_f64(argv[1], &in->b) < 0 ? -1 : 0;
}

FFB_INLINE PyObject *
add_f64_call(const add_f64_in *in, int release_gil)
{
    double result;
    RUN_KERNEL(release_gil, result = ffk_add_f64(in->a, in->b));
    return PyFloat_FromDouble(result);
}

/* sum_i64_<N>: N int64 arguments in an array; the pieces differ by N only
 * in the PyArg format, its targets and the kernel's argument list. */
#define I64_ARRAY_PIECES(K, N, CALL)                                          \
    typedef struct { long long v[N]; } K##_in;                                \
                                                                              \
    FFB_INLINE int                                                            \
    K##_convert(PyObject *const *argv, K##_in *in)                            \
    {                                                                         \
        for (int i = 0; i < N; i++) {                                         \
            if (as_i64(argv[i], &in->v[i]) < 0) {                             \
                return -1;                                                    \
            }                                                                 \
        }                                                                     \
        return 0;                                                             \
    }                                                                         \
                                                                              \
    FFB_INLINE PyObject *                                                     \
    K##_call(const K##_in *in, int release_gil)                               \
    {                                                                         \
        int64_t result;                                                       \
        RUN_KERNEL(release_gil, result = CALL);                               \
        return PyLong_FromLongLong(result);                                   \
    }

typedef struct { char unused; } sum_i64_0_in;
static const char *const sum_i64_0_params[] = {NULL};
#define sum_i64_0_FORMAT ""
#define sum_i64_0_TARGETS(in)
#define sum_i64_0_NPARAMS 0

FFB_INLINE int
sum_i64_0_convert(PyObject *const *Py_UNUSED(argv), sum_i64_0_in *Py_UNUSED(in))
{
    return 0;
}

FFB_INLINE PyObject *
sum_i64_0_call(const sum_i64_0_in *Py_UNUSED(in), int release_gil)
{
    int64_t result;
    RUN_KERNEL(release_gil, result = ffk_sum_i64_0());
    return PyLong_FromLongLong(result);
}

static const char *const sum_i64_1_params[] = {"a", NULL};
#define sum_i64_1_FORMAT "L"
#define sum_i64_1_TARGETS(in) , &(in).v[0]
#define sum_i64_1_NPARAMS 1
I64_ARRAY_PIECES(sum_i64_1, 1, ffk_sum_i64_1(in->v[0]))

static const char *const sum_i64_2_params[] = {"a", "b", NULL};
#define sum_i64_2_FORMAT "LL"
#define sum_i64_2_TARGETS(in) , &(in).v[0], &(in).v[1]
#define sum_i64_2_NPARAMS 2
I64_ARRAY_PIECES(sum_i64_2, 2, ffk_sum_i64_2(in->v[0], in->v[1]))

static const char *const sum_i64_3_params[] = {"a", "b", "c", NULL};
#define sum_i64_3_FORMAT "LLL"
#define sum_i64_3_TARGETS(in) , &(in).v[0], &(in).v[1], &(in).v[2]
#define sum_i64_3_NPARAMS 3
I64_ARRAY_PIECES(sum_i64_3, 3, ffk_sum_i64_3(in->v[0], in->v[1], in->v[2]))

static const char *const sum_i64_4_params[] = {"a", "b", "c", "d", NULL};
#define sum_i64_4_FORMAT "LLLL"
#define sum_i64_4_TARGETS(in) , &(in).v[0], &(in).v[1], &(in).v[2], &(in).v[3]
#define sum_i64_4_NPARAMS 4
I64_ARRAY_PIECES(sum_i64_4, 4, ffk_sum_i64_4(in->v[0], in->v[1], in->v[2], in->v[3]))

static const char *const sum_i64_5_params[] = {"a", "b", "c", "d", "e", NULL};
#define sum_i64_5_FORMAT "LLLLL"
#define sum_i64_5_TARGETS(in) , &(in).v[0], &(in).v[1], &(in).v[2], &(in).v[3], &(in).v[4]
#define sum_i64_5_NPARAMS 5
I64_ARRAY_PIECES(sum_i64_5, 5, ffk_sum_i64_5(in->v[0], in->v[1], in->v[2], in->v[3], in->v[4]))

static const char *const sum_i64_6_params[] = {"a", "b", "c", "d", "e", "f", NULL};
#define sum_i64_6_FORMAT "LLLLLL"
#define sum_i64_6_TARGETS(in) , &(in).v[0], &(in).v[1], &(in).v[2], &(in).v[3], &(in).v[4], &(in).v[5]
#define sum_i64_6_NPARAMS 6
I64_ARRAY_PIECES(sum_i64_6, 6, ffk_sum_i64_6(in->v[0], in->v[1], in->v[2], in->v[3], in->v[4], in->v[5]))

static const char *const sum_i64_7_params[] = {"a", "b", "c", "d", "e", "f", "g", NULL};
#define sum_i64_7_FORMAT "LLLLLLL"
#define sum_i64_7_TARGETS(in) , &(in).v[0], &(in).v[1], &(in).v[2], &(in).v[3], &(in).v[4], &(in).v[5], &(in).v[6]
#define sum_i64_7_NPARAMS 7
I64_ARRAY_PIECES(sum_i64_7, 7, ffk_sum_i64_7(in->v[0], in->v[1], in->v[2], in->v[3], in->v[4], in->v[5], in->v[6]))

static const char *const sum_i64_8_params[] = {"a", "b", "c", "d", "e", "f", "g", "h", NULL};
#define sum_i64_8_FORMAT "LLLLLLLL"
#define sum_i64_8_TARGETS(in) , &(in).v[0], &(in).v[1], &(in).v[2], &(in).v[3], &(in).v[4], &(in).v[5], &(in).v[6], &(in).v[7]
#define sum_i64_8_NPARAMS 8
I64_ARRAY_PIECES(sum_i64_8, 8, ffk_sum_i64_8(in->v[0], in->v[1], in->v[2], in->v[3], in->v[4], in->v[5], in->v[6], in->v[7]))

/* sum_f64_buf: one buffer argument; the conversion keeps the object, and the
 * call takes its buffer, checks it, runs the kernel and releases it. */
typedef struct { PyObject *obj; } sum_f64_buf_in;
static const char *const sum_f64_buf_params[] = {"x", NULL};
#define sum_f64_buf_FORMAT "O"
#define sum_f64_buf_TARGETS(in) , &(in).obj
#define sum_f64_buf_NPARAMS 1

FFB_INLINE int
sum_f64_buf_convert(PyObject *const *argv, sum_f64_buf_in *in)
{
    in->obj = argv[0];
    return 0;
}

FFB_INLINE PyObject *
sum_f64_buf_call(const sum_f64_buf_in *in, int release_gil)
{
    Py_buffer view;
    if (get_f64_vector(in->obj, &view, 0) < 0) {
        return NULL;
    }
    double result;
    RUN_KERNEL(release_gil,
               result = ffk_sum_f64_buf(view.buf, (size_t)view.shape[0]));
    PyBuffer_Release(&view);
    return PyFloat_FromDouble(result);
}

/* len_bytes, len_str: a pointer and a size, from bytes (PyBytes / "y#") or
 * from a str encoded to UTF-8 (PyUnicode_AsUTF8AndSize / "s#"); both call
 * ffk_len_bytes. */
typedef struct { const char *s; Py_ssize_t n; } len_bytes_in;
typedef len_bytes_in len_str_in;
static const char *const len_bytes_params[] = {"s", NULL};
static const char *const len_str_params[] = {"s", NULL};
#define len_bytes_FORMAT "y#"
#define len_str_FORMAT "s#"
#define len_bytes_TARGETS(in) , &(in).s, &(in).n
#define len_str_TARGETS(in) , &(in).s, &(in).n
#define len_bytes_NPARAMS 1
#define len_str_NPARAMS 1

FFB_INLINE int
len_bytes_convert(PyObject *const *argv, len_bytes_in *in)
{
    char *s;
    if (PyBytes_AsStringAndSize(argv[0], &s, &in->n) < 0) {
        return -1;
    }
    in->s = s;
    return 0;
}

FFB_INLINE int
len_str_convert(PyObject *const *argv, len_str_in *in)
{
    if (!PyUnicode_Check(argv[0])) {
        PyErr_SetString(PyExc_TypeError, "len_str() argument must be str");
        return -1;
    }
    in->s = PyUnicode_AsUTF8AndSize(argv[0], &in->n);
    return in->s == NULL ? -1 : 0;
}

FFB_INLINE PyObject *
len_bytes_call(const len_bytes_in *in, int release_gil)
{
    size_t result;
    RUN_KERNEL(release_gil, result = ffk_len_bytes(in->s, (size_t)in->n));
    return PyLong_FromSize_t(result);
}

FFB_INLINE PyObject *
len_str_call(const len_str_in *in, int release_gil)
{
    return len_bytes_call(in, release_gil);
}

/* fail_if_negative: one int64, and a return code turned into ValueError. */
static const char *const fail_if_negative_params[] = {"x", NULL};
#define fail_if_negative_FORMAT "L"
#define fail_if_negative_TARGETS(in) , &(in).v[0]
#define fail_if_negative_NPARAMS 1
typedef sum_i64_1_in fail_if_negative_in;
#define fail_if_negative_convert sum_i64_1_convert

FFB_INLINE PyObject *
fail_if_negative_call(const fail_if_negative_in *in, int release_gil)
{
    int rc;
    RUN_KERNEL(release_gil, rc = ffk_fail_if_negative(in->v[0]));
    if (rc != 0) {
        PyErr_SetString(PyExc_ValueError, "fail_if_negative: x is negative");
        return NULL;
    }
    Py_RETURN_NONE;
}

/* callback: a Python callable and k.  The C callback handed to the kernel
 * calls the Python object through its context; after the first error it
 * returns 0 without calling, and the wrapper raises that error when the kernel
 * returns.  With the GIL released around the kernel, it takes the GIL back for
 * each call, as ctypes does for its callbacks. */
typedef struct {
    PyObject *f;
    int gil_released;
    int failed;
} python_callback;

static int64_t
call_python(void *ctx, int64_t i)
{
    python_callback *cb = ctx;
    long long value = 0;
    PyGILState_STATE gil = PyGILState_UNLOCKED;
    if (cb->gil_released) {
        gil = PyGILState_Ensure();
    }
    if (!cb->failed) {
        PyObject *arg = PyLong_FromLongLong(i);
#ifdef Py_LIMITED_API
        PyObject *result = arg != NULL ? PyObject_CallFunctionObjArgs(cb->f, arg, NULL)
                                       : NULL;
#else
        PyObject *result = arg != NULL ? PyObject_CallOneArg(cb->f, arg) : NULL;
#endif
        Py_XDECREF(arg);
        if (result == NULL || as_i64(result, &value) < 0) {
            cb->failed = 1;
            value = 0;
        }
        Py_XDECREF(result);
    }
    if (cb->gil_released) {
        PyGILState_Release(gil);
    }
    return value;
}

typedef struct { PyObject *f; long long k; } callback_in;
static const char *const callback_params[] = {"f", "k", NULL};
#define callback_FORMAT "OL"
#define callback_TARGETS(in) , &(in).f, &(in).k
#define callback_NPARAMS 2

FFB_INLINE int
callback_convert(PyObject *const *argv, callback_in *in)
{
    in->f = argv[0];
    return as_i64(argv[1], &in->k);
}

FFB_INLINE PyObject *
callback_call(const callback_in *in, int release_gil)
{
    if (!PyCallable_Check(in->f)) {
        PyErr_SetString(PyExc_TypeError, "callback() f must be callable");
        return NULL;
    }
    python_callback cb = {in->f, release_gil, 0};
    int64_t result;
    RUN_KERNEL(release_gil, result = ffk_callback(call_python, &cb, in->k));
    if (cb.failed) {
        return NULL;
    }
    return PyLong_FromLongLong(result);
}

#endif /* FFIBENCH_CAPI_KERNELS_H */
