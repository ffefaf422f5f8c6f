/* The kernels; see kernels.h for why they are compiled once and shared. */
#include "kernels.h"

void
ffk_noop(void)
{
}

int64_t
ffk_sum_i64_1(int64_t a)
{
    return a;
}

int64_t
ffk_add_i64(int64_t a, int64_t b)
{
    /* Unsigned arithmetic wraps by definition; converting the result back is
     * implementation-defined in C11 and modulo 2**64 on every compiler we
     * build with (GCC and Clang document it). */
    return (int64_t)((uint64_t)a + (uint64_t)b);
}

double
ffk_add_f64(double a, double b)
{
    return a + b;
}
