/* Progress lines on stderr while Google Benchmark runs.  With random
 * interleaving it reports nothing until the last round of repetitions, so a
 * full run would look hung for minutes.  A run of a row lasting min_time or
 * more is taken as a repetition done (Google Benchmark's shorter runs only
 * size the iteration count), as is a skipped or failed row; so the share is an
 * estimate.
 */
#ifndef FFIBENCH_PROGRESS_H
#define FFIBENCH_PROGRESS_H

/* Seconds on CLOCK_MONOTONIC. */
double progress_now(void);

/* Starts counting: rows to run, repetitions of each, the min_time below
 * which a run only sizes the iteration count, and the seconds between lines.
 * row_file (or NULL): the file progress_mark names the running row in.
 * Returns -1 after printing why row_file cannot be used, else 0. */
int progress_begin(long rows, long repetitions, double min_time, double every,
                   const char *row_file);

/* Names the row about to run in row_file, before its timing starts: if the
 * process dies (a signal in a binding), whoever started it can read which row
 * killed it.  A store into a shared memory map, no system call. */
void progress_mark(const char *name);

/* One run of a row ended after run_seconds; finished: skipped or failed. */
void progress_count(double run_seconds, int finished);

/* The closing line: how many rows ran, in how long. */
void progress_end(unsigned long ran);

#endif /* FFIBENCH_PROGRESS_H */
