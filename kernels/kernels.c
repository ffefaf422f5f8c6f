/* The kernels; see kernels.h for why they are compiled once and shared. */
#include "kernels.h"

/* Sums wrap modulo 2**64: unsigned arithmetic wraps by definition, and
 * converting the result back is implementation-defined in C11 and modulo 2**64
 * on every compiler we build with (GCC and Clang document it).  No kernel calls
 * another function, so each kernel's machine code stands alone. */
#define U(x) ((uint64_t)(x))

void
ffk_noop(void)
{
}

int64_t
ffk_add_i64(int64_t a, int64_t b)
{
    return (int64_t)(U(a) + U(b));
}

double
ffk_add_f64(double a, double b)
{
    return a + b;
}

int64_t
ffk_sum_i64_0(void)
{
    return 0;
}

int64_t
ffk_sum_i64_1(int64_t a)
{
    return a;
}

int64_t
ffk_sum_i64_2(int64_t a, int64_t b)
{
    return (int64_t)(U(a) + U(b));
}

int64_t
ffk_sum_i64_3(int64_t a, int64_t b, int64_t c)
{
    return (int64_t)(U(a) + U(b) + U(c));
}

int64_t
ffk_sum_i64_4(int64_t a, int64_t b, int64_t c, int64_t d)
{
    return (int64_t)(U(a) + U(b) + U(c) + U(d));
}

int64_t
ffk_sum_i64_5(int64_t a, int64_t b, int64_t c, int64_t d, int64_t e)
{
    return (int64_t)(U(a) + U(b) + U(c) + U(d) + U(e));
}

int64_t
ffk_sum_i64_6(int64_t a, int64_t b, int64_t c, int64_t d, int64_t e, int64_t f)
{
    return (int64_t)(U(a) + U(b) + U(c) + U(d) + U(e) + U(f));
}

int64_t
ffk_sum_i64_7(int64_t a, int64_t b, int64_t c, int64_t d,
              int64_t e, int64_t f, int64_t g)
{
    return (int64_t)(U(a) + U(b) + U(c) + U(d) + U(e) + U(f) + U(g));
}

int64_t
ffk_sum_i64_8(int64_t a, int64_t b, int64_t c, int64_t d,
              int64_t e, int64_t f, int64_t g, int64_t h)
{
    return (int64_t)(U(a) + U(b) + U(c) + U(d) + U(e) + U(f) + U(g) + U(h));
}

int64_t
ffk_sum_i64_n(const int64_t *xs, size_t n)
{
    uint64_t total = 0;
    for (size_t i = 0; i < n; i++) {
        total += U(xs[i]);
    }
    return (int64_t)total;
}

double
ffk_sum_f64_buf(const double *x, size_t n)
{
    double total = 0.0;
    for (size_t i = 0; i < n; i++) {
        total += x[i];
    }
    return total;
}

void
ffk_scale_f64(const double *x, double *out, size_t n, double k)
{
    for (size_t i = 0; i < n; i++) {
        out[i] = k * x[i];
    }
}

size_t
ffk_len_bytes(const char *s, size_t n)
{
    (void)s;
    return n;
}

int
ffk_fail_if_negative(int64_t x)
{
    return x < 0 ? -1 : 0;
}

int64_t
ffk_callback(ffk_callback_fn f, void *ctx, int64_t k)
{
    uint64_t total = 0;
    for (int64_t i = 0; i < k; i++) {
        total += U(f(ctx, i));
    }
    return (int64_t)total;
}

ffk_point
ffk_point_make(int64_t x, int64_t y)
{
    ffk_point p = {x, y};
    return p;
}

int64_t
ffk_point_sum(const ffk_point *p)
{
    return (int64_t)(U(p->x) + U(p->y));
}

void
ffk_point_shift(ffk_point *p, int64_t d)
{
    p->x = (int64_t)(U(p->x) + U(d));
    p->y = (int64_t)(U(p->y) + U(d));
}

ffk_point
ffk_point_scaled(const ffk_point *p, int64_t k)
{
    ffk_point scaled = {(int64_t)(U(p->x) * U(k)), (int64_t)(U(p->y) * U(k))};
    return scaled;
}

int64_t
ffk_point_dot(const ffk_point *a, const ffk_point *b)
{
    return (int64_t)(U(a->x) * U(b->x) + U(a->y) * U(b->y));
}
