/* Progress lines on stderr while Google Benchmark runs (progress.h). */
#define _POSIX_C_SOURCE 199309L   /* clock_gettime under -std=c11 */
#include "progress.h"

#include <stdio.h>
#include <time.h>

static struct {
    long total;          /* repetitions to run: matching rows x repetitions */
    long done;
    long rows;           /* the rows the filter matches */
    double min_time;     /* --benchmark_min_time, seconds */
    double start, last;  /* CLOCK_MONOTONIC seconds */
    double every;        /* seconds between progress lines (--progress) */
} progress;

double
progress_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

void
progress_begin(long rows, long repetitions, double min_time, double every)
{
    progress.rows = rows;
    progress.total = rows > 0 ? rows * repetitions : 0;
    progress.done = 0;
    progress.min_time = min_time;
    progress.every = every;
    progress.start = progress.last = progress_now();
}

void
progress_count(double run_seconds, int finished)
{
    if (!finished && run_seconds < progress.min_time) {
        return;
    }
    if (progress.done < progress.total) {
        progress.done++;
    }
    double now = progress_now();
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

void
progress_end(unsigned long ran)
{
    double took = progress_now() - progress.start;
    fprintf(stderr, "  done: %lu rows in %ld:%02ld\n", ran, (long)took / 60,
            (long)took % 60);
}
