//! The kernels of make releases through PyO3 (harness/releases/): one source
//! that every PyO3 release of the series compiles unchanged, from 0.20 (the
//! GIL-ref API) to the newest (the Bound API), so that the only difference
//! between two of its modules is the release.  The project's own module
//! (ext/pyo3/src/lib.rs) uses what only the newest releases have
//! (`Bound<PyModule>` as the module's argument, `gil_used`, `Python::detach`),
//! so it cannot be this source; the functions here are written as there, and
//! under the same names, so that the registry's rows of pyo3.def measure them.
//!
//! The one difference between releases is the module function's signature:
//! 0.20 passes `&PyModule` (the `gil_refs` feature, which
//! harness/releases/build.py sets for 0.20 only), later releases
//! `&Bound<PyModule>`.

use std::ffi::{c_char, c_int};

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

/// ffk_point of kernels/kernels.h, the same layout (`#[repr(C)]`).
#[repr(C)]
#[derive(Clone, Copy)]
struct FfkPoint {
    x: i64,
    y: i64,
}

// kernels/kernels.h
extern "C" {
    fn ffk_noop();
    fn ffk_add_i64(a: i64, b: i64) -> i64;
    fn ffk_add_f64(a: f64, b: f64) -> f64;
    fn ffk_len_bytes(s: *const c_char, n: usize) -> usize;
    fn ffk_fail_if_negative(x: i64) -> c_int;
    fn ffk_point_make(x: i64, y: i64) -> FfkPoint;
    fn ffk_point_sum(p: *const FfkPoint) -> i64;
    fn ffk_point_shift(p: *mut FfkPoint, d: i64);
    fn ffk_point_scaled(p: *const FfkPoint, k: i64) -> FfkPoint;
    fn ffk_point_dot(a: *const FfkPoint, b: *const FfkPoint) -> i64;
}

/// The objects workload (the registry loads the whole class): a `#[pyclass]`
/// holding the C struct, its fields as `#[getter]`/`#[setter]`, its methods
/// calling the kernels.
#[pyclass(name = "Point")]
struct Point {
    inner: FfkPoint,
}

#[pymethods]
impl Point {
    #[new]
    fn new(x: i64, y: i64) -> Self {
        Point { inner: unsafe { ffk_point_make(x, y) } }
    }

    #[getter]
    fn x(&self) -> i64 {
        self.inner.x
    }

    #[setter]
    fn set_x(&mut self, value: i64) {
        self.inner.x = value;
    }

    #[getter]
    fn y(&self) -> i64 {
        self.inner.y
    }

    fn sum(&self) -> i64 {
        unsafe { ffk_point_sum(&self.inner) }
    }

    fn shift(&mut self, d: i64) {
        unsafe { ffk_point_shift(&mut self.inner, d) }
    }

    fn scaled(&self, k: i64) -> Self {
        Point { inner: unsafe { ffk_point_scaled(&self.inner, k) } }
    }
}

#[pyfunction]
fn point_dot(a: PyRef<'_, Point>, b: PyRef<'_, Point>) -> i64 {
    unsafe { ffk_point_dot(&a.inner, &b.inner) }
}

#[pyfunction]
fn noop() {
    unsafe { ffk_noop() }
}

#[pyfunction]
fn add_i64(a: i64, b: i64) -> i64 {
    unsafe { ffk_add_i64(a, b) }
}

#[pyfunction]
fn add_f64(a: f64, b: f64) -> f64 {
    unsafe { ffk_add_f64(a, b) }
}

/// len_str through &str: the UTF-8 form of a str, cached by CPython.
#[pyfunction]
fn len_str(s: &str) -> usize {
    unsafe { ffk_len_bytes(s.as_ptr() as *const c_char, s.len()) }
}

#[pyfunction]
fn fail_if_negative(x: i64) -> PyResult<()> {
    if unsafe { ffk_fail_if_negative(x) } != 0 {
        return Err(PyValueError::new_err("fail_if_negative: x is negative"));
    }
    Ok(())
}

// The same lines for both module types: wrap_pyfunction! takes either.
macro_rules! add_all {
    ($m:expr) => {{
        $m.add_function(wrap_pyfunction!(noop, $m)?)?;
        $m.add_function(wrap_pyfunction!(add_i64, $m)?)?;
        $m.add_function(wrap_pyfunction!(add_f64, $m)?)?;
        $m.add_function(wrap_pyfunction!(len_str, $m)?)?;
        $m.add_function(wrap_pyfunction!(fail_if_negative, $m)?)?;
        $m.add_class::<Point>()?;
        $m.add_function(wrap_pyfunction!(point_dot, $m)?)?;
        Ok(())
    }};
}

#[cfg(feature = "gil_refs")]
#[pymodule]
fn ffibench_pyo3(_py: Python<'_>, m: &PyModule) -> PyResult<()> {
    add_all!(m)
}

#[cfg(not(feature = "gil_refs"))]
#[pymodule]
fn ffibench_pyo3(m: &Bound<'_, PyModule>) -> PyResult<()> {
    add_all!(m)
}
