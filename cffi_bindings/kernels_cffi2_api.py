"""The kernels through cffi 2 (PyPI, build/cffi2) in API mode: the module
ffibench_cffi2, whose C cffi 2's recompiler generated (build_cffi_api.py) and
the Makefile built like ffibench_cffi, bound to cffi 2's backend
(cffi2_loader); its ffi and lib, as ffibench_cffi's are."""

from cffi2_loader import import_api_module

_module = import_api_module("ffibench_cffi2")
ffi, lib = _module.ffi, _module.lib
