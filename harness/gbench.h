/* gbench: a small C API over Google Benchmark (C++, Debian libbenchmark-dev
 * 1.7.1), so that the driver can be written in C.
 *
 * One function per Google Benchmark method the toolkit uses; opaque handles
 * stand for benchmark::State and benchmark::internal::Benchmark.  Everything
 * else (flag parsing, repetitions, aggregates, JSON output) is Google
 * Benchmark's own, so its --benchmark_* flags work unchanged.
 */
#ifndef FFIBENCH_GBENCH_H
#define FFIBENCH_GBENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct gb_state gb_state;         /* benchmark::State */
typedef struct gb_benchmark gb_benchmark; /* benchmark::internal::Benchmark */

/* The body of a benchmark; arg is the pointer given to gb_register. */
typedef void (*gb_function)(gb_state *state, void *arg);

/* benchmark::Initialize: consumes the --benchmark_* flags from argv. */
void gb_initialize(int *argc, char **argv);
/* benchmark::AddCustomContext: a key/value in the JSON "context" block. */
void gb_add_custom_context(const char *key, const char *value);
/* benchmark::RegisterBenchmark; the name is copied.  Times are reported in
 * nanoseconds, and every benchmark also reports min and max over its
 * repetitions beside Google Benchmark's mean, median, stddev and cv. */
gb_benchmark *gb_register(const char *name, gb_function function, void *arg);
/* benchmark::GetBenchmarkFilter: the --benchmark_filter in force, copied into
 * buffer (truncated to size). */
void gb_filter(char *buffer, size_t size);
/* benchmark::RunSpecifiedBenchmarks: returns how many benchmarks ran.  The
 * display reporter's context block and messages go to standard output with
 * its table, leaving standard error to the driver's progress lines. */
size_t gb_run_specified(void);
/* benchmark::Shutdown */
void gb_shutdown(void);

/* State methods. */
bool gb_keep_running(gb_state *state);
bool gb_keep_running_batch(gb_state *state, int64_t n);
void gb_set_counter(gb_state *state, const char *name, double value);
void gb_set_label(gb_state *state, const char *label);
void gb_skip_with_error(gb_state *state, const char *message);

/* The C equivalents of benchmark::DoNotOptimize and ClobberMemory: make the
 * compiler believe the value is read and memory is written, so that a call
 * whose result is unused is not optimised away. */
#if defined(__GNUC__) || defined(__clang__)
#define gb_do_not_optimize(value) __asm__ volatile("" : : "r,m"(value) : "memory")
#define gb_clobber_memory() __asm__ volatile("" : : : "memory")
#else
#error "gbench.h needs GCC or Clang inline assembly for its compiler barriers"
#endif

#ifdef __cplusplus
}
#endif

#endif /* FFIBENCH_GBENCH_H */
