/* ffibench_driver, the hosted front-end of the driver library (driver.h): an
 * extension module, so that Google Benchmark runs inside the python3 process
 * that imports it, on the interpreter build people run.
 * harness/driver/hosted_driver.py is its command line:
 *
 *   python3 -I harness/driver/hosted_driver.py [driver flags, as ffibench-driver]
 *
 * ffibench_driver.main(argv) -> exit status; once per process, because Google
 * Benchmark's registrations and flags are process-wide.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdlib.h>
#include <string.h>

#include "driver.h"

static int ran = 0;

/* argv as C strings in the file system encoding, NULL-terminated (Google
 * Benchmark's Initialize rearranges the array, so it is the driver's own);
 * NULL with a Python error set. */
static char **
c_argv(PyObject *list, int *argc)
{
    if (!PyList_Check(list) || PyList_GET_SIZE(list) < 1
        || PyList_GET_SIZE(list) > INT_MAX - 1) {
        PyErr_SetString(PyExc_TypeError,
                        "main() takes the argument list, program name first");
        return NULL;
    }
    Py_ssize_t n = PyList_GET_SIZE(list);
    char **argv = PyMem_Calloc((size_t)n + 1, sizeof(char *));
    if (argv == NULL) {
        PyErr_NoMemory();
        return NULL;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *bytes = NULL;
        if (!PyUnicode_FSConverter(PyList_GET_ITEM(list, i), &bytes)) {
            goto fail;
        }
        argv[i] = strdup(PyBytes_AS_STRING(bytes));
        Py_DECREF(bytes);
        if (argv[i] == NULL) {
            PyErr_NoMemory();
            goto fail;
        }
    }
    *argc = (int)n;
    return argv;

fail:
    for (Py_ssize_t i = 0; i < n; i++) {
        free(argv[i]);
    }
    PyMem_Free(argv);
    return NULL;
}

/* 1 when this interpreter ignored PYTHON* variables (-E, -I), or when that
 * cannot be told. */
static int
environment_ignored(void)
{
    PyObject *flags = PySys_GetObject("flags");    /* borrowed */
    PyObject *value = flags != NULL ? PyObject_GetAttrString(flags, "ignore_environment")
                                    : NULL;
    int ignored = value == NULL || PyObject_IsTrue(value) != 0;
    Py_XDECREF(value);
    PyErr_Clear();
    return ignored;
}

static PyObject *
driver_main(PyObject *module, PyObject *list)
{
    (void)module;
    if (ran) {
        PyErr_SetString(PyExc_RuntimeError,
                        "the driver runs once per process (Google Benchmark's "
                        "registrations are process-wide)");
        return NULL;
    }
    int argc;
    char **argv = c_argv(list, &argc);
    if (argv == NULL) {
        return NULL;
    }
    /* Google Benchmark reorders argv and keeps argv[0] (the executable name
     * in its reports) until the run is over: the strings are freed after it,
     * through a copy of the array in its first order. */
    char **owned = PyMem_Calloc((size_t)argc + 1, sizeof(char *));
    if (owned == NULL) {
        PyMem_Free(argv);
        return PyErr_NoMemory();
    }
    memcpy(owned, argv, (size_t)argc * sizeof(char *));
    ran = 1;
    ffb_options options = {.root = "", .frontend = "hosted"};
    int status = ffb_parse(argc, argv, &options);
    if (status == FFB_GO_ON && options.root[0] == '\0') {
        fprintf(stderr, "%s: pass --root=DIR (harness/driver/hosted_driver.py does)\n",
                argv[0]);
        status = 2;
    }
    if (status == FFB_GO_ON && options.hash_seed >= 0) {
        /* This interpreter's seed was fixed when it started: the flag can
         * only be checked against it. */
        const char *env = getenv("PYTHONHASHSEED");
        if (env == NULL || strtoll(env, NULL, 10) != options.hash_seed
            || environment_ignored()) {
            fprintf(stderr, "%s: --hash-seed=%lld needs PYTHONHASHSEED=%lld in the "
                    "environment of a python3 run without -E or -I (the hosted "
                    "interpreter's seed is fixed when it starts)\n",
                    argv[0], options.hash_seed, options.hash_seed);
            status = 2;
        }
    }
    if (status == FFB_GO_ON) {
        status = ffb_run(&options);
    }
    for (int i = 0; i < argc; i++) {
        free(owned[i]);
    }
    PyMem_Free(argv);
    PyMem_Free(owned);
    return PyLong_FromLong(status);
}

static PyMethodDef methods[] = {
    {"main", driver_main, METH_O,
     "main(argv) -> exit status: run the ffi-bench driver in this process "
     "with the command line argv (argv[0] the program name)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT,
    .m_name = "ffibench_driver",
    .m_doc = "The ffi-bench driver, hosted in this interpreter (harness/driver/driver.h).",
    .m_size = -1,   /* one driver per process: see main() */
    .m_methods = methods,
};

PyMODINIT_FUNC
PyInit_ffibench_driver(void)
{
    PyObject *module = PyModule_Create(&module_def);
#ifdef Py_GIL_DISABLED
    /* Importing the driver must not turn a free-threaded build's GIL back on
     * (it would time every path with the GIL). */
    if (module != NULL && PyUnstable_Module_SetGIL(module, Py_MOD_GIL_NOT_USED) < 0) {
        Py_DECREF(module);
        return NULL;
    }
#endif
    return module;
}
