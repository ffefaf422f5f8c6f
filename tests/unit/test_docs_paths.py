"""Docs and comments that cannot go stale silently: every repository path
quoted in a document, a comment or a docstring exists; no document prints an
absolute path of the machine it was made on; the driver's protocol as
docs/ARCHITECTURE.md quotes it is the one driver.c parses."""
import glob
import os
import re
import subprocess

import harness

# The folders of the repository a quoted path starts with (results/ and
# build/ hold generated files, which a fresh clone has not made yet).
FOLDERS = ("harness", "kernels", "ext", "tests", "docs", "floors", "cffi_bindings",
           "ctypes_bindings", "requirements", ".ci", ".github")
# A path, with a make pattern (%), a glob (*) or a brace list ({h,c}) in it.
QUOTED = re.compile(r"(?<![\w./-])((?:%s)/[\w./*%%-]*(?:\{[\w,]+\}|[\w*%%]))"
                    % "|".join(map(re.escape, FOLDERS)))
TEXT = (".py", ".c", ".h", ".cc", ".cpp", ".pyx", ".rs", ".sh", ".md", ".gp", ".map", ".toml",
        ".mk", ".txt", ".yml", "Makefile", "run")


def tracked():
    done = subprocess.run(["git", "ls-files"], cwd=harness.ROOT, capture_output=True,
                          text=True, check=True)
    return [name for name in done.stdout.split()
            if name.endswith(TEXT) and not name.startswith(("results/", "tests/unit/fixtures/"))
            and not name.endswith(".lock")]


def exists(path):
    braces = re.search(r"\{([\w,]+)\}", path)
    if braces and "," not in braces.group(1):
        return True                     # a placeholder: harness/{folder}
    if braces:
        return all(exists(path.replace(braces.group(0), choice))
                   for choice in braces.group(1).split(","))
    path = path.replace("%", "*")
    if "*" in path:
        return bool(glob.glob(os.path.join(harness.ROOT, path)))
    return os.path.exists(os.path.join(harness.ROOT, path))


def quoted(pattern):
    """(where, match) of every match of `pattern` in every tracked text file."""
    for name in tracked():
        with open(os.path.join(harness.ROOT, name), errors="replace") as f:
            for number, line in enumerate(f, start=1):
                for found in pattern.findall(line):
                    yield f"{name}:{number}", found


def test_every_quoted_repository_path_exists():
    stale = [f"{where}: {path}" for where, path in quoted(QUOTED) if not exists(path)]
    assert not stale, "paths that do not exist:\n" + "\n".join(stale)


# A module named by its dotted name (`python3 -m harness.tools.compare`,
# `$(RUN).pipeline.bench` in the Makefile, where RUN ends in `-m harness`).
DOTTED = re.compile(r"(?:\bharness|\$\(RUN\))((?:\.\w+)+)")


def module_exists(dotted):
    """Whether harness<dotted> is a package, a module, or a name in a module."""
    path = os.path.join(harness.ROOT, "harness")
    for part in dotted.strip(".").split("."):
        if os.path.exists(os.path.join(path, part + ".py")):
            return True                 # what follows is a name in it
        path = os.path.join(path, part)
        if not os.path.isdir(path):
            return False
    return True


# The packages of harness/ (harness.BUILD, harness.ROOT are names, not modules).
PACKAGES = ("registry", "pipeline", "tools", "commands", "provision", "driver")


def test_every_module_named_by_its_dotted_name_exists():
    stale = [f"{where}: harness{dotted}" for where, dotted in quoted(DOTTED)
             if dotted.strip(".").split(".")[0] in PACKAGES and not module_exists(dotted)]
    assert not stale, "modules that do not exist:\n" + "\n".join(stale)


def test_no_document_prints_an_absolute_path_of_this_machine():
    found = []
    for name in tracked():
        if not name.endswith(".md"):
            continue
        with open(os.path.join(harness.ROOT, name)) as f:
            for number, line in enumerate(f, start=1):
                if re.search(r"(?<![\w.~])/(work|root|home|tmp)/\w", line):
                    found.append(f"{name}:{number}: {line.strip()[:100]}")
    assert not found, "\n".join(found)


def test_architecture_quotes_the_format_the_driver_parses():
    with open(os.path.join(harness.ROOT, "harness", "driver", "driver.c")) as f:
        driver = f.read()
    with open(os.path.join(harness.ROOT, "docs", "ARCHITECTURE.md")) as f:
        architecture = f.read()
    parsed = re.search(r'"([^"]+):bench_rows"', driver)
    assert parsed, "driver.c no longer parses bench_rows() with a format named so"
    quoted = re.findall(r'`"([sOL!p]+)"`', architecture)
    assert quoted == [parsed.group(1)], (quoted, parsed.group(1))
