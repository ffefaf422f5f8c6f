// The C API of gbench.h over Google Benchmark.  The only C++ file of the
// toolkit: it bridges C function pointers into Google Benchmark and does
// nothing else.
#include "gbench.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <string>
#include <vector>

struct gb_state {};  // never defined: stands for benchmark::State

namespace {

benchmark::State *to_cpp(gb_state *state) {
  return reinterpret_cast<benchmark::State *>(state);
}

gb_state *to_c(benchmark::State *state) {
  return reinterpret_cast<gb_state *>(state);
}

double min_of(const std::vector<double> &v) {
  return v.empty() ? 0.0 : *std::min_element(v.begin(), v.end());
}

double max_of(const std::vector<double> &v) {
  return v.empty() ? 0.0 : *std::max_element(v.begin(), v.end());
}

}  // namespace

extern "C" {

void gb_initialize(int *argc, char **argv) {
  benchmark::Initialize(argc, argv);
}

void gb_add_custom_context(const char *key, const char *value) {
  benchmark::AddCustomContext(key, value);
}

void gb_register(const char *name, gb_function function, void *arg,
                 int64_t iterations) {
  benchmark::internal::Benchmark *b = benchmark::RegisterBenchmark(
      name, [function, arg](benchmark::State &state) {
        function(to_c(&state), arg);
      });
  b->Unit(benchmark::kNanosecond);
  if (iterations > 0) {
    b->Iterations(iterations);
  }
  b->ComputeStatistics("min", min_of);
  b->ComputeStatistics("max", max_of);
}

void gb_filter(char *buffer, size_t size) {
  if (size > 0) {
    std::string filter = benchmark::GetBenchmarkFilter();
    size_t n = std::min(filter.size(), size - 1);
    filter.copy(buffer, n);
    buffer[n] = '\0';
  }
}

size_t gb_run_specified(void) {
  // The display reporter the flags ask for, with its context block (CPU,
  // caches, load, the "Library was built as DEBUG" notice) written where
  // its table goes instead of to stderr: stderr is the driver's progress.
  benchmark::BenchmarkReporter *display = benchmark::CreateDefaultDisplayReporter();
  display->SetErrorStream(&display->GetOutputStream());
  return benchmark::RunSpecifiedBenchmarks(display);
}

void gb_shutdown(void) { benchmark::Shutdown(); }

bool gb_keep_running_batch(gb_state *state, int64_t n) {
  return to_cpp(state)->KeepRunningBatch(n);
}

void gb_set_label(gb_state *state, const char *label) {
  to_cpp(state)->SetLabel(label);
}

void gb_skip_with_error(gb_state *state, const char *message) {
  to_cpp(state)->SkipWithError(message);
}

void gb_set_counter(gb_state *state, const char *name, double value) {
  to_cpp(state)->counters[name] = benchmark::Counter(value);
}

}  // extern "C"
