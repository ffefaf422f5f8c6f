"""Every built binding called before anything is timed: equal results for
the same arguments (the value returned and what the function wrote into a
writable buffer), and a wrong-type argument refused with an exception.

  check(plan, built, say) -> {path: {function: why not timed}}

Each binding is called in a process of its own (python3 -m
harness.mine.check PLAN PATH), so that a function that crashes takes down
that process only: the crash is blamed on the function that was running and
reported, and the run goes on.  The reference for equality is the first
binding of generate.BINDINGS that has the function (the C API's, then
ctypes'...), so a disagreement names both.  With CHECK=0 the equality check
is off (functions with side effects); the wrong-type call is still made.
"""

import importlib
import json
import math
import signal
import subprocess
import sys

import harness
from harness.mine import arguments, build, generate, plan as plans


def outcome(function, args):
    """(value, [each writable buffer's elements after the call]), or
    ("raised", the exception's class name): the messages are each tool's."""
    real = arguments.realize(args)
    try:
        value = function(*real)
    except Exception as exc:    # noqa: BLE001 (every exception is an outcome)
        return ["raised", type(exc).__name__]
    written = [list(a) for a, given in zip(real, args) if isinstance(given, arguments.Fresh)]
    return [_plain(value), type(value).__name__, written]


def _plain(value):
    if isinstance(value, float) and math.isnan(value):
        return "nan"
    return value


def child(plan_path, path, done=""):
    """In the binding's own process: prints one JSON line per function (but
    those of `done`, comma-separated: checked, or crashed, in an earlier
    process)."""
    plan = plans.load(plan_path)
    from harness.registry import import_dirs  # noqa: F401  (the venv's packages: cppyy)
    sys.path.insert(0, build.LIB)
    functions = {f.name: f for f in plan.parsed().functions}
    module = importlib.import_module(plan.modules[path])
    for name in [n for n in plan.built[path] if n not in done.split(",")]:
        f = functions[name]
        print(json.dumps({"calling": name}), flush=True)
        callable_ = getattr(module, name) if path != generate.FLOOR else \
            _one_call(getattr(module, f"loop_{name}"))
        sets = arguments.check_sets(f, plan.strings, arguments.load_spec(plan.args))
        record = {"function": name,
                  "results": [outcome(callable_, s) for s in sets] if plan.check else [],
                  "sets": [repr(s) for s in sets]}
        bad = arguments.bad_call(f, plan.strings)
        if bad:
            result = outcome(callable_, bad[0])
            record["bad"] = [bad[1], result[0] == "raised", result[1] if result[0] == "raised"
                             else f"returned {result[0]!r}"]
        print(json.dumps(record), flush=True)


def _one_call(loop):
    """The floor's loop as one call: loop_f(1, ...) returns f's result."""
    return lambda *args: loop(1, *args)


def _signal_name(code):
    try:
        return signal.Signals(-code).name
    except ValueError:
        return f"signal {-code}"


def run_child(plan_path, path):
    """{function: record} from the binding's processes, and {function: why}
    for a crash (the function running is blamed, and a new process goes on
    with the functions after it) or a failed import (every function)."""
    records, problems, names = {}, {}, plans.load(plan_path).built[path]
    while True:
        done = subprocess.run([sys.executable, "-m", "harness.mine.check", plan_path, path,
                               ",".join([*records, *problems])],
                              capture_output=True, text=True, cwd=harness.ROOT)
        calling = None
        for line in done.stdout.splitlines():
            try:
                item = json.loads(line)
            except ValueError:
                continue
            if "calling" in item:
                calling = item["calling"]
            else:
                records[item["function"]] = item
                calling = None
        if done.returncode == 0:
            return records, problems
        if done.returncode < 0:
            why = f"crashed the process ({_signal_name(done.returncode)})"
        else:
            lines = [line.strip() for line in done.stderr.splitlines() if line.strip()]
            found = [line for line in lines if "runtime error" in line or "ERROR: " in line]
            why = (f"stopped by the sanitizer: {found[0]}" if found else
                   "raised " + (lines[-1] if lines else "an error"))
        if calling is None:     # the import failed: no function can be called
            problems.update({name: f"its module's import {why}" for name in names
                             if name not in records and name not in problems})
            return records, problems
        problems[calling] = why
        if all(name in records or name in problems for name in names):
            return records, problems


def _same(a, b):
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def check(plan, plan_path, say=print):
    """{path: {function: why it is not timed}} over plan.built."""
    records, refused = {}, {}
    for path in plan.built:
        records[path], refused[path] = run_child(plan_path, path)
        for function, why in refused[path].items():
            say(f"  {path}: {function}: {why}; not timed")
    reference = {}
    for path in plan.built:
        for name, record in records[path].items():
            reference.setdefault(name, (path, record))
    for path in plan.built:
        for name in plan.built[path]:
            if name in refused[path]:
                continue
            record = records[path][name]
            bad = record.get("bad")
            if bad and not bad[1]:
                refused[path][name] = (f"a wrong-type {bad[0]} was not refused: it "
                                       f"{bad[2]}")
            first_path, first = reference[name]
            if first_path != path and not _same(record["results"], first["results"]):
                args, mine, theirs = next(
                    item for item in zip(record["sets"], record["results"], first["results"])
                    if not _same(item[1], item[2]))
                why = f"differs from {first_path} at {args}: {mine!r} against {theirs!r}"
                refused[path][name] = "; ".join(filter(None, (refused[path].get(name), why)))
            if name in refused[path]:
                say(f"  {path}: {name}: {refused[path][name]}; not timed")
    return refused


if __name__ == "__main__":
    child(*sys.argv[1:4])
