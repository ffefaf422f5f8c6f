/* The kernels through the CPython C API, once per calling convention, so that
 * the conventions can be timed side by side.
 *
 * Built twice from this one file: as ffibench_capi (full API) and, with
 * Py_LIMITED_API defined, as ffibench_abi3 (the stable ABI).  Only functions of
 * the stable ABI are used, so both builds run the same code.
 *
 * Method names are <kernel>_<convention>; the registry (harness/registry/call_paths.py) maps
 * the path capi.<convention> (or abi3.<convention>) to them.  The per-kernel
 * pieces (conversion, call) are in capi_kernels.h; this file assembles the
 * conventions from them.  Each wrapper does
 * what an idiomatic extension does for its convention and nothing more: check
 * the arguments, convert them, call the kernel, box the result.
 *
 *   noargs          METH_NOARGS                      (noop)
 *   o               METH_O                           (sum_i64_1)
 *   fastcall        METH_FASTCALL, converted by hand
 *   fastcall_kw     METH_FASTCALL | METH_KEYWORDS, matched by hand
 *   fastcall_nogil  fastcall, the kernel called with the GIL released
 *   varargs         METH_VARARGS, PyArg_ParseTuple
 *   varargs_kw      METH_VARARGS | METH_KEYWORDS, PyArg_ParseTupleAndKeywords
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#ifdef Py_LIMITED_API
#define MODULE_NAME "ffibench_abi3"
#define MODULE_INIT PyInit_ffibench_abi3
#else
#define MODULE_NAME "ffibench_capi"
#define MODULE_INIT PyInit_ffibench_capi
#endif

#include "capi_kernels.h"
#include "capi_point.h"
#include "kernel_list.h"

/* Argument handling shared by the FASTCALL wrappers -------------------- */

/* The argument-count check of a FASTCALL wrapper, with the message
 * PyArg_ParseTuple gives, so that conventions differ only in cost. */
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

/* Puts the arguments of a FASTCALL|KEYWORDS call in parameter order into
 * out[0..nparams-1] (borrowed), positional first, then by keyword name; an
 * unknown, repeated or missing argument is a TypeError. */
static int
collect_args(const char *name, const char *const *params, Py_ssize_t nparams,
             PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames,
             PyObject **out)
{
    if (nargs > nparams) {
        return check_nargs(name, nargs, nparams);
    }
    for (Py_ssize_t i = 0; i < nparams; i++) {
        out[i] = i < nargs ? args[i] : NULL;
    }
    Py_ssize_t nkw = kwnames != NULL ? PyTuple_Size(kwnames) : 0;
    if (nkw < 0) {
        return -1;
    }
    for (Py_ssize_t k = 0; k < nkw; k++) {
        PyObject *key = PyTuple_GetItem(kwnames, k);
        if (key == NULL) {
            return -1;
        }
        Py_ssize_t i = 0;
        while (i < nparams && PyUnicode_CompareWithASCIIString(key, params[i])) {
            i++;
        }
        if (i == nparams) {
            PyErr_Format(PyExc_TypeError,
                         "'%U' is an invalid keyword argument for %s()",
                         key, name);
            return -1;
        }
        if (out[i] != NULL) {
            PyErr_Format(PyExc_TypeError,
                         "argument for %s() given by name ('%s') and "
                         "position (%zd)", name, params[i], i + 1);
            return -1;
        }
        out[i] = args[nargs + k];
    }
    for (Py_ssize_t i = 0; i < nparams; i++) {
        if (out[i] == NULL) {
            PyErr_Format(PyExc_TypeError,
                         "%s() missing required argument '%s' (pos %zd)",
                         name, params[i], i + 1);
            return -1;
        }
    }
    return 0;
}

/* The five conventions every kernel has, assembled from its pieces.
 * FASTCALL_WRAPPER: a METH_FASTCALL wrapper; RELEASE_GIL is a constant, so
 * each wrapper is compiled for its own case. */
#define FASTCALL_WRAPPER(K, NAME, RELEASE_GIL)                                \
    static PyObject *                                                         \
    NAME(PyObject *Py_UNUSED(module), PyObject *const *args, Py_ssize_t nargs)\
    {                                                                         \
        K##_in in;                                                            \
        if (check_nargs(#K, nargs, K##_NPARAMS) < 0                           \
            || K##_convert(args, &in) < 0) {                                  \
            return NULL;                                                      \
        }                                                                     \
        return K##_call(&in, RELEASE_GIL);                                    \
    }

#define CONVENTIONS(K, SIGNATURE)                                             \
    FASTCALL_WRAPPER(K, K##_fastcall, 0)                                      \
    FASTCALL_WRAPPER(K, K##_fastcall_nogil, 1)                                \
                                                                              \
    static PyObject *                                                         \
    K##_fastcall_kw(PyObject *Py_UNUSED(module), PyObject *const *args,      \
                    Py_ssize_t nargs, PyObject *kwnames)                      \
    {                                                                         \
        PyObject *argv[K##_NPARAMS + 1];                                      \
        K##_in in;                                                            \
        if (collect_args(#K, K##_params, K##_NPARAMS, args, nargs, kwnames,   \
                         argv) < 0                                            \
            || K##_convert(argv, &in) < 0) {                                  \
            return NULL;                                                      \
        }                                                                     \
        return K##_call(&in, 0);                                              \
    }                                                                         \
                                                                              \
    static PyObject *                                                         \
    K##_varargs(PyObject *Py_UNUSED(module), PyObject *args)                 \
    {                                                                         \
        K##_in in;                                                            \
        if (!PyArg_ParseTuple(args, K##_FORMAT ":" #K K##_TARGETS(in))) {     \
            return NULL;                                                      \
        }                                                                     \
        return K##_call(&in, 0);                                              \
    }                                                                         \
                                                                              \
    static PyObject *                                                         \
    K##_varargs_kw(PyObject *Py_UNUSED(module), PyObject *args,              \
                   PyObject *kwargs)                                          \
    {                                                                         \
        K##_in in;                                                            \
        if (!PyArg_ParseTupleAndKeywords(args, kwargs, K##_FORMAT ":" #K,     \
                                         (char **)K##_params                  \
                                         K##_TARGETS(in))) {                  \
            return NULL;                                                      \
        }                                                                     \
        return K##_call(&in, 0);                                              \
    }

FFB_KERNELS(CONVENTIONS)

/* The conventions that fit some kernels: METH_NOARGS (no argument) and
 * METH_O (exactly one), for every kernel of that arity. */
#define NOARGS_WRAPPER(K)                                                     \
    static PyObject *                                                         \
    K##_noargs(PyObject *Py_UNUSED(module), PyObject *Py_UNUSED(ignored))    \
    {                                                                         \
        K##_in in;                                                            \
        if (K##_convert(NULL, &in) < 0) {                                     \
            return NULL;                                                      \
        }                                                                     \
        return K##_call(&in, 0);                                              \
    }

#define O_WRAPPER(K)                                                          \
    static PyObject *                                                         \
    K##_o(PyObject *Py_UNUSED(module), PyObject *arg)                         \
    {                                                                         \
        K##_in in;                                                            \
        if (K##_convert(&arg, &in) < 0) {                                     \
            return NULL;                                                      \
        }                                                                     \
        return K##_call(&in, 0);                                              \
    }

NOARGS_WRAPPER(noop)
NOARGS_WRAPPER(sum_i64_0)
O_WRAPPER(sum_i64_1)
O_WRAPPER(sum_f64_buf)
O_WRAPPER(len_bytes)
O_WRAPPER(len_str)
O_WRAPPER(fail_if_negative)

/* The argument shapes, in the idiom the C API's docs teach for keywords and
 * defaults (METH_VARARGS | METH_KEYWORDS, PyArg_ParseTupleAndKeywords; "$"
 * starts the keyword-only arguments, which must be optional): named like the
 * varargs_kw wrappers, whose path they belong to. */
static PyObject *
sum_defaults_varargs_kw(PyObject *Py_UNUSED(module), PyObject *args, PyObject *kwargs)
{
    static char *kwlist[] = {"a", "b", "c", NULL};
    long long a, b = 0, c = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "L|LL:sum_defaults", kwlist, &a, &b, &c)) {
        return NULL;
    }
    return PyLong_FromLongLong(ffk_sum_i64_3(a, b, c));
}

static PyObject *
sum_kwonly_varargs_kw(PyObject *Py_UNUSED(module), PyObject *args, PyObject *kwargs)
{
    static char *kwlist[] = {"a", "b", NULL};
    long long a, b = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "L|$L:sum_kwonly", kwlist, &a, &b)) {
        return NULL;
    }
    return PyLong_FromLongLong(ffk_sum_i64_2(a, b));
}

/* *args: each converted into an array (on the stack up to STAR_ON_STACK). */
#define STAR_ON_STACK 16
static PyObject *
sum_star_varargs_kw(PyObject *Py_UNUSED(module), PyObject *args, PyObject *kwargs)
{
    if (kwargs != NULL && PyDict_Size(kwargs) != 0) {
        PyErr_SetString(PyExc_TypeError, "sum_star() takes no keyword arguments");
        return NULL;
    }
    Py_ssize_t n = PyTuple_Size(args);
    if (n < 0) {
        return NULL;
    }
    int64_t on_stack[STAR_ON_STACK];
    int64_t *xs = n <= STAR_ON_STACK ? on_stack : PyMem_Malloc((size_t)n * sizeof *xs);
    if (xs == NULL) {
        return PyErr_NoMemory();
    }
    PyObject *result = NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *item = PyTuple_GetItem(args, i);
        long long value;
        if (item == NULL || as_i64(item, &value) < 0) {
            goto done;
        }
        xs[i] = value;
    }
    result = PyLong_FromLongLong(ffk_sum_i64_n(xs, (size_t)n));
done:
    if (xs != on_stack) {
        PyMem_Free(xs);
    }
    return result;
}

/* An optional int: None (the default) is 0 to the kernel. */
static PyObject *
add_optional_varargs_kw(PyObject *Py_UNUSED(module), PyObject *args, PyObject *kwargs)
{
    static char *kwlist[] = {"a", "b", NULL};
    long long a, b = 0;
    PyObject *optional = Py_None;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "L|O:add_optional", kwlist, &a,
                                     &optional)) {
        return NULL;
    }
    if (optional != Py_None && as_i64(optional, &b) < 0) {
        return NULL;
    }
    return PyLong_FromLongLong(ffk_add_i64(a, b));
}

#include "capi_ndarray.h"

/* module ---------------------------------------------------------------- */

#define FASTCALL(f) (PyCFunction)(void (*)(void))(f)
#define METHODS(K, SIGNATURE)                                                 \
    {#K "_fastcall",       FASTCALL(K##_fastcall), METH_FASTCALL,             \
        PyDoc_STR(SIGNATURE "  [METH_FASTCALL]")},                            \
    {#K "_fastcall_nogil", FASTCALL(K##_fastcall_nogil), METH_FASTCALL,       \
        PyDoc_STR(SIGNATURE "  [METH_FASTCALL, GIL released]")},              \
    {#K "_fastcall_kw",    FASTCALL(K##_fastcall_kw),                         \
        METH_FASTCALL | METH_KEYWORDS,                                        \
        PyDoc_STR(SIGNATURE "  [METH_FASTCALL | METH_KEYWORDS]")},            \
    {#K "_varargs",        K##_varargs, METH_VARARGS,                         \
        PyDoc_STR(SIGNATURE "  [METH_VARARGS]")},                             \
    {#K "_varargs_kw",     FASTCALL(K##_varargs_kw),                          \
        METH_VARARGS | METH_KEYWORDS,                                         \
        PyDoc_STR(SIGNATURE "  [METH_VARARGS | METH_KEYWORDS]")},

static PyMethodDef capi_methods[] = {
    FFB_KERNELS(METHODS)
    {"noop_noargs",             noop_noargs, METH_NOARGS,
        PyDoc_STR("noop() -> None  [METH_NOARGS]")},
    {"sum_i64_0_noargs",        sum_i64_0_noargs, METH_NOARGS,
        PyDoc_STR("sum_i64_0() -> int  [METH_NOARGS]")},
    {"sum_i64_1_o",             sum_i64_1_o, METH_O,
        PyDoc_STR("sum_i64_1(a) -> int  [METH_O]")},
    {"sum_f64_buf_o",           sum_f64_buf_o, METH_O,
        PyDoc_STR("sum_f64_buf(x) -> float  [METH_O]")},
    {"len_bytes_o",             len_bytes_o, METH_O,
        PyDoc_STR("len_bytes(s) -> int  [METH_O]")},
    {"len_str_o",               len_str_o, METH_O,
        PyDoc_STR("len_str(s) -> int  [METH_O]")},
    {"fail_if_negative_o",      fail_if_negative_o, METH_O,
        PyDoc_STR("fail_if_negative(x) -> None  [METH_O]")},
    {"sum_defaults_varargs_kw", FASTCALL(sum_defaults_varargs_kw),
        METH_VARARGS | METH_KEYWORDS, PyDoc_STR("sum_defaults(a, b=0, c=0) -> int")},
    {"sum_kwonly_varargs_kw",   FASTCALL(sum_kwonly_varargs_kw),
        METH_VARARGS | METH_KEYWORDS, PyDoc_STR("sum_kwonly(a, *, b=0) -> int")},
    {"sum_star_varargs_kw",     FASTCALL(sum_star_varargs_kw),
        METH_VARARGS | METH_KEYWORDS, PyDoc_STR("sum_star(*args) -> int")},
    {"add_optional_varargs_kw", FASTCALL(add_optional_varargs_kw),
        METH_VARARGS | METH_KEYWORDS, PyDoc_STR("add_optional(a, b=None) -> int")},
    {"point_dot",               FASTCALL(point_dot), METH_FASTCALL,
        PyDoc_STR("point_dot(a, b) -> int: a.x * b.x + a.y * b.y  [METH_FASTCALL]")},
    FFB_NDARRAY_METHODS
    {NULL, NULL, 0, NULL}   /* sentinel */
};

/* Multi-phase init; the exec step adds the Point type (capi_point.h), which
 * the module's state keeps.  On a free-threaded build it declares that it
 * does not need the GIL (its functions share no state; a Point shared by two
 * threads is the user's to lock), or importing it would turn the GIL back on. */
static PyModuleDef_Slot capi_slots[] = {
    {Py_mod_exec, point_exec},
#ifdef Py_GIL_DISABLED
    {Py_mod_gil, Py_MOD_GIL_NOT_USED},
#endif
    {0, NULL}   /* sentinel */
};

static struct PyModuleDef capi_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = MODULE_NAME,
    .m_doc = PyDoc_STR("ffi-bench kernels through the C API, one function per "
                       "kernel and calling convention."),
    .m_size = sizeof(capi_state),
    .m_methods = capi_methods,
    .m_slots = capi_slots,
    .m_traverse = capi_traverse,
    .m_clear = capi_clear,
    .m_free = capi_free,
};

PyMODINIT_FUNC
MODULE_INIT(void)
{
    return PyModuleDef_Init(&capi_module);
}
