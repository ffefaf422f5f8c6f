"""The kernels through cffi 2 (PyPI, build/cffi2) in ABI mode: the same
in-line dlopen as kernels_cffi_abi, by cffi 2 beside the interpreter's own
cffi (cffi2_loader)."""

from cffi2_loader import FFI
from kernels_abi import dlopen
from kernels_cdef import kernel_functions

ffi = FFI()
lib = dlopen(ffi)
functions = kernel_functions(ffi, lib)
