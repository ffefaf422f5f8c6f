/* The kernels through HPy, the way its documentation shows: HPyDef_METH of
 * each kernel, arguments parsed with HPyArg_Parse, errors raised with
 * HPyErr_SetString.
 *
 * Built twice from this one file (Makefile): with HPY_ABI_CPYTHON as
 * ffibench_hpy_cpython, an ordinary CPython extension in which every HPy call
 * is a C-API call, and with HPY_ABI_UNIVERSAL as ffibench_hpy_universal, one
 * binary for every interpreter, in which every HPy call goes through the
 * context's function table and the hpy.universal module (HPy's pip package)
 * loads the module.  Same code, same flags: what differs is the ABI.
 *
 * sum_f64_buf is absent: HPy 0.9 can export a buffer but has no call to read
 * another object's (the registry says so).  HPyArg_Parse's "L" is a C long
 * long: int64_t on every platform HPy supports. */
#include <stdint.h>

#include "hpy.h"
#include "kernels.h"

/* A VARARGS function in HPy 0.9 receives its arguments as an array (it is
 * METH_FASTCALL under the CPython ABI). */
#define ARGS HPyContext *ctx, HPy self, const HPy *args, size_t nargs

HPyDef_METH(noop, "noop", HPyFunc_NOARGS)
static HPy noop_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    ffk_noop();
    return HPy_Dup(ctx, ctx->h_None);
}

HPyDef_METH(add_i64, "add_i64", HPyFunc_VARARGS)
static HPy add_i64_impl(ARGS)
{
    (void)self;
    long long a, b;
    if (!HPyArg_Parse(ctx, NULL, args, nargs, "LL:add_i64", &a, &b)) {
        return HPy_NULL;
    }
    return HPyLong_FromInt64_t(ctx, ffk_add_i64(a, b));
}

HPyDef_METH(add_f64, "add_f64", HPyFunc_VARARGS)
static HPy add_f64_impl(ARGS)
{
    (void)self;
    double a, b;
    if (!HPyArg_Parse(ctx, NULL, args, nargs, "dd:add_f64", &a, &b)) {
        return HPy_NULL;
    }
    return HPyFloat_FromDouble(ctx, ffk_add_f64(a, b));
}

/* The argument-count series: sum_i64_N parses N long longs. */
HPyDef_METH(sum_i64_0, "sum_i64_0", HPyFunc_NOARGS)
static HPy sum_i64_0_impl(HPyContext *ctx, HPy self)
{
    (void)self;
    return HPyLong_FromInt64_t(ctx, ffk_sum_i64_0());
}

#define SUM_I64(N, FORMAT, DECLARE, TARGETS, CALL)                            \
    HPyDef_METH(sum_i64_##N, "sum_i64_" #N, HPyFunc_VARARGS)                  \
    static HPy sum_i64_##N##_impl(ARGS)                                       \
    {                                                                         \
        (void)self;                                                           \
        long long DECLARE;                                                    \
        if (!HPyArg_Parse(ctx, NULL, args, nargs, FORMAT ":sum_i64_" #N,      \
                          TARGETS)) {                                         \
            return HPy_NULL;                                                  \
        }                                                                     \
        return HPyLong_FromInt64_t(ctx, CALL);                                \
    }

/* COMMA: a comma inside one macro argument. */
#define COMMA ,
SUM_I64(1, "L", a, &a, ffk_sum_i64_1(a))
SUM_I64(2, "LL", a COMMA b, &a COMMA &b, ffk_sum_i64_2(a, b))
SUM_I64(3, "LLL", a COMMA b COMMA c, &a COMMA &b COMMA &c, ffk_sum_i64_3(a, b, c))
SUM_I64(4, "LLLL", a COMMA b COMMA c COMMA d, &a COMMA &b COMMA &c COMMA &d,
        ffk_sum_i64_4(a, b, c, d))
SUM_I64(5, "LLLLL", a COMMA b COMMA c COMMA d COMMA e,
        &a COMMA &b COMMA &c COMMA &d COMMA &e, ffk_sum_i64_5(a, b, c, d, e))
SUM_I64(6, "LLLLLL", a COMMA b COMMA c COMMA d COMMA e COMMA f,
        &a COMMA &b COMMA &c COMMA &d COMMA &e COMMA &f,
        ffk_sum_i64_6(a, b, c, d, e, f))
SUM_I64(7, "LLLLLLL", a COMMA b COMMA c COMMA d COMMA e COMMA f COMMA g,
        &a COMMA &b COMMA &c COMMA &d COMMA &e COMMA &f COMMA &g,
        ffk_sum_i64_7(a, b, c, d, e, f, g))
SUM_I64(8, "LLLLLLLL", a COMMA b COMMA c COMMA d COMMA e COMMA f COMMA g COMMA h,
        &a COMMA &b COMMA &c COMMA &d COMMA &e COMMA &f COMMA &g COMMA &h,
        ffk_sum_i64_8(a, b, c, d, e, f, g, h))

/* len_bytes: a bytes object's own pointer and size, no copy. */
HPyDef_METH(len_bytes, "len_bytes", HPyFunc_O)
static HPy len_bytes_impl(HPyContext *ctx, HPy self, HPy s)
{
    (void)self;
    if (!HPyBytes_Check(ctx, s)) {
        HPyErr_SetString(ctx, ctx->h_TypeError, "len_bytes() argument must be bytes");
        return HPy_NULL;
    }
    const char *data = HPyBytes_AsString(ctx, s);
    HPy_ssize_t size = HPyBytes_Size(ctx, s);
    return HPyLong_FromSize_t(ctx, ffk_len_bytes(data, (size_t)size));
}

/* len_str: the UTF-8 form of a str (cached by CPython in the object). */
HPyDef_METH(len_str, "len_str", HPyFunc_O)
static HPy len_str_impl(HPyContext *ctx, HPy self, HPy s)
{
    (void)self;
    if (!HPyUnicode_Check(ctx, s)) {
        HPyErr_SetString(ctx, ctx->h_TypeError, "len_str() argument must be str");
        return HPy_NULL;
    }
    HPy_ssize_t size;
    const char *data = HPyUnicode_AsUTF8AndSize(ctx, s, &size);
    if (data == NULL) {
        return HPy_NULL;
    }
    return HPyLong_FromSize_t(ctx, ffk_len_bytes(data, (size_t)size));
}

/* fail_if_negative: the kernel's -1 raised as ValueError. */
HPyDef_METH(fail_if_negative, "fail_if_negative", HPyFunc_VARARGS)
static HPy fail_if_negative_impl(ARGS)
{
    (void)self;
    long long x;
    if (!HPyArg_Parse(ctx, NULL, args, nargs, "L:fail_if_negative", &x)) {
        return HPy_NULL;
    }
    if (ffk_fail_if_negative(x) != 0) {
        HPyErr_SetString(ctx, ctx->h_ValueError, "fail_if_negative: x is negative");
        return HPy_NULL;
    }
    return HPy_Dup(ctx, ctx->h_None);
}

/* callback: the C callback calls the Python callable through HPy_Call; after
 * the first error it returns 0 without calling, and the function raises that
 * error (still set) when the kernel returns. */
typedef struct {
    HPyContext *ctx;
    HPy f;
    int failed;
} hpy_callback;

static int64_t call_python(void *data, int64_t i)
{
    hpy_callback *cb = data;
    HPyContext *ctx = cb->ctx;
    if (cb->failed) {
        return 0;
    }
    HPy arg = HPyLong_FromInt64_t(ctx, i);
    if (HPy_IsNull(arg)) {
        cb->failed = 1;
        return 0;
    }
    HPy result = HPy_Call(ctx, cb->f, &arg, 1, HPy_NULL);
    HPy_Close(ctx, arg);
    if (HPy_IsNull(result)) {
        cb->failed = 1;
        return 0;
    }
    int64_t value = HPyLong_AsInt64_t(ctx, result);
    HPy_Close(ctx, result);
    if (value == -1 && HPyErr_Occurred(ctx)) {
        cb->failed = 1;
        return 0;
    }
    return value;
}

HPyDef_METH(callback, "callback", HPyFunc_VARARGS)
static HPy callback_impl(ARGS)
{
    (void)self;
    HPy f;
    long long k;
    if (!HPyArg_Parse(ctx, NULL, args, nargs, "OL:callback", &f, &k)) {
        return HPy_NULL;
    }
    if (!HPyCallable_Check(ctx, f)) {
        HPyErr_SetString(ctx, ctx->h_TypeError, "callback() f must be callable");
        return HPy_NULL;
    }
    hpy_callback cb = {ctx, f, 0};
    int64_t result = ffk_callback(call_python, &cb, k);
    if (cb.failed) {
        return HPy_NULL;
    }
    return HPyLong_FromInt64_t(ctx, result);
}

static HPyDef *module_defines[] = {
    &noop, &add_i64, &add_f64,
    &sum_i64_0, &sum_i64_1, &sum_i64_2, &sum_i64_3, &sum_i64_4,
    &sum_i64_5, &sum_i64_6, &sum_i64_7, &sum_i64_8,
    &len_bytes, &len_str, &fail_if_negative, &callback,
    NULL
};

static HPyModuleDef moduledef = {
    .doc = "ffi-bench kernels through HPy",
    .defines = module_defines,
};

#ifdef HPY_ABI_CPYTHON
HPy_MODINIT(ffibench_hpy_cpython, moduledef)
#else
HPy_MODINIT(ffibench_hpy_universal, moduledef)
#endif
