/* The example library of examples/stats.h. */
#include "stats.h"

int64_t
saturating_add(int64_t a, int64_t b)
{
    if (b > 0 && a > INT64_MAX - b) {
        return INT64_MAX;
    }
    if (b < 0 && a < INT64_MIN - b) {
        return INT64_MIN;
    }
    return a + b;
}

double
mean(const double *xs, size_t n)
{
    double total = 0.0;
    for (size_t i = 0; i < n; i++) {
        total += xs[i];
    }
    return n ? total / (double)n : 0.0;
}

void
scale(double *xs, size_t n, double factor)
{
    for (size_t i = 0; i < n; i++) {
        xs[i] *= factor;
    }
}

size_t
count_vowels(const char *text)
{
    size_t count = 0;
    for (; *text; text++) {
        switch (*text | 0x20) {     /* lower case, for letters */
        case 'a': case 'e': case 'i': case 'o': case 'u':
            count++;
            break;
        default:
            break;
        }
    }
    return count;
}

bool
is_prime(uint32_t n)
{
    if (n < 2) {
        return false;
    }
    for (uint32_t d = 2; (uint64_t)d * d <= n; d++) {
        if (n % d == 0) {
            return false;
        }
    }
    return true;
}

uint16_t
fletcher16(const uint8_t *data, size_t n)
{
    uint16_t low = 0, high = 0;
    for (size_t i = 0; i < n; i++) {
        low = (uint16_t)((low + data[i]) % 255);
        high = (uint16_t)((high + low) % 255);
    }
    return (uint16_t)(high << 8 | low);
}

float
blend(float a, float b, float t)
{
    return a + (b - a) * t;
}
