"""ABI mode's opening of the kernels, for either cffi (kernels_cffi_abi: the
interpreter's own; kernels_cffi2_abi: cffi 2): build/libkernels.so
dlopen-ed with the declarations of kernels/kernels.h, in-line, as cffi's docs
show ABI mode first."""

import os

from kernels_cdef import BUILD_FOLDER, cdef

LIBRARY = os.path.join(BUILD_FOLDER, "libkernels.so")


def dlopen(ffi):
    """The kernels' library opened by ffi (a cffi.FFI)."""
    if not os.path.exists(LIBRARY):
        raise ImportError(f"{LIBRARY} is missing: run 'make' first", path=LIBRARY)
    ffi.cdef(cdef())
    return ffi.dlopen(LIBRARY)
