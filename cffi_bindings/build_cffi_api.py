"""Writes the C source of a cffi API-mode module (out-of-line): ffibench_cffi
by the interpreter's own cffi, ffibench_cffi2 by cffi 2 (the Makefile runs
this with build/cffi2 first on PYTHONPATH).

The Makefile compiles that C with its own flags and links build/kernels.o, as
it does for every extension module, instead of letting cffi call the compiler
with Python's flags.

Usage: build_cffi_api.py OUT_C MODULE
"""

import contextlib
import io
import sys

import cffi

from kernels_cdef import CALLBACK_CDEF, cdef


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    ffibuilder = cffi.FFI()
    ffibuilder.cdef(cdef() + CALLBACK_CDEF)
    ffibuilder.set_source(argv[2], '#include "kernels.h"')
    # cffi announces "generating FILE"; make already says what it builds.
    with contextlib.redirect_stdout(io.StringIO()):
        ffibuilder.emit_c_code(argv[1])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
