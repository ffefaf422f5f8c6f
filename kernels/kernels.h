/* The C kernels every call path calls.
 *
 * They are compiled exactly once, into build/kernels.o, and that one object is
 * linked into build/libkernels.so (ctypes, cffi ABI mode) and into every
 * extension module.  The work done inside a kernel is therefore bit-identical
 * on every path, and any difference measured is the call path's own.
 *
 * Every kernel's name starts with ffk_ ("ffi-bench kernel"); the tests find the
 * kernels by that prefix, so a new kernel cannot be left out of the registry.
 * Kernels are deliberately trivial: the point is the cost of reaching them.
 */
#ifndef FFIBENCH_KERNELS_H
#define FFIBENCH_KERNELS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Does nothing: the cost of the call alone. */
void ffk_noop(void);

/* The argument-count series: the sum of N int64 arguments, N = 0..8, wrapping
 * modulo 2**64 like add_i64.  sum_i64_1 (returns a) is also the one-argument
 * call of the C API's METH_O. */
int64_t ffk_sum_i64_0(void);
int64_t ffk_sum_i64_1(int64_t a);
int64_t ffk_sum_i64_2(int64_t a, int64_t b);
int64_t ffk_sum_i64_3(int64_t a, int64_t b, int64_t c);
int64_t ffk_sum_i64_4(int64_t a, int64_t b, int64_t c, int64_t d);
int64_t ffk_sum_i64_5(int64_t a, int64_t b, int64_t c, int64_t d, int64_t e);
int64_t ffk_sum_i64_6(int64_t a, int64_t b, int64_t c, int64_t d, int64_t e,
                      int64_t f);
int64_t ffk_sum_i64_7(int64_t a, int64_t b, int64_t c, int64_t d, int64_t e,
                      int64_t f, int64_t g);
int64_t ffk_sum_i64_8(int64_t a, int64_t b, int64_t c, int64_t d, int64_t e,
                      int64_t f, int64_t g, int64_t h);

/* The same sum over an array: the *args of the argument shapes (a binding
 * converts each argument into the array). */
int64_t ffk_sum_i64_n(const int64_t *xs, size_t n);

/* a + b, wrapping modulo 2**64 (two's complement) instead of the undefined
 * behaviour of signed overflow, so that every path agrees on every input. */
int64_t ffk_add_i64(int64_t a, int64_t b);

/* a + b in IEEE 754 double precision. */
double ffk_add_f64(double a, double b);

/* x[0] + x[1] + ... + x[n-1], left to right (never reassociated, so every
 * path gets the same bits); 0.0 for n = 0.  The buffer workload: its cost
 * grows with n while the call's stays, so the two cross. */
double ffk_sum_f64_buf(const double *x, size_t n);
/* out[i] = k * x[i] for i < n: a new array's contents (out a fresh array), or
 * the array scaled in place (out == x, which the kernel allows). */
void ffk_scale_f64(const double *x, double *out, size_t n, double k);

/* n: the string workload.  The binding passes a pointer and a size (from a
 * bytes object, or from a str after UTF-8 encoding); the kernel returns the
 * size without reading the bytes, so the cost measured is the passing. */
size_t ffk_len_bytes(const char *s, size_t n);

/* The error workload: 0 for x >= 0, and the error code -1 for x < 0, as C
 * libraries report failure; each binding turns -1 into a ValueError its own
 * idiomatic way, so a raising call can be timed beside a succeeding one. */
int ffk_fail_if_negative(int64_t x);

/* The callback workload: f(ctx, 0) + f(ctx, 1) + ... + f(ctx, k-1), wrapping
 * like the sums; 0 for k <= 0.  f is the user's callback and ctx its data, as
 * C libraries take them; each binding makes a Python callable into f. */
typedef int64_t (*ffk_callback_fn)(void *ctx, int64_t i);
int64_t ffk_callback(ffk_callback_fn f, void *ctx, int64_t k);

/* The objects workload: a C struct that the bindings wrap as a class (or, for
 * ctypes and cffi, hold as a struct and pass by pointer), with a constructor,
 * methods, a factory and a function over two instances.  Arithmetic wraps
 * modulo 2**64, like the sums.  Small structs of two int64 are returned in
 * registers on x86-64 (RAX:RDX), as C libraries return small values. */
typedef struct ffk_point {
    int64_t x;
    int64_t y;
} ffk_point;

/* The constructor: the point (x, y). */
ffk_point ffk_point_make(int64_t x, int64_t y);

/* A method without arguments: x + y. */
int64_t ffk_point_sum(const ffk_point *p);

/* A method with one argument that changes the object: x += d, y += d. */
void ffk_point_shift(ffk_point *p, int64_t d);

/* A factory: a new point (k * x, k * y). */
ffk_point ffk_point_scaled(const ffk_point *p, int64_t k);

/* A function over two instances: a.x * b.x + a.y * b.y. */
int64_t ffk_point_dot(const ffk_point *a, const ffk_point *b);

#ifdef __cplusplus
}
#endif

#endif /* FFIBENCH_KERNELS_H */
