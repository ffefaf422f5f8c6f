"""make memcheck: valgrind over a short driver run finds no definite leak and no
memory error in the toolkit's own code; the log reader tells the toolkit's
records from the interpreter's."""
import os
import shutil
import subprocess
import sys

import pytest

import memcheck
import paths

OURS = os.path.join(paths.BUILD, "ffibench_driver.so")


def log(*frames):
    lines = ["==1== 64 bytes in 1 blocks are definitely lost in loss record 3 of 9"]
    lines += [f"==1==    by 0x{i:X}: {function} (in {where})"
              for i, (function, where) in enumerate(frames, start=16)]
    return "\n".join(lines + ["==1== ", ""])


def test_the_reader_tells_whose_a_record_is():
    python = "/usr/bin/python3.11"
    own = log(("malloc", "vgpreload"), ("PyUnicode_New", python),
              ("put_harness_on_path", OURS), ("ffb_run", OURS))
    via_python = log(("malloc", "vgpreload"), ("_PyEval_EvalFrameDefault", python),
                     ("ffb_run", OURS))
    init = log(("malloc", "vgpreload"), ("PyInit_ffibench_cffi", OURS))
    kinds = [memcheck.owner(frames) for _, frames in
             memcheck.records(own + via_python + init + log(("malloc", python)))]
    assert kinds == ["toolkit", "python code", "module init", "python"]


@pytest.mark.skipif(shutil.which("valgrind") is None, reason="valgrind is not installed")
@pytest.mark.skipif(bool(os.environ.get("FFIBENCH_SANITIZER")),
                    reason="valgrind cannot run a sanitizer build")
def test_make_memcheck_finds_nothing_of_ours():
    done = subprocess.run(["make", "-C", paths.ROOT, "--no-print-directory", "memcheck",
                           f"PYTHON={sys.executable}"],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "memcheck: 0 definite leaks or memory errors in the toolkit's code" in done.stdout


def test_an_unknown_sanitizer_stops_the_build_with_a_clear_error():
    done = subprocess.run(["make", "-C", paths.ROOT, "--no-print-directory", "all",
                           "SANITIZER=address,bogus"], capture_output=True, text=True,
                          timeout=60, env={k: v for k, v in os.environ.items()
                                           if k not in ("MAKEFLAGS", "MFLAGS")})
    assert done.returncode != 0
    assert ("SANITIZER=address,bogus: unknown bogus; use address, undefined or "
            "address,undefined") in done.stderr
