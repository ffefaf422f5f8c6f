// The kernels through pybind11: m.def of each kernel function, with named
// arguments, as the pybind11 documentation shows.  pybind11 is C++ by nature:
// this file is compiled with the C++ flags of the Makefile (same -O level as
// the C paths) and links the same kernel object.
#include <pybind11/pybind11.h>

#include "kernels.h"

namespace py = pybind11;

PYBIND11_MODULE(ffibench_pybind11, m) {
  m.doc() = "ffi-bench kernels through pybind11";
  m.def("noop", &ffk_noop, "noop() -> None");
  m.def("sum_i64_1", &ffk_sum_i64_1, py::arg("a"), "sum_i64_1(a) -> int");
  m.def("add_i64", &ffk_add_i64, py::arg("a"), py::arg("b"),
        "add_i64(a, b) -> int");
  m.def("add_f64", &ffk_add_f64, py::arg("a"), py::arg("b"),
        "add_f64(a, b) -> float");
}
