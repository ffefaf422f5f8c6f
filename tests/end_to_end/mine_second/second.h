/* make mine's second header in the tests: what a binding can express beside
 * what none can (a struct by value, a function pointer), and functions that
 * only some tools can bind: a parameter named like a Python keyword (Cython
 * refuses it, the others do not care), and lerp, which cppyy's global
 * namespace already has (C++17's std::lerp, through <cmath>). */
#include <stddef.h>
#include <stdint.h>

struct pair { int32_t a, b; };

int32_t clamp(int32_t x, int32_t lo, int32_t hi);
size_t span(const char *data, size_t n);
size_t length(const char *s);
void fill_i32(int32_t *out, size_t n, int32_t value);
struct pair swap(struct pair p);
int32_t apply(int32_t (*f)(int32_t), int32_t x);
int32_t add_lambda(int32_t lambda);
float lerp(float a, float b, float t);
