/* THE list of kernels, for the C bindings: X(name, Python signature) once per
 * kernel of kernels.h, so that a binding's tables (its method table, its
 * wrappers of every convention) are generated from one list and a new kernel
 * is one line here (plus its own conversion code in each binding).
 *
 * FFB_C_KERNELS: the kernels whose arguments are C values; FFB_KERNELS adds
 * the ones that take a Python callable (which the c.direct floor cannot
 * express: calling Python from C is what the bindings do).  The registry's
 * list (harness/registry/workloads.py) must match; a test checks it.
 */
#ifndef FFIBENCH_KERNEL_LIST_H
#define FFIBENCH_KERNEL_LIST_H

#define FFB_C_KERNELS(X)                                                      \
    X(noop, "noop() -> None")                                                 \
    X(add_i64, "add_i64(a, b) -> int")                                        \
    X(add_f64, "add_f64(a, b) -> float")                                      \
    X(sum_i64_0, "sum_i64_0() -> int")                                        \
    X(sum_i64_1, "sum_i64_1(a) -> int")                                       \
    X(sum_i64_2, "sum_i64_2(a, b) -> int")                                    \
    X(sum_i64_3, "sum_i64_3(a, b, c) -> int")                                 \
    X(sum_i64_4, "sum_i64_4(a, b, c, d) -> int")                              \
    X(sum_i64_5, "sum_i64_5(a, b, c, d, e) -> int")                           \
    X(sum_i64_6, "sum_i64_6(a, b, c, d, e, f) -> int")                        \
    X(sum_i64_7, "sum_i64_7(a, b, c, d, e, f, g) -> int")                     \
    X(sum_i64_8, "sum_i64_8(a, b, c, d, e, f, g, h) -> int")                  \
    X(sum_f64_buf, "sum_f64_buf(x) -> float")                                 \
    X(len_bytes, "len_bytes(s: bytes) -> int")                                \
    X(len_str, "len_str(s: str) -> int (UTF-8 bytes)")                        \
    X(fail_if_negative, "fail_if_negative(x) -> None, ValueError if x < 0")

#define FFB_KERNELS(X)                                                        \
    FFB_C_KERNELS(X)                                                          \
    X(callback, "callback(f, k) -> int: f(0) + ... + f(k-1)")

#endif /* FFIBENCH_KERNEL_LIST_H */
