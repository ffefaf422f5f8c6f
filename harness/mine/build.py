"""The user's sources compiled once, and every binding built over that one
object, with the flags the project's own modules were built with
(build/build-info.txt records them per module: the generated C API module is
compiled with capi's, the pybind11 module with pybind11's, and so on).

  build(plan) -> {path: Built}

Under build/mine/ (MINE_BUILD): mine.o (the user's object: the kernel
object's flags), libmine.so (ctypes and cffi's ABI mode load it), src/ (the
generated sources) and lib/ (the modules Python imports).

A binding that does not compile for one function loses that function, with
the compiler's first error line as the reason, and is built again without
it; the others go on.  A binding whose tool is missing is skipped with the
reason check_deps.sh or check_tools.sh recorded.
"""

import glob
import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field

import harness
from harness import registry
from harness.mine import generate
from harness.registry.call_paths import SANITIZER_LEAVES_OUT

MINE_BUILD = os.path.join(harness.BUILD, "mine")
SOURCES = os.path.join(MINE_BUILD, "src")
LIB = os.path.join(MINE_BUILD, "lib")
OBJECT = os.path.join(MINE_BUILD, "mine.o")
LIBRARY = os.path.join(MINE_BUILD, "libmine.so")
EXPORTS = os.path.join(harness.ROOT, "ext", "exports.map")
# A compiler's message about a line of a generated file: file:line:col: text
MESSAGE = re.compile(r"^(?P<file>[^:\s]+):(?P<line>\d+):(?:\d+:)?\s*(?P<text>.*)$")


class BuildError(Exception):
    """The user's sources do not build: the message is the compiler's."""


@dataclass
class Built:
    path: str
    module: str = ""
    functions: list = field(default_factory=list)   # the names it has
    skipped: dict = field(default_factory=dict)     # function -> why it was left out
    failed: str = ""                                # why the binding is not built
    seconds: float = 0.0                            # its build time
    size: int = 0                                   # its module's bytes
    files: list = field(default_factory=list)       # its generated sources


def build_info():
    """build/build-info.txt's key=value lines: the flags of every module."""
    path = os.path.join(harness.BUILD, "build-info.txt")
    try:
        with open(path, encoding="utf-8") as f:
            return dict(line.rstrip("\n").split("=", 1) for line in f if "=" in line)
    except OSError:
        raise BuildError(f"{path} is missing: run make first (make mine does)") from None


def tool_path(name):
    """A tool check_tools.sh found (NAME := path in build/tools.mk), or ""."""
    try:
        with open(os.path.join(harness.BUILD, "tools.mk"), encoding="utf-8") as f:
            for line in f:
                key, _, value = line.partition(":=")
                if key.strip() == name:
                    return value.strip()
    except OSError:
        pass
    return ""


def ext_suffix():
    import sysconfig
    return sysconfig.get_config_var("EXT_SUFFIX")


def first_error(text):
    """The compiler's first line that says error (else its first line)."""
    lines = [line for line in text.splitlines() if line.strip()]
    return next((line for line in lines if "error" in line.lower()), lines[0] if lines else
                "failed without a message")


def run(command, what, env=None):
    done = subprocess.run(command, capture_output=True, text=True, cwd=harness.ROOT,
                          env=None if env is None else {**os.environ, **env})
    if done.returncode != 0:
        raise BuildError(done.stdout + done.stderr if (done.stdout + done.stderr).strip()
                         else f"{what} failed (exit status {done.returncode})")
    return done


def compile_sources(sources, include_dirs, info):
    """The user's sources into one object (several: one relocatable object,
    ld -r), with the kernel object's flags, then libmine.so from it."""
    os.makedirs(MINE_BUILD, exist_ok=True)
    flags = [*info["cflags"].split(), *info.get("kernel_cflags", "").split(),
             *(f"-I{d}" for d in include_dirs)]
    objects = []
    for i, source in enumerate(sources):
        obj = OBJECT if len(sources) == 1 else os.path.join(MINE_BUILD, f"source{i}.o")
        try:
            run([info["cc"], *flags, "-c", source, "-o", obj], f"compiling {source}")
        except BuildError as exc:
            raise BuildError(f"{source} does not compile: {first_error(str(exc))}") from None
        objects.append(obj)
    if len(objects) > 1:
        run(["ld", "-r", "-o", OBJECT, *objects], "ld -r")
    link([info["cc"], "-shared", *info["ldflags"].split(), "-o", LIBRARY, OBJECT])


def link(command):
    try:
        run(command, "linking")
    except BuildError as exc:
        raise BuildError(first_error(str(exc))) from None


def prebuilt(library):
    """LIB=: the user's library stands for the object; the modules link it."""
    os.makedirs(MINE_BUILD, exist_ok=True)
    if not os.path.isfile(library):
        raise BuildError(f"LIB={library}: no such file")
    shutil.copyfile(library, LIBRARY)


def _write(sources):
    os.makedirs(SOURCES, exist_ok=True)
    for s in sources:
        with open(os.path.join(SOURCES, s.name), "w") as f:
            f.write(s.text)


def _culprit(message, sources):
    """(the function whose generated lines the compiler's first error is in,
    that error's line), or (None, None).  An error is a file:line[:col]:
    line about one of the sources that is not a note or a warning (Cython's
    carry no "error:")."""
    by_name = {s.name: s for s in sources}
    said = ""
    for line in message.splitlines():
        if line.strip().startswith("--> "):        # rustc: the location under its message
            line = line.strip()[4:] + ": " + said
        elif line.strip():
            said = line.strip()
        match = MESSAGE.match(line.strip())
        if not match or match["text"].startswith(("note:", "warning:", "In ")):
            continue
        source = by_name.get(os.path.basename(match["file"]))
        if source is None:
            continue
        number = int(match["line"])
        for name, ranges in source.spans.items():
            if any(first <= number <= last for first, last in ranges):
                return name, f"{source.name}:{number}: {match['text']}"
        return None, None
    return None, None


def _module_file(module, kind):
    return os.path.join(LIB, module + (".py" if kind == "python" else ext_suffix()))


def _steps(binding, sources, info, object_links):
    """The commands that make the binding's module from its sources."""
    include = info["python_include"]
    src = {s.name: os.path.join(SOURCES, s.name) for s in sources}
    module = binding.module
    obj = os.path.join(SOURCES, module + ".o")
    out = _module_file(module, "ext")
    link_with = [OBJECT] if object_links else [f"-L{MINE_BUILD}", "-lmine",
                                               f"-Wl,-rpath,{MINE_BUILD}"]
    if binding.build == "cffi_api":
        c_file = os.path.join(SOURCES, f"_{module}.c")
        out = _module_file(f"_{module}", "ext")
        # cffi 2's recompiler: its package first on the path, as the Makefile runs it
        cffi2 = {"PYTHONPATH": harness.CFFI2} if binding.tool == "CFFI2" else None
        return [([sys.executable, src[f"build_{module}.py"], c_file], cffi2),
                [info["cc"], *info[binding.flags].split(), f"-I{include}", "-c", c_file, "-o", obj],
                [info["cc"], "-shared", *info["ldflags"].split(),
                 f"-Wl,--version-script={EXPORTS}", "-o", out, obj, *link_with]]
    steps, c_file, compiler = [], src.get(f"{module}.c"), info["cc"]
    if binding.build == "hpy":
        return _hpy_steps(binding, src[f"{module}.c"], obj, info, link_with)
    if binding.build == "pyo3":
        return _pyo3_steps(binding, src["lib.rs"], info, link_with)
    if binding.build == "swig":
        # SWIG writes the module users import (LIB/<module>.py) and the C of
        # the compiled one, _<module>
        c_file = os.path.join(SOURCES, f"{module}_wrap.c")
        swig = ["swig"] if binding.tool == "SWIG" else [
            os.path.join(harness.VENV, "bin", "swig"), "-nogil"]
        steps.append([*swig, "-python", "-keyword", *binding.options, "-module", module,
                      "-outdir", LIB, "-o", c_file, src[f"{module}.i"]])
        out = _module_file(f"_{module}", "ext")
    elif binding.build == "cython":
        c_file = os.path.join(SOURCES, f"{module}.c")
        cython = ("cython3",) if module == "mine_cython" else (
            os.path.join(harness.VENV, "bin", "cython"), "--module-name", module)
        steps.append([*cython, "-3", "-I", SOURCES, "-o", c_file, src[f"{module}.pyx"]])
    flags = info[binding.flags].split()
    if binding.build == "cxx":
        compiler = info["cxx"]
        steps.append([compiler, *flags, "-fPIC", f"-I{include}", "-c", src[f"{module}.cpp"],
                      "-o", obj])
    elif binding.build == "swig":
        steps.append([compiler, *flags, f"-I{include}", "-c", c_file, "-o", obj])
    else:
        steps.append([compiler, *flags, *binding.options, f"-I{include}", "-Iharness/driver",
                      f"-DMINE_MODULE=\"{module}\"", f"-DMINE_MODULE_NAME={module}",
                      "-c", c_file, "-o", obj])
    extra = [os.path.join(harness.BUILD, "ext", "nanobind_lib.o")] \
        if module == "mine_nanobind" else []
    # a tool's own shared library (Boost.Python's), as the Makefile links it
    ldlibs = info.get("ldlibs_" + binding.flags.split("_", 1)[1], "").split()
    steps.append([compiler, "-shared", *info["ldflags"].split(),
                  f"-Wl,--version-script={EXPORTS}", "-o", out, obj, *extra, *link_with,
                  *ldlibs])
    return steps


# Run in a process of its own: each prototype declared to Cling alone; prints
# {function: Cling's first error line} of those it refuses.
CPPYY_PROBE = """
import json, sys
from harness.registry import import_dirs
import cppyy
refused = {}
for name, prototype in json.loads(sys.argv[1]).items():
    try:
        cppyy.cppdef('extern "C" ' + prototype)
    except SyntaxError as exc:
        lines = str(exc).splitlines()
        refused[name] = next((l for l in lines if "error" in l), lines[-1]).strip()
print(json.dumps(refused))
"""


def cppyy_refuses(functions):
    """{function: why} of the prototypes Cling does not accept (a name the
    C++ standard library declares already, e.g. lerp)."""
    done = run([sys.executable, "-c", CPPYY_PROBE,
                json.dumps({f.name: f.c_declaration() for f in functions})], "cppyy")
    return json.loads(done.stdout.strip().splitlines()[-1])


def hpy_dir():
    """The folder holding build/venv's hpy package."""
    found = glob.glob(os.path.join(harness.VENV, "lib", "python*", "site-packages", "hpy"))
    return os.path.dirname(found[0]) if found else ""


def _hpy_steps(binding, c_file, obj, info, link_with):
    """HPy's module in one ABI: its runtime helpers (build/ext/hpy_<abi>/,
    compiled by the Makefile) linked in; the universal one is a .hpy0.so
    with its export list, loaded by a stub (ext/hpy/hpy_universal_stub.py)."""
    abi = binding.path.split(".")[1]
    runtime = sorted(glob.glob(os.path.join(harness.BUILD, "ext", f"hpy_{abi}", "*.o")))
    python = [f"-I{info['python_include']}"] if abi == "cpython" else []
    if abi == "cpython":
        out, exports = _module_file(binding.module, "ext"), EXPORTS
    else:
        out = os.path.join(LIB, binding.module + ".hpy0.so")
        exports = os.path.join(harness.ROOT, "ext", "hpy", "exports_hpy.map")
        with open(os.path.join(harness.ROOT, "ext", "hpy", "hpy_universal_stub.py")) as f:
            stub = f.read().replace("@HPY_DIR@", hpy_dir())
        os.makedirs(LIB, exist_ok=True)
        with open(os.path.join(LIB, binding.module + ".py"), "w") as f:
            f.write(stub)
    return [[info["cc"], *info[binding.flags].split(), *python, "-c", c_file, "-o", obj],
            [info["cc"], "-shared", *info["ldflags"].split(), f"-Wl,--version-script={exports}",
             "-o", out, obj, *runtime, *link_with]]


PYO3_CRATE = os.path.join(MINE_BUILD, "pyo3")
PYO3_BUILD_RS = """// Links the user's object (or library) into the module: FFB_LINK_ARGS.
fn main() {
    println!("cargo:rerun-if-env-changed=FFB_LINK_ARGS");
    for arg in std::env::var("FFB_LINK_ARGS").unwrap_or_default().split_whitespace() {
        println!("cargo:rustc-link-arg-cdylib={arg}");
    }
}
"""


def _pyo3_steps(binding, lib_rs, info, link_with):
    """A crate of its own (build/mine/pyo3) with the project's PyO3 crate's
    Cargo.toml and Cargo.lock (the same pinned crates, its name changed),
    built by cargo like the project's module, into the same target folder
    (build/cargo: the crates compiled once)."""
    os.makedirs(os.path.join(PYO3_CRATE, "src"), exist_ok=True)
    for name in ("Cargo.toml", "Cargo.lock"):
        with open(os.path.join(harness.ROOT, "ext", "pyo3", name)) as f:
            text = f.read().replace('name = "ffibench_pyo3"', f'name = "{binding.module}"')
        with open(os.path.join(PYO3_CRATE, name), "w") as f:
            f.write(text)
    with open(os.path.join(PYO3_CRATE, "build.rs"), "w") as f:
        f.write(PYO3_BUILD_RS)
    shutil.copyfile(lib_rs, os.path.join(PYO3_CRATE, "src", "lib.rs"))
    target = os.path.join(harness.BUILD, "cargo")
    env = {"FFB_LINK_ARGS": " ".join(link_with), "PYO3_PYTHON": info["python"],
           "CARGO_TARGET_DIR": target}
    built = os.path.join(target, "release", f"lib{binding.module}.so")
    return [([tool_path("CARGO") or "cargo", "build", "--release", "--locked", "--offline", "--quiet",
              "--manifest-path", os.path.join(PYO3_CRATE, "Cargo.toml")], env),
            ["cp", built, _module_file(binding.module, "ext")]]


def unavailable(binding, info):
    """Why this build cannot make the binding at all ("" when it can): its
    tool missing (check_deps.sh's or check_tools.sh's reason), or left out
    of a SANITIZER build, as the project's own module of that tool is."""
    skips = registry.config_skips()
    if binding.tool and binding.tool in skips:
        return skips[binding.tool]
    family = binding.path.split(".")[0]
    if "-fsanitize" in info.get("cflags", "") and family in SANITIZER_LEAVES_OUT:
        return SANITIZER_LEAVES_OUT[family]
    if binding.flags and binding.flags not in info:
        return f"build/build-info.txt has no {binding.flags}: its tool is not built"
    return ""


def build_binding(binding, functions, header, strings, info, object_links=True, say=print):
    """One binding's module, dropping the functions it cannot compile."""
    built = Built(binding.path, binding.module)
    built.failed = unavailable(binding, info)
    if built.failed:
        return built
    remaining = []
    for f in functions:
        why = binding.cannot(f)
        if why:
            built.skipped[f.name] = why
        else:
            remaining.append(f)
    start = time.monotonic()
    if binding.build == "cppyy":
        try:
            refused = cppyy_refuses(remaining)
        except (BuildError, ValueError, IndexError) as exc:
            built.failed = first_error(str(exc))
            return built
        for name, line in refused.items():
            say(f"  {binding.path}: {name} left out: {line}")
        built.skipped.update(refused)
        remaining = [f for f in remaining if f.name not in refused]
    while True:
        sources = generate.sources(binding, remaining, header, strings)
        _write(sources)
        built.files = [s.name for s in sources]
        os.makedirs(LIB, exist_ok=True)
        if binding.build in ("python", "cppyy"):
            for s in sources:
                shutil.copyfile(os.path.join(SOURCES, s.name), os.path.join(LIB, s.name))
            break
        try:
            for step in _steps(binding, sources, info, object_links):
                command, env = step if isinstance(step, tuple) else (step, None)
                run(command, command[0], env)
            if binding.build == "cffi_api":
                shutil.copyfile(os.path.join(SOURCES, f"{binding.module}.py"),
                                os.path.join(LIB, f"{binding.module}.py"))
            break
        except (BuildError, OSError) as exc:
            culprit, line = _culprit(str(exc), sources)
            if culprit is None or culprit not in [f.name for f in remaining]:
                built.failed = first_error(str(exc))
                return built
            say(f"  {binding.path}: {culprit} left out: {line}")
            built.skipped[culprit] = line
            remaining = [f for f in remaining if f.name != culprit]
    built.seconds = time.monotonic() - start
    built.functions = [f.name for f in remaining]
    module_file = _module_file(f"_{binding.module}" if binding.build in ("cffi_api", "swig")
                               else binding.module,
                               "python" if binding.build in ("python", "cppyy") else "ext")
    if binding.path == "hpy.universal":
        module_file = os.path.join(LIB, binding.module + ".hpy0.so")
    built.size = os.path.getsize(module_file)
    return built
