"""The stages of the choice of a binding on the built modules: the safety
matrix survives a crash, the glue finder finds every binding's error glue,
make names what each module's build makes, a module's build is timed."""
import math
import os
import shutil

import pytest

import harness
from harness import registry
from harness.pipeline import results_io
from harness.pipeline.choice import ownership, safety

LOADABLE = {p.name for p in registry.CALL_PATHS.values() if not registry.load_path(p)[1]}


def test_a_crash_is_recorded_and_the_run_goes_on(tmp_path):
    """Untyped ctypes handed an int for a function pointer crashes its
    process (the kernel calls address 5): the matrix records the call as
    crashed with the signal, and the calls after it are made in a new
    worker."""
    path = registry.CALL_PATHS[registry.UNTYPED_PATH]
    rows, reason = safety.run_path(path, str(tmp_path))
    assert not reason
    crashed = [i for i, r in enumerate(rows) if r["outcome"] == "crashed"]
    assert len(crashed) == 1, rows
    row = rows[crashed[0]]
    assert row["kind"] == "untyped_int_for_function_pointer"
    # SIGSEGV; a sanitizer build reports the crash itself and exits
    assert row["detail"].startswith("SIG") or "Sanitizer: SEGV" in row["detail"], row
    after = rows[crashed[0] + 1:]
    assert after and all(r["outcome"] in ("raised", "silent", "correct") for r in after)
    error_code = next(r for r in rows if r["kind"] == "untyped_error_code")
    assert (error_code["outcome"], error_code["detail"]) == ("silent", "-1")


@pytest.mark.parametrize("name", [p for p in ("capi.fastcall", "ctypes.cdll", "pybind11.v3",
                                              "pyo3.def") if p in LOADABLE])
def test_the_matrix_reads_what_the_registry_says(tmp_path, name):
    rows, _ = safety.run_path(registry.CALL_PATHS[name], str(tmp_path))
    assert rows and all(r["agrees"] == "yes" for r in rows), \
        [r for r in rows if r["agrees"] != "yes"]
    raising = [r for r in rows if r["kind"] == "callback_raises"]
    assert raising and all(r["traceback"] in ("kept", "lost") for r in raising)


def test_every_bindings_error_glue_is_found():
    for binding in registry.BINDINGS:
        source, symbol = binding.error_glue
        lines = ownership.definition_lines(os.path.join(harness.ROOT, source), symbol)
        assert 2 <= lines <= 30, (binding.name, lines)
        for name in binding.sources:
            assert ownership.code_lines(os.path.join(harness.ROOT, name)), name


def test_make_names_what_each_module_build_makes():
    parts = ownership.module_parts()
    for binding in registry.BINDINGS:
        if binding.path in LOADABLE:
            for module in binding.modules:
                file, made = parts[module]
                assert os.path.exists(os.path.join(harness.ROOT, file)), file
                assert made and all(m.startswith("build/") for m in made)


@pytest.mark.skipif(not shutil.which("hyperfine"), reason="hyperfine is not installed")
def test_a_module_build_is_timed_from_clean(tmp_path):
    parts = ownership.module_parts()
    results = results_io.ResultsFolder(str(tmp_path))
    times = ownership.build_times(["ffibench_capi"], parts, results, {"runs": 1, "warmup": 0})
    assert math.isfinite(times["ffibench_capi"][0])
    assert os.path.exists(os.path.join(harness.ROOT, parts["ffibench_capi"][0]))
    assert (tmp_path / "build.json").exists()
