# cython: language_level=3
"""The kernels through Cython: ``def`` functions with typed arguments, calling
the kernels through ``cdef extern``.  Cython's default directives are kept
(what a user gets); the generated C is compiled by the Makefile with the same
flags as every other path.

The kernels of the calls workloads and the buffer are also defined as
<kernel>_nogil, the kernel called in a ``with nogil`` block (their kernels
are declared ``nogil`` for that: it changes nothing in the other functions)."""

cimport cython
from cpython.mem cimport PyMem_Free, PyMem_Malloc
from libc.stdint cimport int64_t
from libc.stddef cimport size_t

cdef extern from "kernels.h":
    # nogil: callable without the GIL (the _nogil functions below)
    void ffk_noop() nogil
    int64_t ffk_add_i64(int64_t a, int64_t b) nogil
    double ffk_add_f64(double a, double b) nogil
    double ffk_sum_f64_buf(const double *x, size_t n) nogil
    void ffk_scale_f64(const double *x, double *out, size_t n, double k)
    size_t ffk_len_bytes(const char *s, size_t n)
    int ffk_fail_if_negative(int64_t x)
    ctypedef int64_t (*ffk_callback_fn)(void *ctx, int64_t i)
    int64_t ffk_callback(ffk_callback_fn f, void *ctx, int64_t k)
    int64_t ffk_sum_i64_0()
    int64_t ffk_sum_i64_1(int64_t a)
    int64_t ffk_sum_i64_2(int64_t a, int64_t b)
    int64_t ffk_sum_i64_3(int64_t a, int64_t b, int64_t c)
    int64_t ffk_sum_i64_4(int64_t a, int64_t b, int64_t c, int64_t d)
    int64_t ffk_sum_i64_5(int64_t a, int64_t b, int64_t c, int64_t d, int64_t e)
    int64_t ffk_sum_i64_6(int64_t a, int64_t b, int64_t c, int64_t d, int64_t e, int64_t f)
    int64_t ffk_sum_i64_7(int64_t a, int64_t b, int64_t c, int64_t d, int64_t e, int64_t f, int64_t g)
    int64_t ffk_sum_i64_8(int64_t a, int64_t b, int64_t c, int64_t d, int64_t e, int64_t f, int64_t g, int64_t h)
    int64_t ffk_sum_i64_n(const int64_t *xs, size_t n)
    ctypedef struct ffk_point:
        int64_t x
        int64_t y
    ffk_point ffk_point_make(int64_t x, int64_t y)
    int64_t ffk_point_sum(const ffk_point *p)
    void ffk_point_shift(ffk_point *p, int64_t d)
    ffk_point ffk_point_scaled(const ffk_point *p, int64_t k)
    int64_t ffk_point_dot(const ffk_point *a, const ffk_point *b)


def noop():
    ffk_noop()


def add_i64(int64_t a, int64_t b):
    return ffk_add_i64(a, b)


def add_f64(double a, double b):
    return ffk_add_f64(a, b)


def sum_i64_0():
    return ffk_sum_i64_0()


def sum_i64_1(int64_t a):
    return ffk_sum_i64_1(a)


def sum_i64_2(int64_t a, int64_t b):
    return ffk_sum_i64_2(a, b)


def sum_i64_3(int64_t a, int64_t b, int64_t c):
    return ffk_sum_i64_3(a, b, c)


def sum_i64_4(int64_t a, int64_t b, int64_t c, int64_t d):
    return ffk_sum_i64_4(a, b, c, d)


def sum_i64_5(int64_t a, int64_t b, int64_t c, int64_t d, int64_t e):
    return ffk_sum_i64_5(a, b, c, d, e)


def sum_i64_6(int64_t a, int64_t b, int64_t c, int64_t d, int64_t e, int64_t f):
    return ffk_sum_i64_6(a, b, c, d, e, f)


def sum_i64_7(int64_t a, int64_t b, int64_t c, int64_t d, int64_t e, int64_t f, int64_t g):
    return ffk_sum_i64_7(a, b, c, d, e, f, g)


def sum_i64_8(int64_t a, int64_t b, int64_t c, int64_t d, int64_t e, int64_t f, int64_t g, int64_t h):
    return ffk_sum_i64_8(a, b, c, d, e, f, g, h)


def sum_f64_buf(const double[::1] x not None):
    # A typed memoryview checks format, dimensions and contiguity.
    return ffk_sum_f64_buf(&x[0] if x.shape[0] else NULL, x.shape[0])


# The NumPy workload through typed memoryviews, as Cython's docs teach for
# NumPy arrays: the memoryview checks dtype, dimensions and contiguity (and
# writability, where it is not const).  A new array comes from numpy.empty,
# NumPy imported by the first call (not with the module: its import time stays
# its own), and filled through a memoryview of it.
ndarray_sum = sum_f64_buf

cdef object _numpy_empty = None


def ndarray_scaled(const double[::1] x not None, double k):
    global _numpy_empty
    cdef double[::1] view
    if _numpy_empty is None:
        from numpy import empty
        _numpy_empty = empty
    out = _numpy_empty(x.shape[0])
    view = out
    if x.shape[0]:
        ffk_scale_f64(&x[0], &view[0], x.shape[0], k)
    return out


def ndarray_scale(double[::1] x not None, double k):
    if x.shape[0]:
        ffk_scale_f64(&x[0], &x[0], x.shape[0], k)


def len_bytes(bytes s not None):
    return ffk_len_bytes(s, len(s))


def len_str(str s not None):
    cdef bytes encoded = s.encode("utf-8")
    return ffk_len_bytes(encoded, len(encoded))


def fail_if_negative(int64_t x):
    if ffk_fail_if_negative(x) != 0:
        raise ValueError("fail_if_negative: x is negative")


cdef int64_t _call_python(void *ctx, int64_t i) noexcept:
    # The callable and the first error travel in a list passed as ctx; an
    # error is kept (a noexcept cdef function could only print it) and raised
    # by callback() after the C call.  noexcept: the kernel is C and cannot
    # propagate an exception (Cython 3 requires it said; 0.29 assumes it).
    state = <list>ctx
    if state[1] is not None:
        return 0
    try:
        return state[0](i)
    except BaseException as exc:
        state[1] = exc
        return 0


def callback(f, int64_t k):
    if not callable(f):
        raise TypeError("callback() f must be callable")
    state = [f, None]
    result = ffk_callback(_call_python, <void *>state, k)
    if state[1] is not None:
        raise state[1]
    return result


# The GIL released around the kernel: the arguments are converted, and the
# buffer acquired, with the GIL held; only the C call runs without it.
def noop_nogil():
    with nogil:
        ffk_noop()


def add_i64_nogil(int64_t a, int64_t b):
    cdef int64_t result
    with nogil:
        result = ffk_add_i64(a, b)
    return result


def add_f64_nogil(double a, double b):
    cdef double result
    with nogil:
        result = ffk_add_f64(a, b)
    return result


def sum_f64_buf_nogil(const double[::1] x not None):
    cdef double result
    cdef const double *data = &x[0] if x.shape[0] else NULL
    cdef size_t n = x.shape[0]
    with nogil:
        result = ffk_sum_f64_buf(data, n)
    return result


# The argument shapes, as Python signatures with typed arguments: defaults,
# a keyword-only argument, *args (each converted into a C array), and an
# optional int (None, the default, is 0 to the kernel).
def sum_defaults(int64_t a, int64_t b=0, int64_t c=0):
    return ffk_sum_i64_3(a, b, c)


def sum_kwonly(int64_t a, *, int64_t b=0):
    return ffk_sum_i64_2(a, b)


def sum_star(*args):
    cdef Py_ssize_t n = len(args), i
    cdef int64_t on_stack[16]
    cdef int64_t *xs = &on_stack[0]
    if n > 16:
        xs = <int64_t *>PyMem_Malloc(n * sizeof(int64_t))
    if xs == NULL:
        raise MemoryError()
    try:
        for i in range(n):
            xs[i] = args[i]
        return ffk_sum_i64_n(xs, n)
    finally:
        if xs != &on_stack[0]:
            PyMem_Free(xs)


def add_optional(int64_t a, b=None):
    cdef int64_t value = 0 if b is None else b
    return ffk_add_i64(a, value)


# The objects workload: a cdef class holding the C struct, its fields as
# properties (a struct field cannot be `cdef public`), made by __init__ as
# Cython's docs teach; the factory makes its result with Point.__new__, which
# skips __init__ (Cython's documented fast instantiation).
cdef class Point:
    cdef ffk_point point

    def __init__(self, int64_t x, int64_t y):
        self.point = ffk_point_make(x, y)

    @property
    def x(self):
        return self.point.x

    @x.setter
    def x(self, int64_t value):
        self.point.x = value

    @property
    def y(self):
        return self.point.y

    @y.setter
    def y(self, int64_t value):
        self.point.y = value

    def sum(self):
        return ffk_point_sum(&self.point)

    def shift(self, int64_t d):
        ffk_point_shift(&self.point, d)

    def scaled(self, int64_t k):
        cdef Point result = Point.__new__(Point)
        result.point = ffk_point_scaled(&self.point, k)
        return result


def point_dot(Point a not None, Point b not None):
    return ffk_point_dot(&a.point, &b.point)


# The variant Cython's docs offer for speed: @cython.final (no subclass: its
# methods are called without a virtual lookup) and @cython.freelist (freed
# instances kept for reuse, instead of going back to the allocator).  The
# same body as Point; a subclass of Point would be accepted by point_dot.
@cython.final
@cython.freelist(8)
cdef class PointFinal:
    cdef ffk_point point

    def __init__(self, int64_t x, int64_t y):
        self.point = ffk_point_make(x, y)

    @property
    def x(self):
        return self.point.x

    @x.setter
    def x(self, int64_t value):
        self.point.x = value

    @property
    def y(self):
        return self.point.y

    @y.setter
    def y(self, int64_t value):
        self.point.y = value

    def sum(self):
        return ffk_point_sum(&self.point)

    def shift(self, int64_t d):
        ffk_point_shift(&self.point, d)

    def scaled(self, int64_t k):
        cdef PointFinal result = PointFinal.__new__(PointFinal)
        result.point = ffk_point_scaled(&self.point, k)
        return result


def point_dot_final(PointFinal a not None, PointFinal b not None):
    return ffk_point_dot(&a.point, &b.point)
