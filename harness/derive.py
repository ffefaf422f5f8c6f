"""results/summary.csv -> results/derived.csv: figures derived from pairs of
paths measured in the same run, such as what releasing the GIL costs.

Each figure is the difference of two paths' net medians, per kernel and mode:
the two paths differ in exactly one respect, named in DIFFERENCES, so the
difference is that respect's cost.  Printed as a table too.

Usage: derive.py SUMMARY_CSV DERIVED_CSV
"""

import csv
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

COLUMNS = ("figure", "kernel", "mode", "ns", "path", "minus_path", "meaning")


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
                                "ns": f"{a - b:.3f}", "path": with_it,
                                "minus_path": without_it, "meaning": meaning})
    return derived


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    with open(argv[1], newline="") as f:
        rows = list(csv.DictReader(f))
    derived = derive(rows)
    summarize.write_csv(derived, argv[2], COLUMNS)
    print(f"{'derived figure [ns per call]':30} {'kernel':10} {'mode':11} {'ns':>8}")
    for d in derived:
        print(f"{d['figure']:30} {d['kernel']:10} {d['mode']:11} {float(d['ns']):8.1f}")
    print(f"derive: {len(derived)} figures -> {argv[2]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
