/* A registered row, and how the driver calls it: shared by the timing loop
 * (driver.c) and the instruction counts (instr.c).  The call functions are
 * static inline so that each loop compiles them in place, as one file did.
 */
#ifndef FFIBENCH_ROWS_H
#define FFIBENCH_ROWS_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdint.h>

#include "barriers.h"

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
    int fixed_iterations;   /* 1: its iteration count is given (every run is a value) */
} bench_row;

/* After a call returned NULL: 0 if the row expects exceptions and this is
 * one (it is cleared), else -1 (the row fails with it). */
static inline int
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
            ffb_clobber_memory();
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

/* (instr.c) The deterministic mode of --instr; see there. */
int ffb_count_instructions(bench_row *rows, Py_ssize_t count, const char *instr_filter);

#endif /* FFIBENCH_ROWS_H */
