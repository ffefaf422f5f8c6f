"""results/summary.csv -> results/derived.csv: figures derived from rows
measured in the same run.

- Differences: the difference of two paths' net medians, per kernel and mode;
  the two paths differ in exactly one respect, named in DIFFERENCES, so the
  difference is that respect's cost (what releasing the GIL costs, ...).
- Argument fits: per path and mode, a least-squares line through the net
  medians of sum_i64_<N> against N: its slope is the marginal cost of one more
  int64 argument (args.per_argument), its intercept the fixed cost of the call
  (args.fixed).
- Buffer crossovers: per path and mode, the buffer length n from which the
  call's overhead is under 10% of the call (buffer.crossover_n).
- Error costs: per path and mode, the failing call over the succeeding one
  (errors.raise_over_ok).
- Callback costs: per path and mode, one call from C back into a Python
  function (callbacks.per_callback).

Printed as a table too.

Usage: derive.py SUMMARY_CSV DERIVED_CSV
"""

import csv
import re
import sys

import summarize

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
)

COLUMNS = ("figure", "kernel", "mode", "path", "minus_path", "value", "unit",
           "meaning")

# The crossover: the overhead of a call is under this share of the call.
CROSSOVER_SHARE = 0.10


def derive(rows):
    """The derived rows (dicts keyed by COLUMNS) for every kernel and mode in
    which both paths of a difference were measured."""
    net = {(r["kernel"], r["path"], r["mode"]): float(r["ns_net"])
           for r in rows if r["ns_net"] not in ("", None) and not r["skipped"]}
    keys = list(dict.fromkeys((r["kernel"], r["mode"]) for r in rows))
    derived = []
    for figure, with_it, without_it, meaning in DIFFERENCES:
        for kernel, mode in keys:
            a, b = net.get((kernel, with_it, mode)), net.get((kernel, without_it, mode))
            if a is not None and b is not None:
                derived.append({"figure": figure, "kernel": kernel, "mode": mode,
                                "path": with_it, "minus_path": without_it,
                                "value": f"{a - b:.3f}", "unit": "ns",
                                "meaning": meaning})
    return derived


SERIES = re.compile(r"sum_i64_(\d+)$")


def least_squares(points):
    """(slope, intercept) of the least-squares line through (x, y) points."""
    n = len(points)
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    sxx = sum((x - mean_x) ** 2 for x, _ in points)
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in points)
    slope = sxy / sxx
    return slope, mean_y - slope * mean_x


def argument_fits(rows):
    """args.per_argument and args.fixed for every path and mode with the
    sum_i64_<N> series measured at three or more N."""
    series = {}
    for r in rows:
        match = SERIES.match(r["kernel"])
        if match and r["ns_net"] not in ("", None) and not r["skipped"]:
            series.setdefault((r["path"], r["mode"]), []).append(
                (int(match.group(1)), float(r["ns_net"])))
    fits = []
    for (path, mode), points in series.items():
        if len({x for x, _ in points}) < 3:
            continue
        slope, intercept = least_squares(points)
        span = f"N={min(x for x, _ in points)}..{max(x for x, _ in points)}"
        for figure, value, meaning in (
                ("args.per_argument", slope,
                 f"least-squares slope over {span}: ns per extra int64 argument"),
                ("args.fixed", intercept,
                 f"least-squares intercept over {span}: ns of the call itself")):
            fits.append({"figure": figure, "kernel": "sum_i64_N", "mode": mode,
                         "path": path, "minus_path": "", "value": f"{value:.3f}",
                         "unit": "ns", "meaning": meaning})
    return fits


def buffer_crossovers(rows, kernel="sum_f64_buf", floor="c.direct"):
    """buffer.crossover_n per path and mode: the smallest n from which on the
    call's overhead (its net time minus the floor's at the same n, i.e. the
    kernel's own work) stays under CROSSOVER_SHARE of the call."""
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
        crossover = None
        for n, net in reversed(points):
            if net <= 0 or (net - floor_ns[n]) / net >= CROSSOVER_SHARE:
                break
            crossover = n
        largest = points[-1][0]
        result.append({
            "figure": "buffer.crossover_n", "kernel": kernel, "mode": mode,
            "path": path, "minus_path": floor,
            "value": "" if crossover is None else str(crossover), "unit": "n",
            "meaning": (f"smallest n from which the overhead over {floor} stays "
                        f"under {CROSSOVER_SHARE:.0%} of the call"
                        + ("" if crossover is not None
                           else f" (not reached up to n={largest})"))})
    return result


def error_costs(rows, kernel="fail_if_negative"):
    """errors.raise_over_ok per path and mode: what the failing call (an error
    code turned into ValueError, raised and caught) costs over the succeeding
    one."""
    net = {(r["path"], r["mode"], r["arg"]): float(r["ns_net"]) for r in rows
           if r["kernel"] == kernel and r["ns_net"] not in ("", None)
           and not r["skipped"]}
    return [{"figure": "errors.raise_over_ok", "kernel": kernel, "mode": mode,
             "path": path, "minus_path": path, "value": f"{fail - net[path, mode, 'ok']:.3f}",
             "unit": "ns", "meaning": "the call failing (x = -1, ValueError raised and "
                                      "caught) over the same call succeeding (x = 1)"}
            for (path, mode, arg), fail in net.items()
            if arg == "fail" and (path, mode, "ok") in net]


def callback_costs(rows, kernel="callback"):
    """callbacks.per_callback per path and mode: the slope of the net cost
    between the smallest and the largest k measured, i.e. what one more call
    from C back into a Python function costs."""
    points = {}
    for r in rows:
        if r["kernel"] == kernel and r["ns_net"] not in ("", None) and not r["skipped"]:
            points.setdefault((r["path"], r["mode"]), {})[int(r["arg"])] = float(r["ns_net"])
    result = []
    for (path, mode), by_k in points.items():
        low, high = min(by_k), max(by_k)
        if high > low:
            result.append({
                "figure": "callbacks.per_callback", "kernel": kernel, "mode": mode,
                "path": path, "minus_path": path,
                "value": f"{(by_k[high] - by_k[low]) / (high - low):.3f}", "unit": "ns",
                "meaning": f"(net at k={high} - net at k={low}) / {high - low}: one "
                           "callback from C into a Python function"})
    return result


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    with open(argv[1], newline="") as f:
        rows = list(csv.DictReader(f))
    derived = (derive(rows) + argument_fits(rows) + buffer_crossovers(rows)
               + error_costs(rows) + callback_costs(rows))
    summarize.write_csv(derived, argv[2], COLUMNS)
    print(f"{'derived figure':24} {'path':24} {'kernel':11} {'mode':11} "
          f"{'value':>9}")
    for d in derived:
        value = f"{float(d['value']):9.1f}" if d["value"] else "     none"
        print(f"{d['figure']:24} {d['path']:24} {d['kernel']:11} {d['mode']:11} "
              f"{value} {d['unit']}")
    print(f"derive: {len(derived)} figures -> {argv[2]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
