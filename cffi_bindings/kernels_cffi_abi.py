"""The kernels through cffi in ABI mode: ffi.dlopen of build/libkernels.so,
with the declarations of kernels/kernels.h, through the interpreter's own
cffi (Debian's 1.15 for /usr/bin/python3; kernels_cffi2_abi: cffi 2).  cffi
releases the GIL around each C call."""

import cffi

from kernels_abi import dlopen
from kernels_cdef import kernel_functions

ffi = cffi.FFI()
lib = dlopen(ffi)
functions = kernel_functions(ffi, lib)
