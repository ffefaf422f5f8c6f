/* The driver library (driver.h): times every call path of the registry
 * (harness/registry/) with Google Benchmark, through the C API of gbench.h,
 * in whichever interpreter the front-end provides (embedded or hosted).
 *
 * The driver knows nothing of kernels or paths: it asks the registry, through
 * the protocol of harness/registry/protocol.py (its documentation is the
 * contract), for rows (name, kind, callable, args, kwnames, batch, label,
 * skip reason, catch, iterations: the ten fields register_row parses) and
 * registers one benchmark per row (rows.h).  Two kinds:
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
 * After every timed run of a row, outside its timing, the registry's sentinel
 * (a loop of calls whose speed shows a slowed CPU) is timed and reported with
 * the run as the counters sentinel_ns and sentinel_at_s: the summary knows a
 * value measured during a spell of the machine by it (spells.py).
 *
 * With --instr (under callgrind: make bench-instr), no timing (instr.c).  The
 * command line is args.c's, the progress lines progress.c's.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <limits.h>
#include <regex.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "driver.h"
#include "gbench.h"
#include "progress.h"
#include "rows.h"

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

/* The registry's sentinel (protocol.sentinel()): ROUNDS times loop(calls),
 * after the runs that lasted min_seconds or more: Google Benchmark's shorter
 * runs only size the iteration count (a run's counters are reported only
 * with its value), and a sentinel after each would add a third to a QUICK
 * pass's first worker.  A row whose iteration count is given (the later
 * workers run the first one's) is never sized: every run of it is a value,
 * and gets its sentinel however short it was (a first worker slowed 4x while
 * it sized the row would otherwise leave the others' values without one). */
static struct {
    PyObject *loop;
    PyObject *calls;        /* the argument, an int */
    long ncalls;
    int rounds;
    double min_seconds;
} sentinel;

#define SENTINEL_MAX_ROUNDS 15

static int
compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Times the sentinel and reports it with the run: the median over its rounds
 * of ns per call, and when (CLOCK_MONOTONIC seconds, one clock for every
 * worker process).  Returns -1 with a Python exception set. */
static int
time_sentinel(gb_state *state)
{
    double ns[SENTINEL_MAX_ROUNDS];
    for (int i = 0; i < sentinel.rounds; i++) {
        double start = progress_now();
        PyObject *result = PyObject_CallOneArg(sentinel.loop, sentinel.calls);
        double seconds = progress_now() - start;
        if (result == NULL) {
            return -1;
        }
        Py_DECREF(result);
        ns[i] = seconds * 1e9 / (double)sentinel.ncalls;
    }
    qsort(ns, (size_t)sentinel.rounds, sizeof ns[0], compare_doubles);
    gb_set_counter(state, "sentinel_ns", ns[sentinel.rounds / 2]);
    gb_set_counter(state, "sentinel_at_s", progress_now());
    return 0;
}

/* protocol.sentinel() into `sentinel`.  Returns -1 with a Python exception
 * set. */
static int
load_sentinel(PyObject *registry)
{
    PyObject *answer = PyObject_CallMethod(registry, "sentinel", NULL);
    if (answer == NULL) {
        return -1;
    }
    PyObject *loop;
    int ok = PyArg_ParseTuple(answer, "Oli:sentinel", &loop, &sentinel.ncalls,
                              &sentinel.rounds);
    if (ok && (sentinel.ncalls < 1 || sentinel.rounds < 1
               || sentinel.rounds > SENTINEL_MAX_ROUNDS)) {
        PyErr_Format(PyExc_ValueError, "sentinel: calls >= 1 and 1 to %d rounds",
                     SENTINEL_MAX_ROUNDS);
        ok = 0;
    }
    if (ok) {
        sentinel.calls = PyLong_FromLong(sentinel.ncalls);
        ok = sentinel.calls != NULL;
    }
    if (ok) {
        sentinel.loop = Py_NewRef(loop);
    }
    Py_DECREF(answer);
    return ok ? 0 : -1;
}

static void
release_sentinel(void)
{
    Py_CLEAR(sentinel.loop);
    Py_CLEAR(sentinel.calls);
}

static int run_row_body(gb_state *state, const bench_row *row);

static void
run_row(gb_state *state, void *arg)
{
    const bench_row *row = arg;
    progress_mark(row->name);
    double start = progress_now();
    int ended = run_row_body(state, row);
    double seconds = progress_now() - start;
    progress_count(seconds, ended);
    if (!ended && (row->fixed_iterations || seconds >= sentinel.min_seconds)
        && time_sentinel(state) < 0) {
        fail_row(state);
    }
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
 * batch, label, skipped, catch, iterations) and registers it.  Returns -1
 * with a Python exception set. */
static int
register_row(PyObject *tuple, bench_row *row)
{
    const char *name, *kind, *label, *skipped;
    PyObject *callable, *args, *kwnames;
    long long batch, iterations;
    int catch;
    if (!PyArg_ParseTuple(tuple, "ssOO!OLsspL:bench_rows", &name, &kind,
                          &callable, &PyTuple_Type, &args, &kwnames, &batch,
                          &label, &skipped, &catch, &iterations)) {
        return -1;
    }
    if (iterations < 0) {
        PyErr_Format(PyExc_ValueError, "%s: iterations must be >= 0", name);
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
    row->fixed_iterations = iterations > 0;
    gb_register(name, run_row, row, (int64_t)iterations);
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

/* Copies the registry's run_metadata() into Google Benchmark's JSON context. */
static int
add_metadata(PyObject *registry, const ffb_options *options)
{
    PyObject *facts = PyObject_CallMethod(registry, "run_metadata", NULL);
    if (facts == NULL) {
        return -1;
    }
    if (!PyDict_Check(facts)) {
        PyErr_SetString(PyExc_TypeError, "protocol.run_metadata() must return a dict");
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
    gb_add_custom_context("driver_frontend", options->frontend);
    gb_add_custom_context("cpu_pinned", options->pinned_cpu);
    char seed[32] = "random";
    if (options->hash_seed >= 0) {
        snprintf(seed, sizeof seed, "%lld", options->hash_seed);
    }
    gb_add_custom_context("hash_seed", seed);
    Py_DECREF(facts);
    return 0;
}

/* Puts ROOT first on sys.path, where the harness package (and its registry)
 * lives; the registry puts the binding folders first in turn.  Inserted, not
 * assigned: the interpreter's computed standard-library paths stay.  0, or -1
 * with the Python error set. */
static int
put_root_on_path(const char *root)
{
    PyObject *sys_path = PySys_GetObject("path");   /* borrowed */
    if (sys_path == NULL || !PyList_Check(sys_path)) {
        PyErr_SetString(PyExc_RuntimeError, "sys.path is not a list");
        return -1;
    }
    PyObject *folder = PyUnicode_FromString(root);
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
    if (put_root_on_path(options->root) < 0) {
        goto error;
    }
    registry = PyImport_ImportModule(options->protocol);
    if (registry == NULL) {
        goto error;
    }
    list = PyObject_CallMethod(registry, "bench_rows", NULL);
    if (list == NULL) {
        goto error;
    }
    if (!PyList_Check(list)) {
        PyErr_SetString(PyExc_TypeError, "protocol.bench_rows() must return a list");
        goto error;
    }
    if (add_metadata(registry, options) < 0 || load_sentinel(registry) < 0) {
        goto error;
    }
    /* a quarter: Google Benchmark grows a short run's count up to tenfold */
    sentinel.min_seconds = options->min_time / 4;
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
        if (ffb_count_instructions(rows, count, options->instr_filter) < 0) {
            goto done;
        }
    }
    else {
        /* Ctrl-C stops the run at once.  Python's handler (both front-ends
         * have it) would only turn it into a KeyboardInterrupt that fails the
         * row being timed, and the run would go on to exit 0.  An ignored
         * SIGINT (a background job) stays ignored. */
        if (progress_begin(matching_rows(rows, count), options->repetitions,
                           options->min_time, options->progress_every,
                           options->row_file) < 0) {
            goto done;
        }
        PyOS_sighandler_t on_sigint = PyOS_getsig(SIGINT);
        if (on_sigint != SIG_IGN) {
            PyOS_setsig(SIGINT, SIG_DFL);
        }
        progress_end(gb_run_specified());
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
    release_sentinel();
    Py_XDECREF(list);
    Py_XDECREF(registry);
    return status;
}

