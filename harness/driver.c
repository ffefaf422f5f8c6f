/* The driver library (driver.h): times every call path of the registry
 * (harness/paths.py) with Google Benchmark, through the C API of gbench.h,
 * in whichever interpreter the front-end provides (embedded or hosted).
 *
 * The driver knows nothing of kernels or paths: it asks the registry for rows
 * (name, kind, callable, args, kwnames, batch, label, skip reason) and
 * registers one benchmark per row.  Two kinds of row:
 *
 *   loop  callable(batch, *args) once per KeepRunningBatch step: a Python
 *         loop running `for _ in range(n): f(a0, ...)` (interp mode), or a C
 *         loop calling the kernel n times (the c.direct floor);
 *   call  PyObject_Vectorcall(callable, args) once per call (vectorcall mode);
 *         a None callable runs the same C loop without the call.
 *
 * Each mode has a baseline row (its empty loop) measured in the same run, so
 * that the summary can subtract it.
 *
 * With --instr (under callgrind: make bench-instr), no timing: each row runs
 * one batch and three batches with callgrind collecting, and a stats dump is
 * named after each, so that harness/instr.py can count instructions per call
 * by difference, the fixed costs cancelled.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <limits.h>
#include <regex.h>
#include <sched.h>    /* sched_setaffinity: _GNU_SOURCE comes with Python.h */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <valgrind/callgrind.h>

#include "driver.h"
#include "gbench.h"

static const char usage_text[] =
    "usage: %s [--root=DIR] [--pin=CPU] [--progress=SECONDS] [--instr[=TEXT]]\n"
    "       [--benchmark_<flag>=<value> ...]\n"
    "\n"
    "Times every call path of the ffi-bench registry (DIR/harness/paths.py)\n"
    "with Google Benchmark, in this process's CPython (%s front-end).\n"
    "\n"
    "  --root=DIR         the ffi-bench checkout (default: the one this\n"
    "                     driver was built in)\n"
    "  --pin=CPU          run on that CPU only (sched_setaffinity)\n"
    "  --progress=SECONDS a progress line on stderr at most this often\n"
    "                     (default 10)\n"
    "  --instr[=TEXT]     count instructions under callgrind instead of timing,\n"
    "                     for the rows whose name contains TEXT and the baselines\n"
    "                     (make bench-instr runs it under valgrind)\n"
    "  --benchmark_*      passed to Google Benchmark, e.g.\n"
    "                     --benchmark_filter=add_i64 --benchmark_repetitions=5\n"
    "                     --benchmark_out=calls.json --benchmark_out_format=json\n"
    "                     (--benchmark_list_tests lists the rows)\n"
    "  -h, --help         this text\n";

/* One registered benchmark: borrowed views into the registry's tuple, which
 * the driver keeps alive until Google Benchmark has finished. */
typedef struct {
    PyObject *callable;     /* NULL: the empty loop of vectorcall mode */
    int per_call;           /* 1: kind "call"; 0: kind "loop" */
    /* The vectorcall arguments, after one free slot in front so that
     * PY_VECTORCALL_ARGUMENTS_OFFSET may be passed, as the interpreter does:
     * kind "loop": [slot, batch, *args]; kind "call": [slot, *args]. */
    PyObject **vector;
    Py_ssize_t nvector;     /* entries in vector, slot included */
    size_t nargsf;          /* positional count | PY_VECTORCALL_ARGUMENTS_OFFSET */
    PyObject *kwnames;      /* NULL, or the names of the last arguments */
    int64_t batch;
    const char *label;      /* the row's tags, reported with the result */
    const char *skipped;    /* NULL, or why the row is not measured */
    int catch;              /* 1: an Exception from a call is cleared */
    const char *name;       /* the benchmark name (for --instr) */
} bench_row;

/* The pending exception as "TypeName: message", malloc'ed; clears it. */
static char *
exception_text(void)
{
    PyObject *type, *value, *traceback;
    PyErr_Fetch(&type, &value, &traceback);
    PyErr_NormalizeException(&type, &value, &traceback);
    const char *type_name = "exception";
    const char *message = "";
    PyObject *str = value != NULL ? PyObject_Str(value) : NULL;
    if (str != NULL) {
        message = PyUnicode_AsUTF8(str);
        if (message == NULL) {
            message = "(message not printable)";
        }
    }
    if (type != NULL && PyType_Check(type)) {
        type_name = ((PyTypeObject *)type)->tp_name;
    }
    size_t size = strlen(type_name) + strlen(message) + 3;
    char *text = malloc(size);
    if (text != NULL) {
        snprintf(text, size, "%s: %s", type_name, message);
    }
    Py_XDECREF(str);
    Py_XDECREF(type);
    Py_XDECREF(value);
    Py_XDECREF(traceback);
    PyErr_Clear();
    return text;
}

static void
fail_row(gb_state *state)
{
    char *text = exception_text();
    gb_skip_with_error(state, text != NULL ? text : "out of memory");
    free(text);
}

/* After a call returned NULL: 0 if the row expects exceptions and this is
 * one (it is cleared), else -1 (the row fails with it). */
static int
absorb_error(const bench_row *row)
{
    if (row->catch && PyErr_ExceptionMatches(PyExc_Exception)) {
        PyErr_Clear();
        return 0;
    }
    return -1;
}

/* One call of the row's callable with `args` (the row's vector after its free
 * slot, or a copy with another count): 0 when it returned or raised an error
 * the row expects, -1 with the error set when it failed. */
static inline int
call_once(const bench_row *row, PyObject *const *args)
{
    PyObject *result = PyObject_Vectorcall(row->callable, args, row->nargsf,
                                           row->kwnames);
    if (result != NULL) {
        Py_DECREF(result);
        return 0;
    }
    return absorb_error(row);
}

/* n calls of a kind "call" row (the empty C loop when it has no callable):
 * 0, or -1 with the error set. */
static inline int
call_n(const bench_row *row, int64_t n)
{
    if (row->callable == NULL) {
        for (int64_t i = 0; i < n; i++) {
            gb_clobber_memory();
        }
        return 0;
    }
    for (int64_t i = 0; i < n; i++) {
        if (call_once(row, row->vector + 1) < 0) {
            return -1;
        }
    }
    return 0;
}

/* Progress on stderr.  With random interleaving Google Benchmark reports
 * nothing until the last round of repetitions, so a full run would look hung
 * for minutes.  A run of a row lasting min_time or more is taken as a
 * repetition done (Google Benchmark's shorter runs only size the iteration
 * count), as is a skipped or failed row; so the share is an estimate. */
static struct {
    long total;          /* repetitions to run: matching rows x repetitions */
    long done;
    long rows;           /* the rows the filter matches */
    double min_time;     /* --benchmark_min_time, seconds */
    long repetitions;    /* --benchmark_repetitions */
    double start, last;  /* CLOCK_MONOTONIC seconds */
    double every;        /* seconds between progress lines (--progress) */
} progress = {.min_time = 0.5, .repetitions = 1, .every = 10.0};

static double
now_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static void
count_progress(double run_seconds, int finished)
{
    if (!finished && run_seconds < progress.min_time) {
        return;
    }
    if (progress.done < progress.total) {
        progress.done++;
    }
    double now = now_seconds();
    if (now - progress.last < progress.every || progress.total == 0) {
        return;
    }
    progress.last = now;
    double elapsed = now - progress.start;
    double share = (double)progress.done / (double)progress.total;
    long left = share > 0 ? (long)(elapsed * (1 - share) / share + 0.5) : 0;
    fprintf(stderr, "  progress: about %3.0f%% (%ld of %ld repetitions of %ld rows), "
            "%ld:%02ld elapsed, about %ld:%02ld left\n", 100 * share,
            progress.done, progress.total, progress.rows,
            (long)elapsed / 60, (long)elapsed % 60, left / 60, left % 60);
}

/* The rows Google Benchmark's filter selects, with its rules: "" (no
 * --benchmark_filter) and "all" are every row, a leading '-' negates, the rest
 * is an extended regular expression searched in the name.  -1 when the filter
 * does not compile. */
static long
matching_rows(const bench_row *rows, Py_ssize_t count)
{
    char filter[1024];
    gb_filter(filter, sizeof filter);
    const char *pattern = filter[0] == '\0' || strcmp(filter, "all") == 0 ? "." : filter;
    int negate = pattern[0] == '-';
    regex_t re;
    if (regcomp(&re, pattern + negate, REG_EXTENDED | REG_NOSUB) != 0) {
        return -1;
    }
    long n = 0;
    for (Py_ssize_t i = 0; i < count; i++) {
        n += (regexec(&re, rows[i].name, 0, NULL, 0) == 0) != negate;
    }
    regfree(&re);
    return n;
}

static int run_row_body(gb_state *state, const bench_row *row);

static void
run_row(gb_state *state, void *arg)
{
    double start = now_seconds();
    int ended = run_row_body(state, arg);
    count_progress(now_seconds() - start, ended);
}

/* The timed loop of one run.  Returns 1 when the row ended at once (skipped,
 * or failed: Google Benchmark then reports it without further runs). */
static int
run_row_body(gb_state *state, const bench_row *row)
{
    gb_set_label(state, row->label);
    if (row->skipped != NULL) {
        gb_skip_with_error(state, row->skipped);
        return 1;
    }
    while (gb_keep_running_batch(state, row->batch)) {
        /* kind "loop": the callable loops `batch` times itself */
        if ((row->per_call ? call_n(row, row->batch)
                           : call_once(row, row->vector + 1)) < 0) {
            fail_row(state);
            return 1;
        }
    }
    return 0;
}

/* Fills *row from one registry tuple (name, kind, callable, args, kwnames,
 * batch, label, skipped, catch) and registers it.  Returns -1 with a Python
 * exception set. */
static int
register_row(PyObject *tuple, bench_row *row)
{
    const char *name, *kind, *label, *skipped;
    PyObject *callable, *args, *kwnames;
    long long batch;
    int catch;
    if (!PyArg_ParseTuple(tuple, "ssOO!OLssp:bench_rows", &name, &kind,
                          &callable, &PyTuple_Type, &args, &kwnames, &batch,
                          &label, &skipped, &catch)) {
        return -1;
    }
    row->per_call = strcmp(kind, "call") == 0;
    if (!row->per_call && strcmp(kind, "loop") != 0) {
        PyErr_Format(PyExc_ValueError, "%s: unknown kind '%s'", name, kind);
        return -1;
    }
    if (batch < 1) {
        PyErr_Format(PyExc_ValueError, "%s: batch must be >= 1", name);
        return -1;
    }
    if (kwnames != Py_None && !PyTuple_Check(kwnames)) {
        PyErr_Format(PyExc_TypeError, "%s: kwnames must be a tuple or None",
                     name);
        return -1;
    }
    Py_ssize_t nargs = PyTuple_GET_SIZE(args);
    Py_ssize_t nkw = kwnames == Py_None ? 0 : PyTuple_GET_SIZE(kwnames);
    if (nkw > nargs || (nkw > 0 && !row->per_call)) {
        PyErr_Format(PyExc_ValueError, "%s: bad keyword names", name);
        return -1;
    }
    row->nvector = 1 + (row->per_call ? 0 : 1) + nargs;
    row->vector = PyMem_Calloc((size_t)row->nvector, sizeof(PyObject *));
    if (row->vector == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    Py_ssize_t at = 1;
    if (!row->per_call) {
        row->vector[at] = PyLong_FromLongLong(batch);
        if (row->vector[at++] == NULL) {
            return -1;
        }
    }
    for (Py_ssize_t i = 0; i < nargs; i++) {
        row->vector[at++] = Py_NewRef(PyTuple_GET_ITEM(args, i));
    }
    row->nargsf = (size_t)(row->nvector - 1 - nkw) | PY_VECTORCALL_ARGUMENTS_OFFSET;
    row->kwnames = nkw > 0 ? kwnames : NULL;
    row->callable = callable != Py_None ? callable : NULL;
    if (row->callable == NULL && !row->per_call && skipped[0] == '\0') {
        PyErr_Format(PyExc_TypeError, "%s: a loop row needs a callable", name);
        return -1;
    }
    row->batch = batch;
    row->catch = catch;
    row->label = label;
    row->skipped = skipped[0] != '\0' ? skipped : NULL;
    row->name = name;
    gb_register(name, run_row, row);
    return 0;
}

static void
release_rows(bench_row *rows, Py_ssize_t count)
{
    for (Py_ssize_t i = 0; i < count; i++) {
        if (rows[i].vector != NULL) {
            for (Py_ssize_t j = 0; j < rows[i].nvector; j++) {
                Py_XDECREF(rows[i].vector[j]);
            }
            PyMem_Free(rows[i].vector);
        }
    }
    PyMem_Free(rows);
}

/* "none", or the CPU the driver is pinned to (--pin). */
static char pinned_cpu[32] = "none";

/* Pins the process to one CPU; returns -1 after printing why it cannot. */
static int
pin_to_cpu(const char *program, const char *text)
{
    char *end;
    long cpu = strtol(text, &end, 10);
    if (*text == '\0' || *end != '\0' || cpu < 0 || cpu >= CPU_SETSIZE) {
        fprintf(stderr, "%s: --pin needs a CPU number, not '%s'\n", program, text);
        return -1;
    }
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET((int)cpu, &set);
    if (sched_setaffinity(0, sizeof set, &set) < 0) {
        fprintf(stderr, "%s: cannot pin to CPU %ld: ", program, cpu);
        perror(NULL);
        return -1;
    }
    snprintf(pinned_cpu, sizeof pinned_cpu, "%ld", cpu);
    return 0;
}

/* Copies the registry's run_metadata() into Google Benchmark's JSON context. */
static int
add_metadata(PyObject *registry, const char *frontend)
{
    PyObject *facts = PyObject_CallMethod(registry, "run_metadata", NULL);
    if (facts == NULL) {
        return -1;
    }
    if (!PyDict_Check(facts)) {
        PyErr_SetString(PyExc_TypeError, "paths.run_metadata() must return a dict");
        Py_DECREF(facts);
        return -1;
    }
    PyObject *key, *value;
    Py_ssize_t pos = 0;
    while (PyDict_Next(facts, &pos, &key, &value)) {
        const char *k = PyUnicode_AsUTF8(key);
        const char *v = k != NULL ? PyUnicode_AsUTF8(value) : NULL;
        if (v == NULL) {
            Py_DECREF(facts);
            return -1;
        }
        gb_add_custom_context(k, v);
    }
    gb_add_custom_context("driver_frontend", frontend);
    gb_add_custom_context("cpu_pinned", pinned_cpu);
    Py_DECREF(facts);
    return 0;
}

/* Runs a row's action for n calls: one call of the loop with n in place of
 * the batch (kind "loop"), or n vectorcalls (kind "call").  0, or -1 with
 * the Python error set. */
static int
run_calls(const bench_row *row, int64_t n)
{
    if (!row->per_call) {
        PyObject *args[16];
        if (row->nvector > (Py_ssize_t)(sizeof args / sizeof args[0])) {
            PyErr_SetString(PyExc_ValueError, "too many loop arguments");
            return -1;
        }
        memcpy(args, row->vector, (size_t)row->nvector * sizeof(PyObject *));
        args[1] = PyLong_FromLongLong(n);
        if (args[1] == NULL) {
            return -1;
        }
        int status = call_once(row, args + 1);
        Py_DECREF(args[1]);
        return status;
    }
    return call_n(row, n);
}

/* The deterministic mode: for each row, one run to warm up (the interpreter
 * specialises its bytecode on the first calls), then runs of n = batch and
 * n = 3 * batch calls with callgrind collecting, each dumped as
 * "<name>|<n>": their difference is 2 * batch calls and nothing else.
 * Returns 0, or -1 when a row failed (the Python error is printed). */
static int
count_instructions(bench_row *rows, Py_ssize_t count, const char *instr_filter)
{
    for (Py_ssize_t i = 0; i < count; i++) {
        const bench_row *row = &rows[i];
        if (strstr(row->name, instr_filter) == NULL
            && strstr(row->name, "/baseline/") == NULL) {
            continue;
        }
        if (row->skipped != NULL) {
            printf("instr: %s skipped: %s\n", row->name, row->skipped);
            continue;
        }
        const int64_t runs[] = {row->batch, row->batch, 3 * row->batch};
        for (int r = 0; r < 3; r++) {
            int measured = r > 0;
            if (measured) {
                CALLGRIND_ZERO_STATS;
                CALLGRIND_TOGGLE_COLLECT;
            }
            int failed = run_calls(row, runs[r]) < 0;
            if (measured) {
                CALLGRIND_TOGGLE_COLLECT;
            }
            if (failed) {
                fprintf(stderr, "instr: %s failed\n", row->name);
                PyErr_Print();
                return -1;
            }
            if (measured) {
                char dump[512];
                snprintf(dump, sizeof dump, "%s|%lld", row->name, (long long)runs[r]);
                CALLGRIND_DUMP_STATS_AT(dump);
            }
        }
        printf("instr: [%zd/%zd] %s\n", i + 1, count, row->name);
        fflush(stdout);
    }
    return 0;
}

/* Puts ROOT/harness first on sys.path, where the registry lives (the
 * registry puts the binding folders first in turn).  Inserted, not assigned:
 * the interpreter's computed standard-library paths stay.  0, or -1 with the
 * Python error set. */
static int
put_harness_on_path(const char *root)
{
    PyObject *sys_path = PySys_GetObject("path");   /* borrowed */
    if (sys_path == NULL || !PyList_Check(sys_path)) {
        PyErr_SetString(PyExc_RuntimeError, "sys.path is not a list");
        return -1;
    }
    PyObject *folder = PyUnicode_FromFormat("%s/harness", root);
    if (folder == NULL) {
        return -1;
    }
    int status = PyList_Insert(sys_path, 0, folder);
    Py_DECREF(folder);
    return status;
}

int
ffb_run(const ffb_options *options)
{
    int status = 1;
    bench_row *rows = NULL;
    Py_ssize_t count = 0;
    PyObject *list = NULL;
    PyObject *registry = NULL;
    if (put_harness_on_path(options->root) < 0) {
        goto error;
    }
    registry = PyImport_ImportModule("paths");
    if (registry == NULL) {
        goto error;
    }
    list = PyObject_CallMethod(registry, "bench_rows", NULL);
    if (list == NULL) {
        goto error;
    }
    if (!PyList_Check(list)) {
        PyErr_SetString(PyExc_TypeError, "paths.bench_rows() must return a list");
        goto error;
    }
    if (add_metadata(registry, options->frontend) < 0) {
        goto error;
    }
    /* The registry's last word before timing (no cyclic GC from here on). */
    PyObject *prepared = PyObject_CallMethod(registry, "prepare_timing", NULL);
    if (prepared == NULL) {
        goto error;
    }
    Py_DECREF(prepared);
    count = PyList_GET_SIZE(list);
    rows = PyMem_Calloc((size_t)count + 1, sizeof(bench_row));
    if (rows == NULL) {
        PyErr_NoMemory();
        goto error;
    }
    for (Py_ssize_t i = 0; i < count; i++) {
        if (register_row(PyList_GET_ITEM(list, i), &rows[i]) < 0) {
            goto error;
        }
    }
    if (options->instr) {
        if (count_instructions(rows, count, options->instr_filter) < 0) {
            goto done;
        }
    }
    else {
        /* Ctrl-C stops the run at once.  Python's handler (both front-ends
         * have it) would only turn it into a KeyboardInterrupt that fails the
         * row being timed, and the run would go on to exit 0.  An ignored
         * SIGINT (a background job) stays ignored. */
        PyOS_sighandler_t on_sigint = PyOS_getsig(SIGINT);
        if (on_sigint != SIG_IGN) {
            PyOS_setsig(SIGINT, SIG_DFL);
        }
        progress.rows = matching_rows(rows, count);
        progress.total = progress.rows > 0 ? progress.rows * progress.repetitions : 0;
        progress.start = progress.last = now_seconds();
        size_t ran = gb_run_specified();
        double took = now_seconds() - progress.start;
        fprintf(stderr, "  done: %zu rows in %ld:%02ld\n", ran, (long)took / 60,
                (long)took % 60);
        if (on_sigint != SIG_IGN) {
            PyOS_setsig(SIGINT, on_sigint);
        }
    }
    gb_shutdown();
    status = 0;
    goto done;

error:
    PyErr_Print();
done:
    if (rows != NULL) {
        release_rows(rows, count);
    }
    Py_XDECREF(list);
    Py_XDECREF(registry);
    return status;
}

/* An argument neither the driver nor Google Benchmark knows: exit status 2. */
static int
usage_error(const char *program, const char *arg, const char *frontend)
{
    fprintf(stderr, "%s: unknown argument '%s'\n", program, arg);
    fprintf(stderr, usage_text, program, frontend);
    return 2;
}

int
ffb_parse(int argc, char **argv, ffb_options *options)
{
    const char *program = argv[0];
    options->instr = 0;
    options->instr_filter = "";
    /* Own flags are taken out of argv; --benchmark_* flags stay for Google
     * Benchmark; anything else is a mistake worth stopping for. */
    int kept = 1;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            printf(usage_text, program, options->frontend);
            return 0;
        }
        if (strncmp(arg, "--root=", 7) == 0 && arg[7] != '\0') {
            if (snprintf(options->root, sizeof options->root, "%s", arg + 7)
                >= (int)sizeof options->root) {
                fprintf(stderr, "%s: --root is too long\n", program);
                return 2;
            }
        }
        else if (strcmp(arg, "--instr") == 0 || strncmp(arg, "--instr=", 8) == 0) {
            options->instr = 1;
            options->instr_filter = arg[7] == '=' ? arg + 8 : "";
        }
        else if (strncmp(arg, "--progress=", 11) == 0) {
            char *end;
            progress.every = strtod(arg + 11, &end);
            if (arg[11] == '\0' || *end != '\0' || !(progress.every >= 0)) {
                fprintf(stderr, "%s: --progress needs seconds, not '%s'\n",
                        program, arg + 11);
                return 2;
            }
        }
        else if (strncmp(arg, "--pin=", 6) == 0) {
            if (pin_to_cpu(program, arg + 6) < 0) {
                return 2;
            }
        }
        else if (strncmp(arg, "--benchmark_", 12) == 0) {
            /* Google Benchmark's own; two of them size the progress lines
             * (a malformed value is Google Benchmark's to refuse). */
            if (strncmp(arg, "--benchmark_repetitions=", 24) == 0) {
                progress.repetitions = strtol(arg + 24, NULL, 10) > 0
                                           ? strtol(arg + 24, NULL, 10) : 1;
            }
            else if (strncmp(arg, "--benchmark_min_time=", 21) == 0) {
                progress.min_time = strtod(arg + 21, NULL);
            }
            argv[kept++] = argv[i];
        }
        else {
            return usage_error(program, arg, options->frontend);
        }
    }
    argc = kept;
    argv[argc] = NULL;

    gb_initialize(&argc, argv);
    if (argc > 1) {   /* a --benchmark_ flag Google Benchmark does not know */
        return usage_error(program, argv[1], options->frontend);
    }
    if (options->instr && !RUNNING_ON_VALGRIND) {
        fprintf(stderr, "%s: --instr counts instructions under callgrind: "
                "run it with 'make bench-instr'\n", program);
        return 2;
    }
    return FFB_GO_ON;
}
