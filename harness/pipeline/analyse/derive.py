"""results/summary.csv -> results/derived.csv: figures derived from rows
measured in the same run.

- Differences: the difference of two paths' net medians, per kernel, size or
  variant (arg) and mode; the two paths differ in exactly one respect, named
  in DIFFERENCES, so the difference is that respect's cost (what releasing
  the GIL costs, ...).
- Ratios: the ratio of two paths' net medians (unit "x"), for the
  comparisons named in RATIOS (a tool's two versions, two bindings); resolved
  when it differs from 1 by more than its noise.
- Argument fits: per path and mode, a least-squares line through the net
  medians of sum_i64_<N> against N: its slope is the marginal cost of one more
  int64 argument (args.per_argument), its intercept the fixed cost of the call
  (args.fixed).
- Buffer crossovers: per path and mode, the buffer length n from which the
  call's overhead is under 10% of the call (buffer.crossover_n); the same
  for a NumPy array in, out and scaled in place (ndarray.crossover_n, per
  kernel).
- Error costs: per path and mode, the failing call over the succeeding one
  (errors.raise_over_ok).
- Callback costs: per path and mode, one call from C back into a Python
  function (callbacks.per_callback).
- Kernel differences: per path and mode, a method over a function of the
  same binding, a factory over a method, a call by keyword, with defaults,
  keyword-only, *args or None over the positional call (KERNEL_DIFFERENCES).

Every figure names the size or variant it is computed at (`arg`: a buffer's
n, a callback count k, "N=0..8" for a fit over the argument series), and its
noise (`noise`, same unit): for a difference, the half-widths of the two
rows' 95 % intervals added (half their spread, max - min, for rows without
one); for a fit, the standard error of the slope or intercept.  `resolved` is "yes" when the figure is larger than
its noise, "no" when it is within it (a difference of two ~585 us calls at
n = 10^6 is noise, not a cost), "" where it does not apply (a crossover n).

A few headline figures are printed; the rest are in DERIVED_CSV.

Usage: python3 -m harness.pipeline.analyse.derive RESULTS
"""

import re
import sys

from harness.pipeline import stage_cli
from harness.registry.workloads import NDARRAY_KERNELS


# (figure, path with it, path without it, what the difference is)
DIFFERENCES = (
    ("gil_release.capi", "capi.fastcall_nogil", "capi.fastcall",
     "Py_BEGIN/END_ALLOW_THREADS around the kernel, C API"),
    ("gil_release.ctypes", "ctypes.cdll", "ctypes.pydll",
     "ctypes CDLL (releases the GIL) over PyDLL (holds it)"),
    ("varargs_over_fastcall", "capi.varargs", "capi.fastcall",
     "METH_VARARGS + PyArg_ParseTuple over METH_FASTCALL"),
    ("keywords.fastcall", "capi.fastcall_kw_kwcall", "capi.fastcall_kw",
     "METH_FASTCALL|METH_KEYWORDS called by keyword over positionally"),
    ("keywords.varargs", "capi.varargs_kw_kwcall", "capi.varargs_kw",
     "PyArg_ParseTupleAndKeywords called by keyword over positionally"),
    ("limited_api.fastcall", "abi3.fastcall", "capi.fastcall",
     "the same METH_FASTCALL code built for the stable ABI"),
    ("abi_over_api.cffi", "cffi.abi", "cffi.api",
     "cffi ABI mode (libffi) over API mode (compiled wrapper)"),
    ("gil_release.nanobind", "nanobind.def_nogil", "nanobind.def",
     "nb::call_guard<nb::gil_scoped_release> around the kernel, nanobind"),
    ("gil_release.pyo3", "pyo3.def_nogil", "pyo3.def",
     "Python::detach (allow_threads) around the kernel, PyO3"),
    ("gil_release.cython_v3", "cython.v3_nogil", "cython.v3",
     "a `with nogil` block around the kernel, Cython 3"),
    ("gil_release.cython_v0_29", "cython.v0_29_nogil", "cython.v0_29",
     "a `with nogil` block around the kernel, Cython 0.29"),
    ("gil_release.pybind11_v3", "pybind11.v3_nogil", "pybind11.v3",
     "py::call_guard<py::gil_scoped_release> around the kernel, pybind11 3"),
    ("gil_release.pybind11_v2", "pybind11.v2_nogil", "pybind11.v2",
     "py::call_guard<py::gil_scoped_release> around the kernel, pybind11 2"),
    ("gil_release.cppyy", "cppyy.gbl_nogil", "cppyy.gbl",
     "__release_gil__ set on the C function's overload, cppyy"),
    ("gil_release.boost_python", "boost_python.def_nogil", "boost_python.def",
     "a scoped PyEval_SaveThread around the kernel, Boost.Python"),
    *((f"gil_release.swig_{version}{mode}", f"swig.{version}{mode}_nogil",
       f"swig.{version}{mode}", f"Py_BEGIN/END_ALLOW_THREADS in an %exception around the "
       f"kernel, SWIG {version[1:].replace('_', '.')}{' -builtin' if mode else ''}")
      for version in ("v4_1", "v4_5") for mode in ("", "_builtin")),
    # the faster variants of a class (the objects workload)
    ("final.pybind11_v3", "pybind11.v3_final", "pybind11.v3",
     "py::is_final() on the class over the plain py::class_, pybind11 3"),
    ("final.pybind11_v2", "pybind11.v2_final", "pybind11.v2",
     "py::is_final() on the class over the plain py::class_, pybind11 2"),
    ("final.nanobind", "nanobind.def_final", "nanobind.def",
     "nb::is_final() on the class over the plain nb::class_"),
    ("final.cython_v3", "cython.v3_final", "cython.v3",
     "@cython.final and @cython.freelist(8) on the cdef class, Cython 3"),
    ("final.cython_v0_29", "cython.v0_29_final", "cython.v0_29",
     "@cython.final and @cython.freelist(8) on the cdef class, Cython 0.29"),
    ("frozen.pyo3", "pyo3.def_frozen", "pyo3.def",
     "#[pyclass(frozen)] with #[pyo3(get)] fields over #[pyclass] with #[getter]/#[setter]"),
)

# (figure, path, over path, what the ratio is): the ratio of two rows' net
# times, for the comparisons of tool versions and of bindings people ask for.
RATIOS = (
    ("ratio.pybind11_v3_over_v2", "pybind11.v3", "pybind11.v2",
     "pybind11 3 over Debian's 2.10, the same source"),
    ("ratio.cffi_v2_over_v1_abi", "cffi.v2_abi", "cffi.abi",
     "cffi 2 (PyPI) over the interpreter's own cffi 1 (Debian's 1.15), ABI mode"),
    ("ratio.cffi_v2_over_v1_api", "cffi.v2_api", "cffi.api",
     "cffi 2 (PyPI) over the interpreter's own cffi 1 (Debian's 1.15), API mode"),
    ("ratio.cython_v3_over_v0_29", "cython.v3", "cython.v0_29",
     "Cython 3 over Debian's 0.29, the same .pyx"),
    ("ratio.pybind11_over_nanobind", "pybind11.v3", "nanobind.def",
     "pybind11 3 over nanobind, the same m.def of each kernel"),
    ("ratio.pyo3_over_capi", "pyo3.def", "capi.fastcall",
     "PyO3 #[pyfunction] over the C API's METH_FASTCALL"),
    ("ratio.hpy_universal_over_cpython", "hpy.universal", "hpy.cpython",
     "HPy's universal ABI over its CPython ABI, the same source"),
    ("ratio.boost_python_over_pybind11", "boost_python.def", "pybind11.v3",
     "Boost.Python over pybind11 3 (its successor), the same def() of each kernel"),
    ("ratio.cppyy_over_ctypes", "cppyy.gbl", "ctypes.cdll",
     "cppyy over ctypes: two bindings of a C library at run time, the same kernels"),
    ("ratio.swig_v4_5_default_over_builtin", "swig.v4_5", "swig.v4_5_builtin",
     "SWIG 4.5's default mode (Python proxy functions and classes) over -builtin, "
     "the same interface file"),
    ("ratio.swig_v4_1_default_over_builtin", "swig.v4_1", "swig.v4_1_builtin",
     "SWIG 4.1's default mode over -builtin, the same interface file"),
    ("ratio.swig_v4_5_over_v4_1", "swig.v4_5", "swig.v4_1",
     "SWIG 4.5 (PyPI) over Debian's 4.1, default mode, the same interface file"),
    ("ratio.swig_v4_5_over_v4_1_builtin", "swig.v4_5_builtin", "swig.v4_1_builtin",
     "SWIG 4.5 (PyPI) over Debian's 4.1, -builtin, the same interface file"),
)

# The crossover: the overhead of a call is under this share of the call.
CROSSOVER_SHARE = 0.10


def _usable(r):
    return r["ns_net"] not in ("", None) and not r["skipped"]


def _half_spread(r):
    """Half the width of a row's 95 % interval, in ns (half the spread of its
    values, max - min, for a row without one)."""
    if r.get("ns_net_low") not in (None, ""):
        return (float(r["ns_net_high"]) - float(r["ns_net_low"])) / 2
    return (float(r["ns_max"]) - float(r["ns_min"])) / 2


def _resolved(value, noise):
    return "yes" if abs(value) > noise else "no"


# A row's interval, from one run's processes, understates how much its median
# moves from run to run: make stability measured 2.38 % at the median row with
# one process per run (issue 11), 1.73 % with five worker processes (issue 13).
# A difference of two rows is taken as measured only when it exceeds this share
# of the larger row as well; kept at the larger, earlier figure, which the
# reference's derived.csv was made with.
RUN_TO_RUN_SHARE = 0.025


def difference(a, b, scale=1.0):
    """(value, noise, resolved) of (net of row a - net of row b) / scale: the
    noise is the two rows' half-intervals added, or RUN_TO_RUN_SHARE of the
    larger row's median if that is more (scaled alike)."""
    value = (float(a["ns_net"]) - float(b["ns_net"])) / scale
    noise = max(_half_spread(a) + _half_spread(b),
                RUN_TO_RUN_SHARE * max(abs(float(a["ns_net"])), abs(float(b["ns_net"])))
                ) / scale
    return value, noise, _resolved(value, noise)


def _difference(figure, kernel, arg, mode, a, b, meaning, scale=1.0):
    """A derived figure that is the difference of two rows (see difference)."""
    value, noise, resolved = difference(a, b, scale)
    return {"figure": figure, "kernel": kernel, "arg": arg, "mode": mode,
            "path": a["path"], "minus_path": b["path"], "value": f"{value:.3f}",
            "noise": f"{noise:.3f}", "resolved": resolved, "unit": "ns", "meaning": meaning}


def _ratio(figure, kernel, arg, mode, a, b, meaning):
    """A derived figure that is the ratio of two rows' net times: its noise is
    the ratio times the two rows' relative half-intervals added (at least
    RUN_TO_RUN_SHARE); none where the denominator is not above zero."""
    net_a, net_b = float(a["ns_net"]), float(b["ns_net"])
    if net_b <= 0 or net_a <= 0:
        return None
    value = net_a / net_b
    noise = value * max(_half_spread(a) / net_a + _half_spread(b) / net_b, RUN_TO_RUN_SHARE)
    return {"figure": figure, "kernel": kernel, "arg": arg, "mode": mode,
            "path": a["path"], "minus_path": b["path"], "value": f"{value:.3f}",
            "noise": f"{noise:.3f}", "resolved": _resolved(value - 1, noise), "unit": "x",
            "meaning": meaning}


def derive(rows):
    """The derived rows (dicts keyed by v.DERIVED_COLUMNS) for every kernel, size and
    mode in which both paths of a difference were measured."""
    found = {(r["kernel"], r["arg"], r["path"], r["mode"]): r for r in rows if _usable(r)}
    keys = list(dict.fromkeys((r["kernel"], r["arg"], r["mode"]) for r in rows))
    derived = []
    for figure, with_it, without_it, meaning in DIFFERENCES:
        for kernel, arg, mode in keys:
            a = found.get((kernel, arg, with_it, mode))
            b = found.get((kernel, arg, without_it, mode))
            if a and b:
                derived.append(_difference(figure, kernel, arg, mode, a, b, meaning))
    for figure, path, over, meaning in RATIOS:
        for kernel, arg, mode in keys:
            a = found.get((kernel, arg, path, mode))
            b = found.get((kernel, arg, over, mode))
            ratio = a and b and _ratio(figure, kernel, arg, mode, a, b, meaning)
            if ratio:
                derived.append(ratio)
    return derived


SERIES = re.compile(r"sum_i64_(\d+)$")


def least_squares(points):
    """(slope, intercept, their standard errors) of the least-squares line
    through (x, y) points; the errors are 0 with two points."""
    n = len(points)
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    sxx = sum((x - mean_x) ** 2 for x, _ in points)
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in points)
    slope = sxy / sxx
    intercept = mean_y - slope * mean_x
    residual = sum((y - intercept - slope * x) ** 2 for x, y in points)
    variance = residual / (n - 2) if n > 2 else 0.0
    slope_se = (variance / sxx) ** 0.5
    intercept_se = (variance * (1 / n + mean_x ** 2 / sxx)) ** 0.5
    return slope, intercept, slope_se, intercept_se


def argument_fits(rows):
    """args.per_argument and args.fixed for every path and mode with the
    sum_i64_<N> series measured at three or more N."""
    series = {}
    for r in rows:
        match = SERIES.match(r["kernel"])
        if match and _usable(r):
            series.setdefault((r["path"], r["mode"]), []).append(
                (int(match.group(1)), float(r["ns_net"])))
    fits = []
    for (path, mode), points in series.items():
        if len({x for x, _ in points}) < 3:
            continue
        slope, intercept, slope_se, intercept_se = least_squares(points)
        span = f"N={min(x for x, _ in points)}..{max(x for x, _ in points)}"
        for figure, value, noise, meaning in (
                ("args.per_argument", slope, slope_se,
                 f"least-squares slope over {span}: ns per extra int64 argument "
                 "(noise: its standard error)"),
                ("args.fixed", intercept, intercept_se,
                 f"least-squares intercept over {span}: ns of the call itself "
                 "(noise: its standard error)")):
            fits.append({"figure": figure, "kernel": "sum_i64_N", "arg": span,
                         "mode": mode, "path": path, "minus_path": "",
                         "value": f"{value:.3f}", "noise": f"{noise:.3f}",
                         "resolved": _resolved(value, noise), "unit": "ns",
                         "meaning": meaning})
    return fits


def buffer_crossovers(rows, kernel="sum_f64_buf", floor="c.direct",
                      figure="buffer.crossover_n"):
    """<figure> per path and mode: the smallest n from which on the call's
    overhead (its net time minus the floor's at the same n, i.e. the kernel's
    own work) stays under CROSSOVER_SHARE of the call."""
    floor_ns, timed = {}, {}
    for r in rows:
        if r["kernel"] != kernel or r["ns_net"] in ("", None) or r["skipped"]:
            continue
        n, net = int(r["arg"]), float(r["ns_net"])
        if r["path"] == floor:
            floor_ns[n] = net
        else:
            timed.setdefault((r["path"], r["mode"]), []).append((n, net))
    result = []
    for (path, mode), points in timed.items():
        points = sorted(p for p in points if p[0] in floor_ns)
        if not points:
            continue
        span = f"n={points[0][0]}..{points[-1][0]}"
        crossover = None
        for n, net in reversed(points):
            if net <= 0 or (net - floor_ns[n]) / net >= CROSSOVER_SHARE:
                break
            crossover = n
        largest = points[-1][0]
        result.append({
            "figure": figure, "kernel": kernel, "arg": span,
            "mode": mode, "path": path, "minus_path": floor,
            "value": "" if crossover is None else str(crossover), "noise": "",
            "resolved": "", "unit": "n",
            "meaning": (f"smallest n from which the overhead over {floor} stays "
                        f"under {CROSSOVER_SHARE:.0%} of the call"
                        + ("" if crossover is not None
                           else f" (not reached up to n={largest})"))})
    return result


def error_costs(rows, kernel="fail_if_negative"):
    """errors.raise_over_ok per path and mode: what the failing call (an error
    code turned into ValueError, raised and caught) costs over the succeeding
    one."""
    found = {(r["path"], r["mode"], r["arg"]): r for r in rows
             if r["kernel"] == kernel and _usable(r)}
    return [_difference("errors.raise_over_ok", kernel, "fail - ok", mode, fail,
                        found[path, mode, "ok"],
                        "the call failing (x = -1, ValueError raised and caught) over "
                        "the same call succeeding (x = 1)")
            for (path, mode, arg), fail in found.items()
            if arg == "fail" and (path, mode, "ok") in found]


def callback_costs(rows, kernel="callback"):
    """callbacks.per_callback per path and mode: the slope of the net cost
    between the smallest and the largest k measured, i.e. what one more call
    from C back into a Python function costs."""
    points = {}
    for r in rows:
        if r["kernel"] == kernel and _usable(r):
            points.setdefault((r["path"], r["mode"]), {})[int(r["arg"])] = r
    result = []
    for (path, mode), by_k in points.items():
        low, high = min(by_k), max(by_k)
        if high > low:
            result.append(_difference(
                "callbacks.per_callback", kernel, f"k={low}..{high}", mode,
                by_k[high], by_k[low],
                f"(net at k={high} - net at k={low}) / {high - low}: one callback "
                "from C into a Python function", scale=high - low))
    return result


# The differences of two kernels on the same path (the objects workload's
# and the argument shapes'), per path and mode: (figure, kernel, minus
# kernel, meaning).  Each pair differs in one respect.
KERNEL_DIFFERENCES = (
    ("keywords.over_positional", "add_i64_kw", "add_i64",
     "add_i64(a=.., b=..) over add_i64(a, b): the same function, both arguments by keyword"),
    ("defaults.omitted_over_positional", "defaults_omitted", "defaults_positional",
     "sum_defaults(a) over sum_defaults(a, b, c): two defaults filled in"),
    ("defaults.by_name_over_positional", "defaults_by_name", "defaults_positional",
     "sum_defaults(a, c=..) over sum_defaults(a, b, c): one default filled in, one "
     "argument by keyword"),
    ("kwonly.over_positional", "kwonly", "sum_i64_2",
     "sum_kwonly(a, b=..) (b keyword-only) over sum_i64_2(a, b), the same C function"),
    ("star_args.over_positional", "star_args", "sum_i64_3",
     "sum_star(a, b, c) (*args, converted into an array) over sum_i64_3(a, b, c)"),
    ("optional.none_over_int", "optional_none", "add_i64",
     "add_optional(a, None) (an optional int given None) over add_i64(a, b)"),
    ("objects.method_over_function", "point_sum", "sum_i64_1",
     "p.sum() (the method found on the instance; it reads the instance, no argument "
     "to convert) over sum_i64_1(a) (a module function converting one int) of the "
     "same binding"),
    ("objects.factory_over_method", "point_scaled", "point_shift",
     "p.scaled(k) (returns a new instance) over p.shift(d) (changes the instance, "
     "returns None): making the new object"),
)


def function_twin(path):
    """The path with the same binding's free functions: itself, the plain
    path of a class's variant (pybind11.v3_final: pybind11.v3), or for a
    C-API class (capi.class, abi3.class) the METH_FASTCALL functions of its
    module."""
    family, variant = path.split(".", 1)
    if variant == "class":
        return f"{family}.fastcall"
    return f"{family}.{re.sub(r'_(final|frozen)$', '', variant)}"


def kernel_costs(rows):
    """KERNEL_DIFFERENCES per path and mode where both rows were measured."""
    found = {(r["kernel"], r["path"], r["mode"]): r for r in rows
             if _usable(r) and not r["arg"]}
    result = []
    for figure, kernel, minus_kernel, meaning in KERNEL_DIFFERENCES:
        for (k, path, mode), r in found.items():
            # a method's function is on its binding's function path
            twin = function_twin(path) if kernel == "point_sum" else path
            other = found.get((minus_kernel, twin, mode))
            if k == kernel and other:
                result.append(_difference(figure, kernel, f"{kernel} - {minus_kernel}", mode,
                                          r, other, meaning))
    return result


# What make bench prints of the derived figures: the add_i64 differences and
# the per-argument slope, interp mode; the rest is in the CSV and REPORT.md.
HEADLINE_KERNEL, HEADLINE_MODE = "add_i64", "interp"


def headline(derived):
    """A few lines summing up the derived figures."""
    resolved = sum(d["resolved"] == "yes" for d in derived)
    judged = sum(d["resolved"] in ("yes", "no") for d in derived)
    lines = [f"{len(derived)} figures, {resolved} of {judged} larger than their noise"]

    def show(d):
        value, noise = float(d["value"]), float(d["noise"])
        if d["unit"] == "x":
            return (f"{d['figure']} {value:.2f}x" if d["resolved"] == "yes"
                    else f"{d['figure']} within noise ({value:.2f}x +- {noise:.2f})")
        return (f"{d['figure']} {value:+.1f} {d['unit']}" if d["resolved"] == "yes"
                else f"{d['figure']} within noise ({value:+.1f} +- {noise:.1f})")

    picked = [show(d) for d in derived if d["kernel"] == HEADLINE_KERNEL
              and d["mode"] == HEADLINE_MODE and not d["arg"]]
    if picked:
        lines.append(f"{HEADLINE_KERNEL}, {HEADLINE_MODE}: " + ", ".join(picked))
    slopes = [f"{d['path']} {float(d['value']):.1f}" for d in derived
              if d["figure"] == "args.per_argument" and d["mode"] == HEADLINE_MODE]
    if slopes:
        lines.append("ns per extra int64 argument, interp: " + ", ".join(slopes))
    return lines


def write(results):
    """summary.csv -> derived.csv of `results` (a ResultsFolder), printing
    the headline figures."""
    rows = results.table("summary.csv")
    derived = (derive(rows) + argument_fits(rows) + buffer_crossovers(rows)
               + [d for kernel in NDARRAY_KERNELS
                  for d in buffer_crossovers(rows, kernel, figure="ndarray.crossover_n")]
               + error_costs(rows) + callback_costs(rows) + kernel_costs(rows))
    results.write_table("derived.csv", derived)
    for line in headline(derived):
        print(f"derive: {line}")
    print(f"derive: -> {results.file('derived.csv')}")


def main(argv=None):
    args = stage_cli.parse(argv, __spec__.name, __doc__, "RESULTS")
    return stage_cli.run_folder("derive", args.results, write)


if __name__ == "__main__":
    sys.exit(main())
