"""The registry: what is benchmarked and tested, read by the driver (through
protocol.py) and by the tests.  Its public API is here:

  from harness import registry
  registry.CALL_PATHS, registry.KERNELS, registry.rows(), registry.load_path(p)

The names are loaded on first use, so that the light modules of this folder
(vocabulary, import_dirs) can be imported alone: the bare process that
harness/pipeline/measure/probe.py times must not load ctypes or the registry.
"""
import importlib

# name -> the module of this folder that defines it
_PUBLIC = {
    **dict.fromkeys(("CallPath", "CALL_PATHS", "LEFT_OUT", "NOT_SWEPT", "call",
                     "arguments", "CRASHES", "config_skips", "load_path", "UNTYPED_PATH", "UNTYPED_CALLS",
                     "untyped_functions"), "call_paths"),
    **dict.fromkeys(("Binding", "BINDINGS", "Caveat", "CAVEATS"), "bindings"),
    **dict.fromkeys(("Row", "rows", "coverage", "batch_for", "timing_loop",
                     "native_baseline", "timed_on"), "benchmark_rows"),
    **dict.fromkeys(("Kernel", "KERNELS", "EXCEPTIONS", "BadCall", "bad_calls",
                     "QUIRK_RESULTS", "quirk_result", "reference_args", "same_value",
                     "is_ndarray"),
                    "workloads"),
    **dict.fromkeys(("MODES", "NATIVE_MODE", "BASELINE_PATH", "BASELINE_KERNEL",
                     "BATCH"), "vocabulary"),
}
__all__ = sorted(_PUBLIC)


def __getattr__(name):
    if name in _PUBLIC:
        module = importlib.import_module(f"{__name__}.{_PUBLIC[name]}")
        return getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
