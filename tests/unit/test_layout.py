"""The tree keeps its architecture (docs/ARCHITECTURE.md): who may import whom,
one list of kernels, no module reaching into another's private names."""
import ast
import os
import re

import harness
from harness.registry import workloads

HARNESS = os.path.join(harness.ROOT, "harness")
# folder -> the harness folders its modules may import (besides its own): the
# registry at the bottom; the pipeline's jobs in the order a run takes them
# (measuring uses the analysis of values, the choice uses both, publishing
# reads what they wrote); its top level (the orchestration, bench.py, and
# what every stage shares: config, stage_cli, results_io) above them; then
# the commands and tools that use the pipeline.
PIPELINE_SHARED = {"registry", "pipeline"}
MAY_IMPORT = {
    "registry": set(),
    "pipeline/analyse": PIPELINE_SHARED,
    "pipeline/measure": PIPELINE_SHARED | {"pipeline/analyse"},
    "pipeline/choice": PIPELINE_SHARED | {"pipeline/analyse", "pipeline/measure"},
    "pipeline/publish": PIPELINE_SHARED | {"pipeline/analyse", "pipeline/choice"},
    "pipeline": {"registry", "pipeline/analyse", "pipeline/measure", "pipeline/choice",
                 "pipeline/publish"},
    "commands": {"registry", "pipeline", "pipeline/analyse", "pipeline/publish"},
    "tools": {"registry", "pipeline", "pipeline/analyse", "pipeline/measure",
              "pipeline/publish"},
    "provision": set(),
    "driver": set(),
    # make mine: the pipeline's measuring and publishing over generated bindings
    "mine": {"registry", "pipeline", "pipeline/analyse", "pipeline/publish"},
    # make releases: make mine's build steps and make bench-instr's counting
    # over the registry's rows, with the pipeline's timing and charts
    "releases": {"registry", "pipeline", "pipeline/publish", "mine", "tools"},
}
# The pipeline's top-level modules the stages may use: not the orchestration.
SHARED_MODULES = {"config", "stage_cli", "results_io"}


def modules():
    for folder in MAY_IMPORT:
        for name in sorted(os.listdir(os.path.join(HARNESS, folder))):
            if name.endswith(".py"):
                path = os.path.join(HARNESS, folder, name)
                with open(path) as f:
                    yield folder, name, ast.parse(f.read(), path)


def imported(tree):
    """The harness modules a module imports, as dotted names."""
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("harness"):
            yield from (f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            yield from (a.name for a in node.names if a.name.startswith("harness"))


def folder_of(dotted):
    """The folder of harness/ a dotted name lives in, and its module's name
    ("" for a name of harness itself, e.g. harness.BUILD)."""
    parts = dotted.split(".")[1:]
    for depth in (2, 1):
        folder = "/".join(parts[:depth])
        if len(parts) > depth and folder in MAY_IMPORT:
            return folder, parts[depth]
    return "", ""


def test_every_folder_of_the_harness_has_its_rules():
    folders = {os.path.relpath(root, HARNESS) for root, _, files in os.walk(HARNESS)
               if root != HARNESS and any(f.endswith((".py", ".c", ".sh")) for f in files)}
    assert folders == set(MAY_IMPORT), folders ^ set(MAY_IMPORT)


def test_each_folder_imports_only_what_it_may():
    for folder, name, tree in modules():
        for dotted in imported(tree):
            target, module = folder_of(dotted)
            if not target or target == folder:
                continue
            assert target in MAY_IMPORT[folder], f"harness/{folder}/{name} imports {dotted}"
            if target == "pipeline" and folder.startswith("pipeline/"):
                assert module in SHARED_MODULES, f"harness/{folder}/{name} imports {dotted}"


def test_the_vocabulary_imports_nothing():
    with open(os.path.join(HARNESS, "registry", "vocabulary.py")) as f:
        tree = ast.parse(f.read())
    assert not [n for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))]


def test_no_module_uses_another_ones_private_names():
    for folder, name, tree in modules():
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and node.attr.startswith("_")
                    and not node.attr.startswith("__") and isinstance(node.value, ast.Name)
                    and node.value.id not in ("self", "cls", "sys", "os")):
                raise AssertionError(f"harness/{folder}/{name}: {node.value.id}.{node.attr}")


def test_the_c_kernel_list_is_the_registrys():
    with open(os.path.join(harness.ROOT, "kernels", "kernel_list.h")) as f:
        listed = re.findall(r"^\s*X\((\w+),", f.read(), re.M)
    # the objects workload is each binding's class, the argument shapes each
    # binding's signatures, and the NumPy functions each binding's array
    # idiom: not lists of functions
    assert sorted(listed) == sorted(k for k, kernel in workloads.KERNELS.items()
                                    if not {"objects", "shapes", workloads.NUMPY}
                                    & set(kernel.workloads))
    assert len(listed) == len(set(listed))
