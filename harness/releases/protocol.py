"""The driver's protocol (harness/registry/protocol.py documents it) for
make releases: the registry's own rows of one tool's paths, for the kernels
of harness/releases/series.py in interp mode, with one release's modules.

The release is named by FFB_RELEASE, its build folder
(build/releases/<tool>-<version>, which harness/releases/run.py sets for the
driver and its workers).  harness/registry/import_dirs.py puts that folder
first on sys.path, before the project's build folder, so that the path's
module (ffibench_pybind11_v3 for pybind11.v3, ...) is the release's; for
cffi, cffi_bindings/cffi2_loader.py loads the release's cffi package and
backend (FFB_CFFI_FOLDER).
"""

import os
import sys

from harness.registry import benchmark_rows
from harness.registry import vocabulary as v
from harness.registry.import_dirs import RELEASE_FOLDER as FOLDER
from harness.registry.metadata import run_metadata as registry_metadata
from harness.registry.protocol import kernel_rows, prepare_timing, sentinel  # noqa: F401
from harness.releases import series


def release():
    """The Release the driver runs, from FFB_RELEASE's folder name."""
    if not FOLDER:
        raise RuntimeError("FFB_RELEASE is not set: make releases runs this protocol")
    tool, _, version = os.path.basename(FOLDER.rstrip("/")).partition("-")
    return series.Release(tool, version, series.TOOLS[tool].versions.index(version))


def rows():
    """The baselines of interp mode, then each path's rows of the series'
    kernels."""
    return [row for row in benchmark_rows.rows(release().paths)
            if row.mode == series.MODE
            and (row.path == v.BASELINE_PATH or row.kernel in series.KERNELS)]


def bench_rows():
    return kernel_rows(rows())


def run_metadata():
    """The registry's facts, the release, and where the modules of its folder
    (and, for cffi, the backend) were loaded from."""
    facts = registry_metadata()
    facts["ffb_release"] = release().name
    for name in sorted(os.listdir(FOLDER)):
        module = sys.modules.get(name.split(".")[0])
        if name.endswith(".so") and module is not None:
            facts[f"ffb_release_module_{module.__name__}"] = module.__file__
    loader = sys.modules.get("cffi2_loader")
    if loader is not None:
        facts["ffb_release_cffi_backend"] = loader.backend.__file__
    return facts
