"""The words every part of the toolkit shares, and nothing else: it imports
nothing, so that any module (the driver's registry, the pipeline, the tools,
the bare process harness/pipeline/measure/probe.py times) can use it.

- Timing modes and the baseline rows' names (a row's Google Benchmark name is
  <kernel>/<path>/<mode>[/<arg>]).
- The front-ends of the driver.
- The columns of every results file, in order (README.md, "Where the outputs
  land", says what each holds), and the keys of metadata.json.
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
SCALING_COLUMNS = ("path", "kernel", "gil", "threads", "calls_per_s", "calls_per_s_min",
                   "calls_per_s_max", "over_one_thread", "samples")
OWNERSHIP_COLUMNS = ("binding", "modules", "glue_lines", "kernels", "glue_lines_per_kernel",
                     "error_glue_lines", "build_s", "build_s_low", "build_s_high",
                     "module_kb_stripped", "build_needs")
DECISION_COLUMNS = ("binding", "path", "noop_ns", "add_i64_ns", "per_argument_ns",
                    "construct_ns", "method_ns", "ndarray_in_ns", "marks",
                    "import_ms", "import_resolved", "first_call_ns", "build_s", "module_kb", "glue_lines_per_kernel",
                    "bad_raised", "bad_silent", "bad_crashed", "errors", "loading",
                    "gil_by_default", "release_pays_from_n")
JIT_COLUMNS = ("path", "kernel", "processes", "round_calls", "warmup_rounds", "warmup_calls",
               "warmup_ms", "settled", "ns_net")
COMPARISON_COLUMNS = ("path", "kernel", "run", "ns_net", "ns_net_low", "ns_net_high",
                      "ratio_to_first")
# make mine (harness/mine/): each of the user's functions, and each binding
MINE_FUNCTIONS_COLUMNS = ("function", "declaration", "status", "reason")
MINE_BINDINGS_COLUMNS = ("path", "module", "status", "functions", "timed", "glue_lines",
                         "build_s", "module_bytes", "reason")
# make releases (harness/releases/): each release's rows, its build, the steps
RELEASES_COLUMNS = ("tool", "order", "release", "path", "kernel", "arg", "instructions_net",
                    "ns_net", "ns_net_low", "ns_net_high")
RELEASE_BUILDS_COLUMNS = ("tool", "order", "release", "built", "error", "seconds")
RELEASE_STEPS_COLUMNS = ("tool", "path", "kernel", "arg", "before", "after",
                         "instructions_before", "instructions_after", "change_pct", "ns_before",
                         "ns_after", "cause")

# Every table a results folder may hold, by file name: the one writer
# (results_io.ResultsFolder.write_table) takes its columns from here.
FILES = {
    "summary.csv": SUMMARY_COLUMNS, "derived.csv": DERIVED_COLUMNS,
    "coverage.csv": COVERAGE_COLUMNS, "frontends.csv": FRONTENDS_COLUMNS,
    "import.csv": IMPORT_COLUMNS, "e2e.csv": E2E_COLUMNS, "instr.csv": INSTR_COLUMNS,
    "safety.csv": SAFETY_COLUMNS, "firstcall.csv": FIRSTCALL_COLUMNS,
    "threads.csv": THREADS_COLUMNS, "scaling.csv": SCALING_COLUMNS,
    "ownership.csv": OWNERSHIP_COLUMNS,
    "decision.csv": DECISION_COLUMNS, "jit.csv": JIT_COLUMNS,
    "comparison.csv": COMPARISON_COLUMNS,
    "functions.csv": MINE_FUNCTIONS_COLUMNS, "bindings.csv": MINE_BINDINGS_COLUMNS,
    "releases.csv": RELEASES_COLUMNS, "builds.csv": RELEASE_BUILDS_COLUMNS,
    "steps.csv": RELEASE_STEPS_COLUMNS,
}

# --- metadata.json: one object per run ---
# The run's context, as the driver (or jit_timing.py on PyPy) recorded it:
# Google Benchmark's context, the registry's run_metadata() (the machine, the
# interpreter, the build, the file each binding module was loaded from) and
# the workers' records.  Its keys are these, or start with these prefixes.
METADATA_CONTEXT = ("date", "host_name", "executable", "num_cpus", "mhz_per_cpu", "caches",
                    "load_avg", "library_build_type", "json_schema_version", "aslr", "kernel",
                    "timing_batch", "git_commit", "git_dirty", "driver_frontend",
                    "load_avg_start", "jit_method", "process_id", "hash_check", "layout")
METADATA_CONTEXT_PREFIXES = ("build_", "module_", "cpu_", "python_", "ffb_")
# The stages whose time metadata.json records (bench_seconds), in order.
BENCH_STAGES = ("measure", "check", "processes", "choice", "charts")
# What the pipeline adds to it, and who: a key not here is refused
# (ResultsFolder.record).
METADATA = {
    "load_avg_end": "summarize: the load average when the workers had finished",
    "estimator": "summarize: the headline estimator of ns and ns_net (stats.HEADLINE)",
    "slowed_machine": "summarize: true when the calibration found every CPU slowed",
    "ffb_spells": "summarize: the slow spells found in the workers' values (spells.py)",
    "warnings": "summarize, bench: what a reader of the figures must know",
    "frontend_headline": "frontends: the front-end whose rows are the headline",
    "frontend_headline_why": "frontends: why that one",
    "frontend_check": "frontends: the other front-end, or why it did not run",
    "frontend_libpython_embedded": "frontends: the libpython the embedded front-end loads",
    "frontend_libpython_hosted": "frontends: the libpython the hosted front-end runs in",
    "python_interpreter": "bench: the interpreter measured (PYTHON)",
    "bench_settings": "bench: the knobs as given, and the workers (config.Config.settings)",
    "bench_seconds": "bench: each stage's time, s",
    "bench_wall_seconds": "bench: the whole run's time, s",
    "bench_stages": "bench: each stage's outcome in the order begun: ran (its seconds), "
                    "skipped (why) or failed (why), bench.Stages",
    "charts_not_drawn": "charts: the charts left out, and why",
}
# What make mine adds instead of make bench's later stages (harness/mine/).
MINE_METADATA = {
    "mine_plan": "make mine: what it was asked to do (harness/mine/plan.py's Plan)",
    "mine_seconds": "make mine: each step's time, s",
}
# What make releases records (harness/releases/): its results folder holds no
# driver context of its own, so the registry's facts are one key.
RELEASES_METADATA = {
    "releases_plan": "make releases: the series, the releases chosen, QUICK, the kernels",
    "releases_context": "make releases: the registry's run_metadata() (machine, interpreter, "
                        "build, kernel object)",
    "releases_seconds": "make releases: the whole run's time, s",
}
# The keys the pipeline's stages may record (ResultsFolder.record).
RECORDED = {**METADATA, **MINE_METADATA, **RELEASES_METADATA}


def metadata_key(key):
    """Whether metadata.json may hold `key` (the one schema of its keys)."""
    return (key in RECORDED or key in METADATA_CONTEXT
            or key.startswith(METADATA_CONTEXT_PREFIXES))
