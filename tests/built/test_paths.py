"""Every path returns the kernel's result, and rejects bad input with a Python
exception, as the registry says; the registry covers every kernel.

Under FFB_RELEASE (one release of a binding tool, built by make releases:
tests/built/test_releases.py runs this so), the same checks of that release's
modules, on what make releases measures: its paths and the series' kernels
(harness/releases/series.py), loaded alone, as its measuring process loads
them (two pybind11 releases of one internals version share their types), and
with the quirks the series records for it."""
import dataclasses
import filecmp
import math
import os
import subprocess
import sys
import sysconfig

import pytest

import harness
from harness import registry
from harness.registry import call_paths
from harness.registry import import_dirs
from harness.registry import protocol
from harness.registry import workloads

KERNELS = list(registry.KERNELS.values())
PATHS = list(registry.CALL_PATHS.values())
if import_dirs.RELEASE_FOLDER:
    from harness.releases import protocol as release_protocol
    from harness.releases import series
    RELEASE = release_protocol.release()
    KERNELS = [k for k in KERNELS if k.name in series.KERNELS]
    # the release's own quirks (series.Tool.quirks_before) over the path's
    PATHS = [dataclasses.replace(p, quirks={**p.quirks, **RELEASE.quirks})
             for p in PATHS if p.name in RELEASE.paths]
LOADED = {p.name: registry.load_path(p) for p in PATHS}


def expresses(path, kernel):
    """The path has the kernel (or failed to load, which functions() reports)."""
    loaded, reason = LOADED[path.name]
    return bool(reason) or kernel.name in loaded


def functions(path):
    """The path's functions.  Every path loads for the default interpreter; for
    another, a path whose tool the build recorded as not available for it
    (config.mk, tools.mk) is skipped with that reason."""
    loaded, reason = LOADED[path.name]
    if (reason and harness.BUILD != harness.DEFAULT_BUILD
            and call_paths.config_skips().get(path.needs) == reason):
        pytest.skip(f"not built for {harness.interpreter_label()}: {reason}")
    assert not reason, f"{path.name} did not load: {reason}"
    return loaded


same = workloads.same_value


def outcome(function, *args):
    """("ok", result) or ("raises", exception type) of function(*args)."""
    try:
        return "ok", function(*args)
    except Exception as exc:   # the kernel's documented failure, compared below
        return "raises", type(exc)


def as_reference(got, want, loaded):
    """A path's outcome as the reference's: where the reference makes a point,
    the path must return an instance of its own point type, compared by its
    coordinates."""
    if want[0] == "ok" and isinstance(want[1], workloads.RefPoint) and got[0] == "ok":
        point_type = type(call_paths.arguments(loaded, (workloads.PointArg(0, 0),))[0])
        assert type(got[1]) is point_type, f"{type(got[1])} is not {point_type}"
        return "ok", workloads.point_value(got[1])
    return got


def same_outcome(got, want):
    if want[0] == "raises":
        return got[0] == "raises" and issubclass(got[1], want[1])
    return got[0] == "ok" and same(got[1], want[1])


def test_every_kernel_in_the_object_is_in_the_registry():
    out = subprocess.run(["nm", "--defined-only", "-g",
                          os.path.join(harness.BUILD, "kernels.o")],
                         capture_output=True, text=True, check=True).stdout
    symbols = {line.split()[-1] for line in out.splitlines()}
    kernels = {s for s in symbols if s.startswith("ffk_")}
    assert kernels == {k.c_name for k in registry.KERNELS.values() if k.c_name}


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_path_loads_from_this_build(path):
    loaded = functions(path)
    assert loaded, f"{path.name} expresses no kernel"
    assert set(loaded) <= set(registry.KERNELS)
    for name in {k.name for k in KERNELS} - set(loaded):
        assert path.why_not(registry.KERNELS[name]), f"{path.name} lacks {name}, not saying why"
    module = __import__(path.module)
    # A stale module of the same name elsewhere on sys.path must not win.
    assert os.path.realpath(module.__file__).startswith(harness.ROOT + os.sep)


@pytest.mark.skipif(not import_dirs.RELEASE_FOLDER,
                    reason="runs on one release's modules (FFB_RELEASE): tests/built/test_releases.py")
def test_a_release_s_paths_load_its_own_modules():
    """Under FFB_RELEASE (a binding tool's release, built by make releases),
    the tests above check that release's modules, not the project's."""
    for path in PATHS:
        functions(path)
    loaded = [where for key, where in release_protocol.run_metadata().items()
              if key.startswith("ffb_release_module_")]
    assert loaded and all(where.startswith(import_dirs.RELEASE_FOLDER + os.sep)
                          for where in loaded), loaded


CASES = [(p, k, args) for p in PATHS for k in KERNELS if expresses(p, k)
         for args in k.cases]


@pytest.mark.parametrize("path,kernel,args", CASES,
                         ids=lambda x: getattr(x, "name", repr(x)))
def test_same_result_as_the_kernel(path, kernel, args):
    """The kernel's result; an instance of the path's own type where the
    reference makes a point, and the instances and arrays it was given left as
    the reference leaves them (a method that changes its object, an array
    scaled in place)."""
    loaded = functions(path)
    instances = call_paths.arguments(loaded, args)
    references = workloads.reference_args(args)
    want = outcome(workloads.reference_call, kernel, references)
    got = as_reference(outcome(registry.call, path, kernel, loaded, instances), want, loaded)
    assert same_outcome(got, want), f"{path.name} {kernel.name}{args}: {got!r} != {want!r}"
    for instance, reference in zip(instances, references):
        if isinstance(reference, workloads.RefPoint):
            assert workloads.point_value(instance) == reference, (path.name, kernel.name)
        if workloads.is_ndarray(reference):
            assert same(instance, reference), (path.name, kernel.name, instance, reference)


BAD = [(p, k, bad) for p in PATHS for k in KERNELS if expresses(p, k)
       for bad in workloads.bad_calls(k)]


@pytest.mark.parametrize("path,kernel,bad", BAD,
                         ids=lambda x: getattr(x, "name", None) or
                         (f"{x.kind}{x.args!r}"[:40] if isinstance(x, workloads.BadCall) else None))
def test_bad_input_raises(path, kernel, bad):
    loaded = functions(path)
    quirk = path.quirk(bad.kind, kernel)
    if quirk.startswith(call_paths.CRASHES):
        assert_crashes(path, kernel, bad)
        return
    if quirk:
        assert (bad.kind in workloads.QUIRK_RESULTS
                or f"{bad.kind}:{kernel.name}" in workloads.QUIRK_RESULTS), \
            f"no check for quirk {bad.kind}"
        want = outcome(workloads.quirk_result(bad.kind, kernel), kernel, bad.args)
        got = as_reference(outcome(registry.call, path, kernel, loaded, bad.args,
                                   bad.keywords, bad.positional), want, loaded)
        assert same_outcome(got, want), quirk
        return
    with pytest.raises(path.expected_error(bad.kind, kernel)):
        registry.call(path, kernel, loaded, bad.args, bad.keywords, bad.positional)


def assert_crashes(path, kernel, bad):
    """The bad call ends its process (in a process of its own): a recorded
    crash (the safety matrix shows it too) is held to being one."""
    index = workloads.bad_calls(kernel).index(bad)
    script = (f"from harness import registry; from harness.registry import workloads; "
              f"p = registry.CALL_PATHS[{path.name!r}]; k = registry.KERNELS[{kernel.name!r}]; "
              f"bad = workloads.bad_calls(k)[{index}]; f, _ = registry.load_path(p); "
              f"registry.call(p, k, f, bad.args, bad.keywords, bad.positional); "
              f"print('returned')")
    done = subprocess.run([sys.executable, "-c", script], cwd=harness.ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode != 0 and "returned" not in done.stdout, done.stderr[-500:]


def test_bad_calls_cover_every_kind():
    kinds = {bad.kind for k in KERNELS for bad in workloads.bad_calls(k)}
    assert kinds == set(workloads.EXCEPTIONS)


def test_a_path_that_fails_to_load_is_skipped_with_its_reason(monkeypatch):
    def broken():
        raise ImportError("no module named 'nowhere'")
    monkeypatch.setitem(registry.CALL_PATHS, "broken.path",
                        registry.CallPath("broken.path", broken, "nowhere"))
    rows = [r for r in registry.rows() if r.path == "broken.path"]
    assert {(r.kernel, r.mode) for r in rows} == {
        (k.name, m) for k in registry.KERNELS.values()
        if set(k.workloads) & set(workloads.EVERY_PATH_WORKLOADS)
        for m in k.only_modes or registry.MODES}
    assert all("no module named 'nowhere'" in r.skipped for r in rows)
    bench = [b for b in protocol.bench_rows() if "/broken.path/" in b[0]]
    assert len(bench) == len(rows) and all(b[7] for b in bench)


@pytest.mark.parametrize("tool,path", [("CYTHON", "cython.v0_29"), ("CYTHON3", "cython.v3"),
                                       ("NANOBIND", "nanobind.def_nogil"), ("PYO3", "pyo3.def"),
                                       ("HPY", "hpy.universal"), ("CFFI2", "cffi.v2_api")])
def test_a_missing_optional_tool_skips_its_paths(monkeypatch, tool, path):
    if path in registry.LEFT_OUT:
        pytest.skip(f"{path}: {registry.LEFT_OUT[path]}")
    monkeypatch.setattr(call_paths, "config_skips",
                        lambda: {tool: f"not available: {tool}"})
    rows = [r for r in registry.rows() if r.path == path]
    assert rows and all(r.skipped == f"not available: {tool}" for r in rows)


def test_check_tools_names_why_a_tool_is_missing(tmp_path):
    """A build/venv whose install failed, and no cargo: every tool of
    build/tools.mk is skipped with the reason a user can act on."""
    (tmp_path / "venv.failed").write_text("installing requirements/*.txt failed: see build/venv.log")
    out = tmp_path / "tools.mk"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    subprocess.run(["sh", "harness/provision/check_tools.sh", str(tmp_path / "venv"), str(out)],
                   cwd=harness.ROOT, env=env, check=True, capture_output=True)
    skips = dict(line.split(" := ", 1) for line in out.read_text().splitlines()
                 if line.startswith("SKIP_"))
    assert set(skips) == {f"SKIP_{tool}" for tool in call_paths.VENV_TOOLS}
    for tool in ("NANOBIND", "PYBIND11_V3", "CYTHON3", "HPY", "CFFI2"):
        assert skips[f"SKIP_{tool}"] == ("not available: build/venv is not usable: installing "
                                         "requirements/*.txt failed: see build/venv.log")
    assert "cargo (install Rust with rustup" in skips["SKIP_PYO3"]


def test_without_tools_mk_the_venv_tools_are_skipped_with_why(monkeypatch, tmp_path):
    """Before make has checked build/venv (no build/tools.mk), its tools'
    paths are skipped, saying so; config.mk's tools are read as before."""
    (tmp_path / "config.mk").write_text("HAVE_CFFI := 1\nSKIP_CYTHON := not available: x\n")
    monkeypatch.setattr(call_paths, "BUILD", str(tmp_path))
    skips = call_paths.config_skips()
    assert skips["CYTHON"] == "not available: x" and "CFFI" not in skips
    assert set(call_paths.VENV_TOOLS) <= set(skips)
    assert all("build/tools.mk is missing" in skips[t] for t in call_paths.VENV_TOOLS)


def test_sweep_kernels_are_timed_on_the_sweep_paths_only():
    timed = {(r.kernel, r.path) for r in registry.rows()}
    for kernel in registry.KERNELS.values():
        for path in PATHS:
            if kernel.name not in LOADED[path.name][0]:
                continue
            want = bool(set(kernel.workloads) & set(workloads.EVERY_PATH_WORKLOADS)) \
                or path.sweeps
            assert ((kernel.name, path.name) in timed) == want, (kernel.name, path.name)


def test_every_mode_and_batch_has_one_baseline():
    rows = registry.rows()
    baselines = [(r.mode, r.batch) for r in rows if r.path == registry.BASELINE_PATH]
    used = {(r.mode, r.batch) for r in rows}
    assert sorted(baselines) == sorted(used)
    assert {m for m, _ in used} == set(registry.MODES) | {registry.NATIVE_MODE}
    assert len(set(r.name for r in rows)) == len(rows)


def test_timing_loops_call_and_are_not_shared():
    calls = []
    loop = registry.timing_loop(("a", "b"))
    loop(5, lambda a, b: calls.append((a, b)), 1, 2)
    assert calls == [(1, 2)] * 5
    assert registry.timing_loop(("a", "b")).__code__ is not loop.__code__
    by_name = registry.timing_loop(("a", "b"), by_keyword=True)
    by_name(2, lambda **kw: calls.append(kw), 3, 4)
    assert calls[-2:] == [{"a": 3, "b": 4}] * 2
    empty = registry.timing_loop((), empty=True)
    assert empty(3, None) is None


def test_timing_loops_reach_objects_as_python_code_does():
    """The objects workload's forms: the method looked up on the instance
    and called, an attribute read, an attribute set."""
    class Counted:
        x = 0

        def bump(self, d):
            self.x += d
    instance = Counted()
    registry.timing_loop(("self", "d"), form="method", member="bump")(4, None, instance, 2)
    assert instance.x == 8
    registry.timing_loop(("self", "value"), form="set", member="x")(2, None, instance, 5)
    assert instance.x == 5
    source = registry.timing_loop(("self",), form="get", member="x").__code__.co_names
    assert "x" in source


def test_bench_rows_are_well_formed():
    for name, kind, target, args, kwnames, batch, label, skipped, catch, _ in protocol.bench_rows():
        assert catch == ("fail_if_negative" in name)
        assert kind in ("loop", "call") and batch >= 1
        assert "gil_released=" in label
        if skipped:
            continue
        mode = name.split("/")[2]
        assert (kind == "call") == (mode == "vectorcall"), name
        assert kwnames is None or (kind == "call" and len(kwnames) <= len(args))
        assert target is not None or (kind == "call" and "/baseline/" in name)


def test_the_error_kernel_raises_value_error_on_every_path():
    kernel = registry.KERNELS["fail_if_negative"]
    for path in PATHS:
        function = functions(path).get(kernel.name)
        if function is None:
            continue
        assert registry.call(path, kernel, functions(path), (5,)) is None
        with pytest.raises(ValueError):
            registry.call(path, kernel, functions(path), (-5,))


def test_a_raising_timing_loop_goes_on():
    calls = []

    def fails(x):
        calls.append(x)
        raise ValueError(x)
    registry.timing_loop(("x",), catch=True)(3, fails, -1)
    assert calls == [-1, -1, -1]


def test_coverage_names_every_pair_and_why_it_is_not_timed():
    entries = registry.coverage()
    assert len(entries) == len(registry.CALL_PATHS) * len(registry.KERNELS)
    timed = {(r.path, r.kernel) for r in registry.rows() if r.path != registry.BASELINE_PATH}
    for path, kernel, status, reason in entries:
        if status != "skipped":   # a skipped path's rows are the driver's to skip
            assert (status == "timed") == ((path, kernel) in timed), (path, kernel)
        assert status in ("timed", "tested only", "cannot", "skipped")
        assert bool(reason) == (status != "timed"), (path, kernel, status)


def test_the_import_stage_names_each_binding_module():
    from harness.pipeline.measure import whole_processes
    named, skipped = whole_processes.binding_modules()
    assert named["ffibench_capi"][0] == "capi"              # a module of many paths
    assert named["python_floor"] == ("python.def", ["python.def"])
    assert all(module not in named for module in skipped)


@pytest.mark.skipif(not sysconfig.get_config_var("Py_GIL_DISABLED"),
                    reason="a free-threaded build only")
def test_the_gil_stays_off_with_every_binding_loaded():
    """Every module built for a free-threaded build declares it needs no GIL:
    one that did not would have turned it back on when loaded (above), and
    every path would be timed with it."""
    assert any(not reason for _, reason in LOADED.values())
    assert not sys._is_gil_enabled()


def test_the_limited_api_module_is_one_binary_for_later_versions():
    """The Limited API's promise: another CPython loads the very file built
    for the default interpreter (the Makefile copies it; it loads, above)."""
    if harness.BUILD == harness.DEFAULT_BUILD or call_paths.config_skips().get("ABI3"):
        pytest.skip("the default interpreter's own build, or no abi3 module for this one")
    mine = os.path.join(harness.BUILD, "ffibench_abi3.abi3.so")
    assert filecmp.cmp(mine, os.path.join(harness.DEFAULT_BUILD, "ffibench_abi3.abi3.so"),
                       shallow=False)
    assert sys.modules["ffibench_abi3"].__file__ == mine
