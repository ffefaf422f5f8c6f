"""The kernels through cffi in ABI mode: ffi.dlopen of build/libkernels.so,
with the declarations of kernels/kernels.h.  cffi releases the GIL around
each C call."""

import os

import cffi

from kernels_cdef import cdef, kernel_functions

# build/, or the running interpreter's build folder, which the toolkit names
# in FFIBENCH_BUILD (harness/__init__.py).
LIBRARY = os.path.join(os.environ.get("FFIBENCH_BUILD") or os.path.normpath(os.path.join(
    os.path.dirname(os.path.abspath(__file__)), os.pardir, "build")), "libkernels.so")

if not os.path.exists(LIBRARY):
    raise ImportError(f"{LIBRARY} is missing: run 'make' first", path=LIBRARY)

ffi = cffi.FFI()
ffi.cdef(cdef())
lib = ffi.dlopen(LIBRARY)
functions = kernel_functions(ffi, lib)
