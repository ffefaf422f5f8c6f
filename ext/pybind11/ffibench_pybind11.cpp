// The kernels through pybind11: m.def of each kernel function, with named
// arguments, as the pybind11 documentation shows.  pybind11 is C++ by nature:
// this file is compiled with the C++ flags of the Makefile (same -O level as
// the C paths) and links the same kernel object.  Built twice: against
// Debian's pybind11 2.10 as ffibench_pybind11, and against pybind11 3 as
// ffibench_pybind11_v3 (FFB_PYBIND11_MODULE, from the Makefile).  The
// kernels of the calls workloads and the buffer are also defined as
// <kernel>_nogil, the GIL released around the kernel.  NumPy arrays through
// py::array_t (pybind11/numpy.h), from pybind11 2.12 on.
#include <pybind11/functional.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kept_error_callback.h"
#include "kernels.h"

namespace py = pybind11;

namespace {

// The buffer of sum_f64_buf through py::buffer, checked as the C kernel
// needs it: format, dimensions and layout (a contiguous array of doubles).
// The buffer is held until the buffer_info is destroyed.
py::buffer_info f64_vector(const py::buffer &x) {
  py::buffer_info info = x.request();
  if (info.ndim != 1) {
    throw py::value_error("a 1-dimensional buffer is required");
  }
  if (info.itemsize != sizeof(double) ||
      info.format != py::format_descriptor<double>::format()) {
    throw py::value_error("a buffer of doubles (format 'd') is required");
  }
  if (info.shape[0] > 1 && info.strides[0] != sizeof(double)) {
    throw py::value_error("a C-contiguous buffer is required");
  }
  return info;
}

double sum_f64_buf(const py::buffer &x) {
  py::buffer_info info = f64_vector(x);
  return ffk_sum_f64_buf(static_cast<const double *>(info.ptr),
                         static_cast<std::size_t>(info.shape[0]));
}

// The same with the GIL released around the kernel only: requesting and
// releasing the buffer need the GIL (`release` is destroyed before `info`).
double sum_f64_buf_nogil(const py::buffer &x) {
  py::buffer_info info = f64_vector(x);
  py::gil_scoped_release release;
  return ffk_sum_f64_buf(static_cast<const double *>(info.ptr),
                         static_cast<std::size_t>(info.shape[0]));
}

// len_bytes through py::bytes (a view of its buffer, no copy).
std::size_t len_bytes(const py::bytes &s) {
  std::string_view view = s;
  return ffk_len_bytes(view.data(), view.size());
}

// len_str through std::string: pybind11 encodes a str to UTF-8 (and, by its
// own rule, takes bytes as they are).
std::size_t len_str(const std::string &s) {
  return ffk_len_bytes(s.data(), s.size());
}

// fail_if_negative: the return code thrown as py::value_error (ValueError).
void fail_if_negative(std::int64_t x) {
  if (ffk_fail_if_negative(x) != 0) {
    throw py::value_error("fail_if_negative: x is negative");
  }
}

// callback through std::function (ext/kept_error_callback.h: a C++
// exception is kept while the C kernel runs, and rethrown after).
using Function = std::function<std::int64_t(std::int64_t)>;

std::int64_t callback(const Function &f, std::int64_t k) {
  if (!f) {  // pybind11 turns None into an empty std::function
    throw py::type_error("callback() f must be callable");
  }
  auto call = [](const Function &g, std::int64_t i) { return g(i); };
  return KeptErrorCallback<Function>{f, call}.run(k);
}

// *args through py::args, each converted into an array; a conversion that
// fails is a TypeError, as for a typed argument (pybind11's own cast_error
// would reach Python as a RuntimeError).
std::int64_t sum_star(const py::args &args) {
  std::vector<std::int64_t> xs;
  xs.reserve(args.size());
  for (const py::handle item : args) {
    try {
      xs.push_back(item.cast<std::int64_t>());
    } catch (const py::cast_error &) {
      throw py::type_error("sum_star() arguments must be int");
    }
  }
  return ffk_sum_i64_n(xs.data(), xs.size());
}

// An optional int (std::optional): None, the default, is 0 to the kernel.
std::int64_t add_optional(std::int64_t a, std::optional<std::int64_t> b) {
  return ffk_add_i64(a, b.value_or(0));
}

// point_dot takes its instances by reference, as pybind11's docs pass
// objects: a reference cannot be None (a pointer argument would take None
// as nullptr), so a wrong type or None is a TypeError.
std::int64_t point_dot(const ffk_point &a, const ffk_point &b) {
  return ffk_point_dot(&a, &b);
}

// The variant pybind11's docs offer for speed: py::is_final (no Python
// subclass, so no subclass to look for).  A C++ type is bound once per
// module, so the final class is over a type of its own, the struct itself.
struct PointFinal : ffk_point {};

std::int64_t point_dot_final(const PointFinal &a, const PointFinal &b) {
  return ffk_point_dot(&a, &b);
}

// The NumPy workload through py::array_t, as pybind11's NumPy docs show:
// c_style and the argument's noconvert() make a float64 array of another
// dtype or layout a TypeError (without them pybind11 would convert it into a
// new array: a copy the call would time); the dimensions are checked here.
// pybind11 imports NumPy at the first use of array_t, not with the module.
// Only from pybind11 2.12, the first to support NumPy 2 (pybind/pybind11#5009,
// #5050): against NumPy 2, 2.10's array_t reads a dtype's itemsize as 0, and
// the new array it made here came back as zeros.
#if PYBIND11_VERSION_HEX >= 0x020C0000
#define FFB_PYBIND11_NUMPY 1
using F64Array = py::array_t<double, py::array::c_style>;

std::size_t f64_length(const F64Array &x) {
  if (x.ndim() != 1) {
    throw py::value_error("a 1-dimensional array is required");
  }
  return static_cast<std::size_t>(x.shape(0));
}

double ndarray_sum(const F64Array &x) {
  std::size_t n = f64_length(x);
  return ffk_sum_f64_buf(x.data(), n);
}

// A new array of n out: py::array_t<double>(n), filled by the kernel.
py::array_t<double> ndarray_scaled(const F64Array &x, double k) {
  std::size_t n = f64_length(x);
  py::array_t<double> out(static_cast<py::ssize_t>(n));
  ffk_scale_f64(x.data(), out.mutable_data(), n, k);
  return out;
}

// In place: mutable_data() throws std::domain_error (ValueError) for a
// read-only array.
void ndarray_scale(F64Array &x, double k) {
  std::size_t n = f64_length(x);
  double *data = x.mutable_data();
  ffk_scale_f64(data, data, n, k);
}
#endif

}  // namespace

#ifndef FFB_PYBIND11_MODULE
#define FFB_PYBIND11_MODULE ffibench_pybind11
#endif

// pybind11 3 declares that the module does not need the GIL on a free-threaded
// build (it shares no state); pybind11 2.10 cannot, and is not built there.
#if PYBIND11_VERSION_MAJOR >= 3
PYBIND11_MODULE(FFB_PYBIND11_MODULE, m, py::mod_gil_not_used()) {
#else
PYBIND11_MODULE(FFB_PYBIND11_MODULE, m) {
#endif
  m.doc() = "ffi-bench kernels through pybind11";
  m.def("noop", &ffk_noop, "noop() -> None");
  m.def("add_i64", &ffk_add_i64, py::arg("a"), py::arg("b"),
        "add_i64(a, b) -> int");
  m.def("add_f64", &ffk_add_f64, py::arg("a"), py::arg("b"),
        "add_f64(a, b) -> float");
  m.def("sum_f64_buf", &sum_f64_buf, py::arg("x"), "sum_f64_buf(x) -> float");
  m.def("len_bytes", &len_bytes, py::arg("s"), "len_bytes(s: bytes) -> int");
  m.def("len_str", &len_str, py::arg("s"), "len_str(s: str) -> int");
  m.def("fail_if_negative", &fail_if_negative, py::arg("x"),
        "fail_if_negative(x) -> None, ValueError if x < 0");
  m.def("callback", &callback, py::arg("f"), py::arg("k"),
        "callback(f, k) -> int: f(0) + ... + f(k-1)");
  // The objects workload: py::class_ over the C struct, its fields as
  // def_readwrite, the kernels as its methods (a function whose first
  // parameter is the class is a method), the constructor a py::init factory.
  py::class_<ffk_point>(m, "Point")
      .def(py::init(&ffk_point_make), py::arg("x"), py::arg("y"))
      .def_readwrite("x", &ffk_point::x)
      .def_readwrite("y", &ffk_point::y)
      .def("sum", &ffk_point_sum)
      .def("shift", &ffk_point_shift, py::arg("d"))
      .def("scaled", &ffk_point_scaled, py::arg("k"));
  m.def("point_dot", &point_dot, py::arg("a"), py::arg("b"));
  py::class_<PointFinal>(m, "PointFinal", py::is_final())
      .def(py::init([](std::int64_t x, std::int64_t y) {
             return PointFinal{ffk_point_make(x, y)};
           }),
           py::arg("x"), py::arg("y"))
      .def_readwrite("x", &PointFinal::x)
      .def_readwrite("y", &PointFinal::y)
      .def("sum", [](const PointFinal &p) { return ffk_point_sum(&p); })
      .def("shift", [](PointFinal &p, std::int64_t d) { ffk_point_shift(&p, d); },
           py::arg("d"))
      .def("scaled",
           [](const PointFinal &p, std::int64_t k) {
             return PointFinal{ffk_point_scaled(&p, k)};
           },
           py::arg("k"));
  m.def("point_dot_final", &point_dot_final, py::arg("a"), py::arg("b"));
  // The argument shapes: defaults, a keyword-only argument, *args, an
  // optional argument.
  m.def("sum_defaults", &ffk_sum_i64_3, py::arg("a"), py::arg("b") = 0, py::arg("c") = 0);
  m.def("sum_kwonly", &ffk_sum_i64_2, py::arg("a"), py::kw_only(), py::arg("b") = 0);
  m.def("sum_star", &sum_star);
  m.def("add_optional", &add_optional, py::arg("a"), py::arg("b") = py::none());
#ifdef FFB_PYBIND11_NUMPY
  m.def("ndarray_sum", &ndarray_sum, py::arg("x").noconvert());
  m.def("ndarray_scaled", &ndarray_scaled, py::arg("x").noconvert(), py::arg("k"));
  m.def("ndarray_scale", &ndarray_scale, py::arg("x").noconvert(), py::arg("k"));
#endif
  m.def("sum_i64_0", &ffk_sum_i64_0, "sum_i64_0() -> int");
  m.def("sum_i64_1", &ffk_sum_i64_1, py::arg("a"));
  m.def("sum_i64_2", &ffk_sum_i64_2, py::arg("a"), py::arg("b"));
  m.def("sum_i64_3", &ffk_sum_i64_3, py::arg("a"), py::arg("b"), py::arg("c"));
  m.def("sum_i64_4", &ffk_sum_i64_4, py::arg("a"), py::arg("b"), py::arg("c"),
        py::arg("d"));
  m.def("sum_i64_5", &ffk_sum_i64_5, py::arg("a"), py::arg("b"), py::arg("c"),
        py::arg("d"), py::arg("e"));
  m.def("sum_i64_6", &ffk_sum_i64_6, py::arg("a"), py::arg("b"), py::arg("c"),
        py::arg("d"), py::arg("e"), py::arg("f"));
  m.def("sum_i64_7", &ffk_sum_i64_7, py::arg("a"), py::arg("b"), py::arg("c"),
        py::arg("d"), py::arg("e"), py::arg("f"), py::arg("g"));
  m.def("sum_i64_8", &ffk_sum_i64_8, py::arg("a"), py::arg("b"), py::arg("c"),
        py::arg("d"), py::arg("e"), py::arg("f"), py::arg("g"), py::arg("h"));

  // The GIL released around the kernel: pybind11's call guard (after the
  // arguments are converted); the buffer kernel releases it itself.
  using release = py::call_guard<py::gil_scoped_release>;
  m.def("noop_nogil", &ffk_noop, release());
  m.def("add_i64_nogil", &ffk_add_i64, py::arg("a"), py::arg("b"), release());
  m.def("add_f64_nogil", &ffk_add_f64, py::arg("a"), py::arg("b"), release());
  m.def("sum_f64_buf_nogil", &sum_f64_buf_nogil, py::arg("x"));
}
