// The kernels through nanobind: m.def of each kernel function, with named
// arguments, as the nanobind documentation shows; buffers as nb::ndarray.
// Compiled with the Makefile's C++ flags (the same -O level as every path),
// nanobind's own library too (see the Makefile), and linked with the same
// kernel object.
//
// Each kernel is also defined as <kernel>_nogil with
// nb::call_guard<nb::gil_scoped_release>(), the GIL released around the
// kernel, for the kernels whose arguments are C values (the nogil path).
#include <nanobind/nanobind.h>
#include <nanobind/ndarray.h>
#include <nanobind/stl/optional.h>

#include <cstddef>
#include <cstdint>
#include <new>
#include <optional>
#include <vector>

#include "kept_error_callback.h"
#include "kernels.h"

namespace nb = nanobind;
using namespace nb::literals;

namespace {

// sum_f64_buf through nb::ndarray: nanobind checks the dtype, the number of
// dimensions and C-contiguity (refusing with a TypeError, "incompatible
// function arguments"), from any object with the buffer protocol or DLPack.
using F64Vector = nb::ndarray<const double, nb::ndim<1>, nb::c_contig, nb::device::cpu>;

double sum_f64_buf(F64Vector x) {
  return ffk_sum_f64_buf(x.data(), x.shape(0));
}

// len_bytes through nb::bytes (its buffer, no copy).
std::size_t len_bytes(const nb::bytes &s) {
  return ffk_len_bytes(s.c_str(), s.size());
}

// len_str through nb::str: its UTF-8 form, cached by CPython in the object.
std::size_t len_str(const nb::str &s) {
  Py_ssize_t size = 0;
  const char *data = PyUnicode_AsUTF8AndSize(s.ptr(), &size);
  if (data == nullptr) {
    throw nb::python_error();
  }
  return ffk_len_bytes(data, static_cast<std::size_t>(size));
}

// fail_if_negative: the return code thrown as nb::value_error (ValueError).
void fail_if_negative(std::int64_t x) {
  if (ffk_fail_if_negative(x) != 0) {
    throw nb::value_error("fail_if_negative: x is negative");
  }
}

// callback through nb::callable (ext/kept_error_callback.h: a C++ exception
// is kept while the C kernel runs, and rethrown after).
std::int64_t callback(const nb::callable &f, std::int64_t k) {
  auto call = [](const nb::callable &g, std::int64_t i) {
    return nb::cast<std::int64_t>(g(i));
  };
  return KeptErrorCallback<nb::callable>{f, call}.run(k);
}

// *args through nb::args, each converted into an array; a conversion that
// fails is a TypeError, as for a typed argument.
std::int64_t sum_star(const nb::args &args) {
  std::vector<std::int64_t> xs;
  xs.reserve(args.size());
  for (nb::handle item : args) {
    std::int64_t value;
    if (!nb::try_cast(item, value)) {
      throw nb::type_error("sum_star() arguments must be int");
    }
    xs.push_back(value);
  }
  return ffk_sum_i64_n(xs.data(), xs.size());
}

// An optional int (std::optional): None, the default, is 0 to the kernel.
std::int64_t add_optional(std::int64_t a, std::optional<std::int64_t> b) {
  return ffk_add_i64(a, b.value_or(0));
}

// point_dot takes its instances by reference: a wrong type or None is a
// TypeError ("incompatible function arguments").
std::int64_t point_dot(const ffk_point &a, const ffk_point &b) {
  return ffk_point_dot(&a, &b);
}

// The variant nanobind's docs offer: nb::is_final (no Python subclass).  A
// C++ type is bound once per module: the final class is over its own type.
struct PointFinal : ffk_point {};

std::int64_t point_dot_final(const PointFinal &a, const PointFinal &b) {
  return ffk_point_dot(&a, &b);
}

// The NumPy workload: arrays in as F64Vector (the argument's noconvert():
// without it nanobind would convert an array of another dtype or layout into
// a new one, a copy the call would time), a writable array for the kernel that
// scales in place (a read-only one does not match: TypeError), and a new array
// out as nanobind's docs make one: memory of its own, owned by a capsule,
// returned as a NumPy array (nanobind imports NumPy then, not with the module).
using F64WritableVector = nb::ndarray<double, nb::ndim<1>, nb::c_contig, nb::device::cpu>;
using NumpyF64Vector = nb::ndarray<nb::numpy, double, nb::ndim<1>>;

NumpyF64Vector ndarray_scaled(F64Vector x, double k) {
  std::size_t n = x.shape(0);
  double *out = new double[n];
  nb::capsule owner(out, [](void *p) noexcept { delete[] static_cast<double *>(p); });
  ffk_scale_f64(x.data(), out, n, k);
  return NumpyF64Vector(out, {n}, owner);
}

void ndarray_scale(F64WritableVector x, double k) {
  ffk_scale_f64(x.data(), x.data(), x.shape(0), k);
}

}  // namespace

NB_MODULE(ffibench_nanobind, m) {
  m.doc() = "ffi-bench kernels through nanobind";
  m.def("noop", &ffk_noop, "noop() -> None");
  m.def("add_i64", &ffk_add_i64, "a"_a, "b"_a, "add_i64(a, b) -> int");
  m.def("add_f64", &ffk_add_f64, "a"_a, "b"_a, "add_f64(a, b) -> float");
  m.def("sum_f64_buf", &sum_f64_buf, "x"_a, "sum_f64_buf(x) -> float");
  m.def("len_bytes", &len_bytes, "s"_a, "len_bytes(s: bytes) -> int");
  m.def("len_str", &len_str, "s"_a, "len_str(s: str) -> int");
  m.def("fail_if_negative", &fail_if_negative, "x"_a,
        "fail_if_negative(x) -> None, ValueError if x < 0");
  m.def("callback", &callback, "f"_a, "k"_a,
        "callback(f, k) -> int: f(0) + ... + f(k-1)");
  m.def("sum_i64_0", &ffk_sum_i64_0, "sum_i64_0() -> int");
  m.def("sum_i64_1", &ffk_sum_i64_1, "a"_a);
  m.def("sum_i64_2", &ffk_sum_i64_2, "a"_a, "b"_a);
  m.def("sum_i64_3", &ffk_sum_i64_3, "a"_a, "b"_a, "c"_a);
  m.def("sum_i64_4", &ffk_sum_i64_4, "a"_a, "b"_a, "c"_a, "d"_a);
  m.def("sum_i64_5", &ffk_sum_i64_5, "a"_a, "b"_a, "c"_a, "d"_a, "e"_a);
  m.def("sum_i64_6", &ffk_sum_i64_6, "a"_a, "b"_a, "c"_a, "d"_a, "e"_a, "f"_a);
  m.def("sum_i64_7", &ffk_sum_i64_7, "a"_a, "b"_a, "c"_a, "d"_a, "e"_a, "f"_a,
        "g"_a);
  m.def("sum_i64_8", &ffk_sum_i64_8, "a"_a, "b"_a, "c"_a, "d"_a, "e"_a, "f"_a,
        "g"_a, "h"_a);

  // The argument shapes: defaults, a keyword-only argument, *args, an
  // optional argument.
  m.def("sum_defaults", &ffk_sum_i64_3, "a"_a, "b"_a = 0, "c"_a = 0);
  // nb::kw_only() came with nanobind 2.0; make releases builds this source
  // with nanobind 1.9 too (harness/releases/), without this one shape.
#if NB_VERSION_MAJOR >= 2
  m.def("sum_kwonly", &ffk_sum_i64_2, "a"_a, nb::kw_only(), "b"_a = 0);
#endif
  m.def("sum_star", &sum_star);
  m.def("add_optional", &add_optional, "a"_a, "b"_a = nb::none());
  m.def("ndarray_sum", &sum_f64_buf, "x"_a.noconvert());
  m.def("ndarray_scaled", &ndarray_scaled, "x"_a.noconvert(), "k"_a);
  m.def("ndarray_scale", &ndarray_scale, "x"_a.noconvert(), "k"_a);

  // The objects workload: nb::class_ over the C struct, its fields as
  // def_rw, the kernels as its methods (a function whose first parameter is
  // the class is a method), the constructor an __init__ that constructs the
  // struct in place, as nanobind's docs teach for a custom constructor.
  nb::class_<ffk_point>(m, "Point")
      .def("__init__",
           [](ffk_point *self, std::int64_t x, std::int64_t y) {
             new (self) ffk_point(ffk_point_make(x, y));
           },
           "x"_a, "y"_a)
      .def_rw("x", &ffk_point::x)
      .def_rw("y", &ffk_point::y)
      .def("sum", &ffk_point_sum)
      .def("shift", &ffk_point_shift, "d"_a)
      .def("scaled", &ffk_point_scaled, "k"_a);
  m.def("point_dot", &point_dot, "a"_a, "b"_a);
  nb::class_<PointFinal>(m, "PointFinal", nb::is_final())
      .def("__init__",
           [](PointFinal *self, std::int64_t x, std::int64_t y) {
             new (self) PointFinal{ffk_point_make(x, y)};
           },
           "x"_a, "y"_a)
      .def_rw("x", &PointFinal::x)
      .def_rw("y", &PointFinal::y)
      .def("sum", [](const PointFinal &p) { return ffk_point_sum(&p); })
      .def("shift", [](PointFinal &p, std::int64_t d) { ffk_point_shift(&p, d); }, "d"_a)
      .def("scaled",
           [](const PointFinal &p, std::int64_t k) {
             return PointFinal{ffk_point_scaled(&p, k)};
           },
           "k"_a);
  m.def("point_dot_final", &point_dot_final, "a"_a, "b"_a);

  // The GIL released around the kernel: nanobind's call guard.
  using release = nb::call_guard<nb::gil_scoped_release>;
  m.def("noop_nogil", &ffk_noop, release());
  m.def("add_i64_nogil", &ffk_add_i64, "a"_a, "b"_a, release());
  m.def("add_f64_nogil", &ffk_add_f64, "a"_a, "b"_a, release());
  m.def("sum_f64_buf_nogil", &sum_f64_buf, "x"_a, release());
}
