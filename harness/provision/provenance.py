"""What the Makefile needs to know, in one script: the interpreter's facts,
and the provenance of a build.  Runs on every interpreter the toolkit builds
for (PyPy's Python 3.9 included) and imports only the standard library and
the harness package.

  python3 harness/provision/provenance.py facts
      one line of words for make: the interpreter's include folder, extension
      suffix, LIBDIR, LDVERSION, the Limited API's version number, its build
      folder (harness.BUILD), its label, gil or gil_disabled, and its
      implementation (the Makefile's PY_FACTS)
  python3 harness/provision/provenance.py build-info OUT KEY=VALUE ...
      OUT (build/build-info.txt): the flags make gives as KEY=VALUE, then the
      version of every tool the build used, found here; rewritten only when
      it changes, so that a change of flags or tools rebuilds everything and
      the results record what was used (metadata.py reads it)
  python3 harness/provision/provenance.py module-parts OUT LINE ...
      OUT (build/ext/module-parts.txt): what building each module makes, one
      LINE per module: MODULE FILE and the files made on the way;
      ownership.py removes them to time a module's build from clean
"""

import glob
import os
import re
import subprocess
import sys
import sysconfig

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
import harness  # noqa: E402  (the checkout, put on sys.path above)


def facts():
    get = sysconfig.get_config_var
    return [sysconfig.get_paths()["include"], get("EXT_SUFFIX"), get("LIBDIR"), get("LDVERSION"),
            "0x%02x%02x0000" % sys.version_info[:2], os.path.relpath(harness.BUILD),
            harness.interpreter_label(), "gil_disabled" if get("Py_GIL_DISABLED") else "gil",
            sys.implementation.name]


def output(command, default="unknown"):
    """The first line a command prints, or `default` when it cannot run.
    Without LD_PRELOAD: a make started by the sanitizer suite's tests runs
    with the ASan runtime preloaded, which made rustc fail (its version then
    "unknown", and build-info.txt changed: everything was rebuilt)."""
    env = {k: x for k, x in os.environ.items() if k != "LD_PRELOAD"}
    try:
        done = subprocess.run(command, capture_output=True, text=True, env=env)
    except OSError:
        return default
    text = (done.stdout or done.stderr).strip()
    return text.splitlines()[0] if done.returncode == 0 and text else default


def pyo3_facts(lock, manifest):
    """The pyo3 and numpy crates' versions in the Cargo lock, and the release
    profile."""
    with open(lock) as f:
        locked = f.read()
    with open(manifest) as f:
        profile = f.read().partition("[profile.release]")[2]

    def version(crate):
        found = re.search(rf'^name = "{crate}"\nversion = "([^"]+)"', locked, re.M)
        return found.group(1) if found else "unknown"
    return [("pyo3_version", version("pyo3")), ("rust_numpy_version", version("numpy")),
            ("rust_profile", " ".join(profile.split("\n")).strip() + " ")]


def cffi2_version(venv):
    """The version of cffi 2 in build/cffi2 (beside VENV; make_venv.sh), from
    its dist-info folder's name, or "none"."""
    found = glob.glob(os.path.join(os.path.dirname(venv), "cffi2", "cffi-*.dist-info"))
    return os.path.basename(found[0])[len("cffi-"):-len(".dist-info")] if found else "none"


def tool_versions(given):
    """{where: [(key, version)]}: the version of every tool the build used,
    found from the facts make gave (cc, cxx, the interpreters, the venv,
    cargo), each group with where it goes in the file: after the line of
    `where`, or, for "binding tools" and "rust", before the first of the
    lines BEFORE names."""
    pip = []
    venv_python = os.path.join(given["venv"], "bin", "python")
    for name in ("nanobind", "pybind11", "cython", "hpy", "swig", "numpy"):
        version = output([venv_python, "-c", "import importlib.metadata as m; "
                          f"print(m.version({name!r}))"], "")
        if version:
            pip.append((f"pip_{name}_version", version))
    rust = []
    if given.get("cargo"):
        rust.append(("rustc_version",
                     output([os.path.join(os.path.dirname(given["cargo"]), "rustc"),
                             "--version"])))
        rust += pyo3_facts(os.path.join(harness.ROOT, "ext", "pyo3", "Cargo.lock"),
                           os.path.join(harness.ROOT, "ext", "pyo3", "Cargo.toml"))
    benchmark = output(["pkg-config", "--modversion", "benchmark"], "") or output(
        ["dpkg-query", "-W", "-f=${Version}", "libbenchmark-dev"])
    return {
        "cc": [("cc_version", output([given["cc"], "--version"]))],
        "cxx": [("cxx_version", output([given["cxx"], "--version"]))],
        "binding tools": [
            ("cython_version", output(["cython3", "--version"])),
            ("pybind11_version", output(["dpkg-query", "-W", "-f=${Version}",
                                         "pybind11-dev"])),
            ("swig_version", output(["dpkg-query", "-W", "-f=${Version}", "swig"], "none")),
            ("cffi_version", output([given["py_run"], "-c",
                                     "import cffi; print(cffi.__version__)"], "none")),
            ("cffi2_version", cffi2_version(given["venv"])),
            *pip],
        "rust": [*rust, ("benchmark_version", benchmark)],
    }


# What make gives build-info that is a fact for the script, not a line of
# the file.
INPUTS = ("py_run", "venv", "cargo")
# The groups of versions placed before the first of these lines (the file's
# order is the one it has always had: a change of it alone would rebuild
# everything, and move the instruction counts of the rows sensitive to the
# interpreter's memory layout, since the driver reads the file before timing).
BEFORE = {"binding tools": ("cxxflags_nanobind_lib", "python"), "rust": ("python",)}


def build_info(out, pairs):
    given = dict(pair.split("=", 1) for pair in pairs)
    versions = tool_versions(given)
    lines = []
    for key, value in (pair.split("=", 1) for pair in pairs):
        if key in INPUTS:
            continue
        for group, keys in BEFORE.items():
            if key in keys and versions.get(group):
                lines += [f"{k}={x}" for k, x in versions.pop(group)]
        lines.append(f"{key}={value}")
        lines += [f"{k}={x}" for k, x in versions.pop(key, [])]
    write_if_changed(out, lines)


def write_if_changed(out, lines):
    """The lines into `out`, unless it holds them already (its time then
    stays, and nothing that depends on it is rebuilt)."""
    text = "\n".join(lines) + "\n"
    try:
        with open(out) as f:
            if f.read() == text:
                return
    except OSError:
        pass
    tmp = f"{out}.{os.getpid()}.new"      # two makes at once must not take each other's
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, out)


def main(argv):
    if argv[1:] == ["facts"]:
        print(" ".join(facts()))
        return 0
    if len(argv) >= 3 and argv[1] == "build-info":
        build_info(argv[2], argv[3:])
        return 0
    if len(argv) >= 3 and argv[1] == "module-parts":
        write_if_changed(argv[2], argv[3:])
        return 0
    print("usage:\n" + __doc__.strip().split("\n\n")[1], file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
