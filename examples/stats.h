/* A small library written for ffi-bench's `make mine` example: a few functions
 * of mixed types, as a user's library has them (a buffer read, a buffer
 * written, a string, integers of several widths, a bool, floats).
 *
 *   make mine HEADER=examples/stats.h SOURCES=examples/stats.c
 */
#ifndef EXAMPLE_STATS_H
#define EXAMPLE_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* a + b, saturated to [INT64_MIN, INT64_MAX] */
int64_t saturating_add(int64_t a, int64_t b);

/* The mean of xs[0..n), 0 for n == 0. */
double mean(const double *xs, size_t n);

/* xs[i] *= factor for i in [0, n): written in place. */
void scale(double *xs, size_t n, double factor);

/* The vowels (a, e, i, o, u, either case) of a NUL-terminated string. */
size_t count_vowels(const char *text);

/* Whether n is prime. */
bool is_prime(uint32_t n);

/* The 16-bit Fletcher checksum of data[0..n). */
uint16_t fletcher16(const uint8_t *data, size_t n);

/* a + (b - a) * t, in single precision (named blend, not lerp: C++17 declares a
 * std::lerp that cppyy's global namespace already holds). */
float blend(float a, float b, float t);

#endif
