// The kernels through Boost.Python: def() of each kernel function with its
// named arguments (boost::python::arg), class_ over the C struct, as
// Boost.Python's tutorial binds a library.  Debian's Boost 1.74, its shared
// library libboost_python<version> linked into the module beside the same
// kernel object, compiled with the Makefile's C++ flags.  The kernels of the
// calls workloads and the buffer are also defined as <kernel>_nogil, the GIL
// released around the kernel (Boost.Python has no call guard: a scoped
// PyEval_SaveThread, as its users write one).  Buffers and NumPy arrays
// through the buffer protocol (ext/f64_buffer.h, as the C API reads them):
// Debian's boost::python::numpy is built against Debian's NumPy 1, not the
// NumPy 2 that the numpy workload runs.
#include <boost/python.hpp>
#include <boost/python/raw_function.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "f64_buffer.h"
#include "kept_error_callback.h"
#include "kernels.h"

namespace bp = boost::python;

namespace {

// A Python error already set (by a C-API call or by us) raised as Boost.Python
// raises one: its error_already_set exception, which its wrapper turns back
// into that Python error.
void raise(PyObject *type, const char *message) {
  PyErr_SetString(type, message);
  bp::throw_error_already_set();
}

// A buffer of doubles as the C kernel needs it (ext/f64_buffer.h), released
// when this goes out of scope.
class F64Vector {
 public:
  F64Vector(const bp::object &x, bool writable) {
    if (get_f64_vector(x.ptr(), &view_, writable ? 1 : 0) < 0) {
      bp::throw_error_already_set();
    }
  }
  ~F64Vector() { PyBuffer_Release(&view_); }
  F64Vector(const F64Vector &) = delete;
  F64Vector &operator=(const F64Vector &) = delete;

  double *data() const { return static_cast<double *>(view_.buf); }
  std::size_t size() const { return static_cast<std::size_t>(view_.shape[0]); }

 private:
  Py_buffer view_;
};

// The GIL released for this object's lifetime.
class ReleasedGil {
 public:
  ReleasedGil() : state_(PyEval_SaveThread()) {}
  ~ReleasedGil() { PyEval_RestoreThread(state_); }
  ReleasedGil(const ReleasedGil &) = delete;
  ReleasedGil &operator=(const ReleasedGil &) = delete;

 private:
  PyThreadState *state_;
};

double sum_f64_buf(const bp::object &x) {
  F64Vector v(x, false);
  return ffk_sum_f64_buf(v.data(), v.size());
}

double sum_f64_buf_nogil(const bp::object &x) {
  F64Vector v(x, false);
  ReleasedGil released;
  return ffk_sum_f64_buf(v.data(), v.size());
}

void noop_nogil() {
  ReleasedGil released;
  ffk_noop();
}

std::int64_t add_i64_nogil(std::int64_t a, std::int64_t b) {
  ReleasedGil released;
  return ffk_add_i64(a, b);
}

double add_f64_nogil(double a, double b) {
  ReleasedGil released;
  return ffk_add_f64(a, b);
}

// len_bytes: a view of a bytes object's contents (Boost.Python converts
// bytes to no C++ string type), no copy.
std::size_t len_bytes(const bp::object &s) {
  char *data;
  Py_ssize_t size;
  if (PyBytes_AsStringAndSize(s.ptr(), &data, &size) < 0) {
    bp::throw_error_already_set();
  }
  return ffk_len_bytes(data, static_cast<std::size_t>(size));
}

// len_str through std::string: Boost.Python encodes a str to UTF-8.
std::size_t len_str(const std::string &s) {
  return ffk_len_bytes(s.data(), s.size());
}

// fail_if_negative: the return code raised as ValueError.
void fail_if_negative(std::int64_t x) {
  if (ffk_fail_if_negative(x) != 0) {
    raise(PyExc_ValueError, "fail_if_negative: x is negative");
  }
}

// callback through a Python object, called and its result extracted the
// Boost.Python way; ext/kept_error_callback.h keeps the first exception
// while the C kernel runs, and rethrows it after.
std::int64_t callback(const bp::object &f, std::int64_t k) {
  if (!PyCallable_Check(f.ptr())) {
    raise(PyExc_TypeError, "callback() f must be callable");
  }
  auto call = [](const bp::object &g, std::int64_t i) {
    return static_cast<std::int64_t>(bp::extract<std::int64_t>(g(i)));
  };
  return KeptErrorCallback<bp::object>{f, call}.run(k);
}

// *args: Boost.Python's raw_function (the arguments as a tuple), each
// extracted as an int64; keyword arguments refused.
bp::object sum_star(const bp::tuple &args, const bp::dict &kwargs) {
  if (bp::len(kwargs) != 0) {
    raise(PyExc_TypeError, "sum_star() takes no keyword arguments");
  }
  std::vector<std::int64_t> xs;
  const std::size_t n = static_cast<std::size_t>(bp::len(args));
  xs.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    xs.push_back(bp::extract<std::int64_t>(args[i]));
  }
  return bp::object(ffk_sum_i64_n(xs.data(), xs.size()));
}

// An optional int: Boost.Python 1.74 has no std::optional converter; the
// object is None (0 to the kernel) or extracted as an int64.
std::int64_t add_optional(std::int64_t a, const bp::object &b) {
  return ffk_add_i64(a, b.is_none() ? 0 : static_cast<std::int64_t>(bp::extract<std::int64_t>(b)));
}

// The objects workload: the struct as a class; its constructor made from a
// function returning a new instance (make_constructor), its methods the
// kernels taking the struct's pointer, its fields def_readwrite.
ffk_point *point_new(std::int64_t x, std::int64_t y) {
  return new ffk_point(ffk_point_make(x, y));
}

// point_dot by reference: a reference cannot be None, so None is refused.
std::int64_t point_dot(const ffk_point &a, const ffk_point &b) {
  return ffk_point_dot(&a, &b);
}

// NumPy arrays through their buffers; a new array by numpy.empty, NumPy
// imported by the first call (ext/f64_buffer.h).
PyObject *numpy_empty = nullptr;

double ndarray_sum(const bp::object &x) {
  return sum_f64_buf(x);
}

bp::object ndarray_scaled(const bp::object &x, double k) {
  F64Vector in(x, false);
  Py_buffer out;
  PyObject *array = new_f64_array(&numpy_empty, static_cast<Py_ssize_t>(in.size()), &out);
  if (array == nullptr) {
    bp::throw_error_already_set();
  }
  ffk_scale_f64(in.data(), static_cast<double *>(out.buf), in.size(), k);
  PyBuffer_Release(&out);
  return bp::object(bp::handle<>(array));
}

void ndarray_scale(const bp::object &x, double k) {
  F64Vector v(x, true);
  ffk_scale_f64(v.data(), v.data(), v.size(), k);
}

}  // namespace

BOOST_PYTHON_MODULE(ffibench_boost_python) {
  using bp::arg;
  bp::scope().attr("__doc__") = "ffi-bench kernels through Boost.Python";
  bp::def("noop", &ffk_noop);
  bp::def("add_i64", &ffk_add_i64, (arg("a"), arg("b")));
  bp::def("add_f64", &ffk_add_f64, (arg("a"), arg("b")));
  bp::def("sum_f64_buf", &sum_f64_buf, (arg("x")));
  bp::def("len_bytes", &len_bytes, (arg("s")));
  bp::def("len_str", &len_str, (arg("s")));
  bp::def("fail_if_negative", &fail_if_negative, (arg("x")));
  bp::def("callback", &callback, (arg("f"), arg("k")));
  bp::class_<ffk_point>("Point", bp::no_init)
      .def("__init__", bp::make_constructor(&point_new, bp::default_call_policies(),
                                            (arg("x"), arg("y"))))
      .def_readwrite("x", &ffk_point::x)
      .def_readwrite("y", &ffk_point::y)
      .def("sum", &ffk_point_sum, (arg("self")))
      .def("shift", &ffk_point_shift, (arg("self"), arg("d")))
      .def("scaled", &ffk_point_scaled, (arg("self"), arg("k")));
  bp::def("point_dot", &point_dot, (arg("a"), arg("b")));
  // The argument shapes Boost.Python has: defaults, *args (raw_function), an
  // optional argument (None its default); no keyword-only arguments.
  bp::def("sum_defaults", &ffk_sum_i64_3, (arg("a"), arg("b") = 0, arg("c") = 0));
  bp::def("sum_star", bp::raw_function(&sum_star));
  bp::def("add_optional", &add_optional, (arg("a"), arg("b") = bp::object()));
  bp::def("ndarray_sum", &ndarray_sum, (arg("x")));
  bp::def("ndarray_scaled", &ndarray_scaled, (arg("x"), arg("k")));
  bp::def("ndarray_scale", &ndarray_scale, (arg("x"), arg("k")));
  bp::def("sum_i64_0", &ffk_sum_i64_0);
  bp::def("sum_i64_1", &ffk_sum_i64_1, (arg("a")));
  bp::def("sum_i64_2", &ffk_sum_i64_2, (arg("a"), arg("b")));
  bp::def("sum_i64_3", &ffk_sum_i64_3, (arg("a"), arg("b"), arg("c")));
  bp::def("sum_i64_4", &ffk_sum_i64_4, (arg("a"), arg("b"), arg("c"), arg("d")));
  bp::def("sum_i64_5", &ffk_sum_i64_5, (arg("a"), arg("b"), arg("c"), arg("d"), arg("e")));
  bp::def("sum_i64_6", &ffk_sum_i64_6,
          (arg("a"), arg("b"), arg("c"), arg("d"), arg("e"), arg("f")));
  bp::def("sum_i64_7", &ffk_sum_i64_7,
          (arg("a"), arg("b"), arg("c"), arg("d"), arg("e"), arg("f"), arg("g")));
  bp::def("sum_i64_8", &ffk_sum_i64_8,
          (arg("a"), arg("b"), arg("c"), arg("d"), arg("e"), arg("f"), arg("g"), arg("h")));
  bp::def("noop_nogil", &noop_nogil);
  bp::def("add_i64_nogil", &add_i64_nogil, (arg("a"), arg("b")));
  bp::def("add_f64_nogil", &add_f64_nogil, (arg("a"), arg("b")));
  bp::def("sum_f64_buf_nogil", &sum_f64_buf_nogil, (arg("x")));
}
