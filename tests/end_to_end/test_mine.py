"""make mine as a user runs it: the example library (examples/stats.h) through
every binding, QUICK, into a temporary folder; a second header with what no
binding can express and a function one tool cannot compile; the check's
refusals of a binding that disagrees, accepts a wrong type or crashes.
Checks structure and messages, never timings."""
import csv
import json
import os
import subprocess
import sys
import textwrap

import pytest

import harness
from harness.mine import build, check, generate, header, plan as plans

EXAMPLE = os.path.join(harness.ROOT, "examples", "stats.h")
SECOND = os.path.join(harness.ROOT, "tests", "end_to_end", "mine_second", "second.h")
# make mine builds a dozen modules and times them: minutes; ten times that
TIMEOUT = 3600


def make_mine(*args):
    return subprocess.run(["make", "-C", harness.ROOT, "--no-print-directory", "mine",
                           f"PYTHON={sys.executable}", *args],
                          capture_output=True, text=True, timeout=TIMEOUT)


def table(folder, name):
    with open(os.path.join(folder, name), newline="") as f:
        return list(csv.DictReader(f))


def expected_bindings():
    """The bindings this build can make: those whose tool it has (and, in a
    SANITIZER build, not PyO3's)."""
    info = build.build_info()
    return {path for path, b in generate.BINDINGS.items() if not build.unavailable(b, info)}


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    results = tmp_path_factory.mktemp("mine") / "example"
    done = make_mine(f"HEADER={EXAMPLE}", f"SOURCES={EXAMPLE[:-2]}.c", "QUICK=1",
                     f"RESULTS={results}")
    assert done.returncode == 0, done.stdout + done.stderr
    return results, done.stdout


def test_the_example_is_bound_checked_and_timed_through_every_binding(example):
    results, output = example
    functions = [f.name for f in header.functions(EXAMPLE).functions]
    assert [r["function"] for r in table(results, "functions.csv")] == functions
    bindings = {r["path"]: r for r in table(results, "bindings.csv")}
    assert set(bindings) == set(generate.BINDINGS)
    built = {p for p, r in bindings.items() if r["status"] == "built"}
    assert built == expected_bindings(), {p: bindings[p]["reason"] for p in bindings}
    parsed = header.functions(EXAMPLE).functions
    for path in built:
        row = bindings[path]
        # all, but those the tool cannot bind (HPy: the buffers), with the reason
        cannot = {f.name: generate.BINDINGS[path].cannot(f) for f in parsed
                  if generate.BINDINGS[path].cannot(f)}
        assert int(row["timed"]) == int(row["functions"]) == len(functions) - len(cannot), row
        for name, why in cannot.items():
            assert f"{name}: {why}" in row["reason"]
        assert int(row["glue_lines"]) > 0 and int(row["module_bytes"]) > 0
    summary = table(results, "summary.csv")
    timed = {(r["kernel"], r["path"], r["mode"]) for r in summary if r["ns_net"]}
    for function in parsed:
        for path in built:
            mode = "native" if path == generate.FLOOR else "interp"
            if not generate.BINDINGS[path].cannot(function):
                assert (function.name, path, mode) in timed, (function.name, path)
    # the buffer functions at the QUICK sizes, the others once
    sizes = {r["arg"] for r in summary if r["kernel"] == "mean"}
    assert sizes == {str(n) for n in plans.timed_sizes(plans.Plan("", quick=True))}
    assert {r["arg"] for r in summary if r["kernel"] == "blend"} == {""}
    for function in functions:
        for fmt in ("svg", "png"):
            assert (results / "charts" / f"{function}.{fmt}").stat().st_size > 0
    for path in built:
        assert os.listdir(results / "sources" / path), path
    report = (results / "REPORT.md").read_text()
    for function in functions:
        assert f"| `{function}`" in report
    for path in built - {generate.FLOOR}:
        assert f"`{path}`" in report
    with open(results / "metadata.json") as f:
        meta = json.load(f)
    assert meta["mine_plan"]["header"] == EXAMPLE and meta["mine_plan"]["quick"]
    assert "== checking" in output and "results in" in output


def test_the_generated_glue_is_what_the_report_shows(example):
    """The sources copied to the results are the ones built."""
    results, _ = example
    copied = (results / "sources" / "capi.fastcall" / "mine_capi.c").read_text()
    with open(os.path.join(build.SOURCES, "mine_capi.c")) as f:
        assert f.read() == copied
    assert "mean(" in copied and "PyObject_GetBuffer" in copied


def write_module(name, text):
    with open(os.path.join(build.LIB, name + ".py"), "w") as f:
        f.write(textwrap.dedent(text))


def test_the_check_refuses_a_binding_that_disagrees_accepts_a_wrong_type_or_crashes(
        example, tmp_path):
    """Three bindings of make-believe, beside the C API's real one (the
    example's build/mine/): each refused, with the reason, the run going on."""
    write_module("mine_fake_wrong", """
        def blend(a, b, t):
            return float(a)                 # wrong results
        def is_prime(n):
            return n in (3, 7)              # right for the values tried, takes any type
    """)
    write_module("mine_fake_crash", """
        import ctypes
        def blend(a, b, t):
            ctypes.CDLL(None).abort()
        def is_prime(n):                    # checked in a process after the crash
            if not isinstance(n, int):
                raise TypeError("an int")
            return n in (3, 7)
    """)
    plan = plans.Plan(EXAMPLE, funcs=("blend", "is_prime"),
                      built={"capi.fastcall": ["blend", "is_prime"],
                             "fake.wrong": ["blend", "is_prime"],
                             "fake.crash": ["blend", "is_prime"]},
                      modules={"capi.fastcall": "mine_capi", "fake.wrong": "mine_fake_wrong",
                               "fake.crash": "mine_fake_crash"})
    path = str(tmp_path / "plan.json")
    plan.save(path)
    said = []
    refused = check.check(plan, path, say=said.append)
    assert refused["capi.fastcall"] == {}
    assert refused["fake.wrong"]["blend"].startswith("differs from capi.fastcall at ")
    assert "was not refused" in refused["fake.wrong"]["is_prime"]
    assert refused["fake.crash"] == {"blend": "crashed the process (SIGABRT)"}
    assert len(said) == 3


def test_a_second_header_skips_what_no_binding_expresses_and_what_one_tool_cannot_compile(
        tmp_path):
    """Its text passed as bytes (STRINGS=bytes), the example's as str."""
    results = tmp_path / "second"
    done = make_mine(f"HEADER={SECOND}", f"SOURCES={SECOND[:-2]}.c", "QUICK=1", "SIZES=4",
                     "STRINGS=bytes", f"RESULTS={results}")
    assert done.returncode == 0, done.stdout + done.stderr
    functions = {r["function"]: r for r in table(results, "functions.csv")}
    assert functions["swap"]["status"] == "skipped"
    assert functions["swap"]["reason"] == "swap: struct pair (a struct by value)"
    assert "function pointer" in functions["apply"]["reason"]
    bindings = {r["path"]: r for r in table(results, "bindings.csv")}
    for path in ("cython.v0_29", "cython.v3"):
        if path in expected_bindings():
            assert bindings[path]["functions"] == "5", bindings[path]
            assert bindings[path]["reason"].startswith("add_lambda: "), bindings[path]
    if "cppyy.gbl" in expected_bindings():
        assert bindings["cppyy.gbl"]["functions"] == "5", bindings["cppyy.gbl"]
        assert "lerp: " in bindings["cppyy.gbl"]["reason"] and "error" in \
            bindings["cppyy.gbl"]["reason"]
    # every binding built has every function it can express, checked and timed
    for path, row in bindings.items():
        if row["status"] == "built" and not path.startswith(("cython.", "cppyy.", "hpy.")):
            assert row["functions"] == row["timed"] == "6", row
    summary = table(results, "summary.csv")
    assert {r["arg"] for r in summary if r["kernel"] == "fill_i32"} == {"4"}
    report = (results / "REPORT.md").read_text()
    assert "swap: struct pair (a struct by value)" in report
    assert "add_lambda" in report


def test_a_function_not_in_the_header_is_refused_listing_those_that_are(tmp_path):
    done = make_mine(f"HEADER={EXAMPLE}", f"SOURCES={EXAMPLE[:-2]}.c", "FUNCS=mean nope",
                     f"RESULTS={tmp_path / 'none'}")
    assert done.returncode != 0
    assert "nope not declared" in done.stderr and "count_vowels" in done.stderr
    assert not (tmp_path / "none").exists()


def test_an_args_file_that_cannot_work_is_refused_before_building(tmp_path):
    spec = tmp_path / "args.json"
    spec.write_text('{"mean": [[[1.0]]], "nope": [[1]]}')
    done = make_mine(f"HEADER={EXAMPLE}", f"SOURCES={EXAMPLE[:-2]}.c", f"ARGS={spec}",
                     f"RESULTS={tmp_path / 'none'}")
    assert done.returncode != 0 and "nope: not among the functions bound" in done.stderr
    assert "== building" not in done.stdout and not (tmp_path / "none").exists()
