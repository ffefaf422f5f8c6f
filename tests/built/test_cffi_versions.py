"""cffi 2 (build/cffi2) and the interpreter's own cffi in one process: each
path calls through its own cffi's backend, whichever is loaded first, and
the interpreter's own keeps the names `cffi` and `_cffi_backend`."""
import subprocess
import sys
import textwrap

import pytest

import harness
from harness.registry import call_paths, metadata

OWN = ("cffi.abi", "cffi.api")
V2 = ("cffi.v2_abi", "cffi.v2_api")
MODULE = {"cffi.abi": "kernels_cffi_abi", "cffi.api": "ffibench_cffi",
          "cffi.v2_abi": "kernels_cffi2_abi", "cffi.v2_api": "kernels_cffi2_api"}


def _needs_both():
    skips = call_paths.config_skips()
    for tool in ("CFFI", "CFFI2"):
        if skips.get(tool):
            if harness.BUILD == harness.DEFAULT_BUILD:
                pytest.fail(f"{tool} is skipped for the default interpreter: {skips[tool]}")
            pytest.skip(f"not built for {harness.interpreter_label()}: {skips[tool]}")


def _backends(order):
    """In a fresh process: the paths loaded in `order` (each called once),
    then {path: the version of the backend its ffi belongs to} and the
    versions sys.modules holds as _cffi_backend and cffi."""
    code = textwrap.dedent(f"""
        import sys
        from harness.registry.call_paths import CALL_PATHS, load_path
        for name in {list(order)!r}:
            functions, why = load_path(CALL_PATHS[name])
            assert not why, why
            assert functions["add_i64"](40, 2) == 42
        backends = [sys.modules["_cffi_backend"], sys.modules["cffi2_loader"].backend]
        for name, module in {MODULE!r}.items():
            ffi = sys.modules[module].ffi
            # in-line ABI mode: cffi.FFI holds its backend; API mode: the
            # ffi is the backend's own FFI type
            owner, = [b for b in backends if getattr(ffi, "_backend", None) is b
                      or type(ffi) is b.FFI]
            print(name, owner.__version__)
        print("_cffi_backend", sys.modules["_cffi_backend"].__version__)
        print("cffi", sys.modules["cffi"].__version__)
    """)
    done = subprocess.run([sys.executable, "-c", code], cwd=harness.ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return dict(line.split() for line in done.stdout.splitlines())


@pytest.mark.parametrize("order", [OWN + V2, V2 + OWN], ids=["own first", "cffi 2 first"])
def test_each_path_calls_through_its_own_cffi(order):
    _needs_both()
    info = metadata.build_info()
    own, v2 = info["build_cffi_version"], info["build_cffi2_version"]
    assert v2.startswith("2.") and not own.startswith("2.")
    found = _backends(order)
    assert {p: found[p] for p in MODULE} == {**{p: own for p in OWN}, **{p: v2 for p in V2}}
    assert found["_cffi_backend"] == found["cffi"] == own


def test_the_cffi2_api_module_refuses_another_backend():
    """ffibench_cffi2 imported by its own name first binds to the
    interpreter's own _cffi_backend; the path then refuses to load instead
    of timing cffi 1 under cffi 2's name."""
    _needs_both()
    code = ("import ffibench_cffi2\n"
            "from harness.registry.call_paths import CALL_PATHS, load_path\n"
            "print(load_path(CALL_PATHS['cffi.v2_api'])[1])\n")
    done = subprocess.run([sys.executable, "-c", "import harness.registry.import_dirs\n" + code],
                          cwd=harness.ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "ImportError: ffibench_cffi2 is bound to another _cffi_backend" in done.stdout
