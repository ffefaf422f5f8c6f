"""The kernel code is the same in every binary: the bytes of each ffk_ symbol
in build/kernels.o, build/libkernels.so and every extension module are equal,
and each starts at the same place modulo the kernel object's alignment."""
import glob
import os
import re
import subprocess

import pytest

import harness
from harness import registry
from harness.registry import metadata

OBJECT = os.path.join(harness.BUILD, "kernels.o")
EXTENSIONS = sorted(glob.glob(os.path.join(harness.BUILD, "ffibench_*.so")))
# Every binary that carries the kernels: all extension modules but the hosted
# driver (harness/driver/driver_module.c), which calls them through the bindings.
BINARIES = [os.path.join(harness.BUILD, "libkernels.so")] + [
    e for e in EXTENSIONS if not os.path.basename(e).startswith("ffibench_driver.")]
KERNEL_SYMBOLS = sorted({k.c_name for k in registry.KERNELS.values() if k.c_name})

# "  1119:	48 8d 04 37          	lea    (%rdi,%rsi,1),%rax"
_INSTRUCTION = re.compile(r"^\s*[0-9a-f]+:\t((?:[0-9a-f]{2} )+)")


def symbol_bytes(binary, symbol):
    out = subprocess.run(["objdump", "-d", f"--disassemble={symbol}", binary],
                         capture_output=True, text=True, check=True).stdout
    code = "".join(m.group(1) for m in map(_INSTRUCTION.match, out.splitlines())
                   if m)
    assert code, f"{symbol} not found in {binary}"
    return bytes.fromhex(code)


def test_the_extension_modules_are_built():
    assert len(BINARIES) >= 2, BINARIES


# A sanitizer build's kernels call into the sanitizer runtime, and those call
# offsets are only fixed when each binary is linked.
@pytest.mark.skipif(bool(os.environ.get("FFIBENCH_SANITIZER")),
                    reason="sanitizer calls are relocated differently per binary")
@pytest.mark.parametrize("binary", BINARIES, ids=lambda binary: os.path.basename(str(binary)))
@pytest.mark.parametrize("symbol", KERNEL_SYMBOLS)
def test_kernel_bytes_identical(binary, symbol):
    assert symbol_bytes(binary, symbol) == symbol_bytes(OBJECT, symbol)


def code_alignment():
    """The alignment the kernel object was compiled with: the Makefile's
    KERNEL_CFLAGS (-falign-functions=N), as build-info.txt records them.  Every
    kernel then starts on an N-byte boundary, so that no module's linker can
    put a kernel's loop across a cache line where another's does not."""
    flags = metadata.build_info().get("build_kernel_cflags", "")
    match = re.search(r"-falign-functions=(\d+)", flags)
    assert match, f"build-info.txt records no -falign-functions for the kernel object: {flags!r}"
    return int(match.group(1))


def symbol_addresses(binary):
    """{symbol: address} of the kernel symbols in a binary's symbol table."""
    out = subprocess.run(["nm", "--defined-only", binary],
                         capture_output=True, text=True, check=True).stdout
    fields = (line.split() for line in out.splitlines())
    return {f[-1]: int(f[0], 16) for f in fields if len(f) == 3 and f[-1] in KERNEL_SYMBOLS}


@pytest.mark.parametrize("binary", [OBJECT] + BINARIES,
                         ids=lambda binary: os.path.basename(str(binary)))
def test_kernels_start_on_a_cache_line(binary):
    alignment = code_alignment()
    assert alignment >= 64      # a cache line
    addresses = symbol_addresses(binary)
    assert sorted(addresses) == KERNEL_SYMBOLS
    assert {s: a % alignment for s, a in addresses.items() if a % alignment} == {}


# What a module's loader looks up: PyInit_<name>; for HPy's universal ABI
# (.hpy0.so), hpy.universal's HPyInit_<name>, HPyInitGlobalContext_<name>
# and get_required_hpy_{major,minor}_version_<name> (ext/hpy/exports_hpy.map).
def init_symbols(binary):
    if binary.endswith(".hpy0.so"):
        return ("HPyInit_", "HPyInitGlobalContext_", "get_required_hpy_")
    return ("PyInit_",)


@pytest.mark.parametrize("binary", EXTENSIONS, ids=lambda binary: os.path.basename(str(binary)))
def test_extension_exports_only_its_init(binary):
    out = subprocess.run(["nm", "-D", "--defined-only", binary],
                         capture_output=True, text=True, check=True).stdout
    exported = [line.split()[-1] for line in out.splitlines()]
    assert exported
    assert [s for s in exported if not s.startswith(init_symbols(binary))] == []
