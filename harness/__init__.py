"""ffi-bench's harness, one folder per job (docs/ARCHITECTURE.md):

  driver/    the C driver: the Google Benchmark wrapper, the driver library,
             its embedded executable and its hosted module
  registry/  the call paths, the workloads, the shared vocabulary, the run
             metadata, where bindings are imported from
  pipeline/  the stages of make bench, in order (bench.py runs them)
  tools/     compare, validate, instr, stability, memcheck, the dependency check

ROOT and BUILD: the checkout, and the folder everything built goes to.
"""
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(ROOT, "build")
