/* Progress lines on stderr while Google Benchmark runs (progress.h). */
#define _POSIX_C_SOURCE 200112L   /* clock_gettime, ftruncate under -std=c11 */
#include "progress.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

/* The size of the row file: a row's name and its terminating zero. */
#define ROW_FILE_SIZE 1024

static char *row_map = NULL;    /* the row file, mapped; NULL without one */

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

int
progress_begin(long rows, long repetitions, double min_time, double every,
               const char *row_file)
{
    if (row_file != NULL) {
        int fd = open(row_file, O_RDWR | O_CREAT | O_TRUNC, 0644);
        if (fd < 0 || ftruncate(fd, ROW_FILE_SIZE) < 0) {
            perror(row_file);
            if (fd >= 0) {
                close(fd);
            }
            return -1;
        }
        void *map = mmap(NULL, ROW_FILE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
        close(fd);      /* the mapping keeps the file */
        if (map == MAP_FAILED) {
            perror(row_file);
            return -1;
        }
        row_map = map;
    }
    progress.rows = rows;
    progress.total = rows > 0 ? rows * repetitions : 0;
    progress.done = 0;
    progress.min_time = min_time;
    progress.every = every;
    progress.start = progress.last = progress_now();
    return 0;
}

void
progress_mark(const char *name)
{
    if (row_map != NULL) {
        size_t n = strlen(name);
        n = n < ROW_FILE_SIZE - 1 ? n : ROW_FILE_SIZE - 1;
        memcpy(row_map, name, n);
        row_map[n] = '\0';
    }
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
    progress_mark("");      /* no row running any more */
}
