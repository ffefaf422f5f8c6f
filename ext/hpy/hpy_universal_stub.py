"""Loads ffibench_hpy_universal.hpy0.so, HPy's universal module, the way the
stub HPy's setuptools plugin writes beside such a module does: through
hpy.universal (which honours HPY=debug|trace in the environment).

The Makefile writes this file to build/ffibench_hpy_universal.py with the
folder holding the hpy package (build/venv's site-packages) in HPY_DIR: an
import of ffibench_hpy_universal then finds it, as a user's import finds
HPy's stub."""
import os
import sys

HPY_DIR = "@HPY_DIR@"
if HPY_DIR not in sys.path:
    sys.path.append(HPY_DIR)   # last: nothing else on sys.path is shadowed


def _bootstrap():
    from hpy.universal import _load_bootstrap
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                        __name__ + ".hpy0.so")
    sys.modules[__name__] = _load_bootstrap(__name__, __name__, __package__, path,
                                            __loader__, __spec__, os.environ)


_bootstrap()
