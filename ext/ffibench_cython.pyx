# cython: language_level=3
"""The kernels through Cython: ``def`` functions with typed arguments, calling
the kernels through ``cdef extern``.  Cython's default directives are kept
(what a user gets); the generated C is compiled by the Makefile with the same
flags as every other path."""

from libc.stdint cimport int64_t

cdef extern from "kernels.h":
    void ffk_noop()
    int64_t ffk_sum_i64_1(int64_t a)
    int64_t ffk_add_i64(int64_t a, int64_t b)
    double ffk_add_f64(double a, double b)


def noop():
    ffk_noop()


def sum_i64_1(int64_t a):
    return ffk_sum_i64_1(a)


def add_i64(int64_t a, int64_t b):
    return ffk_add_i64(a, b)


def add_f64(double a, double b):
    return ffk_add_f64(a, b)
