"""The binding tools' releases that make releases builds and measures: the
series of each tool, oldest first, and what one release is.

Each release is pinned: a Python tool by the wheel of it that installs here
with its hash (requirements/releases/<tool>-<version>.txt, pip
--require-hashes), PyO3 by a Cargo lock of its own
(requirements/releases/pyo3-0.30.1.Cargo.lock for 0.30.1, ...).  Every release of a tool
builds the same source over the same kernel object (build/kernels.o) with
the flags build/build-info.txt records for the project's own module of that
tool, under the module name of the project's path it stands for, so that the
registry's own rows of that path measure it (harness/releases/protocol.py).
"""

import dataclasses
import os

import harness

REQUIREMENTS = os.path.join(harness.ROOT, "requirements", "releases")

# The rows measured for every release: the call kernels, a string, the error
# kernel (its "ok" and "fail" rows: the exception's cost) and a method call
# of the objects workload; interp mode (the timing loop's calls, as Python
# code makes them).
KERNELS = ("noop", "add_i64", "add_f64", "len_str", "fail_if_negative", "point_sum")
MODE = "interp"


@dataclasses.dataclass(frozen=True)
class Tool:
    name: str           # pybind11, nanobind, cython, pyo3, cffi
    paths: tuple        # the registry's paths each release is built as
    versions: tuple     # oldest first
    # What its releases before a version do with a bad call instead of what
    # the registry's path records: {the first version without it: {"kind" or
    # "kind:kernel" (as CallPath.quirks): what happens}}; tests/built/
    # test_paths.py holds each release to it (harness/registry/workloads.py's
    # QUIRK_RESULTS gives the result).
    quirks_before: dict = dataclasses.field(default_factory=dict)


# The series: each tool's releases where its call changed, or might have
# (issue 28 names them), oldest first.  The last one is the project's own
# pin (requirements/bindings.txt, requirements/cffi2.txt, ext/pyo3/Cargo.toml).
# Releases that bracket a change named in a changelog: pybind11 3.0.1 and
# 3.0.4 (3.0.2's vectorcall, #5948), nanobind 2.12.0 and 2.15.0 (2.13.0's
# dispatchers, #1370, #1362, #1374).
TOOLS = {t.name: t for t in (
    Tool("pybind11", ("pybind11.v3",), ("2.10.4", "2.11.2", "2.12.1", "2.13.6", "3.0.1", "3.0.4",
                                        "3.1.0")),
    Tool("nanobind", ("nanobind.def",), ("1.9.2", "2.0.0", "2.12.0", "2.15.0", "3.1.0"),
         quirks_before={"2.14.0": {
             f"wrong_type:{kernel}": "a str of digits converted to the int it spells (nanobind's "
                                     "integer caster before 2.14.0 took anything int() takes; "
                                     "its changelog, 2.14.0, calls that a bug it fixed)"
             for kernel in ("add_i64", "fail_if_negative")}}),
    Tool("cython", ("cython.v3",), ("0.29.37", "3.0.12", "3.1.8", "3.2.9", "3.3.1")),
    Tool("pyo3", ("pyo3.def",), ("0.20.3", "0.22.6", "0.24.2", "0.26.0", "0.27.2", "0.28.3",
                                 "0.30.1")),
    Tool("cffi", ("cffi.v2_abi", "cffi.v2_api"), ("1.15.1", "1.17.1", "2.0.0", "2.1.1")),
)}


@dataclasses.dataclass(frozen=True)
class Release:
    tool: str
    version: str
    order: int          # its place in the tool's series, from 0

    @property
    def name(self):
        return f"{self.tool}-{self.version}"

    @property
    def paths(self):
        return TOOLS[self.tool].paths

    @property
    def quirks(self):
        """The quirks of TOOLS' quirks_before that this release has."""
        return {kind: what for fixed, quirks in TOOLS[self.tool].quirks_before.items()
                if version_key(self.version) < version_key(fixed)
                for kind, what in quirks.items()}

    @property
    def pin(self):
        """The file that pins it (committed)."""
        suffix = ".Cargo.lock" if self.tool == "pyo3" else ".txt"
        return os.path.join(REQUIREMENTS, self.name + suffix)

    @property
    def folder(self):
        """Its build folder: its environment, its modules, its runs."""
        return os.path.join(harness.BUILD, "releases", self.name)


def version_key(version):
    return tuple(int(part) for part in version.split("."))


def series(tools=(), quick=False):
    """The releases to build, tool by tool in TOOLS order, oldest first; only
    `tools` when given; QUICK: the first and last of each series."""
    unknown = sorted(set(tools) - set(TOOLS))
    if unknown:
        raise ValueError(f"TOOLS={' '.join(tools)}: no series for {', '.join(unknown)}; "
                         f"the tools are {' '.join(TOOLS)}")
    result = []
    for tool in TOOLS.values():
        if tools and tool.name not in tools:
            continue
        versions = tool.versions
        if quick:
            versions = (versions[0], versions[-1])
        result += [Release(tool.name, v, tool.versions.index(v)) for v in versions]
    return result
