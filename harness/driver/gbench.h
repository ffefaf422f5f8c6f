/* gbench: a small C API over Google Benchmark (C++, Debian libbenchmark-dev
 * 1.7.1), so that the driver can be written in C.
 *
 * One function per Google Benchmark call the driver makes, and no more; an
 * opaque handle stands for benchmark::State.  Everything else (flag parsing,
 * repetitions, aggregates, JSON output) is Google Benchmark's own, so its
 * --benchmark_* flags work unchanged.
 *
 * C++ exceptions: none is caught here.  One thrown inside Google Benchmark
 * (std::bad_alloc, say) cannot cross into the C caller: it ends the process
 * through std::terminate, which is what the driver would do anyway.
 */
#ifndef FFIBENCH_GBENCH_H
#define FFIBENCH_GBENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct gb_state gb_state;   /* benchmark::State */

/* The body of a benchmark; arg is the pointer given to gb_register. */
typedef void (*gb_function)(gb_state *state, void *arg);

/* benchmark::Initialize: consumes the --benchmark_* flags from argv. */
void gb_initialize(int *argc, char **argv);
/* benchmark::AddCustomContext: a key/value in the JSON "context" block. */
void gb_add_custom_context(const char *key, const char *value);
/* benchmark::RegisterBenchmark; the name is copied.  Times are reported in
 * nanoseconds, and every benchmark also reports min and max over its
 * repetitions beside Google Benchmark's mean, median, stddev and cv.
 * iterations > 0 fixes the iteration count (Iterations()); 0 lets Google
 * Benchmark grow it until a run lasts --benchmark_min_time. */
void gb_register(const char *name, gb_function function, void *arg, int64_t iterations);
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
bool gb_keep_running_batch(gb_state *state, int64_t n);
void gb_set_label(gb_state *state, const char *label);
void gb_skip_with_error(gb_state *state, const char *message);
/* state.counters[name] = value: reported with the run, as it is (not a rate,
 * not divided by the iterations). */
void gb_set_counter(gb_state *state, const char *name, double value);

#ifdef __cplusplus
}
#endif

#endif /* FFIBENCH_GBENCH_H */
