/* The objects workload through the C API: Point, a heap type over the C
 * struct ffk_point (kernels.h), made with PyType_FromSpec, its fields as
 * members, its methods calling the kernels; and point_dot, a module function
 * that type-checks its two instances.  Stable ABI only, like capi.c, so that
 * the abi3 twin runs the same code.  Included by capi.c alone, which adds the
 * type to the module when it is executed (Py_mod_exec) and keeps it in the
 * module's state for the type check.
 */
#ifndef FFIBENCH_CAPI_POINT_H
#define FFIBENCH_CAPI_POINT_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stddef.h>

#include "kernels.h"

/* The member type of an int64 field: Py_T_LONGLONG from 3.12 on, before
 * that T_LONGLONG of structmember.h (the same value, part of the stable ABI). */
#if PY_VERSION_HEX >= 0x030C0000
#define FFB_T_INT64 Py_T_LONGLONG
#else
#include "structmember.h"
#define FFB_T_INT64 T_LONGLONG
#endif

/* The module's state (the objects and NumPy functions'). */
typedef struct {
    PyObject *point_type;   /* Point, for point_dot's type check */
    PyObject *numpy_empty;  /* numpy.empty once a NumPy function needed it */
} capi_state;

typedef struct {
    PyObject_HEAD
    ffk_point point;
} PointObject;

/* A new Point holding `value`; no GC (it holds no references), so
 * PyObject_New, which also takes the reference a heap type's instance holds
 * on its type. */
static PyObject *
point_wrap(PyTypeObject *type, ffk_point value)
{
    PointObject *self = PyObject_New(PointObject, type);
    if (self == NULL) {
        return NULL;
    }
    self->point = value;
    return (PyObject *)self;
}

static PyObject *
Point_new(PyTypeObject *type, PyObject *args, PyObject *kwargs)
{
    static char *kwlist[] = {"x", "y", NULL};
    long long x, y;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "LL:Point", kwlist, &x, &y)) {
        return NULL;
    }
    return point_wrap(type, ffk_point_make(x, y));
}

/* A heap type's instance holds a reference to its type, released here. */
static void
Point_dealloc(PyObject *self)
{
    PyTypeObject *type = Py_TYPE(self);
    PyObject_Free(self);
    Py_DECREF(type);
}

static PyObject *
Point_sum(PyObject *self, PyObject *Py_UNUSED(ignored))
{
    return PyLong_FromLongLong(ffk_point_sum(&((PointObject *)self)->point));
}

static PyObject *
Point_shift(PyObject *self, PyObject *arg)
{
    long long d = PyLong_AsLongLong(arg);
    if (d == -1 && PyErr_Occurred()) {
        return NULL;
    }
    ffk_point_shift(&((PointObject *)self)->point, d);
    Py_RETURN_NONE;
}

static PyObject *
Point_scaled(PyObject *self, PyObject *arg)
{
    long long k = PyLong_AsLongLong(arg);
    if (k == -1 && PyErr_Occurred()) {
        return NULL;
    }
    return point_wrap(Py_TYPE(self), ffk_point_scaled(&((PointObject *)self)->point, k));
}

static PyMethodDef Point_methods[] = {
    {"sum", Point_sum, METH_NOARGS, PyDoc_STR("sum() -> int: x + y")},
    {"shift", Point_shift, METH_O, PyDoc_STR("shift(d) -> None: x += d, y += d")},
    {"scaled", Point_scaled, METH_O, PyDoc_STR("scaled(k) -> Point: (k * x, k * y)")},
    {NULL, NULL, 0, NULL}   /* sentinel */
};

static PyMemberDef Point_members[] = {
    {"x", FFB_T_INT64, offsetof(PointObject, point.x), 0, PyDoc_STR("x (int64)")},
    {"y", FFB_T_INT64, offsetof(PointObject, point.y), 0, PyDoc_STR("y (int64)")},
    {NULL, 0, 0, 0, NULL}   /* sentinel */
};

static PyType_Slot Point_slots[] = {
    {Py_tp_new, Point_new},
    {Py_tp_dealloc, Point_dealloc},
    {Py_tp_methods, Point_methods},
    {Py_tp_members, Point_members},
    {Py_tp_doc, (void *)PyDoc_STR("Point(x, y): the C struct ffk_point")},
    {0, NULL}   /* sentinel */
};

/* Immutable where the flag exists (3.10 on; PyPy 3.9 has none). */
#ifndef Py_TPFLAGS_IMMUTABLETYPE
#define Py_TPFLAGS_IMMUTABLETYPE 0
#endif

static PyType_Spec Point_spec = {
    .name = MODULE_NAME ".Point",
    .basicsize = sizeof(PointObject),
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Point_slots,
};

/* point_dot(a, b): both must be Points of this module. */
static PyObject *
point_dot(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    capi_state *state = PyModule_GetState(module);
    if (state == NULL) {
        return NULL;
    }
    if (nargs != 2) {
        PyErr_Format(PyExc_TypeError, "point_dot() takes exactly 2 arguments (%zd given)",
                     nargs);
        return NULL;
    }
    for (Py_ssize_t i = 0; i < 2; i++) {
        if (!PyObject_TypeCheck(args[i], (PyTypeObject *)state->point_type)) {
            PyErr_SetString(PyExc_TypeError, "point_dot() arguments must be Point");
            return NULL;
        }
    }
    return PyLong_FromLongLong(ffk_point_dot(&((PointObject *)args[0])->point,
                                             &((PointObject *)args[1])->point));
}

/* Py_mod_exec: the type, in the module and in its state. */
static int
point_exec(PyObject *module)
{
    capi_state *state = PyModule_GetState(module);
    if (state == NULL) {
        return -1;
    }
    state->point_type = PyType_FromSpec(&Point_spec);
    if (state->point_type == NULL) {
        return -1;
    }
    /* PyModule_AddObject steals the reference on success (3.9's way; its
     * successor PyModule_AddObjectRef is 3.10's): the state keeps its own. */
    Py_INCREF(state->point_type);
    if (PyModule_AddObject(module, "Point", state->point_type) < 0) {
        Py_DECREF(state->point_type);
        return -1;
    }
    return 0;
}

static int
capi_traverse(PyObject *module, visitproc visit, void *arg)
{
    capi_state *state = PyModule_GetState(module);
    if (state != NULL) {
        Py_VISIT(state->point_type);
        Py_VISIT(state->numpy_empty);
    }
    return 0;
}

static int
capi_clear(PyObject *module)
{
    capi_state *state = PyModule_GetState(module);
    if (state != NULL) {
        Py_CLEAR(state->point_type);
        Py_CLEAR(state->numpy_empty);
    }
    return 0;
}

static void
capi_free(void *module)
{
    capi_clear((PyObject *)module);
}

#endif /* FFIBENCH_CAPI_POINT_H */
