/* ffibench-driver, the embedded front-end of the driver library (driver.h):
 * a C program that links libpython, starts an isolated interpreter with
 * PyConfig and runs the registry's benchmarks in it.
 *
 * Usage: ffibench-driver [--root=DIR] [--pin=CPU] [--instr]
 *                        [--benchmark_<flag>=<value> ...]
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "driver.h"

/* The parent of the folder holding this executable: build/.. */
static int
default_root(char *root, size_t size)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n < 0) {
        return -1;
    }
    exe[n] = '\0';
    for (int up = 0; up < 2; up++) {
        char *slash = strrchr(exe, '/');
        if (slash == NULL) {
            return -1;
        }
        *slash = '\0';
    }
    return snprintf(root, size, "%s", exe[0] != '\0' ? exe : "/") < (int)size
               ? 0 : -1;
}

/* Embeds CPython, isolated from the environment and the user's site
 * directory (the hosted front-end runs python3 -I to match).  The str hash
 * seed is --hash-seed's (an isolated interpreter reads no PYTHONHASHSEED);
 * instruction counts must not depend on it, so --instr fixes it to 0 when
 * none is given.  Returns 0, or -1 after printing why. */
static int
start_python(const char *program, const ffb_options *options)
{
    PyConfig config;
    PyConfig_InitIsolatedConfig(&config);
    if (options->hash_seed >= 0 || options->instr) {
        config.use_hash_seed = 1;
        config.hash_seed = options->hash_seed >= 0 ? (unsigned long)options->hash_seed : 0;
    }
    PyStatus status = PyConfig_SetBytesString(&config, &config.program_name,
                                              program);
    if (!PyStatus_Exception(status)) {
        status = Py_InitializeFromConfig(&config);
    }
    PyConfig_Clear(&config);
    if (PyStatus_Exception(status)) {
        fprintf(stderr, "%s: cannot start Python: %s%s%s\n", program,
                status.func != NULL ? status.func : "",
                status.func != NULL ? ": " : "",
                status.err_msg != NULL ? status.err_msg : "unknown error");
        return -1;
    }
    return 0;
}

int
main(int argc, char **argv)
{
    ffb_options options = {.root = "", .frontend = "embedded"};
    int stop = ffb_parse(argc, argv, &options);
    if (stop != FFB_GO_ON) {
        return stop;
    }
    if (options.root[0] == '\0'
        && default_root(options.root, sizeof options.root) < 0) {
        fprintf(stderr, "%s: cannot find the ffi-bench folder; pass --root=DIR\n",
                argv[0]);
        return 2;
    }
    if (start_python(argv[0], &options) < 0) {
        return 1;
    }
    int status = ffb_run(&options);
    if (Py_FinalizeEx() < 0 && status == 0) {
        status = 1;
    }
    return status;
}
