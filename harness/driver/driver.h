/* The driver library: everything the two front-ends share.
 *
 * The same code times the registry's rows in either of two processes:
 *
 *   embedded  build/ffibench-driver (driver_main.c), a C program that links
 *             libpython and starts its own interpreter;
 *   hosted    build/ffibench_driver<EXT_SUFFIX> (driver_module.c), an
 *             extension module that a python3 process imports
 *             (harness/driver/hosted_driver.py), so that Google Benchmark runs inside
 *             the interpreter build people actually run.
 *
 * They differ only in how the interpreter came to exist: on Debian the
 * python3 executable is a static build that no embedding program can link, so
 * only the hosted front-end measures it (README, "Two front-ends").
 */
#ifndef FFIBENCH_DRIVER_H
#define FFIBENCH_DRIVER_H

#include <limits.h>

typedef struct {
    char root[PATH_MAX];      /* the ffi-bench checkout; "" until known */
    int instr;                /* --instr: count instructions, do not time */
    const char *instr_filter; /* --instr=TEXT: rows whose name contains TEXT */
    const char *frontend;     /* "embedded" or "hosted", for the results */
    char pinned_cpu[32];      /* "none", or the CPU of --pin */
    double progress_every;    /* --progress: seconds between progress lines */
    long repetitions;         /* --benchmark_repetitions, for the progress lines */
    double min_time;          /* --benchmark_min_time, for the progress lines */
    long long hash_seed;      /* --hash-seed: str hash seed, -1 when random */
    const char *row_file;     /* --row-file: where the running row is named */
    const char *protocol;     /* --protocol: the module answering the protocol */
} ffb_options;

/* ffb_parse's answer when the run should go on. */
#define FFB_GO_ON (-1)

/* (args.c) Takes the driver's own flags out of argv (argv[0] is the program name used
 * in messages) and hands the --benchmark_* flags to Google Benchmark.
 * Returns FFB_GO_ON, or the exit status to stop with: 0 after --help, 2 after
 * printing what was wrong with the arguments.  Needs no interpreter. */
int ffb_parse(int argc, char **argv, ffb_options *options);

/* (driver.c) With the interpreter running and the GIL held: puts ROOT first on
 * sys.path, imports the registry's protocol (harness/registry/protocol.py, or
 * the module of --protocol),
 * registers its rows, and runs Google Benchmark (or counts instructions).  Returns the exit status; a Python
 * error is printed, not left set.  Google Benchmark's registrations are
 * process-wide, so call it once per process. */
int ffb_run(const ffb_options *options);

#endif /* FFIBENCH_DRIVER_H */
