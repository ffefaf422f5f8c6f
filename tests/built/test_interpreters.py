"""The pieces of the comparison across interpreters that run here whatever
the interpreter: the JIT timing method (harness/pipeline/measure/jit_timing.py, run
on PyPy by make bench; its structure is checked on this interpreter), how
make bench PYTHONS= resolves a name, and the build folder of each."""
import os
import subprocess
import sys

import harness
from harness import registry
from harness.commands import interpreters
from harness.pipeline.measure import jit_timing


def test_a_jit_row_warms_up_then_measures_with_its_empty_loop():
    path = registry.CALL_PATHS["capi.fastcall"]
    functions, reason = registry.load_path(path)
    assert not reason
    row = jit_timing.time_row(path, registry.KERNELS["add_i64"], functions["add_i64"], "quick")
    assert len(row["values"]) == len(row["empties"]) == jit_timing.MEASURE_ROUNDS["quick"]
    # settled after at least two windows of rounds, or said not to be
    assert row["warmup_rounds"] >= 2 * jit_timing.SETTLE_ROUNDS or not row["settled"]
    assert row["warmup_calls"] >= row["warmup_rounds"] * 64
    assert all(v > 0 for v in row["values"])


def test_a_jit_worker_prints_one_line_per_kernel_of_the_path(tmp_path):
    done = subprocess.run([sys.executable, "-E", "-s", "-m", "harness.pipeline.measure.jit_timing",
                           "worker", "capi.fastcall", '"quick"'], cwd=harness.ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    kernels = [line.split('"kernel": "')[1].split('"')[0] for line in done.stdout.splitlines()]
    assert kernels == list(jit_timing.KERNELS)


def test_a_version_that_could_not_be_had_is_skipped_with_its_reason(tmp_path):
    folder = tmp_path / "pythons" / "3.14"
    folder.mkdir(parents=True)
    (folder / "FAILED").write_text("the sources of python3.14 could not be had from sid\n")
    assert interpreters.resolve("3.14", str(tmp_path)) == (
        None, "the sources of python3.14 could not be had from sid")
    assert interpreters.resolve("no-such-python-here")[0] is None
    assert interpreters.resolve("debian")[0] == harness.DEFAULT_PYTHON


def test_every_interpreter_has_its_own_build_folder():
    label = harness.interpreter_label()
    assert label.startswith(sys.implementation.name + "-")
    assert harness.BUILD in (harness.DEFAULT_BUILD, os.path.join(harness.DEFAULT_BUILD, label))
    assert interpreters.label_of(sys.executable) == label
