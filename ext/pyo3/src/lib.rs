//! The kernels through PyO3: a `#[pyfunction]` per kernel, as the PyO3 guide
//! shows, each calling the C kernel of build/kernels.o through `extern "C"`
//! (build.rs links that object; nothing is rewritten in Rust).
//!
//! Each kernel whose arguments are C values, and the buffer, is also defined
//! as `<kernel>_nogil`, the kernel run inside `Python::detach` (PyO3's release
//! of the GIL, formerly `allow_threads`).

use std::ffi::{c_char, c_int, c_void};

use numpy::{PyArray1, PyArrayMethods, PyReadonlyArray1, PyReadwriteArray1};
use pyo3::buffer::PyBuffer;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyMemoryView, PyTuple};

type CallbackFn = extern "C" fn(ctx: *mut c_void, i: i64) -> i64;

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
    fn ffk_sum_f64_buf(x: *const f64, n: usize) -> f64;
    fn ffk_scale_f64(x: *const f64, out: *mut f64, n: usize, k: f64);
    fn ffk_len_bytes(s: *const c_char, n: usize) -> usize;
    fn ffk_fail_if_negative(x: i64) -> c_int;
    fn ffk_callback(f: CallbackFn, ctx: *mut c_void, k: i64) -> i64;
    fn ffk_sum_i64_0() -> i64;
    fn ffk_sum_i64_1(a: i64) -> i64;
    fn ffk_sum_i64_2(a: i64, b: i64) -> i64;
    fn ffk_sum_i64_3(a: i64, b: i64, c: i64) -> i64;
    fn ffk_sum_i64_4(a: i64, b: i64, c: i64, d: i64) -> i64;
    fn ffk_sum_i64_5(a: i64, b: i64, c: i64, d: i64, e: i64) -> i64;
    fn ffk_sum_i64_6(a: i64, b: i64, c: i64, d: i64, e: i64, f: i64) -> i64;
    fn ffk_sum_i64_7(a: i64, b: i64, c: i64, d: i64, e: i64, f: i64, g: i64) -> i64;
    fn ffk_sum_i64_8(a: i64, b: i64, c: i64, d: i64, e: i64, f: i64, g: i64, h: i64)
        -> i64;
    fn ffk_sum_i64_n(xs: *const i64, n: usize) -> i64;
    fn ffk_point_make(x: i64, y: i64) -> FfkPoint;
    fn ffk_point_sum(p: *const FfkPoint) -> i64;
    fn ffk_point_shift(p: *mut FfkPoint, d: i64);
    fn ffk_point_scaled(p: *const FfkPoint, k: i64) -> FfkPoint;
    fn ffk_point_dot(a: *const FfkPoint, b: *const FfkPoint) -> i64;
}

// The argument shapes, as `#[pyo3(signature = ...)]` declares them: defaults,
// a keyword-only argument, *args (each extracted into an array), an optional
// argument (`Option`: None, the default, is 0 to the kernel).
#[pyfunction]
#[pyo3(signature = (a, b=0, c=0))]
fn sum_defaults(a: i64, b: i64, c: i64) -> i64 {
    unsafe { ffk_sum_i64_3(a, b, c) }
}

#[pyfunction]
#[pyo3(signature = (a, *, b=0))]
fn sum_kwonly(a: i64, b: i64) -> i64 {
    unsafe { ffk_sum_i64_2(a, b) }
}

#[pyfunction]
#[pyo3(signature = (*args))]
fn sum_star(args: &Bound<'_, PyTuple>) -> PyResult<i64> {
    let xs = args.iter().map(|item| item.extract::<i64>()).collect::<PyResult<Vec<i64>>>()?;
    Ok(unsafe { ffk_sum_i64_n(xs.as_ptr(), xs.len()) })
}

#[pyfunction]
#[pyo3(signature = (a, b=None))]
fn add_optional(a: i64, b: Option<i64>) -> i64 {
    unsafe { ffk_add_i64(a, b.unwrap_or(0)) }
}

/// The objects workload: a `#[pyclass]` holding the C struct, its fields as
/// `#[getter]`/`#[setter]` (the struct's fields are C's, not the class's),
/// its methods in `#[pymethods]` calling the kernels.
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

    #[setter]
    fn set_y(&mut self, value: i64) {
        self.inner.y = value;
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

/// The variant PyO3's guide offers for speed: `#[pyclass(frozen)]` (no
/// run-time borrow checking) with `#[pyo3(get)]` fields.  Frozen is immutable:
/// no `shift`, no setter (the registry says so).  Its fields are the struct's,
/// in the struct's layout, passed to the kernels as the struct.
#[pyclass(frozen, name = "PointFrozen")]
#[repr(C)]
struct PointFrozen {
    #[pyo3(get)]
    x: i64,
    #[pyo3(get)]
    y: i64,
}

impl PointFrozen {
    fn from_c(p: FfkPoint) -> Self {
        PointFrozen { x: p.x, y: p.y }
    }

    fn as_c(&self) -> *const FfkPoint {
        (self as *const PointFrozen).cast()
    }
}

#[pymethods]
impl PointFrozen {
    #[new]
    fn new(x: i64, y: i64) -> Self {
        PointFrozen::from_c(unsafe { ffk_point_make(x, y) })
    }

    fn sum(&self) -> i64 {
        unsafe { ffk_point_sum(self.as_c()) }
    }

    fn scaled(&self, k: i64) -> Self {
        PointFrozen::from_c(unsafe { ffk_point_scaled(self.as_c(), k) })
    }
}

#[pyfunction]
fn point_dot_frozen(a: &Bound<'_, PointFrozen>, b: &Bound<'_, PointFrozen>) -> i64 {
    unsafe { ffk_point_dot(a.get().as_c(), b.get().as_c()) }
}

/// A function over two instances: PyO3 checks each is a Point (TypeError).
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

#[pyfunction]
fn sum_i64_0() -> i64 {
    unsafe { ffk_sum_i64_0() }
}

#[pyfunction]
fn sum_i64_1(a: i64) -> i64 {
    unsafe { ffk_sum_i64_1(a) }
}

#[pyfunction]
fn sum_i64_2(a: i64, b: i64) -> i64 {
    unsafe { ffk_sum_i64_2(a, b) }
}

#[pyfunction]
fn sum_i64_3(a: i64, b: i64, c: i64) -> i64 {
    unsafe { ffk_sum_i64_3(a, b, c) }
}

#[pyfunction]
fn sum_i64_4(a: i64, b: i64, c: i64, d: i64) -> i64 {
    unsafe { ffk_sum_i64_4(a, b, c, d) }
}

#[pyfunction]
fn sum_i64_5(a: i64, b: i64, c: i64, d: i64, e: i64) -> i64 {
    unsafe { ffk_sum_i64_5(a, b, c, d, e) }
}

#[pyfunction]
fn sum_i64_6(a: i64, b: i64, c: i64, d: i64, e: i64, f: i64) -> i64 {
    unsafe { ffk_sum_i64_6(a, b, c, d, e, f) }
}

#[pyfunction]
fn sum_i64_7(a: i64, b: i64, c: i64, d: i64, e: i64, f: i64, g: i64) -> i64 {
    unsafe { ffk_sum_i64_7(a, b, c, d, e, f, g) }
}

#[pyfunction]
#[allow(clippy::too_many_arguments)]
fn sum_i64_8(a: i64, b: i64, c: i64, d: i64, e: i64, f: i64, g: i64, h: i64) -> i64 {
    unsafe { ffk_sum_i64_8(a, b, c, d, e, f, g, h) }
}

/// A buffer of doubles as the kernel takes it: its address and length, and
/// the PyBuffer holding it (None for an empty one).  PyBuffer<f64> checks the
/// item format ('d', else a BufferError); the kernel also needs one dimension
/// and C-contiguity (else a ValueError, as the C API path says).
fn f64_vector(x: &Bound<'_, PyAny>) -> PyResult<(Option<PyBuffer<f64>>, usize, usize)> {
    let buffer = match PyBuffer::<f64>::get(x) {
        Ok(buffer) => buffer,
        // PyBuffer also refuses an address not aligned for f64, and an empty
        // array.array('d') exports a 1-byte static placeholder as its address:
        // an empty 1-dimensional buffer of doubles is taken as the empty
        // vector it is, as on every other path.
        Err(err) => {
            if let Ok(view) = PyMemoryView::from(x) {
                let empty = view.getattr("nbytes")?.extract::<usize>()? == 0
                    && view.getattr("format")?.extract::<String>()? == "d"
                    && view.getattr("ndim")?.extract::<usize>()? == 1;
                if empty {
                    return Ok((None, std::ptr::NonNull::<f64>::dangling().as_ptr() as usize, 0));
                }
            }
            return Err(err);
        }
    };
    if buffer.dimensions() != 1 {
        return Err(PyValueError::new_err("a 1-dimensional buffer is required"));
    }
    if !buffer.is_c_contiguous() {
        return Err(PyValueError::new_err("a C-contiguous buffer is required"));
    }
    // The address as an integer: it crosses into `Python::detach` below.
    let (data, n) = (buffer.buf_ptr() as usize, buffer.item_count());
    Ok((Some(buffer), data, n))
}

#[pyfunction]
fn sum_f64_buf(x: &Bound<'_, PyAny>) -> PyResult<f64> {
    let (_buffer, data, n) = f64_vector(x)?;
    Ok(unsafe { ffk_sum_f64_buf(data as *const f64, n) })
}

#[pyfunction]
fn ndarray_sum(x: PyReadonlyArray1<'_, f64>) -> PyResult<f64> {
    let data = x.as_slice()?;
    Ok(unsafe { ffk_sum_f64_buf(data.as_ptr(), data.len()) })
}

/// A new array of n out: `PyArray1::new`, uninitialised, filled by the kernel.
#[pyfunction]
fn ndarray_scaled<'py>(
    py: Python<'py>,
    x: PyReadonlyArray1<'py, f64>,
    k: f64,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let data = x.as_slice()?;
    let out = unsafe { PyArray1::<f64>::new(py, data.len(), false) };
    unsafe { ffk_scale_f64(data.as_ptr(), out.data(), data.len(), k) };
    Ok(out)
}

#[pyfunction]
fn ndarray_scale(mut x: PyReadwriteArray1<'_, f64>, k: f64) -> PyResult<()> {
    let data = x.as_slice_mut()?;
    let pointer = data.as_mut_ptr();
    unsafe { ffk_scale_f64(pointer, pointer, data.len(), k) };
    Ok(())
}

/// len_bytes through &[u8]: a bytes object's own buffer, no copy.
#[pyfunction]
fn len_bytes(s: &[u8]) -> usize {
    unsafe { ffk_len_bytes(s.as_ptr() as *const c_char, s.len()) }
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

/// The callable and the first error it raised: the C callback's context.  A
/// Rust panic or a Python error must not cross the C kernel, so after the
/// first error the callback returns 0 without calling, and `callback` raises
/// the error when the kernel returns.
struct CallbackState<'a, 'py> {
    f: &'a Bound<'py, PyAny>,
    error: Option<PyErr>,
}

extern "C" fn call_python(ctx: *mut c_void, i: i64) -> i64 {
    let state = unsafe { &mut *(ctx as *mut CallbackState) };
    if state.error.is_some() {
        return 0;
    }
    match state.f.call1((i,)).and_then(|r| r.extract::<i64>()) {
        Ok(value) => value,
        Err(err) => {
            state.error = Some(err);
            0
        }
    }
}

#[pyfunction]
fn callback(f: &Bound<'_, PyAny>, k: i64) -> PyResult<i64> {
    if !f.is_callable() {
        return Err(PyTypeError::new_err("callback() f must be callable"));
    }
    let mut state = CallbackState { f, error: None };
    let result =
        unsafe { ffk_callback(call_python, &mut state as *mut CallbackState as *mut c_void, k) };
    match state.error {
        Some(err) => Err(err),
        None => Ok(result),
    }
}

// The GIL released around the kernel.

#[pyfunction]
fn noop_nogil(py: Python<'_>) {
    py.detach(|| unsafe { ffk_noop() })
}

#[pyfunction]
fn add_i64_nogil(py: Python<'_>, a: i64, b: i64) -> i64 {
    py.detach(|| unsafe { ffk_add_i64(a, b) })
}

#[pyfunction]
fn add_f64_nogil(py: Python<'_>, a: f64, b: f64) -> f64 {
    py.detach(|| unsafe { ffk_add_f64(a, b) })
}

#[pyfunction]
fn sum_f64_buf_nogil(py: Python<'_>, x: &Bound<'_, PyAny>) -> PyResult<f64> {
    let (_buffer, data, n) = f64_vector(x)?;
    Ok(py.detach(|| unsafe { ffk_sum_f64_buf(data as *const f64, n) }))
}

// gil_used = false: on a free-threaded build, importing it leaves the GIL off
// (the module shares no state); no effect elsewhere.
#[pymodule(gil_used = false)]
fn ffibench_pyo3(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__doc__", "ffi-bench kernels through PyO3")?;
    m.add_function(wrap_pyfunction!(noop, m)?)?;
    m.add_function(wrap_pyfunction!(add_i64, m)?)?;
    m.add_function(wrap_pyfunction!(add_f64, m)?)?;
    m.add_function(wrap_pyfunction!(sum_i64_0, m)?)?;
    m.add_function(wrap_pyfunction!(sum_i64_1, m)?)?;
    m.add_function(wrap_pyfunction!(sum_i64_2, m)?)?;
    m.add_function(wrap_pyfunction!(sum_i64_3, m)?)?;
    m.add_function(wrap_pyfunction!(sum_i64_4, m)?)?;
    m.add_function(wrap_pyfunction!(sum_i64_5, m)?)?;
    m.add_function(wrap_pyfunction!(sum_i64_6, m)?)?;
    m.add_function(wrap_pyfunction!(sum_i64_7, m)?)?;
    m.add_function(wrap_pyfunction!(sum_i64_8, m)?)?;
    m.add_function(wrap_pyfunction!(sum_f64_buf, m)?)?;
    m.add_function(wrap_pyfunction!(len_bytes, m)?)?;
    m.add_function(wrap_pyfunction!(len_str, m)?)?;
    m.add_function(wrap_pyfunction!(fail_if_negative, m)?)?;
    m.add_function(wrap_pyfunction!(callback, m)?)?;
    m.add_function(wrap_pyfunction!(noop_nogil, m)?)?;
    m.add_function(wrap_pyfunction!(add_i64_nogil, m)?)?;
    m.add_function(wrap_pyfunction!(add_f64_nogil, m)?)?;
    m.add_function(wrap_pyfunction!(sum_f64_buf_nogil, m)?)?;
    m.add_function(wrap_pyfunction!(sum_defaults, m)?)?;
    m.add_function(wrap_pyfunction!(sum_kwonly, m)?)?;
    m.add_function(wrap_pyfunction!(sum_star, m)?)?;
    m.add_function(wrap_pyfunction!(add_optional, m)?)?;
    m.add_function(wrap_pyfunction!(ndarray_sum, m)?)?;
    m.add_function(wrap_pyfunction!(ndarray_scaled, m)?)?;
    m.add_function(wrap_pyfunction!(ndarray_scale, m)?)?;
    m.add_class::<Point>()?;
    m.add_function(wrap_pyfunction!(point_dot, m)?)?;
    m.add_class::<PointFrozen>()?;
    m.add_function(wrap_pyfunction!(point_dot_frozen, m)?)?;
    Ok(())
}
