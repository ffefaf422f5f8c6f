"""Puts the registry on sys.path (it puts the binding folders there in turn)
and checks that the build the tests need exists."""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "harness"))

import paths  # noqa: E402  (needs the sys.path entry above)

if not os.path.exists(os.path.join(paths.BUILD, "libkernels.so")):
    raise SystemExit("tests: build/ is empty: run 'make test', which builds first")
