#include "second.h"

int32_t
clamp(int32_t x, int32_t lo, int32_t hi)
{
    return x < lo ? lo : x > hi ? hi : x;
}

size_t
span(const char *data, size_t n)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++) {
        count += data[i] != ' ';
    }
    return count;
}

size_t
length(const char *s)
{
    size_t n = 0;
    while (s[n]) {
        n++;
    }
    return n;
}

void
fill_i32(int32_t *out, size_t n, int32_t value)
{
    for (size_t i = 0; i < n; i++) {
        /* unsigned: the wrap-around is defined (the check passes INT32_MAX) */
        out[i] = (int32_t)((uint32_t)value + (uint32_t)i);
    }
}

struct pair
swap(struct pair p)
{
    struct pair q = {p.b, p.a};
    return q;
}

int32_t
apply(int32_t (*f)(int32_t), int32_t x)
{
    return f(x);
}

int32_t
add_lambda(int32_t lambda)
{
    return (int32_t)((uint32_t)lambda + 1u);
}

float
lerp(float a, float b, float t)
{
    return a + (b - a) * t;
}
