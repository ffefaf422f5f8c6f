"""harness/tools/memcheck.py on log fixtures: whose a leak or memory error is."""
import os


from harness.tools import memcheck
import harness

OURS = os.path.join(harness.BUILD, "ffibench_driver.so")


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
    numpy = log(("malloc", "vgpreload"), ("PyTuple_Pack", python),
                ("init_string_ufuncs", os.path.join(harness.VENV, "lib", "python3.11",
                                                    "site-packages", "numpy", "_umath.so")))
    # cffi 2's backend (pip --target build/cffi2), caching a function it built
    # when Python code read lib.<name>: not the toolkit's frame, then Python's
    cffi2 = log(("malloc", "vgpreload"), ("lib_build_cpython_func",
                                         os.path.join(harness.CFFI2, "_cffi_backend.so")),
                ("PyObject_GetAttr", python), ("_PyEval_EvalFrameDefault", python),
                ("ffb_run", OURS))
    # SWIG 4.1's runtime dropping its globals object at the interpreter's exit
    swig = log(("malloc", "vgpreload"), ("_PyObject_New", python),
               ("SWIG_Python_DestroyModule", os.path.join(harness.BUILD, "_ffibench_swig.so")),
               ("Py_FinalizeEx", python))
    kinds = [memcheck.owner(frames) for _, frames in
             memcheck.records(own + via_python + init + log(("malloc", python)) + numpy + cffi2
                              + swig)]
    assert kinds == ["toolkit", "python code", "module init", "python", "python",
                     "python code", "module init"]
