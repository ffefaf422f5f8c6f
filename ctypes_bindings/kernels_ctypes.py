"""The kernels through ctypes: build/libkernels.so with argtypes/restype declared.

This is the binding as its documentation teaches it: ``CDLL`` (which releases the
GIL around every call) and a C type for every argument and result.  Nothing is
added on the Python side, so what is timed is ctypes' own cost.  Two ctypes
behaviours follow from that and are kept, not hidden (the registry records them
and the tests check them): an int out of the int64 range is silently reduced
modulo 2**64, and extra arguments to a cdecl function are accepted and passed on.
"""

import ctypes
import os

LIBRARY = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                       os.pardir, "build", "libkernels.so")
LIBRARY = os.path.normpath(LIBRARY)

# kernel name -> (restype, argtypes), as declared in kernels/kernels.h
SIGNATURES = {
    "noop": (None, []),
    "add_i64": (ctypes.c_int64, [ctypes.c_int64, ctypes.c_int64]),
    "add_f64": (ctypes.c_double, [ctypes.c_double, ctypes.c_double]),
}

if not os.path.exists(LIBRARY):
    raise ImportError(f"{LIBRARY} is missing: run 'make' in "
                      f"{os.path.dirname(os.path.dirname(LIBRARY))} first",
                      path=LIBRARY)


def load(loader=ctypes.CDLL):
    """Return {kernel: foreign function} from a fresh handle of the library."""
    lib = loader(LIBRARY)
    functions = {}
    for kernel, (restype, argtypes) in SIGNATURES.items():
        function = getattr(lib, "ffk_" + kernel)
        function.restype = restype
        function.argtypes = argtypes
        functions[kernel] = function
    return functions


cdll = load(ctypes.CDLL)
