"""Cost of ownership, per binding (harness/registry/bindings.py): the glue we
wrote for it, what building its module from clean takes, and its size.

  python3 -m harness.pipeline.choice.ownership RESULTS [--quick]
      -> RESULTS/ownership.csv (+ build.json, hyperfine's)

- glue_lines: the lines of code of the binding's sources (blank lines,
  comments and docstrings left out; counted here, by code_lines), and per
  kernel its path expresses.  The C API's sources hold all nine calling
  conventions of two modules (capi and abi3), and Cython's, pybind11's and
  HPy's serve two builds each: a family's figure counts its sources once.
- error_glue_lines: the lines of the definition that turns the kernel's error
  code into an exception (Binding.error_glue: found in its source by
  definition_lines).
- build_s: hyperfine times `make <module>` after removing what building it
  makes (build/ext/module-parts.txt, which the build writes: its object,
  libraries, generated C; PyO3's cargo folder), against `make <module>` with nothing to do: the difference is the
  build from clean of that module alone, with -j1 (the kernel object, common
  to every module, is not rebuilt).  Not measured in a QUICK pass (a build is
  seconds to a minute).
- module_kb_stripped: the module's size after `strip` (a run-time binding
  has no module: ctypes and cffi's ABI mode load the kernels' shared library).
"""

import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tokenize

import harness
from harness import registry
from harness.pipeline import stage_cli
from harness.pipeline.analyse import stats
from harness.pipeline.measure import whole_processes

# Runs per module build, and warm-up builds: 2 (a build of a module is
# seconds; 3 runs made a third of the choice stage's time).
SETTINGS = {"full": {"runs": 2, "warmup": 0}, "quick": None}
C_LIKE = (".c", ".h", ".cpp", ".cc", ".rs", ".i")   # .i: SWIG's, with C's comments


def _python_code_lines(text):
    """Line numbers holding Python (or Cython) code: every token's lines, but
    comments, blank lines and string-only statements (docstrings)."""
    lines, statement = set(), []
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type in (tokenize.COMMENT, tokenize.NL, tokenize.INDENT, tokenize.DEDENT,
                          tokenize.ENCODING, tokenize.ENDMARKER):
            continue
        if token.type == tokenize.NEWLINE:
            if not (len(statement) == 1 and statement[0].type == tokenize.STRING):
                for t in statement:
                    lines.update(range(t.start[0], t.end[0] + 1))
            statement = []
            continue
        statement.append(token)
    for t in statement:
        lines.update(range(t.start[0], t.end[0] + 1))
    return lines


def _c_code_lines(text):
    """Line numbers holding code in C, C++ or Rust: /* */ and // comments
    removed (a comment marker inside a string literal is not told apart)."""
    without = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
    return {number for number, line in enumerate(without.splitlines(), start=1)
            if line.split("//", 1)[0].strip()}


def code_lines(path, text=None):
    """The set of line numbers of a source file that hold code."""
    if text is None:
        with open(path) as f:
            text = f.read()
    if path.endswith(C_LIKE):
        return _c_code_lines(text)
    if path.endswith((".py", ".pyx")):
        return _python_code_lines(text)
    # other files (Cargo.toml): # comments
    return {n for n, line in enumerate(text.splitlines(), start=1)
            if line.split("#", 1)[0].strip()}


def definition_lines(path, symbol, text=None):
    """The code lines of the definition of `symbol` in a source file: for
    Python and Cython the def and its indented body; for C, C++ and Rust the
    lines from the declaration (its attribute or macro lines above included)
    to its closing brace; a SWIG directive (a symbol starting with %, such
    as "%typemap(out) int f") from its line to its closing brace."""
    if text is None:
        with open(path) as f:
            text = f.read()
    lines = text.splitlines()
    code = code_lines(path, text)
    if path.endswith((".py", ".pyx")):
        pattern = re.compile(rf"^(\s*)(?:c?p?def)\s+{re.escape(symbol)}\s*\(")
        for i, line in enumerate(lines):
            match = pattern.match(line)
            if not match:
                continue
            indent, end = len(match.group(1)), i + 1
            while end < len(lines) and (not lines[end].strip() or
                                        len(lines[end]) - len(lines[end].lstrip()) > indent):
                end += 1
            return len([n for n in range(i + 1, end + 1) if n in code])
        raise ValueError(f"{path}: no def {symbol}")
    pattern = re.compile(re.escape(symbol) if symbol.startswith("%")
                         else rf"\b{re.escape(symbol)}\s*\(")
    for i, line in enumerate(lines):
        if not pattern.search(line) or (i + 1) not in code:
            continue
        rest = "\n".join(lines[i:])
        brace, semicolon = rest.find("{"), rest.find(";")
        if brace < 0 or (0 <= semicolon < brace):
            continue            # a declaration or a call, not the definition
        start = i
        while start > 0 and start in code and not lines[start - 1].rstrip().endswith(
                (";", "}", "{", "*/")):
            start -= 1
        depth, end = 0, i
        for end in range(i, len(lines)):
            depth += lines[end].count("{") - lines[end].count("}")
            if depth == 0 and "{" in "\n".join(lines[i:end + 1]):
                break
        return len([n for n in range(start + 1, end + 2) if n in code])
    raise ValueError(f"{path}: no definition of {symbol}")


def module_parts():
    """{module: (file, [files its build makes])} from build/ext/module-parts.txt,
    which the build writes (the Makefile's MODULE_PARTS)."""
    path = os.path.join(harness.BUILD, "ext", "module-parts.txt")
    try:
        with open(path) as f:
            lines = f.read().splitlines()
    except OSError as exc:
        raise RuntimeError(f"{path}: {exc.strerror}: run make first") from exc
    parts = {}
    for line in lines:
        words = line.split()
        if len(words) >= 2:
            parts[words[0]] = (words[1], words[2:])
    return parts


def stripped_kb(path):
    with tempfile.TemporaryDirectory() as scratch:
        out = os.path.join(scratch, "stripped")
        subprocess.run(["strip", "-o", out, path], check=True, capture_output=True)
        return os.path.getsize(out) / 1024


def build_times(modules, parts, results, settings):
    """{module: (net s, low, high)} of a build from clean, by hyperfine."""
    make = f"make -s --no-print-directory -j1 -C {harness.ROOT} PYTHON={harness.PYTHON}"
    commands = {"(nothing to build)": f"{make} {parts[modules[0]][0]}"}
    prepare = {}
    for module in modules:
        file, made = parts[module]
        commands[module] = f"{make} {file}"
        prepare[module] = "rm -rf " + " ".join([file, *made])
    print(f"  ownership: hyperfine: building {len(modules)} modules from clean, "
          f"{settings['runs']} runs each (-j1)", flush=True)
    found = whole_processes.hyperfine(commands, results.file("build.json"),
                                settings["runs"], settings["warmup"], prepare)
    reference = found["(nothing to build)"]
    times = {}
    for module in modules:
        if not os.path.exists(os.path.join(harness.ROOT, parts[module][0])):
            raise RuntimeError(f"{parts[module][0]} is missing after its timed builds")
        r = found[module]
        low, high = stats.median_difference_interval(r["times"], reference["times"])
        times[module] = (r["median"] - reference["median"], low, high)
    return times


def ownership(results, settings):
    parts = module_parts()
    rows, built = [], []
    for binding in registry.BINDINGS:
        path = registry.CALL_PATHS.get(binding.path)
        functions, reason = registry.load_path(path) if path else ({}, "not in this build")
        if reason:
            print(f"  ownership: {binding.name} skipped: {reason}")
            continue
        glue = sum(len(code_lines(os.path.join(harness.ROOT, source)))
                   for source in binding.sources)
        # every kernel its module binds, over all of the module's paths (the
        # C API's class is a path of its own)
        kernels = set(functions)
        for other in registry.CALL_PATHS.values():
            if other.module == path.module and other is not path:
                kernels |= set(registry.load_path(other)[0])
        source, symbol = binding.error_glue
        modules = [m for m in binding.modules if m in parts]
        built += modules
        rows.append({"binding": binding.name, "modules": " ".join(modules),
                     "glue_lines": glue, "kernels": len(kernels),
                     "glue_lines_per_kernel": glue / len(kernels),
                     "error_glue_lines": definition_lines(os.path.join(harness.ROOT, source),
                                                          symbol),
                     "module_kb_stripped": sum(stripped_kb(os.path.join(harness.ROOT,
                                                                        parts[m][0]))
                                               for m in modules) if modules else None,
                     "build_s": None, "build_s_low": None, "build_s_high": None,
                     "build_needs": binding.build_needs})
    if settings and built and not shutil.which("hyperfine"):
        print("  ownership: build times not measured: hyperfine is not installed")
    elif settings and built:
        times = build_times(list(dict.fromkeys(built)), parts, results, settings)
        for row in rows:
            if row["modules"]:
                found = [times[m] for m in row["modules"].split()]
                row["build_s"], row["build_s_low"], row["build_s_high"] = (
                    sum(t[k] for t in found) for k in range(3))
    elif not settings:
        print("  ownership: build times not measured in a QUICK pass")
    return rows


STAGE = stage_cli.Stage("ownership", __spec__.name, "ownership.csv",
                        ownership, SETTINGS)


if __name__ == "__main__":
    sys.exit(STAGE.command())
