"""Where the bindings are imported from: put first on sys.path when this is
imported, so that no installed module of the same name can shadow them.

Kept apart from the registry, and importing nothing but os and sys, so that
harness/probe.py can time the import of one binding with nothing else of
the toolkit imported before it."""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
IMPORT_DIRS = [os.path.join(ROOT, "harness"), os.path.join(ROOT, "build"),
               os.path.join(ROOT, "ctypes_bindings"),
               os.path.join(ROOT, "cffi_bindings")]
for _folder in reversed(IMPORT_DIRS):
    if _folder not in sys.path:
        sys.path.insert(0, _folder)
