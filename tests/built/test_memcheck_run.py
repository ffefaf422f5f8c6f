"""make memcheck finds nothing of the toolkit’s; an unknown SANITIZER stops the build."""
import os
import shutil
import subprocess
import sys

import pytest

import harness

OURS = os.path.join(harness.BUILD, "ffibench_driver.so")


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("valgrind") is None, reason="valgrind is not installed")
@pytest.mark.skipif(bool(os.environ.get("FFIBENCH_SANITIZER")),
                    reason="valgrind cannot run a sanitizer build")
def test_make_memcheck_finds_nothing_of_ours():
    done = subprocess.run(["make", "-C", harness.ROOT, "--no-print-directory", "memcheck",
                           f"PYTHON={sys.executable}"],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "memcheck: 0 definite leaks or memory errors in the toolkit's code" in done.stdout


def test_an_unknown_sanitizer_stops_the_build_with_a_clear_error():
    done = subprocess.run(["make", "-C", harness.ROOT, "--no-print-directory", "all",
                           "SANITIZER=address,bogus"], capture_output=True, text=True,
                          timeout=60, env={k: v for k, v in os.environ.items()
                                           if k not in ("MAKEFLAGS", "MFLAGS")})
    assert done.returncode != 0
    assert ("SANITIZER=address,bogus: unknown bogus; use address, undefined or "
            "address,undefined") in done.stderr
