"""Where the bindings are imported from: put first on sys.path when this is
imported, so that no installed module of the same name can shadow them.

Importing nothing but os and sys (and the harness package's two paths), so
that harness/pipeline/measure/probe.py can time the import of one binding with nothing
else of the toolkit imported before it."""
import os
import sys

from harness import BUILD, ROOT, VENV

# FFB_RELEASE: the build folder of one release of a binding tool
# (build/releases/<tool>-<version>, make releases: harness/releases/), whose
# modules carry the names of the project's own and so go before BUILD's.
RELEASE_FOLDER = os.environ.get("FFB_RELEASE", "")
IMPORT_DIRS = [*([RELEASE_FOLDER] if RELEASE_FOLDER else []),
               os.path.join(ROOT, "floors"), BUILD, os.path.join(ROOT, "ctypes_bindings"),
               os.path.join(ROOT, "cffi_bindings"), os.path.join(ROOT, "ext", "cppyy")]
for _folder in reversed(IMPORT_DIRS):
    if _folder not in sys.path:
        sys.path.insert(0, _folder)

# The project's pinned NumPy (requirements/bindings.txt, the numpy workload's
# arrays) is installed in BUILD/venv, which Debian's interpreter does not run
# from: its site-packages goes last on sys.path, so that nothing the
# interpreter has itself is shadowed (as ext/hpy/hpy_universal_stub.py does
# for hpy.universal).
_VENV_LIB = os.path.join(VENV, "lib")
for _version in sorted(os.listdir(_VENV_LIB)) if os.path.isdir(_VENV_LIB) else ():
    _folder = os.path.join(_VENV_LIB, _version, "site-packages")
    if os.path.isdir(_folder) and _folder not in sys.path:
        sys.path.append(_folder)
