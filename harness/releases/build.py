"""One release of a binding tool, built: its pinned package installed into
its own folder (build/releases/<tool>-<version>/site, pip --target, wheels
only, --require-hashes), then the project's source of that tool compiled
against it, over the same kernel object, into the release's folder under the
module name of the project's path it stands for.

The commands are the Makefile's for the project's own module of that tool,
with the flags build/build-info.txt records for it; only the tool's folder
changes (its headers, its compiler, its recompiler).  A release that does not
install or build is returned with the first error line, and the series goes
on.
"""

import dataclasses
import os
import shutil
import sys
import time

import harness
from harness.mine.build import BuildError, build_info, ext_suffix, first_error, run, tool_path
from harness.releases import series as releases

EXT = os.path.join(harness.ROOT, "ext")
KERNELS_OBJ = os.path.join(harness.BUILD, "kernels.o")
EXPORTS = os.path.join(EXT, "exports.map")
# The PyO3 releases share one cargo target folder: each release's crates
# compiled once, apart from the project's build/cargo.
CARGO_TARGET = os.path.join(harness.BUILD, "releases", "cargo")


@dataclasses.dataclass
class Built:
    release: releases.Release
    error: str = ""             # its first error line, or ""
    seconds: float = 0.0        # install and build, wall time


def site(release):
    return os.path.join(release.folder, "site")


def install(release):
    """The release's package from its requirements file into its site
    folder (once: kept while the file is unchanged)."""
    stamp = os.path.join(site(release), ".installed")
    with open(release.pin, "rb") as f:
        pinned = f.read()
    if os.path.exists(stamp):
        with open(stamp, "rb") as f:
            if f.read() == pinned:
                return
    shutil.rmtree(site(release), ignore_errors=True)
    pip = os.path.join(harness.VENV, "bin", "python")
    try:
        run([pip, "-m", "pip", "install", "-q", "--disable-pip-version-check", "--no-deps",
             "--only-binary=:all:", "--require-hashes", "--target", site(release),
             "-r", release.pin], f"pip install -r {release.pin}")
    except BuildError as exc:
        raise BuildError(f"pip: {first_error(str(exc))}") from None
    with open(stamp, "wb") as f:
        f.write(pinned)


def _swap(flags, project_dir, release_dir):
    """The project's module flags with the release's tool folder for the
    project's one (its -I paths)."""
    if not project_dir or project_dir not in flags:
        raise BuildError(f"build/build-info.txt's flags do not name {project_dir}: run make")
    return flags.replace(project_dir, release_dir).split()


def _compile(release, info, compiler, flags, source, name):
    """An object of the release's module, as the Makefile compiles one
    (EXT_CC, EXT_CXX): the module's flags, the interpreter's headers, the
    kernels' and ext/'s."""
    obj = os.path.join(release.folder, name + ".o")
    run([info[compiler], *flags, *(("-fPIC",) if compiler == "cxx" else ()),
         f"-I{info['python_include']}", "-Ikernels", "-Iext", "-c", source, "-o", obj],
        f"compiling {source}")
    return obj


def _link(release, info, compiler, module, objects):
    """The module, as the Makefile links one: its objects, the kernel object,
    only PyInit_* exported."""
    out = os.path.join(release.folder, module + ext_suffix())
    run([info[compiler], "-shared", *info["ldflags"].split(),
         f"-Wl,--version-script={EXPORTS}", "-o", out, *objects, KERNELS_OBJ], f"linking {out}")


def build_pybind11(release, info):
    flags = _swap(info["cxxflags_pybind11_v3"], tool_path("PYBIND11_V3_DIR"),
                  os.path.join(site(release), "pybind11", "include"))
    obj = _compile(release, info, "cxx", flags, "ext/pybind11/ffibench_pybind11.cpp", "pybind11")
    _link(release, info, "cxx", "ffibench_pybind11_v3", [obj])


def build_nanobind(release, info):
    """The module and nanobind's library, as ext/nanobind/nanobind.mk builds
    them: the library from src/nb_combined.cpp, or, in releases before it
    existed (1.x), from each of src/'s .cpp files, the list its CMake build
    compiles."""
    nanobind = os.path.join(site(release), "nanobind")
    src = os.path.join(nanobind, "src")
    library = ["nb_combined.cpp"] if os.path.exists(os.path.join(src, "nb_combined.cpp")) \
        else sorted(name for name in os.listdir(src) if name.endswith(".cpp"))
    parts = [("cxxflags_nanobind", "ext/nanobind/ffibench_nanobind.cpp", "nanobind"),
             *(("cxxflags_nanobind_lib", os.path.join(src, name), "nanobind_lib_" + name[:-4])
               for name in library)]
    objects = [_compile(release, info, "cxx",
                        _swap(info[key], tool_path("NANOBIND_DIR"), nanobind), source, name)
               for key, source, name in parts]
    _link(release, info, "cxx", "ffibench_nanobind", objects)


def build_cython(release, info):
    """The .pyx through the release's Cython (its package first on the path),
    as ext/cython/cython.mk runs Cython 3, without the freethreading_compatible
    directive, which releases before 3.1 do not know (on an interpreter with
    the GIL it changes nothing)."""
    c_file = os.path.join(release.folder, "cython.c")
    run([sys.executable, "-m", "cython", "-3", "--module-name", "ffibench_cython3",
         "-I", "kernels", "-o", c_file, "ext/cython/ffibench_cython.pyx"],
        "cython", env={"PYTHONPATH": site(release)})
    obj = _compile(release, info, "cc", info["cflags_cython3"].split(), c_file, "cython")
    _link(release, info, "cc", "ffibench_cython3", [obj])


def build_cffi(release, info):
    """ABI mode needs only the installed package (cffi_bindings/cffi2_loader.py
    loads it from FFB_CFFI_FOLDER); API mode's C by the release's recompiler,
    as the Makefile makes cffi 2's."""
    c_file = os.path.join(release.folder, "cffi2.c")
    run([sys.executable, "cffi_bindings/build_cffi_api.py", c_file, "ffibench_cffi2"],
        "cffi's recompiler", env={"PYTHONPATH": site(release)})
    obj = _compile(release, info, "cc", info["cflags_cffi2"].split(), c_file, "cffi2")
    _link(release, info, "cc", "ffibench_cffi2", [obj])


def crate(release):
    """The release's crate (build/releases/pyo3-<version>/crate): the manifest
    from ext/pyo3/releases/Cargo.toml.in, the committed lock."""
    folder = os.path.join(release.folder, "crate")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(EXT, "pyo3", "releases", "Cargo.toml.in")) as f:
        manifest = f.read().replace("@PYO3@", release.version).replace("@EXT@", EXT + "/pyo3")
    with open(os.path.join(folder, "Cargo.toml"), "w") as f:
        f.write(manifest)
    if os.path.exists(release.pin):
        shutil.copyfile(release.pin, os.path.join(folder, "Cargo.lock"))
    return folder


def build_pyo3(release, info):
    cargo = tool_path("CARGO")
    if not cargo:
        raise BuildError("no cargo: build/tools.mk has no CARGO (run make; "
                         "harness/provision/check_tools.sh installs Rust)")
    folder = crate(release)
    features = ["--features", "gil_refs"] if releases.version_key(release.version) < (0, 21) \
        else []
    run([cargo, "build", "--release", "--locked", "--quiet", *features,
         "--manifest-path", os.path.join(folder, "Cargo.toml")], "cargo build",
        env={"FFB_KERNELS_OBJ": KERNELS_OBJ, "PYO3_PYTHON": info["python"],
             "CARGO_TARGET_DIR": CARGO_TARGET})
    shutil.copyfile(os.path.join(CARGO_TARGET, "release", "libffibench_pyo3.so"),
                    os.path.join(release.folder, "ffibench_pyo3" + ext_suffix()))


BUILDERS = {"pybind11": build_pybind11, "nanobind": build_nanobind, "cython": build_cython,
            "cffi": build_cffi, "pyo3": build_pyo3}


def build(release, info=None, say=print):
    """The release's modules in its folder, or its first error line."""
    start = time.monotonic()
    info = info or build_info()
    for name in os.listdir(release.folder) if os.path.isdir(release.folder) else ():
        if name.endswith(".so"):        # no module of an earlier build survives a failure
            os.remove(os.path.join(release.folder, name))
    os.makedirs(release.folder, exist_ok=True)
    try:
        if not os.path.exists(release.pin):
            raise BuildError(f"{os.path.relpath(release.pin, harness.ROOT)} is missing")
        if release.tool != "pyo3":
            install(release)
        BUILDERS[release.tool](release, info)
    except BuildError as exc:
        error = first_error(str(exc))
        say(f"  {release.name}: not built: {error}")
        return Built(release, error, time.monotonic() - start)
    seconds = time.monotonic() - start
    say(f"  {release.name}: built in {seconds:.0f} s")
    return Built(release, "", seconds)
