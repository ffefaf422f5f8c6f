"""The words every part of the toolkit shares, and nothing else: it imports
nothing, so that any module (the driver's registry, the pipeline, the tools,
the bare process harness/pipeline/probe.py times) can use it.

- Timing modes and the baseline rows' names (a row's Google Benchmark name is
  <kernel>/<path>/<mode>[/<arg>]).
- The front-ends of the driver.
- The columns of every results file, in order (README.md, "Where the outputs
  land", says what each holds).
"""

# `interp` times a generated Python loop calling the path's callable;
# `vectorcall` calls it from C with PyObject_Vectorcall once per call; `native`
# (the c.direct floor only) runs the kernel in a C loop.  Each mode has its
# own baseline row (`empty/baseline/<mode>`), which the summary subtracts.
MODES = ("interp", "vectorcall")
NATIVE_MODE = "native"
BASELINE_PATH = "baseline"
BASELINE_KERNEL = "empty"
# Calls per batch: per invocation of a timing loop (interp, native), and per
# KeepRunningBatch step (vectorcall).  A loop invocation costs one extra
# Python call; over 1000 calls that is a few hundredths of a ns per call, and
# the baseline of the mode pays it too.
BATCH = 1000

# The driver's two front-ends (harness/driver/): an executable embedding
# libpython, and an extension module hosted in a python3 process.
FRONTENDS = ("embedded", "hosted")

# --- the columns of each results file ---
# ns_net is the published figure: the headline estimator (stats.HEADLINE,
# named in metadata.json's "estimator") net of the empty loop's same
# estimator, and ns_net_low..ns_net_high its 95 % interval; ns is the same
# estimator gross; the medians are beside them under their own names.
SUMMARY_COLUMNS = ("kernel", "path", "family", "mode", "arg", "ns_net", "ns_net_low",
                   "ns_net_high", "ns", "ns_net_median", "ns_median",
                   "ns_min", "ns_max", "cv_pct", "repetitions",
                   "processes", "spell_values", "process_spread_pct", "multimodal", "iterations",
                   "gil_released", "skipped")
DERIVED_COLUMNS = ("figure", "kernel", "arg", "mode", "path", "minus_path", "value",
                   "noise", "resolved", "unit", "meaning")
COVERAGE_COLUMNS = ("path", "kernel", "status", "reason")
FRONTENDS_COLUMNS = ("path", "mode", "rows", "embedded_over_hosted", "ratio_min",
                     "ratio_max", "add_i64_ns_net_embedded", "add_i64_ns_net_hosted")
IMPORT_COLUMNS = ("binding", "module", "paths", "ms_median", "ms_net",
                  "ms_net_low", "ms_net_high", "resolved", "ms_net_stddev", "ms_min",
                  "ms_max", "runs")
E2E_COLUMNS = ("path", "calls", "ms_median", "ms_median_empty_loop", "ns_per_call",
               "ns_per_call_stddev", "driver_ns_net", "e2e_over_driver")
INSTR_COLUMNS = ("kernel", "path", "family", "mode", "arg", "instructions",
                 "instructions_net")
SAFETY_COLUMNS = ("path", "kernel", "kind", "call", "registry", "outcome", "detail",
                  "traceback", "agrees")
FIRSTCALL_COLUMNS = ("path", "kernel", "first_ns", "steady_ns", "first_over_steady",
                     "first_ns_min", "first_ns_max", "processes")
THREADS_COLUMNS = ("path", "gil_released", "n", "threads", "calls_per_s", "calls_per_s_min",
                   "calls_per_s_max", "over_one_thread", "samples")
OWNERSHIP_COLUMNS = ("binding", "modules", "glue_lines", "kernels", "glue_lines_per_kernel",
                     "error_glue_lines", "build_s", "build_s_low", "build_s_high",
                     "module_kb_stripped", "build_needs")
DECISION_COLUMNS = ("binding", "path", "noop_ns", "add_i64_ns", "per_argument_ns",
                    "import_ms", "import_resolved", "first_call_ns", "build_s", "module_kb", "glue_lines_per_kernel",
                    "bad_raised", "bad_silent", "bad_crashed", "errors", "loading",
                    "gil_by_default", "release_pays_from_n")
