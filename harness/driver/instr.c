/* The driver's --instr mode (make bench-instr): no timing; each row runs its
 * calls under callgrind, dumped by name, so that harness/tools/instr.py can
 * count instructions per call by difference.
 */
#include "rows.h"

#include <stdio.h>
#include <string.h>

#include <valgrind/callgrind.h>

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
int
ffb_count_instructions(bench_row *rows, Py_ssize_t count, const char *instr_filter)
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
