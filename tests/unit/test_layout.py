"""The tree keeps its architecture (docs/ARCHITECTURE.md): who may import whom,
one list of kernels, no module reaching into another's private names."""
import ast
import os
import re

import harness
from harness.registry import workloads

HARNESS = os.path.join(harness.ROOT, "harness")
# folder -> the harness folders its modules may import (besides its own)
MAY_IMPORT = {
    "registry": set(),
    "pipeline": {"registry"},
    "tools": {"registry", "pipeline"},
    "driver": set(),
}


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


def test_each_folder_imports_only_what_it_may():
    for folder, name, tree in modules():
        for dotted in imported(tree):
            parts = dotted.split(".")
            if len(parts) > 1 and parts[1] in MAY_IMPORT:
                assert parts[1] == folder or parts[1] in MAY_IMPORT[folder], \
                    f"harness/{folder}/{name} imports {dotted}"


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
    assert sorted(listed) == sorted(workloads.KERNELS)
    assert len(listed) == len(set(listed))
