/* The driver's command line (driver.h: ffb_parse): its own flags, taken out
 * of argv, and Google Benchmark's --benchmark_* flags, handed to it.  Needs no
 * interpreter, so that a mistake stops the run before Python starts.
 */
#define _GNU_SOURCE     /* sched_setaffinity */
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <valgrind/callgrind.h>

#include "driver.h"
#include "gbench.h"

static const char usage_text[] =
    "usage: %s [--root=DIR] [--pin=CPU] [--progress=SECONDS] [--instr[=TEXT]]\n"
    "       [--hash-seed=N] [--row-file=FILE] [--protocol=MODULE]\n"
    "       [--benchmark_<flag>=<value> ...]\n"
    "\n"
    "Times every call path of the ffi-bench registry (DIR/harness/registry/)\n"
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
    "  --hash-seed=N      the str hash seed (0..4294967295), recorded in the\n"
    "                     results; the hosted front-end takes it from\n"
    "                     PYTHONHASHSEED, which must then hold N\n"
    "  --row-file=FILE    names the row being run in FILE (a memory map), so\n"
    "                     that a crash can be blamed on its row\n"
    "  --protocol=MODULE  the rows' module, of the protocol of\n"
    "                     harness/registry/protocol.py (default that one;\n"
    "                     make mine's is harness.mine.protocol)\n"
    "  --benchmark_*      passed to Google Benchmark, e.g.\n"
    "                     --benchmark_filter=add_i64 --benchmark_repetitions=5\n"
    "                     --benchmark_out=calls.json --benchmark_out_format=json\n"
    "                     (--benchmark_list_tests lists the rows)\n"
    "  -h, --help         this text\n";

/* Pins the process to one CPU; returns -1 after printing why it cannot. */
static int
pin_to_cpu(const char *program, const char *text, ffb_options *options)
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
    snprintf(options->pinned_cpu, sizeof options->pinned_cpu, "%ld", cpu);
    return 0;
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
    snprintf(options->pinned_cpu, sizeof options->pinned_cpu, "none");
    options->progress_every = 10.0;
    options->repetitions = 1;       /* Google Benchmark's defaults */
    options->min_time = 0.5;
    options->hash_seed = -1;
    options->row_file = NULL;
    options->protocol = "harness.registry.protocol";
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
            options->progress_every = strtod(arg + 11, &end);
            if (arg[11] == '\0' || *end != '\0' || !(options->progress_every >= 0)) {
                fprintf(stderr, "%s: --progress needs seconds, not '%s'\n",
                        program, arg + 11);
                return 2;
            }
        }
        else if (strncmp(arg, "--hash-seed=", 12) == 0) {
            char *end;
            long long seed = strtoll(arg + 12, &end, 10);
            if (arg[12] == '\0' || *end != '\0' || seed < 0 || seed > 4294967295LL) {
                fprintf(stderr, "%s: --hash-seed needs 0..4294967295, not '%s'\n",
                        program, arg + 12);
                return 2;
            }
            options->hash_seed = seed;
        }
        else if (strncmp(arg, "--row-file=", 11) == 0 && arg[11] != '\0') {
            options->row_file = arg + 11;
        }
        else if (strncmp(arg, "--protocol=", 11) == 0 && arg[11] != '\0') {
            options->protocol = arg + 11;
        }
        else if (strncmp(arg, "--pin=", 6) == 0) {
            if (pin_to_cpu(program, arg + 6, options) < 0) {
                return 2;
            }
        }
        else if (strncmp(arg, "--benchmark_", 12) == 0) {
            /* Google Benchmark's own; two of them size the progress lines
             * (a malformed value is Google Benchmark's to refuse). */
            if (strncmp(arg, "--benchmark_repetitions=", 24) == 0) {
                long n = strtol(arg + 24, NULL, 10);
                options->repetitions = n > 0 ? n : 1;
            }
            else if (strncmp(arg, "--benchmark_min_time=", 21) == 0) {
                options->min_time = strtod(arg + 21, NULL);
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
