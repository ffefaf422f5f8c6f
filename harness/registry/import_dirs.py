"""Where the bindings are imported from: put first on sys.path when this is
imported, so that no installed module of the same name can shadow them.

Importing nothing but os and sys (and the harness package's two paths), so
that harness/pipeline/measure/probe.py can time the import of one binding with nothing
else of the toolkit imported before it."""
import os
import sys

from harness import BUILD, ROOT

IMPORT_DIRS = [os.path.join(ROOT, "floors"), BUILD,
               os.path.join(ROOT, "ctypes_bindings"),
               os.path.join(ROOT, "cffi_bindings")]
for _folder in reversed(IMPORT_DIRS):
    if _folder not in sys.path:
        sys.path.insert(0, _folder)
