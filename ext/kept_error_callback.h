// The C callback a C++ binding hands to ffk_callback (kernels.h), shared by
// ext/pybind11/ffibench_pybind11.cpp and ext/nanobind/ffibench_nanobind.cpp: it calls the
// binding's callable through ctx.  A C++ exception must not cross the C
// kernel, so the first one is kept (the callback then returns 0 without
// calling) and rethrown after the kernel returns.
#ifndef FFIBENCH_KEPT_ERROR_CALLBACK_H
#define FFIBENCH_KEPT_ERROR_CALLBACK_H

#include <cstdint>
#include <exception>

#include "kernels.h"

template <class Callable>
struct KeptErrorCallback {
  const Callable &f;
  // f(i) as an int64, the binding's own way (its call and its conversion).
  std::int64_t (*call)(const Callable &f, std::int64_t i);
  std::exception_ptr error = nullptr;

  static std::int64_t trampoline(void *ctx, std::int64_t i) {
    auto *self = static_cast<KeptErrorCallback *>(ctx);
    if (self->error) {
      return 0;
    }
    try {
      return self->call(self->f, i);
    } catch (...) {
      self->error = std::current_exception();
      return 0;
    }
  }

  // ffk_callback(f, k): f(0) + ... + f(k-1), or the first exception f raised.
  std::int64_t run(std::int64_t k) {
    std::int64_t result = ffk_callback(trampoline, this, k);
    if (error) {
      std::rethrow_exception(error);
    }
    return result;
  }
};

#endif  // FFIBENCH_KEPT_ERROR_CALLBACK_H
