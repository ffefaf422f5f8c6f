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
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

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

/* The argument shapes: HPyFunc_KEYWORDS and HPyArg_ParseKeywords (defaults
 * after "|", keyword-only after "$"), *args as HPyFunc_VARARGS (an array,
 * each converted), an optional int ("O", None the default: 0 to the kernel). */
#define KWARGS HPyContext *ctx, HPy self, const HPy *args, size_t nargs, HPy kwnames

HPyDef_METH(sum_defaults, "sum_defaults", HPyFunc_KEYWORDS)
static HPy sum_defaults_impl(KWARGS)
{
    (void)self;
    static const char *kwlist[] = {"a", "b", "c", NULL};
    long long a, b = 0, c = 0;
    if (!HPyArg_ParseKeywords(ctx, NULL, args, nargs, kwnames, "L|LL:sum_defaults", kwlist,
                              &a, &b, &c)) {
        return HPy_NULL;
    }
    return HPyLong_FromInt64_t(ctx, ffk_sum_i64_3(a, b, c));
}

HPyDef_METH(sum_kwonly, "sum_kwonly", HPyFunc_KEYWORDS)
static HPy sum_kwonly_impl(KWARGS)
{
    (void)self;
    static const char *kwlist[] = {"a", "b", NULL};
    long long a, b = 0;
    if (!HPyArg_ParseKeywords(ctx, NULL, args, nargs, kwnames, "L|$L:sum_kwonly", kwlist,
                              &a, &b)) {
        return HPy_NULL;
    }
    return HPyLong_FromInt64_t(ctx, ffk_sum_i64_2(a, b));
}

#define STAR_ON_STACK 16
HPyDef_METH(sum_star, "sum_star", HPyFunc_VARARGS)
static HPy sum_star_impl(ARGS)
{
    (void)self;
    int64_t on_stack[STAR_ON_STACK];
    int64_t *xs = nargs <= STAR_ON_STACK ? on_stack : malloc(nargs * sizeof *xs);
    if (xs == NULL) {
        return HPyErr_NoMemory(ctx);
    }
    HPy result = HPy_NULL;
    for (size_t i = 0; i < nargs; i++) {
        xs[i] = HPyLong_AsInt64_t(ctx, args[i]);
        if (xs[i] == -1 && HPyErr_Occurred(ctx)) {
            goto done;
        }
    }
    result = HPyLong_FromInt64_t(ctx, ffk_sum_i64_n(xs, nargs));
done:
    if (xs != on_stack) {
        free(xs);
    }
    return result;
}

HPyDef_METH(add_optional, "add_optional", HPyFunc_KEYWORDS)
static HPy add_optional_impl(KWARGS)
{
    (void)self;
    static const char *kwlist[] = {"a", "b", NULL};
    long long a;
    int64_t b = 0;
    HPy optional = HPy_NULL;
    /* "O" with keywords needs a tracker: the handle may be a new one */
    HPyTracker ht;
    if (!HPyArg_ParseKeywords(ctx, &ht, args, nargs, kwnames, "L|O:add_optional", kwlist,
                              &a, &optional)) {
        return HPy_NULL;
    }
    if (!HPy_IsNull(optional) && !HPy_Is(ctx, optional, ctx->h_None)) {
        b = HPyLong_AsInt64_t(ctx, optional);
    }
    HPyTracker_Close(ctx, ht);
    if (b == -1 && HPyErr_Occurred(ctx)) {
        return HPy_NULL;
    }
    return HPyLong_FromInt64_t(ctx, ffk_add_i64(a, b));
}

/* The objects workload: Point, a pure HPy type (HPyType_FromSpec, through
 * HPyHelpers_AddType when the module is executed) over the C struct, its
 * fields as members, its methods calling the kernels; point_dot type-checks
 * its instances against the type, kept in an HPyGlobal (HPy 0.9 has no
 * module state). */
typedef struct {
    ffk_point point;
} PointObject;

HPyType_HELPERS(PointObject)

static HPyGlobal point_type;

/* A new Point of `type` holding `value`. */
static HPy point_wrap(HPyContext *ctx, HPy type, ffk_point value)
{
    PointObject *data;
    HPy h = HPy_New(ctx, type, &data);
    if (!HPy_IsNull(h)) {
        data->point = value;
    }
    return h;
}

HPyDef_SLOT(Point_new, HPy_tp_new)
static HPy Point_new_impl(HPyContext *ctx, HPy type, const HPy *args, HPy_ssize_t nargs,
                          HPy kw)
{
    long long x, y;
    if (!HPy_IsNull(kw) && HPy_Length(ctx, kw) != 0) {
        HPyErr_SetString(ctx, ctx->h_TypeError, "Point() takes no keyword arguments");
        return HPy_NULL;
    }
    if (!HPyArg_Parse(ctx, NULL, args, (size_t)nargs, "LL:Point", &x, &y)) {
        return HPy_NULL;
    }
    return point_wrap(ctx, type, ffk_point_make(x, y));
}

HPyDef_MEMBER(Point_x, "x", HPyMember_LONGLONG, offsetof(PointObject, point.x))
HPyDef_MEMBER(Point_y, "y", HPyMember_LONGLONG, offsetof(PointObject, point.y))

HPyDef_METH(Point_sum, "sum", HPyFunc_NOARGS)
static HPy Point_sum_impl(HPyContext *ctx, HPy self)
{
    return HPyLong_FromInt64_t(ctx, ffk_point_sum(&PointObject_AsStruct(ctx, self)->point));
}

HPyDef_METH(Point_shift, "shift", HPyFunc_O)
static HPy Point_shift_impl(HPyContext *ctx, HPy self, HPy arg)
{
    int64_t d = HPyLong_AsInt64_t(ctx, arg);
    if (d == -1 && HPyErr_Occurred(ctx)) {
        return HPy_NULL;
    }
    ffk_point_shift(&PointObject_AsStruct(ctx, self)->point, d);
    return HPy_Dup(ctx, ctx->h_None);
}

HPyDef_METH(Point_scaled, "scaled", HPyFunc_O)
static HPy Point_scaled_impl(HPyContext *ctx, HPy self, HPy arg)
{
    int64_t k = HPyLong_AsInt64_t(ctx, arg);
    if (k == -1 && HPyErr_Occurred(ctx)) {
        return HPy_NULL;
    }
    HPy type = HPy_Type(ctx, self);
    if (HPy_IsNull(type)) {
        return HPy_NULL;
    }
    HPy result = point_wrap(ctx, type,
                            ffk_point_scaled(&PointObject_AsStruct(ctx, self)->point, k));
    HPy_Close(ctx, type);
    return result;
}

static HPyDef *Point_defines[] = {
    &Point_new, &Point_x, &Point_y, &Point_sum, &Point_shift, &Point_scaled, NULL
};

static HPyType_Spec Point_spec = {
#ifdef HPY_ABI_CPYTHON
    .name = "ffibench_hpy_cpython.Point",
#else
    .name = "ffibench_hpy_universal.Point",
#endif
    .basicsize = sizeof(PointObject),
    .builtin_shape = SHAPE(PointObject),
    .defines = Point_defines,
};

HPyDef_METH(point_dot, "point_dot", HPyFunc_VARARGS)
static HPy point_dot_impl(ARGS)
{
    (void)self;
    HPy a, b;
    if (!HPyArg_Parse(ctx, NULL, args, nargs, "OO:point_dot", &a, &b)) {
        return HPy_NULL;
    }
    HPy type = HPyGlobal_Load(ctx, point_type);
    int both = HPy_TypeCheck(ctx, a, type) && HPy_TypeCheck(ctx, b, type);
    HPy_Close(ctx, type);
    if (!both) {
        HPyErr_SetString(ctx, ctx->h_TypeError, "point_dot() arguments must be Point");
        return HPy_NULL;
    }
    return HPyLong_FromInt64_t(ctx, ffk_point_dot(&PointObject_AsStruct(ctx, a)->point,
                                                  &PointObject_AsStruct(ctx, b)->point));
}

HPyDef_SLOT(module_exec, HPy_mod_exec)
static int module_exec_impl(HPyContext *ctx, HPy module)
{
    if (!HPyHelpers_AddType(ctx, module, "Point", &Point_spec, NULL)) {
        return -1;
    }
    HPy type = HPy_GetAttr_s(ctx, module, "Point");
    if (HPy_IsNull(type)) {
        return -1;
    }
    HPyGlobal_Store(ctx, &point_type, type);
    HPy_Close(ctx, type);
    return 0;
}

static HPyGlobal *module_globals[] = {&point_type, NULL};

static HPyDef *module_defines[] = {
    &noop, &add_i64, &add_f64,
    &sum_i64_0, &sum_i64_1, &sum_i64_2, &sum_i64_3, &sum_i64_4,
    &sum_i64_5, &sum_i64_6, &sum_i64_7, &sum_i64_8,
    &len_bytes, &len_str, &fail_if_negative, &callback,
    &sum_defaults, &sum_kwonly, &sum_star, &add_optional, &point_dot, &module_exec,
    NULL
};

static HPyModuleDef moduledef = {
    .doc = "ffi-bench kernels through HPy",
    .defines = module_defines,
    .globals = module_globals,
};

#ifdef HPY_ABI_CPYTHON
HPy_MODINIT(ffibench_hpy_cpython, moduledef)
#else
HPy_MODINIT(ffibench_hpy_universal, moduledef)
#endif
