"""The kernel declarations for cffi, read from kernels/kernels.h itself, so
that the cffi paths can never disagree with the C they call."""

import os
import re

HEADER = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                       os.pardir, "kernels", "kernels.h"))


def cdef():
    """kernels.h without comments and preprocessor lines, which cffi's
    parser does not take, and without the C++ linkage braces."""
    with open(HEADER) as f:
        text = f.read()
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    lines = [line for line in text.splitlines()
             if not line.lstrip().startswith("#")
             and line.strip() not in ('extern "C" {', "}")]
    return "\n".join(lines)
