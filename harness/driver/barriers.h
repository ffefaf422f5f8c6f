/* Compiler barriers for C: the equivalents of Google Benchmark's DoNotOptimize
 * and ClobberMemory, so that a call whose result is unused, or a loop with
 * nothing in it, is not optimised away.  Used by the driver's empty loops and
 * by the c.direct floor (floors/direct.c); they emit no instruction.
 */
#ifndef FFIBENCH_BARRIERS_H
#define FFIBENCH_BARRIERS_H

#if defined(__GNUC__) || defined(__clang__)
/* The compiler must believe the value is read (and memory written). */
#define ffb_do_not_optimize(value) __asm__ volatile("" : : "r,m"(value) : "memory")
/* The compiler must believe all memory is read and written. */
#define ffb_clobber_memory() __asm__ volatile("" : : : "memory")
#else
#error "barriers.h needs GCC or Clang inline assembly for its compiler barriers"
#endif

#endif /* FFIBENCH_BARRIERS_H */
