"""The code that runs on every interpreter the README names (CPython 3.11 to
3.13t, PyPy's 3.9) calls nothing that only CPython has: `make bench
PYTHONS="debian pypy3"` once died in its choice stage on os.sched_getaffinity,
which PyPy's os lacks.  The CPUs a process may use come from one function,
harness.allowed_cpus(); a CPython-only call anywhere else is held to a
hasattr() guard around it, or is a failure here."""
import ast
import os

import pytest

import harness

# What CPython 3.11 has and PyPy 3.9 (7.3.11) has not, of the modules a
# harness would reach for to ask about the process, the machine or the
# interpreter: found by comparing dir() of each module on the two
# (`python3 -c 'import os; print(dir(os))'` against `pypy3 -c ...`), the
# functions kept.  getattr(module, "name", default) is the portable spelling
# and is not an attribute access, so it passes.
CPYTHON_ONLY = {
    "os": {"sched_getaffinity", "sched_setaffinity", "posix_spawn", "posix_spawnp",
           "pidfd_open", "eventfd", "splice", "copy_file_range", "waitid", "preadv",
           "pwritev", "readv", "writev", "getrandom", "login_tty"},
    "sys": {"getrefcount", "getallocatedblocks", "_current_exceptions", "_debugmallocstats",
            "orig_argv", "stdlib_module_names", "exception"},
    "gc": {"freeze", "unfreeze", "get_freeze_count", "get_count", "get_threshold",
           "set_threshold", "is_tracked", "is_finalized", "callbacks", "get_debug",
           "set_debug"},
    "ctypes": {"pythonapi", "PyDLL", "pydll"},
    "resource": {"RUSAGE_THREAD"},
    "signal": {"pidfd_send_signal", "sigtimedwait", "sigwaitinfo"},
    "threading": {"getprofile", "gettrace"},
    "statistics": {"correlation", "covariance", "linear_regression"},
    "math": {"cbrt", "exp2"},
}
# The one place allowed to ask the kernel for the process's CPUs directly.
PORTABLE = {("harness/__init__.py", "allowed_cpus"), ("harness/__init__.py", "pin_to_cpu")}
# The code every interpreter runs: the harness (make bench runs it on the
# interpreter measured), the run-time bindings and floors it loads, and the
# tests .ci/run runs on each interpreter.
EVERY_INTERPRETER = ("harness", "floors", "ctypes_bindings", "cffi_bindings", "ext")
TESTS_ON_EVERY_INTERPRETER = ("tests/built/test_paths.py", "tests/built/test_interpreters.py",
                              "tests/end_to_end/test_interpreters_bench.py")


def python_files():
    for top in EVERY_INTERPRETER:
        for folder, _, files in os.walk(os.path.join(harness.ROOT, top)):
            yield from (os.path.relpath(os.path.join(folder, f), harness.ROOT)
                        for f in sorted(files) if f.endswith(".py"))
    yield from TESTS_ON_EVERY_INTERPRETER


def _guarded_by(node, module, name):
    """Whether `node` tests hasattr(module, "name")."""
    return any(isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
               and n.func.id == "hasattr" and len(n.args) == 2
               and isinstance(n.args[0], ast.Name) and n.args[0].id == module
               and isinstance(n.args[1], ast.Constant) and n.args[1].value == name
               for n in ast.walk(node))


def unguarded_uses(source, relpath):
    """[(line, "module.name", the enclosing function)] of the CPython-only
    names used in `source` outside PORTABLE and without a hasattr guard (an
    enclosing if, conditional expression or `and` that tests it)."""
    tree = ast.parse(source)
    aliases = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                aliases[a.asname or a.name] = a.name
    found = []

    def visit(node, parents, function):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            function = node.name
        if isinstance(node, ast.ImportFrom) and node.module in CPYTHON_ONLY:
            found.extend((node.lineno, f"{node.module}.{a.name}", function)
                         for a in node.names if a.name in CPYTHON_ONLY[node.module])
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            module = aliases.get(node.value.id)
            if module in CPYTHON_ONLY and node.attr in CPYTHON_ONLY[module] \
                    and (relpath, function) not in PORTABLE:
                guards = [p.test for p in parents if isinstance(p, (ast.If, ast.IfExp))]
                guards += [p for p in parents if isinstance(p, ast.BoolOp)
                           and isinstance(p.op, ast.And)]
                if not any(_guarded_by(g, node.value.id, node.attr) for g in guards):
                    found.append((node.lineno, f"{module}.{node.attr}", function))
        for child in ast.iter_child_nodes(node):
            visit(child, [*parents, node], function)
    visit(tree, [], None)
    return found


@pytest.mark.parametrize("relpath", sorted(set(python_files())))
def test_no_cpython_only_call_without_a_guard(relpath):
    with open(os.path.join(harness.ROOT, relpath)) as f:
        uses = unguarded_uses(f.read(), relpath)
    assert uses == [], (f"{relpath} calls what PyPy does not have: "
                        + "; ".join(f"line {line}: {name}" for line, name, _ in uses)
                        + " (harness.allowed_cpus() for the CPUs, harness.pin_to_cpu() to "
                        "pin; otherwise guard it with hasattr)")


ANY_MODULE = "harness/pipeline/bench.py"      # where the examples below could be


def test_the_check_finds_a_direct_call_and_accepts_a_guarded_one():
    direct = "import os\ndef cpus():\n    return len(os.sched_getaffinity(0))\n"
    aliased = "import sys as s\nx = s.getrefcount(None)\n"
    imported = "from ctypes import pythonapi\n"
    guarded = ("import os\nif hasattr(os, 'sched_setaffinity'):\n"
               "    os.sched_setaffinity(0, {1})\n")
    ternary = "import gc\nn = gc.get_count() if hasattr(gc, 'get_count') else None\n"
    portable = "import os\nx = getattr(os, 'sched_getaffinity', None)\n"
    assert unguarded_uses(direct, ANY_MODULE) == [(3, "os.sched_getaffinity", "cpus")]
    assert unguarded_uses(aliased, ANY_MODULE) == [(2, "sys.getrefcount", None)]
    assert unguarded_uses(imported, ANY_MODULE) == [(1, "ctypes.pythonapi", None)]
    assert unguarded_uses(guarded, ANY_MODULE) == []
    assert unguarded_uses(ternary, ANY_MODULE) == []
    assert unguarded_uses(portable, ANY_MODULE) == []
    assert unguarded_uses(direct.replace("cpus", "allowed_cpus"), "harness/__init__.py") == []


def test_allowed_cpus_reads_the_kernels_list_where_os_cannot(monkeypatch):
    """PyPy's path: /proc/self/status's Cpus_allowed_list, ranges and all."""
    mine = harness.allowed_cpus()
    assert mine and mine == sorted(mine)
    monkeypatch.delattr(os, "sched_getaffinity")
    assert harness.allowed_cpus() == mine
    monkeypatch.delattr(os, "sched_setaffinity")
    assert harness.pin_to_cpu(mine[0]) is False
